// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-fuse-patches{patch-rows=4 max-overhead=1.0}))' | FileCheck %s
// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-fuse-patches{max-overhead=1.0}))' | FileCheck %s --check-prefix=SEARCH
// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-fuse-patches{max-overhead=0.05}))' | FileCheck %s --check-prefix=BOUND
// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-fuse-patches{budget=1000000}))' | FileCheck %s --check-prefix=FITS
// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-fuse-patches{patch-rows=4 max-overhead=1.0 report=true}))' -o /dev/null 2>&1 | FileCheck %s --check-prefix=REPORT
// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-fuse-patches{patch-rows=2 carry-rows=true max-overhead=1.0}))' | FileCheck %s --check-prefix=CARRY
// RUN: not mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-fuse-patches{max-ops=0}))' -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD

// --te-fuse-patches runs the sequence of spatial layers around the peak of
// live bytes patch by patch. f32 tensors: 4 bytes an element. With
// patch-rows=4 the output is cut into bands of four rows.

// Tests an inverted bottleneck (expand 1x1 to 48 channels, depthwise 3x3,
// project 1x1): layer by layer the expansion needs 2,048 + 12,288 bytes.
// Band 0 computes output rows 0-3: the depthwise conv reads expanded rows
// 0-4 (padding only at the top), so the expansion reads input rows 0-4.
// Band 1 (rows 4-7) reads input rows 3-7, padding only at the bottom. Each
// band goes into the output with te.insert_slice, the second into the
// first's result.
// CHECK-LABEL: func.func @inverted_bottleneck
// CHECK: %[[X0:.*]] = te.slice %arg0 {offsets = array<i64: 0, 0>, te.patch = array<i64: 1, 0>} : tensor<1x8x8x8xf32> -> tensor<1x5x8x8xf32>
// CHECK: %[[E0:.*]] = te.conv2d %[[X0]], {{.*}}te.patch = array<i64: 1, 0>{{.*}} -> tensor<1x5x8x48xf32>
// CHECK: %[[D0:.*]] = te.depthwise_conv2d %[[E0]], {{.*}}pad = array<i64: 1, 1, 0, 1>{{.*}} -> tensor<1x4x8x48xf32>
// CHECK: %[[P0:.*]] = te.conv2d %[[D0]], {{.*}} -> tensor<1x4x8x8xf32>
// CHECK: %[[A0:.*]] = te.insert_slice %[[P0]] {offsets = array<i64: 0, 0>, te.patch = array<i64: 1, 0>} : (tensor<1x4x8x8xf32>) -> tensor<1x8x8x8xf32>
// CHECK: %[[X1:.*]] = te.slice %arg0 {offsets = array<i64: 3, 0>, te.patch = array<i64: 1, 1>} : tensor<1x8x8x8xf32> -> tensor<1x5x8x8xf32>
// CHECK: %[[E1:.*]] = te.conv2d %[[X1]]
// CHECK: %[[D1:.*]] = te.depthwise_conv2d %[[E1]], {{.*}}pad = array<i64: 0, 1, 1, 1>{{.*}} -> tensor<1x4x8x48xf32>
// CHECK: %[[P1:.*]] = te.conv2d %[[D1]]
// CHECK: %[[A1:.*]] = te.insert_slice %[[P1]], %[[A0]] {offsets = array<i64: 4, 0>, te.patch = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
// CHECK: return %[[A1]]
// The search finds a patch size of its own; with max-overhead=0.05 the
// depthwise conv's recomputed rows (8% of the MACs) rule every rewrite out;
// a budget the layers already fit changes nothing.
// SEARCH-LABEL: func.func @inverted_bottleneck
// SEARCH: te.slice
// SEARCH: te.insert_slice
// BOUND-LABEL: func.func @inverted_bottleneck
// BOUND-NOT: te.slice
// BOUND: return
// FITS-LABEL: func.func @inverted_bottleneck
// FITS-NOT: te.slice
// FITS: return
// The report: positions count the constants; each band computes one
// expanded row twice (8 x 48 x 8 = 3,072 MACs); the arena at band 1's
// expansion holds the input (2,048 B), band 0 in the output (2,048), the
// band's input rows (1,280) and its expanded rows (7,680): 13,056 bytes,
// against 2,048 + 12,288 layer by layer. Modelled overhead: the 6,144
// MACs, 7 more layer calls (2 slices, 6 clones, 2 inserts for 3 layers) at
// 64, the depthwise conv's input gathered for 2 x 5 x 8 x 48 = 3,840
// elements instead of 3,072 at 2 each, and 2 x 1,280 + 2 x 1,024 bytes
// copied at one per 8: 6,144 + 448 + 1,536 + 576 = 8,704, 11.33% of the
// 76,800 MACs.
// REPORT: remark: fuse-patches: region 1: 2 patches of 4x8 over [te.conv2d #2, te.depthwise_conv2d #4, te.conv2d #6]; arena 14336 -> 13056 B; +6144 MACs, modelled overhead 8704 (+11.33% of 76800 MACs)
// BAD: error: te-fuse-patches: budget, max-overhead, max-regions, patch-rows and patch-cols must not be negative, max-ops must be at least 1
func.func @inverted_bottleneck(%x: tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %w1 = te.constant dense<0.5> : tensor<48x1x1x8xf32> -> tensor<48x1x1x8xf32>
  %b1 = te.constant dense<0.0> : tensor<48xf32> -> tensor<48xf32>
  %e = te.conv2d %x, %w1, %b1 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x8x8x8xf32>, tensor<48x1x1x8xf32>, tensor<48xf32>) -> tensor<1x8x8x48xf32>
  %w2 = te.constant dense<0.25> : tensor<3x3x48xf32> -> tensor<3x3x48xf32>
  %d = te.depthwise_conv2d %e, %w2 {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x8x8x48xf32>, tensor<3x3x48xf32>) -> tensor<1x8x8x48xf32>
  %w3 = te.constant dense<0.125> : tensor<8x1x1x48xf32> -> tensor<8x1x1x48xf32>
  %y = te.conv2d %d, %w3 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x8x8x48xf32>, tensor<8x1x1x48xf32>) -> tensor<1x8x8x8xf32>
  return %y : tensor<1x8x8x8xf32>
}

