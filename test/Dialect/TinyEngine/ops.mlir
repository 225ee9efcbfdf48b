// RUN: mcunet-opt %s -split-input-file | mcunet-opt -split-input-file | FileCheck %s
// RUN: mcunet-opt %s -split-input-file -mlir-print-op-generic | mcunet-opt -split-input-file | FileCheck %s

// Round trip of every te op, in quantized and (where meaningful) f32 form,
// through the custom and the generic syntax. Quantized cases use
// power-of-two scales so that bias scale = input scale x weight scale holds
// exactly (quant_c6): input 0.5, weights 0.125/0.25, biases 0.0625/0.125.

// Tests that te.constant round-trips per-axis i8 weights, an i32 bias and an
// f32 tensor.
// CHECK-LABEL: func.func @constant
// CHECK:         [[W:%.+]] = te.constant dense<{{\[\[}}1, -2], [3, 4]]> : tensor<2x2xi8>
// CHECK-SAME:      -> tensor<2x2x!quant.uniform<i8:f32:0, {5.000000e-01,2.500000e-01}>>
// CHECK-NEXT:    [[B:%.+]] = te.constant dense<[100, -7]> : tensor<2xi32>
// CHECK-SAME:      -> tensor<2x!quant.uniform<i32:f32:0, {2.500000e-01,1.250000e-01}>>
// CHECK-NEXT:    [[F:%.+]] = te.constant dense<[1.500000e+00, -2.000000e+00]> : tensor<2xf32> -> tensor<2xf32>
// CHECK-NEXT:    return [[W]], [[B]], [[F]]
func.func @constant() -> (tensor<2x2x!quant.uniform<i8:f32:0, {0.5, 0.25}>>, tensor<2x!quant.uniform<i32:f32:0, {0.25, 0.125}>>, tensor<2xf32>) {
  %w = te.constant dense<[[1, -2], [3, 4]]> : tensor<2x2xi8> -> tensor<2x2x!quant.uniform<i8:f32:0, {0.5, 0.25}>>
  %b = te.constant dense<[100, -7]> : tensor<2xi32> -> tensor<2x!quant.uniform<i32:f32:0, {0.25, 0.125}>>
  %f = te.constant dense<[1.5, -2.0]> : tensor<2xf32> -> tensor<2xf32>
  return %w, %b, %f : tensor<2x2x!quant.uniform<i8:f32:0, {0.5, 0.25}>>, tensor<2x!quant.uniform<i32:f32:0, {0.25, 0.125}>>, tensor<2xf32>
}

// -----

// Tests that a quantized te.conv2d with per-axis weights, a per-axis bias,
// asymmetric padding, stride 2 and a fused activation range round-trips.
// CHECK-LABEL: func.func @conv2d_quant
// CHECK-SAME:    ([[X:%.+]]: tensor<1x8x8x3x!quant.uniform<i8:f32, 5.000000e-01:-1>>)
// CHECK:         [[W:%.+]] = te.constant dense<1> : tensor<4x3x3x3xi8>
// CHECK-SAME:      -> tensor<4x3x3x3x!quant.uniform<i8:f32:0, {1.250000e-01,1.250000e-01,2.500000e-01,2.500000e-01}>>
// CHECK-NEXT:    [[B:%.+]] = te.constant dense<0> : tensor<4xi32>
// CHECK-SAME:      -> tensor<4x!quant.uniform<i32:f32:0, {6.250000e-02,6.250000e-02,1.250000e-01,1.250000e-01}>>
// CHECK-NEXT:    [[Y:%.+]] = te.conv2d [[X]], [[W]], [[B]]
// CHECK-SAME:      {act_max = 27 : i64, act_min = 3 : i64, pad = array<i64: 0, 0, 1, 1>, stride = array<i64: 2, 2>}
// CHECK-SAME:      : (tensor<1x8x8x3x!quant.uniform<i8:f32, 5.000000e-01:-1>>,
// CHECK-SAME:         tensor<4x3x3x3x!quant.uniform<i8:f32:0, {1.250000e-01,1.250000e-01,2.500000e-01,2.500000e-01}>>,
// CHECK-SAME:         tensor<4x!quant.uniform<i32:f32:0, {6.250000e-02,6.250000e-02,1.250000e-01,1.250000e-01}>>)
// CHECK-SAME:      -> tensor<1x4x4x4x!quant.uniform<i8:f32, 2.500000e-01:3>>
// CHECK-NEXT:    return [[Y]]
func.func @conv2d_quant(%x: tensor<1x8x8x3x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.25:3>> {
  %w = te.constant dense<1> : tensor<4x3x3x3xi8> -> tensor<4x3x3x3x!quant.uniform<i8:f32:0, {0.125, 0.125, 0.25, 0.25}>>
  %b = te.constant dense<0> : tensor<4xi32> -> tensor<4x!quant.uniform<i32:f32:0, {0.0625, 0.0625, 0.125, 0.125}>>
  %y = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 1, 1>, stride = array<i64: 2, 2>, act_min = 3 : i64, act_max = 27 : i64}
      : (tensor<1x8x8x3x!quant.uniform<i8:f32, 0.5:-1>>, tensor<4x3x3x3x!quant.uniform<i8:f32:0, {0.125, 0.125, 0.25, 0.25}>>, tensor<4x!quant.uniform<i32:f32:0, {0.0625, 0.0625, 0.125, 0.125}>>)
      -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.25:3>>
  return %y : tensor<1x4x4x4x!quant.uniform<i8:f32, 0.25:3>>
}

// -----

