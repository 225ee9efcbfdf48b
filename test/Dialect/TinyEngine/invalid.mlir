// RUN: mcunet-opt %s -split-input-file -verify-diagnostics

// Negative tests of the te verifiers: one case per rule and per distinct
// branch of a rule, each citing the label defined in
// docs/TinyEngineConstraints.md, then the ODS-generated constraints that
// matter. Quantized cases use input scale 0.5 and power-of-two weight
// scales, so bias scales are exact unless a case breaks them on purpose.

//===----------------------------------------------------------------------===//
// quant_*: quantization of activations, weights and biases
//===----------------------------------------------------------------------===//

// Tests that quant_c1 rejects an add that mixes a quantized and an f32
// operand.
func.func @quant_c1_binary(%a: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, %b: tensor<1x4xf32>) -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[quant_c1] mixes quantized and float tensors; all activations must be quantized or all f32}}
  %y = te.add %a, %b : (tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<1x4xf32>) -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that quant_c1 also covers the weight of a conv-like op: a quantized
// fully_connected with f32 weights is rejected.
func.func @quant_c1_weight(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<2x4xf32>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[quant_c1] mixes quantized and float tensors}}
  %y = te.fully_connected %x, %w : (tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x4xf32>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that quant_c2 rejects a per-axis quantized activation.
func.func @quant_c2_per_axis(%a: tensor<1x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[quant_c2] input must be per-tensor !quant.uniform with i8 storage, got '!quant.uniform<i8:f32:1, {5.000000e-01,2.500000e-01}>'}}
  %y = te.add %a, %a : (tensor<1x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>>, tensor<1x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that quant_c2 rejects an unsigned (u8) result.
func.func @quant_c2_unsigned(%x: tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x2x2x8x!quant.uniform<u8:f32, 0.5:127>> {
  // expected-error@+1 {{[quant_c2] result must be per-tensor !quant.uniform with i8 storage, got '!quant.uniform<u8:f32, 5.000000e-01:127>'}}
  %y = te.max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
      : tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x2x2x8x!quant.uniform<u8:f32, 0.5:127>>
  return %y : tensor<1x2x2x8x!quant.uniform<u8:f32, 0.5:127>>
}

// -----

// Tests that quant_c2 rejects a 16-bit activation (on a clamp input).
func.func @quant_c2_i16(%x: tensor<1x4x!quant.uniform<i16:f32, 0.5>>) -> tensor<1x4x!quant.uniform<i16:f32, 0.5>> {
  // expected-error@+1 {{[quant_c2] input must be per-tensor !quant.uniform with i8 storage}}
  %y = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x4x!quant.uniform<i16:f32, 0.5>> -> tensor<1x4x!quant.uniform<i16:f32, 0.5>>
  return %y : tensor<1x4x!quant.uniform<i16:f32, 0.5>>
}

// -----

// Tests that quant_c3 rejects weights whose storage is not i8 (here u8).
func.func @quant_c3_storage(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<2x4x!quant.uniform<u8:f32, 0.25>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[quant_c3] weights must have i8 storage, got '!quant.uniform<u8:f32, 2.500000e-01>'}}
  %y = te.fully_connected %x, %w : (tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x4x!quant.uniform<u8:f32, 0.25>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that quant_c3 rejects per-tensor weights with a nonzero zero point.
func.func @quant_c3_per_tensor_zp(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<2x4x!quant.uniform<i8:f32, 0.25:3>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[quant_c3] weight zero point must be 0, got 3}}
  %y = te.fully_connected %x, %w : (tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x4x!quant.uniform<i8:f32, 0.25:3>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that quant_c3 rejects per-axis weights with a nonzero zero point.
func.func @quant_c3_per_axis_zp(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32:0, {0.25, 0.25:1}>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[quant_c3] weight zero points must all be 0}}
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x1x1x2x!quant.uniform<i8:f32:0, {0.25, 0.25:1}>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that quant_c3 rejects weights that are neither per-tensor nor
// per-axis uniform (here !quant.any).
func.func @quant_c3_not_uniform(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<2x4x!quant.any<i8:f32>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[quant_c3] weights must be uniform (per-tensor or per-axis), got '!quant.any<i8:f32>'}}
  %y = te.fully_connected %x, %w : (tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x4x!quant.any<i8:f32>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that quant_c4 rejects conv2d weights quantized along a dimension
// other than 0 (the output channels).
func.func @quant_c4_axis(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32:3, {0.25, 0.25}>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[quant_c4] per-axis weights must be quantized along dimension 0 with 2 scales, got dimension 3 with 2 scales}}
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x1x1x2x!quant.uniform<i8:f32:3, {0.25, 0.25}>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that quant_c4 rejects depthwise weights with fewer scales than
// output channels.
func.func @quant_c4_count(%x: tensor<1x4x4x4x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<1x1x4x!quant.uniform<i8:f32:2, {0.25, 0.25}>>) -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[quant_c4] per-axis weights must be quantized along dimension 2 with 4 scales, got dimension 2 with 2 scales}}
  %y = te.depthwise_conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<1x1x4x!quant.uniform<i8:f32:2, {0.25, 0.25}>>) -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x4x4x4x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that quant_c5 rejects a bias whose storage is not i32 (here i8).