// -----

// Tests a value read by two layers of the run: the expansion feeds the
// depthwise conv (which needs a one-row halo) and a residual add (which
// needs exactly the band). The band computes the expansion with the halo;
// the add reads the band's rows out of it through a te.slice.
// CHECK-LABEL: func.func @two_readers
// CHECK: %[[X:.*]] = te.slice %arg0 {offsets = array<i64: 0, 0>{{.*}} -> tensor<1x5x8x8xf32>
// CHECK: %[[E:.*]] = te.conv2d %[[X]], {{.*}} -> tensor<1x5x8x48xf32>
// CHECK: %[[D:.*]] = te.depthwise_conv2d %[[E]]
// CHECK: %[[R:.*]] = te.slice %[[E]] {offsets = array<i64: 0, 0>{{.*}} : tensor<1x5x8x48xf32> -> tensor<1x4x8x48xf32>
// CHECK: %[[S:.*]] = te.add %[[D]], %[[R]]
// CHECK: te.slice %arg0 {offsets = array<i64: 3, 0>{{.*}} -> tensor<1x5x8x8xf32>
// CHECK: %[[E1:.*]] = te.conv2d
// CHECK: te.slice %[[E1]] {offsets = array<i64: 1, 0>{{.*}} : tensor<1x5x8x48xf32> -> tensor<1x4x8x48xf32>
// CHECK: te.insert_slice {{.*}}offsets = array<i64: 4, 0>
// With carry-rows, bands of two rows: band 1 (rows 2-3) needs expanded
// rows 1-4; rows 1-2 are band 0's, so it takes them from band 0's
// expanded tensor (te.slice), computes rows 3-4 from input rows 3-4, and
// joins the two along H (te.concat): no row is expanded twice.
// CARRY-LABEL: func.func @two_readers
// CARRY: %[[E0:.*]] = te.conv2d {{.*}} -> tensor<1x3x8x48xf32>
// CARRY: te.insert_slice {{.*}}offsets = array<i64: 0, 0>
// CARRY: %[[KEEP:.*]] = te.slice %[[E0]] {offsets = array<i64: 1, 0>{{.*}} : tensor<1x3x8x48xf32> -> tensor<1x2x8x48xf32>
// CARRY: %[[X1:.*]] = te.slice %arg0 {offsets = array<i64: 3, 0>{{.*}} -> tensor<1x2x8x8xf32>
// CARRY: %[[NEW:.*]] = te.conv2d %[[X1]], {{.*}} -> tensor<1x2x8x48xf32>
// CARRY: %[[E1:.*]] = te.concat %[[KEEP]], %[[NEW]] {axis = 1 : i64{{.*}} -> tensor<1x4x8x48xf32>
// CARRY: te.depthwise_conv2d %[[E1]], {{.*}}pad = array<i64: 0, 1, 0, 1>{{.*}} -> tensor<1x2x8x48xf32>
// CARRY: te.insert_slice {{.*}}offsets = array<i64: 2, 0>
func.func @two_readers(%x: tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %w1 = te.constant dense<0.5> : tensor<48x1x1x8xf32> -> tensor<48x1x1x8xf32>
  %e = te.conv2d %x, %w1 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x8x8x8xf32>, tensor<48x1x1x8xf32>) -> tensor<1x8x8x48xf32>
  %w2 = te.constant dense<0.25> : tensor<3x3x48xf32> -> tensor<3x3x48xf32>
  %d = te.depthwise_conv2d %e, %w2 {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x8x8x48xf32>, tensor<3x3x48xf32>) -> tensor<1x8x8x48xf32>
  %s = te.add %d, %e : (tensor<1x8x8x48xf32>, tensor<1x8x8x48xf32>) -> tensor<1x8x8x48xf32>
  %w3 = te.constant dense<0.125> : tensor<8x1x1x48xf32> -> tensor<8x1x1x48xf32>
  %y = te.conv2d %s, %w3 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x8x8x48xf32>, tensor<8x1x1x48xf32>) -> tensor<1x8x8x8xf32>
  return %y : tensor<1x8x8x8xf32>
}

