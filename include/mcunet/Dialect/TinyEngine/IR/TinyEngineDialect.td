//===- TinyEngineDialect.td - TinyEngine dialect definition -*- tablegen -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_DIALECT_TINYENGINE_IR_TINYENGINEDIALECT_TD
#define MCUNET_DIALECT_TINYENGINE_IR_TINYENGINEDIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/Dialect/Quant/IR/QuantBase.td"

def TinyEngine_Dialect : Dialect {
  let name = "te";
  let cppNamespace = "::mcunet::te";
  let summary = "Quantized CNN inference ops for microcontrollers";
  let description = [{
    The TinyEngine (`te`) dialect models int8 (and float) convolutional
    neural-network inference at the level a microcontroller engine executes
    it: one op per kernel call (convolution with a fused activation, pooling,
    element-wise add, ...), operating on ranked tensors with static shapes.

    **Element types.** Quantized tensors use MLIR's `quant` dialect:
    activations are per-tensor `!quant.uniform<i8:f32, scale:zero_point>`,
    weights are per-output-channel `!quant.uniform<i8:f32:axis, {s0, s1, ...}>`
    (or per-tensor) with zero point 0, biases are
    `!quant.uniform<i32:f32:0, {...}>` with scale `s_in * s_w[c]`. Float
    graphs use plain `f32` on the same ops.

    **Layout.** Every 4-D activation is NHWC (batch, height, width,
    channels): the layout the kernels stream through. Conv weights are OHWI
    (`[out_channels, kh, kw, in_channels]`), depthwise weights are
    `[kh, kw, channels]`, fully-connected weights are `[out, in]`.
    The ONNX importer converts NCHW once, at import.

    **Fused activations.** Compute ops carry optional `act_min`/`act_max`
    attributes: the clamp range of the output in the storage (integer)
    domain. A standalone `te.clamp` expresses Relu/Relu6/Clip in the real
    domain; `--te-fuse-activation` folds it into the producer.

    Every verifier rule is numbered in `docs/TinyEngineConstraints.md`
    (`conv2d_c1`, `quant_c2`, ...) and the number is cited in the verifier
    and in the negative test that exercises it.
  }];
  let dependentDialects = ["::mlir::quant::QuantDialect"];
  let useDefaultAttributePrinterParser = 0;
}

/// Base class of every te op.
class TinyEngine_Op<string mnemonic, list<Trait> traits = []>
    : Op<TinyEngine_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

/// An element type the kernels compute on: f32 or a uniform quantized type.
def TE_ElementType : AnyTypeOf<[F32, quant_QuantizedType]>;

/// A statically shaped activation tensor.
def TE_Tensor : StaticShapeTensorOf<[F32, quant_QuantizedType]>;

/// A statically shaped float tensor (boundaries of quantized graphs).
def TE_FloatTensor : StaticShapeTensorOf<[F32]>;

/// Convolution/fully-connected bias: i32-quantized or f32.
def TE_BiasTensor : StaticShapeTensorOf<[F32, quant_QuantizedType]>;

/// A 4-element [height, width] pair or padding quadruple.
def TE_I64Pair : ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<2>]>;
def TE_I64Quad : ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<4>]>;

#endif // MCUNET_DIALECT_TINYENGINE_IR_TINYENGINEDIALECT_TD
