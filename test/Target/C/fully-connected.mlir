// RUN: mcunet-opt --te-default-pipeline=specialize=false -mlir-print-debuginfo -split-input-file %s \
// RUN:   | mcunet-translate --mlir-to-c -split-input-file \
// RUN:   | FileCheck %s --check-prefixes=SOURCE,WEIGHTS

// te.fully_connected in the emitted C (the reference kernel; the specialized
// one is tested by fully-connected-bitexact.test): a batch loop, one weight row per
// output (weights are [O][K]), the input zero point folded into the
// product, then requantization. Multipliers are TFLite's QuantizeMultiplier
// of s_in * s_w[o] / s_out, worked out with
//   python3 -c "import math; m, e = math.frexp(R); print(round(m * 2**31), e)"

// Tests per-tensor weights with a bias and a one-sided activation range
// (act_min only): one literal multiplier, 0.5 * 0.0234375 / 0.25 = 0.046875
// = 0.75 * 2^-4 -> (1610612736, -4), and the clamp [3, 127].
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       extern const int8_t model_l01_fc_fc_tensor_weights[160];
// SOURCE-NEXT:  extern const int32_t model_l01_fc_fc_tensor_bias[10];
// SOURCE-NOT:   extern
// SOURCE:       * Layer 1: te.fully_connected "fc_tensor"
// SOURCE-NEXT:  *   input   1x16 int8 (scale 0.5, zero point -1)
// SOURCE-NEXT:  *   weights 10x16 int8 (scale 0.0234375, zero point 0)
// SOURCE-NEXT:  *   output  1x10 int8 (scale 0.25, zero point 3)
// SOURCE-NEXT:  *   clamp   [3, 127]
// SOURCE-NEXT:  *   arena   output bytes [{{[0-9]+}}, {{[0-9]+}})
// SOURCE-NEXT:  */
// SOURCE-NEXT: MCUNET_LAYER void l01_fc_fc_tensor(const int8_t *input, int8_t *output) {
// SOURCE-NEXT:   for (int b = 0; b < 1; ++b) {
// SOURCE-NEXT:     const int8_t *x = input + b * 16;
// SOURCE-NEXT:     for (int o = 0; o < 10; ++o) {
// SOURCE-NEXT:       const int8_t *wo = model_l01_fc_fc_tensor_weights + o * 16;
// SOURCE-NEXT:       int32_t acc = model_l01_fc_fc_tensor_bias[o];
// SOURCE-NEXT:       for (int k = 0; k < 16; ++k) {
// SOURCE-NEXT:         acc += (x[k] + 1) * wo[k];
// SOURCE-NEXT:       }
// SOURCE-NEXT:       acc = mcunet_mbqm(acc, 1610612736, -4) + 3;
// SOURCE-NEXT:       output[b * 10 + o] = (int8_t)mcunet_clamp(acc, 3, 127);
// SOURCE-NEXT:     } /* o */
// SOURCE-NEXT:   } /* b */
// SOURCE-NEXT: }
// WEIGHTS-LABEL: {{//}} ----- model_weights.c
// WEIGHTS:      const int32_t model_l01_fc_fc_tensor_bias[10] = {
// WEIGHTS-NEXT:     0, 1, 2, 3, 4, 5, 6, 7,
// WEIGHTS-NEXT:     8, 9
// WEIGHTS-NEXT: };
func.func @main(%x: tensor<1x16x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x10x!quant.uniform<i8:f32, 0.25:3>> {
  %w = te.constant dense<2> : tensor<10x16xi8> -> tensor<10x16x!quant.uniform<i8:f32, 0.0234375>>
  %b = te.constant dense<[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]> : tensor<10xi32> -> tensor<10x!quant.uniform<i32:f32, 0.01171875>>
  %y = te.fully_connected %x, %w, %b {act_min = 3 : i64}
      : (tensor<1x16x!quant.uniform<i8:f32, 0.5:-1>>, tensor<10x16x!quant.uniform<i8:f32, 0.0234375>>,
         tensor<10x!quant.uniform<i32:f32, 0.01171875>>)
      -> tensor<1x10x!quant.uniform<i8:f32, 0.25:3>> loc("fc_tensor")
  return %y : tensor<1x10x!quant.uniform<i8:f32, 0.25:3>>
}

// -----

// Tests per-channel weights without a bias and a fused Relu6: multiplier
// and shift tables indexed by o, the accumulator starting at 0, and the
// clamp [-20, -20 + 6 / 0.05] = [-20, 100]. Real multipliers
// 0.02 * {0.003, 0.007} / 0.05 = {0.0012, 0.0028}: 0.0012 = 0.6144 * 2^-9
// -> (1319413953, -9); 0.0028 = 0.7168 * 2^-8 -> (1539316279, -8).
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE:       extern const int8_t model_l01_fc_fc_channel_weights[6];
// SOURCE-NEXT:  extern const int32_t model_l01_fc_fc_channel_multiplier[2];
// SOURCE-NEXT:  extern const int32_t model_l01_fc_fc_channel_shift[2];
// SOURCE:       *   clamp   [-20, 100]
// SOURCE:       MCUNET_LAYER void l01_fc_fc_channel(const int8_t *input, int8_t *output) {
// SOURCE:              int32_t acc = 0;
// SOURCE-NEXT:       for (int k = 0; k < 3; ++k) {
// SOURCE-NEXT:         acc += (x[k] - 10) * wo[k];
// SOURCE-NEXT:       }
// SOURCE-NEXT:       acc = mcunet_mbqm(acc, model_l01_fc_fc_channel_multiplier[o], model_l01_fc_fc_channel_shift[o]) - 20;
// SOURCE-NEXT:       output[b * 2 + o] = (int8_t)mcunet_clamp(acc, -20, 100);
// WEIGHTS-LABEL: {{//}} ----- model_weights.c
// WEIGHTS:      const int8_t model_l01_fc_fc_channel_weights[6] = {
// WEIGHTS-NEXT:     1, -2, 3, -4, 5, -6
// WEIGHTS:      const int32_t model_l01_fc_fc_channel_multiplier[2] = {
// WEIGHTS-NEXT:     1319413953, 1539316279
// WEIGHTS:      const int32_t model_l01_fc_fc_channel_shift[2] = {
// WEIGHTS-NEXT:     -9, -8
func.func @main(%x: tensor<1x3x!quant.uniform<i8:f32, 0.02:10>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.05:-20>> {
  %w = te.constant dense<[[1, -2, 3], [-4, 5, -6]]> : tensor<2x3xi8> -> tensor<2x3x!quant.uniform<i8:f32:0, {0.003, 0.007}>>
  %y = te.fully_connected %x, %w
      : (tensor<1x3x!quant.uniform<i8:f32, 0.02:10>>, tensor<2x3x!quant.uniform<i8:f32:0, {0.003, 0.007}>>)
      -> tensor<1x2x!quant.uniform<i8:f32, 0.05:-20>> loc("fc_channel")
  %c = te.clamp %y {min = 0.0 : f64, max = 6.0 : f64}
      : tensor<1x2x!quant.uniform<i8:f32, 0.05:-20>> -> tensor<1x2x!quant.uniform<i8:f32, 0.05:-20>>
  return %c : tensor<1x2x!quant.uniform<i8:f32, 0.05:-20>>
}

// -----

// Tests a float fully connected layer with a batch of 2 and no bias: rows of
// 16 inputs, a float accumulator from 0.0f, no requantization.
// SOURCE-LABEL: {{//}} ----- model.c
// SOURCE-NOT:   mcunet_mbqm
// SOURCE:       MCUNET_LAYER void l01_fc_fc_float(const float *input, float *output) {
// SOURCE-NEXT:   for (int b = 0; b < 2; ++b) {
// SOURCE-NEXT:     const float *x = input + b * 16;
// SOURCE-NEXT:     for (int o = 0; o < 10; ++o) {
// SOURCE-NEXT:       const float *wo = model_l01_fc_fc_float_weights + o * 16;
// SOURCE-NEXT:       float acc = 0.0f;
// SOURCE-NEXT:       for (int k = 0; k < 16; ++k) {
// SOURCE-NEXT:         acc += x[k] * wo[k];
// SOURCE-NEXT:       }
// SOURCE-NEXT:       output[b * 10 + o] = acc;
// SOURCE:       l01_fc_fc_float((float *)(arena.bytes + INPUT_OFFSET), (float *)(arena.bytes + L01_OUT_OFFSET));
// SOURCE-NEXT:  MODEL_TRACE(1, "l01_fc_fc_float", (float *)(arena.bytes + L01_OUT_OFFSET), 80u);
// SOURCE:       memcpy(arena.bytes + INPUT_OFFSET, input, 128u);
// SOURCE-NEXT:  model_invoke();
// SOURCE-NEXT:  memcpy(output, (float *)(arena.bytes + L01_OUT_OFFSET), 80u);
func.func @main(%x: tensor<2x16xf32>) -> tensor<2x10xf32> {
  %w = te.constant dense<0.25> : tensor<10x16xf32> -> tensor<10x16xf32>
  %y = te.fully_connected %x, %w : (tensor<2x16xf32>, tensor<10x16xf32>) -> tensor<2x10xf32> loc("fc_float")
  return %y : tensor<2x10xf32>
}
