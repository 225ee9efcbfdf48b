// RUN: mcunet-opt %s -split-input-file -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(func.func(te-verify-memory-plan))' | FileCheck %s

// --te-verify-memory-plan recomputes the live ranges from the IR, in op
// positions (constants and reshapes count): an input lives from 0 to its
// last reader, a result from its op to its last reader (a reshape's readers
// count, and so does the return), a scratch buffer at its op only. The
// plans below are written by hand; each negative case breaks one rule.

// Tests that a valid plan passes unchanged: the input [0, 0] sits at 64,
// %0 at [0, 64) dies at %1, so %2 may reuse [0, 64) while %1 lives at
// [64, 128); the reshape of %1 extends %1's life to %2, which reads it.
// CHECK-LABEL: func.func @valid
// CHECK-SAME: te.offset = 64
// CHECK-SAME: te.arena_size = 128
// CHECK: te.offset = 0
// CHECK: te.offset = 64
// CHECK: te.offset = 0
func.func @valid(%x: tensor<1x16xf32> {te.offset = 64 : i64}) -> tensor<4x4xf32> attributes {te.arena_size = 128 : i64} {
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64, te.offset = 0 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %1 = te.clamp %0 {min = 0.0 : f64, max = 1.0 : f64, te.offset = 64 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %r = te.reshape %1 : tensor<1x16xf32> -> tensor<4x4xf32>
  %2 = te.transpose %r {perm = array<i64: 1, 0>, te.offset = 0 : i64} : tensor<4x4xf32> -> tensor<4x4xf32>
  return %2 : tensor<4x4xf32>
}

// -----

// Tests that two buffers alive at the same time may not share bytes: %0 is
// still read by %2 when %1 is written over its second half.
func.func @overlap(%x: tensor<1x16xf32> {te.offset = 128 : i64}) -> tensor<1x16xf32> attributes {te.arena_size = 192 : i64} {
  // expected-note@+1 {{the other buffer}}
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64, te.offset = 0 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  // expected-error@+1 {{result bytes [32, 96) overlap the result bytes [0, 64) while both are live}}
  %1 = te.clamp %0 {min = 0.0 : f64, max = 1.0 : f64, te.offset = 32 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %2 = te.add %0, %1 {te.offset = 128 : i64} : (tensor<1x16xf32>, tensor<1x16xf32>) -> tensor<1x16xf32>
  return %2 : tensor<1x16xf32>
}

// -----

// Tests that a reshape extends the life of the buffer it aliases: %0 is
// read through %r by %2, so %1 may not reuse its bytes.
func.func @overlap_through_reshape(%x: tensor<1x16xf32> {te.offset = 128 : i64}) -> tensor<4x4xf32> attributes {te.arena_size = 192 : i64} {
  // expected-note@+1 {{the other buffer}}
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64, te.offset = 0 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %r = te.reshape %0 : tensor<1x16xf32> -> tensor<4x4xf32>
  // expected-error@+1 {{result bytes [0, 64) overlap the result bytes [0, 64) while both are live}}
  %1 = te.clamp %x {min = 0.0 : f64, max = 1.0 : f64, te.offset = 0 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %s = te.reshape %1 : tensor<1x16xf32> -> tensor<4x4xf32>
  %2 = te.add %r, %s {te.offset = 64 : i64} : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  return %2 : tensor<4x4xf32>
}

// -----

// Tests that a result must lie inside the arena.
func.func @result_outside(%x: tensor<1x16xf32> {te.offset = 0 : i64}) -> tensor<1x16xf32> attributes {te.arena_size = 96 : i64} {
  // expected-error@+1 {{result bytes [64, 128) lie outside the arena [0, 96)}}
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64, te.offset = 64 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  return %0 : tensor<1x16xf32>
}

// -----

// Tests that a negative offset lies outside the arena too.
func.func @result_negative(%x: tensor<1x16xf32> {te.offset = 0 : i64}) -> tensor<1x16xf32> attributes {te.arena_size = 128 : i64} {
  // expected-error@+1 {{result bytes [-8, 56) lie outside the arena [0, 128)}}
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64, te.offset = -8 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  return %0 : tensor<1x16xf32>
}

// -----

// Tests that every computing op needs an offset.
func.func @no_offset(%x: tensor<1x16xf32> {te.offset = 0 : i64}) -> tensor<1x16xf32> attributes {te.arena_size = 64 : i64} {
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

// -----

// Tests that every input needs an offset (inputs live in the arena), named
// by its argument number.
// expected-error@+1 {{input 1 has no te.offset}}
func.func @no_input_offset(%a: tensor<1x4xf32> {te.offset = 0 : i64}, %b: tensor<1x4xf32>) -> tensor<1x4xf32> attributes {te.arena_size = 48 : i64} {
  %0 = te.add %a, %b {te.offset = 32 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// Tests that an input must lie inside the arena: 64 bytes from 32 end at
// 96 > 64.
// expected-error@+1 {{input 0 bytes [32, 96) lie outside the arena [0, 64)}}
func.func @input_outside(%x: tensor<1x16xf32> {te.offset = 32 : i64}) -> tensor<1x16xf32> attributes {te.arena_size = 64 : i64} {
  return %x : tensor<1x16xf32>
}

// -----

// Tests that two inputs live at the same time may not share bytes: both
// are read by the add at position 0.
func.func @inputs_overlap(
    // expected-note@+1 {{the other buffer}}
    %a: tensor<1x4xf32> {te.offset = 0 : i64},
    // expected-error@+1 {{input 1 bytes [8, 24) overlap the input 0 bytes [0, 16) while both are live}}
    %b: tensor<1x4xf32> {te.offset = 8 : i64})
    -> tensor<1x4xf32> attributes {te.arena_size = 48 : i64} {
  %0 = te.add %a, %b {te.offset = 32 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// Tests that a result may not overwrite an input that is still read: %x is
// read by %1 at position 1, after %0 writes over it at position 0 (without
// te.inplace, sharing bytes with an operand is an overlap like any other).
func.func @result_over_live_input(
    // expected-note@+1 {{the other buffer}}
    %x: tensor<1x16xf32> {te.offset = 0 : i64})
    -> tensor<1x16xf32> attributes {te.arena_size = 128 : i64} {
  // expected-error@+1 {{result bytes [0, 64) overlap the input 0 bytes [0, 64) while both are live}}
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64, te.offset = 0 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %1 = te.add %0, %x {te.offset = 64 : i64} : (tensor<1x16xf32>, tensor<1x16xf32>) -> tensor<1x16xf32>
  return %1 : tensor<1x16xf32>
}

// -----

// Tests that te.scratch must be a pair [offset, bytes].
func.func @scratch_malformed(%x: tensor<1x4x4x2xf32> {te.offset = 0 : i64}) -> tensor<1x4x4x2xf32> attributes {te.arena_size = 256 : i64} {
  %w = te.constant dense<1.0> : tensor<3x3x2xf32> -> tensor<3x3x2xf32>
  // expected-error@+1 {{te.scratch must be [offset, bytes]}}
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, te.offset = 128 : i64, te.scratch = array<i64: 192>}
      : (tensor<1x4x4x2xf32>, tensor<3x3x2xf32>) -> tensor<1x4x4x2xf32>
  return %0 : tensor<1x4x4x2xf32>
}

// -----

// Tests that te.scratch may not have a negative size.
func.func @scratch_negative(%x: tensor<1x4x4x2xf32> {te.offset = 0 : i64}) -> tensor<1x4x4x2xf32> attributes {te.arena_size = 256 : i64} {
  %w = te.constant dense<1.0> : tensor<3x3x2xf32> -> tensor<3x3x2xf32>
  // expected-error@+1 {{te.scratch must be [offset, bytes]}}
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, te.offset = 128 : i64, te.scratch = array<i64: 192, -64>}
      : (tensor<1x4x4x2xf32>, tensor<3x3x2xf32>) -> tensor<1x4x4x2xf32>
  return %0 : tensor<1x4x4x2xf32>
}

// -----

// Tests that the scratch buffer must lie inside the arena: 64 bytes from
// 224 end at 288 > 256.
func.func @scratch_outside(%x: tensor<1x4x4x2xf32> {te.offset = 0 : i64}) -> tensor<1x4x4x2xf32> attributes {te.arena_size = 256 : i64} {
  %w = te.constant dense<1.0> : tensor<3x3x2xf32> -> tensor<3x3x2xf32>
  // expected-error@+1 {{scratch bytes [224, 288) lie outside the arena [0, 256)}}
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, te.inplace = 0 : i64, te.offset = 0 : i64, te.scratch = array<i64: 224, 64>}
      : (tensor<1x4x4x2xf32>, tensor<3x3x2xf32>) -> tensor<1x4x4x2xf32>
  return %0 : tensor<1x4x4x2xf32>
}

// -----

// Tests that the scratch buffer may not share bytes with a buffer live at
// its op: here the skip input %x, still read by the add, at [0, 128).
func.func @scratch_overlap(
    // expected-note@+1 {{the other buffer}}
    %x: tensor<1x4x4x2xf32> {te.offset = 0 : i64})
    -> tensor<1x4x4x2xf32> attributes {te.arena_size = 320 : i64} {
  %w = te.constant dense<1.0> : tensor<3x3x2xf32> -> tensor<3x3x2xf32>
  // expected-error@+1 {{scratch bytes [64, 128) overlap the input 0 bytes [0, 128) while both are live}}
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, te.offset = 128 : i64, te.scratch = array<i64: 64, 64>}
      : (tensor<1x4x4x2xf32>, tensor<3x3x2xf32>) -> tensor<1x4x4x2xf32>
  %1 = te.add %0, %x {te.offset = 0 : i64, te.inplace = 1 : i64} : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

// Tests that a valid in-place chain passes: the depthwise overwrites the
// input (its scratch, one 4x4 channel of floats, sits at [128, 192)), the
// clamp overwrites the depthwise, the add overwrites the clamp (operand 0)
// while reading the second input %y. The four share [0, 128); %y lives at
// [192, 320) until the add.
// CHECK-LABEL: func.func @inplace_chain
// CHECK: te.depthwise_conv2d {{.*}}te.inplace = 0 : i64, te.offset = 0 : i64, te.scratch = array<i64: 128, 64>
// CHECK: te.clamp {{.*}}te.inplace = 0 : i64, te.offset = 0 : i64
// CHECK: te.add {{.*}}te.inplace = 0 : i64, te.offset = 0 : i64
func.func @inplace_chain(%x: tensor<1x4x4x2xf32> {te.offset = 0 : i64}, %y: tensor<1x4x4x2xf32> {te.offset = 192 : i64}) -> tensor<1x4x4x2xf32> attributes {te.arena_size = 320 : i64} {
  %w = te.constant dense<1.0> : tensor<3x3x2xf32> -> tensor<3x3x2xf32>
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, te.inplace = 0 : i64, te.offset = 0 : i64, te.scratch = array<i64: 128, 64>}
      : (tensor<1x4x4x2xf32>, tensor<3x3x2xf32>) -> tensor<1x4x4x2xf32>
  %1 = te.clamp %0 {min = 0.0 : f64, max = 6.0 : f64, te.inplace = 0 : i64, te.offset = 0 : i64} : tensor<1x4x4x2xf32> -> tensor<1x4x4x2xf32>
  %2 = te.add %1, %y {te.inplace = 0 : i64, te.offset = 0 : i64} : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %2 : tensor<1x4x4x2xf32>
}

// -----

// Tests that te.inplace must name an operand of the op. (The result has
// bytes of its own: a result sharing its input's bytes under a bad
// te.inplace would also be reported as an overlap.)
func.func @inplace_bad_operand(%x: tensor<1x16xf32> {te.offset = 0 : i64}) -> tensor<1x16xf32> attributes {te.arena_size = 128 : i64} {
  // expected-error@+1 {{te.inplace names operand 1 of 1}}
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64, te.inplace = 1 : i64, te.offset = 64 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  return %0 : tensor<1x16xf32>
}

// -----

// Tests that a negative operand index is refused too.
func.func @inplace_negative_operand(%x: tensor<1x16xf32> {te.offset = 0 : i64}) -> tensor<1x16xf32> attributes {te.arena_size = 128 : i64} {
  // expected-error@+1 {{te.inplace names operand -1 of 1}}
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64, te.inplace = -1 : i64, te.offset = 64 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  return %0 : tensor<1x16xf32>
}

// -----

// Tests that an op cannot run in place over a constant: constants live in
// flash and own no arena bytes.
func.func @inplace_over_constant(%x: tensor<1x4xf32> {te.offset = 0 : i64}) -> tensor<1x4xf32> attributes {te.arena_size = 32 : i64} {
  %c = te.constant dense<1.0> : tensor<1x4xf32> -> tensor<1x4xf32>
  // expected-error@+1 {{runs in place over operand 1, which has no arena buffer}}
  %0 = te.add %x, %c {te.inplace = 1 : i64, te.offset = 16 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// Tests that an in-place result must start where its operand starts.
func.func @inplace_other_offset(%x: tensor<1x16xf32> {te.offset = 0 : i64}) -> tensor<1x16xf32> attributes {te.arena_size = 128 : i64} {
  // expected-error@+1 {{runs in place over operand 0 at byte 0 but its result is at byte 64}}
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64, te.inplace = 0 : i64, te.offset = 64 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  return %0 : tensor<1x16xf32>
}

// -----

// Tests that an op may not overwrite an operand that is read afterwards
// (the residual skip %x, read again by the add); the note names the
// reader. Sharing the bytes is the declared in-place pair, so no overlap
// is reported on top.
func.func @inplace_read_later(%x: tensor<1x16xf32> {te.offset = 0 : i64}) -> tensor<1x16xf32> attributes {te.arena_size = 128 : i64} {
  // expected-error@+1 {{runs in place over operand 0, which is still read afterwards}}
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64, te.inplace = 0 : i64, te.offset = 0 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  // expected-note@+1 {{read here by 'te.add'}}
  %1 = te.add %0, %x {te.offset = 64 : i64} : (tensor<1x16xf32>, tensor<1x16xf32>) -> tensor<1x16xf32>
  return %1 : tensor<1x16xf32>
}

// -----

// Tests that a reader through a reshape counts: %0 overwrites %x while %r,
// a view of %x, is read by the add.
func.func @inplace_read_later_through_reshape(%x: tensor<1x16xf32> {te.offset = 0 : i64}) -> tensor<4x4xf32> attributes {te.arena_size = 128 : i64} {
  %r = te.reshape %x : tensor<1x16xf32> -> tensor<4x4xf32>
  // expected-error@+1 {{runs in place over operand 0, which is still read afterwards}}
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64, te.inplace = 0 : i64, te.offset = 0 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %s = te.reshape %0 : tensor<1x16xf32> -> tensor<4x4xf32>
  // expected-note@+1 {{read here by 'te.add'}}
  %1 = te.add %s, %r {te.offset = 64 : i64} : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  return %1 : tensor<4x4xf32>
}

// -----

// Tests that an op may not overwrite a returned operand: the return reads
// it after the op.
func.func @inplace_over_returned(%x: tensor<1x16xf32> {te.offset = 0 : i64}) -> (tensor<1x16xf32>, tensor<1x16xf32>) attributes {te.arena_size = 64 : i64} {
  // expected-error@+1 {{runs in place over operand 0, which is still read afterwards}}
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64, te.inplace = 0 : i64, te.offset = 0 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  // expected-note@+1 {{read here by 'func.return'}}
  return %0, %x : tensor<1x16xf32>, tensor<1x16xf32>
}

// -----

// The kernel rules of te.inplace, restated by the checker: only a depthwise
// conv (through scratch), a clamp, a requantize and an add/mul into an
// operand of the result's shape can write their result over an operand.
// In the cases below the result has bytes of its own, so that the broken
// rule is the only error.

// Tests that an ordinary conv cannot run in place: output pixel 0 would
// overwrite input pixels that later output pixels read.
func.func @inplace_conv2d(%x: tensor<1x4x4x2xf32> {te.offset = 0 : i64}) -> tensor<1x4x4x2xf32> attributes {te.arena_size = 256 : i64} {
  %w = te.constant dense<1.0> : tensor<2x3x3x2xf32> -> tensor<2x3x3x2xf32>
  // expected-error@+1 {{cannot run in place over operand 0: its kernel reads inputs after writing outputs}}
  %0 = te.conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, te.inplace = 0 : i64, te.offset = 128 : i64}
      : (tensor<1x4x4x2xf32>, tensor<2x3x3x2xf32>) -> tensor<1x4x4x2xf32>
  return %0 : tensor<1x4x4x2xf32>
}

// -----

// Tests that a float -> int8 quantize cannot run in place (each float is
// four bytes, its int8 one; only a requantize qualifies).
func.func @inplace_float_quantize(%x: tensor<1x8xf32> {te.offset = 0 : i64}) -> tensor<1x8x!quant.uniform<i8:f32, 0.5>> attributes {te.arena_size = 40 : i64} {
  // expected-error@+1 {{cannot run in place over operand 0: its kernel reads inputs after writing outputs}}
  %0 = te.quantize %x {te.inplace = 0 : i64, te.offset = 32 : i64} : tensor<1x8xf32> -> tensor<1x8x!quant.uniform<i8:f32, 0.5>>
  return %0 : tensor<1x8x!quant.uniform<i8:f32, 0.5>>
}

// -----

// Tests that a depthwise conv can only overwrite its input, not its
// weights (operand 1).
func.func @inplace_depthwise_weights(%x: tensor<1x4x4x2xf32> {te.offset = 0 : i64}) -> tensor<1x4x4x2xf32> attributes {te.arena_size = 320 : i64} {
  %w = te.constant dense<1.0> : tensor<3x3x2xf32> -> tensor<3x3x2xf32>
  // expected-error@+1 {{cannot run in place over operand 1: a depthwise convolution can only overwrite its input}}
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, te.inplace = 1 : i64, te.offset = 128 : i64, te.scratch = array<i64: 256, 64>}
      : (tensor<1x4x4x2xf32>, tensor<3x3x2xf32>) -> tensor<1x4x4x2xf32>
  return %0 : tensor<1x4x4x2xf32>
}

// -----

// Tests that a depthwise conv with channel multiplier 2 cannot run in
// place: its output does not fit in the input's channel slots.
func.func @inplace_depthwise_multiplier2(%x: tensor<1x4x4x2xf32> {te.offset = 0 : i64}) -> tensor<1x4x4x4xf32> attributes {te.arena_size = 448 : i64} {
  %w = te.constant dense<1.0> : tensor<3x3x4xf32> -> tensor<3x3x4xf32>
  // expected-error@+1 {{cannot run in place over operand 0: the channel multiplier is not 1}}
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, te.inplace = 0 : i64, te.offset = 128 : i64, te.scratch = array<i64: 384, 64>}
      : (tensor<1x4x4x2xf32>, tensor<3x3x4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// Tests that with two images a depthwise conv whose output (4x4) is larger
// than its input (2x2) cannot run in place: image 0's output would reach
// into image 1's input before it is read.
func.func @inplace_depthwise_batch_grows(%x: tensor<2x2x2x2xf32> {te.offset = 0 : i64}) -> tensor<2x4x4x2xf32> attributes {te.arena_size = 336 : i64} {
  %w = te.constant dense<1.0> : tensor<1x1x2xf32> -> tensor<1x1x2xf32>
  // expected-error@+1 {{cannot run in place over operand 0: with several images the output may not be larger than the input}}
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, te.inplace = 0 : i64, te.offset = 64 : i64, te.scratch = array<i64: 320, 16>}
      : (tensor<2x2x2x2xf32>, tensor<1x1x2xf32>) -> tensor<2x4x4x2xf32>
  return %0 : tensor<2x4x4x2xf32>
}

// -----

// Tests that an in-place depthwise conv needs its scratch, one input
// channel: 4 x 4 floats = 64 bytes. None here.
func.func @inplace_depthwise_no_scratch(%x: tensor<1x4x4x2xf32> {te.offset = 0 : i64}) -> tensor<1x4x4x2xf32> attributes {te.arena_size = 256 : i64} {
  %w = te.constant dense<1.0> : tensor<3x3x2xf32> -> tensor<3x3x2xf32>
  // expected-error@+1 {{cannot run in place over operand 0: it needs a te.scratch of at least 64 bytes (one input channel)}}
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, te.inplace = 0 : i64, te.offset = 128 : i64}
      : (tensor<1x4x4x2xf32>, tensor<3x3x2xf32>) -> tensor<1x4x4x2xf32>
  return %0 : tensor<1x4x4x2xf32>
}

// -----

// Tests that a scratch smaller than one input channel is refused too.
func.func @inplace_depthwise_small_scratch(%x: tensor<1x4x4x2xf32> {te.offset = 0 : i64}) -> tensor<1x4x4x2xf32> attributes {te.arena_size = 288 : i64} {
  %w = te.constant dense<1.0> : tensor<3x3x2xf32> -> tensor<3x3x2xf32>
  // expected-error@+1 {{cannot run in place over operand 0: it needs a te.scratch of at least 64 bytes (one input channel)}}
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, te.inplace = 0 : i64, te.offset = 128 : i64, te.scratch = array<i64: 256, 32>}
      : (tensor<1x4x4x2xf32>, tensor<3x3x2xf32>) -> tensor<1x4x4x2xf32>
  return %0 : tensor<1x4x4x2xf32>
}

// -----

// Tests that an add cannot overwrite a broadcast operand: the result is
// larger than it.
func.func @inplace_add_broadcast(%a: tensor<1x2x4xf32> {te.offset = 0 : i64}, %b: tensor<1x1x4xf32> {te.offset = 32 : i64}) -> tensor<1x2x4xf32> attributes {te.arena_size = 80 : i64} {
  // expected-error@+1 {{cannot run in place over operand 1: the operand is broadcast (its shape is not the result's)}}
  %0 = te.add %a, %b {te.inplace = 1 : i64, te.offset = 48 : i64} : (tensor<1x2x4xf32>, tensor<1x1x4xf32>) -> tensor<1x2x4xf32>
  return %0 : tensor<1x2x4xf32>
}

// -----

// Tests that an add cannot overwrite an operand that its other operand
// also reads (here through a reshape of the same input).
func.func @inplace_add_same_bytes(%a: tensor<1x8xf32> {te.offset = 0 : i64}) -> tensor<8x1xf32> attributes {te.arena_size = 64 : i64} {
  %r = te.reshape %a : tensor<1x8xf32> -> tensor<8x1xf32>
  %s = te.reshape %a : tensor<1x8xf32> -> tensor<8x1xf32>
  // expected-error@+1 {{cannot run in place over operand 0: the other operand reads the same bytes}}
  %0 = te.add %r, %s {te.inplace = 0 : i64, te.offset = 32 : i64} : (tensor<8x1xf32>, tensor<8x1xf32>) -> tensor<8x1xf32>
  return %0 : tensor<8x1xf32>
}

// -----

// Tests that assembled patches verify: the second te.insert_slice writes
// into the first one's bytes (te.inplace = 1, its destination).
// CHECK-LABEL: func.func @insert_slice_inplace
// CHECK: te.insert_slice {{.*}}te.inplace = 1 : i64, te.offset = 64 : i64
func.func @insert_slice_inplace(%p: tensor<1x1x2x4xf32> {te.offset = 0 : i64}, %q: tensor<1x1x2x4xf32> {te.offset = 32 : i64}) -> tensor<1x2x2x4xf32> attributes {te.arena_size = 128 : i64} {
  %0 = te.insert_slice %p {offsets = array<i64: 0, 0>, te.offset = 64 : i64} : (tensor<1x1x2x4xf32>) -> tensor<1x2x2x4xf32>
  %1 = te.insert_slice %q, %0 {offsets = array<i64: 1, 0>, te.inplace = 1 : i64, te.offset = 64 : i64} : (tensor<1x1x2x4xf32>, tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32>
  return %1 : tensor<1x2x2x4xf32>
}

// -----

// Tests that a te.insert_slice may overwrite its destination only, not the
// patch it copies.
func.func @insert_slice_over_patch(%p: tensor<1x1x2x4xf32> {te.offset = 0 : i64}, %d: tensor<1x2x2x4xf32> {te.offset = 32 : i64}) -> tensor<1x2x2x4xf32> attributes {te.arena_size = 160 : i64} {
  // expected-error@+1 {{cannot run in place over operand 0: an insert_slice can only overwrite its destination}}
  %0 = te.insert_slice %p, %d {offsets = array<i64: 0, 0>, te.inplace = 0 : i64, te.offset = 96 : i64} : (tensor<1x1x2x4xf32>, tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32>
  return %0 : tensor<1x2x2x4xf32>
}

// -----

// Tests that a te.insert_slice cannot write in place when its patch is a
// view of the destination's own bytes.
func.func @insert_slice_patch_aliases(%d: tensor<1x2x2x4xf32> {te.offset = 0 : i64}) -> tensor<1x2x2x4xf32> attributes {te.arena_size = 128 : i64} {
  %v = te.reshape %d : tensor<1x2x2x4xf32> -> tensor<1x2x2x4xf32>
  // expected-error@+1 {{cannot run in place over operand 1: the patch reads the same bytes}}
  %0 = te.insert_slice %v, %d {offsets = array<i64: 0, 0>, te.inplace = 1 : i64, te.offset = 64 : i64} : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32>
  return %0 : tensor<1x2x2x4xf32>
}
