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

#endif // MCUNET_DIALECT_TINYENGINE_TRANSFORMS_PASSES_TD
