// RUN: mcunet-opt %s -split-input-file --canonicalize | FileCheck %s

// Tests that a reshape to the same type folds away.
// CHECK-LABEL: func.func @reshape_identity
// CHECK-SAME: (%[[X:.+]]: tensor<1x4xf32>)
// CHECK-NEXT: return %[[X]]
func.func @reshape_identity(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %y = te.reshape %x : tensor<1x4xf32> -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// Tests that a chain of reshapes becomes one reshape of the source.
// CHECK-LABEL: func.func @reshape_chain
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x2xf32>)
// CHECK-NEXT: %[[Y:.+]] = te.reshape %[[X]] : tensor<1x2x2xf32> -> tensor<4xf32>
// CHECK-NEXT: return %[[Y]]
func.func @reshape_chain(%x: tensor<1x2x2xf32>) -> tensor<4xf32> {
  %a = te.reshape %x : tensor<1x2x2xf32> -> tensor<1x4xf32>
  %b = te.reshape %a : tensor<1x4xf32> -> tensor<4xf32>
  return %b : tensor<4xf32>
}

// -----

// Tests that an identity transpose folds away.
// CHECK-LABEL: func.func @transpose_identity
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @transpose_identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = te.transpose %x {perm = array<i64: 0, 1>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Tests that NHWC->NCHW followed by NCHW->NHWC cancels out (the importer
// produces this pair around ONNX Transpose/Reshape sequences).
// CHECK-LABEL: func.func @transpose_inverse_pair
// CHECK-SAME: (%[[X:.+]]: tensor<1x25x20x8x!quant.uniform<i8:f32, 5.000000e-01:-3>>)
// CHECK-NEXT: return %[[X]]
func.func @transpose_inverse_pair(%x: tensor<1x25x20x8x!quant.uniform<i8:f32, 0.5:-3>>) -> tensor<1x25x20x8x!quant.uniform<i8:f32, 0.5:-3>> {
  %a = te.transpose %x {perm = array<i64: 0, 2, 3, 1>} : tensor<1x25x20x8x!quant.uniform<i8:f32, 0.5:-3>> -> tensor<1x20x8x25x!quant.uniform<i8:f32, 0.5:-3>>
  %b = te.transpose %a {perm = array<i64: 0, 3, 1, 2>} : tensor<1x20x8x25x!quant.uniform<i8:f32, 0.5:-3>> -> tensor<1x25x20x8x!quant.uniform<i8:f32, 0.5:-3>>
  return %b : tensor<1x25x20x8x!quant.uniform<i8:f32, 0.5:-3>>
}

// -----

// Tests that two transposes compose into one: (1, 2, 0) after (1, 2, 0) is
// (2, 0, 1).
// CHECK-LABEL: func.func @transpose_compose
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[Y:.+]] = te.transpose %[[X]] {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
// CHECK-NEXT: return %[[Y]]
func.func @transpose_compose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %a = te.transpose %x {perm = array<i64: 1, 2, 0>} : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
  %b = te.transpose %a {perm = array<i64: 1, 2, 0>} : tensor<3x4x2xf32> -> tensor<4x2x3xf32>
  return %b : tensor<4x2x3xf32>
}

// -----

// Tests that a te.pad of H and W with the value 0 folds into the conv2d
// that reads it: the pad amounts are added to the window's padding, which
// reads the same zeros. padding is [N, H, W, C] before, then after: H + 1
// before and + 3 after, W + 2 before; the window's [top, left, bottom,
// right] = [1, 0, 0, 1] becomes [1 + 1, 0 + 2, 0 + 3, 1 + 0] = [2, 2, 3, 1].
// Output 7x5 either way: (4 + 2 + 3 - 3) + 1 = 7, (4 + 2 + 1 - 3) + 1 = 5.
// CHECK-LABEL: func.func @pad_into_conv2d
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x4x2xf32>)
// CHECK-NEXT: %[[W:.+]] = te.constant
// CHECK-NEXT: %[[Y:.+]] = te.conv2d %[[X]], %[[W]] {pad = array<i64: 2, 2, 3, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>) -> tensor<1x7x5x3xf32>
// CHECK-NEXT: return %[[Y]]
func.func @pad_into_conv2d(%x: tensor<1x4x4x2xf32>) -> tensor<1x7x5x3xf32> {
  %p = te.pad %x {padding = array<i64: 0, 1, 2, 0, 0, 3, 0, 0>} : tensor<1x4x4x2xf32> -> tensor<1x8x6x2xf32>
  %w = te.constant dense<1.0> : tensor<3x3x3x2xf32> -> tensor<3x3x3x2xf32>
  %y = te.conv2d %p, %w {pad = array<i64: 1, 0, 0, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x8x6x2xf32>, tensor<3x3x3x2xf32>) -> tensor<1x7x5x3xf32>
  return %y : tensor<1x7x5x3xf32>
}

