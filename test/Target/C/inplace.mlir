// RUN: mcunet-opt --te-default-pipeline='specialize=false' -mlir-print-debuginfo -split-input-file %s \
// RUN:   | mcunet-translate --mlir-to-c -split-input-file \
// RUN:   | FileCheck %s --check-prefixes=HEADER,SOURCE,WEIGHTS

// In-place layers and the zero-copy interface in the emitted C, with the
// reference kernels (specialize=false).
//
// A depthwise conv marked te.inplace = 0 gets TinyEngine's in-place kernel:
// a third parameter, `scratch` (its bytes are LNN_SCRATCH_OFFSET in the
// arena), and, per channel oc, a loop copying input channel oc into scratch
// (H x W elements) before the output channel is computed from the copy and
// written into channel oc's own slots, which nothing reads any more. The
// input and output macros name the same offset.
//
// The interface: the inputs live in the arena too. <prefix>_input() and
// <prefix>_output() point into it (input0, input1, ... and output0, ...
// with several), <prefix>_invoke() runs the layers there, and
// <prefix>_run() copies the caller's buffers in and out around it; those
// buffers cost <PREFIX>_RUN_EXTRA_BYTES of SRAM.

// Tests a quantized stride-1 depthwise conv in place. The input (48 bytes)
// dies at the conv: the pair {input, dw} is one 48-byte buffer at 0 and the
// scratch, one 4x4 int8 channel = 16 bytes, goes above it: arena 64, also
// the lower bound. RUN_EXTRA_BYTES: input 48 + output 48 = 96.
// Multiplier 0.5 * 0.125 / 0.25 = 0.25 -> (2^30, -1); input zero point -2:
// (scratch[...] + 2).
// HEADER-LABEL: {{//}} ----- model.h
// HEADER:       #define MODEL_ARENA_SIZE 64u
// HEADER:       * Zero copy: write the input where model_input() points (a camera or
// HEADER-NEXT:  * microphone driver can write there directly), call model_invoke(), read
// HEADER-NEXT:  * the output where model_output() points. All of it lives in the arena:
// HEADER-NEXT:  * SRAM = MODEL_ARENA_SIZE bytes + stack. model_invoke() overwrites the
// HEADER-NEXT:  * input (its bytes are reused), and writing the next input may overwrite
// HEADER-NEXT:  * the previous output: write the input before every call, read the
// HEADER-NEXT:  * output before writing the next input.
// HEADER:       #define MODEL_RUN_EXTRA_BYTES 96u /* inputs 48 + outputs 48 */
// HEADER-EMPTY:
// HEADER-NEXT:  int8_t *model_input(void);
// HEADER-NEXT:  const int8_t *model_output(void);
// HEADER-NEXT:  /* Runs one inference in the arena. Returns 0. */
// HEADER-NEXT:  int model_invoke(void);
// HEADER:       int model_run(const int8_t *input, int8_t *output);
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       #define INPUT_OFFSET 0u /* 1x4x4x3 int8 (scale 0.5, zero point -2), bytes [0, 48) */
// SOURCE-NEXT:  #define L01_OUT_OFFSET 0u /* 1x4x4x3 int8 (scale 0.25, zero point -128), bytes [0, 48) */
// SOURCE-NEXT:  #define L01_SCRATCH_OFFSET 48u /* scratch, bytes [48, 64) */
// SOURCE:       * Layer 1: te.depthwise_conv2d "dw1"
// SOURCE-NEXT:  *   kernel 3x3, stride 1x1, dilation 1x1, pad [1, 1, 1, 1] (top, left, bottom, right)
// SOURCE-NEXT:  *   input   1x4x4x3 int8 (scale 0.5, zero point -2)
// SOURCE-NEXT:  *   weights 3x3x3 int8 (scale 0.125, zero point 0)
// SOURCE-NEXT:  *   in place: input and output are the same bytes; each input channel is
// SOURCE-NEXT:  *   copied to scratch (16 elements) before its output channel overwrites it
// SOURCE-NEXT:  *   output  1x4x4x3 int8 (scale 0.25, zero point -128)
// SOURCE-NEXT:  *   arena   output bytes [0, 48), over the input (in place)
// SOURCE-NEXT:  *   arena   scratch bytes [48, 64)
// SOURCE-NEXT:  */
// SOURCE-NEXT: MCUNET_LAYER void l01_dwconv_dw1(const int8_t *input, int8_t *output, int8_t *scratch) {
// SOURCE-NEXT:   for (int oc = 0; oc < 3; ++oc) {
// SOURCE-NEXT:     for (int i = 0; i < 16; ++i) {
// SOURCE-NEXT:       scratch[i] = input[i * 3 + oc];
// SOURCE-NEXT:     } /* i */
// SOURCE-NEXT:     for (int oy = 0; oy < 4; ++oy) {
// SOURCE-NEXT:       const int iy0 = oy - 1;
// SOURCE-NEXT:       for (int ox = 0; ox < 4; ++ox) {
// SOURCE-NEXT:         const int ix0 = ox - 1;
// SOURCE-NEXT:         int32_t acc = model_l01_dwconv_dw1_bias[oc];
// SOURCE-NEXT:         for (int ky = 0; ky < 3; ++ky) {
// SOURCE-NEXT:           const int iy = iy0 + ky;
// SOURCE-NEXT:           if (iy < 0 || iy >= 4) {
// SOURCE-NEXT:             continue;
// SOURCE-NEXT:           }
// SOURCE-NEXT:           for (int kx = 0; kx < 3; ++kx) {
// SOURCE-NEXT:             const int ix = ix0 + kx;
// SOURCE-NEXT:             if (ix < 0 || ix >= 4) {
// SOURCE-NEXT:               continue;
// SOURCE-NEXT:             }
// SOURCE-NEXT:             acc += (scratch[iy * 4 + ix] + 2) * model_l01_dwconv_dw1_weights[(ky * 3 + kx) * 3 + oc];
// SOURCE-NEXT:           } /* kx */
// SOURCE-NEXT:         } /* ky */
// SOURCE-NEXT:         acc = mcunet_mbqm(acc, 1073741824, -1) - 128;
// SOURCE-NEXT:         output[(oy * 4 + ox) * 3 + oc] = (int8_t)mcunet_clamp(acc, -128, 127);
// SOURCE-NEXT:       } /* ox */
// SOURCE-NEXT:     } /* oy */
// SOURCE-NEXT:   } /* oc */
// SOURCE-NEXT: }
// SOURCE:      int model_invoke(void) {
// SOURCE-NEXT:   l01_dwconv_dw1((int8_t *)(arena.bytes + INPUT_OFFSET), (int8_t *)(arena.bytes + L01_OUT_OFFSET), (int8_t *)(arena.bytes + L01_SCRATCH_OFFSET));
// SOURCE-NEXT:   MODEL_TRACE(1, "l01_dwconv_dw1", (int8_t *)(arena.bytes + L01_OUT_OFFSET), 48u);
// SOURCE-NEXT:   return 0;
// SOURCE-NEXT: }
// SOURCE-EMPTY:
// SOURCE-NEXT: int8_t *model_input(void) {
// SOURCE-NEXT:   return (int8_t *)(arena.bytes + INPUT_OFFSET);
// SOURCE-NEXT: }
// SOURCE-EMPTY:
// SOURCE-NEXT: const int8_t *model_output(void) {
// SOURCE-NEXT:   return (int8_t *)(arena.bytes + L01_OUT_OFFSET);
// SOURCE-NEXT: }
// SOURCE-EMPTY:
// SOURCE-NEXT: int model_run(const int8_t *input, int8_t *output) {
// SOURCE-NEXT:   memcpy(arena.bytes + INPUT_OFFSET, input, 48u);
// SOURCE-NEXT:   model_invoke();
// SOURCE-NEXT:   memcpy(output, (int8_t *)(arena.bytes + L01_OUT_OFFSET), 48u);
// SOURCE-NEXT:   return 0;
// SOURCE-NEXT: }
func.func @main(%x: tensor<1x4x4x3x!quant.uniform<i8:f32, 0.5:-2>>) -> tensor<1x4x4x3x!quant.uniform<i8:f32, 0.25:-128>> {
  %w = te.constant dense<[[[1, 2, 3], [4, 5, 6], [7, 8, 9]],
                          [[10, 11, 12], [13, 14, 15], [16, 17, 18]],
                          [[19, 20, 21], [22, 23, 24], [25, 26, 27]]]> : tensor<3x3x3xi8>
      -> tensor<3x3x3x!quant.uniform<i8:f32, 0.125>>
  %b = te.constant dense<[-1, 0, 1]> : tensor<3xi32> -> tensor<3x!quant.uniform<i32:f32, 0.0625>>
  %y = te.depthwise_conv2d %x, %w, %b {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x3x!quant.uniform<i8:f32, 0.5:-2>>, tensor<3x3x3x!quant.uniform<i8:f32, 0.125>>,
         tensor<3x!quant.uniform<i32:f32, 0.0625>>)
      -> tensor<1x4x4x3x!quant.uniform<i8:f32, 0.25:-128>> loc("dw1")
  return %y : tensor<1x4x4x3x!quant.uniform<i8:f32, 0.25:-128>>
}

