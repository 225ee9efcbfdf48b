// The graph of elementwise-bitexact.test: te.add of two same-shape int8
// tensors with different scales and zero points (the inputs rescale with
// right shifts of 0 and 1, the sum with 19), a te.mul broadcasting a
// per-channel constant whose product rescales with a right shift, and a
// te.mul whose rescaling shifts left (s1 * s2 / s_out = 2.5: the helper
// that saturates), then a clamped add. %y is a constant drawn once at
// random (seed 29).
func.func @main(%x: tensor<1x3x3x4x!quant.uniform<i8:f32, 0.05:-3>>) -> tensor<1x3x3x4x!quant.uniform<i8:f32, 0.2:-6>> {
  %y = te.constant dense<[[[[-90, 49, 19, -84], [48, 73, 84, -119], [-112, -75, 99, -13]], [[50, -85, 126, 40], [86, -26, 100, -41], [-16, 94, 80, -28]], [[88, 24, 14, -16], [82, 113, -55, 29], [25, 113, 75, -78]]]]> : tensor<1x3x3x4xi8> -> tensor<1x3x3x4x!quant.uniform<i8:f32, 0.1:7>>
  %a = te.add %x, %y : (tensor<1x3x3x4x!quant.uniform<i8:f32, 0.05:-3>>, tensor<1x3x3x4x!quant.uniform<i8:f32, 0.1:7>>) -> tensor<1x3x3x4x!quant.uniform<i8:f32, 0.12:2>> loc("sum")
  %c = te.constant dense<[[[[-7, 20, 113, -90]]]]> : tensor<1x1x1x4xi8> -> tensor<1x1x1x4x!quant.uniform<i8:f32, 0.02:3>>
  %m = te.mul %a, %c : (tensor<1x3x3x4x!quant.uniform<i8:f32, 0.12:2>>, tensor<1x1x1x4x!quant.uniform<i8:f32, 0.02:3>>) -> tensor<1x3x3x4x!quant.uniform<i8:f32, 0.03:-1>> loc("scale")
  %n = te.mul %m, %y : (tensor<1x3x3x4x!quant.uniform<i8:f32, 0.03:-1>>, tensor<1x3x3x4x!quant.uniform<i8:f32, 0.1:7>>) -> tensor<1x3x3x4x!quant.uniform<i8:f32, 0.0012:0>> loc("gain")
  %z = te.add %n, %x {act_min = -128 : i64, act_max = 50 : i64} : (tensor<1x3x3x4x!quant.uniform<i8:f32, 0.0012:0>>, tensor<1x3x3x4x!quant.uniform<i8:f32, 0.05:-3>>) -> tensor<1x3x3x4x!quant.uniform<i8:f32, 0.2:-6>> loc("out")
  return %z : tensor<1x3x3x4x!quant.uniform<i8:f32, 0.2:-6>>
}
