//===- TinyEngineOps.td - TinyEngine op definitions --------*- tablegen -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
// The ops of the `te` dialect, grouped by family. Each op has a summary, a
// description with an example and a verifier whose rules are numbered in
// docs/TinyEngineConstraints.md.
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_DIALECT_TINYENGINE_IR_TINYENGINEOPS_TD
#define MCUNET_DIALECT_TINYENGINE_IR_TINYENGINEOPS_TD

include "mcunet/Dialect/TinyEngine/IR/TinyEngineDialect.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

//===----------------------------------------------------------------------===//
// Family base classes
//===----------------------------------------------------------------------===//

/// Arguments shared by every op that can fuse an activation: the output
/// clamp range in the storage (integer) domain of a quantized result.
defvar TE_ActivationArgs = (ins OptionalAttr<I64Attr>:$act_min,
                                OptionalAttr<I64Attr>:$act_max);

/// Convolution-like ops: input, weight, optional bias, a window.
class TinyEngine_ConvOp<string mnemonic, list<Trait> traits = []>
    : TinyEngine_Op<mnemonic, !listconcat(traits, [Pure])> {
  let arguments = !con((ins TE_Tensor:$input, TE_Tensor:$weight,
                            Optional<TE_BiasTensor>:$bias,
                            TE_I64Pair:$stride, TE_I64Quad:$pad,
                            DefaultValuedAttr<TE_I64Pair, "{1, 1}">:$dilation),
                       TE_ActivationArgs);
  let results = (outs TE_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
  // Folds a producing te.pad of the spatial dimensions with the value 0
  // (the zero point) into `pad`: the padded copy never exists.
  let hasFolder = 1;
}

/// 2-D pooling ops: one input, a window.
class TinyEngine_PoolOp<string mnemonic, list<Trait> traits = []>
    : TinyEngine_Op<mnemonic, !listconcat(traits, [Pure])> {
  let results = (outs TE_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
}

/// Element-wise binary ops with numpy-style broadcasting.
class TinyEngine_BinaryOp<string mnemonic, list<Trait> traits = []>
    : TinyEngine_Op<mnemonic, !listconcat(traits, [Pure])> {
  let arguments = !con((ins TE_Tensor:$lhs, TE_Tensor:$rhs),
                       TE_ActivationArgs);
  let results = (outs TE_Tensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

/// Ops that only move data: one input, one result.
class TinyEngine_DataMovementOp<string mnemonic, list<Trait> traits = []>
    : TinyEngine_Op<mnemonic, !listconcat(traits, [Pure])> {
  let results = (outs TE_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Operator: constant
//===----------------------------------------------------------------------===//

def TinyEngine_ConstantOp : TinyEngine_Op<"constant", [Pure]> {
  let summary = "weights, biases and other constant tensors";
  let description = [{
    A constant tensor that lives in flash. `value` holds the raw data in the
    storage type (`i8` for int8 weights, `i32` for biases, `f32` for float
    tensors); the result type adds the quantization parameters.

    ```mlir
    %w = te.constant dense<[[1, -2], [3, 4]]> : tensor<2x2xi8>
        -> tensor<2x2x!quant.uniform<i8:f32:0, {0.5, 0.25}>>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs TE_Tensor:$output);
  let assemblyFormat = "$value attr-dict `->` type($output)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Operator: conv2d
//===----------------------------------------------------------------------===//

def TinyEngine_Conv2DOp : TinyEngine_ConvOp<"conv2d"> {
  let summary = "2-D convolution (NHWC input, OHWI weights), optionally grouped";
  let description = [{
    `output[n, y, x, o] = bias[o] + sum input[n, y*sh + i*dh - pad_top,
    x*sw + j*dw - pad_left, g*Cg + c] * weight[o, i, j, c]` for the group `g`
    of output channel `o`, then requantized to the output type and clamped
    to `[act_min, act_max]`. `pad` is `[top, left, bottom, right]`; padded
    positions read the input zero point (real value 0).

    ```mlir
    %y = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 1, 1>,
                               stride = array<i64: 2, 2>, act_min = -128 : i64}
        : (tensor<1x8x8x3x!quant.uniform<i8:f32, 0.5:-1>>,
           tensor<4x3x3x3x!quant.uniform<i8:f32:0, {0.1, 0.1, 0.2, 0.2}>>,
           tensor<4x!quant.uniform<i32:f32:0, {0.05, 0.05, 0.1, 0.1}>>)
        -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.25:3>>
    ```
  }];
  let arguments = !con((ins TE_Tensor:$input, TE_Tensor:$weight,
                            Optional<TE_BiasTensor>:$bias,
                            TE_I64Pair:$stride, TE_I64Quad:$pad,
                            DefaultValuedAttr<TE_I64Pair, "{1, 1}">:$dilation,
                            DefaultValuedAttr<I64Attr, "1">:$groups),
                       TE_ActivationArgs);
}

//===----------------------------------------------------------------------===//
// Operator: depthwise_conv2d
//===----------------------------------------------------------------------===//

def TinyEngine_DepthwiseConv2DOp : TinyEngine_ConvOp<"depthwise_conv2d"> {
  let summary = "depthwise 2-D convolution (weights [kh, kw, C*multiplier])";
  let description = [{
    Each input channel `c` is convolved with its own `multiplier` filters;
    output channel `o` reads input channel `o / multiplier`, where
    `multiplier = out_channels / in_channels`. Weights are `[kh, kw, out_c]`
    and, when quantized per axis, are quantized along dimension 2.

    ```mlir
    %y = te.depthwise_conv2d %x, %w, %b {pad = array<i64: 1, 1, 1, 1>,
                                         stride = array<i64: 1, 1>}
        : (tensor<1x8x8x4x!quant.uniform<i8:f32, 0.5:-1>>,
           tensor<3x3x4x!quant.uniform<i8:f32:2, {0.1, 0.1, 0.2, 0.2}>>,
           tensor<4x!quant.uniform<i32:f32:0, {0.05, 0.05, 0.1, 0.1}>>)
        -> tensor<1x8x8x4x!quant.uniform<i8:f32, 0.25:3>>
    ```
  }];
  let extraClassDeclaration = [{
    /// The number of output channels computed from each input channel.
    int64_t getChannelMultiplier();
  }];
}

//===----------------------------------------------------------------------===//
// Operator: fully_connected
//===----------------------------------------------------------------------===//

def TinyEngine_FullyConnectedOp
    : TinyEngine_Op<"fully_connected", [Pure]> {
  let summary = "matrix-vector product with weights [out, in]";
  let description = [{
    `output[n, o] = bias[o] + sum_k input[n, k] * weight[o, k]`, requantized
    and clamped to `[act_min, act_max]`.

    ```mlir
    %y = te.fully_connected %x, %w, %b
        : (tensor<1x16x!quant.uniform<i8:f32, 0.5:-1>>,
           tensor<10x16x!quant.uniform<i8:f32, 0.01>>,
           tensor<10x!quant.uniform<i32:f32, 0.005>>)
        -> tensor<1x10x!quant.uniform<i8:f32, 0.25:3>>
    ```
  }];
  let arguments = !con((ins TE_Tensor:$input, TE_Tensor:$weight,
                            Optional<TE_BiasTensor>:$bias),
                       TE_ActivationArgs);
  let results = (outs TE_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// Operator: add, mul
//===----------------------------------------------------------------------===//

def TinyEngine_AddOp : TinyEngine_BinaryOp<"add", [Commutative]> {
  let summary = "element-wise addition with broadcasting";
  let description = [{
    Quantized inputs may have different scales and zero points; the result
    follows TensorFlow Lite's integer scheme (both inputs shifted left by 20,
    rescaled to twice the larger input scale, summed, requantized).

    ```mlir
    %y = te.add %a, %b : (tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>,
                          tensor<1x4x4x8x!quant.uniform<i8:f32, 0.25:5>>)
        -> tensor<1x4x4x8x!quant.uniform<i8:f32, 0.75:0>>
    ```
  }];
}

def TinyEngine_MulOp : TinyEngine_BinaryOp<"mul", [Commutative]> {
  let summary = "element-wise multiplication with broadcasting";
  let description = [{
    ```mlir
    %y = te.mul %a, %s : (tensor<1x4x4x8xf32>, tensor<8xf32>)
        -> tensor<1x4x4x8xf32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Operator: avg_pool2d, max_pool2d, global_avg_pool
//===----------------------------------------------------------------------===//

def TinyEngine_AvgPool2DOp : TinyEngine_PoolOp<"avg_pool2d"> {
  let summary = "2-D average pooling over an NHWC tensor";
  let description = [{
    Averages each `kernel` window. With `count_include_pad = false` (the
    TensorFlow Lite behaviour) the divisor is the number of valid input
    positions in the window; quantized sums are divided rounding half away
    from zero.

    ```mlir
    %y = te.avg_pool2d %x {kernel = array<i64: 3, 3>,
                           pad = array<i64: 0, 0, 0, 0>,
                           stride = array<i64: 3, 3>}
        : tensor<1x3x3x8x!quant.uniform<i8:f32, 0.5:-1>>
        -> tensor<1x1x1x8x!quant.uniform<i8:f32, 0.5:-1>>
    ```
  }];
  let arguments = !con((ins TE_Tensor:$input, TE_I64Pair:$kernel,
                            TE_I64Pair:$stride, TE_I64Quad:$pad,
                            DefaultValuedAttr<BoolAttr, "false">:
                                $count_include_pad),
                       TE_ActivationArgs);
}

def TinyEngine_MaxPool2DOp : TinyEngine_PoolOp<"max_pool2d"> {
  let summary = "2-D max pooling over an NHWC tensor";
  let description = [{
    Takes the maximum of each `kernel` window; padded positions never win.

    ```mlir
    %y = te.max_pool2d %x {kernel = array<i64: 2, 2>,
                           pad = array<i64: 0, 0, 0, 0>,
                           stride = array<i64: 2, 2>}
        : tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>
        -> tensor<1x2x2x8x!quant.uniform<i8:f32, 0.5:-1>>
    ```
  }];
  let arguments = !con((ins TE_Tensor:$input, TE_I64Pair:$kernel,
                            TE_I64Pair:$stride, TE_I64Quad:$pad),
                       TE_ActivationArgs);
}

def TinyEngine_GlobalAvgPoolOp : TinyEngine_PoolOp<"global_avg_pool"> {
  let summary = "mean over the spatial dimensions of an NHWC tensor";
  let description = [{
    `[N, H, W, C] -> [N, 1, 1, C]`. Quantized: the int32 sum minus
    `H*W*zero_point`, requantized by `s_in / (H*W*s_out)` (TensorFlow Lite's
    Mean kernel).

    ```mlir
    %y = te.global_avg_pool %x : tensor<1x7x7x32x!quant.uniform<i8:f32, 0.5:-1>>
        -> tensor<1x1x1x32x!quant.uniform<i8:f32, 0.25:-3>>
    ```
  }];
  let arguments = (ins TE_Tensor:$input);
}

//===----------------------------------------------------------------------===//
// Operator: pad, reshape, transpose, concat, resize_nearest
//===----------------------------------------------------------------------===//

def TinyEngine_PadOp : TinyEngine_DataMovementOp<"pad"> {
  let summary = "constant padding";
  let description = [{
    `padding` lists the elements added before each dimension, then after
    each dimension (ONNX's `pads` order). Quantized tensors are padded with
    the quantized image of the real value `value` (by default the zero
    point).

    ```mlir
    %y = te.pad %x {padding = array<i64: 0, 1, 1, 0, 0, 1, 1, 0>}
        : tensor<1x4x4x8xf32> -> tensor<1x6x6x8xf32>
    ```
  }];
  let arguments = (ins TE_Tensor:$input, DenseI64ArrayAttr:$padding,
                       DefaultValuedAttr<F64Attr, "0.0">:$value);
}

def TinyEngine_ReshapeOp : TinyEngine_DataMovementOp<"reshape"> {
  let summary = "reinterpret a tensor with another shape";
  let description = [{
    The shape is the result type's; the element count and element type do
    not change. Free at run time (the buffer is reused).

    ```mlir
    %y = te.reshape %x : tensor<1x1x1x16xf32> -> tensor<1x16xf32>
    ```
  }];
  let arguments = (ins TE_Tensor:$input);
  let hasFolder = 1;
}

def TinyEngine_TransposeOp : TinyEngine_DataMovementOp<"transpose"> {
  let summary = "permute the dimensions of a tensor";
  let description = [{
    `output.shape[i] = input.shape[perm[i]]`.

    ```mlir
    %y = te.transpose %x {perm = array<i64: 0, 3, 1, 2>}
        : tensor<1x4x5x8xf32> -> tensor<1x8x4x5xf32>
    ```
  }];
  let arguments = (ins TE_Tensor:$input, DenseI64ArrayAttr:$perm);
  let hasFolder = 1;
}

def TinyEngine_ResizeNearestOp : TinyEngine_DataMovementOp<"resize_nearest"> {
  let summary = "nearest-neighbour resize of an NHWC tensor";
  let description = [{
    Output size is the result type's. Source coordinates follow TensorFlow
    Lite's `ResizeNearestNeighbor`: `align_corners` and `half_pixel_centers`
    select the coordinate transform.

    ```mlir
    %y = te.resize_nearest %x : tensor<1x4x4x8xf32> -> tensor<1x8x8x8xf32>
    ```
  }];
  let arguments = (ins TE_Tensor:$input,
                       DefaultValuedAttr<BoolAttr, "false">:$align_corners,
                       DefaultValuedAttr<BoolAttr, "false">:$half_pixel_centers);
}

def TinyEngine_ConcatOp : TinyEngine_Op<"concat", [Pure]> {
  let summary = "concatenate tensors along one dimension";
  let description = [{
    Quantized inputs whose parameters differ from the output's are
    requantized on the way.

    ```mlir
    %y = te.concat %a, %b {axis = 3 : i64}
        : (tensor<1x4x4x8xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x12xf32>
    ```
  }];
  let arguments = (ins Variadic<TE_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs TE_Tensor:$output);
  let assemblyFormat = [{
    $inputs attr-dict `:` functional-type($inputs, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Operator: slice, insert_slice (patch-based execution)
//===----------------------------------------------------------------------===//

def TinyEngine_SliceOp : TinyEngine_DataMovementOp<"slice"> {
  let summary = "copy a spatial window of an NHWC tensor";
  let description = [{
    The result is the window of the input that starts at row `offsets[0]`
    and column `offsets[1]` and has the result type's height and width;
    batch and channels are kept whole. `--te-fuse-patches` creates slices
    to cut the input of a patch (with its halo) out of a whole tensor.

    ```mlir
    %p = te.slice %x {offsets = array<i64: 4, 0>}
        : tensor<1x16x16x8xf32> -> tensor<1x6x16x8xf32>
    ```
  }];
  let arguments = (ins TE_Tensor:$input, TE_I64Pair:$offsets);
}

def TinyEngine_InsertSliceOp : TinyEngine_Op<"insert_slice", [Pure]> {
  let summary = "write a patch into a spatial window of an NHWC tensor";
  let description = [{
    The result is `dest` with the window that starts at row `offsets[0]`
    and column `offsets[1]` replaced by `patch` (batch and channels whole).
    Without `dest`, only the window of the result is defined: the first
    patch of a tiled tensor starts it, the others are inserted into it in
    turn, each in place when the memory plan lets it (`te.inplace = 1`).

    ```mlir
    %a = te.insert_slice %p0 {offsets = array<i64: 0, 0>}
        : (tensor<1x4x8x8xf32>) -> tensor<1x8x8x8xf32>
    %b = te.insert_slice %p1, %a {offsets = array<i64: 4, 0>}
        : (tensor<1x4x8x8xf32>, tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
    ```
  }];
  let arguments = (ins TE_Tensor:$patch, Optional<TE_Tensor>:$dest,
                       TE_I64Pair:$offsets);
  let results = (outs TE_Tensor:$output);
  let assemblyFormat = [{
    $patch (`,` $dest^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Operator: softmax, clamp
//===----------------------------------------------------------------------===//

def TinyEngine_SoftmaxOp : TinyEngine_DataMovementOp<"softmax"> {
  let summary = "softmax over the last dimension";
  let description = [{
    `output = exp(beta * x) / sum(exp(beta * x))` along the innermost
    dimension. The int8 form follows TensorFlow Lite's fixed-point kernel.

    ```mlir
    %y = te.softmax %x : tensor<1x4x!quant.uniform<i8:f32, 0.1:3>>
        -> tensor<1x4x!quant.uniform<i8:f32, 0.00390625:-128>>
    ```
  }];
  let arguments = (ins TE_Tensor:$input,
                       DefaultValuedAttr<F64Attr, "1.0">:$beta);
}

def TinyEngine_ClampOp : TinyEngine_DataMovementOp<"clamp"> {
  let summary = "clamp to a real-valued range (Relu, Relu6, Clip)";
  let description = [{
    Clamps each element to `[min, max]`, given in the real domain. On a
    quantized tensor the bounds are quantized with the tensor's parameters
    (rounding half away from zero) and intersected with the storage range.
    Input and result types are identical. `--te-fuse-activation` folds a
    clamp into the op that produces its input.

    ```mlir
    %y = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64}
        : tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>
        -> tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>
    ```
  }];
  let arguments = (ins TE_Tensor:$input, F64Attr:$min, F64Attr:$max);
}

//===----------------------------------------------------------------------===//
// Operator: quantize, dequantize
//===----------------------------------------------------------------------===//

def TinyEngine_QuantizeOp : TinyEngine_DataMovementOp<"quantize"> {
  let summary = "quantize a float tensor, or requantize a quantized one";
  let description = [{
    `q = clamp(round_half_to_even(x / scale) + zero_point)` for a float
    input (ONNX QuantizeLinear); for a quantized input the values are
    rescaled to the result's parameters.

    ```mlir
    %q = te.quantize %x : tensor<1x4xf32>
        -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>
    ```
  }];
  let arguments = (ins TE_Tensor:$input);
}

def TinyEngine_DequantizeOp : TinyEngine_DataMovementOp<"dequantize"> {
  let summary = "convert a quantized tensor to f32";
  let description = [{
    `x = (q - zero_point) * scale`.

    ```mlir
    %x = te.dequantize %q : tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>>
        -> tensor<1x4xf32>
    ```
  }];
  let arguments = (ins TE_Tensor:$input);
}

#endif // MCUNET_DIALECT_TINYENGINE_IR_TINYENGINEOPS_TD
