// RUN: mcunet-opt --te-default-pipeline='inplace=false specialize=false' -mlir-print-debuginfo -split-input-file %s \
// RUN:   | mcunet-translate --mlir-to-c -split-input-file \
// RUN:   | FileCheck %s --check-prefixes=SOURCE,WEIGHTS

// te.depthwise_conv2d in the emitted C: weights are [KH][KW][OC]; output
// channel oc reads input channel oc / M for channel multiplier M. The
// requantization multipliers are TFLite's QuantizeMultiplier of
// s_in * s_w[c] / s_out, worked out with
//   python3 -c "import math; m, e = math.frexp(R); print(round(m * 2**31), e)"
// The pipeline runs with inplace=false specialize=false: this file checks
// the reference loop nest; the in-place reference kernel of a multiplier-1
// depthwise conv whose input dies there is checked in inplace.mlir, the
// specialized kernels on their own.

// Tests a depthwise conv with channel multiplier 1: output channel oc reads
// input channel oc, per-channel weight scales give multiplier and shift
// tables, and the fused Relu keeps the lower bound at the zero point -128.
// Real multipliers 0.5 * {0.125, 0.25, 0.1} / 0.25 = {0.25, 0.5, 0.2}:
// 0.25 -> (2^30, -1), 0.5 -> (2^30, 0), 0.2 = 0.8 * 2^-2 ->
// (round(0.8 * 2^31) = 1717986918, -2). Input zero point -2: (x + 2).
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       extern const int8_t model_l01_dwconv_dw1_weights[27];
// SOURCE-NEXT:  extern const int32_t model_l01_dwconv_dw1_bias[3];
// SOURCE-NEXT:  extern const int32_t model_l01_dwconv_dw1_multiplier[3];
// SOURCE-NEXT:  extern const int32_t model_l01_dwconv_dw1_shift[3];
// SOURCE:       * Layer 1: te.depthwise_conv2d "dw1"
// SOURCE-NEXT:  *   kernel 3x3, stride 1x1, dilation 1x1, pad [1, 1, 1, 1] (top, left, bottom, right)
// SOURCE-NEXT:  *   input   1x4x4x3 int8 (scale 0.5, zero point -2)
// SOURCE-NEXT:  *   weights 3x3x3 int8
// SOURCE-NEXT:  *   output  1x4x4x3 int8 (scale 0.25, zero point -128)
// SOURCE-NEXT:  *   clamp   [-128, 127]
// SOURCE:       MCUNET_LAYER void l01_dwconv_dw1(const int8_t *input, int8_t *output) {
// SOURCE-NEXT:   for (int oy = 0; oy < 4; ++oy) {
// SOURCE-NEXT:     for (int ox = 0; ox < 4; ++ox) {
// SOURCE-NEXT:       const int iy0 = oy - 1;
// SOURCE-NEXT:       const int ix0 = ox - 1;
// SOURCE-NEXT:       for (int oc = 0; oc < 3; ++oc) {
// SOURCE-NEXT:         int32_t acc = model_l01_dwconv_dw1_bias[oc];
// SOURCE-NEXT:         for (int ky = 0; ky < 3; ++ky) {
// SOURCE-NEXT:           const int iy = iy0 + ky;
// SOURCE-NEXT:           if (iy < 0 || iy >= 4) {
// SOURCE:                for (int kx = 0; kx < 3; ++kx) {
// SOURCE-NEXT:             const int ix = ix0 + kx;
// SOURCE-NEXT:             if (ix < 0 || ix >= 4) {
// SOURCE:                  const int8_t *x = input + (iy * 4 + ix) * 3;
// SOURCE-NEXT:             acc += (x[oc] + 2) * model_l01_dwconv_dw1_weights[(ky * 3 + kx) * 3 + oc];
// SOURCE-NEXT:           } /* kx */
// SOURCE-NEXT:         } /* ky */
// SOURCE-NEXT:         acc = mcunet_mbqm(acc, model_l01_dwconv_dw1_multiplier[oc], model_l01_dwconv_dw1_shift[oc]) - 128;
// SOURCE-NEXT:         output[(oy * 4 + ox) * 3 + oc] = (int8_t)mcunet_clamp(acc, -128, 127);
// SOURCE-NEXT:       } /* oc */
// WEIGHTS-LABEL: {{//}} ----- model_weights.c
// WEIGHTS:      const int8_t model_l01_dwconv_dw1_weights[27] = {
// WEIGHTS-NEXT:     1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
// WEIGHTS-NEXT:     17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27
// WEIGHTS-NEXT: };
// WEIGHTS:      const int32_t model_l01_dwconv_dw1_bias[3] = {
// WEIGHTS-NEXT:     -1, 0, 1
// WEIGHTS:      const int32_t model_l01_dwconv_dw1_multiplier[3] = {
// WEIGHTS-NEXT:     1073741824, 1073741824, 1717986918
// WEIGHTS:      const int32_t model_l01_dwconv_dw1_shift[3] = {
// WEIGHTS-NEXT:     -1, 0, -2
func.func @main(%x: tensor<1x4x4x3x!quant.uniform<i8:f32, 0.5:-2>>) -> tensor<1x4x4x3x!quant.uniform<i8:f32, 0.25:-128>> {
  %w = te.constant dense<[[[1, 2, 3], [4, 5, 6], [7, 8, 9]],
                          [[10, 11, 12], [13, 14, 15], [16, 17, 18]],
                          [[19, 20, 21], [22, 23, 24], [25, 26, 27]]]> : tensor<3x3x3xi8>
      -> tensor<3x3x3x!quant.uniform<i8:f32:2, {0.125, 0.25, 0.1}>>
  %b = te.constant dense<[-1, 0, 1]> : tensor<3xi32> -> tensor<3x!quant.uniform<i32:f32:0, {0.0625, 0.125, 0.05}>>
  %y = te.depthwise_conv2d %x, %w, %b {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x3x!quant.uniform<i8:f32, 0.5:-2>>,
         tensor<3x3x3x!quant.uniform<i8:f32:2, {0.125, 0.25, 0.1}>>,
         tensor<3x!quant.uniform<i32:f32:0, {0.0625, 0.125, 0.05}>>)
      -> tensor<1x4x4x3x!quant.uniform<i8:f32, 0.25:-128>> loc("dw1")
  %c = te.clamp %y {min = 0.0 : f64, max = 0x7FF0000000000000 : f64}
      : tensor<1x4x4x3x!quant.uniform<i8:f32, 0.25:-128>> -> tensor<1x4x4x3x!quant.uniform<i8:f32, 0.25:-128>>
  return %c : tensor<1x4x4x3x!quant.uniform<i8:f32, 0.25:-128>>
}