func.func @quant_c5_storage(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<2x4x!quant.uniform<i8:f32, 0.25>>, %b: tensor<2x!quant.uniform<i8:f32, 0.125>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[quant_c5] bias must have i32 storage}}
  %y = te.fully_connected %x, %w, %b : (tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x4x!quant.uniform<i8:f32, 0.25>>, tensor<2x!quant.uniform<i8:f32, 0.125>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that quant_c5 rejects a per-tensor bias with a nonzero zero point.
func.func @quant_c5_per_tensor_zp(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<2x4x!quant.uniform<i8:f32, 0.25>>, %b: tensor<2x!quant.uniform<i32:f32, 0.125:5>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[quant_c5] bias zero point must be 0}}
  %y = te.fully_connected %x, %w, %b : (tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x4x!quant.uniform<i8:f32, 0.25>>, tensor<2x!quant.uniform<i32:f32, 0.125:5>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that quant_c5 rejects a per-axis bias with a nonzero zero point.
func.func @quant_c5_per_axis_zp(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<2x4x!quant.uniform<i8:f32:0, {0.25, 0.125}>>, %b: tensor<2x!quant.uniform<i32:f32:0, {0.125:2, 0.0625}>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[quant_c5] bias zero points must all be 0}}
  %y = te.fully_connected %x, %w, %b : (tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x4x!quant.uniform<i8:f32:0, {0.25, 0.125}>>, tensor<2x!quant.uniform<i32:f32:0, {0.125:2, 0.0625}>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that quant_c5 rejects a per-axis bias with fewer scales than output
// channels.
func.func @quant_c5_per_axis_count(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<3x4x!quant.uniform<i8:f32:0, {0.25, 0.25, 0.25}>>, %b: tensor<3x!quant.uniform<i32:f32:0, {0.125, 0.125}>>) -> tensor<1x3x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[quant_c5] per-axis bias must have 3 scales along dimension 0}}
  %y = te.fully_connected %x, %w, %b : (tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<3x4x!quant.uniform<i8:f32:0, {0.25, 0.25, 0.25}>>, tensor<3x!quant.uniform<i32:f32:0, {0.125, 0.125}>>) -> tensor<1x3x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x3x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that quant_c5 rejects a per-axis bias quantized along a dimension
// other than 0.
func.func @quant_c5_per_axis_dim(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<2x4x!quant.uniform<i8:f32, 0.25>>, %b: tensor<2x!quant.uniform<i32:f32:1, {0.125, 0.125}>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[quant_c5] per-axis bias must have 2 scales along dimension 0}}
  %y = te.fully_connected %x, %w, %b : (tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x4x!quant.uniform<i8:f32, 0.25>>, tensor<2x!quant.uniform<i32:f32:1, {0.125, 0.125}>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that quant_c5 rejects an i32 bias that is not uniform quantized
// (here !quant.any).
func.func @quant_c5_not_uniform(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<2x4x!quant.uniform<i8:f32, 0.25>>, %b: tensor<2x!quant.any<i32:f32>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[quant_c5] bias must be uniform quantized}}
  %y = te.fully_connected %x, %w, %b : (tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x4x!quant.uniform<i8:f32, 0.25>>, tensor<2x!quant.any<i32:f32>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that quant_c6 rejects a per-axis bias whose scale differs from
// input scale x weight scale on one channel (0.5 x 0.5 = 0.25, not 0.125).
func.func @quant_c6_per_axis(%x: tensor<1x4x4x3x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<3x1x1x3x!quant.uniform<i8:f32:0, {0.25, 0.25, 0.5}>>, %b: tensor<3x!quant.uniform<i32:f32:0, {0.125, 0.125, 0.125}>>) -> tensor<1x4x4x3x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[quant_c6] bias scale 1.250000e-01 of channel 2 must equal input scale x weight scale = 2.500000e-01}}
  %y = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x3x!quant.uniform<i8:f32, 0.5:-1>>, tensor<3x1x1x3x!quant.uniform<i8:f32:0, {0.25, 0.25, 0.5}>>, tensor<3x!quant.uniform<i32:f32:0, {0.125, 0.125, 0.125}>>)
      -> tensor<1x4x4x3x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x4x4x3x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that quant_c6 compares a per-tensor bias scale with every channel of
// per-axis weights (channel 1 has weight scale 0.125).
func.func @quant_c6_per_tensor_bias(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<1x1x2x!quant.uniform<i8:f32:2, {0.25, 0.125}>>, %b: tensor<2x!quant.uniform<i32:f32, 0.125>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[quant_c6] bias scale 1.250000e-01 of channel 1 must equal input scale x weight scale = 6.250000e-02}}
  %y = te.depthwise_conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<1x1x2x!quant.uniform<i8:f32:2, {0.25, 0.125}>>, tensor<2x!quant.uniform<i32:f32, 0.125>>)
      -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

//===----------------------------------------------------------------------===//
// act_*: fused activation ranges
//===----------------------------------------------------------------------===//

// Tests that act_c1 rejects an activation range on a float result.
func.func @act_c1(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32> {
  // expected-error@+1 {{[act_c1] act_min/act_max require a quantized result}}
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, act_min = 0 : i64}
      : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Tests that act_c2 rejects an act_max above the i8 storage maximum.
func.func @act_c2_max(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<2x4x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[act_c2] activation range [-128, 200] exceeds the storage range [-128, 127]}}
  %y = te.fully_connected %x, %w {act_max = 200 : i64} : (tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x4x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that act_c2 rejects an act_min below the i8 storage minimum.
func.func @act_c2_min(%x: tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[act_c2] activation range [-129, 5] exceeds the storage range [-128, 127]}}
  %y = te.avg_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>, act_min = -129 : i64, act_max = 5 : i64}
      : tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that act_c3 rejects act_min > act_max.
