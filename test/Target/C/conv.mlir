// RUN: mcunet-opt --te-default-pipeline='specialize=false' -mlir-print-debuginfo -split-input-file %s \
// RUN:   | mcunet-translate --mlir-to-c -split-input-file \
// RUN:   | FileCheck %s --check-prefixes=SOURCE,WEIGHTS

// te.conv2d in the emitted C: one loop nest with literal bounds, the input
// zero point folded into the product, per-channel requantization tables in
// the weights file (or one literal multiplier and shift when every channel
// has the same), the fused activation range in the final clamp. These are
// the reference kernels (specialize=false); the specialized ones are
// tested on their own.
//
// Requantization multipliers are TFLite's QuantizeMultiplier of
// s_in * s_w[c] / s_out, worked out here with
//   python3 -c "import math; m, e = math.frexp(R); print(round(m * 2**31), e)"

// Tests that per-channel weight scales give per-channel multiplier and shift
// tables, indexed by the output channel, and that a fused Relu6 narrows the
// clamp. Real multipliers 0.5 * {0.125, 0.125, 0.25, 0.375} / 0.25 =
// {0.25, 0.25, 0.5, 0.75}: 0.25 = 0.5 * 2^-1 -> (2^30, -1); 0.5 = 0.5 * 2^0
// -> (2^30, 0); 0.75 = 0.75 * 2^0 -> (0.75 * 2^31 = 1610612736, 0).
// Relu6 at scale 0.25, zero point 3: [3 + 0 / 0.25, 3 + 6 / 0.25] = [3, 27].
// Input zero point -1: the product reads (x + 1).
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       extern const int8_t model_l01_conv_per_channel_weights[8];
// SOURCE-NEXT:  extern const int32_t model_l01_conv_per_channel_bias[4];
// SOURCE-NEXT:  extern const int32_t model_l01_conv_per_channel_multiplier[4];
// SOURCE-NEXT:  extern const int32_t model_l01_conv_per_channel_shift[4];
// SOURCE:       #define L01_OUT_OFFSET [[OFF:[0-9]+]]u /* 1x3x3x4 int8 (scale 0.25, zero point 3), bytes {{\[}}[[OFF]], {{[0-9]+}}) */
// SOURCE:       * Layer 1: te.conv2d "per_channel"
// SOURCE-NEXT:  *   kernel 1x1, stride 2x2, dilation 1x1, pad [0, 0, 0, 0] (top, left, bottom, right)
// SOURCE-NEXT:  *   input   1x5x5x2 int8 (scale 0.5, zero point -1)
// SOURCE-NEXT:  *   weights 4x1x1x2 int8
// SOURCE-NEXT:  *   output  1x3x3x4 int8 (scale 0.25, zero point 3)
// SOURCE-NEXT:  *   clamp   [3, 27]
// SOURCE-NEXT:  *   arena   output bytes {{\[}}[[OFF]], {{[0-9]+}})
// SOURCE-NEXT:  */
// SOURCE-NEXT: MCUNET_LAYER void l01_conv_per_channel(const int8_t *input, int8_t *output) {
// SOURCE-NEXT:   for (int oy = 0; oy < 3; ++oy) {
// SOURCE-NEXT:     for (int ox = 0; ox < 3; ++ox) {
// SOURCE-NEXT:       const int iy0 = oy * 2;
// SOURCE-NEXT:       const int ix0 = ox * 2;
// SOURCE-NEXT:       for (int oc = 0; oc < 4; ++oc) {
// SOURCE-NEXT:         int32_t acc = model_l01_conv_per_channel_bias[oc];
// SOURCE-NEXT:         for (int ky = 0; ky < 1; ++ky) {
// SOURCE-NEXT:           const int iy = iy0 + ky;
// SOURCE-NEXT:           if (iy < 0 || iy >= 5) {
// SOURCE:                for (int kx = 0; kx < 1; ++kx) {
// SOURCE-NEXT:             const int ix = ix0 + kx;
// SOURCE-NEXT:             if (ix < 0 || ix >= 5) {
// SOURCE:                  const int8_t *x = input + (iy * 5 + ix) * 2;
// SOURCE-NEXT:             const int8_t *wk = model_l01_conv_per_channel_weights + ((oc * 1 + ky) * 1 + kx) * 2;
// SOURCE-NEXT:             for (int ic = 0; ic < 2; ++ic) {
// SOURCE-NEXT:               acc += (x[ic] + 1) * wk[ic];
// SOURCE-NEXT:             }
// SOURCE-NEXT:           } /* kx */
// SOURCE-NEXT:         } /* ky */
// SOURCE-NEXT:         acc = mcunet_mbqm(acc, model_l01_conv_per_channel_multiplier[oc], model_l01_conv_per_channel_shift[oc]) + 3;
// SOURCE-NEXT:         output[(oy * 3 + ox) * 4 + oc] = (int8_t)mcunet_clamp(acc, 3, 27);
// SOURCE-NEXT:       } /* oc */
// SOURCE-NEXT:     } /* ox */
// SOURCE-NEXT:   } /* oy */
// SOURCE-NEXT: }
// SOURCE:      l01_conv_per_channel((int8_t *)(arena.bytes + INPUT_OFFSET), (int8_t *)(arena.bytes + L01_OUT_OFFSET));
// WEIGHTS-LABEL: {{//}} ----- model_weights.c
// WEIGHTS:      const int8_t model_l01_conv_per_channel_weights[8] = {
// WEIGHTS-NEXT:     1, 2, 3, 4, 5, 6, 7, 8
// WEIGHTS-NEXT: };
// WEIGHTS:      const int32_t model_l01_conv_per_channel_bias[4] = {
// WEIGHTS-NEXT:     10, -20, 30, -40
// WEIGHTS-NEXT: };
// WEIGHTS:      const int32_t model_l01_conv_per_channel_multiplier[4] = {
// WEIGHTS-NEXT:     1073741824, 1073741824, 1073741824, 1610612736
// WEIGHTS-NEXT: };
// WEIGHTS:      const int32_t model_l01_conv_per_channel_shift[4] = {
// WEIGHTS-NEXT:     -1, -1, 0, 0
// WEIGHTS-NEXT: };
func.func @main(%x: tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x3x3x4x!quant.uniform<i8:f32, 0.25:3>> {
  %w = te.constant dense<[[[[1, 2]]], [[[3, 4]]], [[[5, 6]]], [[[7, 8]]]]> : tensor<4x1x1x2xi8>
      -> tensor<4x1x1x2x!quant.uniform<i8:f32:0, {0.125, 0.125, 0.25, 0.375}>>
  %b = te.constant dense<[10, -20, 30, -40]> : tensor<4xi32>
      -> tensor<4x!quant.uniform<i32:f32:0, {0.0625, 0.0625, 0.125, 0.1875}>>
  %y = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
      : (tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:-1>>,
         tensor<4x1x1x2x!quant.uniform<i8:f32:0, {0.125, 0.125, 0.25, 0.375}>>,
         tensor<4x!quant.uniform<i32:f32:0, {0.0625, 0.0625, 0.125, 0.1875}>>)
      -> tensor<1x3x3x4x!quant.uniform<i8:f32, 0.25:3>> loc("per_channel")
  %c = te.clamp %y {min = 0.0 : f64, max = 6.0 : f64}
      : tensor<1x3x3x4x!quant.uniform<i8:f32, 0.25:3>> -> tensor<1x3x3x4x!quant.uniform<i8:f32, 0.25:3>>
  return %c : tensor<1x3x3x4x!quant.uniform<i8:f32, 0.25:3>>
}

// -----

// Tests that per-tensor weights give one literal multiplier and shift (no
// tables), that a conv without bias starts from 0, that padding 1 on every
// side reads iy0 = oy - 1, and that a positive input zero point is
// subtracted. Real multiplier 0.02 * 0.003 / 0.1 = 0.0006 = 0.6144 * 2^-10
// -> round(0.6144 * 2^31) = 1319413953, shift -10. Without an activation the
// clamp is the int8 range.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       extern const int8_t model_l01_conv_uniform_weights[54];
// SOURCE-NOT:   extern
// SOURCE:       * Layer 1: te.conv2d "uniform"
// SOURCE-NEXT:  *   kernel 3x3, stride 1x1, dilation 1x1, pad [1, 1, 1, 1] (top, left, bottom, right)
// SOURCE-NOT:   clamp
// SOURCE:      MCUNET_LAYER void l01_conv_uniform(const int8_t *input, int8_t *output) {
// SOURCE:            const int iy0 = oy - 1;
// SOURCE-NEXT:       const int ix0 = ox - 1;
// SOURCE-NEXT:       for (int oc = 0; oc < 2; ++oc) {
// SOURCE-NEXT:         int32_t acc = 0;
// SOURCE:                  acc += (x[ic] - 5) * wk[ic];
// SOURCE:              acc = mcunet_mbqm(acc, 1319413953, -10) - 7;
// SOURCE-NEXT:         output[(oy * 4 + ox) * 2 + oc] = (int8_t)mcunet_clamp(acc, -128, 127);
// WEIGHTS-LABEL: {{//}} ----- model_weights.c
// WEIGHTS-NOT:  _multiplier[
// WEIGHTS-NOT:  _shift[
// WEIGHTS-NOT:  _bias[
func.func @main(%x: tensor<1x4x4x3x!quant.uniform<i8:f32, 0.02:5>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:-7>> {
  %w = te.constant dense<1> : tensor<2x3x3x3xi8> -> tensor<2x3x3x3x!quant.uniform<i8:f32, 0.003>>
  %y = te.conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x3x!quant.uniform<i8:f32, 0.02:5>>, tensor<2x3x3x3x!quant.uniform<i8:f32, 0.003>>)
      -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:-7>> loc("uniform")
  return %y : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:-7>>
}

// -----

// Tests that per-axis weights whose scales are all equal still give a
// literal multiplier: 0.5 * 0.25 / 0.5 = 0.25 = 0.5 * 2^-1 -> (2^30, -1).
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE-NOT:   _multiplier[
// SOURCE:       MCUNET_LAYER void l01_conv_per_axis_equal(
// SOURCE:         acc = mcunet_mbqm(acc, 1073741824, -1);
// WEIGHTS-LABEL: {{//}} ----- model_weights.c
// WEIGHTS-NOT:  _multiplier[
func.func @main(%x: tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5>> {
  %w = te.constant dense<1> : tensor<3x1x1x2xi8> -> tensor<3x1x1x2x!quant.uniform<i8:f32:0, {0.25, 0.25, 0.25}>>
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5>>, tensor<3x1x1x2x!quant.uniform<i8:f32:0, {0.25, 0.25, 0.25}>>)
      -> tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5>> loc("per_axis_equal")
  return %y : tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5>>
}

// -----

// Tests groups, dilation and asymmetric padding. groups 2 over 4 input and
// 6 output channels: 2 input channels per group, 3 output channels per
// group, so output channel oc reads input channels (oc / 3) * 2 + [0, 2).
// Dilation 2 steps the window by 2. Padding [top 1, left 0, bottom 0,
// right 0]: output height (9 + 1 + 0 - 5) / 1 + 1 = 6, width (9 - 5) + 1 =
// 5. Input zero point 0: no offset in the product.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       * Layer 1: te.conv2d "grouped"
// SOURCE-NEXT:  *   kernel 3x3, stride 1x1, dilation 2x2, pad [1, 0, 0, 0] (top, left, bottom, right), groups 2
// SOURCE:       MCUNET_LAYER void l01_conv_grouped(const int8_t *input, int8_t *output) {
// SOURCE-NEXT:   for (int oy = 0; oy < 6; ++oy) {
// SOURCE-NEXT:     for (int ox = 0; ox < 5; ++ox) {
// SOURCE-NEXT:       const int iy0 = oy - 1;
// SOURCE-NEXT:       const int ix0 = ox;
// SOURCE-NEXT:       for (int oc = 0; oc < 6; ++oc) {
// SOURCE:              for (int ky = 0; ky < 3; ++ky) {
// SOURCE-NEXT:           const int iy = iy0 + ky * 2;
// SOURCE-NEXT:           if (iy < 0 || iy >= 9) {
// SOURCE:                for (int kx = 0; kx < 3; ++kx) {
// SOURCE-NEXT:             const int ix = ix0 + kx * 2;
// SOURCE-NEXT:             if (ix < 0 || ix >= 9) {
// SOURCE:                  const int8_t *x = input + (iy * 9 + ix) * 4 + (oc / 3) * 2;
// SOURCE-NEXT:             const int8_t *wk = model_l01_conv_grouped_weights + ((oc * 3 + ky) * 3 + kx) * 2;
// SOURCE-NEXT:             for (int ic = 0; ic < 2; ++ic) {
// SOURCE-NEXT:               acc += x[ic] * wk[ic];
// SOURCE:              output[(oy * 5 + ox) * 6 + oc] =
func.func @main(%x: tensor<1x9x9x4x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x6x5x6x!quant.uniform<i8:f32, 0.5>> {
  %w = te.constant dense<1> : tensor<6x3x3x2xi8> -> tensor<6x3x3x2x!quant.uniform<i8:f32, 0.25>>
  %y = te.conv2d %x, %w {dilation = array<i64: 2, 2>, groups = 2 : i64, pad = array<i64: 1, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x9x9x4x!quant.uniform<i8:f32, 0.5>>, tensor<6x3x3x2x!quant.uniform<i8:f32, 0.25>>)
      -> tensor<1x6x5x6x!quant.uniform<i8:f32, 0.5>> loc("grouped")
  return %y : tensor<1x6x5x6x!quant.uniform<i8:f32, 0.5>>
}

// -----

// Tests a float conv with a batch of 2: a float accumulator started from
// the bias, an outer n loop whose input and output steps are one image
// (4 * 4 * 2 = 32 and 2 * 2 * 3 = 12 elements), no requantization and no
// integer helpers; float constants print with an f suffix.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       extern const float model_l01_conv_float_weights[24];
// SOURCE-NEXT:  extern const float model_l01_conv_float_bias[3];
// SOURCE-NOT:   mcunet_mbqm
// SOURCE:       MCUNET_LAYER void l01_conv_float(const float *input, float *output) {
// SOURCE-NEXT:   for (int n = 0; n < 2; ++n) {
// SOURCE-NEXT:     for (int oy = 0; oy < 2; ++oy) {
// SOURCE:                float acc = model_l01_conv_float_bias[oc];
// SOURCE:                      const float *x = input + n * 32 + (iy * 4 + ix) * 2;
// SOURCE-NEXT:                 const float *wk = model_l01_conv_float_weights + ((oc * 2 + ky) * 2 + kx) * 2;
// SOURCE:                          acc += x[ic] * wk[ic];
// SOURCE:                    output[n * 12 + (oy * 2 + ox) * 3 + oc] = acc;
// SOURCE-NEXT:         } /* oc */
// SOURCE-NEXT:       } /* ox */
// SOURCE-NEXT:     } /* oy */
// SOURCE-NEXT:   } /* n */
// SOURCE:       l01_conv_float((float *)(arena.bytes + INPUT_OFFSET), (float *)(arena.bytes + L01_OUT_OFFSET));
// WEIGHTS-LABEL: {{//}} ----- model_weights.c
// WEIGHTS:      const float model_l01_conv_float_bias[3] = {
// WEIGHTS-NEXT:     1.0f, -2.5f, 0.25f
// WEIGHTS-NEXT: };
func.func @main(%x: tensor<2x4x4x2xf32>) -> tensor<2x2x2x3xf32> {
  %w = te.constant dense<0.5> : tensor<3x2x2x2xf32> -> tensor<3x2x2x2xf32>
  %b = te.constant dense<[1.0, -2.5, 0.25]> : tensor<3xf32> -> tensor<3xf32>
  %y = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
      : (tensor<2x4x4x2xf32>, tensor<3x2x2x2xf32>, tensor<3xf32>) -> tensor<2x2x2x3xf32> loc("float")
  return %y : tensor<2x2x2x3xf32>
}
