// RUN: mcunet-opt --te-default-pipeline -mlir-print-debuginfo -split-input-file %s \
// RUN:   | mcunet-translate --mlir-to-c -split-input-file \
// RUN:   | FileCheck %s --check-prefix=SOURCE

// int8 te.softmax in the emitted C: TFLite's integer softmax along the last
// dimension, one row at a time. TFLite's CalculateSoftmaxParams gives the
// constants, worked out here with python3:
//   real = min(beta * s_in * 2^(31 - 5), 2^31 - 1)
//   m, e = math.frexp(real); multiplier = round(m * 2^31); shift = e
//   diff_min = -floor((2^5 - 1) * 2^(31 - 5) / 2^shift)
// Inputs below diff_min contribute nothing and give -128.

// Tests a 1x4 softmax with beta 1 and input scale 0.125 (= 2^-3): real =
// 0.125 * 2^26 = 2^23 = 0.5 * 2^24 -> multiplier 2^30 = 1073741824, shift
// 24; diff_min = -floor(31 * 2^26 / 2^24) = -124. The gemmlowp helpers are
// printed once, before the layer.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       static inline int32_t mcunet_srdhm(
// SOURCE:       static inline int32_t mcunet_rdbpot(
// SOURCE:       static int32_t mcunet_exp_on_negative_values(int32_t a) {
// SOURCE:       static int32_t mcunet_reciprocal(int32_t x, int *num_bits_over_unit) {
// SOURCE:       * Layer 1: te.softmax "prob"
// SOURCE-NEXT:  *   input   1x4 int8 (scale 0.125, zero point 3)
// SOURCE-NEXT:  *   beta    1
// SOURCE-NEXT:  *   output  1x4 int8 (scale 0.00390625, zero point -128)
// SOURCE:      MCUNET_LAYER void l01_softmax_prob(const int8_t *input, int8_t *output) {
// SOURCE-NEXT:   for (int row = 0; row < 1; ++row) {
// SOURCE-NEXT:     const int8_t *x = input + row * 4;
// SOURCE-NEXT:     int8_t *y = output + row * 4;
// SOURCE-NEXT:     int8_t max = -128;
// SOURCE-NEXT:     int32_t sum = 0;
// SOURCE-NEXT:     int num_bits_over_unit;
// SOURCE-NEXT:     int32_t scale;
// SOURCE-NEXT:     for (int c = 0; c < 4; ++c) {
// SOURCE-NEXT:       max = x[c] > max ? x[c] : max;
// SOURCE-NEXT:     }
// SOURCE-NEXT:     for (int c = 0; c < 4; ++c) {
// SOURCE-NEXT:       const int32_t diff = (int32_t)x[c] - max;
// SOURCE-NEXT:       if (diff >= -124) {
// SOURCE-NEXT:         sum += mcunet_rdbpot(mcunet_exp_on_negative_values(mcunet_srdhm(diff * (1 << 24), 1073741824)), 12);
// SOURCE-NEXT:       }
// SOURCE-NEXT:     }
// SOURCE-NEXT:     scale = mcunet_reciprocal(sum, &num_bits_over_unit);
// SOURCE-NEXT:     for (int c = 0; c < 4; ++c) {
// SOURCE-NEXT:       const int32_t diff = (int32_t)x[c] - max;
// SOURCE-NEXT:       if (diff >= -124) {
// SOURCE-NEXT:         const int32_t e = mcunet_exp_on_negative_values(mcunet_srdhm(diff * (1 << 24), 1073741824));
// SOURCE-NEXT:         const int32_t v = mcunet_rdbpot(mcunet_srdhm(scale, e), num_bits_over_unit + 23) - 128;
// SOURCE-NEXT:         y[c] = (int8_t)(v < -128 ? -128 : (v > 127 ? 127 : v));
// SOURCE-NEXT:       } else {
// SOURCE-NEXT:         y[c] = -128;
// SOURCE-NEXT:       }
// SOURCE-NEXT:     } /* c */
// SOURCE-NEXT:   } /* row */
// SOURCE-NEXT: }
func.func @main(%x: tensor<1x4x!quant.uniform<i8:f32, 0.125:3>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.00390625:-128>> {
  %y = te.softmax %x : tensor<1x4x!quant.uniform<i8:f32, 0.125:3>> -> tensor<1x4x!quant.uniform<i8:f32, 0.00390625:-128>> loc("prob")
  return %y : tensor<1x4x!quant.uniform<i8:f32, 0.00390625:-128>>
}

// -----

// Tests a 2x3 softmax (two rows of 3) with beta 2 and input scale 0.01:
// real = 2 * 0.01 * 2^26 = 1342177.28 = 0.64 * 2^21 -> multiplier
// round(0.64 * 2^31) = 1374389535, shift 21; diff_min =
// -floor(31 * 2^26 / 2^21) = -992.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       *   beta    2
// SOURCE:       MCUNET_LAYER void l01_softmax_rows(const int8_t *input, int8_t *output) {
// SOURCE-NEXT:   for (int row = 0; row < 2; ++row) {
// SOURCE-NEXT:     const int8_t *x = input + row * 3;
// SOURCE-NEXT:     int8_t *y = output + row * 3;
// SOURCE:              if (diff >= -992) {
// SOURCE-NEXT:         sum += mcunet_rdbpot(mcunet_exp_on_negative_values(mcunet_srdhm(diff * (1 << 21), 1374389535)), 12);
// SOURCE:              if (diff >= -992) {
// SOURCE-NEXT:         const int32_t e = mcunet_exp_on_negative_values(mcunet_srdhm(diff * (1 << 21), 1374389535));
func.func @main(%x: tensor<2x3x!quant.uniform<i8:f32, 0.01:-5>>) -> tensor<2x3x!quant.uniform<i8:f32, 0.00390625:-128>> {
  %y = te.softmax %x {beta = 2.0 : f64}
      : tensor<2x3x!quant.uniform<i8:f32, 0.01:-5>> -> tensor<2x3x!quant.uniform<i8:f32, 0.00390625:-128>> loc("rows")
  return %y : tensor<2x3x!quant.uniform<i8:f32, 0.00390625:-128>>
}
