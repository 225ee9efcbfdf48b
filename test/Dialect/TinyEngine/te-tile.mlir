// RUN: mcunet-opt %s -split-input-file --te-specialize-kernels --te-tile | FileCheck %s
// RUN: mcunet-opt %s -split-input-file --te-specialize-kernels --te-tile="rows=1 channels=2" \
// RUN:   | FileCheck %s --check-prefix=FORCE
// RUN: mcunet-opt %s -split-input-file --te-specialize-kernels --te-tile="rows=3 channels=2" \
// RUN:   | FileCheck %s --check-prefix=FORCE3
// RUN: not mcunet-opt %s -split-input-file --te-specialize-kernels --te-tile="rows=2 channels=4" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BAD
// RUN: not mcunet-opt %s -split-input-file --te-specialize-kernels --te-tile="rows=2" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=HALF

!i8in = !quant.uniform<i8:f32, 0.5:-1>
!i8out = !quant.uniform<i8:f32, 0.25:3>
!w = !quant.uniform<i8:f32:0, {0.1, 0.1, 0.2, 0.2}>
!b = !quant.uniform<i32:f32:0, {0.05, 0.05, 0.1, 0.1}>

// Tests the cost model's choices. A pointwise conv over 16 pixels with 2
// inputs and 4 outputs: one pixel by four channels costs 16 x 32 = 512
// instructions, two pixels by two over int16 columns 8 x (2 x 26 + 14) =
// 528, three pixels by two 5 x (2 x 36 + 18) = 450 plus 40 for the last
// pixel (two 1 x 2 calls): 490, the cheapest. A fully connected
// layer on one row with 4 channels: one row by four channels (two rows do
// not exist; four filters share each widened input word). The im2col
// kernel (4 pixels, 4 filters) takes three gathered columns by two filters
// (the pointwise kernel's 3 x 2 blocks over them).
// CHECK-LABEL: func.func @choices
// CHECK: te.conv2d {{.*}}te.kernel = "pointwise", te.tile = array<i64: 3, 2>
// CHECK: te.fully_connected {{.*}}te.kernel = "fully_connected", te.tile = array<i64: 1, 4>
// CHECK: te.conv2d {{.*}}te.kernel = "im2col", te.tile = array<i64: 3, 2>} :
// The rows=1 channels=2 override applies to every tiled kernel; the im2col
// kernel then keeps its two columns (no te.tile).
// FORCE-LABEL: func.func @choices
// FORCE: te.conv2d {{.*}}te.kernel = "pointwise", te.tile = array<i64: 1, 2>
// FORCE: te.fully_connected {{.*}}te.kernel = "fully_connected", te.tile = array<i64: 1, 2>
// FORCE: te.conv2d {{.*}}te.kernel = "im2col"} :
// Forcing three rows by two channels: the fully connected layer has no
// int16 columns, so it takes two by two.
// FORCE3-LABEL: func.func @choices
// FORCE3: te.conv2d {{.*}}te.kernel = "pointwise", te.tile = array<i64: 3, 2>
// FORCE3: te.fully_connected {{.*}}te.kernel = "fully_connected", te.tile = array<i64: 2, 2>
// FORCE3: te.conv2d {{.*}}te.kernel = "im2col", te.tile = array<i64: 3, 2>} :
// FORCE3-LABEL: func.func @wide
// FORCE3: te.tile = array<i64: 3, 2>
// FORCE3-LABEL: func.func @pair
// FORCE3: te.conv2d {{.*}}te.tile = array<i64: 3, 2>
// FORCE3: te.conv2d {{.*}}te.tile = array<i64: 2, 2>
// BAD: error: te-tile: unsupported tile 2x4 (rows x channels); supported: 3x2, 2x2, 1x4, 1x2, 1x1
// HALF: error: te-tile: give both rows and channels, or neither
func.func @choices(%x: tensor<1x4x4x2x!i8in>, %v: tensor<1x6x!i8in>)
    -> (tensor<1x4x4x4x!i8out>, tensor<1x4x!i8out>, tensor<1x2x2x4x!i8out>) {
  %w = te.constant dense<1> : tensor<4x1x1x2xi8> -> tensor<4x1x1x2x!w>
  %w3 = te.constant dense<1> : tensor<4x3x3x2xi8> -> tensor<4x3x3x2x!w>
  %wf = te.constant dense<1> : tensor<4x6xi8> -> tensor<4x6x!w>
  %b = te.constant dense<2> : tensor<4xi32> -> tensor<4x!b>
  %0 = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2x!i8in>, tensor<4x1x1x2x!w>, tensor<4x!b>) -> tensor<1x4x4x4x!i8out>
  %1 = te.fully_connected %v, %wf, %b : (tensor<1x6x!i8in>, tensor<4x6x!w>, tensor<4x!b>) -> tensor<1x4x!i8out>
  %2 = te.conv2d %x, %w3, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2x!i8in>, tensor<4x3x3x2x!w>, tensor<4x!b>) -> tensor<1x2x2x4x!i8out>
  return %0, %1, %2 : tensor<1x4x4x4x!i8out>, tensor<1x4x!i8out>, tensor<1x2x2x4x!i8out>
}

