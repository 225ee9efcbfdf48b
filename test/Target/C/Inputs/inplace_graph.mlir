// The graph of inplace-bitexact.test: a 1x1 conv, a stride-1 depthwise conv
// (in place over the conv's output), a 1x1 projection, a residual add of
// the input, a stride-2 depthwise conv (in place over the sum, whose
// 8 x 8 channel of scratch equals its 4x4x4 output) and a requantization
// (in place). Weights and biases were drawn once at random (seed 5).
func.func @main(%x: tensor<1x8x8x4x!quant.uniform<i8:f32, 0.05:-3>>) -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.08:7>> {
  %w0 = te.constant dense<[[[[19, -4, -44, -44]]], [[[-60, 51, -60, -34]]], [[[39, -33, -39, 51]]], [[[-39, -23, -20, -35]]], [[[9, 52, 26, 20]]], [[[-34, -37, 60, 28]]], [[[-35, 54, -11, -22]]], [[[-58, -14, -7, -39]]]]> : tensor<8x1x1x4xi8> -> tensor<8x1x1x4x!quant.uniform<i8:f32:0, {0.0225, 0.0248, 0.0259, 0.0288, 0.0248, 0.0284, 0.0106, 0.0193}>>
  %b0 = te.constant dense<[-126, -65, -167, -31, -46, 108, 100, -199]> : tensor<8xi32> -> tensor<8x!quant.uniform<i32:f32:0, {0.001125, 0.00124, 0.001295, 0.00144, 0.00124, 0.00142, 0.00053, 0.000965}>>
  %c0 = te.conv2d %x, %w0, %b0 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, act_min = -128 : i64, act_max = 22 : i64}
      : (tensor<1x8x8x4x!quant.uniform<i8:f32, 0.05:-3>>, tensor<8x1x1x4x!quant.uniform<i8:f32:0, {0.0225, 0.0248, 0.0259, 0.0288, 0.0248, 0.0284, 0.0106, 0.0193}>>, tensor<8x!quant.uniform<i32:f32:0, {0.001125, 0.00124, 0.001295, 0.00144, 0.00124, 0.00142, 0.00053, 0.000965}>>) -> tensor<1x8x8x8x!quant.uniform<i8:f32, 0.04:-128>> loc("expand")
  %w1 = te.constant dense<[[[16, 26, 30, -17, -52, -21, -15, 44], [-21, 1, 29, -20, -37, 1, 0, 30], [-38, -53, -28, 60, -58, 35, -15, 48]], [[-9, -58, 10, 40, -7, -14, -12, 14], [47, -59, -3, -55, 30, -37, 19, -35], [-45, 36, -29, 58, 44, 60, -1, -16]], [[5, -15, 54, 7, -28, 39, -1, -47], [15, 35, 39, 42, -13, 50, -23, -56], [-5, -49, -34, -17, 5, 18, -14, 57]]]> : tensor<3x3x8xi8> -> tensor<3x3x8x!quant.uniform<i8:f32:2, {0.0483, 0.0395, 0.047, 0.0234, 0.0341, 0.0274, 0.0363, 0.0372}>>
  %b1 = te.constant dense<[-125, -26, -59, 159, 79, -153, -41, 151]> : tensor<8xi32> -> tensor<8x!quant.uniform<i32:f32:0, {0.001932, 0.00158, 0.00188, 0.000936, 0.001364, 0.001096, 0.001452, 0.001488}>>
  %d1 = te.depthwise_conv2d %c0, %w1, %b1 {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x8x8x8x!quant.uniform<i8:f32, 0.04:-128>>, tensor<3x3x8x!quant.uniform<i8:f32:2, {0.0483, 0.0395, 0.047, 0.0234, 0.0341, 0.0274, 0.0363, 0.0372}>>, tensor<8x!quant.uniform<i32:f32:0, {0.001932, 0.00158, 0.00188, 0.000936, 0.001364, 0.001096, 0.001452, 0.001488}>>) -> tensor<1x8x8x8x!quant.uniform<i8:f32, 0.06:-100>> loc("dw_s1")
  %w2 = te.constant dense<[[[[-20, -21, -38, 42, -50, 20, -41, 32]]], [[[28, -21, 1, -40, 32, -54, -50, 16]]], [[[8, 58, -9, -56, -30, 34, 16, -16]]], [[[45, -28, -2, 23, -7, -42, -53, 57]]]]> : tensor<4x1x1x8xi8> -> tensor<4x1x1x8x!quant.uniform<i8:f32:0, {0.0103, 0.0143, 0.0156, 0.0283}>>
  %b2 = te.constant dense<[126, -184, 52, -29]> : tensor<4xi32> -> tensor<4x!quant.uniform<i32:f32:0, {0.000618, 0.000858, 0.000936, 0.001698}>>
  %p1 = te.conv2d %d1, %w2, %b2 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x8x8x8x!quant.uniform<i8:f32, 0.06:-100>>, tensor<4x1x1x8x!quant.uniform<i8:f32:0, {0.0103, 0.0143, 0.0156, 0.0283}>>, tensor<4x!quant.uniform<i32:f32:0, {0.000618, 0.000858, 0.000936, 0.001698}>>) -> tensor<1x8x8x4x!quant.uniform<i8:f32, 0.07:5>> loc("project")
  %a = te.add %p1, %x : (tensor<1x8x8x4x!quant.uniform<i8:f32, 0.07:5>>, tensor<1x8x8x4x!quant.uniform<i8:f32, 0.05:-3>>) -> tensor<1x8x8x4x!quant.uniform<i8:f32, 0.09:-2>> loc("residual")
  %w3 = te.constant dense<[[[47, -34, -44, 33], [12, -44, 20, 54], [40, -8, -47, -39]], [[-5, -13, -41, -53], [48, -7, -23, -42], [-2, 58, 19, 49]], [[-39, 6, -2, 2], [28, 33, -20, 1], [-25, -23, 0, -9]]]> : tensor<3x3x4xi8> -> tensor<3x3x4x!quant.uniform<i8:f32:2, {0.043, 0.0248, 0.0439, 0.0242}>>
  %b3 = te.constant dense<[-125, -143, -7, 72]> : tensor<4xi32> -> tensor<4x!quant.uniform<i32:f32:0, {0.00387, 0.002232, 0.003951, 0.002178}>>
  %d2 = te.depthwise_conv2d %a, %w3, %b3 {pad = array<i64: 0, 0, 1, 1>, stride = array<i64: 2, 2>}
      : (tensor<1x8x8x4x!quant.uniform<i8:f32, 0.09:-2>>, tensor<3x3x4x!quant.uniform<i8:f32:2, {0.043, 0.0248, 0.0439, 0.0242}>>, tensor<4x!quant.uniform<i32:f32:0, {0.00387, 0.002232, 0.003951, 0.002178}>>) -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.11:-20>> loc("dw_s2")
  %r = te.quantize %d2 : tensor<1x4x4x4x!quant.uniform<i8:f32, 0.11:-20>> -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.08:7>> loc("requant")
  return %r : tensor<1x4x4x4x!quant.uniform<i8:f32, 0.08:7>>
}