// Tests that a quantized te.conv2d without a bias and with per-tensor
// weights round-trips.
// CHECK-LABEL: func.func @conv2d_quant_no_bias
// CHECK-SAME:    ([[X:%.+]]: tensor<1x5x5x2x!quant.uniform<i8:f32, 5.000000e-01:-1>>, [[W:%.+]]: tensor<3x1x1x2x!quant.uniform<i8:f32, 2.500000e-01>>)
// CHECK-NEXT:    [[Y:%.+]] = te.conv2d [[X]], [[W]] {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
// CHECK-SAME:      : (tensor<1x5x5x2x!quant.uniform<i8:f32, 5.000000e-01:-1>>, tensor<3x1x1x2x!quant.uniform<i8:f32, 2.500000e-01>>)
// CHECK-SAME:      -> tensor<1x5x5x3x!quant.uniform<i8:f32, 2.500000e-01:3>>
// CHECK-NEXT:    return [[Y]]
func.func @conv2d_quant_no_bias(%x: tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<3x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x5x5x3x!quant.uniform<i8:f32, 0.25:3>> {
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<3x1x1x2x!quant.uniform<i8:f32, 0.25>>)
      -> tensor<1x5x5x3x!quant.uniform<i8:f32, 0.25:3>>
  return %y : tensor<1x5x5x3x!quant.uniform<i8:f32, 0.25:3>>
}

// -----

// Tests that a float te.conv2d with groups = 2, dilation 2 and no bias
// round-trips (non-default groups and dilation are printed).
// CHECK-LABEL: func.func @conv2d_float_grouped_dilated
// CHECK-SAME:    ([[X:%.+]]: tensor<1x9x9x4xf32>, [[W:%.+]]: tensor<6x3x3x2xf32>)
// CHECK-NEXT:    [[Y:%.+]] = te.conv2d [[X]], [[W]]
// CHECK-SAME:      {dilation = array<i64: 2, 2>, groups = 2 : i64, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
// CHECK-SAME:      : (tensor<1x9x9x4xf32>, tensor<6x3x3x2xf32>) -> tensor<1x5x5x6xf32>
// CHECK-NEXT:    return [[Y]]
func.func @conv2d_float_grouped_dilated(%x: tensor<1x9x9x4xf32>, %w: tensor<6x3x3x2xf32>) -> tensor<1x5x5x6xf32> {
  %y = te.conv2d %x, %w {dilation = array<i64: 2, 2>, groups = 2 : i64, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x9x9x4xf32>, tensor<6x3x3x2xf32>) -> tensor<1x5x5x6xf32>
  return %y : tensor<1x5x5x6xf32>
}

// -----

