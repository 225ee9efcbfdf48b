// Two 1x1 convolutions whose requantization cannot take the cheapest
// helper, mcunet_requant_mmla with the output zero point folded in
// (requant-choice.test):
// - "wide": channel 0's bias is 2^30, so its accumulator is not bounded
//   below 2^30 and 2x could overflow: the layer falls back to
//   mcunet_requant_fast1 (its shifts are 1 and 5);
// - "deep": both channels shift right by 24 (0.1 * 7e-9 / 0.02 = 3.5e-8 =
//   0.587 * 2^-24) and the output zero point is -128: offset =
//   2^23 - 128 * 2^24 does not fit an int32 with the accumulator's bound, so
//   the zero point is added after mcunet_requant_mmla. Its biases put the
//   accumulators on both sides of a rounding boundary (31.5 and 24.5).
func.func @main(%x: tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.02:-128>> {
  %w = te.constant dense<[[[[12, -7, 33, -100]]], [[[90, 4, -5, 61]]]]> : tensor<2x1x1x4xi8> -> tensor<2x1x1x4x!quant.uniform<i8:f32:0, {0.06, 0.004}>>
  %b = te.constant dense<[1073741824, -250]> : tensor<2xi32> -> tensor<2x!quant.uniform<i32:f32:0, {0.03, 0.002}>>
  %y = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:1>>, tensor<2x1x1x4x!quant.uniform<i8:f32:0, {0.06, 0.004}>>, tensor<2x!quant.uniform<i32:f32:0, {0.03, 0.002}>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:-4>> loc("wide")
  %w2 = te.constant dense<[[[[120, -97]]], [[[-128, 127]]]]> : tensor<2x1x1x2xi8> -> tensor<2x1x1x2x!quant.uniform<i8:f32:0, {7.0e-9, 7.0e-9}>>
  %b2 = te.constant dense<[899990000, 700015000]> : tensor<2xi32> -> tensor<2x!quant.uniform<i32:f32:0, {7.0e-10, 7.0e-10}>>
  %z = te.conv2d %y, %w2, %b2 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:-4>>, tensor<2x1x1x2x!quant.uniform<i8:f32:0, {7.0e-9, 7.0e-9}>>, tensor<2x!quant.uniform<i32:f32:0, {7.0e-10, 7.0e-10}>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.02:-128>> loc("deep")
  return %z : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.02:-128>>
}
