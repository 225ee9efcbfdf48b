// The graph of fully-connected-bitexact.test: two fully connected layers
// for the specialized kernel (te.kernel = "fully_connected"). A: 3 rows
// (one two-row block and an odd row) of 10 values (not a multiple of 4)
// to 5 channels (an odd one), input zero point -7, with bias. B: 5 values
// to 3 channels without bias, clamped. Weights drawn once at random
// (seed 13).
func.func @main(%x: tensor<3x10x!quant.uniform<i8:f32, 0.03:-7>>) -> tensor<3x3x!quant.uniform<i8:f32, 0.05:-128>> {
  %w = te.constant dense<[[-4, 4, -23, -11, -33, -13, -23, -37, -52, 66], [-16, 5, -63, 40, -38, -67, 0, -33, -49, -3], [45, 41, -35, -5, 21, -11, 54, 70, 39, 23], [40, 10, -40, 18, -3, 44, -36, 42, 43, 67], [-25, 5, -19, -25, 63, 21, -6, 25, 47, -3]]> : tensor<5x10xi8> -> tensor<5x10x!quant.uniform<i8:f32:0, {0.011, 0.014, 0.009, 0.016, 0.012}>>
  %b = te.constant dense<[220, -114, 5, -267, 191]> : tensor<5xi32> -> tensor<5x!quant.uniform<i32:f32:0, {0.00033, 0.00042, 0.00027, 0.00048, 0.00036}>>
  %a = te.fully_connected %x, %w, %b : (tensor<3x10x!quant.uniform<i8:f32, 0.03:-7>>, tensor<5x10x!quant.uniform<i8:f32:0, {0.011, 0.014, 0.009, 0.016, 0.012}>>, tensor<5x!quant.uniform<i32:f32:0, {0.00033, 0.00042, 0.00027, 0.00048, 0.00036}>>) -> tensor<3x5x!quant.uniform<i8:f32, 0.04:3>> loc("fc1")
  %w2 = te.constant dense<[[55, 70, -10, -10, -21], [23, -37, -52, 40, 48], [29, -70, 38, -59, -13]]> : tensor<3x5xi8> -> tensor<3x5x!quant.uniform<i8:f32:0, {0.02, 0.018, 0.025}>>
  %y = te.fully_connected %a, %w2 {act_min = -128 : i64, act_max = 40 : i64} : (tensor<3x5x!quant.uniform<i8:f32, 0.04:3>>, tensor<3x5x!quant.uniform<i8:f32:0, {0.02, 0.018, 0.025}>>) -> tensor<3x3x!quant.uniform<i8:f32, 0.05:-128>> loc("fc2")
  return %y : tensor<3x3x!quant.uniform<i8:f32, 0.05:-128>>
}
