// RUN: mcunet-opt --pass-pipeline='builtin.module(func.func(te-fuse-patches{patch-rows=3 max-overhead=1.0},te-specialize-kernels,te-inplace-depthwise,te-plan-memory,te-verify-memory-plan))' %s \
// RUN:   | mcunet-translate --mlir-to-c | FileCheck %s --check-prefix=BANDS
// RUN: mcunet-opt --pass-pipeline='builtin.module(func.func(te-fuse-patches{patch-rows=3 patch-cols=2 max-overhead=1.0 inplace=false},te-specialize-kernels,te-plan-memory,te-verify-memory-plan))' %s \
// RUN:   | mcunet-translate --mlir-to-c | FileCheck %s --check-prefix=TILES

// Patch-based execution in the emitted C: te.slice copies a window of its
// input (one memcpy when the window is whole rows, one per row otherwise),
// te.insert_slice copies a patch into the assembled output, over its
// destination's bytes when the plan put them in place (then `dest` is the
// output and is not read), else after copying the destination.
// A 1x1 expansion to 16 channels and a projection back to 2, cut into
// bands of 3 rows of the 6x4 output (2 channels: 8 bytes a row, 24 a band)
// or into 3x2 tiles (4 bytes a tile row).

// BANDS-LABEL: {{//}} ----- model.c
// BANDS:       * Layer 1: te.slice
// BANDS-NEXT:  *   input   1x6x4x2 int8 (scale 0.5, zero point -2)
// BANDS-NEXT:  *   window  rows 0..2, columns 0..3
// BANDS:       MCUNET_LAYER void l01_slice(const int8_t *input, int8_t *output) {
// BANDS-NEXT:    uint8_t *dst = (uint8_t *)output;
// BANDS-NEXT:    memcpy(dst, (const uint8_t *)input, 24u);
// BANDS-NEXT:  }
// BANDS:       * Layer 4: te.insert_slice
// BANDS:       *   (the first patch: the rest of the output is written by later patches)
// BANDS:       MCUNET_LAYER void l04_insert(const int8_t *patch, int8_t *output) {
// BANDS-NEXT:    uint8_t *dst = (uint8_t *)output;
// BANDS-NEXT:    memcpy(dst, (const uint8_t *)patch, 24u);
// BANDS:       MCUNET_LAYER void l05_slice(const int8_t *input, int8_t *output) {
// BANDS-NEXT:    uint8_t *dst = (uint8_t *)output;
// BANDS-NEXT:    memcpy(dst, (const uint8_t *)input + 24, 24u);
// BANDS:       * Layer 8: te.insert_slice
// BANDS:       *   in place: the other patches are already in the output
// BANDS:       MCUNET_LAYER void l08_insert(const int8_t *patch, const int8_t *dest, int8_t *output) {
// BANDS-NEXT:    (void)dest; /* the same bytes as output */
// BANDS-NEXT:    uint8_t *dst = (uint8_t *)output;
// BANDS-NEXT:    memcpy(dst + 24, (const uint8_t *)patch, 24u);
// The second band's layers share the first band's code and tables.
// BANDS:       int model_invoke(void) {
// BANDS-NEXT:    l01_slice((int8_t *)(arena.bytes + INPUT_OFFSET), (int8_t *)(arena.bytes + L01_OUT_OFFSET));
// BANDS:         l04_insert(
// BANDS:         l05_slice((int8_t *)(arena.bytes + INPUT_OFFSET),
// BANDS:         l08_insert((int8_t *)(arena.bytes + L07_OUT_OFFSET), (int8_t *)(arena.bytes + L04_OUT_OFFSET), (int8_t *)(arena.bytes + L08_OUT_OFFSET));
// BANDS:       {{//}} ----- model_weights.c
// BANDS:       const int8_t model_l02_conv_weights_pairs[32] MCUNET_WORD_ALIGNED
// BANDS-NOT:   model_l06_conv
// BANDS:       const int32_t model_l02_conv_channels[16]
// BANDS-NOT:   model_l06_conv
// BANDS:       const int32_t model_l03_conv_channels[2]
// BANDS-NOT:   model_l07_conv

// TILES:       MCUNET_LAYER void l01_slice(const int8_t *input, int8_t *output) {
// TILES-NEXT:    uint8_t *dst = (uint8_t *)output;
// TILES-NEXT:    for (int y = 0; y < 3; ++y) {
// TILES-NEXT:      memcpy(dst + y * 4, (const uint8_t *)input + y * 8, 4u);
// TILES-NEXT:    } /* y */
// TILES:       * Layer 8: te.insert_slice
// TILES-NEXT:  *   patch   1x3x2x2 int8 (scale 0.5, zero point -2)
// TILES-NEXT:  *   window  rows 0..2, columns 2..3
// TILES:       MCUNET_LAYER void l08_insert(const int8_t *patch, const int8_t *dest, int8_t *output) {
// TILES-NEXT:    memcpy(output, dest, 48u);
// TILES-NEXT:    uint8_t *dst = (uint8_t *)output;
// TILES-NEXT:    for (int y = 0; y < 3; ++y) {
// TILES-NEXT:      memcpy(dst + y * 8 + 4, (const uint8_t *)patch + y * 4, 4u);
// TILES-NEXT:    } /* y */
func.func @bands(%x: tensor<1x6x4x2x!quant.uniform<i8:f32, 0.5:-2>>) -> tensor<1x6x4x2x!quant.uniform<i8:f32, 0.5:-2>> {
  %w1 = te.constant dense<1> : tensor<16x1x1x2xi8> -> tensor<16x1x1x2x!quant.uniform<i8:f32:0, {0.125,0.125,0.125,0.125,0.125,0.125,0.125,0.125,0.125,0.125,0.125,0.125,0.125,0.125,0.125,0.125}>>
  %e = te.conv2d %x, %w1 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x6x4x2x!quant.uniform<i8:f32, 0.5:-2>>, tensor<16x1x1x2x!quant.uniform<i8:f32:0, {0.125,0.125,0.125,0.125,0.125,0.125,0.125,0.125,0.125,0.125,0.125,0.125,0.125,0.125,0.125,0.125}>>) -> tensor<1x6x4x16x!quant.uniform<i8:f32, 0.25:1>>
  %w2 = te.constant dense<1> : tensor<2x1x1x16xi8> -> tensor<2x1x1x16x!quant.uniform<i8:f32:0, {0.125,0.125}>>
  %y = te.conv2d %e, %w2 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x6x4x16x!quant.uniform<i8:f32, 0.25:1>>, tensor<2x1x1x16x!quant.uniform<i8:f32:0, {0.125,0.125}>>) -> tensor<1x6x4x2x!quant.uniform<i8:f32, 0.5:-2>>
  return %y : tensor<1x6x4x2x!quant.uniform<i8:f32, 0.5:-2>>
}
