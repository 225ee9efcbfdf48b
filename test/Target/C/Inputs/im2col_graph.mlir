// The graph of im2col-bitexact.test: two convolutions for the im2col
// kernel. A: 3x3, stride 2, asymmetric padding [1, 0, 0, 1], 3 input
// channels (a 27-value column, padded to 28), 5 output channels, 9 output
// pixels (odd channel and odd pixel remainders), input zero point 5.
// B: 2x2 window with dilation 2, padding 1 on every side, no bias, a
// 20-value column, clamped output. Weights drawn once at random (seed 11).
func.func @main(%x: tensor<1x7x6x3x!quant.uniform<i8:f32, 0.02:5>>) -> tensor<1x3x3x4x!quant.uniform<i8:f32, 0.07:-128>> {
  %wa = te.constant dense<[[[[-3, 50, 11], [49, 58, 39], [-1, -3, 5]], [[49, 15, -36], [-37, 42, 5], [0, 20, 18]], [[41, -37, -48], [-3, -22, -42], [-49, 8, 43]]], [[[53, 28, 21], [-55, 16, -10], [-3, 23, 34]], [[18, 23, -40], [19, -59, 46], [7, -52, -53]], [[-56, -36, 52], [-30, 16, -57], [39, -1, -19]]], [[[-4, 15, 47], [-35, 6, -31], [21, -23, 3]], [[-60, 24, -50], [-2, 23, -25], [-8, 10, 59]], [[47, -50, 30], [-28, -20, 37], [-31, 5, -24]]], [[[-57, -52, 12], [38, -47, -9], [-47, 48, -23]], [[-11, -52, -58], [48, 27, -60], [-33, -34, 58]], [[56, -54, 0], [-12, 30, -10], [-7, -51, 12]]], [[[20, -35, 39], [26, -26, -17], [-49, -21, -18]], [[-59, -8, 37], [58, -45, -43], [-29, 30, -48]], [[-59, -53, -1], [42, 2, -38], [27, 11, -36]]]]> : tensor<5x3x3x3xi8> -> tensor<5x3x3x3x!quant.uniform<i8:f32:0, {0.011, 0.013, 0.009, 0.017, 0.012}>>
  %ba = te.constant dense<[158, 221, -105, -166, 129]> : tensor<5xi32> -> tensor<5x!quant.uniform<i32:f32:0, {0.00022, 0.00026, 0.00018, 0.00034, 0.00024}>>
  %a = te.conv2d %x, %wa, %ba {pad = array<i64: 1, 0, 0, 1>, stride = array<i64: 2, 2>}
      : (tensor<1x7x6x3x!quant.uniform<i8:f32, 0.02:5>>, tensor<5x3x3x3x!quant.uniform<i8:f32:0, {0.011, 0.013, 0.009, 0.017, 0.012}>>, tensor<5x!quant.uniform<i32:f32:0, {0.00022, 0.00026, 0.00018, 0.00034, 0.00024}>>) -> tensor<1x3x3x5x!quant.uniform<i8:f32, 0.05:-2>> loc("first")
  %wb = te.constant dense<[[[[22, -11, -46, -10, -7], [-33, -60, -26, 50, 42]], [[15, -22, 53, -58, -34], [-37, -10, 49, 17, 22]]], [[[13, -48, -55, -42, -33], [-4, -27, -59, 38, 18]], [[-18, 46, -23, -11, -51], [-51, -49, -34, 14, 21]]], [[[-29, -59, 16, -13, -13], [19, -2, -44, 15, 1]], [[46, 13, -43, 50, -11], [-37, 20, -41, -21, 56]]], [[[-31, 44, 18, -29, 32], [-36, -40, 34, 20, 60]], [[10, -35, 27, -11, 52], [1, 17, -50, -7, -54]]]]> : tensor<4x2x2x5xi8> -> tensor<4x2x2x5x!quant.uniform<i8:f32:0, {0.021, 0.015, 0.019, 0.013}>>
  %b = te.conv2d %a, %wb {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 2, 2>, act_min = -128 : i64, act_max = 90 : i64}
      : (tensor<1x3x3x5x!quant.uniform<i8:f32, 0.05:-2>>, tensor<4x2x2x5x!quant.uniform<i8:f32:0, {0.021, 0.015, 0.019, 0.013}>>) -> tensor<1x3x3x4x!quant.uniform<i8:f32, 0.07:-128>> loc("dilated")
  return %b : tensor<1x3x3x4x!quant.uniform<i8:f32, 0.07:-128>>
}
