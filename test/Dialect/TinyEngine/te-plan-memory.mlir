// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-plan-memory))' | FileCheck %s
// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-plan-memory{alignment=32}))' | FileCheck %s --check-prefix=ALIGN32

// Tests that a chain reuses memory: three 64-byte buffers, each read only by
// the next op. Ties in size are placed in program order: %0 at 0; %1 is
// live with %0 (positions 0-1 and 1-2 meet at 1), so it goes to 64; %2
// (2-3) overlaps %1 only, so it reuses 0. Arena 128.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: attributes {te.arena_size = 128 : i64}
// CHECK: te.clamp %arg0 {{.*}}te.offset = 0 : i64
// CHECK: te.clamp {{.*}}te.offset = 64 : i64
// CHECK: te.clamp {{.*}}te.offset = 0 : i64
// ALIGN32-LABEL: func.func @chain
// ALIGN32-SAME: attributes {te.arena_size = 128 : i64}
func.func @chain(%x: tensor<1x16xf32>) -> tensor<1x16xf32> {
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %1 = te.clamp %0 {min = 0.0 : f64, max = 5.0 : f64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %2 = te.clamp %1 {min = 0.0 : f64, max = 4.0 : f64} : tensor<1x16xf32> -> tensor<1x16xf32>
  return %2 : tensor<1x16xf32>
}

// -----

// Tests greedy-by-size: the concat result (144 bytes) is placed first at 0;
// %1 (128 bytes, live with it) after it at 144; %0 (16 bytes, live with
// both) finds no gap below 272. Arena 272 + 16 = 288.
// CHECK-LABEL: func.func @largest_first
// CHECK-SAME: attributes {te.arena_size = 288 : i64}
// CHECK: te.clamp %arg0 {{.*}}te.offset = 272 : i64
// CHECK: te.clamp %arg1 {{.*}}te.offset = 144 : i64
// CHECK: te.concat {{.*}}te.offset = 0 : i64
func.func @largest_first(%a: tensor<1x4xf32>, %b: tensor<1x32xf32>) -> tensor<1x36xf32> {
  %0 = te.clamp %a {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x4xf32> -> tensor<1x4xf32>
  %1 = te.clamp %b {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x32xf32> -> tensor<1x32xf32>
  %2 = te.concat %0, %1 {axis = 1 : i64} : (tensor<1x4xf32>, tensor<1x32xf32>) -> tensor<1x36xf32>
  return %2 : tensor<1x36xf32>
}

// -----

// Tests that reshapes own no buffer: a reshape of an argument reads the
// caller's input, a reshape of a result shares its bytes (and keeps them
// alive until the reshape's last reader).
// CHECK-LABEL: func.func @reshapes
// CHECK-SAME: attributes {te.arena_size = 128 : i64}
// CHECK: %[[R:.+]] = te.reshape %arg0 : tensor<4x4xf32> -> tensor<1x16xf32>
// CHECK: %[[C:.+]] = te.clamp %[[R]] {{.*}}te.offset = 0 : i64
// CHECK: %[[S:.+]] = te.reshape %[[C]] : tensor<1x16xf32> -> tensor<4x4xf32>
// CHECK-NOT: te.offset
// CHECK: te.transpose %[[S]] {{.*}}te.offset = 64 : i64
func.func @reshapes(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %r = te.reshape %x : tensor<4x4xf32> -> tensor<1x16xf32>
  %c = te.clamp %r {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %s = te.reshape %c : tensor<1x16xf32> -> tensor<4x4xf32>
  %t = te.transpose %s {perm = array<i64: 1, 0>} : tensor<4x4xf32> -> tensor<4x4xf32>
  return %t : tensor<4x4xf32>
}

// -----

// Tests the alignment option with three live 4-byte buffers: with the
// default 8 they sit at 0, 8, 16 (arena 24); with alignment=32 at 0, 32,
// 64 (arena 68 rounded up to 96).
// CHECK-LABEL: func.func @alignment
// CHECK-SAME: attributes {te.arena_size = 24 : i64}
// CHECK: te.offset = 0 : i64
// CHECK: te.offset = 8 : i64
// CHECK: te.offset = 16 : i64
// ALIGN32-LABEL: func.func @alignment
// ALIGN32-SAME: attributes {te.arena_size = 96 : i64}
// ALIGN32: te.offset = 0 : i64
// ALIGN32: te.offset = 32 : i64
// ALIGN32: te.offset = 64 : i64
func.func @alignment(%x: tensor<1x1xf32>) -> tensor<1x1xf32> {
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x1xf32> -> tensor<1x1xf32>
  %1 = te.clamp %x {min = 0.0 : f64, max = 5.0 : f64} : tensor<1x1xf32> -> tensor<1x1xf32>
  %2 = te.add %0, %1 : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  return %2 : tensor<1x1xf32>
}

// -----

// Tests that a non-power-of-two alignment is rejected.
// RUN: not mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-plan-memory{alignment=3}))' 2>&1 | FileCheck %s --check-prefix=BADALIGN
// BADALIGN: error: alignment must be a power of two, got 3
func.func @bad_alignment(%x: tensor<1x1xf32>) -> tensor<1x1xf32> {
  return %x : tensor<1x1xf32>
}
