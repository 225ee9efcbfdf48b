// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-plan-memory))' | FileCheck %s
// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-plan-memory{fit-tiles=false}))' | FileCheck %s --check-prefix=KEEP
// RUN: mcunet-opt %s -split-input-file --te-default-pipeline='tile-rows=3 tile-channels=2' | FileCheck %s --check-prefix=KEEP

// Tests that --te-plan-memory takes pointwise kernels back from three-row
// to two-row blocks (te.tile [3, 2] -> [2, 2]) where their int16 columns
// (rows x input channels x 2 bytes of scratch) are live at the peak and
// two rows lower it by 1% or more, and leaves them elsewhere; the same for
// the im2col kernel's gathered columns (rows x window values x 2 bytes).

!i8 = !quant.uniform<i8:f32, 0.5:-1>
!w = !quant.uniform<i8:f32:0, {0.1, 0.1, 0.2, 0.2, 0.1, 0.1, 0.2, 0.2}>
!b = !quant.uniform<i32:f32:0, {0.05, 0.05, 0.1, 0.1, 0.05, 0.05, 0.1, 0.1}>

// The only layer: input 128 + output 128 + three rows of columns 3 x 8 x 2
// = 48 bytes = 304 at the peak; two rows (32 bytes) make it 288.
// With fit-tiles=false, or a blocking forced by the default pipeline's
// tile options, the tile stays.
// CHECK-LABEL: func.func @at_peak
// CHECK-SAME:  te.arena_size = 288
// CHECK:       te.conv2d {{.*}}te.scratch = array<i64: {{[0-9]+}}, 32>, te.tile = array<i64: 2, 2>
// KEEP-LABEL:  func.func @at_peak
// KEEP-SAME:   te.arena_size = 304
// KEEP:        te.conv2d {{.*}}te.scratch = array<i64: {{[0-9]+}}, 48>, te.tile = array<i64: 3, 2>
func.func @at_peak(%x: tensor<1x4x4x8x!i8>) -> tensor<1x4x4x8x!i8> {
  %w = te.constant dense<1> : tensor<8x1x1x8xi8> -> tensor<8x1x1x8x!w>
  %b = te.constant dense<2> : tensor<8xi32> -> tensor<8x!b>
  %0 = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, te.kernel = "pointwise", te.tile = array<i64: 3, 2>}
      : (tensor<1x4x4x8x!i8>, tensor<8x1x1x8x!w>, tensor<8x!b>) -> tensor<1x4x4x8x!i8>
  return %0 : tensor<1x4x4x8x!i8>
}

// -----

!i8 = !quant.uniform<i8:f32, 0.5:-1>
!w = !quant.uniform<i8:f32:0, {0.1, 0.1, 0.2, 0.2, 0.1, 0.1, 0.2, 0.2}>
!b = !quant.uniform<i32:f32:0, {0.05, 0.05, 0.1, 0.1, 0.05, 0.05, 0.1, 0.1}>
!w32 = !quant.uniform<i8:f32, 0.1>
!b32 = !quant.uniform<i32:f32, 0.05>

// The first layer (304 bytes live) is below the second's peak (128 + 512
// + its two rows of columns 32 = 672): it keeps three rows.
// CHECK-LABEL: func.func @below_peak
// CHECK-SAME:  te.arena_size = 672
// CHECK:       te.conv2d {{.*}}te.scratch = array<i64: {{[0-9]+}}, 48>, te.tile = array<i64: 3, 2>
// CHECK:       te.conv2d {{.*}}te.scratch = array<i64: {{[0-9]+}}, 32>, te.tile = array<i64: 2, 2>
func.func @below_peak(%x: tensor<1x4x4x8x!i8>) -> tensor<1x4x4x32x!i8> {
  %w = te.constant dense<1> : tensor<8x1x1x8xi8> -> tensor<8x1x1x8x!w>
  %b = te.constant dense<2> : tensor<8xi32> -> tensor<8x!b>
  %w2 = te.constant dense<1> : tensor<32x1x1x8xi8> -> tensor<32x1x1x8x!w32>
  %b2 = te.constant dense<2> : tensor<32xi32> -> tensor<32x!b32>
  %0 = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, te.kernel = "pointwise", te.tile = array<i64: 3, 2>}
      : (tensor<1x4x4x8x!i8>, tensor<8x1x1x8x!w>, tensor<8x!b>) -> tensor<1x4x4x8x!i8>
  %1 = te.conv2d %0, %w2, %b2 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, te.kernel = "pointwise", te.tile = array<i64: 2, 2>}
      : (tensor<1x4x4x8x!i8>, tensor<32x1x1x8x!w32>, tensor<32x!b32>) -> tensor<1x4x4x32x!i8>
  return %1 : tensor<1x4x4x32x!i8>
}

// -----

!i8 = !quant.uniform<i8:f32, 0.5:-1>
!w = !quant.uniform<i8:f32:0, {0.1, 0.1, 0.2, 0.2, 0.1, 0.1, 0.2, 0.2}>
!b = !quant.uniform<i32:f32:0, {0.05, 0.05, 0.1, 0.1, 0.05, 0.05, 0.1, 0.1}>
!w9 = !quant.uniform<i8:f32, 0.1>
!b9 = !quant.uniform<i32:f32, 0.05>

