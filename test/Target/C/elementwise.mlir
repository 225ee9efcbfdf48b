// RUN: mcunet-opt --te-default-pipeline=specialize=false -mlir-print-debuginfo -split-input-file %s \
// RUN:   | mcunet-translate --mlir-to-c -split-input-file \
// RUN:   | FileCheck %s --check-prefixes=SOURCE,WEIGHTS

// te.add and te.mul in the emitted C (the reference kernels; the
// specialized ones: elementwise-bitexact.test). Same-shape operands give one flat
// loop; broadcasting gives one loop per output dimension with the operand
// indices built from its strides (0 where the operand has size 1).
// int8 add follows TFLite: both inputs minus their zero point, << 20, each
// scaled by s_i / (2 * max(s1, s2)), summed, scaled by
// 2 * max(s1, s2) / (2^20 * s_out). int8 mul scales the product of the
// centred inputs by s1 * s2 / s_out. Multipliers are worked out with
//   python3 -c "import math; m, e = math.frexp(R); print(round(m * 2**31), e)"

// Tests an int8 add whose inputs have different scales and zero points and
// whose Relu6 is fused. 2 * max(0.5, 0.25) = 1: input 1 by 0.5 -> (2^30, 0),
// input 2 by 0.25 -> (2^30, -1), output by 1 / (2^20 * 0.75) =
// (2/3) * 2^-19 -> (round(2/3 * 2^31) = 1431655765, -19). Relu6 at scale
// 0.75, zero point -3: [-3, -3 + 6 / 0.75] = [-3, 5]. Two model inputs are
// named input0 and input1. Both die at the add, which runs in place over
// the first (the default pipeline marks it): the flat loop writes output[i]
// only after reading input1[i] and input2[i], so the kernel is the same.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       * Layer 1: te.add "add_scales"
// SOURCE-NEXT:  *   input1  1x2x2x4 int8 (scale 0.5, zero point -1)
// SOURCE-NEXT:  *   input2  1x2x2x4 int8 (scale 0.25, zero point 5)
// SOURCE-NEXT:  *   output  1x2x2x4 int8 (scale 0.75, zero point -3)
// SOURCE-NEXT:  *   clamp   [-3, 5]
// SOURCE-NEXT:  *   arena   output bytes [{{[0-9]+}}, {{[0-9]+}}), over input1 (in place)
// SOURCE:       MCUNET_LAYER void l01_add_add_scales(const int8_t *input1, const int8_t *input2, int8_t *output) {
// SOURCE-NEXT:   for (int i = 0; i < 16; ++i) {
// SOURCE-NEXT:     const int32_t x1 = mcunet_mbqm((input1[i] + 1) * (1 << 20), 1073741824, 0);
// SOURCE-NEXT:     const int32_t x2 = mcunet_mbqm((input2[i] - 5) * (1 << 20), 1073741824, -1);
// SOURCE-NEXT:     const int32_t acc = mcunet_mbqm(x1 + x2, 1431655765, -19) - 3;
// SOURCE-NEXT:     output[i] = (int8_t)mcunet_clamp(acc, -3, 5);
// SOURCE-NEXT:   }
// SOURCE-NEXT: }
// SOURCE:      int model_invoke(void) {
// SOURCE-NEXT:   l01_add_add_scales((int8_t *)(arena.bytes + INPUT0_OFFSET), (int8_t *)(arena.bytes + INPUT1_OFFSET), (int8_t *)(arena.bytes + L01_OUT_OFFSET));
// SOURCE:      int model_run(const int8_t *input0, const int8_t *input1, int8_t *output) {
// SOURCE-NEXT:   memcpy(arena.bytes + INPUT0_OFFSET, input0, 16u);
// SOURCE-NEXT:   memcpy(arena.bytes + INPUT1_OFFSET, input1, 16u);
func.func @main(%a: tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:-1>>, %b: tensor<1x2x2x4x!quant.uniform<i8:f32, 0.25:5>>)
    -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.75:-3>> {
  %y = te.add %a, %b : (tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<1x2x2x4x!quant.uniform<i8:f32, 0.25:5>>)
      -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.75:-3>> loc("add_scales")
  %c = te.clamp %y {min = 0.0 : f64, max = 6.0 : f64}
      : tensor<1x2x2x4x!quant.uniform<i8:f32, 0.75:-3>> -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.75:-3>>
  return %c : tensor<1x2x2x4x!quant.uniform<i8:f32, 0.75:-3>>
}

