// RUN: mcunet-opt --te-default-pipeline -mlir-print-debuginfo -split-input-file %s \
// RUN:   | mcunet-translate --mlir-to-c -split-input-file \
// RUN:   | FileCheck %s --check-prefix=SOURCE

// te.pad, te.transpose, te.concat and te.resize_nearest in the emitted C:
// bytes are moved with memset/memcpy where whole rows move together; only a
// concat input whose quantization differs from the output's is
// requantized; resize index tables are computed at compile time.

// Tests an int8 pad of 1x2x3x4 by [0, 1, 0, 0 | 0, 1, 1, 0] (before each
// dim, then after) to 1x4x4x4: the output is first filled with the padding
// value 0.0 quantized, i.e. the zero point -3, then each 4-byte row of the
// input is copied to output + 16 (one row of 4 x 4 skipped in dim 1) plus
// the output strides 64, 16, 4 (input strides 24, 12, 4).
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       * Layer 1: te.pad "pad_q"
// SOURCE-NEXT:  *   input   1x2x3x4 int8 (scale 0.5, zero point -3)
// SOURCE-NEXT:  *   padding [0, 1, 0, 0, 0, 1, 1, 0] (before each dim, then after)
// SOURCE:       MCUNET_LAYER void l01_pad_pad_q(const int8_t *input, int8_t *output) {
// SOURCE-NEXT:   memset(output, -3, 64u);
// SOURCE-NEXT:   for (int i0 = 0; i0 < 1; ++i0) {
// SOURCE-NEXT:     for (int i1 = 0; i1 < 2; ++i1) {
// SOURCE-NEXT:       for (int i2 = 0; i2 < 3; ++i2) {
// SOURCE-NEXT:         memcpy(output + 16 + i0 * 64 + i1 * 16 + i2 * 4, input + i0 * 24 + i1 * 12 + i2 * 4, 4u);
// SOURCE-NEXT:       } /* i2 */
// SOURCE-NEXT:     } /* i1 */
// SOURCE-NEXT:   } /* i0 */
// SOURCE-NEXT: }
func.func @main(%x: tensor<1x2x3x4x!quant.uniform<i8:f32, 0.5:-3>>) -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.5:-3>> {
  %y = te.pad %x {padding = array<i64: 0, 1, 0, 0, 0, 1, 1, 0>, value = 0.0 : f64}
      : tensor<1x2x3x4x!quant.uniform<i8:f32, 0.5:-3>> -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.5:-3>> loc("pad_q")
  return %y : tensor<1x4x4x4x!quant.uniform<i8:f32, 0.5:-3>>
}

// -----

// Tests an int8 pad with a non-zero value: 1.0 at scale 0.5, zero point -3
// is stored as -3 + 1.0 / 0.5 = -1.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       MCUNET_LAYER void l01_pad_pad_value(const int8_t *input, int8_t *output) {
// SOURCE-NEXT:   memset(output, -1, 6u);
// SOURCE-NEXT:   for (int i0 = 0; i0 < 2; ++i0) {
// SOURCE-NEXT:     memcpy(output + 1 + i0 * 3, input + i0 * 2, 2u);
func.func @main(%x: tensor<2x2x!quant.uniform<i8:f32, 0.5:-3>>) -> tensor<2x3x!quant.uniform<i8:f32, 0.5:-3>> {
  %y = te.pad %x {padding = array<i64: 0, 1, 0, 0>, value = 1.0 : f64}
      : tensor<2x2x!quant.uniform<i8:f32, 0.5:-3>> -> tensor<2x3x!quant.uniform<i8:f32, 0.5:-3>> loc("pad_value")
  return %y : tensor<2x3x!quant.uniform<i8:f32, 0.5:-3>>
}

// -----

// Tests a float pad of 2x3 by [1, 0 | 2, 1] to 5x4 with the value -1.5: a
// fill loop (memset cannot write -1.5f), then each row of 3 floats (12
// bytes) copied to output + 4 (one row of 4 skipped) + 4 per row.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       MCUNET_LAYER void l01_pad_pad_f(const float *input, float *output) {
// SOURCE-NEXT:   for (int i = 0; i < 20; ++i) {
// SOURCE-NEXT:     output[i] = -1.5f;
// SOURCE-NEXT:   }
// SOURCE-NEXT:   for (int i0 = 0; i0 < 2; ++i0) {
// SOURCE-NEXT:     memcpy(output + 4 + i0 * 4, input + i0 * 3, 12u);
// SOURCE-NEXT:   } /* i0 */
func.func @main(%x: tensor<2x3xf32>) -> tensor<5x4xf32> {
  %y = te.pad %x {padding = array<i64: 1, 0, 2, 1>, value = -1.5 : f64} : tensor<2x3xf32> -> tensor<5x4xf32> loc("pad_f")
  return %y : tensor<5x4xf32>
}