// Both layers reach the peak, 304 bytes: the first with three rows of
// columns (128 + 128 + 48), the second with two (128 + 144 + 32). Two rows
// in the first would not lower it, so the first keeps three.
// CHECK-LABEL: func.func @same_peak
// CHECK-SAME:  te.arena_size = 304
// CHECK:       te.conv2d {{.*}}te.scratch = array<i64: {{[0-9]+}}, 48>, te.tile = array<i64: 3, 2>
func.func @same_peak(%x: tensor<1x4x4x8x!i8>) -> tensor<1x4x4x9x!i8> {
  %w = te.constant dense<1> : tensor<8x1x1x8xi8> -> tensor<8x1x1x8x!w>
  %b = te.constant dense<2> : tensor<8xi32> -> tensor<8x!b>
  %w2 = te.constant dense<1> : tensor<9x1x1x8xi8> -> tensor<9x1x1x8x!w9>
  %b2 = te.constant dense<2> : tensor<9xi32> -> tensor<9x!b9>
  %0 = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, te.kernel = "pointwise", te.tile = array<i64: 3, 2>}
      : (tensor<1x4x4x8x!i8>, tensor<8x1x1x8x!w>, tensor<8x!b>) -> tensor<1x4x4x8x!i8>
  %1 = te.conv2d %0, %w2, %b2 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, te.kernel = "pointwise", te.tile = array<i64: 2, 2>}
      : (tensor<1x4x4x8x!i8>, tensor<9x1x1x8x!w9>, tensor<9x!b9>) -> tensor<1x4x4x9x!i8>
  return %1 : tensor<1x4x4x9x!i8>
}

// -----

!i8 = !quant.uniform<i8:f32, 0.5:-1>
!w = !quant.uniform<i8:f32:0, {0.1, 0.1, 0.2, 0.2, 0.1, 0.1, 0.2, 0.2}>
!b = !quant.uniform<i32:f32:0, {0.05, 0.05, 0.1, 0.1, 0.05, 0.05, 0.1, 0.1}>

// The layer is at the peak, but its third row of columns (16 bytes) is
// below 1% of it (input 1x32x32x8 = 8192 + output 8192 + 48 = 16432):
// the faster blocks stay.
// CHECK-LABEL: func.func @small_share
// CHECK-SAME:  te.arena_size = 16432
// CHECK:       te.conv2d {{.*}}te.scratch = array<i64: {{[0-9]+}}, 48>, te.tile = array<i64: 3, 2>
func.func @small_share(%x: tensor<1x32x32x8x!i8>) -> tensor<1x32x32x8x!i8> {
  %w = te.constant dense<1> : tensor<8x1x1x8xi8> -> tensor<8x1x1x8x!w>
  %b = te.constant dense<2> : tensor<8xi32> -> tensor<8x!b>
  %0 = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, te.kernel = "pointwise", te.tile = array<i64: 3, 2>}
      : (tensor<1x32x32x8x!i8>, tensor<8x1x1x8x!w>, tensor<8x!b>) -> tensor<1x32x32x8x!i8>
  return %0 : tensor<1x32x32x8x!i8>
}

// -----

!i8 = !quant.uniform<i8:f32, 0.5:-1>
!w3 = !quant.uniform<i8:f32, 0.1>
!b3 = !quant.uniform<i32:f32, 0.05>

// An im2col conv (3x3 window over 2 channels: 18 values, columns of 20)
// alone: input 32 + output 64 + three columns 3 x 20 x 2 = 120 bytes =
// 216 at the peak; two columns (80 bytes) make it 176.
// CHECK-LABEL: func.func @im2col_at_peak
// CHECK-SAME:  te.arena_size = 176
// CHECK:       te.conv2d {{.*}}te.kernel = "im2col", {{.*}}te.scratch = array<i64: {{[0-9]+}}, 80>, te.tile = array<i64: 2, 2>
// KEEP-LABEL:  func.func @im2col_at_peak
// KEEP-SAME:   te.arena_size = 216
// KEEP:        te.conv2d {{.*}}te.kernel = "im2col", {{.*}}te.scratch = array<i64: {{[0-9]+}}, 120>, te.tile = array<i64: 3, 2>
func.func @im2col_at_peak(%x: tensor<1x4x4x2x!i8>) -> tensor<1x4x4x4x!i8> {
  %w = te.constant dense<1> : tensor<4x3x3x2xi8> -> tensor<4x3x3x2x!w3>
  %b = te.constant dense<2> : tensor<4xi32> -> tensor<4x!b3>
  %0 = te.conv2d %x, %w, %b {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, te.kernel = "im2col", te.tile = array<i64: 3, 2>}
      : (tensor<1x4x4x2x!i8>, tensor<4x3x3x2x!w3>, tensor<4x!b3>) -> tensor<1x4x4x4x!i8>
  return %0 : tensor<1x4x4x4x!i8>
}
