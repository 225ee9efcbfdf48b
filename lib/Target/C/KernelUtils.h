//===- KernelUtils.h - shared pieces of the layer printers ------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_LIB_TARGET_C_KERNELUTILS_H
#define MCUNET_LIB_TARGET_C_KERNELUTILS_H

#include "Emitter.h"

namespace mcunet::c_emit {

/// " + c" / " - c" for a constant term, "" when c is 0.
std::string plusConst(int64_t c);

/// "var * scale + offset" with the trivial parts left out ("oy", "oy * 2",
/// "oy * 2 - 1", "oy - 1").
std::string affine(llvm::StringRef var, int64_t scale, int64_t offset);

/// "(expr + offset)", or expr when offset is 0.
std::string offsetTerm(std::string expr, int64_t offset);

/// The C expression for operand `v` inside a layer body: the constant's
/// symbol, or a new pointer parameter named `param`.
std::string operandExpr(Emitter &e, const Layer &layer, mlir::Value v,
                        llvm::StringRef param, llvm::StringRef role,
                        std::string &params);

/// "(int8_t)clamp(value)" to the activation range of `op`'s output with the
/// cheapest helper: a saturation when the range is all of int8, an SSAT and
/// one compare when one end is a power of two (SpecializedKernels.cpp).
std::string clamped(Emitter &e, mlir::Operation *op, llvm::StringRef value);

/// Appends "<type> *output" to the parameter list.
void addOutputParam(mlir::Value out, std::string &params);

/// Opens `for (int var = 0; var < bound; ++var) {` and indents.
void openLoop(mlir::raw_indented_ostream &os, llvm::StringRef var,
              int64_t bound);
/// Unindents and closes a loop with a labelled brace: `} /* var */`.
void closeLoop(mlir::raw_indented_ostream &os, llvm::StringRef var);

/// Nested loops i0, i1, ... over `shape` around `body`.
void printLoopNest(mlir::raw_indented_ostream &os,
                   llvm::ArrayRef<int64_t> shape,
                   llvm::function_ref<void()> body);

/// "i0 * s0 + i1 * s1 + ..." (zero strides dropped).
std::string indexExpr(llvm::ArrayRef<int64_t> strides);

/// Row-major strides of `shape` broadcast (numpy rules) to `outShape`.
llvm::SmallVector<int64_t> broadcastStrides(llvm::ArrayRef<int64_t> shape,
                                            llvm::ArrayRef<int64_t> outShape);

/// Per-channel requantization of `channels` accumulators with real
/// multipliers in_scale * w_scale[c] / out_scale. Returns the C expressions
/// for the multiplier and shift of channel `var` (tables when they differ).
std::pair<std::string, std::string>
requantTables(Emitter &e, const Layer &layer, double inScale,
              llvm::ArrayRef<double> wScales, double outScale, int64_t channels,
              llvm::StringRef var);

/// TFLite's QuantizeMultiplier of in_scale * w_scale[c] / out_scale for
/// every channel (one weight scale is shared by all channels).
void quantizeMultipliers(double inScale, llvm::ArrayRef<double> wScales,
                         double outScale, int64_t channels,
                         llvm::SmallVectorImpl<int32_t> &multipliers,
                         llvm::SmallVectorImpl<int32_t> &shifts);

/// The cheapest requantization helper bit-identical to TFLite's
/// MultiplyByQuantizedMultiplier for every shift in `shifts`:
/// "requant_fast" (all shift right by 2 or more), "requant_fast1" (1 or
/// more), "requant_down" (no left shift) or "requant" (requant-helpers.test).
llvm::StringRef requantHelperFor(llvm::ArrayRef<int32_t> shifts);

/// The scales of a (per-tensor or per-axis) quantized weight type.
llvm::SmallVector<double> weightScales(mlir::Type type);

/// Prints a 1x1 convolution (te.kernel = "pointwise") as a matrix product
/// with the input zero point folded into the bias.
mlir::LogicalResult printPointwiseConv(Emitter &e, const Layer &layer,
                                       mcunet::te::Conv2DOp op,
                                       mlir::raw_indented_ostream &os,
                                       std::string &params,
                                       std::string &comment);

/// Prints a fully connected layer (te.kernel = "fully_connected") as the
/// pointwise kernel's matrix product.
mlir::LogicalResult printFullyConnectedKernel(Emitter &e, const Layer &layer,
                                              mcunet::te::FullyConnectedOp op,
                                              mlir::raw_indented_ostream &os,
                                              std::string &params,
                                              std::string &comment);

/// Prints a depthwise convolution (te.kernel = "depthwise") channel by
/// channel over a zero-point padded copy of the channel in scratch.
mlir::LogicalResult printDepthwiseConv(Emitter &e, const Layer &layer,
                                       mcunet::te::DepthwiseConv2DOp op,
                                       mlir::raw_indented_ostream &os,
                                       std::string &params,
                                       std::string &comment);

/// Prints a convolution (te.kernel = "im2col") as int16 columns gathered
/// two output pixels at a time into scratch, multiplied with reordered
/// int8 filters two at a time.
mlir::LogicalResult printIm2colConv(Emitter &e, const Layer &layer,
                                    mcunet::te::Conv2DOp op,
                                    mlir::raw_indented_ostream &os,
                                    std::string &params, std::string &comment);

/// Prints layers that move or convert data (pad, transpose, concat,
/// resize_nearest, clamp, quantize, dequantize).
mlir::LogicalResult printDataLayer(Emitter &e, const Layer &layer,
                                   mlir::raw_indented_ostream &os,
                                   std::string &params, std::string &comment);

} // namespace mcunet::c_emit

#endif // MCUNET_LIB_TARGET_C_KERNELUTILS_H
