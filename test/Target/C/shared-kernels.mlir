// RUN: mcunet-opt --te-default-pipeline -mlir-print-debuginfo %s -o %t.mlir
// RUN: mcunet-translate --mlir-to-c %t.mlir | FileCheck %s

// Tests that layers with the same kernel, shapes and quantization (a and b:
// 1x1 convolutions with the same input, weight and output scales and zero
// points, different weights) share one copy of their code, k01_conv, which
// each calls with its own arrays, and that a layer with a fused activation
// (c: a clamp to [2, 90]) keeps its own code. (Another output zero point
// alone would not keep c apart: mcunet_requant_mmla takes it from the
// offset field.) The arrays: the filter pairs and one record per channel
// (twice the bias, multiplier, offset, shift). Weights drawn once at random (seed
// 23). shared-kernels-run.test runs it.

// CHECK:      * k01_conv: one copy of the code of layers 1 and 2
// CHECK-NEXT: * (the same kernel, shapes and quantization); each passes its own constant
// CHECK:      MCUNET_LAYER void k01_conv(const int8_t *input, int8_t *output, int8_t *scratch, const int8_t *t0, const int32_t *t1) {
// CHECK-NEXT:   const int8_t *w = t0;
// CHECK-NEXT:   const int32_t *chan = t1; /* per channel: 2 x bias, multiplier, offset, right */
// CHECK:      MCUNET_LAYER void l01_conv_a(const int8_t *input, int8_t *output, int8_t *scratch) {
// CHECK-NEXT:   k01_conv(input, output, scratch, model_l01_conv_a_weights_pairs, model_l01_conv_a_channels);
// CHECK-NEXT: }
// CHECK:      MCUNET_LAYER void l02_conv_b(const int8_t *input, int8_t *output, int8_t *scratch) {
// CHECK-NEXT:   k01_conv(input, output, scratch, model_l02_conv_b_weights_pairs, model_l02_conv_b_channels);
// CHECK-NEXT: }
// CHECK:      MCUNET_LAYER void l03_conv_c(const int8_t *input, int8_t *output, int8_t *scratch) {
// CHECK-NEXT:   const int8_t *w = model_l03_conv_c_weights_pairs;
// CHECK-NOT:  k02_