// -----

// Tests a stride-2 first layer with asymmetric padding (TensorFlow's SAME:
// none at the top, one row at the bottom), a 3x3 max pool and an inverted
// bottleneck, cut into two bands of the 8x8 output. Band 0 (rows 0-3): the
// depthwise conv reads expanded rows 0-4, the pool reads conv rows 0-5,
// which read input rows 0-12 (no padding there).
// Band 1 (rows 4-7): expanded rows 3-7, conv rows 2-7, input rows 4-15 and
// the padded row below them.
// CHECK-LABEL: func.func @stride2_same_padding
// CHECK: te.slice %arg0 {offsets = array<i64: 0, 0>{{.*}} -> tensor<1x13x16x3xf32>
// CHECK: te.conv2d {{.*}}pad = array<i64: 0, 0, 0, 1>{{.*}} -> tensor<1x6x8x16xf32>
// CHECK: te.max_pool2d {{.*}}pad = array<i64: 1, 1, 0, 1>{{.*}} -> tensor<1x5x8x16xf32>
// CHECK: te.conv2d {{.*}} -> tensor<1x5x8x64xf32>
// CHECK: te.depthwise_conv2d {{.*}}pad = array<i64: 1, 1, 0, 1>{{.*}} -> tensor<1x4x8x64xf32>
// CHECK: te.conv2d {{.*}} -> tensor<1x4x8x8xf32>
// CHECK: te.slice %arg0 {offsets = array<i64: 4, 0>{{.*}} -> tensor<1x12x16x3xf32>
// CHECK: te.conv2d {{.*}}pad = array<i64: 0, 0, 1, 1>{{.*}} -> tensor<1x6x8x16xf32>
// CHECK: te.max_pool2d {{.*}}pad = array<i64: 0, 1, 1, 1>{{.*}} -> tensor<1x5x8x16xf32>
// CHECK: te.depthwise_conv2d {{.*}}pad = array<i64: 0, 1, 1, 1>{{.*}} -> tensor<1x4x8x64xf32>
func.func @stride2_same_padding(%x: tensor<1x16x16x3xf32>) -> tensor<1x8x8x8xf32> {
  %w1 = te.constant dense<0.5> : tensor<16x3x3x3xf32> -> tensor<16x3x3x3xf32>
  %c = te.conv2d %x, %w1 {pad = array<i64: 0, 0, 1, 1>, stride = array<i64: 2, 2>}
      : (tensor<1x16x16x3xf32>, tensor<16x3x3x3xf32>) -> tensor<1x8x8x16xf32>
  %m = te.max_pool2d %c {kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : tensor<1x8x8x16xf32> -> tensor<1x8x8x16xf32>
  %w2 = te.constant dense<0.5> : tensor<64x1x1x16xf32> -> tensor<64x1x1x16xf32>
  %e = te.conv2d %m, %w2 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x8x8x16xf32>, tensor<64x1x1x16xf32>) -> tensor<1x8x8x64xf32>
  %w3 = te.constant dense<0.25> : tensor<3x3x64xf32> -> tensor<3x3x64xf32>
  %d = te.depthwise_conv2d %e, %w3 {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x8x8x64xf32>, tensor<3x3x64xf32>) -> tensor<1x8x8x64xf32>
  %w4 = te.constant dense<0.5> : tensor<8x1x1x64xf32> -> tensor<8x1x1x64xf32>
  %p = te.conv2d %d, %w4 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x8x8x64xf32>, tensor<8x1x1x64xf32>) -> tensor<1x8x8x8xf32>
  return %p : tensor<1x8x8x8xf32>
}

