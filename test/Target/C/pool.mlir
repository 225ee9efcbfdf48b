// RUN: mcunet-opt --te-default-pipeline -mlir-print-debuginfo -split-input-file %s \
// RUN:   | mcunet-translate --mlir-to-c -split-input-file \
// RUN:   | FileCheck %s --check-prefix=SOURCE

// te.avg_pool2d, te.max_pool2d and te.global_avg_pool in the emitted C. The
// window is clipped to the input ([ky0, ky1) x [kx0, kx1)); int8 average
// pooling divides the raw sum by the count rounding half away from zero
// (TFLite); a pool whose output quantization differs from its input's then
// requantizes. Multipliers are worked out with
//   python3 -c "import math; m, e = math.frexp(R); print(round(m * 2**31), e)"

// Tests int8 average pooling without count_include_pad: the count is the
// clipped window, (ky1 - ky0) * (kx1 - kx0); with equal input and output
// quantization there is no requantization, only the int8 clamp. Output
// size (6 + 1 + 1 - 3) / 2 + 1 = 3.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       * Layer 1: te.avg_pool2d "avg"
// SOURCE-NEXT:  *   window 3x3, stride 2x2, pad [1, 1, 1, 1]
// SOURCE-NEXT:  *   input   1x6x6x8 int8 (scale 0.5, zero point -1)
// SOURCE-NOT:   mcunet_mbqm
// SOURCE:       MCUNET_LAYER void l01_avgpool_avg(const int8_t *input, int8_t *output) {
// SOURCE-NEXT:   for (int n = 0; n < 1; ++n) {
// SOURCE-NEXT:     for (int oy = 0; oy < 3; ++oy) {
// SOURCE-NEXT:       const int iy0 = oy * 2 - 1;
// SOURCE-NEXT:       const int ky0 = iy0 < 0 ? -iy0 : 0;
// SOURCE-NEXT:       const int ky1 = 6 - iy0 < 3 ? 6 - iy0 : 3;
// SOURCE-NEXT:       for (int ox = 0; ox < 3; ++ox) {
// SOURCE-NEXT:         const int ix0 = ox * 2 - 1;
// SOURCE-NEXT:         const int kx0 = ix0 < 0 ? -ix0 : 0;
// SOURCE-NEXT:         const int kx1 = 6 - ix0 < 3 ? 6 - ix0 : 3;
// SOURCE-NEXT:         for (int c = 0; c < 8; ++c) {
// SOURCE-NEXT:           int32_t acc = 0;
// SOURCE-NEXT:           for (int ky = ky0; ky < ky1; ++ky) {
// SOURCE-NEXT:             for (int kx = kx0; kx < kx1; ++kx) {
// SOURCE-NEXT:               acc += input[((n * 6 + iy0 + ky) * 6 + ix0 + kx) * 8 + c];
// SOURCE-NEXT:             }
// SOURCE-NEXT:           }
// SOURCE-NEXT:           const int count = (ky1 - ky0) * (kx1 - kx0);
// SOURCE-NEXT:           acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
// SOURCE-NEXT:           output[((n * 3 + oy) * 3 + ox) * 8 + c] = (int8_t)mcunet_clamp(acc, -128, 127);
// SOURCE-NEXT:         } /* c */
func.func @main(%x: tensor<1x6x6x8x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x3x3x8x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.avg_pool2d %x {kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>}
      : tensor<1x6x6x8x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x3x3x8x!quant.uniform<i8:f32, 0.5:-1>> loc("avg")
  return %y : tensor<1x3x3x8x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests int8 average pooling with count_include_pad: the count is the full
// window 3 * 3 = 9, and every padded position adds the input zero point -1
// (a padded real 0 is stored as the zero point) before the division.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       * Layer 1: te.avg_pool2d "avg_pad"
// SOURCE-NEXT:  *   window 3x3, stride 2x2, pad [1, 1, 1, 1], padding counted
// SOURCE:       MCUNET_LAYER void l01_avgpool_avg_pad(const int8_t *input, int8_t *output) {
// SOURCE:                  acc += input[((n * 6 + iy0 + ky) * 6 + ix0 + kx) * 8 + c];
// SOURCE-NEXT:             }
// SOURCE-NEXT:           }
// SOURCE-NEXT:           const int count = 9;
// SOURCE-NEXT:           acc += (count - (ky1 - ky0) * (kx1 - kx0)) * -1;
// SOURCE-NEXT:           acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
// SOURCE-NEXT:           output[((n * 3 + oy) * 3 + ox) * 8 + c] = (int8_t)mcunet_clamp(acc, -128, 127);
func.func @main(%x: tensor<1x6x6x8x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x3x3x8x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.avg_pool2d %x {count_include_pad = true, kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>}
      : tensor<1x6x6x8x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x3x3x8x!quant.uniform<i8:f32, 0.5:-1>> loc("avg_pad")
  return %y : tensor<1x3x3x8x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests int8 max pooling with a fused Relu6: the running maximum starts at
// the storage minimum -128 and the result is clamped to
// [-1, -1 + 6 / 0.5] = [-1, 11].
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       * Layer 1: te.max_pool2d "max"
// SOURCE-NEXT:  *   window 2x2, stride 2x2, pad [0, 0, 0, 0]
// SOURCE:       *   clamp   [-1, 11]
// SOURCE:       MCUNET_LAYER void l01_maxpool_max(const int8_t *input, int8_t *output) {
// SOURCE:                  int8_t m = -128;
// SOURCE-NEXT:           for (int ky = ky0; ky < ky1; ++ky) {
// SOURCE-NEXT:             for (int kx = kx0; kx < kx1; ++kx) {
// SOURCE-NEXT:               m = input[((n * 4 + iy0 + ky) * 4 + ix0 + kx) * 8 + c] > m ? input[((n * 4 + iy0 + ky) * 4 + ix0 + kx) * 8 + c] : m;
// SOURCE-NEXT:             }
// SOURCE-NEXT:           }
// SOURCE-NEXT:           output[((n * 2 + oy) * 2 + ox) * 8 + c] = (int8_t)mcunet_clamp(m, -1, 11);
func.func @main(%x: tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
      : tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>> loc("max")
  %c = te.clamp %y {min = 0.0 : f64, max = 6.0 : f64}
      : tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>>
  return %c : tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests int8 global average pooling (TFLite Mean): the sum of the centred
// inputs (x + 1) over 7 * 7 = 49 positions, then one multiplier with 1/49
// folded in. s_in / s_out = 0.5 / 0.25 = 2 = 0.5 * 2^2 -> (2^30, 2);
// k = min(floor(log2 49) = 5, 32, 31 + 2) = 5; multiplier
// (2^30 << 5) // 49 = 2^35 // 49 = 701219150; shift 2 - 5 = -3.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       * Layer 1: te.global_avg_pool "gap"
// SOURCE:       MCUNET_LAYER void l01_gap_gap(const int8_t *input, int8_t *output) {
// SOURCE-NEXT:   for (int n = 0; n < 1; ++n) {
// SOURCE-NEXT:     for (int c = 0; c < 32; ++c) {
// SOURCE-NEXT:       int32_t acc = 0;
// SOURCE-NEXT:       for (int i = 0; i < 49; ++i) {
// SOURCE-NEXT:         acc += (input[(n * 49 + i) * 32 + c] + 1);
// SOURCE-NEXT:       }
// SOURCE-NEXT:       acc = mcunet_mbqm(acc, 701219150, -3) - 3;
// SOURCE-NEXT:       output[n * 32 + c] = (int8_t)mcunet_clamp(acc, -128, 127);
func.func @main(%x: tensor<1x7x7x32x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x1x1x32x!quant.uniform<i8:f32, 0.25:-3>> {
  %y = te.global_avg_pool %x : tensor<1x7x7x32x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x1x1x32x!quant.uniform<i8:f32, 0.25:-3>> loc("gap")
  return %y : tensor<1x1x1x32x!quant.uniform<i8:f32, 0.25:-3>>
}

// -----

// Tests a requantizing int8 average pool (output scale 0.3, zero point 4):
// the rounded average (in the input's quantization) is centred, scaled by
// 0.5 / 0.3 = 5/3 = (5/6) * 2^1 -> (round(5/6 * 2^31) = 1789569707, 1), and
// the output zero point is added.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       MCUNET_LAYER void l01_avgpool_avg_rq(const int8_t *input, int8_t *output) {
// SOURCE:                  const int count = (ky1 - ky0) * (kx1 - kx0);
// SOURCE-NEXT:           acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
// SOURCE-NEXT:           acc = mcunet_mbqm((acc + 1), 1789569707, 1) + 4;
// SOURCE-NEXT:           output[((n * 2 + oy) * 2 + ox) * 2 + c] = (int8_t)mcunet_clamp(acc, -128, 127);
func.func @main(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.3:4>> {
  %y = te.avg_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
      : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.3:4>> loc("avg_rq")
  return %y : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.3:4>>
}

// -----

// Tests the float pools on a batch of 2: global average divides by
// 3 * 5 = 15, max pooling starts at -FLT_MAX and clips the bottom/right
// padding away (ky1 from 3 - iy0), average pooling with padding counted
// divides by the full 3 * 5 window. The input (480 bytes) is read by all
// three pools and their outputs (32, 192 and 32 bytes) are returned, so all
// four are live at the third pool: 736 bytes, the arena. The planner places
// the largest first: the input [0, 480), the max pool [480, 672), then
// [672, 704) and [704, 736).
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       #define INPUT_OFFSET 0u /* 2x3x5x4 float, bytes [0, 480) */
// SOURCE-NEXT:  #define L01_OUT_OFFSET 672u /* 2x1x1x4 float, bytes [672, 704) */
// SOURCE-NEXT:  #define L02_OUT_OFFSET 480u /* 2x2x3x4 float, bytes [480, 672) */
// SOURCE-NEXT:  #define L03_OUT_OFFSET 704u /* 2x1x1x4 float, bytes [704, 736) */
// SOURCE:       MCUNET_LAYER void l01_gap_gapf(const float *input, float *output) {
// SOURCE:              float acc = 0.0f;
// SOURCE-NEXT:       for (int i = 0; i < 15; ++i) {
// SOURCE-NEXT:         acc += input[(n * 15 + i) * 4 + c];
// SOURCE-NEXT:       }
// SOURCE-NEXT:       output[n * 4 + c] = acc / 15.0f;
// SOURCE:       MCUNET_LAYER void l02_maxpool_maxf(const float *input, float *output) {
// SOURCE:              const int ky1 = 3 - iy0 < 2 ? 3 - iy0 : 2;
// SOURCE:                  float m = -3.402823466e38f;
// SOURCE:                  output[((n * 2 + oy) * 3 + ox) * 4 + c] = m;
// SOURCE:       MCUNET_LAYER void l03_avgpool_avgf(const float *input, float *output) {
// SOURCE:                  const int count = 15;
// SOURCE-NEXT:           output[((n * 1 + oy) * 1 + ox) * 4 + c] = acc / (float)count;
func.func @main(%x: tensor<2x3x5x4xf32>) -> (tensor<2x1x1x4xf32>, tensor<2x2x3x4xf32>, tensor<2x1x1x4xf32>) {
  %g = te.global_avg_pool %x : tensor<2x3x5x4xf32> -> tensor<2x1x1x4xf32> loc("gapf")
  %m = te.max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 1, 1>, stride = array<i64: 2, 2>}
      : tensor<2x3x5x4xf32> -> tensor<2x2x3x4xf32> loc("maxf")
  %a = te.avg_pool2d %x {count_include_pad = true, kernel = array<i64: 3, 5>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : tensor<2x3x5x4xf32> -> tensor<2x1x1x4xf32> loc("avgf")
  return %g, %m, %a : tensor<2x1x1x4xf32>, tensor<2x2x3x4xf32>, tensor<2x1x1x4xf32>
}