// -----

// Tests a transpose NHWC 1x2x3x4 -> NCHW 1x4x2x3 (perm [0, 3, 1, 2]): the
// output is written in order, the input read with its strides permuted:
// input strides [24, 12, 4, 1] give [24, 1, 12, 4].
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       * Layer 1: te.transpose "nchw"
// SOURCE-NEXT:  *   input   1x2x3x4 int8 (scale 0.5, zero point -1)
// SOURCE-NEXT:  *   perm    [0, 3, 1, 2]
// SOURCE:       MCUNET_LAYER void l01_transpose_nchw(const int8_t *input, int8_t *output) {
// SOURCE-NEXT:   int o = 0;
// SOURCE-NEXT:   for (int i0 = 0; i0 < 1; ++i0) {
// SOURCE-NEXT:     for (int i1 = 0; i1 < 4; ++i1) {
// SOURCE-NEXT:       for (int i2 = 0; i2 < 2; ++i2) {
// SOURCE-NEXT:         for (int i3 = 0; i3 < 3; ++i3) {
// SOURCE-NEXT:           output[o++] = input[i0 * 24 + i1 + i2 * 12 + i3 * 4];
func.func @main(%x: tensor<1x2x3x4x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x2x3x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.transpose %x {perm = array<i64: 0, 3, 1, 2>}
      : tensor<1x2x3x4x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x4x2x3x!quant.uniform<i8:f32, 0.5:-1>> loc("nchw")
  return %y : tensor<1x4x2x3x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests a channel concat whose inputs share the output's quantization: for
// each of the 1 * 2 * 2 = 4 outer positions, 3 bytes of input0 then 1 byte
// of input1 are copied into a 4-byte output row.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       * Layer 1: te.concat "cat_same"
// SOURCE-NEXT:  *   input0  1x2x2x3 int8 (scale 0.5, zero point -1)
// SOURCE-NEXT:  *   input1  1x2x2x1 int8 (scale 0.5, zero point -1)
// SOURCE-NEXT:  *   axis    3
// SOURCE:       MCUNET_LAYER void l01_concat_cat_same(const int8_t *input0, const int8_t *input1, int8_t *output) {
// SOURCE-NEXT:   for (int i = 0; i < 4; ++i) {
// SOURCE-NEXT:     memcpy(output + i * 4 + 0, input0 + i * 3, 3u);
// SOURCE-NEXT:     memcpy(output + i * 4 + 3, input1 + i * 1, 1u);
// SOURCE-NEXT:   }
// SOURCE-NEXT: }
func.func @main(%a: tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:-1>>, %b: tensor<1x2x2x1x!quant.uniform<i8:f32, 0.5:-1>>)
    -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.concat %a, %b {axis = 3 : i64}
      : (tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:-1>>, tensor<1x2x2x1x!quant.uniform<i8:f32, 0.5:-1>>)
      -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:-1>> loc("cat_same")
  return %y : tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests a concat where input1 (scale 0.25, zero point 2) differs from the
// output (scale 0.5, zero point -1): input0 is still copied, input1 is
// requantized element by element with 0.25 / 0.5 = 0.5 -> (2^30, 0).
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       MCUNET_LAYER void l01_concat_cat_diff(const int8_t *input0, const int8_t *input1, int8_t *output) {
// SOURCE-NEXT:   for (int i = 0; i < 4; ++i) {
// SOURCE-NEXT:     memcpy(output + i * 4 + 0, input0 + i * 3, 3u);
// SOURCE-NEXT:     for (int j = 0; j < 1; ++j) {
// SOURCE-NEXT:       const int32_t acc = mcunet_mbqm(((input1 + i * 1)[j] - 2), 1073741824, 0) - 1;
// SOURCE-NEXT:       (output + i * 4 + 3)[j] = (int8_t)mcunet_clamp(acc, -128, 127);
// SOURCE-NEXT:     }
// SOURCE-NEXT:   }
func.func @main(%a: tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:-1>>, %b: tensor<1x2x2x1x!quant.uniform<i8:f32, 0.25:2>>)
    -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.concat %a, %b {axis = 3 : i64}
      : (tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:-1>>, tensor<1x2x2x1x!quant.uniform<i8:f32, 0.25:2>>)
      -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:-1>> loc("cat_diff")
  return %y : tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests resize_nearest 3x4 -> 5x7 in its three modes (TFLite
// GetNearestNeighbor, float32 arithmetic), with the source index tables
// worked out independently:
//   asymmetric:    floor(v * in / out): y: floor(v * 0.6) = 0 0 1 1 2,
//                  x: floor(v * 4/7) = 0 0 1 1 2 2 3
//   align_corners: round(v * (in - 1) / (out - 1)), half away from zero:
//                  y: round(v * 0.5) = 0 1 1 2 2, x: round(v * 0.5) = 0 1 1 2 2 3 3
//   half_pixel:    floor((v + 0.5) * in / out), clamped to [0, in - 1]:
//                  y: 0.3 0.9 1.5 2.1 2.7 -> 0 0 1 2 2,
//                  x: .29 .86 1.43 2.0 2.57 3.14 3.71 -> 0 0 1 2 2 3 3
// Each output pixel copies C = 2 bytes. The three 70-byte outputs sit at
// 0, 72 and 144 (8-byte aligned offsets).
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       #define L01_OUT_OFFSET 0u /* 1x5x7x2 int8 (scale 0.5, zero point -1), bytes [0, 70) */
// SOURCE-NEXT:  #define L02_OUT_OFFSET 72u /* 1x5x7x2 int8 (scale 0.5, zero point -1), bytes [72, 142) */
// SOURCE-NEXT:  #define L03_OUT_OFFSET 144u /* 1x5x7x2 int8 (scale 0.5, zero point -1), bytes [144, 214) */
// SOURCE:       *   mode    asymmetric
// SOURCE:       MCUNET_LAYER void l01_resize_asym(const int8_t *input, int8_t *output) {
// SOURCE-NEXT:   static const int32_t src_y[5] = {0, 0, 1, 1, 2};
// SOURCE-NEXT:   static const int32_t src_x[7] = {0, 0, 1, 1, 2, 2, 3};
// SOURCE-NEXT:   for (int n = 0; n < 1; ++n) {
// SOURCE-NEXT:     for (int y = 0; y < 5; ++y) {
// SOURCE-NEXT:       for (int x = 0; x < 7; ++x) {
// SOURCE-NEXT:         memcpy(output + ((n * 5 + y) * 7 + x) * 2, input + ((n * 3 + src_y[y]) * 4 + src_x[x]) * 2, 2u);
// SOURCE:       *   mode    align_corners
// SOURCE:       MCUNET_LAYER void l02_resize_align(const int8_t *input, int8_t *output) {
// SOURCE-NEXT:   static const int32_t src_y[5] = {0, 1, 1, 2, 2};
// SOURCE-NEXT:   static const int32_t src_x[7] = {0, 1, 1, 2, 2, 3, 3};
// SOURCE:       *   mode    half_pixel_centers
// SOURCE:       MCUNET_LAYER void l03_resize_half(const int8_t *input, int8_t *output) {
// SOURCE-NEXT:   static const int32_t src_y[5] = {0, 0, 1, 2, 2};
// SOURCE-NEXT:   static const int32_t src_x[7] = {0, 0, 1, 2, 2, 3, 3};
func.func @main(%x: tensor<1x3x4x2x!quant.uniform<i8:f32, 0.5:-1>>)
    -> (tensor<1x5x7x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<1x5x7x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<1x5x7x2x!quant.uniform<i8:f32, 0.5:-1>>) {
  %a = te.resize_nearest %x
      : tensor<1x3x4x2x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x5x7x2x!quant.uniform<i8:f32, 0.5:-1>> loc("asym")
  %b = te.resize_nearest %x {align_corners = true}
      : tensor<1x3x4x2x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x5x7x2x!quant.uniform<i8:f32, 0.5:-1>> loc("align")
  %c = te.resize_nearest %x {half_pixel_centers = true}
      : tensor<1x3x4x2x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x5x7x2x!quant.uniform<i8:f32, 0.5:-1>> loc("half")
  return %a, %b, %c : tensor<1x5x7x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<1x5x7x2x!quant.uniform<i8:f32, 0.5:-1>>,
                      tensor<1x5x7x2x!quant.uniform<i8:f32, 0.5:-1>>
}
