// The graph of specialized-bitexact.test: a 1x1 convolution over an odd
// number of pixels (9) to an odd number of channels (5), then a 3x3
// stride-2 depthwise convolution with padding 1. Weights drawn
// once at random (seed 7).
func.func @main(%x: tensor<1x3x3x4x!quant.uniform<i8:f32, 0.05:-3>>) -> tensor<1x2x2x5x!quant.uniform<i8:f32, 0.06:-10>> {
  %w0 = te.constant dense<[[[[-19, -41, -10, 23]]], [[[-54, -51, 45, 8]]], [[[-48, -14, 14, -53]]], [[[56, 4, -33, -56]]], [[[-49, -5, -7, -52]]]]> : tensor<5x1x1x4xi8> -> tensor<5x1x1x4x!quant.uniform<i8:f32:0, {0.0265, 0.0125, 0.0145, 0.0225, 0.029}>>
  %b0 = te.constant dense<[-77, -154, 82, 17, -170]> : tensor<5xi32> -> tensor<5x!quant.uniform<i32:f32:0, {0.001325, 0.000625, 0.000725, 0.001125, 0.00145}>>
  %c0 = te.conv2d %x, %w0, %b0 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, act_min = -128 : i64, act_max = 60 : i64}
      : (tensor<1x3x3x4x!quant.uniform<i8:f32, 0.05:-3>>, tensor<5x1x1x4x!quant.uniform<i8:f32:0, {0.0265, 0.0125, 0.0145, 0.0225, 0.029}>>, tensor<5x!quant.uniform<i32:f32:0, {0.001325, 0.000625, 0.000725, 0.001125, 0.00145}>>) -> tensor<1x3x3x5x!quant.uniform<i8:f32, 0.04:-128>> loc("pw")
  %w1 = te.constant dense<[[[13, 14, -10, -54, -32], [-55, 11, 49, -43, -23], [-7, -42, 9, -45, 13]], [[-21, 11, 44, 27, -37], [-47, 14, 13, 21, -36], [-13, -48, 10, 31, -52]], [[12, -53, 19, -34, 3], [27, 8, -6, 39, -20], [-1, 14, 58, -2, -14]]]> : tensor<3x3x5xi8> -> tensor<3x3x5x!quant.uniform<i8:f32:2, {0.0273, 0.0372, 0.0358, 0.0463, 0.0419}>>
  %b1 = te.constant dense<[-47, -73, -108, 157, 199]> : tensor<5xi32> -> tensor<5x!quant.uniform<i32:f32:0, {0.001092, 0.001488, 0.001432, 0.001852, 0.001676}>>
  %d1 = te.depthwise_conv2d %c0, %w1, %b1 {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>}
      : (tensor<1x3x3x5x!quant.uniform<i8:f32, 0.04:-128>>, tensor<3x3x5x!quant.uniform<i8:f32:2, {0.0273, 0.0372, 0.0358, 0.0463, 0.0419}>>, tensor<5x!quant.uniform<i32:f32:0, {0.001092, 0.001488, 0.001432, 0.001852, 0.001676}>>) -> tensor<1x2x2x5x!quant.uniform<i8:f32, 0.06:-10>> loc("dw")
  return %d1 : tensor<1x2x2x5x!quant.uniform<i8:f32, 0.06:-10>>
}
