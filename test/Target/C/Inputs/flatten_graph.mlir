// The graph of flatten-fold-bitexact.test: PyTorch's flatten of an NCHW
// tensor feeding a fully connected layer (transpose NHWC -> NCHW, reshape
// to 1x24), which canonicalization turns into a flatten of the NHWC tensor
// with permuted weight columns. Weights drawn once at random (seed 31).
func.func @main(%x: tensor<1x2x3x4x!quant.uniform<i8:f32, 0.05:-3>>) -> tensor<1x3x!quant.uniform<i8:f32, 0.2:4>> {
  %t = te.transpose %x {perm = array<i64: 0, 3, 1, 2>} : tensor<1x2x3x4x!quant.uniform<i8:f32, 0.05:-3>> -> tensor<1x4x2x3x!quant.uniform<i8:f32, 0.05:-3>> loc("nchw")
  %r = te.reshape %t : tensor<1x4x2x3x!quant.uniform<i8:f32, 0.05:-3>> -> tensor<1x24x!quant.uniform<i8:f32, 0.05:-3>> loc("flatten")
  %w = te.constant dense<[[-97, 20, -72, 95, 0, -64, 75, -89, -65, -72, 37, -41, 82, 93, -65, -63, 89, -92, 69, -85, -66, -41, 37, 87], [14, 34, 5, -48, 51, -77, -70, -95, 97, 3, -13, -50, -48, -16, 0, -7, 52, -37, -47, 85, -45, 6, 49, 69], [40, -85, -87, -54, -9, -66, -48, -63, -4, -93, -78, 88, 35, 12, 66, -45, -47, 10, 86, -6, -51, -16, 64, -44]]> : tensor<3x24xi8> -> tensor<3x24x!quant.uniform<i8:f32:0, {0.011, 0.013, 0.009}>>
  %y = te.fully_connected %r, %w : (tensor<1x24x!quant.uniform<i8:f32, 0.05:-3>>, tensor<3x24x!quant.uniform<i8:f32:0, {0.011, 0.013, 0.009}>>) -> tensor<1x3x!quant.uniform<i8:f32, 0.2:4>> loc("fc")
  return %y : tensor<1x3x!quant.uniform<i8:f32, 0.2:4>>
}