// -----

// Tests the fold into a quantized depthwise conv, the TFLite pattern (an
// explicit bottom/right pad before a stride-2 conv): the pad value 0 is the
// zero point -1, which the window's padding also reads. [0, 0, 0, 0] plus
// H + 1 and W + 1 after gives [0, 0, 1, 1]. The pad, also returned, stays.
// CHECK-LABEL: func.func @pad_into_depthwise
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x4x2x!quant.uniform<i8:f32, 5.000000e-01:-1>>)
// CHECK-NEXT: %[[P:.+]] = te.pad %[[X]]
// CHECK-NEXT: %[[W:.+]] = te.constant
// CHECK-NEXT: %[[Y:.+]] = te.depthwise_conv2d %[[X]], %[[W]] {pad = array<i64: 0, 0, 1, 1>, stride = array<i64: 2, 2>}
// CHECK-NEXT: return %[[Y]], %[[P]]
func.func @pad_into_depthwise(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>>)
    -> (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25:3>>, tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:-1>>) {
  %p = te.pad %x {padding = array<i64: 0, 0, 0, 0, 0, 1, 1, 0>}
      : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:-1>>
  %w = te.constant dense<1> : tensor<3x3x2xi8> -> tensor<3x3x2x!quant.uniform<i8:f32, 0.125>>
  %y = te.depthwise_conv2d %p, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
      : (tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<3x3x2x!quant.uniform<i8:f32, 0.125>>)
      -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25:3>>
  return %y, %p : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25:3>>, tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:-1>>
}

// -----

// Tests that a pad with another value does not fold: the window's padding
// reads 0 (the zero point), not 1.
// CHECK-LABEL: func.func @pad_nonzero_value
// CHECK-NEXT: %[[P:.+]] = te.pad
// CHECK-NEXT: te.constant
// CHECK-NEXT: te.conv2d %[[P]], {{.*}}pad = array<i64: 0, 0, 0, 0>
func.func @pad_nonzero_value(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32> {
  %p = te.pad %x {padding = array<i64: 0, 1, 1, 0, 0, 1, 1, 0>, value = 1.0 : f64} : tensor<1x4x4x2xf32> -> tensor<1x6x6x2xf32>
  %w = te.constant dense<1.0> : tensor<3x3x3x2xf32> -> tensor<3x3x3x2xf32>
  %y = te.conv2d %p, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x6x6x2xf32>, tensor<3x3x3x2xf32>) -> tensor<1x4x4x3xf32>
  return %y : tensor<1x4x4x3xf32>
}

// -----

// Tests that a pad of the channels does not fold: the window pads only H
// and W.
// CHECK-LABEL: func.func @pad_channels
// CHECK-NEXT: %[[P:.+]] = te.pad
// CHECK-NEXT: te.constant
// CHECK-NEXT: te.conv2d %[[P]], {{.*}}pad = array<i64: 0, 0, 0, 0>
func.func @pad_channels(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32> {
  %p = te.pad %x {padding = array<i64: 0, 0, 0, 1, 0, 0, 0, 1>} : tensor<1x4x4x2xf32> -> tensor<1x4x4x4xf32>
  %w = te.constant dense<1.0> : tensor<3x1x1x4xf32> -> tensor<3x1x1x4xf32>
  %y = te.conv2d %p, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x4xf32>, tensor<3x1x1x4xf32>) -> tensor<1x4x4x3xf32>
  return %y : tensor<1x4x4x3xf32>
}

