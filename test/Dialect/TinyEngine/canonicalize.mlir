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
