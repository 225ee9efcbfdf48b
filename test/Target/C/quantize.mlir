// RUN: mcunet-opt --te-default-pipeline -mlir-print-debuginfo -split-input-file %s \
// RUN:   | mcunet-translate --mlir-to-c -split-input-file \
// RUN:   | FileCheck %s --check-prefix=SOURCE

// te.quantize, te.dequantize and te.clamp in the emitted C: conversions at
// the model boundary (ONNX QuantizeLinear/DequantizeLinear semantics, float
// arithmetic) and int8 requantization (TFLite's integer Requantize).

// Tests quantize f32 -> i8: ONNX QuantizeLinear, x / scale rounded half to
// even, plus the zero point, saturated to the int8 range, through the
// mcunet_quantize_float helper. The scale is the float32 nearest 0.05,
// printed so that it reads back exactly.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       static inline int32_t mcunet_quantize_float(float x, float scale,
// SOURCE:       * Layer 1: te.quantize "q"
// SOURCE-NEXT:  *   input   1x4 float
// SOURCE-NEXT:  *   output  1x4 int8 (scale 0.05, zero point -1)
// SOURCE:       MCUNET_LAYER void l01_quantize_q(const float *input, int8_t *output) {
// SOURCE-NEXT:   for (int i = 0; i < 4; ++i) {
// SOURCE-NEXT:     output[i] = (int8_t)mcunet_quantize_float(input[i], 0.05{{0*}}{{[0-9]*}}f, -1, -128, 127);
// SOURCE-NEXT:   }
// SOURCE-NEXT: }
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4x!quant.uniform<i8:f32, 0.05:-1>> {
  %q = te.quantize %x : tensor<1x4xf32> -> tensor<1x4x!quant.uniform<i8:f32, 0.05:-1>> loc("q")
  return %q : tensor<1x4x!quant.uniform<i8:f32, 0.05:-1>>
}

// -----

// Tests requantize i8 -> i8 (te.quantize of a quantized tensor): centre by
// the input zero point, scale by 0.5 / 0.3 = 5/3 = (5/6) * 2^1 ->
// (round(5/6 * 2^31) = 1789569707, 1), add the output zero point 7, clamp.
// No float helper is printed.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE-NOT:   mcunet_quantize_float
// SOURCE:       MCUNET_LAYER void l01_quantize_rq(const int8_t *input, int8_t *output) {
// SOURCE-NEXT:   for (int i = 0; i < 4; ++i) {
// SOURCE-NEXT:     const int32_t acc = mcunet_mbqm((input[i] + 1), 1789569707, 1) + 7;
// SOURCE-NEXT:     output[i] = (int8_t)mcunet_clamp(acc, -128, 127);
// SOURCE-NEXT:   }
// SOURCE-NEXT: }
func.func @main(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.3:7>> {
  %q = te.quantize %x : tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x4x!quant.uniform<i8:f32, 0.3:7>> loc("rq")
  return %q : tensor<1x4x!quant.uniform<i8:f32, 0.3:7>>
}

// -----

// Tests dequantize i8 -> f32: (x - zero point) * scale in float; the output
// is 4 floats = 16 arena bytes. No integer helper is printed.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE-NOT:   mcunet_mbqm
// SOURCE:       *   arena   output bytes [0, 16)
// SOURCE:       MCUNET_LAYER void l01_dequantize_dq(const int8_t *input, float *output) {
// SOURCE-NEXT:   for (int i = 0; i < 4; ++i) {
// SOURCE-NEXT:     output[i] = (float)(input[i] + 1) * 0.05{{0*}}{{[0-9]*}}f;
// SOURCE-NEXT:   }
// SOURCE-NEXT: }
func.func @main(%q: tensor<1x4x!quant.uniform<i8:f32, 0.05:-1>>) -> tensor<1x4xf32> {
  %x = te.dequantize %q : tensor<1x4x!quant.uniform<i8:f32, 0.05:-1>> -> tensor<1x4xf32> loc("dq")
  return %x : tensor<1x4xf32>
}

// -----

// Tests an int8 clamp that has no producer to fuse into (it reads a model
// input): Relu6 at scale 0.5, zero point -1 is [-1 + 0 / 0.5, -1 + 6 / 0.5]
// = [-1, 11] in the stored domain; the real range is kept in the comment.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       * Layer 1: te.clamp "relu6"
// SOURCE-NEXT:  *   input   1x4 int8 (scale 0.5, zero point -1)
// SOURCE-NEXT:  *   range   [0, 6] (real)
// SOURCE:       MCUNET_LAYER void l01_clamp_relu6(const int8_t *input, int8_t *output) {
// SOURCE-NEXT:   for (int i = 0; i < 4; ++i) {
// SOURCE-NEXT:     output[i] = (int8_t)mcunet_clamp(input[i], -1, 11);
// SOURCE-NEXT:   }
// SOURCE-NEXT: }
func.func @main(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64}
      : tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>> loc("relu6")
  return %y : tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests a float clamp with an infinite upper bound: only the lower bound is
// tested.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       *   range   [-0.5, inf] (real)
// SOURCE:       MCUNET_LAYER void l01_clamp_relu_f(const float *input, float *output) {
// SOURCE-NEXT:   for (int i = 0; i < 4; ++i) {
// SOURCE-NEXT:     float v = input[i];
// SOURCE-NEXT:     v = v < -0.5f ? -0.5f : v;
// SOURCE-NEXT:     output[i] = v;
// SOURCE-NEXT:   }
// SOURCE-NEXT: }
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %y = te.clamp %x {min = -0.5 : f64, max = 0x7FF0000000000000 : f64} : tensor<1x4xf32> -> tensor<1x4xf32> loc("relu_f")
  return %y : tensor<1x4xf32>
}
