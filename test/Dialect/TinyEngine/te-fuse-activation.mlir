// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-fuse-activation))' | FileCheck %s

// The fused range is [zp + round(min / scale), zp + round(max / scale)],
// rounded half away from zero and clamped to the i8 storage range
// [-128, 127], then intersected with any range the producer already has.

// Tests that a Relu (min 0, a huge finite max) is folded into conv2d:
// act_min = zp + round(0 / 0.25) = 3 (the zero point) and
// act_max = 3 + round(1e30 / 0.25), clamped to 127.
// CHECK-LABEL: func.func @relu_into_conv2d
// CHECK-SAME:    ([[X:%.+]]: tensor<1x4x4x2x!quant.uniform<i8:f32, 5.000000e-01:-1>>, [[W:%.+]]: tensor<2x1x1x2x!quant.uniform<i8:f32, 2.500000e-01>>)
// CHECK-NEXT:    [[Y:%.+]] = te.conv2d [[X]], [[W]] {act_max = 127 : i64, act_min = 3 : i64, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
// CHECK-NEXT:    return [[Y]]
func.func @relu_into_conv2d(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.25:3>> {
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.25:3>>
  %r = te.clamp %y {min = 0.0 : f64, max = 1.0e30 : f64}
      : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.25:3>> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.25:3>>
  return %r : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.25:3>>
}

// -----

// Tests that a Relu whose max is +inf (printed as 0x7FF0000000000000) maps
// the infinite bound to the storage maximum 127.
// CHECK-LABEL: func.func @relu_inf_into_conv2d
// CHECK-NEXT:    [[Y:%.+]] = te.conv2d
// CHECK-SAME:      {act_max = 127 : i64, act_min = 3 : i64, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
// CHECK-NEXT:    return [[Y]]
func.func @relu_inf_into_conv2d(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.25:3>> {
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.25:3>>
  %r = te.clamp %y {min = 0.0 : f64, max = 0x7FF0000000000000 : f64}
      : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.25:3>> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.25:3>>
  return %r : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.25:3>>
}

// -----

// Tests that a Relu6 is folded into depthwise_conv2d. Output scale 0.07,
// zero point -20, computed by hand:
//   act_min = -20 + round(0 / 0.07)   = -20 + 0  = -20
//   act_max = -20 + round(6 / 0.07)   = -20 + round(85.714...) = -20 + 86 = 66
// CHECK-LABEL: func.func @relu6_into_depthwise
// CHECK-SAME:    ([[X:%.+]]: tensor<1x4x4x2x!quant.uniform<i8:f32, 5.000000e-01:-1>>, [[W:%.+]]: tensor<1x1x2x!quant.uniform<i8:f32, 2.500000e-01>>)
// CHECK-NEXT:    [[Y:%.+]] = te.depthwise_conv2d [[X]], [[W]] {act_max = 66 : i64, act_min = -20 : i64, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
// CHECK-NEXT:    return [[Y]]
func.func @relu6_into_depthwise(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.07:-20>> {
  %y = te.depthwise_conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.07:-20>>
  %r = te.clamp %y {min = 0.0 : f64, max = 6.0 : f64}
      : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.07:-20>> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.07:-20>>
  return %r : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.07:-20>>
}

// -----

// Tests that a clip wider than the storage range clamps to [-128, 127]:
// -1 + round(-100 / 0.5) = -201 -> -128 and -1 + round(100 / 0.5) = 199 -> 127.
// CHECK-LABEL: func.func @clip_beyond_storage
// CHECK-NEXT:    [[Y:%.+]] = te.conv2d
// CHECK-SAME:      {act_max = 127 : i64, act_min = -128 : i64, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
// CHECK-NEXT:    return [[Y]]
func.func @clip_beyond_storage(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
  %r = te.clamp %y {min = -100.0 : f64, max = 100.0 : f64}
      : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
  return %r : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that the fused range is intersected with the producer's existing
// range: Relu6 on scale 0.5, zero point -1 gives [-1, 11]; the conv already
// has [-50, 10]; the result is [-1, 10].
// CHECK-LABEL: func.func @intersect_existing_range
// CHECK-NEXT:    [[Y:%.+]] = te.conv2d
// CHECK-SAME:      {act_max = 10 : i64, act_min = -1 : i64, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
// CHECK-NEXT:    return [[Y]]
func.func @intersect_existing_range(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, act_min = -50 : i64, act_max = 10 : i64}
      : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
  %r = te.clamp %y {min = 0.0 : f64, max = 6.0 : f64}
      : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
  return %r : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that two chained clamps are both folded, the second intersecting
// with the range left by the first: Relu6 gives [-1, 11], then
// clip(-10, 2) gives [-21, 3]; the intersection is [-1, 3].
// CHECK-LABEL: func.func @chained_clamps
// CHECK-NEXT:    [[Y:%.+]] = te.conv2d
// CHECK-SAME:      {act_max = 3 : i64, act_min = -1 : i64, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
// CHECK-NEXT:    return [[Y]]
func.func @chained_clamps(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
  %r = te.clamp %y {min = 0.0 : f64, max = 6.0 : f64}
      : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
  %s = te.clamp %r {min = -10.0 : f64, max = 2.0 : f64}
      : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
  return %s : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that a clamp whose range is disjoint from the producer's existing
// range is left alone: Relu6 gives [-1, 11] but the conv has [20, 30].
// CHECK-LABEL: func.func @disjoint_range_not_fused
// CHECK-NEXT:    [[Y:%.+]] = te.conv2d
// CHECK-SAME:      {act_max = 30 : i64, act_min = 20 : i64, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
// CHECK-NEXT:    [[R:%.+]] = te.clamp [[Y]] {max = 6.000000e+00 : f64, min = 0.000000e+00 : f64}
// CHECK-NEXT:    return [[R]]
func.func @disjoint_range_not_fused(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, act_min = 20 : i64, act_max = 30 : i64}
      : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
  %r = te.clamp %y {min = 0.0 : f64, max = 6.0 : f64}
      : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
  return %r : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that a clamp is NOT fused when the producer has another user (the
// other reader must see the unclamped value).
// CHECK-LABEL: func.func @two_users_not_fused
// CHECK-NEXT:    [[Y:%.+]] = te.conv2d
// CHECK-SAME:      {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
// CHECK-NEXT:    [[R:%.+]] = te.clamp [[Y]] {max = 6.000000e+00 : f64, min = 0.000000e+00 : f64}
// CHECK-NEXT:    return [[R]], [[Y]]
func.func @two_users_not_fused(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>) {
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
  %r = te.clamp %y {min = 0.0 : f64, max = 6.0 : f64}
      : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
  return %r, %y : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that a float clamp is NOT fused (float kernels take no range).
// CHECK-LABEL: func.func @float_clamp_not_fused
// CHECK-SAME:    ([[X:%.+]]: tensor<1x4x4x2xf32>, [[W:%.+]]: tensor<2x1x1x2xf32>)
// CHECK-NEXT:    [[Y:%.+]] = te.conv2d [[X]], [[W]] {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
// CHECK-NEXT:    [[R:%.+]] = te.clamp [[Y]] {max = 6.000000e+00 : f64, min = 0.000000e+00 : f64}
// CHECK-NEXT:    return [[R]]
func.func @float_clamp_not_fused(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32> {
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %r = te.clamp %y {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x4x4x2xf32> -> tensor<1x4x4x2xf32>
  return %r : tensor<1x4x4x2xf32>
}

// -----

// Tests that a clamp is NOT fused into a producer without an activation
// range (te.reshape).
// CHECK-LABEL: func.func @reshape_producer_not_fused
// CHECK-SAME:    ([[X:%.+]]: tensor<1x1x1x4x!quant.uniform<i8:f32, 5.000000e-01:-1>>)
// CHECK-NEXT:    [[Y:%.+]] = te.reshape [[X]]
// CHECK-NEXT:    [[R:%.+]] = te.clamp [[Y]] {max = 6.000000e+00 : f64, min = 0.000000e+00 : f64}
// CHECK-NEXT:    return [[R]]
func.func @reshape_producer_not_fused(%x: tensor<1x1x1x4x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.reshape %x : tensor<1x1x1x4x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>
  %r = te.clamp %y {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>
  return %r : tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that a clamp of a function argument (no producer) is left alone.
// CHECK-LABEL: func.func @block_argument_not_fused
// CHECK-SAME:    ([[X:%.+]]: tensor<1x4x!quant.uniform<i8:f32, 5.000000e-01:-1>>)
// CHECK-NEXT:    [[R:%.+]] = te.clamp [[X]] {max = 6.000000e+00 : f64, min = 0.000000e+00 : f64}
// CHECK-NEXT:    return [[R]]
func.func @block_argument_not_fused(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>> {
  %r = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>
  return %r : tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that a Relu6 is folded into fully_connected: scale 0.5, zero point
// -1 gives [-1 + 0, -1 + 12] = [-1, 11].
// CHECK-LABEL: func.func @relu6_into_fully_connected
// CHECK-SAME:    ([[X:%.+]]: tensor<1x4x!quant.uniform<i8:f32, 5.000000e-01:-1>>, [[W:%.+]]: tensor<2x4x!quant.uniform<i8:f32, 2.500000e-01>>)
// CHECK-NEXT:    [[Y:%.+]] = te.fully_connected [[X]], [[W]] {act_max = 11 : i64, act_min = -1 : i64}
// CHECK-NEXT:    return [[Y]]
func.func @relu6_into_fully_connected(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<2x4x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.fully_connected %x, %w : (tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x4x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
  %r = te.clamp %y {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
  return %r : tensor<1x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that a clip is folded into add and that bounds are rounded half away
// from zero (TfLiteRound), not half to even: scale 0.5, zero point 0,
// round(-0.25 / 0.5) = round(-0.5) = -1 and round(0.75 / 0.5) = round(1.5) = 2.
// CHECK-LABEL: func.func @clip_into_add_rounding
// CHECK-SAME:    ([[A:%.+]]: tensor<1x4x!quant.uniform<i8:f32, 5.000000e-01>>, [[B:%.+]]: tensor<1x4x!quant.uniform<i8:f32, 5.000000e-01>>)
// CHECK-NEXT:    [[Y:%.+]] = te.add [[A]], [[B]] {act_max = 2 : i64, act_min = -1 : i64}
// CHECK-NEXT:    return [[Y]]
func.func @clip_into_add_rounding(%a: tensor<1x4x!quant.uniform<i8:f32, 0.5>>, %b: tensor<1x4x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.5>> {
  %y = te.add %a, %b : (tensor<1x4x!quant.uniform<i8:f32, 0.5>>, tensor<1x4x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.5>>
  %r = te.clamp %y {min = -0.25 : f64, max = 0.75 : f64} : tensor<1x4x!quant.uniform<i8:f32, 0.5>> -> tensor<1x4x!quant.uniform<i8:f32, 0.5>>
  return %r : tensor<1x4x!quant.uniform<i8:f32, 0.5>>
}

// -----

// Tests that a Relu is folded into a broadcasting mul: scale 0.25, zero
// point -4 gives act_min = -4 and act_max = 127.
// CHECK-LABEL: func.func @relu_into_mul
// CHECK-SAME:    ([[A:%.+]]: tensor<1x2x2x4x!quant.uniform<i8:f32, 5.000000e-01:-1>>, [[S:%.+]]: tensor<4x!quant.uniform<i8:f32, 1.250000e-01>>)
// CHECK-NEXT:    [[Y:%.+]] = te.mul [[A]], [[S]] {act_max = 127 : i64, act_min = -4 : i64}
// CHECK-NEXT:    return [[Y]]
func.func @relu_into_mul(%a: tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:-1>>, %s: tensor<4x!quant.uniform<i8:f32, 0.125>>) -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.25:-4>> {
  %y = te.mul %a, %s : (tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<4x!quant.uniform<i8:f32, 0.125>>) -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.25:-4>>
  %r = te.clamp %y {min = 0.0 : f64, max = 1.0e30 : f64}
      : tensor<1x2x2x4x!quant.uniform<i8:f32, 0.25:-4>> -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.25:-4>>
  return %r : tensor<1x2x2x4x!quant.uniform<i8:f32, 0.25:-4>>
}

// -----

// Tests that a Relu6 is folded into avg_pool2d, keeping its other
// attributes: scale 0.5, zero point -1 gives [-1, 11].
// CHECK-LABEL: func.func @relu6_into_avg_pool2d
// CHECK-SAME:    ([[X:%.+]]: tensor<1x4x4x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>)
// CHECK-NEXT:    [[Y:%.+]] = te.avg_pool2d [[X]]
// CHECK-SAME:      {act_max = 11 : i64, act_min = -1 : i64, count_include_pad = true, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
// CHECK-NEXT:    return [[Y]]
func.func @relu6_into_avg_pool2d(%x: tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.avg_pool2d %x {count_include_pad = true, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
      : tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>>
  %r = te.clamp %y {min = 0.0 : f64, max = 6.0 : f64}
      : tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>>
  return %r : tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that a clip(-1, 1) is folded into max_pool2d: scale 0.5, zero point
// -1 gives [-1 - 2, -1 + 2] = [-3, 1].
// CHECK-LABEL: func.func @clip_into_max_pool2d
// CHECK-SAME:    ([[X:%.+]]: tensor<1x4x4x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>)
// CHECK-NEXT:    [[Y:%.+]] = te.max_pool2d [[X]]
// CHECK-SAME:      {act_max = 1 : i64, act_min = -3 : i64, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
// CHECK-NEXT:    return [[Y]]
func.func @clip_into_max_pool2d(%x: tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
      : tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>>
  %r = te.clamp %y {min = -1.0 : f64, max = 1.0 : f64}
      : tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>>
  return %r : tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>>
}
