// RUN: mcunet-opt %s -split-input-file --te-default-pipeline | FileCheck %s
// RUN: mcunet-opt %s -split-input-file -verify-diagnostics --te-default-pipeline='report=true' -o /dev/null
// RUN: mcunet-opt %s -split-input-file --te-default-pipeline='schedule=false' | FileCheck %s --check-prefix=NOSCHEDULE
// RUN: mcunet-opt %s -split-input-file --te-default-pipeline='inplace=false' | FileCheck %s --check-prefix=NOINPLACE
// RUN: mcunet-opt %s -split-input-file --te-default-pipeline='strategy=naive' | FileCheck %s --check-prefix=NAIVE

// --te-default-pipeline: canonicalize, te-fuse-activation (on each
// func.func), CSE, te-schedule, te-inplace-depthwise, te-plan-memory,
// te-verify-memory-plan. Its options reach the passes: schedule=false
// drops te-schedule, inplace=false drops te-inplace-depthwise and the
// in-place cost model of te-schedule, strategy= goes to te-plan-memory and
// report=true makes te-schedule and te-plan-memory emit their remarks.

// Tests that on a quantized conv -> clamp -> reshape -> reshape chain the
// reshape of a reshape is folded into one reshape (canonicalize) and the
// Relu6 is fused into the conv (te-fuse-activation): output scale 0.25,
// zero point 3 gives [3 + 0, 3 + round(6 / 0.25)] = [3, 27].
// The arena holds both inputs (the weights are an argument here: 16 bytes,
// the data 2) and the 8-byte conv output, all live at the conv: 26 bytes,
// the lower bound. Largest first: weights 0, output 16, data 24; arena 26
// rounded up to 8 = 32.
// CHECK-LABEL: func.func @conv_clamp_reshape_reshape
// CHECK-SAME:    ([[X:%.+]]: tensor<1x1x1x2x!quant.uniform<i8:f32, 5.000000e-01:-1>> {te.offset = 24 : i64}, [[W:%.+]]: tensor<8x1x1x2x!quant.uniform<i8:f32, 2.500000e-01>> {te.offset = 0 : i64})
// CHECK-SAME:    attributes {te.arena_size = 32 : i64}
// CHECK-NEXT:    [[Y:%.+]] = te.conv2d [[X]], [[W]] {act_max = 27 : i64, act_min = 3 : i64, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, te.offset = 16 : i64}
// CHECK-SAME:      -> tensor<1x1x1x8x!quant.uniform<i8:f32, 2.500000e-01:3>>
// CHECK-NEXT:    [[R:%.+]] = te.reshape [[Y]]
// CHECK-SAME:      : tensor<1x1x1x8x!quant.uniform<i8:f32, 2.500000e-01:3>> -> tensor<2x4x!quant.uniform<i8:f32, 2.500000e-01:3>>
// CHECK-NEXT:    return [[R]]
// The report: one op, one order (2 states); the schedule's peak counts
// bytes (2 + 16 + 8 = 26); naive 2 -> 8, + 16 -> 24, + 8 -> 32; the lower
// bound rounds each live buffer up to the 8-byte alignment: 8 + 16 + 8 =
// 32, met.
// expected-remark@+2 {{schedule: peak 26 B (input order 26 B), exact search over 2 states; order: te.conv2d #0}}
// expected-remark@+1 {{arena plan: ours 32 B, tflm-greedy 32 B, tinyengine-first-fit 32 B, naive 32 B, lower bound 32 B (+0.00%)}}
func.func @conv_clamp_reshape_reshape(%x: tensor<1x1x1x2x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<8x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<2x4x!quant.uniform<i8:f32, 0.25:3>> {
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x1x1x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<8x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>>
  %c = te.clamp %y {min = 0.0 : f64, max = 6.0 : f64}
      : tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>> -> tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>>
  %r1 = te.reshape %c : tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>> -> tensor<1x8x!quant.uniform<i8:f32, 0.25:3>>
  %r2 = te.reshape %r1 : tensor<1x8x!quant.uniform<i8:f32, 0.25:3>> -> tensor<2x4x!quant.uniform<i8:f32, 0.25:3>>
  return %r2 : tensor<2x4x!quant.uniform<i8:f32, 0.25:3>>
}

// -----

// Tests that a reshape chain that returns to the original shape folds away
// entirely, leaving the fused conv as the returned value.
// CHECK-LABEL: func.func @reshape_round_trip_folds_away
// CHECK-NEXT:    [[Y:%.+]] = te.conv2d
// CHECK-SAME:      {act_max = 27 : i64, act_min = 3 : i64, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, te.offset = 16 : i64}
// CHECK-NEXT:    return [[Y]]
// expected-remark@+2 {{schedule: peak 26 B (input order 26 B), exact search over 2 states; order: te.conv2d #0}}
// expected-remark@+1 {{arena plan: ours 32 B, tflm-greedy 32 B, tinyengine-first-fit 32 B, naive 32 B, lower bound 32 B (+0.00%)}}
func.func @reshape_round_trip_folds_away(%x: tensor<1x1x1x2x!quant.uniform<i8:f32, 0.5:-1>>, %w: tensor<8x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>> {
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x1x1x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<8x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>>
  %c = te.clamp %y {min = 0.0 : f64, max = 6.0 : f64}
      : tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>> -> tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>>
  %r1 = te.reshape %c : tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>> -> tensor<1x8x!quant.uniform<i8:f32, 0.25:3>>
  %r2 = te.reshape %r1 : tensor<1x8x!quant.uniform<i8:f32, 0.25:3>> -> tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>>
  return %r2 : tensor<1x1x1x8x!quant.uniform<i8:f32, 0.25:3>>
}

// -----

// Tests the pipeline's options on a graph whose best order needs an
// in-place depthwise conv (the case @inplace_changes_order of
// te-schedule.mlir): x (256 bytes) feeds a depthwise branch (256, pooled
// to 16) and a 1x1 conv branch (128, pooled to 32), concatenated (48).
//
// Default: the schedule runs the conv branch first so that the depthwise
// conv is x's last reader and runs in place (scratch: a 4x4 float channel,
// 64 bytes). Buffers (bytes, positions): {x, dw} 256 [0, 5], conv 128
// [1, 2], pool_conv 32 [2, 8] (read through a reshape by the concat),
// scratch 64 [4, 4], pool_dw 16 [5, 8], cat 48 [8, 9]. Lower bound 416
// (x, conv, pool_conv at position 2). Largest first: {x, dw} 0, conv 256,
// scratch 256 (conv is dead by then), cat 0, pool_conv 384 (above
// everything it meets), pool_dw 256: arena 416.
// CHECK-LABEL: func.func @options
// CHECK-SAME: (%arg0: tensor<1x4x4x4xf32> {te.offset = 0 : i64})
// CHECK-SAME: attributes {te.arena_size = 416 : i64}
// CHECK: te.conv2d %arg0, {{.*}}te.offset = 256 : i64
// CHECK: te.avg_pool2d {{.*}}te.offset = 384 : i64
// CHECK: te.depthwise_conv2d %arg0, {{.*}}te.inplace = 0 : i64, te.offset = 0 : i64, te.scratch = array<i64: 256, 64>
// CHECK: te.global_avg_pool {{.*}}te.offset = 256 : i64
// CHECK: te.concat {{.*}}te.offset = 0 : i64
//
// schedule=false: the input order stays, the conv still reads x after the
// depthwise conv, so nothing runs in place. Buffers: x 256 [0, 5], dw 256
// [1, 2], pool_dw 16 [2, 8], conv 128 [5, 6], pool_conv 32 [6, 8], cat 48
// [8, 9]; lower bound 528 (x, dw, pool_dw). Largest first: x 0, dw 256,
// conv 256, cat 0, pool_conv 48, pool_dw 512: arena 528.
// NOSCHEDULE-LABEL: func.func @options
// NOSCHEDULE-SAME: attributes {te.arena_size = 528 : i64}
// NOSCHEDULE: te.depthwise_conv2d %arg0
// NOSCHEDULE-NOT: te.inplace
// NOSCHEDULE-SAME: te.offset = 256 : i64
// NOSCHEDULE: te.global_avg_pool {{.*}}te.offset = 512 : i64
// NOSCHEDULE: te.conv2d %arg0, {{.*}}te.offset = 256 : i64
//
// inplace=false: without the in-place cost model the input order is
// already the best (te-schedule.mlir), so the plan is schedule=false's.
// NOINPLACE-LABEL: func.func @options
// NOINPLACE-SAME: attributes {te.arena_size = 528 : i64}
// NOINPLACE-NOT: te.inplace
// NOINPLACE: te.depthwise_conv2d %arg0, {{.*}}te.offset = 256 : i64
// NOINPLACE-NOT: te.inplace
// NOINPLACE: return
//
// strategy=naive: the default order and in-place marks, every group after
// the previous one in creation order: {x, dw} 0, conv 256, pool_conv 384,
// scratch 416, pool_dw 480, cat 496: arena 544.
// NAIVE-LABEL: func.func @options
// NAIVE-SAME: attributes {te.arena_size = 544 : i64}
// NAIVE: te.conv2d %arg0, {{.*}}te.offset = 256 : i64
// NAIVE: te.avg_pool2d {{.*}}te.offset = 384 : i64
// NAIVE: te.depthwise_conv2d %arg0, {{.*}}te.inplace = 0 : i64, te.offset = 0 : i64, te.scratch = array<i64: 416, 64>
// NAIVE: te.global_avg_pool {{.*}}te.offset = 480 : i64
// NAIVE: te.concat {{.*}}te.offset = 496 : i64
// expected-remark@+2 {{schedule: peak 416 B (input order 528 B), exact search over 10 states; order: conv, pool_conv, dw, pool_dw, cat}}
// expected-remark@+1 {{arena plan: ours 416 B, tflm-greedy 416 B, tinyengine-first-fit 416 B, naive 544 B, lower bound 416 B (+0.00%)}}
func.func @options(%x: tensor<1x4x4x4xf32>) -> tensor<1x12xf32> {
  %wd = te.constant dense<1.0> : tensor<3x3x4xf32> -> tensor<3x3x4xf32>
  %d = te.depthwise_conv2d %x, %wd {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x4xf32>, tensor<3x3x4xf32>) -> tensor<1x4x4x4xf32> loc("dw")
  %gd = te.global_avg_pool %d : tensor<1x4x4x4xf32> -> tensor<1x1x1x4xf32> loc("pool_dw")
  %rd = te.reshape %gd : tensor<1x1x1x4xf32> -> tensor<1x4xf32>
  %wc = te.constant dense<1.0> : tensor<2x1x1x4xf32> -> tensor<2x1x1x4xf32>
  %c = te.conv2d %x, %wc {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x4xf32>, tensor<2x1x1x4xf32>) -> tensor<1x4x4x2xf32> loc("conv")
  %pc = te.avg_pool2d %c {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>}
      : tensor<1x4x4x2xf32> -> tensor<1x2x2x2xf32> loc("pool_conv")
  %rc = te.reshape %pc : tensor<1x2x2x2xf32> -> tensor<1x8xf32>
  %cat = te.concat %rd, %rc {axis = 1 : i64} : (tensor<1x4xf32>, tensor<1x8xf32>) -> tensor<1x12xf32> loc("cat")
  return %cat : tensor<1x12xf32>
}