func.func @main(%x: tensor<1x4x4x8x!quant.uniform<i8:f32, 0.05:-3>>) -> tensor<1x4x4x8x!quant.uniform<i8:f32, 0.07:2>> {
  %wa = te.constant dense<[[[[58, 39, -23, 54, 46, -50, -58, 15]]], [[[-21, -6, -12, 7, -15, -44, 32, -36]]], [[[-26, -4, -59, -32, 19, -2, 55, -57]]], [[[-47, -50, 30, 3, -7, -58, 5, 20]]], [[[33, -5, -15, 38, -53, -34, 40, -56]]], [[[15, -13, 24, -38, 19, -33, 34, -14]]], [[[12, 37, 50, -13, 13, -24, 24, -20]]], [[[13, -50, 44, 0, -38, 31, 1, 15]]]]> : tensor<8x1x1x8xi8> -> tensor<8x1x1x8x!quant.uniform<i8:f32:0, {0.011, 0.013, 0.009, 0.017, 0.012, 0.015, 0.01, 0.014}>>
  %ba = te.constant dense<[158, -133, -114, -118, 246, 31, 232, -100]> : tensor<8xi32> -> tensor<8x!quant.uniform<i32:f32:0, {0.00055, 0.00065, 0.00045, 0.00085, 0.0006, 0.00075, 0.0005, 0.0007}>>
  %a = te.conv2d %x, %wa, %ba {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x8x!quant.uniform<i8:f32, 0.05:-3>>, tensor<8x1x1x8x!quant.uniform<i8:f32:0, {0.011, 0.013, 0.009, 0.017, 0.012, 0.015, 0.01, 0.014}>>, tensor<8x!quant.uniform<i32:f32:0, {0.00055, 0.00065, 0.00045, 0.00085, 0.0006, 0.00075, 0.0005, 0.0007}>>) -> tensor<1x4x4x8x!quant.uniform<i8:f32, 0.05:-3>> loc("a")
  %wb = te.constant dense<[[[[14, -46, -50, -48, -6, -56, 12, -25]]], [[[60, 13, -25, 45, 15, -18, -47, -13]]], [[[55, -24, 9, -21, 54, 39, -2, 10]]], [[[-33, -27, -41, -47, 19, 40, -45, 30]]], [[[41, 46, 3, -30, -18, 9, -42, 57]]], [[[35, 15, -48, -11, -39, -3, -56, -53]]], [[[20, -7, -10, -58, -40, 43, -32, 27]]], [[[-59, -32, 43, 34, -53, 8, 60, -4]]]]> : tensor<8x1x1x8xi8> -> tensor<8x1x1x8x!quant.uniform<i8:f32:0, {0.011, 0.013, 0.009, 0.017, 0.012, 0.015, 0.01, 0.014}>>
  %bb = te.constant dense<[-205, 54, -284, 86, 202, -103, -263, -223]> : tensor<8xi32> -> tensor<8x!quant.uniform<i32:f32:0, {0.00055, 0.00065, 0.00045, 0.00085, 0.0006, 0.00075, 0.0005, 0.0007}>>
  %b = te.conv2d %a, %wb, %bb {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x8x!quant.uniform<i8:f32, 0.05:-3>>, tensor<8x1x1x8x!quant.uniform<i8:f32:0, {0.011, 0.013, 0.009, 0.017, 0.012, 0.015, 0.01, 0.014}>>, tensor<8x!quant.uniform<i32:f32:0, {0.00055, 0.00065, 0.00045, 0.00085, 0.0006, 0.00075, 0.0005, 0.0007}>>) -> tensor<1x4x4x8x!quant.uniform<i8:f32, 0.05:-3>> loc("b")
  %wc = te.constant dense<[[[[-27, -1, 10, -35, 36, 59, -2, -23]]], [[[-33, -49, -47, 11, 7, 23, -39, 28]]], [[[9, 11, 44, -30, -28, -48, -7, -39]]], [[[55, -59, -4, 37, -17, 24, 54, -7]]], [[[44, -39, 54, 18, 28, 43, -8, -52]]], [[[28, 46, 54, 21, 35, -30, 9, -23]]], [[[-6, -8, -22, 38, 50, 11, 18, 10]]], [[[-54, 45, -24, -47, -57, 20, -43, -18]]]]> : tensor<8x1x1x8xi8> -> tensor<8x1x1x8x!quant.uniform<i8:f32:0, {0.011, 0.013, 0.009, 0.017, 0.012, 0.015, 0.01, 0.014}>>
  %bc = te.constant dense<[272, 140, -46, -131, -220, 45, 275, 254]> : tensor<8xi32> -> tensor<8x!quant.uniform<i32:f32:0, {0.00055, 0.00065, 0.00045, 0.00085, 0.0006, 0.00075, 0.0005, 0.0007}>>
  %c = te.conv2d %b, %wc, %bc {act_min = 2 : i64, act_max = 90 : i64, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x8x!quant.uniform<i8:f32, 0.05:-3>>, tensor<8x1x1x8x!quant.uniform<i8:f32:0, {0.011, 0.013, 0.009, 0.017, 0.012, 0.015, 0.01, 0.014}>>, tensor<8x!quant.uniform<i32:f32:0, {0.00055, 0.00065, 0.00045, 0.00085, 0.0006, 0.00075, 0.0005, 0.0007}>>) -> tensor<1x4x4x8x!quant.uniform<i8:f32, 0.07:2>> loc("c")
  return %c : tensor<1x4x4x8x!quant.uniform<i8:f32, 0.07:2>>
}
