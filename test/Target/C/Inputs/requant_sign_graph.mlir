// The graph of requant-helpers.test's mcunet_requant_mmla: a 3x3
// convolution (im2col) without activation whose output zero point (5) is
// above the clamp's lower bound (-128), so the requantization keeps its
// rounding's sign correction. Weights drawn once at random (seed 11).
func.func @main(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x4x4x3x!quant.uniform<i8:f32, 0.07:5>> {
  %w = te.constant dense<[[[[-3, 50], [11, 49], [58, 39]], [[-1, -3], [5, 49], [15, -36]], [[-37, 42], [5, 0], [20, 18]]], [[[41, -37], [-48, -3], [-22, -42]], [[-49, 8], [43, 53], [28, 21]], [[-55, 16], [-10, -3], [23, 34]]], [[[18, 23], [-40, 19], [-59, 46]], [[7, -52], [-53, -56], [-36, 52]], [[-30, 16], [-57, 39], [-1, -19]]]]> : tensor<3x3x3x2xi8> -> tensor<3x3x3x2x!quant.uniform<i8:f32, 0.02>>
  %b = te.constant dense<[25, 102, -100]> : tensor<3xi32> -> tensor<3x!quant.uniform<i32:f32, 0.001>>
  %c = te.conv2d %x, %w, %b {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.05:3>>, tensor<3x3x3x2x!quant.uniform<i8:f32, 0.02>>, tensor<3x!quant.uniform<i32:f32, 0.001>>) -> tensor<1x4x4x3x!quant.uniform<i8:f32, 0.07:5>> loc("conv")
  return %c : tensor<1x4x4x3x!quant.uniform<i8:f32, 0.07:5>>
}