// -----

// Tests pointwise layers only: no halo, so no extra MACs; the rewrite
// costs only calls and copies and is made under max-overhead=0.05.
// BOUND-LABEL: func.func @pointwise_only
// BOUND: te.insert_slice
// BOUND: te.insert_slice
func.func @pointwise_only(%x: tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %w1 = te.constant dense<0.5> : tensor<64x1x1x8xf32> -> tensor<64x1x1x8xf32>
  %e = te.conv2d %x, %w1 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x8x8x8xf32>, tensor<64x1x1x8xf32>) -> tensor<1x8x8x64xf32>
  %w2 = te.constant dense<0.5> : tensor<8x1x1x64xf32> -> tensor<8x1x1x64xf32>
  %y = te.conv2d %e, %w2 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x8x8x64xf32>, tensor<8x1x1x64xf32>) -> tensor<1x8x8x8xf32>
  return %y : tensor<1x8x8x8xf32>
}

// -----

// Tests that the expanded tensor stays whole when it is also returned: no
// run of layers around the peak has a single output.
// CHECK-LABEL: func.func @two_outputs
// CHECK-NOT: te.slice
// CHECK: return
func.func @two_outputs(%x: tensor<1x8x8x8xf32>) -> (tensor<1x8x8x8xf32>, tensor<1x8x8x64xf32>) {
  %w1 = te.constant dense<0.5> : tensor<64x1x1x8xf32> -> tensor<64x1x1x8xf32>
  %e = te.conv2d %x, %w1 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x8x8x8xf32>, tensor<64x1x1x8xf32>) -> tensor<1x8x8x64xf32>
  %w2 = te.constant dense<0.5> : tensor<8x1x1x64xf32> -> tensor<8x1x1x64xf32>
  %y = te.conv2d %e, %w2 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x8x8x64xf32>, tensor<8x1x1x64xf32>) -> tensor<1x8x8x8xf32>
  return %y, %e : tensor<1x8x8x8xf32>, tensor<1x8x8x64xf32>
}

// -----

// Tests that a layer that is not spatial (a fully connected head) bounds
// the run: the 1x1 expansion before it is cut into bands, the head is not.
// CHECK-LABEL: func.func @head
// CHECK: te.insert_slice
// CHECK: te.insert_slice
// CHECK: te.reshape
// CHECK: te.fully_connected
func.func @head(%x: tensor<1x8x8x8xf32>) -> tensor<1x10xf32> {
  %w1 = te.constant dense<0.5> : tensor<64x1x1x8xf32> -> tensor<64x1x1x8xf32>
  %e = te.conv2d %x, %w1 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x8x8x8xf32>, tensor<64x1x1x8xf32>) -> tensor<1x8x8x64xf32>
  %w2 = te.constant dense<0.5> : tensor<4x1x1x64xf32> -> tensor<4x1x1x64xf32>
  %p = te.conv2d %e, %w2 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x8x8x64xf32>, tensor<4x1x1x64xf32>) -> tensor<1x8x8x4xf32>
  %f = te.reshape %p : tensor<1x8x8x4xf32> -> tensor<1x256xf32>
  %w3 = te.constant dense<0.5> : tensor<10x256xf32> -> tensor<10x256xf32>
  %y = te.fully_connected %f, %w3 : (tensor<1x256xf32>, tensor<10x256xf32>) -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}
