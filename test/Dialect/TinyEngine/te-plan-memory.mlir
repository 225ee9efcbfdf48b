// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-plan-memory))' | FileCheck %s
// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-plan-memory{alignment=32}))' | FileCheck %s --check-prefix=ALIGN32
// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-plan-memory{strategy=naive}))' | FileCheck %s --check-prefix=NAIVE
// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-plan-memory{strategy=tflm-greedy}))' | FileCheck %s --check-prefix=TFLM
// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-plan-memory{strategy=tinyengine-first-fit}))' | FileCheck %s --check-prefix=FIRSTFIT
// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-plan-memory{strategy=ours}))' | FileCheck %s
// RUN: mcunet-opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(func.func(te-plan-memory{report=true}))' -o /dev/null

// The arena model: every function input (argument attribute te.offset),
// every tensor computed at run time (te.offset on its op) and every kernel
// scratch buffer (te.scratch = [offset, bytes]) gets its own bytes for its
// live range, in op positions (constants and reshapes count as positions).
// An input lives from position 0 to its last reader, a result from its op
// to its last reader (a returned one until the return), a scratch buffer
// at its op only. A reshape is a view of its input's bytes. An op marked
// te.inplace = k shares the offset of operand k (the two form a group).
//
// Placements, all with the lowest 8-byte aligned offset that overlaps no
// placed buffer live at the same time:
//   tflm-greedy           largest group first, ties in creation order;
//   tinyengine-first-fit  in order of first position, largest first there;
//   naive                 every group after the previous one;
//   ours                  the smallest of twelve placements (six orders,
//                         each with lowest-offset and tightest-gap fit), the
//                         first one reaching it: the tflm-greedy placement
//                         when that is already the smallest.
// The lower bound is the largest sum, over positions, of the live groups'
// sizes. The last RUN line checks the report remark of every case: the four
// arena sizes, the lower bound and ours' distance to it.