// -----

// Tests that a pad of the batch does not fold (it adds images).
// CHECK-LABEL: func.func @pad_batch
// CHECK-NEXT: %[[P:.+]] = te.pad
// CHECK-NEXT: te.constant
// CHECK-NEXT: te.depthwise_conv2d %[[P]], {{.*}}pad = array<i64: 0, 0, 0, 0>
func.func @pad_batch(%x: tensor<1x4x4x2xf32>) -> tensor<2x4x4x2xf32> {
  %p = te.pad %x {padding = array<i64: 0, 0, 0, 0, 1, 0, 0, 0>} : tensor<1x4x4x2xf32> -> tensor<2x4x4x2xf32>
  %w = te.constant dense<1.0> : tensor<1x1x2xf32> -> tensor<1x1x2xf32>
  %y = te.depthwise_conv2d %p, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<2x4x4x2xf32>, tensor<1x1x2xf32>) -> tensor<2x4x4x2xf32>
  return %y : tensor<2x4x4x2xf32>
}

// -----

// Tests that flattening a transposed tensor into a fully connected layer
// (PyTorch's NCHW flatten of an NHWC tensor) becomes a flatten of the tensor
// as it is, with the permutation moved into the weights' columns at compile
// time: column (c, h, w) of the 2x3x2 input (c * 6 + h * 2 + w) moves to
// (h, w, c) (h * 4 + w * 2 + c). Weights row 0 = 0..11 gives row 0 =
// [0, 6, 1, 7, 2, 8, 3, 9, 4, 10, 5, 11]; row 1 = 100 + the same.
// CHECK-LABEL: func.func @flatten_transposed
// CHECK-NOT: te.transpose
// CHECK-DAG: %[[W:.+]] = te.constant dense<{{\[}}[0, 6, 1, 7, 2, 8, 3, 9, 4, 10, 5, 11], [100, 106, 101, 107, 102, 108, 103, 109, 104, 110, 105, 111]]> : tensor<2x12xi8>
// CHECK-DAG: %[[R:.+]] = te.reshape %arg0 : tensor<1x3x2x2x{{.*}}> -> tensor<1x12x
// CHECK: te.fully_connected %[[R]], %[[W]]
func.func @flatten_transposed(%x: tensor<1x3x2x2x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.25:3>> {
  %t = te.transpose %x {perm = array<i64: 0, 3, 1, 2>} : tensor<1x3x2x2x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x2x3x2x!quant.uniform<i8:f32, 0.5:-1>>
  %r = te.reshape %t : tensor<1x2x3x2x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x12x!quant.uniform<i8:f32, 0.5:-1>>
  %w = te.constant dense<[[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111]]> : tensor<2x12xi8> -> tensor<2x12x!quant.uniform<i8:f32:0, {0.1, 0.2}>>
  %y = te.fully_connected %r, %w : (tensor<1x12x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x12x!quant.uniform<i8:f32:0, {0.1, 0.2}>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.25:3>>
  return %y : tensor<1x2x!quant.uniform<i8:f32, 0.25:3>>
}

// -----

// Tests that the permutation stays when the transposed tensor has another
// user (the transpose must run anyway).
// CHECK-LABEL: func.func @flatten_transposed_shared
// CHECK: te.transpose
// CHECK: te.fully_connected
func.func @flatten_transposed_shared(%x: tensor<1x3x2x2xf32>) -> (tensor<1x2xf32>, tensor<1x2x3x2xf32>) {
  %t = te.transpose %x {perm = array<i64: 0, 3, 1, 2>} : tensor<1x3x2x2xf32> -> tensor<1x2x3x2xf32>
  %r = te.reshape %t : tensor<1x2x3x2xf32> -> tensor<1x12xf32>
  %w = te.constant dense<1.0> : tensor<2x12xf32> -> tensor<2x12xf32>
  %y = te.fully_connected %r, %w : (tensor<1x12xf32>, tensor<2x12xf32>) -> tensor<1x2xf32>
  return %y, %t : tensor<1x2xf32>, tensor<1x2x3x2xf32>
}
