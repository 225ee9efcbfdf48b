// A 1x1 convolution whose two channels requantize with a right shift of 0
// (0.5 * 0.12 / 0.1 = 0.6 = 0.6 * 2^0) and of 5 (0.5 * 0.004 / 0.1 =
// 0.02 = 0.64 * 2^-5): a channel does not shift right, so the kernel
// requantizes with mcunet_requant_down (requant-helpers.test).
func.func @main(%x: tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:-4>> {
  %w = te.constant dense<[[[[12, -7, 33, -100]]], [[[90, 4, -5, 61]]]]> : tensor<2x1x1x4xi8> -> tensor<2x1x1x4x!quant.uniform<i8:f32:0, {0.12, 0.004}>>
  %b = te.constant dense<[17, -250]> : tensor<2xi32> -> tensor<2x!quant.uniform<i32:f32:0, {0.06, 0.002}>>
  %y = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:1>>, tensor<2x1x1x4x!quant.uniform<i8:f32:0, {0.12, 0.004}>>, tensor<2x!quant.uniform<i32:f32:0, {0.06, 0.002}>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:-4>> loc("mixed")
  return %y : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:-4>>
}
