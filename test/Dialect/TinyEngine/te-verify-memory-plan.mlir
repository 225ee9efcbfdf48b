// RUN: mcunet-opt %s -split-input-file -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(func.func(te-verify-memory-plan))' | FileCheck %s

// Tests that a valid plan passes unchanged: %0 at [0, 64) dies at %1, so %2
// may reuse [0, 64) while %1 lives at [64, 128); the reshape of %1 extends
// %1's life to %2, which reads it.
// CHECK-LABEL: func.func @valid
// CHECK-SAME: te.arena_size = 128
// CHECK: te.offset = 0
// CHECK: te.offset = 64
// CHECK: te.offset = 0
func.func @valid(%x: tensor<1x16xf32>) -> tensor<4x4xf32> attributes {te.arena_size = 128 : i64} {
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64, te.offset = 0 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %1 = te.clamp %0 {min = 0.0 : f64, max = 1.0 : f64, te.offset = 64 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %r = te.reshape %1 : tensor<1x16xf32> -> tensor<4x4xf32>
  %2 = te.transpose %r {perm = array<i64: 1, 0>, te.offset = 0 : i64} : tensor<4x4xf32> -> tensor<4x4xf32>
  return %2 : tensor<4x4xf32>
}

// -----

// Tests that two buffers alive at the same time may not share bytes: %0 is
// still read by %2 when %1 is written over its second half.
func.func @overlap(%x: tensor<1x16xf32>) -> tensor<1x16xf32> attributes {te.arena_size = 192 : i64} {
  // expected-note@+1 {{the other buffer}}
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64, te.offset = 0 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  // expected-error@+1 {{arena bytes [32, 96) overlap those of 'te.clamp' at [0, 64) while both are live}}
  %1 = te.clamp %0 {min = 0.0 : f64, max = 1.0 : f64, te.offset = 32 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %2 = te.add %0, %1 {te.offset = 128 : i64} : (tensor<1x16xf32>, tensor<1x16xf32>) -> tensor<1x16xf32>
  return %2 : tensor<1x16xf32>
}

// -----

// Tests that a reshape extends the life of the buffer it aliases: %0 is
// read through %r by %2, so %1 may not reuse its bytes.
func.func @overlap_through_reshape(%x: tensor<1x16xf32>) -> tensor<4x4xf32> attributes {te.arena_size = 128 : i64} {
  // expected-note@+1 {{the other buffer}}
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64, te.offset = 0 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %r = te.reshape %0 : tensor<1x16xf32> -> tensor<4x4xf32>
  // expected-error@+1 {{arena bytes [0, 64) overlap those of 'te.clamp' at [0, 64) while both are live}}
  %1 = te.clamp %x {min = 0.0 : f64, max = 1.0 : f64, te.offset = 0 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %s = te.reshape %1 : tensor<1x16xf32> -> tensor<4x4xf32>
  %2 = te.add %r, %s {te.offset = 64 : i64} : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  return %2 : tensor<4x4xf32>
}

// -----

// Tests that a buffer must lie inside the arena.
func.func @outside(%x: tensor<1x16xf32>) -> tensor<1x16xf32> attributes {te.arena_size = 32 : i64} {
  // expected-error@+1 {{arena bytes [0, 64) lie outside the arena [0, 32)}}
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64, te.offset = 0 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  return %0 : tensor<1x16xf32>
}

// -----

// Tests that every computing op needs an offset.
func.func @no_offset(%x: tensor<1x16xf32>) -> tensor<1x16xf32> attributes {te.arena_size = 64 : i64} {
  // expected-error@+1 {{computes a tensor but has no te.offset}}
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x16xf32> -> tensor<1x16xf32>
  return %0 : tensor<1x16xf32>
}

// -----

// Tests that a function without a plan is reported.
// expected-error@+1 {{has no te.arena_size: nothing to verify}}
func.func @no_plan(%x: tensor<1x16xf32>) -> tensor<1x16xf32> {
  return %x : tensor<1x16xf32>
}