// -----

!i8in = !quant.uniform<i8:f32, 0.5:-1>
!i8out = !quant.uniform<i8:f32, 0.25:3>
!w8 = !quant.uniform<i8:f32:0, {0.1, 0.1, 0.2, 0.2, 0.1, 0.1, 0.2, 0.2}>
!b8 = !quant.uniform<i32:f32:0, {0.05, 0.05, 0.1, 0.1, 0.05, 0.05, 0.1, 0.1}>

// A pointwise conv over 16 pixels with 8 inputs and 8 outputs: three
// pixels by two channels over int16 columns (5 x (4 x 53 + 34) = 1230,
// plus 4 x 34 = 136 for the last pixel: 1366 instructions) beats two by
// two (8 x (4 x 39 + 24) = 1440) and one pixel by four channels
// (16 x 2 x 56 = 1792).
// CHECK-LABEL: func.func @wide
// CHECK: te.conv2d {{.*}}te.kernel = "pointwise", te.tile = array<i64: 3, 2>
func.func @wide(%x: tensor<1x4x4x8x!i8in>) -> tensor<1x4x4x8x!i8out> {
  %w = te.constant dense<1> : tensor<8x1x1x8xi8> -> tensor<8x1x1x8x!w8>
  %b = te.constant dense<2> : tensor<8xi32> -> tensor<8x!b8>
  %0 = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x8x!i8in>, tensor<8x1x1x8x!w8>, tensor<8x!b8>) -> tensor<1x4x4x8x!i8out>
  return %0 : tensor<1x4x4x8x!i8out>
}

// -----

!i8in = !quant.uniform<i8:f32, 0.5:-1>
!i8out = !quant.uniform<i8:f32, 0.25:3>
!w8 = !quant.uniform<i8:f32:0, {0.1, 0.1, 0.2, 0.2, 0.1, 0.1, 0.2, 0.2}>
!b8 = !quant.uniform<i32:f32:0, {0.05, 0.05, 0.1, 0.1, 0.05, 0.05, 0.1, 0.1}>

// The same layer over 4 pixels: two blocks of two (2 x (4 x 39 + 24) =
// 360) beat a block of three and a last pixel (246 + 136 = 382). With an
// odd number of inputs (5) there are no int16 columns, hence no three-row
// blocks.
// CHECK-LABEL: func.func @pair
// CHECK: te.conv2d {{.*}}te.kernel = "pointwise", te.tile = array<i64: 2, 2>
// CHECK: te.conv2d {{.*}}te.kernel = "pointwise", te.tile = array<i64: {{[12]}}, {{[124]}}>
func.func @pair(%x: tensor<1x2x2x8x!i8in>, %y: tensor<1x4x4x5x!i8in>)
    -> (tensor<1x2x2x8x!i8out>, tensor<1x4x4x8x!i8out>) {
  %w = te.constant dense<1> : tensor<8x1x1x8xi8> -> tensor<8x1x1x8x!w8>
  %w5 = te.constant dense<1> : tensor<8x1x1x5xi8> -> tensor<8x1x1x5x!w8>
  %b = te.constant dense<2> : tensor<8xi32> -> tensor<8x!b8>
  %0 = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x2x2x8x!i8in>, tensor<8x1x1x8x!w8>, tensor<8x!b8>) -> tensor<1x2x2x8x!i8out>
  %1 = te.conv2d %y, %w5, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x5x!i8in>, tensor<8x1x1x5x!w8>, tensor<8x!b8>) -> tensor<1x4x4x8x!i8out>
  return %0, %1 : tensor<1x2x2x8x!i8out>, tensor<1x4x4x8x!i8out>
}

// -----