// -----

// Tests a depthwise conv with channel multiplier 2 (2 input, 4 output
// channels) and stride 2: output channel oc reads input channel oc / 2, the
// weight row has 4 entries per tap, and equal scales give one literal
// multiplier 0.5 * 0.125 / 0.25 = 0.25 -> (2^30, -1). Output height
// (6 + 1 + 1 - 3) / 2 + 1 = 3.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       extern const int8_t model_l01_dwconv_dw2_weights[36];
// SOURCE-NEXT:  extern const int32_t model_l01_dwconv_dw2_bias[4];
// SOURCE-NOT:   extern
// SOURCE:       * Layer 1: te.depthwise_conv2d "dw2"
// SOURCE-NEXT:  *   kernel 3x3, stride 2x2, dilation 1x1, pad [1, 1, 1, 1] (top, left, bottom, right), channel multiplier 2
// SOURCE:       MCUNET_LAYER void l01_dwconv_dw2(const int8_t *input, int8_t *output) {
// SOURCE-NEXT:   for (int oy = 0; oy < 3; ++oy) {
// SOURCE-NEXT:     for (int ox = 0; ox < 3; ++ox) {
// SOURCE-NEXT:       const int iy0 = oy * 2 - 1;
// SOURCE-NEXT:       const int ix0 = ox * 2 - 1;
// SOURCE-NEXT:       for (int oc = 0; oc < 4; ++oc) {
// SOURCE:                  const int8_t *x = input + (iy * 6 + ix) * 2;
// SOURCE-NEXT:             acc += (x[oc / 2] + 1) * model_l01_dwconv_dw2_weights[(ky * 3 + kx) * 4 + oc];
// SOURCE:              acc = mcunet_mbqm(acc, 1073741824, -1) + 3;
// SOURCE-NEXT:         output[(oy * 3 + ox) * 4 + oc] = (int8_t)mcunet_clamp(acc, -128, 127);
// WEIGHTS-LABEL: {{//}} ----- model_weights.c
// WEIGHTS:      const int32_t model_l01_dwconv_dw2_bias[4] = {
// WEIGHTS-NEXT:     5, 6, 7, 8
// WEIGHTS-NOT:  _multiplier[
func.func @main(%x: tensor<1x6x6x2x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x3x3x4x!quant.uniform<i8:f32, 0.25:3>> {
  %w = te.constant dense<1> : tensor<3x3x4xi8> -> tensor<3x3x4x!quant.uniform<i8:f32:2, {0.125, 0.125, 0.125, 0.125}>>
  %b = te.constant dense<[5, 6, 7, 8]> : tensor<4xi32> -> tensor<4x!quant.uniform<i32:f32, 0.0625>>
  %y = te.depthwise_conv2d %x, %w, %b {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>}
      : (tensor<1x6x6x2x!quant.uniform<i8:f32, 0.5:-1>>,
         tensor<3x3x4x!quant.uniform<i8:f32:2, {0.125, 0.125, 0.125, 0.125}>>,
         tensor<4x!quant.uniform<i32:f32, 0.0625>>)
      -> tensor<1x3x3x4x!quant.uniform<i8:f32, 0.25:3>> loc("dw2")
  return %y : tensor<1x3x3x4x!quant.uniform<i8:f32, 0.25:3>>
}

// -----

// Tests a float depthwise conv with channel multiplier 2 and dilation 2:
// a float accumulator from 0 (no bias), taps 2 apart, no requantization.
// Output size (7 - (2 * (3 - 1) + 1)) + 1 = 3.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       * Layer 1: te.depthwise_conv2d "dwf"
// SOURCE-NEXT:  *   kernel 3x3, stride 1x1, dilation 2x2, pad [0, 0, 0, 0] (top, left, bottom, right), channel multiplier 2
// SOURCE:       MCUNET_LAYER void l01_dwconv_dwf(const float *input, float *output) {
// SOURCE:              float acc = 0.0f;
// SOURCE:                const int iy = iy0 + ky * 2;
// SOURCE:                  const int ix = ix0 + kx * 2;
// SOURCE:                  const float *x = input + (iy * 7 + ix) * 3;
// SOURCE-NEXT:             acc += x[oc / 2] * model_l01_dwconv_dwf_weights[(ky * 3 + kx) * 6 + oc];
// SOURCE:              output[(oy * 3 + ox) * 6 + oc] = acc;
func.func @main(%x: tensor<1x7x7x3xf32>) -> tensor<1x3x3x6xf32> {
  %w = te.constant dense<1.0> : tensor<3x3x6xf32> -> tensor<3x3x6xf32>
  %y = te.depthwise_conv2d %x, %w {dilation = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x7x7x3xf32>, tensor<3x3x6xf32>) -> tensor<1x3x3x6xf32> loc("dwf")
  return %y : tensor<1x3x3x6xf32>
}