// Tests that a chain reuses memory: four 64-byte buffers, the input live at
// [0, 0] and the three clamps at [0, 1], [1, 2], [2, 3] (the last one until
// the return). Sizes tie, so they are placed in creation order: the input
// at 0; %0 is live with it at 0, so it goes to 64; %1 overlaps only %0 and
// reuses 0; %2 overlaps only %1 and goes to 64. Arena 128, the lower bound
// (two buffers live at every op); naive 4 x 64 = 256.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%arg0: tensor<1x16xf32> {te.offset = 0 : i64})
// CHECK-SAME: attributes {te.arena_size = 128 : i64}
// CHECK: te.clamp %arg0 {{.*}}te.offset = 64 : i64
// CHECK: te.clamp {{.*}}te.offset = 0 : i64
// CHECK: te.clamp {{.*}}te.offset = 64 : i64
// ALIGN32-LABEL: func.func @chain
// ALIGN32-SAME: attributes {te.arena_size = 128 : i64}
// expected-remark@+1 {{arena plan: ours 128 B, tflm-greedy 128 B, tinyengine-first-fit 128 B, naive 256 B, lower bound 128 B (+0.00%)}}
func.func @chain(%x: tensor<1x16xf32>) -> tensor<1x16xf32> {
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %1 = te.clamp %0 {min = 0.0 : f64, max = 5.0 : f64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %2 = te.clamp %1 {min = 0.0 : f64, max = 4.0 : f64} : tensor<1x16xf32> -> tensor<1x16xf32>
  return %2 : tensor<1x16xf32>
}

// -----

// Tests greedy-by-size with two inputs. Buffers (bytes, live positions):
// %a 16 [0, 0], %b 128 [0, 1], %0 16 [0, 2], %1 128 [1, 2], concat %2 144
// [2, 3]. The concat goes first, to 0; %b (not live with it) also to 0;
// %1 is live with both: 0 and 128 collide with the concat, 144 is free;
// %a is live with %b only: 128; %0 is live with all four: 272. Arena
// 272 + 16 = 288, the lower bound (%0 + %1 + %2 at position 2). First fit
// (%b, %a, %0 at position 0, then %1, %2) finds 288 too: %b 0, %a 128,
// %0 144, %1 160, %2 0. Naive 16 + 128 + 16 + 128 + 144 = 432.
// CHECK-LABEL: func.func @largest_first
// CHECK-SAME: (%arg0: tensor<1x4xf32> {te.offset = 128 : i64}, %arg1: tensor<1x32xf32> {te.offset = 0 : i64})
// CHECK-SAME: attributes {te.arena_size = 288 : i64}
// CHECK: te.clamp %arg0 {{.*}}te.offset = 272 : i64
// CHECK: te.clamp %arg1 {{.*}}te.offset = 144 : i64
// CHECK: te.concat {{.*}}te.offset = 0 : i64
// expected-remark@+1 {{arena plan: ours 288 B, tflm-greedy 288 B, tinyengine-first-fit 288 B, naive 432 B, lower bound 288 B (+0.00%)}}
func.func @largest_first(%a: tensor<1x4xf32>, %b: tensor<1x32xf32>) -> tensor<1x36xf32> {
  %0 = te.clamp %a {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x4xf32> -> tensor<1x4xf32>
  %1 = te.clamp %b {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x32xf32> -> tensor<1x32xf32>
  %2 = te.concat %0, %1 {axis = 1 : i64} : (tensor<1x4xf32>, tensor<1x32xf32>) -> tensor<1x36xf32>
  return %2 : tensor<1x36xf32>
}

// -----

// Tests that reshapes own no buffer: a reshape of the input is a view of the
// input's bytes (and keeps the input alive until the clamp reads it, at
// position 1), a reshape of a result shares its bytes and keeps them alive
// until the reshape's reader. Input [0, 1] -> 0, clamp [1, 3] -> 64,
// transpose [3, 4] -> 0 again. Arena 128.
// CHECK-LABEL: func.func @reshapes
// CHECK-SAME: (%arg0: tensor<4x4xf32> {te.offset = 0 : i64})
// CHECK-SAME: attributes {te.arena_size = 128 : i64}
// CHECK: %[[R:.+]] = te.reshape %arg0 : tensor<4x4xf32> -> tensor<1x16xf32>
// CHECK: %[[C:.+]] = te.clamp %[[R]] {{.*}}te.offset = 64 : i64
// CHECK: %[[S:.+]] = te.reshape %[[C]] : tensor<1x16xf32> -> tensor<4x4xf32>
// CHECK-NOT: te.offset
// CHECK: te.transpose %[[S]] {{.*}}te.offset = 0 : i64
// expected-remark@+1 {{arena plan: ours 128 B, tflm-greedy 128 B, tinyengine-first-fit 128 B, naive 192 B, lower bound 128 B (+0.00%)}}
func.func @reshapes(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %r = te.reshape %x : tensor<4x4xf32> -> tensor<1x16xf32>
  %c = te.clamp %r {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %s = te.reshape %c : tensor<1x16xf32> -> tensor<4x4xf32>
  %t = te.transpose %s {perm = array<i64: 1, 0>} : tensor<4x4xf32> -> tensor<4x4xf32>
  return %t : tensor<4x4xf32>
}

// -----

// Tests the alignment option with 4-byte buffers: the input [0, 1], %0
// [0, 2], %1 [1, 2] are live together at position 1, %2 [2, 3] reuses the
// input's bytes. With the default 8 they sit at 0, 8, 16 and %2 at 0 (arena
// 24); with alignment=32 at 0, 32, 64 (arena 68 rounded up to 96). The
// lower bound rounds each of the three live buffers up to the alignment
// (offsets are multiples of it): 3 x 8 = 24, met; naive rounds every
// buffer up to 8: 4 x 8 = 32.
// CHECK-LABEL: func.func @alignment
// CHECK-SAME: (%arg0: tensor<1x1xf32> {te.offset = 0 : i64})
// CHECK-SAME: attributes {te.arena_size = 24 : i64}
// CHECK: te.offset = 8 : i64
// CHECK: te.offset = 16 : i64
// CHECK: te.add {{.*}}te.offset = 0 : i64
// ALIGN32-LABEL: func.func @alignment
// ALIGN32-SAME: (%arg0: tensor<1x1xf32> {te.offset = 0 : i64})
// ALIGN32-SAME: attributes {te.arena_size = 96 : i64}
// ALIGN32: te.offset = 32 : i64
// ALIGN32: te.offset = 64 : i64
// ALIGN32: te.add {{.*}}te.offset = 0 : i64
// expected-remark@+1 {{arena plan: ours 24 B, tflm-greedy 24 B, tinyengine-first-fit 24 B, naive 32 B, lower bound 24 B (+0.00%)}}
func.func @alignment(%x: tensor<1x1xf32>) -> tensor<1x1xf32> {
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x1xf32> -> tensor<1x1xf32>
  %1 = te.clamp %x {min = 0.0 : f64, max = 5.0 : f64} : tensor<1x1xf32> -> tensor<1x1xf32>
  %2 = te.add %0, %1 : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  return %2 : tensor<1x1xf32>
}

// -----

// Tests where ours beats tflm-greedy: a chain of three 24-byte tensors into
// a 40-byte one. Live positions: input [0, 0], %0 [0, 1], %1 [1, 3], %2
// [3, 4] (the constant is position 2). tflm-greedy puts the largest, %2, at
// 0; then the input at 0, %0 at 24, and %1, live with %0 [24, 48) and %2
// [0, 40), at 48: arena 72. First fit (creation order) gives the input 0,
// %0 24, %1 0 (the input is dead), %2 24 (above %1): arena 64, the lower
// bound (%1 + %2 at position 3), and that is ours. The report of a
// non-default strategy names the chosen one first, then the other three
// (ours last), and gives the chosen one's distance: 72 is 12.5% above 64.
// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-plan-memory{strategy=tflm-greedy report=true}))' -o /dev/null 2>&1 | FileCheck %s --check-prefix=REPORT
// REPORT: remark: arena plan: tflm-greedy 72 B, tinyengine-first-fit 64 B, naive 112 B, ours 64 B, lower bound 64 B (+12.50%)
// CHECK-LABEL: func.func @ours_beats_tflm
// CHECK-SAME: (%arg0: tensor<1x6xf32> {te.offset = 0 : i64})
// CHECK-SAME: attributes {te.arena_size = 64 : i64}
// CHECK: te.clamp %arg0 {{.*}}te.offset = 24 : i64
// CHECK: te.clamp {{.*}}te.offset = 0 : i64
// CHECK: te.fully_connected {{.*}}te.offset = 24 : i64
// TFLM-LABEL: func.func @ours_beats_tflm
// TFLM-SAME: (%arg0: tensor<1x6xf32> {te.offset = 0 : i64})
// TFLM-SAME: attributes {te.arena_size = 72 : i64}
// TFLM: te.clamp %arg0 {{.*}}te.offset = 24 : i64
// TFLM: te.clamp {{.*}}te.offset = 48 : i64
// TFLM: te.fully_connected {{.*}}te.offset = 0 : i64
// FIRSTFIT-LABEL: func.func @ours_beats_tflm
// FIRSTFIT-SAME: (%arg0: tensor<1x6xf32> {te.offset = 0 : i64})
// FIRSTFIT-SAME: attributes {te.arena_size = 64 : i64}
// FIRSTFIT: te.clamp %arg0 {{.*}}te.offset = 24 : i64
// FIRSTFIT: te.clamp {{.*}}te.offset = 0 : i64
// FIRSTFIT: te.fully_connected {{.*}}te.offset = 24 : i64
// NAIVE-LABEL: func.func @ours_beats_tflm
// NAIVE-SAME: (%arg0: tensor<1x6xf32> {te.offset = 0 : i64})
// NAIVE-SAME: attributes {te.arena_size = 112 : i64}
// NAIVE: te.clamp %arg0 {{.*}}te.offset = 24 : i64
// NAIVE: te.clamp {{.*}}te.offset = 48 : i64
// NAIVE: te.fully_connected {{.*}}te.offset = 72 : i64
// expected-remark@+1 {{arena plan: ours 64 B, tflm-greedy 72 B, tinyengine-first-fit 64 B, naive 112 B, lower bound 64 B (+0.00%)}}
func.func @ours_beats_tflm(%x: tensor<1x6xf32>) -> tensor<1x10xf32> {
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x6xf32> -> tensor<1x6xf32>
  %1 = te.clamp %0 {min = 0.0 : f64, max = 5.0 : f64} : tensor<1x6xf32> -> tensor<1x6xf32>
  %w = te.constant dense<1.0> : tensor<10x6xf32> -> tensor<10x6xf32>
  %2 = te.fully_connected %1, %w : (tensor<1x6xf32>, tensor<10x6xf32>) -> tensor<1x10xf32>
  return %2 : tensor<1x10xf32>
}

// -----

// Tests where ours beats first fit: a 32-byte input into two 40-byte
// tensors. Live positions: input [0, 1], %0 [1, 2], %1 [2, 3]. First fit
// puts the input at 0 and %0 above it at 32; the 32-byte hole the input
// leaves is too small for %1, which goes to 72: arena 112, as naive.
// tflm-greedy places %0 at 0, %1 at 40 and the input (live with %0 only)
// at 40: arena 80, the lower bound (%0 + %1 at position 2), and that is
// ours.
// CHECK-LABEL: func.func @ours_beats_first_fit
// CHECK-SAME: (%arg0: tensor<1x8xf32> {te.offset = 40 : i64})
// CHECK-SAME: attributes {te.arena_size = 80 : i64}
// CHECK: te.fully_connected {{.*}}te.offset = 0 : i64
// CHECK: te.clamp {{.*}}te.offset = 40 : i64
// FIRSTFIT-LABEL: func.func @ours_beats_first_fit
// FIRSTFIT-SAME: (%arg0: tensor<1x8xf32> {te.offset = 0 : i64})
// FIRSTFIT-SAME: attributes {te.arena_size = 112 : i64}
// FIRSTFIT: te.fully_connected {{.*}}te.offset = 32 : i64
// FIRSTFIT: te.clamp {{.*}}te.offset = 72 : i64
// expected-remark@+1 {{arena plan: ours 80 B, tflm-greedy 80 B, tinyengine-first-fit 112 B, naive 112 B, lower bound 80 B (+0.00%)}}
func.func @ours_beats_first_fit(%x: tensor<1x8xf32>) -> tensor<1x10xf32> {
  %w = te.constant dense<1.0> : tensor<10x8xf32> -> tensor<10x8xf32>
  %0 = te.fully_connected %x, %w : (tensor<1x8xf32>, tensor<10x8xf32>) -> tensor<1x10xf32>
  %1 = te.clamp %0 {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x10xf32> -> tensor<1x10xf32>
  return %1 : tensor<1x10xf32>
}

// -----

// Tests kernel scratch: a depthwise conv marked in place (by hand here)
// shares its input's bytes and needs one input channel of scratch,
// 4 x 4 floats = 64 bytes, live at its own position only. Groups: input +
// depthwise 512 bytes [0, 2], scratch 64 [1, 1], pool 32 [2, 3]. The group
// goes to 0; the scratch, live with it, to 512; the pool, live with the
// group but not with the scratch, reuses 512. Arena 576, the lower bound
// (group + scratch at the depthwise); naive 512 + 64 + 32 = 608.
// CHECK-LABEL: func.func @scratch
// CHECK-SAME: (%arg0: tensor<1x4x4x8xf32> {te.offset = 0 : i64})
// CHECK-SAME: attributes {te.arena_size = 576 : i64}
// CHECK: te.depthwise_conv2d %arg0
// CHECK-SAME: te.inplace = 0 : i64, te.offset = 0 : i64, te.scratch = array<i64: 512, 64>
// CHECK: te.global_avg_pool {{.*}}te.offset = 512 : i64
// NAIVE-LABEL: func.func @scratch
// NAIVE-SAME: (%arg0: tensor<1x4x4x8xf32> {te.offset = 0 : i64})
// NAIVE-SAME: attributes {te.arena_size = 608 : i64}
// NAIVE: te.inplace = 0 : i64, te.offset = 0 : i64, te.scratch = array<i64: 512, 64>
// NAIVE: te.global_avg_pool {{.*}}te.offset = 576 : i64
// expected-remark@+1 {{arena plan: ours 576 B, tflm-greedy 576 B, tinyengine-first-fit 576 B, naive 608 B, lower bound 576 B (+0.00%)}}
func.func @scratch(%x: tensor<1x4x4x8xf32>) -> tensor<1x1x1x8xf32> {
  %w = te.constant dense<1.0> : tensor<3x3x8xf32> -> tensor<3x3x8xf32>
  %d = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, te.inplace = 0 : i64}
      : (tensor<1x4x4x8xf32>, tensor<3x3x8xf32>) -> tensor<1x4x4x8xf32>
  %p = te.global_avg_pool %d : tensor<1x4x4x8xf32> -> tensor<1x1x1x8xf32>
  return %p : tensor<1x1x1x8xf32>
}

// -----

// Tests in-place groups: the clamp overwrites input %a (operand 0) and the
// add overwrites input %b (operand 1, te.inplace = 1), so the plan has two
// 64-byte groups, {%a, %0} live [0, 1] and {%b, %1} live [0, 2]: each
// result shares the offset of the operand it overwrites. The groups are
// live together: 0 and 64, arena 128 for four tensors, and naive places
// groups too (2 x 64).
// CHECK-LABEL: func.func @inplace_groups
// CHECK-SAME: (%arg0: tensor<1x16xf32> {te.offset = 0 : i64}, %arg1: tensor<1x16xf32> {te.offset = 64 : i64})
// CHECK-SAME: attributes {te.arena_size = 128 : i64}
// CHECK: te.clamp %arg0 {{.*}}te.inplace = 0 : i64, te.offset = 0 : i64
// CHECK: te.add {{.*}}te.inplace = 1 : i64, te.offset = 64 : i64
// expected-remark@+1 {{arena plan: ours 128 B, tflm-greedy 128 B, tinyengine-first-fit 128 B, naive 128 B, lower bound 128 B (+0.00%)}}
func.func @inplace_groups(%a: tensor<1x16xf32>, %b: tensor<1x16xf32>) -> tensor<1x16xf32> {
  %0 = te.clamp %a {min = 0.0 : f64, max = 6.0 : f64, te.inplace = 0 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %1 = te.add %0, %b {te.inplace = 1 : i64} : (tensor<1x16xf32>, tensor<1x16xf32>) -> tensor<1x16xf32>
  return %1 : tensor<1x16xf32>
}

// -----

// Tests that an in-place chain is one group: the input and the three
// clamps share 64 bytes at offset 0, the whole arena.
// CHECK-LABEL: func.func @inplace_chain
// CHECK-SAME: (%arg0: tensor<1x16xf32> {te.offset = 0 : i64})
// CHECK-SAME: attributes {te.arena_size = 64 : i64}
// CHECK: te.clamp {{.*}}te.offset = 0 : i64
// CHECK: te.clamp {{.*}}te.offset = 0 : i64
// CHECK: te.clamp {{.*}}te.offset = 0 : i64
// expected-remark@+1 {{arena plan: ours 64 B, tflm-greedy 64 B, tinyengine-first-fit 64 B, naive 64 B, lower bound 64 B (+0.00%)}}
func.func @inplace_chain(%x: tensor<1x16xf32>) -> tensor<1x16xf32> {
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64, te.inplace = 0 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %1 = te.clamp %0 {min = 0.0 : f64, max = 5.0 : f64, te.inplace = 0 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  %2 = te.clamp %1 {min = 0.0 : f64, max = 4.0 : f64, te.inplace = 0 : i64} : tensor<1x16xf32> -> tensor<1x16xf32>
  return %2 : tensor<1x16xf32>
}

// -----

// Tests that a non-power-of-two alignment and an unknown strategy are
// rejected. The function returns its input: the input alone is the arena,
// 4 bytes live at the return, 8 once aligned (also the lower bound).
// RUN: not mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-plan-memory{alignment=3}))' 2>&1 | FileCheck %s --check-prefix=BADALIGN
// BADALIGN: error: alignment must be a power of two, got 3
// RUN: not mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-plan-memory{strategy=best}))' 2>&1 | FileCheck %s --check-prefix=BADSTRATEGY
// BADSTRATEGY: error: unknown strategy 'best' (expected ours, tflm-greedy, tinyengine-first-fit or naive)
// CHECK-LABEL: func.func @identity
// CHECK-SAME: (%arg0: tensor<1x1xf32> {te.offset = 0 : i64})
// CHECK-SAME: attributes {te.arena_size = 8 : i64}
// expected-remark@+1 {{arena plan: ours 8 B, tflm-greedy 8 B, tinyengine-first-fit 8 B, naive 8 B, lower bound 8 B (+0.00%)}}
func.func @identity(%x: tensor<1x1xf32>) -> tensor<1x1xf32> {
  return %x : tensor<1x1xf32>
}
