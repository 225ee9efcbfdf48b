// RUN: mcunet-opt %s -split-input-file --te-default-pipeline | FileCheck %s

// --te-default-pipeline: canonicalize, te-fuse-activation (on each
// func.func), CSE, te-plan-memory.

// Tests that on a quantized conv -> clamp -> reshape -> reshape chain the
// reshape of a reshape is folded into one reshape (canonicalize) and the
// Relu6 is fused into the conv (te-fuse-activation): output scale 0.25,
// zero point 3 gives [3 + 0, 3 + round(6 / 0.25)] = [3, 27].
// The 8-byte conv output is the only arena buffer.
// CHECK-LABEL: func.func @conv_clamp_reshape_reshape
// CHECK-SAME:    ([[X:%.+]]: tensor<1x1x1x2x!quant.uniform<i8:f32, 5.000000e-01:-1>>, [[W:%.+]]: tensor<8x1x1x2x!quant.uniform<i8:f32, 2.500000e-01>>)
// CHECK-SAME:    attributes {te.arena_size = 8 : i64}
// CHECK-NEXT:    [[Y:%.+]] = te.conv2d [[X]], [[W]] {act_max = 27 : i64, act_min = 3 : i64, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, te.offset = 0 : i64}
// CHECK-SAME:      -> tensor<1x1x1x8x!quant.uniform<i8:f32, 2.500000e-01:3>>
// CHECK-NEXT:    [[R:%.+]] = te.reshape [[Y]]
// CHECK-SAME:      : tensor<1x1x1x8x!quant.uniform<i8:f32, 2.500000e-01:3>> -> tensor<2x4x!quant.uniform<i8:f32, 2.500000e-01:3>>
// CHECK-NEXT:    return [[R]]
func.func @conv_clamp_reshape_reshape(%x: tensor<1x1x1x2x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<8x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<2x4x!quant.uniform<i8:f32, 0.25:3>> {
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x1x1x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<8x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>>
  %c = te.clamp %y {min = 0.0 : f64, max = 6.0 : f64}
      : tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>> -> tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>>
  %r1 = te.reshape %c : tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>> -> tensor<1x8x!quant.uniform<i8:f32, 0.25:3>>
  %r2 = te.reshape %r1 : tensor<1x8x!quant.uniform<i8:f32, 0.25:3>> -> tensor<2x4x!quant.uniform<i8:f32, 0.25:3>>
  return %r2 : tensor<2x4x!quant.uniform<i8:f32, 0.25:3>>
}

// -----

// Tests that a reshape chain that returns to the original shape folds away
// entirely, leaving the fused conv as the returned value.
// CHECK-LABEL: func.func @reshape_round_trip_folds_away
// CHECK-NEXT:    [[Y:%.+]] = te.conv2d
// CHECK-SAME:      {act_max = 27 : i64, act_min = 3 : i64, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, te.offset = 0 : i64}
// CHECK-NEXT:    return [[Y]]
func.func @reshape_round_trip_folds_away(%x: tensor<1x1x1x2x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<8x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>> {
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x1x1x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<8x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>>
  %c = te.clamp %y {min = 0.0 : f64, max = 6.0 : f64}
      : tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>> -> tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>>
  %r1 = te.reshape %c : tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>> -> tensor<1x8x!quant.uniform<i8:f32, 0.25:3>>
  %r2 = te.reshape %r1 : tensor<1x8x!quant.uniform<i8:f32, 0.25:3>> -> tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>>
  return %r2 : tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>>
}