func.func @act_c3(%a: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[act_c3] act_min 10 > act_max 5}}
  %y = te.mul %a, %a {act_min = 10 : i64, act_max = 5 : i64} : (tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that act_c2 rejects an act_min above the storage range even when
// act_max is left implicit.
func.func @act_c2_implicit_max(%a: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[act_c2] activation range [200, 127] exceeds the storage range [-128, 127]}}
  %y = te.add %a, %a {act_min = 200 : i64} : (tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

//===----------------------------------------------------------------------===//
// window_*: kernel, stride, dilation, padding
//===----------------------------------------------------------------------===//

// Tests that window_c1 rejects a conv2d stride of 0.
func.func @window_c1_conv2d_stride(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32> {
  // expected-error@+1 {{[window_c1] kernel, stride and dilation must be >= 1 and pads >= 0}}
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 0, 1>}
      : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Tests that window_c1 rejects a conv2d kernel of height 0 (from the weight
// shape).
func.func @window_c1_conv2d_kernel(%x: tensor<1x4x4x2xf32>, %w: tensor<2x0x1x2xf32>) -> tensor<1x4x4x2xf32> {
  // expected-error@+1 {{[window_c1] kernel, stride and dilation must be >= 1 and pads >= 0}}
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2xf32>, tensor<2x0x1x2xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Tests that window_c1 rejects a depthwise_conv2d dilation of 0.
func.func @window_c1_depthwise_dilation(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error@+1 {{[window_c1] kernel, stride and dilation must be >= 1 and pads >= 0}}
  %y = te.depthwise_conv2d %x, %w {dilation = array<i64: 1, 0>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2xf32>, tensor<3x3x2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// Tests that window_c1 rejects a negative avg_pool2d pad.
func.func @window_c1_avg_pool_pad(%x: tensor<1x4x4x8xf32>) -> tensor<1x2x2x8xf32> {
  // expected-error@+1 {{[window_c1] kernel, stride and dilation must be >= 1 and pads >= 0}}
  %y = te.avg_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, -1>, stride = array<i64: 2, 2>}
      : tensor<1x4x4x8xf32> -> tensor<1x2x2x8xf32>
  return %y : tensor<1x2x2x8xf32>
}

// -----

// Tests that window_c1 rejects a max_pool2d kernel of width 0.
func.func @window_c1_max_pool_kernel(%x: tensor<1x4x4x8xf32>) -> tensor<1x2x2x8xf32> {
  // expected-error@+1 {{[window_c1] kernel, stride and dilation must be >= 1 and pads >= 0}}
  %y = te.max_pool2d %x {kernel = array<i64: 2, 0>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
      : tensor<1x4x4x8xf32> -> tensor<1x2x2x8xf32>
  return %y : tensor<1x2x2x8xf32>
}

// -----

// Tests that window_c2 rejects a conv2d output height that does not follow
// from the window: (8 + 1 + 0 - 3) / 2 + 1 = 4, not 3.
func.func @window_c2_conv2d(%x: tensor<1x8x8x3xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error@+1 {{[window_c2] expected output height 4 from input 8, window 3, stride 2, dilation 1, pads 1+0; got 3}}
  %y = te.conv2d %x, %w {pad = array<i64: 1, 1, 0, 0>, stride = array<i64: 2, 2>}
      : (tensor<1x8x8x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

// Tests that window_c2 accounts for dilation in depthwise_conv2d: the
// effective width of a 3-wide window with dilation 2 is 5, so the output
// width is 7 - 5 + 1 = 3, not 5.
func.func @window_c2_depthwise(%x: tensor<1x7x7x2xf32>, %w: tensor<3x3x2xf32>) -> tensor<1x5x5x2xf32> {
  // expected-error@+1 {{[window_c2] expected output height 3 from input 7, window 3, stride 1, dilation 2, pads 0+0; got 5}}
  %y = te.depthwise_conv2d %x, %w {dilation = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x7x7x2xf32>, tensor<3x3x2xf32>) -> tensor<1x5x5x2xf32>
  return %y : tensor<1x5x5x2xf32>
}

// -----

// Tests that window_c2 rejects an avg_pool2d output width that does not
// follow from the window.
func.func @window_c2_avg_pool(%x: tensor<1x4x4x8xf32>) -> tensor<1x2x3x8xf32> {
  // expected-error@+1 {{[window_c2] expected output width 2 from input 4, window 2, stride 2, dilation 1, pads 0+0; got 3}}
  %y = te.avg_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
      : tensor<1x4x4x8xf32> -> tensor<1x2x3x8xf32>
  return %y : tensor<1x2x3x8xf32>
}

// -----

// Tests that window_c2 rejects a max_pool2d window larger than the padded
// input (no valid output position).
func.func @window_c2_max_pool_empty(%x: tensor<1x2x2x8xf32>) -> tensor<1x1x1x8xf32> {
  // expected-error@+1 {{[window_c2] expected output height 0 from input 2, window 3, stride 1, dilation 1, pads 0+0; got 1}}
  %y = te.max_pool2d %x {kernel = array<i64: 3, 3>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : tensor<1x2x2x8xf32> -> tensor<1x1x1x8xf32>
  return %y : tensor<1x1x1x8xf32>
}

// -----

//===----------------------------------------------------------------------===//
// bias_c1
//===----------------------------------------------------------------------===//

// Tests that bias_c1 rejects a conv2d bias with the wrong length.
func.func @bias_c1_length(%x: tensor<1x4x4x2xf32>, %w: tensor<4x1x1x2xf32>, %b: tensor<3xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error@+1 {{[bias_c1] bias must have shape [4], got 'tensor<3xf32>'}}
  %y = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2xf32>, tensor<4x1x1x2xf32>, tensor<3xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// Tests that bias_c1 rejects a fully_connected bias of rank 2.
func.func @bias_c1_rank(%x: tensor<1x4xf32>, %w: tensor<2x4xf32>, %b: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error@+1 {{[bias_c1] bias must have shape [2], got 'tensor<1x2xf32>'}}
  %y = te.fully_connected %x, %w, %b : (tensor<1x4xf32>, tensor<2x4xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

// Tests that conv2d_c1 rejects rank-3 weights.
func.func @conv2d_c1(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x2xf32>) -> tensor<1x4x4x2xf32> {
  // expected-error@+1 {{[conv2d_c1] input (NHWC), weight (OHWI) and result must have rank 4}}
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2xf32>, tensor<2x1x2xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Tests that conv2d_c2 rejects input channels that differ from weight
// in-channels x groups.
func.func @conv2d_c2_in_channels(%x: tensor<1x4x4x4xf32>, %w: tensor<4x1x1x2xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error@+1 {{[conv2d_c2] input channels 4 must equal weight in-channels 2 x groups 1, and output channels must be divisible by groups}}
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x4xf32>, tensor<4x1x1x2xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// Tests that conv2d_c2 rejects output channels that groups do not divide.
func.func @conv2d_c2_out_channels(%x: tensor<1x4x4x4xf32>, %w: tensor<3x1x1x2xf32>) -> tensor<1x4x4x3xf32> {
  // expected-error@+1 {{[conv2d_c2] input channels 4 must equal weight in-channels 2 x groups 2}}
  %y = te.conv2d %x, %w {groups = 2 : i64, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x4xf32>, tensor<3x1x1x2xf32>) -> tensor<1x4x4x3xf32>
  return %y : tensor<1x4x4x3xf32>
}

// -----

// Tests that conv2d_c2 rejects groups = 0.
func.func @conv2d_c2_zero_groups(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32> {
  // expected-error@+1 {{[conv2d_c2] input channels 2 must equal weight in-channels 2 x groups 0}}
  %y = te.conv2d %x, %w {groups = 0 : i64, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Tests that conv2d_c3 rejects a result whose channels differ from the
// weight's output channels.
func.func @conv2d_c3_channels(%x: tensor<1x4x4x2xf32>, %w: tensor<4x1x1x2xf32>) -> tensor<1x4x4x2xf32> {
  // expected-error@+1 {{[conv2d_c3] result must have batch 1 and 4 channels, got 'tensor<1x4x4x2xf32>'}}
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2xf32>, tensor<4x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Tests that conv2d_c3 rejects a result whose batch differs from the input's.
func.func @conv2d_c3_batch(%x: tensor<2x4x4x2xf32>, %w: tensor<4x1x1x2xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error@+1 {{[conv2d_c3] result must have batch 2 and 4 channels, got 'tensor<1x4x4x4xf32>'}}
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<2x4x4x2xf32>, tensor<4x1x1x2xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// depthwise_conv2d
//===----------------------------------------------------------------------===//

// Tests that depthwise_conv2d_c1 rejects rank-4 (OHWI) weights.
func.func @depthwise_conv2d_c1(%x: tensor<1x4x4x2xf32>, %w: tensor<1x3x3x2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error@+1 {{[depthwise_conv2d_c1] input and result must have rank 4 (NHWC) and weight rank 3 ([kh, kw, channels])}}
  %y = te.depthwise_conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2xf32>, tensor<1x3x3x2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// Tests that depthwise_conv2d_c2 rejects result channels that differ from
// the weight channels.
func.func @depthwise_conv2d_c2_weight(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x4xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error@+1 {{[depthwise_conv2d_c2] result channels 2 must equal weight channels 4 and be a multiple of input channels 2}}
  %y = te.depthwise_conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2xf32>, tensor<3x3x4xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// Tests that depthwise_conv2d_c2 rejects result channels that are not a
// multiple of the input channels.
func.func @depthwise_conv2d_c2_multiple(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x3xf32>) -> tensor<1x2x2x3xf32> {
  // expected-error@+1 {{[depthwise_conv2d_c2] result channels 3 must equal weight channels 3 and be a multiple of input channels 2}}
  %y = te.depthwise_conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2xf32>, tensor<3x3x3xf32>) -> tensor<1x2x2x3xf32>
  return %y : tensor<1x2x2x3xf32>
}

// -----

// Tests that depthwise_conv2d_c3 rejects a batch change.
func.func @depthwise_conv2d_c3(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x2xf32>) -> tensor<2x2x2x2xf32> {
  // expected-error@+1 {{[depthwise_conv2d_c3] result batch 2 must equal input batch 1}}
  %y = te.depthwise_conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2xf32>, tensor<3x3x2xf32>) -> tensor<2x2x2x2xf32>
  return %y : tensor<2x2x2x2xf32>
}

// -----

//===----------------------------------------------------------------------===//
// fully_connected
//===----------------------------------------------------------------------===//

// Tests that fully_connected_c1 rejects a rank-4 input.
func.func @fully_connected_c1(%x: tensor<1x1x1x4xf32>, %w: tensor<2x4xf32>) -> tensor<1x2xf32> {
  // expected-error@+1 {{[fully_connected_c1] input [batch, in], weight [out, in] and result [batch, out] must have rank 2}}
  %y = te.fully_connected %x, %w : (tensor<1x1x1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// Tests that fully_connected_c2 rejects weights whose in-features differ from
// the input features.
func.func @fully_connected_c2_in(%x: tensor<1x4xf32>, %w: tensor<2x5xf32>) -> tensor<1x2xf32> {
  // expected-error@+1 {{[fully_connected_c2] expected result [1, 2] with weight in-features equal to input features 4; got weight 'tensor<2x5xf32>' and result 'tensor<1x2xf32>'}}
  %y = te.fully_connected %x, %w : (tensor<1x4xf32>, tensor<2x5xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// Tests that fully_connected_c2 rejects a result of the wrong shape.
func.func @fully_connected_c2_out(%x: tensor<3x4xf32>, %w: tensor<2x4xf32>) -> tensor<3x4xf32> {
  // expected-error@+1 {{[fully_connected_c2] expected result [3, 2]}}
  %y = te.fully_connected %x, %w : (tensor<3x4xf32>, tensor<2x4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// add, mul
//===----------------------------------------------------------------------===//

// Tests that binary_c1 rejects operands that do not broadcast.
func.func @binary_c1_incompatible(%a: tensor<1x4xf32>, %b: tensor<3xf32>) -> tensor<1x4xf32> {
  // expected-error@+1 {{[binary_c1] operand shapes 'tensor<1x4xf32>' and 'tensor<3xf32>' do not broadcast to the result type 'tensor<1x4xf32>'}}
  %y = te.add %a, %b : (tensor<1x4xf32>, tensor<3xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// Tests that binary_c1 rejects a result that is not the broadcast shape of
// compatible operands.
func.func @binary_c1_result(%a: tensor<1x4x1xf32>, %b: tensor<3x1xf32>) -> tensor<1x4x1xf32> {
  // expected-error@+1 {{[binary_c1] operand shapes 'tensor<1x4x1xf32>' and 'tensor<3x1xf32>' do not broadcast to the result type 'tensor<1x4x1xf32>'}}
  %y = te.mul %a, %b : (tensor<1x4x1xf32>, tensor<3x1xf32>) -> tensor<1x4x1xf32>
  return %y : tensor<1x4x1xf32>
}

// -----

//===----------------------------------------------------------------------===//
// avg_pool2d, max_pool2d, global_avg_pool
//===----------------------------------------------------------------------===//

// Tests that pool_c1 rejects a rank-3 avg_pool2d input.
func.func @pool_c1_rank(%x: tensor<4x4x8xf32>) -> tensor<2x2x8xf32> {
  // expected-error@+1 {{[pool_c1] input and result must be rank-4 NHWC with equal batch and channels, got 'tensor<4x4x8xf32>' and 'tensor<2x2x8xf32>'}}
  %y = te.avg_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
      : tensor<4x4x8xf32> -> tensor<2x2x8xf32>
  return %y : tensor<2x2x8xf32>
}

// -----

// Tests that pool_c1 rejects a max_pool2d that changes the channel count.
func.func @pool_c1_channels(%x: tensor<1x4x4x8xf32>) -> tensor<1x2x2x4xf32> {
  // expected-error@+1 {{[pool_c1] input and result must be rank-4 NHWC with equal batch and channels}}
  %y = te.max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
      : tensor<1x4x4x8xf32> -> tensor<1x2x2x4xf32>
  return %y : tensor<1x2x2x4xf32>
}

// -----

// Tests that global_avg_pool_c1 rejects a result with spatial size other
// than 1x1.
func.func @global_avg_pool_c1(%x: tensor<1x7x7x8xf32>) -> tensor<1x7x1x8xf32> {
  // expected-error@+1 {{[global_avg_pool_c1] expected result shape [N, 1, 1, C] from input 'tensor<1x7x7x8xf32>', got 'tensor<1x7x1x8xf32>'}}
  %y = te.global_avg_pool %x : tensor<1x7x7x8xf32> -> tensor<1x7x1x8xf32>
  return %y : tensor<1x7x1x8xf32>
}

// -----

//===----------------------------------------------------------------------===//
// pad, reshape, transpose, resize_nearest, concat
//===----------------------------------------------------------------------===//

// Tests that pad_c1 rejects a padding list whose length is not 2 x rank.
func.func @pad_c1_count(%x: tensor<2x3xf32>) -> tensor<4x3xf32> {
  // expected-error@+1 {{[pad_c1] padding must have 4 non-negative entries (before each dim, then after each dim)}}
  %y = te.pad %x {padding = array<i64: 1, 1>} : tensor<2x3xf32> -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

// Tests that pad_c1 rejects a negative padding entry.
func.func @pad_c1_negative(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  // expected-error@+1 {{[pad_c1] padding must have 4 non-negative entries}}
  %y = te.pad %x {padding = array<i64: 0, 0, 0, -1>} : tensor<2x3xf32> -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// Tests that pad_c2 rejects a result dimension that is not
// before + input + after.
func.func @pad_c2(%x: tensor<2x3xf32>) -> tensor<5x5xf32> {
  // expected-error@+1 {{[pad_c2] result dimension 1 must be 4}}
  %y = te.pad %x {padding = array<i64: 1, 0, 2, 1>} : tensor<2x3xf32> -> tensor<5x5xf32>
  return %y : tensor<5x5xf32>
}

// -----

// Tests that pad_c2 rejects a result whose rank differs from the input's.
func.func @pad_c2_rank(%x: tensor<2x3xf32>) -> tensor<2x3x1xf32> {
  // expected-error@+1 {{[pad_c2] result rank must be 2}}
  %y = te.pad %x {padding = array<i64: 0, 0, 0, 0>} : tensor<2x3xf32> -> tensor<2x3x1xf32>
  return %y : tensor<2x3x1xf32>
}

// -----

// Tests that pad_c2 rejects a result of another rank (rank-0 input).
func.func @pad_c2_rank0(%x: tensor<f32>) -> tensor<4x4xf32> {
  // expected-error@+1 {{[pad_c2] result rank must be 0}}
  %y = te.pad %x {padding = array<i64>} : tensor<f32> -> tensor<4x4xf32>
  return %y : tensor<4x4xf32>
}

// -----

// Tests that reshape_c1 rejects a change of element count.
func.func @reshape_c1(%x: tensor<2x3xf32>) -> tensor<7xf32> {
  // expected-error@+1 {{[reshape_c1] element count changes from 6 to 7}}
  %y = te.reshape %x : tensor<2x3xf32> -> tensor<7xf32>
  return %y : tensor<7xf32>
}

// -----

// Tests that transpose_c1 rejects a perm of the wrong length.
func.func @transpose_c1_length(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error@+1 {{[transpose_c1] perm must be a permutation of [0, 2)}}
  %y = te.transpose %x {perm = array<i64: 1, 0, 2>} : tensor<2x3xf32> -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// Tests that transpose_c1 rejects a perm with a repeated entry.
func.func @transpose_c1_repeat(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  // expected-error@+1 {{[transpose_c1] perm must be a permutation of [0, 2)}}
  %y = te.transpose %x {perm = array<i64: 0, 0>} : tensor<2x3xf32> -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// Tests that transpose_c1 rejects an out-of-range perm entry.
func.func @transpose_c1_range(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error@+1 {{[transpose_c1] perm must be a permutation of [0, 2)}}
  %y = te.transpose %x {perm = array<i64: 2, -1>} : tensor<2x3xf32> -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// Tests that transpose_c2 rejects a result that is not the permuted input
// shape.
func.func @transpose_c2(%x: tensor<2x3x4xf32>) -> tensor<4x3x2xf32> {
  // expected-error@+1 {{[transpose_c2] result dimension 0 must be 3}}
  %y = te.transpose %x {perm = array<i64: 1, 2, 0>} : tensor<2x3x4xf32> -> tensor<4x3x2xf32>
  return %y : tensor<4x3x2xf32>
}

// -----

// Tests that transpose_c2 rejects a result of another rank.
func.func @transpose_c2_rank0(%x: tensor<f32>) -> tensor<3xf32> {
  // expected-error@+1 {{[transpose_c2] result rank must be 0}}
  %y = te.transpose %x {perm = array<i64>} : tensor<f32> -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

// Tests that resize_c1 rejects a resize that changes the channel count.
func.func @resize_c1_channels(%x: tensor<1x4x4x8xf32>) -> tensor<1x8x8x4xf32> {
  // expected-error@+1 {{[resize_c1] input and result must be rank-4 NHWC with equal batch and channels}}
  %y = te.resize_nearest %x : tensor<1x4x4x8xf32> -> tensor<1x8x8x4xf32>
  return %y : tensor<1x8x8x4xf32>
}

// -----

// Tests that resize_c1 rejects a rank-3 input.
func.func @resize_c1_rank(%x: tensor<4x4x8xf32>) -> tensor<8x8x8xf32> {
  // expected-error@+1 {{[resize_c1] input and result must be rank-4 NHWC with equal batch and channels}}
  %y = te.resize_nearest %x : tensor<4x4x8xf32> -> tensor<8x8x8xf32>
  return %y : tensor<8x8x8xf32>
}

// -----

// Tests that resize_c2 rejects align_corners together with
// half_pixel_centers.
func.func @resize_c2(%x: tensor<1x4x4x8xf32>) -> tensor<1x8x8x8xf32> {
  // expected-error@+1 {{[resize_c2] align_corners and half_pixel_centers are exclusive}}
  %y = te.resize_nearest %x {align_corners = true, half_pixel_centers = true} : tensor<1x4x4x8xf32> -> tensor<1x8x8x8xf32>
  return %y : tensor<1x8x8x8xf32>
}

// -----

// Tests that slice_c1 rejects a window with other channels than the input.
func.func @slice_c1(%x: tensor<1x8x8x4xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error@+1 {{[slice_c1] the tensor and the window must be rank-4 NHWC with equal batch and channels}}
  %y = te.slice %x {offsets = array<i64: 0, 0>} : tensor<1x8x8x4xf32> -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// Tests that slice_c1 rejects a rank-3 tensor.
func.func @slice_c1_rank(%x: tensor<8x8x4xf32>) -> tensor<2x2x4xf32> {
  // expected-error@+1 {{[slice_c1] the tensor and the window must be rank-4 NHWC with equal batch and channels}}
  %y = te.slice %x {offsets = array<i64: 0, 0>} : tensor<8x8x4xf32> -> tensor<2x2x4xf32>
  return %y : tensor<2x2x4xf32>
}

// -----

// Tests that slice_c2 rejects a window that runs past the bottom.
func.func @slice_c2(%x: tensor<1x8x8x4xf32>) -> tensor<1x4x2x4xf32> {
  // expected-error@+1 {{[slice_c2] window of 4 at offset 6 does not fit dimension 1 of size 8}}
  %y = te.slice %x {offsets = array<i64: 6, 0>} : tensor<1x8x8x4xf32> -> tensor<1x4x2x4xf32>
  return %y : tensor<1x4x2x4xf32>
}

// -----

// Tests that slice_c2 rejects a negative column offset.
func.func @slice_c2_negative(%x: tensor<1x8x8x4xf32>) -> tensor<1x4x2x4xf32> {
  // expected-error@+1 {{[slice_c2] window of 2 at offset -1 does not fit dimension 2 of size 8}}
  %y = te.slice %x {offsets = array<i64: 0, -1>} : tensor<1x8x8x4xf32> -> tensor<1x4x2x4xf32>
  return %y : tensor<1x4x2x4xf32>
}

// -----

// Tests that a slice keeps the element type (data_c1).
func.func @slice_data_c1(%x: tensor<1x8x8x4x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.5:2>> {
  // expected-error@+1 {{[data_c1] input element type}}
  %y = te.slice %x {offsets = array<i64: 0, 0>} : tensor<1x8x8x4x!quant.uniform<i8:f32, 0.5:1>> -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.5:2>>
  return %y : tensor<1x4x4x4x!quant.uniform<i8:f32, 0.5:2>>
}

// -----

// Tests that insert_slice_c1 rejects a patch with other channels.
func.func @insert_slice_c1(%p: tensor<1x4x8x2xf32>) -> tensor<1x8x8x4xf32> {
  // expected-error@+1 {{[insert_slice_c1] the tensor and the window must be rank-4 NHWC with equal batch and channels}}
  %y = te.insert_slice %p {offsets = array<i64: 0, 0>} : (tensor<1x4x8x2xf32>) -> tensor<1x8x8x4xf32>
  return %y : tensor<1x8x8x4xf32>
}

// -----

// Tests that insert_slice_c2 rejects a patch that runs past the right edge.
func.func @insert_slice_c2(%p: tensor<1x4x8x4xf32>) -> tensor<1x8x8x4xf32> {
  // expected-error@+1 {{[insert_slice_c2] window of 8 at offset 1 does not fit dimension 2 of size 8}}
  %y = te.insert_slice %p {offsets = array<i64: 0, 1>} : (tensor<1x4x8x4xf32>) -> tensor<1x8x8x4xf32>
  return %y : tensor<1x8x8x4xf32>
}

// -----

// Tests that insert_slice_c3 rejects a destination of another type.
func.func @insert_slice_c3(%p: tensor<1x4x8x4xf32>, %d: tensor<1x8x9x4xf32>) -> tensor<1x8x8x4xf32> {
  // expected-error@+1 {{[insert_slice_c3] destination type 'tensor<1x8x9x4xf32>' must be the result type 'tensor<1x8x8x4xf32>'}}
  %y = te.insert_slice %p, %d {offsets = array<i64: 4, 0>} : (tensor<1x4x8x4xf32>, tensor<1x8x9x4xf32>) -> tensor<1x8x8x4xf32>
  return %y : tensor<1x8x8x4xf32>
}

// -----

// Tests that an insert_slice keeps the element type (data_c1).
func.func @insert_slice_data_c1(%p: tensor<1x4x8x4x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<1x8x8x4x!quant.uniform<i8:f32, 0.25:1>> {
  // expected-error@+1 {{[data_c1] input element type}}
  %y = te.insert_slice %p {offsets = array<i64: 0, 0>} : (tensor<1x4x8x4x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<1x8x8x4x!quant.uniform<i8:f32, 0.25:1>>
  return %y : tensor<1x8x8x4x!quant.uniform<i8:f32, 0.25:1>>
}

// -----

// Tests that concat_c1 rejects a concat without inputs.
func.func @concat_c1_empty() -> tensor<0xf32> {
  // expected-error@+1 {{[concat_c1] needs at least one input}}
  %y = te.concat {axis = 0 : i64} : () -> tensor<0xf32>
  return %y : tensor<0xf32>
}

// -----

// Tests that concat_c1 rejects an axis beyond the rank.
func.func @concat_c1_axis(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<4x3xf32> {
  // expected-error@+1 {{[concat_c1] axis 2 out of range for rank 2}}
  %y = te.concat %a, %b {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

// Tests that concat_c1 rejects a negative axis (no Python-style wrap-around).
func.func @concat_c1_negative_axis(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x6xf32> {
  // expected-error@+1 {{[concat_c1] axis -1 out of range for rank 2}}
  %y = te.concat %a, %b {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return %y : tensor<2x6xf32>
}

// -----

// Tests that concat_c2 rejects an input whose rank differs from the result's.
func.func @concat_c2_rank(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<3x3xf32> {
  // expected-error@+1 {{[concat_c2] input 'tensor<3xf32>' has a different rank than the result}}
  %y = te.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3x3xf32>
  return %y : tensor<3x3xf32>
}

// -----

// Tests that concat_c2 rejects an input that differs from the result off the
// concatenation axis.
func.func @concat_c2_off_axis(%a: tensor<2x3xf32>, %b: tensor<1x4xf32>) -> tensor<3x3xf32> {
  // expected-error@+1 {{[concat_c2] input 'tensor<1x4xf32>' differs from the result in dimension 1}}
  %y = te.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<1x4xf32>) -> tensor<3x3xf32>
  return %y : tensor<3x3xf32>
}

// -----

// Tests that concat_c2 rejects a result whose axis size is not the sum of
// the inputs'.
func.func @concat_c2_sum(%a: tensor<2x3xf32>, %b: tensor<1x3xf32>) -> tensor<4x3xf32> {
  // expected-error@+1 {{[concat_c2] result dimension 0 must be 3}}
  %y = te.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// softmax, clamp
//===----------------------------------------------------------------------===//

// Tests that softmax_c1 rejects a shape change.
func.func @softmax_c1_shape(%x: tensor<1x4xf32>) -> tensor<4x1xf32> {
  // expected-error@+1 {{[softmax_c1] result shape must equal the input shape and beta must be > 0}}
  %y = te.softmax %x : tensor<1x4xf32> -> tensor<4x1xf32>
  return %y : tensor<4x1xf32>
}

// -----

// Tests that softmax_c1 rejects beta = 0.
func.func @softmax_c1_beta(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error@+1 {{[softmax_c1] result shape must equal the input shape and beta must be > 0}}
  %y = te.softmax %x {beta = 0.0 : f64} : tensor<1x4xf32> -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// Tests that clamp_c1 rejects a clamp that changes the quantization
// parameters (a clamp never requantizes).
func.func @clamp_c1(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.25:-1>> {
  // expected-error@+1 {{[clamp_c1] input and result types must be identical}}
  %y = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x4x!quant.uniform<i8:f32, 0.25:-1>>
  return %y : tensor<1x4x!quant.uniform<i8:f32, 0.25:-1>>
}

// -----

// Tests that clamp_c2 rejects min > max.
func.func @clamp_c2(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error@+1 {{[clamp_c2] min 6.000000e+00 > max 0.000000e+00}}
  %y = te.clamp %x {min = 6.0 : f64, max = 0.0 : f64} : tensor<1x4xf32> -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// Tests that clamp_c2 rejects a NaN bound (min <= max does not hold).
func.func @clamp_c2_nan(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error@+1 {{[clamp_c2] min nan > max 1.000000e+00}}
  %y = te.clamp %x {min = 0x7FF8000000000000 : f64, max = 1.0 : f64} : tensor<1x4xf32> -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// quantize, dequantize
//===----------------------------------------------------------------------===//

// Tests that quantize_c1 rejects a float result.
func.func @quantize_c1_float(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error@+1 {{[quantize_c1] result must be a quantized tensor of the input's shape}}
  %y = te.quantize %x : tensor<1x4xf32> -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// Tests that quantize_c1 rejects a shape change.
func.func @quantize_c1_shape(%x: tensor<1x4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[quantize_c1] result must be a quantized tensor of the input's shape}}
  %y = te.quantize %x : tensor<1x4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<4x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that quantize_c2 rejects a per-axis result (activations are per
// tensor; u8 is allowed for boundary conversions).
func.func @quantize_c2_per_axis(%x: tensor<1x4xf32>) -> tensor<1x4x!quant.uniform<i8:f32:1, {0.5, 0.5, 0.5, 0.5}>> {
  // expected-error@+1 {{[quantize_c2] result must be per-tensor !quant.uniform with i8 or u8 storage}}
  %y = te.quantize %x : tensor<1x4xf32> -> tensor<1x4x!quant.uniform<i8:f32:1, {0.5, 0.5, 0.5, 0.5}>>
  return %y : tensor<1x4x!quant.uniform<i8:f32:1, {0.5, 0.5, 0.5, 0.5}>>
}

// -----

// Tests that dequantize_c1 rejects a float input.
func.func @dequantize_c1_input(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error@+1 {{[dequantize_c1] input must be quantized and the result f32 of the same shape}}
  %y = te.dequantize %x : tensor<1x4xf32> -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// Tests that dequantize_c1 rejects a quantized result.
func.func @dequantize_c1_result(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.25>> {
  // expected-error@+1 {{[dequantize_c1] input must be quantized and the result f32 of the same shape}}
  %y = te.dequantize %x : tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x4x!quant.uniform<i8:f32, 0.25>>
  return %y : tensor<1x4x!quant.uniform<i8:f32, 0.25>>
}

// -----

// Tests that dequantize_c1 rejects a shape change.
func.func @dequantize_c1_shape(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<2x2xf32> {
  // expected-error@+1 {{[dequantize_c1] input must be quantized and the result f32 of the same shape}}
  %y = te.dequantize %x : tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

//===----------------------------------------------------------------------===//
// constant
//===----------------------------------------------------------------------===//

// Tests that constant_c1 rejects a value whose shape differs from the
// result's.
func.func @constant_c1() -> tensor<4xf32> {
  // expected-error@+1 {{[constant_c1] value shape and result shape differ: 'tensor<2x2xf32>' vs 'tensor<4xf32>'}}
  %c = te.constant dense<1.0> : tensor<2x2xf32> -> tensor<4xf32>
  return %c : tensor<4xf32>
}

// -----

// Tests that constant_c2 rejects a quantized constant whose value is not in
// the storage type (i32 data for i8 weights).
func.func @constant_c2_storage() -> tensor<2x!quant.uniform<i8:f32, 0.5>> {
  // expected-error@+1 {{[constant_c2] value element type 'i32' must be 'i8'}}
  %c = te.constant dense<1> : tensor<2xi32> -> tensor<2x!quant.uniform<i8:f32, 0.5>>
  return %c : tensor<2x!quant.uniform<i8:f32, 0.5>>
}

// -----

// Tests that constant_c2 rejects an f32 constant given integer data.
func.func @constant_c2_float() -> tensor<2xf32> {
  // expected-error@+1 {{[constant_c2] value element type 'i8' must be 'f32'}}
  %c = te.constant dense<1> : tensor<2xi8> -> tensor<2xf32>
  return %c : tensor<2xf32>
}

// -----

//===----------------------------------------------------------------------===//
// data_c1: ops that only move data keep the element type
//===----------------------------------------------------------------------===//

// Tests that data_c1 rejects a te.pad that changes the quantization
// parameters.
func.func @data_c1_pad(%x: tensor<2x3x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<4x3x!quant.uniform<i8:f32, 0.5:0>> {
  // expected-error@+1 {{[data_c1] input element type '!quant.uniform<i8:f32, 5.000000e-01:-1>' and result element type '!quant.uniform<i8:f32, 5.000000e-01>' must be identical}}
  %y = te.pad %x {padding = array<i64: 1, 0, 1, 0>} : tensor<2x3x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<4x3x!quant.uniform<i8:f32, 0.5:0>>
  return %y : tensor<4x3x!quant.uniform<i8:f32, 0.5:0>>
}

// -----

// Tests that data_c1 rejects a te.reshape between f32 and quantized types.
func.func @data_c1_reshape(%x: tensor<2x3xf32>) -> tensor<6x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{[data_c1] input element type 'f32' and result element type '!quant.uniform<i8:f32, 5.000000e-01:-1>' must be identical}}
  %y = te.reshape %x : tensor<2x3xf32> -> tensor<6x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<6x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that data_c1 rejects a te.transpose that changes the scale.
func.func @data_c1_transpose(%x: tensor<2x3x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<3x2x!quant.uniform<i8:f32, 0.25:-1>> {
  // expected-error@+1 {{[data_c1] input element type '!quant.uniform<i8:f32, 5.000000e-01:-1>' and result element type '!quant.uniform<i8:f32, 2.500000e-01:-1>' must be identical}}
  %y = te.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<3x2x!quant.uniform<i8:f32, 0.25:-1>>
  return %y : tensor<3x2x!quant.uniform<i8:f32, 0.25:-1>>
}

// -----

// Tests that data_c1 rejects a te.resize_nearest that changes the element
// type.
func.func @data_c1_resize(%x: tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x4x3xf32> {
  // expected-error@+1 {{[data_c1] input element type '!quant.uniform<i8:f32, 5.000000e-01:-1>' and result element type 'f32' must be identical}}
  %y = te.resize_nearest %x : tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x4x4x3xf32>
  return %y : tensor<1x4x4x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// ODS-generated constraints
//===----------------------------------------------------------------------===//

// Tests that ODS rejects a stride with 3 entries (TE_I64Pair).
func.func @ods_stride_count(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32> {
  // expected-error@+1 {{'te.conv2d' op attribute 'stride' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements}}
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Tests that ODS rejects a pad with 2 entries (TE_I64Quad).
func.func @ods_pad_count(%x: tensor<1x4x4x8xf32>) -> tensor<1x2x2x8xf32> {
  // expected-error@+1 {{'te.max_pool2d' op attribute 'pad' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements}}
  %y = te.max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0>, stride = array<i64: 2, 2>} : tensor<1x4x4x8xf32> -> tensor<1x2x2x8xf32>
  return %y : tensor<1x2x2x8xf32>
}

// -----

// Tests that ODS rejects a missing required attribute (pad of conv2d).
func.func @ods_missing_pad(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32> {
  // expected-error@+1 {{'te.conv2d' op requires attribute 'pad'}}
  %y = te.conv2d %x, %w {stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Tests that ODS rejects a dynamically shaped tensor (TE_Tensor is static).
func.func @ods_dynamic_shape(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error@+1 {{'te.softmax' op operand #0 must be statically shaped tensor of 32-bit float or quantized type values, but got 'tensor<?x4xf32>'}}
  %y = te.softmax %x : tensor<?x4xf32> -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

// Tests that ODS rejects an unranked tensor (generic form: the custom syntax
// cannot even spell it).
func.func @ods_unranked(%x: tensor<*xf32>) -> tensor<1x4xf32> {
  // expected-error@+1 {{'te.reshape' op operand #0 must be statically shaped tensor of 32-bit float or quantized type values, but got 'tensor<*xf32>'}}
  %y = "te.reshape"(%x) : (tensor<*xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// Tests that ODS rejects a plain integer activation (i8 without
// quantization parameters).
func.func @ods_raw_i8(%x: tensor<1x4xi8>) -> tensor<1x4xi8> {
  // expected-error@+1 {{'te.add' op operand #0 must be statically shaped tensor of 32-bit float or quantized type values, but got 'tensor<1x4xi8>'}}
  %y = te.add %x, %x : (tensor<1x4xi8>, tensor<1x4xi8>) -> tensor<1x4xi8>
  return %y : tensor<1x4xi8>
}

// -----

// Tests that ODS rejects an f16 result.
func.func @ods_f16_result(%x: tensor<1x4xf32>) -> tensor<1x4xf16> {
  // expected-error@+1 {{'te.dequantize' op result #0 must be statically shaped tensor of 32-bit float or quantized type values, but got 'tensor<1x4xf16>'}}
  %y = te.dequantize %x : tensor<1x4xf32> -> tensor<1x4xf16>
  return %y : tensor<1x4xf16>
}

// -----

// Tests that ODS rejects a non-i64 act_min.
func.func @ods_act_min_type(%a: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>> {
  // expected-error@+1 {{'te.add' op attribute 'act_min' failed to satisfy constraint: 64-bit signless integer attribute}}
  %y = te.add %a, %a {act_min = 0 : i32} : (tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that ODS rejects a clamp without a max bound.
func.func @ods_clamp_missing_max(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error@+1 {{'te.clamp' op requires attribute 'max'}}
  %y = te.clamp %x {min = 0.0 : f64} : tensor<1x4xf32> -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// Tests that ODS rejects a concat axis that is not an integer.
func.func @ods_concat_axis_type(%a: tensor<2x3xf32>) -> tensor<4x3xf32> {
  // expected-error@+1 {{'te.concat' op attribute 'axis' failed to satisfy constraint: 64-bit signless integer attribute}}
  %y = te.concat %a, %a {axis = 0.0 : f32} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

// Tests that quantize_c2 rejects a boundary conversion to a 16-bit type
// (int8/uint8 conversions at the model boundary are the only exception to
// quant_c2).
func.func @quantize_c2(%x: tensor<4x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<4x!quant.uniform<i16:f32, 0.5>> {
  // expected-error@+1 {{[quantize_c2] result must be per-tensor !quant.uniform with i8 or u8 storage}}
  %y = te.quantize %x : tensor<4x!quant.uniform<u8:f32, 0.5:128>> -> tensor<4x!quant.uniform<i16:f32, 0.5>>
  return %y : tensor<4x!quant.uniform<i16:f32, 0.5>>
}