// -----

// Tests a broadcasting int8 add (1x2x3x4 + 1x1x3x1): one loop per output
// dimension; the full operand is read at i1 * 12 + i2 * 4 + i3, the
// broadcast one at i2 (its only dimension larger than 1). Equal scales 0.5:
// 2 * max = 1, inputs by 0.5 -> (2^30, 0), output by 1 / (2^20 * 0.5) =
// 2^-19 = 0.5 * 2^-18 -> (2^30, -18). No activation: the int8 range.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       MCUNET_LAYER void l01_add_add_bcast(const int8_t *input1, const int8_t *input2, int8_t *output) {
// SOURCE-NEXT:   for (int i0 = 0; i0 < 1; ++i0) {
// SOURCE-NEXT:     for (int i1 = 0; i1 < 2; ++i1) {
// SOURCE-NEXT:       for (int i2 = 0; i2 < 3; ++i2) {
// SOURCE-NEXT:         for (int i3 = 0; i3 < 4; ++i3) {
// SOURCE-NEXT:           const int32_t x1 = mcunet_mbqm((input1[i1 * 12 + i2 * 4 + i3] + 1) * (1 << 20), 1073741824, 0);
// SOURCE-NEXT:           const int32_t x2 = mcunet_mbqm((input2[i2] + 1) * (1 << 20), 1073741824, 0);
// SOURCE-NEXT:           const int32_t acc = mcunet_mbqm(x1 + x2, 1073741824, -18) - 1;
// SOURCE-NEXT:           output[i1 * 12 + i2 * 4 + i3] = (int8_t)mcunet_clamp(acc, -128, 127);
// SOURCE-NEXT:         } /* i3 */
// SOURCE-NEXT:       } /* i2 */
// SOURCE-NEXT:     } /* i1 */
// SOURCE-NEXT:   } /* i0 */
// SOURCE-NEXT: }
func.func @main(%a: tensor<1x2x3x4x!quant.uniform<i8:f32, 0.5:-1>>, %b: tensor<1x1x3x1x!quant.uniform<i8:f32, 0.5:-1>>)
    -> tensor<1x2x3x4x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.add %a, %b : (tensor<1x2x3x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<1x1x3x1x!quant.uniform<i8:f32, 0.5:-1>>)
      -> tensor<1x2x3x4x!quant.uniform<i8:f32, 0.5:-1>> loc("add_bcast")
  return %y : tensor<1x2x3x4x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests an int8 mul by a constant per-channel vector: the constant goes to