// -----

// Tests a float stride-2 depthwise conv in place on two images. The input
// (2x4x4x2 floats, 256 bytes) and the output (2x2x2x2, 64 bytes) share
// offset 0; the scratch is one 4x4 float channel, 64 bytes (no more than
// the 64 saved), at 256: arena 320. Image n's channel oc is copied from
// input[n * 32 + i * 2 + oc] and its output written at
// output[n * 8 + ... + oc]: below image n's input, inside images already
// consumed or in channel oc's own slots. The bottom/right padding shows as
// the bounds checks.
// HEADER-LABEL: {{//}} ----- model.h
// HEADER:       #define MODEL_ARENA_SIZE 320u
// HEADER:       #define MODEL_RUN_EXTRA_BYTES 320u /* inputs 256 + outputs 64 */
// HEADER:       float *model_input(void);
// HEADER-NEXT:  const float *model_output(void);
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       #define INPUT_OFFSET 0u /* 2x4x4x2 float, bytes [0, 256) */
// SOURCE-NEXT:  #define L01_OUT_OFFSET 0u /* 2x2x2x2 float, bytes [0, 64) */
// SOURCE-NEXT:  #define L01_SCRATCH_OFFSET 256u /* scratch, bytes [256, 320) */
// SOURCE:       *   in place: input and output are the same bytes; each input channel is
// SOURCE-NEXT:  *   copied to scratch (16 elements) before its output channel overwrites it
// SOURCE:       *   arena   output bytes [0, 64), over the input (in place)
// SOURCE-NEXT:  *   arena   scratch bytes [256, 320)
// SOURCE-NEXT:  */
// SOURCE-NEXT: MCUNET_LAYER void l01_dwconv_dwf(const float *input, float *output, float *scratch) {
// SOURCE-NEXT:   for (int n = 0; n < 2; ++n) {
// SOURCE-NEXT:     for (int oc = 0; oc < 2; ++oc) {
// SOURCE-NEXT:       for (int i = 0; i < 16; ++i) {
// SOURCE-NEXT:         scratch[i] = input[n * 32 + i * 2 + oc];
// SOURCE-NEXT:       } /* i */
// SOURCE-NEXT:       for (int oy = 0; oy < 2; ++oy) {
// SOURCE-NEXT:         const int iy0 = oy * 2;
// SOURCE-NEXT:         for (int ox = 0; ox < 2; ++ox) {
// SOURCE-NEXT:           const int ix0 = ox * 2;
// SOURCE-NEXT:           float acc = model_l01_dwconv_dwf_bias[oc];
// SOURCE:                    if (iy < 0 || iy >= 4) {
// SOURCE:                      if (ix < 0 || ix >= 4) {
// SOURCE:                      acc += scratch[iy * 4 + ix] * model_l01_dwconv_dwf_weights[(ky * 3 + kx) * 2 + oc];
// SOURCE:                  output[n * 8 + (oy * 2 + ox) * 2 + oc] = acc;
// SOURCE-NEXT:         } /* ox */
// SOURCE-NEXT:       } /* oy */
// SOURCE-NEXT:     } /* oc */
// SOURCE-NEXT:   } /* n */
// SOURCE-NEXT: }
// SOURCE:      l01_dwconv_dwf((float *)(arena.bytes + INPUT_OFFSET), (float *)(arena.bytes + L01_OUT_OFFSET), (float *)(arena.bytes + L01_SCRATCH_OFFSET));
func.func @main(%x: tensor<2x4x4x2xf32>) -> tensor<2x2x2x2xf32> {
  %w = te.constant dense<1.0> : tensor<3x3x2xf32> -> tensor<3x3x2xf32>
  %b = te.constant dense<[0.5, -0.5]> : tensor<2xf32> -> tensor<2xf32>
  %y = te.depthwise_conv2d %x, %w, %b {pad = array<i64: 0, 0, 1, 1>, stride = array<i64: 2, 2>}
      : (tensor<2x4x4x2xf32>, tensor<3x3x2xf32>, tensor<2xf32>) -> tensor<2x2x2x2xf32> loc("dwf")
  return %y : tensor<2x2x2x2xf32>
}