// Tests that a float te.conv2d with a bias round-trips and that the default
// dilation and groups are elided.
// CHECK-LABEL: func.func @conv2d_float_bias
// CHECK-SAME:    ([[X:%.+]]: tensor<1x4x4x2xf32>, [[W:%.+]]: tensor<3x3x3x2xf32>, [[B:%.+]]: tensor<3xf32>)
// CHECK-NEXT:    [[Y:%.+]] = te.conv2d [[X]], [[W]], [[B]] {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
// CHECK-SAME:      : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
// CHECK-NEXT:    return [[Y]]
func.func @conv2d_float_bias(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x3x2xf32>, %b: tensor<3xf32>) -> tensor<1x4x4x3xf32> {
  %y = te.conv2d %x, %w, %b {dilation = array<i64: 1, 1>, groups = 1 : i64, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
  return %y : tensor<1x4x4x3xf32>
}

// -----

// Tests that a quantized te.depthwise_conv2d (multiplier 1, weights
// quantized along dimension 2) round-trips.
// CHECK-LABEL: func.func @depthwise_quant
// CHECK-SAME:    ([[X:%.+]]: tensor<1x8x8x4x!quant.uniform<i8:f32, 5.000000e-01:-1>>)
// CHECK:         [[W:%.+]] = te.constant dense<1> : tensor<3x3x4xi8>
// CHECK-SAME:      -> tensor<3x3x4x!quant.uniform<i8:f32:2, {1.250000e-01,1.250000e-01,2.500000e-01,2.500000e-01}>>
// CHECK-NEXT:    [[B:%.+]] = te.constant dense<0> : tensor<4xi32>
// CHECK-SAME:      -> tensor<4x!quant.uniform<i32:f32:0, {6.250000e-02,6.250000e-02,1.250000e-01,1.250000e-01}>>
// CHECK-NEXT:    [[Y:%.+]] = te.depthwise_conv2d [[X]], [[W]], [[B]]
// CHECK-SAME:      {act_max = 27 : i64, act_min = -128 : i64, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
// CHECK-SAME:      : (tensor<1x8x8x4x!quant.uniform<i8:f32, 5.000000e-01:-1>>,
// CHECK-SAME:         tensor<3x3x4x!quant.uniform<i8:f32:2, {1.250000e-01,1.250000e-01,2.500000e-01,2.500000e-01}>>,
// CHECK-SAME:         tensor<4x!quant.uniform<i32:f32:0, {6.250000e-02,6.250000e-02,1.250000e-01,1.250000e-01}>>)
// CHECK-SAME:      -> tensor<1x8x8x4x!quant.uniform<i8:f32, 2.500000e-01:3>>
// CHECK-NEXT:    return [[Y]]
func.func @depthwise_quant(%x: tensor<1x8x8x4x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x8x8x4x!quant.uniform<i8:f32, 0.25:3>> {
  %w = te.constant dense<1> : tensor<3x3x4xi8> -> tensor<3x3x4x!quant.uniform<i8:f32:2, {0.125, 0.125, 0.25, 0.25}>>
  %b = te.constant dense<0> : tensor<4xi32> -> tensor<4x!quant.uniform<i32:f32:0, {0.0625, 0.0625, 0.125, 0.125}>>
  %y = te.depthwise_conv2d %x, %w, %b {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, act_min = -128 : i64, act_max = 27 : i64}
      : (tensor<1x8x8x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<3x3x4x!quant.uniform<i8:f32:2, {0.125, 0.125, 0.25, 0.25}>>, tensor<4x!quant.uniform<i32:f32:0, {0.0625, 0.0625, 0.125, 0.125}>>)
      -> tensor<1x8x8x4x!quant.uniform<i8:f32, 0.25:3>>
  return %y : tensor<1x8x8x4x!quant.uniform<i8:f32, 0.25:3>>
}

// -----

// Tests that a quantized te.depthwise_conv2d with channel multiplier 2
// (2 input channels, 4 output channels), stride 2 and a per-tensor bias
// round-trips.
// CHECK-LABEL: func.func @depthwise_quant_multiplier
// CHECK-SAME:    ([[X:%.+]]: tensor<1x6x6x2x!quant.uniform<i8:f32, 5.000000e-01:-1>>)
// CHECK:         [[W:%.+]] = te.constant dense<1> : tensor<3x3x4xi8>
// CHECK-SAME:      -> tensor<3x3x4x!quant.uniform<i8:f32:2, {1.250000e-01,1.250000e-01,1.250000e-01,1.250000e-01}>>
// CHECK-NEXT:    [[B:%.+]] = te.constant dense<0> : tensor<4xi32> -> tensor<4x!quant.uniform<i32:f32, 6.250000e-02>>
// CHECK-NEXT:    [[Y:%.+]] = te.depthwise_conv2d [[X]], [[W]], [[B]] {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>}
// CHECK-SAME:      : (tensor<1x6x6x2x!quant.uniform<i8:f32, 5.000000e-01:-1>>,
// CHECK-SAME:         tensor<3x3x4x!quant.uniform<i8:f32:2, {1.250000e-01,1.250000e-01,1.250000e-01,1.250000e-01}>>,
// CHECK-SAME:         tensor<4x!quant.uniform<i32:f32, 6.250000e-02>>)
// CHECK-SAME:      -> tensor<1x3x3x4x!quant.uniform<i8:f32, 2.500000e-01:3>>
// CHECK-NEXT:    return [[Y]]
func.func @depthwise_quant_multiplier(%x: tensor<1x6x6x2x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x3x3x4x!quant.uniform<i8:f32, 0.25:3>> {
  %w = te.constant dense<1> : tensor<3x3x4xi8> -> tensor<3x3x4x!quant.uniform<i8:f32:2, {0.125, 0.125, 0.125, 0.125}>>
  %b = te.constant dense<0> : tensor<4xi32> -> tensor<4x!quant.uniform<i32:f32, 0.0625>>
  %y = te.depthwise_conv2d %x, %w, %b {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>}
      : (tensor<1x6x6x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<3x3x4x!quant.uniform<i8:f32:2, {0.125, 0.125, 0.125, 0.125}>>, tensor<4x!quant.uniform<i32:f32, 0.0625>>)
      -> tensor<1x3x3x4x!quant.uniform<i8:f32, 0.25:3>>
  return %y : tensor<1x3x3x4x!quant.uniform<i8:f32, 0.25:3>>
}

// -----

// Tests that a float te.depthwise_conv2d with channel multiplier 2,
// dilation 2 and no bias round-trips.
// CHECK-LABEL: func.func @depthwise_float_multiplier
// CHECK-SAME:    ([[X:%.+]]: tensor<1x7x7x3xf32>, [[W:%.+]]: tensor<3x3x6xf32>)
// CHECK-NEXT:    [[Y:%.+]] = te.depthwise_conv2d [[X]], [[W]]
// CHECK-SAME:      {dilation = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
// CHECK-SAME:      : (tensor<1x7x7x3xf32>, tensor<3x3x6xf32>) -> tensor<1x3x3x6xf32>
// CHECK-NEXT:    return [[Y]]
func.func @depthwise_float_multiplier(%x: tensor<1x7x7x3xf32>, %w: tensor<3x3x6xf32>) -> tensor<1x3x3x6xf32> {
  %y = te.depthwise_conv2d %x, %w {dilation = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x7x7x3xf32>, tensor<3x3x6xf32>) -> tensor<1x3x3x6xf32>
  return %y : tensor<1x3x3x6xf32>
}

// -----

// Tests that a quantized te.fully_connected with per-tensor weights and bias
// and a one-sided activation range round-trips.
// CHECK-LABEL: func.func @fully_connected_quant
// CHECK-SAME:    ([[X:%.+]]: tensor<1x16x!quant.uniform<i8:f32, 5.000000e-01:-1>>,
// CHECK-SAME:     [[W:%.+]]: tensor<10x16x!quant.uniform<i8:f32, 1.250000e-01>>,
// CHECK-SAME:     [[B:%.+]]: tensor<10x!quant.uniform<i32:f32, 6.250000e-02>>)
// CHECK-NEXT:    [[Y:%.+]] = te.fully_connected [[X]], [[W]], [[B]] {act_min = 3 : i64}
// CHECK-SAME:      : (tensor<1x16x!quant.uniform<i8:f32, 5.000000e-01:-1>>, tensor<10x16x!quant.uniform<i8:f32, 1.250000e-01>>,
// CHECK-SAME:         tensor<10x!quant.uniform<i32:f32, 6.250000e-02>>)
// CHECK-SAME:      -> tensor<1x10x!quant.uniform<i8:f32, 2.500000e-01:3>>
// CHECK-NEXT:    return [[Y]]
func.func @fully_connected_quant(%x: tensor<1x16x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<10x16x!quant.uniform<i8:f32, 0.125>>, %b: tensor<10x!quant.uniform<i32:f32, 0.0625>>) -> tensor<1x10x!quant.uniform<i8:f32, 0.25:3>> {
  %y = te.fully_connected %x, %w, %b {act_min = 3 : i64}
      : (tensor<1x16x!quant.uniform<i8:f32, 0.5:-1>>, tensor<10x16x!quant.uniform<i8:f32, 0.125>>, tensor<10x!quant.uniform<i32:f32, 0.0625>>)
      -> tensor<1x10x!quant.uniform<i8:f32, 0.25:3>>
  return %y : tensor<1x10x!quant.uniform<i8:f32, 0.25:3>>
}

// -----

// Tests that a float te.fully_connected without a bias round-trips.
// CHECK-LABEL: func.func @fully_connected_float
// CHECK-SAME:    ([[X:%.+]]: tensor<2x16xf32>, [[W:%.+]]: tensor<10x16xf32>)
// CHECK-NEXT:    [[Y:%.+]] = te.fully_connected [[X]], [[W]] : (tensor<2x16xf32>, tensor<10x16xf32>) -> tensor<2x10xf32>
// CHECK-NEXT:    return [[Y]]
func.func @fully_connected_float(%x: tensor<2x16xf32>, %w: tensor<10x16xf32>) -> tensor<2x10xf32> {
  %y = te.fully_connected %x, %w : (tensor<2x16xf32>, tensor<10x16xf32>) -> tensor<2x10xf32>
  return %y : tensor<2x10xf32>
}

// -----

// Tests that a quantized te.add whose inputs have different scales and zero
// points round-trips with a fused activation range.
// CHECK-LABEL: func.func @add_quant
// CHECK-SAME:    ([[A:%.+]]: tensor<1x4x4x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>,
// CHECK-SAME:     [[B:%.+]]: tensor<1x4x4x8x!quant.uniform<i8:f32, 2.500000e-01:5>>)
// CHECK-NEXT:    [[Y:%.+]] = te.add [[A]], [[B]] {act_max = 8 : i64, act_min = 0 : i64}
// CHECK-SAME:      : (tensor<1x4x4x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>, tensor<1x4x4x8x!quant.uniform<i8:f32, 2.500000e-01:5>>)
// CHECK-SAME:      -> tensor<1x4x4x8x!quant.uniform<i8:f32, 7.500000e-01>>
// CHECK-NEXT:    return [[Y]]
func.func @add_quant(%a: tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>, %b: tensor<1x4x4x8x!quant.uniform<i8:f32, 0.25:5>>) -> tensor<1x4x4x8x!quant.uniform<i8:f32, 0.75>> {
  %y = te.add %a, %b {act_min = 0 : i64, act_max = 8 : i64}
      : (tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>, tensor<1x4x4x8x!quant.uniform<i8:f32, 0.25:5>>)
      -> tensor<1x4x4x8x!quant.uniform<i8:f32, 0.75>>
  return %y : tensor<1x4x4x8x!quant.uniform<i8:f32, 0.75>>
}

// -----

// Tests that a float te.add round-trips.
// CHECK-LABEL: func.func @add_float
// CHECK-SAME:    ([[A:%.+]]: tensor<1x4xf32>, [[B:%.+]]: tensor<1x4xf32>)
// CHECK-NEXT:    [[Y:%.+]] = te.add [[A]], [[B]] : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
// CHECK-NEXT:    return [[Y]]
func.func @add_float(%a: tensor<1x4xf32>, %b: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %y = te.add %a, %b : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// Tests that a quantized te.mul broadcasting a per-channel vector over an
// NHWC tensor round-trips.
// CHECK-LABEL: func.func @mul_quant_broadcast
// CHECK-SAME:    ([[A:%.+]]: tensor<1x4x4x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>,
// CHECK-SAME:     [[S:%.+]]: tensor<8x!quant.uniform<i8:f32, 1.250000e-01:2>>)
// CHECK-NEXT:    [[Y:%.+]] = te.mul [[A]], [[S]]
// CHECK-SAME:      : (tensor<1x4x4x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>, tensor<8x!quant.uniform<i8:f32, 1.250000e-01:2>>)
// CHECK-SAME:      -> tensor<1x4x4x8x!quant.uniform<i8:f32, 2.500000e-01:-4>>
// CHECK-NEXT:    return [[Y]]
func.func @mul_quant_broadcast(%a: tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>, %s: tensor<8x!quant.uniform<i8:f32, 0.125:2>>) -> tensor<1x4x4x8x!quant.uniform<i8:f32, 0.25:-4>> {
  %y = te.mul %a, %s : (tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>, tensor<8x!quant.uniform<i8:f32, 0.125:2>>) -> tensor<1x4x4x8x!quant.uniform<i8:f32, 0.25:-4>>
  return %y : tensor<1x4x4x8x!quant.uniform<i8:f32, 0.25:-4>>
}

// -----

// Tests that a float te.mul broadcasting size-1 dimensions of both operands
// (1x4x1x8 and 3x1 give 1x4x3x8) round-trips.
// CHECK-LABEL: func.func @mul_float_broadcast
// CHECK-SAME:    ([[A:%.+]]: tensor<1x4x1x8xf32>, [[B:%.+]]: tensor<3x1xf32>)
// CHECK-NEXT:    [[Y:%.+]] = te.mul [[A]], [[B]] : (tensor<1x4x1x8xf32>, tensor<3x1xf32>) -> tensor<1x4x3x8xf32>
// CHECK-NEXT:    return [[Y]]
func.func @mul_float_broadcast(%a: tensor<1x4x1x8xf32>, %b: tensor<3x1xf32>) -> tensor<1x4x3x8xf32> {
  %y = te.mul %a, %b : (tensor<1x4x1x8xf32>, tensor<3x1xf32>) -> tensor<1x4x3x8xf32>
  return %y : tensor<1x4x3x8xf32>
}

// -----

// Tests that a quantized te.avg_pool2d with count_include_pad, padding and an
// activation range round-trips.
// CHECK-LABEL: func.func @avg_pool2d_quant
// CHECK-SAME:    ([[X:%.+]]: tensor<1x6x6x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>)
// CHECK-NEXT:    [[Y:%.+]] = te.avg_pool2d [[X]]
// CHECK-SAME:      {act_min = -1 : i64, count_include_pad = true, kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>}
// CHECK-SAME:      : tensor<1x6x6x8x!quant.uniform<i8:f32, 5.000000e-01:-1>> -> tensor<1x3x3x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>
// CHECK-NEXT:    return [[Y]]
func.func @avg_pool2d_quant(%x: tensor<1x6x6x8x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x3x3x8x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.avg_pool2d %x {count_include_pad = true, kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>, act_min = -1 : i64}
      : tensor<1x6x6x8x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x3x3x8x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x3x3x8x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that a float te.avg_pool2d round-trips and that the default
// count_include_pad = false is elided.
// CHECK-LABEL: func.func @avg_pool2d_float
// CHECK-SAME:    ([[X:%.+]]: tensor<1x3x3x8xf32>)
// CHECK-NEXT:    [[Y:%.+]] = te.avg_pool2d [[X]] {kernel = array<i64: 3, 3>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 3, 3>}
// CHECK-SAME:      : tensor<1x3x3x8xf32> -> tensor<1x1x1x8xf32>
// CHECK-NEXT:    return [[Y]]
func.func @avg_pool2d_float(%x: tensor<1x3x3x8xf32>) -> tensor<1x1x1x8xf32> {
  %y = te.avg_pool2d %x {count_include_pad = false, kernel = array<i64: 3, 3>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 3, 3>}
      : tensor<1x3x3x8xf32> -> tensor<1x1x1x8xf32>
  return %y : tensor<1x1x1x8xf32>
}

// -----

// Tests that a quantized te.max_pool2d with an activation range round-trips.
// CHECK-LABEL: func.func @max_pool2d_quant
// CHECK-SAME:    ([[X:%.+]]: tensor<1x4x4x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>)
// CHECK-NEXT:    [[Y:%.+]] = te.max_pool2d [[X]]
// CHECK-SAME:      {act_max = 11 : i64, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
// CHECK-SAME:      : tensor<1x4x4x8x!quant.uniform<i8:f32, 5.000000e-01:-1>> -> tensor<1x2x2x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>
// CHECK-NEXT:    return [[Y]]
func.func @max_pool2d_quant(%x: tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>, act_max = 11 : i64}
      : tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that a float te.max_pool2d with bottom/right padding round-trips.
// CHECK-LABEL: func.func @max_pool2d_float
// CHECK-SAME:    ([[X:%.+]]: tensor<1x5x5x8xf32>)
// CHECK-NEXT:    [[Y:%.+]] = te.max_pool2d [[X]] {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 1, 1>, stride = array<i64: 2, 2>}
// CHECK-SAME:      : tensor<1x5x5x8xf32> -> tensor<1x3x3x8xf32>
// CHECK-NEXT:    return [[Y]]
func.func @max_pool2d_float(%x: tensor<1x5x5x8xf32>) -> tensor<1x3x3x8xf32> {
  %y = te.max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 1, 1>, stride = array<i64: 2, 2>}
      : tensor<1x5x5x8xf32> -> tensor<1x3x3x8xf32>
  return %y : tensor<1x3x3x8xf32>
}

// -----

// Tests that a quantized te.global_avg_pool that changes the quantization
// parameters round-trips.
// CHECK-LABEL: func.func @global_avg_pool_quant
// CHECK-SAME:    ([[X:%.+]]: tensor<1x7x7x32x!quant.uniform<i8:f32, 5.000000e-01:-1>>)
// CHECK-NEXT:    [[Y:%.+]] = te.global_avg_pool [[X]]
// CHECK-SAME:      : tensor<1x7x7x32x!quant.uniform<i8:f32, 5.000000e-01:-1>> -> tensor<1x1x1x32x!quant.uniform<i8:f32, 2.500000e-01:-3>>
// CHECK-NEXT:    return [[Y]]
func.func @global_avg_pool_quant(%x: tensor<1x7x7x32x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x1x1x32x!quant.uniform<i8:f32, 0.25:-3>> {
  %y = te.global_avg_pool %x : tensor<1x7x7x32x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x1x1x32x!quant.uniform<i8:f32, 0.25:-3>>
  return %y : tensor<1x1x1x32x!quant.uniform<i8:f32, 0.25:-3>>
}

// -----

// Tests that a float te.global_avg_pool with batch 2 round-trips.
// CHECK-LABEL: func.func @global_avg_pool_float
// CHECK-SAME:    ([[X:%.+]]: tensor<2x3x5x4xf32>)
// CHECK-NEXT:    [[Y:%.+]] = te.global_avg_pool [[X]] : tensor<2x3x5x4xf32> -> tensor<2x1x1x4xf32>
// CHECK-NEXT:    return [[Y]]
func.func @global_avg_pool_float(%x: tensor<2x3x5x4xf32>) -> tensor<2x1x1x4xf32> {
  %y = te.global_avg_pool %x : tensor<2x3x5x4xf32> -> tensor<2x1x1x4xf32>
  return %y : tensor<2x1x1x4xf32>
}

// -----

// Tests that a quantized te.pad with the default value (the zero point)
// round-trips and that the default value is elided.
// CHECK-LABEL: func.func @pad_quant
// CHECK-SAME:    ([[X:%.+]]: tensor<1x4x4x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>)
// CHECK-NEXT:    [[Y:%.+]] = te.pad [[X]] {padding = array<i64: 0, 1, 0, 0, 0, 1, 1, 0>}
// CHECK-SAME:      : tensor<1x4x4x8x!quant.uniform<i8:f32, 5.000000e-01:-1>> -> tensor<1x6x5x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>
// CHECK-NEXT:    return [[Y]]
func.func @pad_quant(%x: tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x6x5x8x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.pad %x {padding = array<i64: 0, 1, 0, 0, 0, 1, 1, 0>, value = 0.0 : f64}
      : tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x6x5x8x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x6x5x8x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that a float te.pad with an explicit value round-trips.
// CHECK-LABEL: func.func @pad_float
// CHECK-SAME:    ([[X:%.+]]: tensor<2x3xf32>)
// CHECK-NEXT:    [[Y:%.+]] = te.pad [[X]] {padding = array<i64: 1, 0, 2, 1>, value = -1.500000e+00 : f64}
// CHECK-SAME:      : tensor<2x3xf32> -> tensor<5x4xf32>
// CHECK-NEXT:    return [[Y]]
func.func @pad_float(%x: tensor<2x3xf32>) -> tensor<5x4xf32> {
  %y = te.pad %x {padding = array<i64: 1, 0, 2, 1>, value = -1.5 : f64} : tensor<2x3xf32> -> tensor<5x4xf32>
  return %y : tensor<5x4xf32>
}

// -----

// Tests that a quantized te.reshape round-trips.
// CHECK-LABEL: func.func @reshape_quant
// CHECK-SAME:    ([[X:%.+]]: tensor<1x1x1x16x!quant.uniform<i8:f32, 5.000000e-01:-1>>)
// CHECK-NEXT:    [[Y:%.+]] = te.reshape [[X]]
// CHECK-SAME:      : tensor<1x1x1x16x!quant.uniform<i8:f32, 5.000000e-01:-1>> -> tensor<1x16x!quant.uniform<i8:f32, 5.000000e-01:-1>>
// CHECK-NEXT:    return [[Y]]
func.func @reshape_quant(%x: tensor<1x1x1x16x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x16x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.reshape %x : tensor<1x1x1x16x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x16x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x16x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that a float te.reshape round-trips.
// CHECK-LABEL: func.func @reshape_float
// CHECK-SAME:    ([[X:%.+]]: tensor<2x3x4xf32>)
// CHECK-NEXT:    [[Y:%.+]] = te.reshape [[X]] : tensor<2x3x4xf32> -> tensor<6x4xf32>
// CHECK-NEXT:    return [[Y]]
func.func @reshape_float(%x: tensor<2x3x4xf32>) -> tensor<6x4xf32> {
  %y = te.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  return %y : tensor<6x4xf32>
}

// -----

// Tests that a quantized te.transpose (NHWC to NCHW) round-trips.
// CHECK-LABEL: func.func @transpose_quant
// CHECK-SAME:    ([[X:%.+]]: tensor<1x4x5x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>)
// CHECK-NEXT:    [[Y:%.+]] = te.transpose [[X]] {perm = array<i64: 0, 3, 1, 2>}
// CHECK-SAME:      : tensor<1x4x5x8x!quant.uniform<i8:f32, 5.000000e-01:-1>> -> tensor<1x8x4x5x!quant.uniform<i8:f32, 5.000000e-01:-1>>
// CHECK-NEXT:    return [[Y]]
func.func @transpose_quant(%x: tensor<1x4x5x8x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x8x4x5x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.transpose %x {perm = array<i64: 0, 3, 1, 2>}
      : tensor<1x4x5x8x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x8x4x5x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x8x4x5x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that a float te.transpose round-trips.
// CHECK-LABEL: func.func @transpose_float
// CHECK-SAME:    ([[X:%.+]]: tensor<2x3xf32>)
// CHECK-NEXT:    [[Y:%.+]] = te.transpose [[X]] {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
// CHECK-NEXT:    return [[Y]]
func.func @transpose_float(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %y = te.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// Tests that a quantized te.resize_nearest with align_corners round-trips.
// CHECK-LABEL: func.func @resize_nearest_quant
// CHECK-SAME:    ([[X:%.+]]: tensor<1x4x4x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>)
// CHECK-NEXT:    [[Y:%.+]] = te.resize_nearest [[X]] {align_corners = true}
// CHECK-SAME:      : tensor<1x4x4x8x!quant.uniform<i8:f32, 5.000000e-01:-1>> -> tensor<1x8x8x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>
// CHECK-NEXT:    return [[Y]]
func.func @resize_nearest_quant(%x: tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x8x8x8x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.resize_nearest %x {align_corners = true}
      : tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x8x8x8x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x8x8x8x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that a float te.resize_nearest with half_pixel_centers (a downscale)
// round-trips.
// CHECK-LABEL: func.func @resize_nearest_float
// CHECK-SAME:    ([[X:%.+]]: tensor<1x4x6x3xf32>)
// CHECK-NEXT:    [[Y:%.+]] = te.resize_nearest [[X]] {half_pixel_centers = true} : tensor<1x4x6x3xf32> -> tensor<1x2x3x3xf32>
// CHECK-NEXT:    return [[Y]]
func.func @resize_nearest_float(%x: tensor<1x4x6x3xf32>) -> tensor<1x2x3x3xf32> {
  %y = te.resize_nearest %x {half_pixel_centers = true} : tensor<1x4x6x3xf32> -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// Tests that a quantized te.concat of three inputs with different
// quantization parameters round-trips.
// CHECK-LABEL: func.func @concat_quant
// CHECK-SAME:    ([[A:%.+]]: tensor<1x4x4x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>,
// CHECK-SAME:     [[B:%.+]]: tensor<1x4x4x4x!quant.uniform<i8:f32, 2.500000e-01:2>>,
// CHECK-SAME:     [[C:%.+]]: tensor<1x4x4x1x!quant.uniform<i8:f32, 5.000000e-01:-1>>)
// CHECK-NEXT:    [[Y:%.+]] = te.concat [[A]], [[B]], [[C]] {axis = 3 : i64}
// CHECK-SAME:      : (tensor<1x4x4x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>, tensor<1x4x4x4x!quant.uniform<i8:f32, 2.500000e-01:2>>,
// CHECK-SAME:         tensor<1x4x4x1x!quant.uniform<i8:f32, 5.000000e-01:-1>>)
// CHECK-SAME:      -> tensor<1x4x4x13x!quant.uniform<i8:f32, 5.000000e-01:-1>>
// CHECK-NEXT:    return [[Y]]
func.func @concat_quant(%a: tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>, %b: tensor<1x4x4x4x!quant.uniform<i8:f32, 0.25:2>>, %c: tensor<1x4x4x1x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x4x13x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.concat %a, %b, %c {axis = 3 : i64}
      : (tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>, tensor<1x4x4x4x!quant.uniform<i8:f32, 0.25:2>>, tensor<1x4x4x1x!quant.uniform<i8:f32, 0.5:-1>>)
      -> tensor<1x4x4x13x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x4x4x13x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that a float te.concat along the first axis round-trips.
// CHECK-LABEL: func.func @concat_float
// CHECK-SAME:    ([[A:%.+]]: tensor<2x3xf32>, [[B:%.+]]: tensor<1x3xf32>)
// CHECK-NEXT:    [[Y:%.+]] = te.concat [[A]], [[B]] {axis = 0 : i64} : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<3x3xf32>
// CHECK-NEXT:    return [[Y]]
func.func @concat_float(%a: tensor<2x3xf32>, %b: tensor<1x3xf32>) -> tensor<3x3xf32> {
  %y = te.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<3x3xf32>
  return %y : tensor<3x3xf32>
}

// -----

// Tests that a quantized te.softmax with a non-default beta round-trips.
// CHECK-LABEL: func.func @softmax_quant
// CHECK-SAME:    ([[X:%.+]]: tensor<1x4x!quant.uniform<i8:f32, 1.250000e-01:3>>)
// CHECK-NEXT:    [[Y:%.+]] = te.softmax [[X]] {beta = 2.000000e+00 : f64}
// CHECK-SAME:      : tensor<1x4x!quant.uniform<i8:f32, 1.250000e-01:3>> -> tensor<1x4x!quant.uniform<i8:f32, 3.906250e-03:-128>>
// CHECK-NEXT:    return [[Y]]
func.func @softmax_quant(%x: tensor<1x4x!quant.uniform<i8:f32, 0.125:3>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.00390625:-128>> {
  %y = te.softmax %x {beta = 2.0 : f64} : tensor<1x4x!quant.uniform<i8:f32, 0.125:3>> -> tensor<1x4x!quant.uniform<i8:f32, 0.00390625:-128>>
  return %y : tensor<1x4x!quant.uniform<i8:f32, 0.00390625:-128>>
}

// -----

// Tests that a float te.softmax round-trips and that the default beta = 1.0
// is elided.
// CHECK-LABEL: func.func @softmax_float
// CHECK-SAME:    ([[X:%.+]]: tensor<1x10xf32>)
// CHECK-NEXT:    [[Y:%.+]] = te.softmax [[X]] : tensor<1x10xf32> -> tensor<1x10xf32>
// CHECK-NEXT:    return [[Y]]
func.func @softmax_float(%x: tensor<1x10xf32>) -> tensor<1x10xf32> {
  %y = te.softmax %x {beta = 1.0 : f64} : tensor<1x10xf32> -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// -----

// Tests that a quantized te.clamp (Relu6) round-trips.
// CHECK-LABEL: func.func @clamp_quant
// CHECK-SAME:    ([[X:%.+]]: tensor<1x4x4x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>)
// CHECK-NEXT:    [[Y:%.+]] = te.clamp [[X]] {max = 6.000000e+00 : f64, min = 0.000000e+00 : f64}
// CHECK-SAME:      : tensor<1x4x4x8x!quant.uniform<i8:f32, 5.000000e-01:-1>> -> tensor<1x4x4x8x!quant.uniform<i8:f32, 5.000000e-01:-1>>
// CHECK-NEXT:    return [[Y]]
func.func @clamp_quant(%x: tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>> {
  %y = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64}
      : tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>
  return %y : tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that a float te.clamp with an infinite upper bound (Relu; +inf is
// printed as the hex literal 0x7FF0000000000000) and a clamp with equal
// bounds round-trip.
// CHECK-LABEL: func.func @clamp_float
// CHECK-SAME:    ([[X:%.+]]: tensor<1x4xf32>)
// CHECK-NEXT:    [[Y:%.+]] = te.clamp [[X]] {max = 0x7FF0000000000000 : f64, min = 0.000000e+00 : f64} : tensor<1x4xf32> -> tensor<1x4xf32>
// CHECK-NEXT:    [[Z:%.+]] = te.clamp [[Y]] {max = -2.500000e+00 : f64, min = -2.500000e+00 : f64} : tensor<1x4xf32> -> tensor<1x4xf32>
// CHECK-NEXT:    return [[Z]]
func.func @clamp_float(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %y = te.clamp %x {min = 0.0 : f64, max = 0x7FF0000000000000 : f64} : tensor<1x4xf32> -> tensor<1x4xf32>
  %z = te.clamp %y {min = -2.5 : f64, max = -2.5 : f64} : tensor<1x4xf32> -> tensor<1x4xf32>
  return %z : tensor<1x4xf32>
}

// -----

// Tests that te.quantize of a float tensor round-trips.
// CHECK-LABEL: func.func @quantize
// CHECK-SAME:    ([[X:%.+]]: tensor<1x4xf32>)
// CHECK-NEXT:    [[Q:%.+]] = te.quantize [[X]] : tensor<1x4xf32> -> tensor<1x4x!quant.uniform<i8:f32, 5.000000e-01:-1>>
// CHECK-NEXT:    return [[Q]]
func.func @quantize(%x: tensor<1x4xf32>) -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>> {
  %q = te.quantize %x : tensor<1x4xf32> -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>
  return %q : tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that te.quantize of a quantized tensor (a requantize) round-trips.
// CHECK-LABEL: func.func @requantize
// CHECK-SAME:    ([[X:%.+]]: tensor<1x4x!quant.uniform<i8:f32, 5.000000e-01:-1>>)
// CHECK-NEXT:    [[Q:%.+]] = te.quantize [[X]]
// CHECK-SAME:      : tensor<1x4x!quant.uniform<i8:f32, 5.000000e-01:-1>> -> tensor<1x4x!quant.uniform<i8:f32, 2.500000e-01:7>>
// CHECK-NEXT:    return [[Q]]
func.func @requantize(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.25:7>> {
  %q = te.quantize %x : tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x4x!quant.uniform<i8:f32, 0.25:7>>
  return %q : tensor<1x4x!quant.uniform<i8:f32, 0.25:7>>
}

// -----

// Tests that te.dequantize round-trips.
// CHECK-LABEL: func.func @dequantize
// CHECK-SAME:    ([[Q:%.+]]: tensor<1x4x!quant.uniform<i8:f32, 5.000000e-01:-1>>)
// CHECK-NEXT:    [[X:%.+]] = te.dequantize [[Q]] : tensor<1x4x!quant.uniform<i8:f32, 5.000000e-01:-1>> -> tensor<1x4xf32>
// CHECK-NEXT:    return [[X]]
func.func @dequantize(%q: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4xf32> {
  %x = te.dequantize %q : tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x4xf32>
  return %x : tensor<1x4xf32>
}

// -----

// Tests that te.slice and te.insert_slice (with and without a destination)
// round-trip on quantized tensors.
// CHECK-LABEL: func.func @slice_insert_quant
// CHECK:         [[S:%.+]] = te.slice %arg0 {offsets = array<i64: 3, 0>}
// CHECK-SAME:      : tensor<1x8x8x4x!quant.uniform<i8:f32, 5.000000e-01:1>> -> tensor<1x5x8x4x!quant.uniform<i8:f32, 5.000000e-01:1>>
// CHECK-NEXT:    [[A:%.+]] = te.insert_slice %arg1 {offsets = array<i64: 0, 0>}
// CHECK-SAME:      : (tensor<1x4x8x4x!quant.uniform<i8:f32, 5.000000e-01:1>>) -> tensor<1x8x8x4x!quant.uniform<i8:f32, 5.000000e-01:1>>
// CHECK-NEXT:    [[B:%.+]] = te.insert_slice %arg1, [[A]] {offsets = array<i64: 4, 0>}
// CHECK-NEXT:    return [[S]], [[B]]
func.func @slice_insert_quant(%x: tensor<1x8x8x4x!quant.uniform<i8:f32, 0.5:1>>, %p: tensor<1x4x8x4x!quant.uniform<i8:f32, 0.5:1>>)
    -> (tensor<1x5x8x4x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x8x8x4x!quant.uniform<i8:f32, 0.5:1>>) {
  %s = te.slice %x {offsets = array<i64: 3, 0>} : tensor<1x8x8x4x!quant.uniform<i8:f32, 0.5:1>> -> tensor<1x5x8x4x!quant.uniform<i8:f32, 0.5:1>>
  %a = te.insert_slice %p {offsets = array<i64: 0, 0>} : (tensor<1x4x8x4x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<1x8x8x4x!quant.uniform<i8:f32, 0.5:1>>
  %b = te.insert_slice %p, %a {offsets = array<i64: 4, 0>} : (tensor<1x4x8x4x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x8x8x4x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<1x8x8x4x!quant.uniform<i8:f32, 0.5:1>>
  return %s, %b : tensor<1x5x8x4x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x8x8x4x!quant.uniform<i8:f32, 0.5:1>>
}