// the weights file as <prefix>_<layer>_rhs and is not a parameter; the
// product of the centred inputs is scaled by 0.5 * 0.125 / 0.25 = 0.25 ->
// (2^30, -1), then the output zero point -4 is added.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       extern const int8_t model_l01_mul_mul_const_rhs[4];
// SOURCE:       MCUNET_LAYER void l01_mul_mul_const(const int8_t *input1, int8_t *output) {
// SOURCE:                  const int32_t acc = mcunet_mbqm((input1[i1 * 8 + i2 * 4 + i3] + 1) * (model_l01_mul_mul_const_rhs[i3] - 2), 1073741824, -1) - 4;
// SOURCE-NEXT:           output[i1 * 8 + i2 * 4 + i3] = (int8_t)mcunet_clamp(acc, -128, 127);
// SOURCE:       l01_mul_mul_const((int8_t *)(arena.bytes + INPUT_OFFSET), (int8_t *)(arena.bytes + L01_OUT_OFFSET));
// WEIGHTS-LABEL: {{//}} ----- model_weights.c
// WEIGHTS:      const int8_t model_l01_mul_mul_const_rhs[4] = {
// WEIGHTS-NEXT:     1, 2, 3, 4
func.func @main(%a: tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.25:-4>> {
  %s = te.constant dense<[1, 2, 3, 4]> : tensor<4xi8> -> tensor<4x!quant.uniform<i8:f32, 0.125:2>>
  %y = te.mul %a, %s : (tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<4x!quant.uniform<i8:f32, 0.125:2>>)
      -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.25:-4>> loc("mul_const")
  return %y : tensor<1x2x2x4x!quant.uniform<i8:f32, 0.25:-4>>
}

// -----

// Tests float mul broadcasting both operands (1x4x1x8 * 3x1 -> 1x4x3x8:
// strides i1 * 8 + i3 and i2) and a flat float add, in one model with two
// outputs: 384 and 128 bytes. The add reads %a twice, so it does not run
// in place (its other operand would read overwritten bytes).
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       #define L01_OUT_OFFSET {{ *[0-9]+}}u /* 1x4x3x8 float, bytes [{{[0-9]+}}, {{[0-9]+}}) */
// SOURCE-NEXT:  #define L02_OUT_OFFSET {{ *[0-9]+}}u /* 1x4x1x8 float, bytes [{{[0-9]+}}, {{[0-9]+}}) */
// SOURCE:                  output[i1 * 24 + i2 * 8 + i3] = input1[i1 * 8 + i3] * input2[i2];
// SOURCE:       MCUNET_LAYER void l02_add_add_float(const float *input1, const float *input2, float *output) {
// SOURCE-NEXT:   for (int i = 0; i < 32; ++i) {
// SOURCE-NEXT:     output[i] = input1[i] + input2[i];
// SOURCE:       int model_invoke(void) {
// SOURCE-NEXT:   l01_mul_mul_float((float *)(arena.bytes + INPUT0_OFFSET), (float *)(arena.bytes + INPUT1_OFFSET), (float *)(arena.bytes + L01_OUT_OFFSET));
// SOURCE-NEXT:   MODEL_TRACE(1, "l01_mul_mul_float", (float *)(arena.bytes + L01_OUT_OFFSET), 384u);
// SOURCE-NEXT:   l02_add_add_float((float *)(arena.bytes + INPUT0_OFFSET), (float *)(arena.bytes + INPUT0_OFFSET), (float *)(arena.bytes + L02_OUT_OFFSET));
// SOURCE-NEXT:   MODEL_TRACE(2, "l02_add_add_float", (float *)(arena.bytes + L02_OUT_OFFSET), 128u);
// SOURCE-NEXT:   return 0;
// SOURCE:       int model_run(const float *input0, const float *input1, float *output0, float *output1) {
// SOURCE-NEXT:   memcpy(arena.bytes + INPUT0_OFFSET, input0, 128u);
// SOURCE-NEXT:   memcpy(arena.bytes + INPUT1_OFFSET, input1, 12u);
// SOURCE-NEXT:   model_invoke();
// SOURCE-NEXT:   memcpy(output0, (float *)(arena.bytes + L01_OUT_OFFSET), 384u);
// SOURCE-NEXT:   memcpy(output1, (float *)(arena.bytes + L02_OUT_OFFSET), 128u);
func.func @main(%a: tensor<1x4x1x8xf32>, %b: tensor<3x1xf32>) -> (tensor<1x4x3x8xf32>, tensor<1x4x1x8xf32>) {
  %y = te.mul %a, %b : (tensor<1x4x1x8xf32>, tensor<3x1xf32>) -> tensor<1x4x3x8xf32> loc("mul_float")
  %z = te.add %a, %a : (tensor<1x4x1x8xf32>, tensor<1x4x1x8xf32>) -> tensor<1x4x1x8xf32> loc("add_float")
  return %y, %z : tensor<1x4x3x8xf32>, tensor<1x4x1x8xf32>
}