// -----

// Tests the naming with two inputs and two outputs, and element-wise ops in
// place: the add overwrites input 0 (input 1 is still read by the clamp),
// the clamp overwrites input 1. Two 16-byte groups, {input0, sum} at 0 and
// {input1, relu} at 16: arena 32, and each output is where its input was.
// RUN_EXTRA_BYTES: inputs 16 + 16, outputs 16 + 16.
// HEADER-LABEL: {{//}} ----- model.h
// HEADER:       #define MODEL_ARENA_SIZE 32u
// HEADER:       #define MODEL_RUN_EXTRA_BYTES 64u /* inputs 32 + outputs 32 */
// HEADER-EMPTY:
// HEADER-NEXT:  float *model_input0(void);
// HEADER-NEXT:  float *model_input1(void);
// HEADER-NEXT:  const float *model_output0(void);
// HEADER-NEXT:  const float *model_output1(void);
// HEADER-NEXT:  /* Runs one inference in the arena. Returns 0. */
// HEADER-NEXT:  int model_invoke(void);
// HEADER:       int model_run(const float *input0, const float *input1, float *output0, float *output1);
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       #define INPUT0_OFFSET 0u /* 1x4 float, bytes [0, 16) */
// SOURCE-NEXT:  #define INPUT1_OFFSET 16u /* 1x4 float, bytes [16, 32) */
// SOURCE-NEXT:  #define L01_OUT_OFFSET 0u /* 1x4 float, bytes [0, 16) */
// SOURCE-NEXT:  #define L02_OUT_OFFSET 16u /* 1x4 float, bytes [16, 32) */
// SOURCE-NOT:   SCRATCH
// SOURCE:       * Layer 1: te.add "sum"
// SOURCE:       *   arena   output bytes [0, 16), over input1 (in place)
// SOURCE-NEXT:  */
// SOURCE-NEXT: MCUNET_LAYER void l01_add_sum(const float *input1, const float *input2, float *output) {
// SOURCE:       * Layer 2: te.clamp "relu"
// SOURCE:       *   arena   output bytes [16, 32), over the input (in place)
// SOURCE-NEXT:  */
// SOURCE-NEXT: MCUNET_LAYER void l02_clamp_relu(const float *input, float *output) {
// SOURCE:      int model_invoke(void) {
// SOURCE-NEXT:   l01_add_sum((float *)(arena.bytes + INPUT0_OFFSET), (float *)(arena.bytes + INPUT1_OFFSET), (float *)(arena.bytes + L01_OUT_OFFSET));
// SOURCE-NEXT:   MODEL_TRACE(1, "l01_add_sum", (float *)(arena.bytes + L01_OUT_OFFSET), 16u);
// SOURCE-NEXT:   l02_clamp_relu((float *)(arena.bytes + INPUT1_OFFSET), (float *)(arena.bytes + L02_OUT_OFFSET));
// SOURCE-NEXT:   MODEL_TRACE(2, "l02_clamp_relu", (float *)(arena.bytes + L02_OUT_OFFSET), 16u);
// SOURCE-NEXT:   return 0;
// SOURCE-NEXT: }
// SOURCE-EMPTY:
// SOURCE-NEXT: float *model_input0(void) {
// SOURCE-NEXT:   return (float *)(arena.bytes + INPUT0_OFFSET);
// SOURCE-NEXT: }
// SOURCE-EMPTY:
// SOURCE-NEXT: float *model_input1(void) {
// SOURCE-NEXT:   return (float *)(arena.bytes + INPUT1_OFFSET);
// SOURCE-NEXT: }
// SOURCE-EMPTY:
// SOURCE-NEXT: const float *model_output0(void) {
// SOURCE-NEXT:   return (float *)(arena.bytes + L01_OUT_OFFSET);
// SOURCE-NEXT: }
// SOURCE-EMPTY:
// SOURCE-NEXT: const float *model_output1(void) {
// SOURCE-NEXT:   return (float *)(arena.bytes + L02_OUT_OFFSET);
// SOURCE-NEXT: }
// SOURCE-EMPTY:
// SOURCE-NEXT: int model_run(const float *input0, const float *input1, float *output0, float *output1) {
// SOURCE-NEXT:   memcpy(arena.bytes + INPUT0_OFFSET, input0, 16u);
// SOURCE-NEXT:   memcpy(arena.bytes + INPUT1_OFFSET, input1, 16u);
// SOURCE-NEXT:   model_invoke();
// SOURCE-NEXT:   memcpy(output0, (float *)(arena.bytes + L01_OUT_OFFSET), 16u);
// SOURCE-NEXT:   memcpy(output1, (float *)(arena.bytes + L02_OUT_OFFSET), 16u);
// SOURCE-NEXT:   return 0;
// SOURCE-NEXT: }
func.func @main(%a: tensor<1x4xf32>, %b: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  %s = te.add %a, %b : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32> loc("sum")
  %t = te.clamp %b {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x4xf32> -> tensor<1x4xf32> loc("relu")
  return %s, %t : tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// Tests a returned constant (the emitter once crashed on it): its data goes
// to the weights file as model_output1_value, model_output1() points at
// that flash array, and model_run() copies it out. The arena holds only the
// input and the clamp, in place over it: 16 bytes.
// HEADER-LABEL: {{//}} ----- model.h
// HEADER:       #define MODEL_ARENA_SIZE 16u
// HEADER:       #define MODEL_RUN_EXTRA_BYTES 48u /* inputs 16 + outputs 32 */
// HEADER:       const float *model_output0(void);
// HEADER-NEXT:  const float *model_output1(void);
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       extern const float model_output1_value[4];
// SOURCE:       const float *model_output1(void) {
// SOURCE-NEXT:    return model_output1_value;
// SOURCE-NEXT:  }
// SOURCE:       memcpy(output1, model_output1_value, 16u);
// WEIGHTS-LABEL: {{//}} ----- model_weights.c
// WEIGHTS:      const float model_output1_value[4] = {
// WEIGHTS-NEXT:     2.0f, 2.0f, 2.0f, 2.0f
func.func @main(%x: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  %c = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x4xf32> -> tensor<1x4xf32>
  %k = te.constant dense<2.0> : tensor<1x4xf32> -> tensor<1x4xf32>
  return %c, %k : tensor<1x4xf32>, tensor<1x4xf32>
}
