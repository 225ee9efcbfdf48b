//===- Passes.td - TinyEngine pass definitions -------------*- tablegen -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_DIALECT_TINYENGINE_TRANSFORMS_PASSES_TD
#define MCUNET_DIALECT_TINYENGINE_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def TinyEngineFuseActivation
    : Pass<"te-fuse-activation", "::mlir::func::FuncOp"> {
  let summary = "Fold te.clamp into the op that produces its input";
  let description = [{
    A `te.clamp` whose input is produced by an op with a fused-activation
    range (conv2d, depthwise_conv2d, fully_connected, add, mul, avg_pool2d,
    max_pool2d) and has no other user is folded into that op. On quantized
    tensors the real bounds are quantized with the output's parameters
    (TensorFlow Lite's CalculateActivationRangeQuantized) and intersected
    with any range the producer already has. The result is bit-identical:
    clamping the requantized value twice equals clamping it once to the
    intersection. Float clamps are left alone (float kernels take no range).

    Before:

    ```mlir
    %0 = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>,
                               stride = array<i64: 1, 1>} : ... -> tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-10>>
    %1 = te.clamp %0 {min = 0.0 : f64, max = 6.0 : f64} : ...
    ```

    After:

    ```mlir
    %0 = te.conv2d %x, %w, %b {act_max = 2 : i64, act_min = -10 : i64,
                               pad = array<i64: 0, 0, 0, 0>,
                               stride = array<i64: 1, 1>} : ...
    ```
  }];
  let dependentDialects = ["::mcunet::te::TinyEngineDialect"];
}

def TinyEnginePlanMemory : Pass<"te-plan-memory", "::mlir::func::FuncOp"> {
  let summary = "Assign every activation an offset in one static arena";
  let description = [{
    Gives every tensor computed at run time a byte range in a single arena,
    from the live ranges of the tensors in the current op order, so that
    tensors alive at the same time never overlap. `te.reshape` results share
    the bytes of their input (a reshape is free); reshapes of a function
    argument read the caller's input buffer. Offsets are aligned to
    `alignment` bytes.

    Placement is greedy by size: the largest tensor first, at the lowest
    offset that overlaps no already placed tensor whose live range
    intersects its own (TensorFlow Lite Micro's GreedyMemoryPlanner).

    Each op that owns a buffer gets `te.offset` (its byte offset); the
    function gets `te.arena_size`. The C emitter reads both.

    Before:

    ```mlir
    %0 = te.conv2d %arg0, %w, %b {...} : (...) -> tensor<1x8x8x8x!quant...>
    %1 = te.depthwise_conv2d %0, ... -> tensor<1x8x8x8x!quant...>
    ```

    After:

    ```mlir
    func.func @main(...) attributes {te.arena_size = 1024 : i64} {
      %0 = te.conv2d %arg0, %w, %b {..., te.offset = 0 : i64} ...
      %1 = te.depthwise_conv2d %0, ... {..., te.offset = 512 : i64} ...
    ```
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"8",
           "Byte alignment of every buffer offset (a power of two)">,
  ];
  let dependentDialects = ["::mcunet::te::TinyEngineDialect"];
}

def TinyEngineVerifyMemoryPlan
    : Pass<"te-verify-memory-plan", "::mlir::func::FuncOp"> {
  let summary = "Check that no two live buffers overlap in the arena";
  let description = [{
    An independent checker of the arena plan (it shares no code with
    `--te-plan-memory`): it recomputes every buffer's live range from the op
    order (a reshape shares its input's buffer; a buffer lives from the op
    that writes it to its last reader) and fails, naming both ops, when two
    buffers alive at the same time share a byte, when a buffer lies outside
    `[0, te.arena_size)`, or when a computing op has no `te.offset`. It
    changes nothing; it ends the default pipeline and runs in every test.

    ```mlir
    // error: 'te.conv2d' op arena bytes [0, 512) overlap those of
    //        'te.add' at [256, 768) while both are live
    ```
  }];
  let dependentDialects = ["::mcunet::te::TinyEngineDialect"];
}

#endif // MCUNET_DIALECT_TINYENGINE_TRANSFORMS_PASSES_TD
