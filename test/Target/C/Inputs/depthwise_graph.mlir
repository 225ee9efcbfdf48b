// The graph of depthwise-bitexact.test: the specialized depthwise kernel's
// three ways. A: 3x3 stride 1 over 7 columns (three pairs through
// mcunet_dw3x3_s1_x2, then the odd last column one tap at a time), padding
// 1, input zero point 6. B: 3x3 stride 2 with asymmetric padding [0, 1, 1,
// 0] over 5x7 to 2x3 (a pair and the odd one, mcunet_dw3x3_s2_x2). C:
// 5x5 stride 1, padding 2 (one output at a time), no bias, clamped.
// Weights drawn once at random (seed 17).
func.func @main(%x: tensor<1x5x7x3x!quant.uniform<i8:f32, 0.04:6>>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.07:-128>> {
  %wa = te.constant dense<[[[6, -7, 43], [-22, -14, -23], [-38, 38, 30]], [[30, 9, 24], [-25, -46, 57], [-57, -29, -11]], [[44, 35, -7], [-28, 50, 4], [42, -20, 21]]]> : tensor<3x3x3xi8> -> tensor<3x3x3x!quant.uniform<i8:f32:2, {0.021, 0.017, 0.025}>>
  %ba = te.constant dense<[111, -160, 264]> : tensor<3xi32> -> tensor<3x!quant.uniform<i32:f32:0, {0.00084, 0.00068, 0.001}>>
  %a = te.depthwise_conv2d %x, %wa, %ba {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x5x7x3x!quant.uniform<i8:f32, 0.04:6>>, tensor<3x3x3x!quant.uniform<i8:f32:2, {0.021, 0.017, 0.025}>>, tensor<3x!quant.uniform<i32:f32:0, {0.00084, 0.00068, 0.001}>>) -> tensor<1x5x7x3x!quant.uniform<i8:f32, 0.05:-3>> loc("dw_s1")
  %wb = te.constant dense<[[[-53, -43, 44], [41, 52, -35], [-41, 52, 30]], [[8, 11, 42], [27, -34, -18], [9, -45, 52]], [[31, 21, -52], [-21, -8, -50], [4, 60, 49]]]> : tensor<3x3x3xi8> -> tensor<3x3x3x!quant.uniform<i8:f32:2, {0.019, 0.023, 0.016}>>
  %bb = te.constant dense<[185, -155, 118]> : tensor<3xi32> -> tensor<3x!quant.uniform<i32:f32:0, {0.00095, 0.00115, 0.0008}>>
  %b = te.depthwise_conv2d %a, %wb, %bb {pad = array<i64: 0, 1, 1, 0>, stride = array<i64: 2, 2>}
      : (tensor<1x5x7x3x!quant.uniform<i8:f32, 0.05:-3>>, tensor<3x3x3x!quant.uniform<i8:f32:2, {0.019, 0.023, 0.016}>>, tensor<3x!quant.uniform<i32:f32:0, {0.00095, 0.00115, 0.0008}>>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.06:2>> loc("dw_s2")
  %wc = te.constant dense<[[[44, 4, 57], [-17, -58, -5], [-13, 13, -54], [54, 36, 34], [-15, -54, 1]], [[-13, 14, 39], [-60, 51, -9], [-30, -46, 11], [-33, -29, 7], [-14, -53, -26]], [[-52, 40, -25], [-36, 35, 17], [46, 11, 8], [10, 55, -44], [-28, 24, -21]], [[57, -16, -20], [-39, -18, -48], [56, 13, 14], [40, -26, -18], [-59, -54, 36]], [[-16, -58, -1], [35, -26, 0], [21, -54, 33], [-35, -21, -27], [-51, 35, 31]]]> : tensor<5x5x3xi8> -> tensor<5x5x3x!quant.uniform<i8:f32:2, {0.02, 0.018, 0.022}>>
  %c = te.depthwise_conv2d %b, %wc {pad = array<i64: 2, 2, 2, 2>, stride = array<i64: 1, 1>, act_min = -128 : i64, act_max = 70 : i64}
      : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.06:2>>, tensor<5x5x3x!quant.uniform<i8:f32:2, {0.02, 0.018, 0.022}>>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.07:-128>> loc("dw_5x5")
  return %c : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.07:-128>>
}
