// A 1x1 convolution whose two-pixel int16 columns have both parts: one
// group of four input channels and two channels left over (6 inputs), over
// 5 pixels (an odd one left) to 3 channels (an odd one left)
// (pointwise-columns.test). Weights and biases drawn once at random
// (seed 31).
func.func @main(%x: tensor<1x1x5x6x!quant.uniform<i8:f32, 0.05:-7>>) -> tensor<1x1x5x3x!quant.uniform<i8:f32, 0.08:4>> {
  %w = te.constant dense<[[[[-124, -7, -99, 68, -27, -91]]], [[[48, -116, -92, 116, -99, 10]]], [[[-68, 55, 66, -92, -90, 124]]]]> : tensor<3x1x1x6xi8> -> tensor<3x1x1x6x!quant.uniform<i8:f32:0, {0.011, 0.017, 0.009}>>
  %b = te.constant dense<[-2729, 2424, -2504]> : tensor<3xi32> -> tensor<3x!quant.uniform<i32:f32:0, {0.00055, 0.00085, 0.00045}>>
  %y = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x1x5x6x!quant.uniform<i8:f32, 0.05:-7>>, tensor<3x1x1x6x!quant.uniform<i8:f32:0, {0.011, 0.017, 0.009}>>, tensor<3x!quant.uniform<i32:f32:0, {0.00055, 0.00085, 0.00045}>>) -> tensor<1x1x5x3x!quant.uniform<i8:f32, 0.08:4>> loc("pw")
  return %y : tensor<1x1x5x3x!quant.uniform<i8:f32, 0.08:4>>
}