!i8in = !quant.uniform<i8:f32, 0.5:-1>
!i8out = !quant.uniform<i8:f32, 0.25:3>
!w2 = !quant.uniform<i8:f32:0, {0.1, 0.2}>
!w1 = !quant.uniform<i8:f32:0, {0.1}>

// Tests remainders in the cost model: one output channel leaves nothing to
// pair (one row by one channel for a single row, two rows by two would
// compute half the block for nothing: also one by one); two channels on
// one row: one by two.
// CHECK-LABEL: func.func @narrow
// CHECK: te.fully_connected {{.*}}te.tile = array<i64: 1, 2>
// CHECK: te.fully_connected {{.*}}te.tile = array<i64: 1, 1>
func.func @narrow(%v: tensor<1x8x!i8in>) -> (tensor<1x2x!i8out>, tensor<1x1x!i8out>) {
  %w2 = te.constant dense<1> : tensor<2x8xi8> -> tensor<2x8x!w2>
  %w1 = te.constant dense<1> : tensor<1x8xi8> -> tensor<1x8x!w1>
  %0 = te.fully_connected %v, %w2 : (tensor<1x8x!i8in>, tensor<2x8x!w2>) -> tensor<1x2x!i8out>
  %1 = te.fully_connected %v, %w1 : (tensor<1x8x!i8in>, tensor<1x8x!w1>) -> tensor<1x1x!i8out>
  return %0, %1 : tensor<1x2x!i8out>, tensor<1x1x!i8out>
}

// -----

!i8in = !quant.uniform<i8:f32, 0.5:-1>
!i8out = !quant.uniform<i8:f32, 0.25:3>
!w = !quant.uniform<i8:f32:0, {0.1, 0.1, 0.2, 0.2}>

// Tests that ops without a matrix-product kernel get no tile, and that a
// stale te.tile is removed.
// CHECK-LABEL: func.func @untiled
// CHECK-NOT: te.tile
// CHECK: return
func.func @untiled(%x: tensor<1x4x4x4x!i8in>, %f: tensor<1x6xf32>) -> (tensor<1x4x4x4x!i8in>, tensor<1x4xf32>) {
  %wf = te.constant dense<1.0> : tensor<4x6xf32> -> tensor<4x6xf32>
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64, te.tile = array<i64: 2, 2>} : tensor<1x4x4x4x!i8in> -> tensor<1x4x4x4x!i8in>
  %1 = te.fully_connected %f, %wf : (tensor<1x6xf32>, tensor<4x6xf32>) -> tensor<1x4xf32>
  return %0, %1 : tensor<1x4x4x4x!i8in>, tensor<1x4xf32>
}

// -----

// The im2col kernel keeps two gathered columns (no te.tile) with an odd
// number of filters (the 3 x 2 blocks take filters in pairs) or fewer
// than three output pixels, also when three rows are forced; a stale
// te.tile is removed.
// CHECK-LABEL: func.func @im2col_two
// CHECK: te.conv2d {{.*}}te.kernel = "im2col"} :
// CHECK: te.conv2d {{.*}}te.kernel = "im2col"} :
// FORCE3-LABEL: func.func @im2col_two
// FORCE3: te.conv2d {{.*}}te.kernel = "im2col"} :
// FORCE3: te.conv2d {{.*}}te.kernel = "im2col"} :
!i8in = !quant.uniform<i8:f32, 0.5:-1>
!i8out = !quant.uniform<i8:f32, 0.25:3>
!w3 = !quant.uniform<i8:f32, 0.1>
!b3 = !quant.uniform<i32:f32, 0.05>
func.func @im2col_two(%x: tensor<1x4x4x2x!i8in>, %y: tensor<1x4x3x2x!i8in>)
    -> (tensor<1x2x2x3x!i8out>, tensor<1x2x1x4x!i8out>) {
  %w = te.constant dense<1> : tensor<3x3x3x2xi8> -> tensor<3x3x3x2x!w3>
  %w4 = te.constant dense<1> : tensor<4x3x3x2xi8> -> tensor<4x3x3x2x!w3>
  %0 = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2x!i8in>, tensor<3x3x3x2x!w3>) -> tensor<1x2x2x3x!i8out>
  %1 = te.conv2d %y, %w4 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, te.tile = array<i64: 3, 2>}
      : (tensor<1x4x3x2x!i8in>, tensor<4x3x3x2x!w3>) -> tensor<1x2x1x4x!i8out>
  return %0, %1 : tensor<1x2x2x3x!i8out>, tensor<1x2x1x4x!i8out>
}
