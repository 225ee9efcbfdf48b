//===- TinyEngineVerifiers.cpp - TinyEngine op verifiers ------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Every rule checked here has a label (`conv2d_c3`, `quant_c6`, ...) that is
// defined in docs/TinyEngineConstraints.md, printed at the start of the
// diagnostic and exercised by a case in test/Dialect/TinyEngine/invalid.mlir.
//
//===----------------------------------------------------------------------===//

#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <cmath>

using namespace mlir;
using namespace mcunet::te;

namespace {

/// Starts an op error tagged with the label of the violated rule.
InFlightDiagnostic fail(Operation *op, StringRef label) {
  return op->emitOpError() << "[" << label << "] ";
}

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<ShapedType>(v.getType()).getShape();
}

/// Relative tolerance for comparing float32-derived scales.
constexpr double kScaleRelTol = 1e-5;

bool scalesMatch(double a, double b) {
  return std::fabs(a - b) <=
         kScaleRelTol * std::max(std::fabs(a), std::fabs(b));
}

/// quant_c1: the given values are either all quantized or all f32.
LogicalResult verifyActivationTypes(Operation *op, ValueRange values) {
  bool anyQuant = false, anyFloat = false;
  for (Value v : values) {
    Type elt = cast<ShapedType>(v.getType()).getElementType();
    if (isa<quant::QuantizedType>(elt))
      anyQuant = true;
    else
      anyFloat = true;
  }
  if (anyQuant && anyFloat)
    return fail(op, "quant_c1")
           << "mixes quantized and float tensors; all activations must be "
              "quantized or all f32";
  return success();
}

LogicalResult verifyPerTensorActivation(Operation *op, Value v,
                                        StringRef what) {
  Type elt = cast<ShapedType>(v.getType()).getElementType();
  auto q = dyn_cast<quant::QuantizedType>(elt);
  if (!q)
    return success();
  auto uq = dyn_cast<quant::UniformQuantizedType>(q);
  if (!uq || !uq.isSigned() || uq.getStorageTypeIntegralWidth() != 8)
    return fail(op, "quant_c2")
           << what << " must be per-tensor !quant.uniform with i8 storage, got "
           << elt;
  return success();
}

/// act_c1..act_c3: the fused activation range of a result.
LogicalResult verifyActivationRange(Operation *op, Value result,
                                    std::optional<int64_t> actMin,
                                    std::optional<int64_t> actMax) {
  if (!actMin && !actMax)
    return success();
  auto q = dyn_cast_or_null<quant::UniformQuantizedType>(
      getQuantizedElementType(result.getType()));
  if (!q)
    return fail(op, "act_c1") << "act_min/act_max require a quantized result";
  int64_t lo = actMin.value_or(q.getStorageTypeMin());
  int64_t hi = actMax.value_or(q.getStorageTypeMax());
  auto outside = [&](int64_t v) {
    return v < q.getStorageTypeMin() || v > q.getStorageTypeMax();
  };
  if (outside(lo) || outside(hi))
    return fail(op, "act_c2")
           << "activation range [" << lo << ", " << hi
           << "] exceeds the storage range [" << q.getStorageTypeMin() << ", "
           << q.getStorageTypeMax() << "]";
  if (lo > hi)
    return fail(op, "act_c3") << "act_min " << lo << " > act_max " << hi;
  return success();
}

/// Per-channel scales of a weight or bias type (one entry when per-tensor).
SmallVector<double> scalesOf(quant::QuantizedType q) {
  if (auto pt = dyn_cast<quant::UniformQuantizedType>(q))
    return {pt.getScale()};
  if (auto pa = dyn_cast<quant::UniformQuantizedPerAxisType>(q))
    return SmallVector<double>(pa.getScales());
  return {};
}

/// quant_c3..quant_c6: weight and bias quantization of a conv-like op whose
/// weight channel dimension is `weightAxis` with `channels` entries.
LogicalResult verifyWeightAndBias(Operation *op, Value input, Value weight,
                                  Value bias, int32_t weightAxis,
                                  int64_t channels) {
  auto wq = getQuantizedElementType(weight.getType());
  if (!wq)
    return success(); // Float graph: quant_c1 already checked consistency.
  // quant_c3: symmetric int8 weights.
  if (!wq.isSigned() || wq.getStorageTypeIntegralWidth() != 8)
    return fail(op, "quant_c3") << "weights must have i8 storage, got " << wq;
  if (auto pt = dyn_cast<quant::UniformQuantizedType>(wq)) {
    if (pt.getZeroPoint() != 0)
      return fail(op, "quant_c3")
             << "weight zero point must be 0, got " << pt.getZeroPoint();
  } else if (auto pa = dyn_cast<quant::UniformQuantizedPerAxisType>(wq)) {
    if (llvm::any_of(pa.getZeroPoints(), [](int64_t z) { return z != 0; }))
      return fail(op, "quant_c3") << "weight zero points must all be 0";
    // quant_c4: per-axis along the output channels.
    if (pa.getQuantizedDimension() != weightAxis ||
        static_cast<int64_t>(pa.getScales().size()) != channels)
      return fail(op, "quant_c4")
             << "per-axis weights must be quantized along dimension "
             << weightAxis << " with " << channels << " scales, got dimension "
             << pa.getQuantizedDimension() << " with " << pa.getScales().size()
             << " scales";
  } else {
    return fail(op, "quant_c3")
           << "weights must be uniform (per-tensor or per-axis), got " << wq;
  }
  if (!bias)
    return success();
  // quant_c1 (checked first) guarantees a quantized bias here.
  auto bq = cast<quant::QuantizedType>(
      cast<ShapedType>(bias.getType()).getElementType());
  // quant_c5: i32 bias, zero point 0, one scale or one per channel.
  if (!bq.isSigned() || bq.getStorageTypeIntegralWidth() != 32)
    return fail(op, "quant_c5") << "bias must have i32 storage";
  if (auto pt = dyn_cast<quant::UniformQuantizedType>(bq)) {
    if (pt.getZeroPoint() != 0)
      return fail(op, "quant_c5") << "bias zero point must be 0";
  } else if (auto pa = dyn_cast<quant::UniformQuantizedPerAxisType>(bq)) {
    if (llvm::any_of(pa.getZeroPoints(), [](int64_t z) { return z != 0; }))
      return fail(op, "quant_c5") << "bias zero points must all be 0";
    if (pa.getQuantizedDimension() != 0 ||
        static_cast<int64_t>(pa.getScales().size()) != channels)
      return fail(op, "quant_c5") << "per-axis bias must have " << channels
                                  << " scales along dimension 0";
  } else {
    return fail(op, "quant_c5") << "bias must be uniform quantized";
  }
  // quant_c6: bias scale = input scale x weight scale, channel by channel.
  auto iq = cast<quant::UniformQuantizedType>(
      getQuantizedElementType(input.getType()));
  SmallVector<double> ws = scalesOf(wq), bs = scalesOf(bq);
  for (int64_t c = 0; c < channels; ++c) {
    double w = ws[ws.size() == 1 ? 0 : c];
    double b = bs[bs.size() == 1 ? 0 : c];
    double expected = iq.getScale() * w;
    if (!scalesMatch(b, expected))
      return fail(op, "quant_c6")
             << "bias scale " << b << " of channel " << c
             << " must equal input scale x weight scale = " << expected;
  }
  return success();
}

/// window_c1, window_c2: strides, dilations, kernel sizes >= 1, pads >= 0,
/// and the output spatial size follows from them.
LogicalResult verifyWindow(Operation *op, ArrayRef<int64_t> inShape,
                           ArrayRef<int64_t> outShape, int64_t kh, int64_t kw,
                           ArrayRef<int64_t> stride, ArrayRef<int64_t> pad,
                           ArrayRef<int64_t> dilation) {
  if (kh < 1 || kw < 1 ||
      llvm::any_of(stride, [](int64_t s) { return s < 1; }) ||
      llvm::any_of(dilation, [](int64_t d) { return d < 1; }) ||
      llvm::any_of(pad, [](int64_t p) { return p < 0; }))
    return fail(op, "window_c1")
           << "kernel, stride and dilation must be >= 1 and pads >= 0";
  int64_t dims[2] = {1, 2};
  for (int i = 0; i < 2; ++i) {
    int64_t k = i == 0 ? kh : kw;
    int64_t effective = dilation[i] * (k - 1) + 1;
    int64_t padded = inShape[dims[i]] + pad[i] + pad[i + 2];
    int64_t expected =
        padded < effective ? 0 : (padded - effective) / stride[i] + 1;
    if (expected < 1 || outShape[dims[i]] != expected)
      return fail(op, "window_c2")
             << "expected output " << (i == 0 ? "height " : "width ")
             << expected << " from input " << inShape[dims[i]] << ", window "
             << k << ", stride " << stride[i] << ", dilation " << dilation[i]
             << ", pads " << pad[i] << "+" << pad[i + 2] << "; got "
             << outShape[dims[i]];
  }
  return success();
}

/// bias_c1: the bias is a vector with one entry per output channel.
LogicalResult verifyBiasShape(Operation *op, Value bias, int64_t channels) {
  if (!bias)
    return success();
  ArrayRef<int64_t> shape = shapeOf(bias);
  if (shape.size() != 1 || shape[0] != channels)
    return fail(op, "bias_c1") << "bias must have shape [" << channels
                               << "], got " << bias.getType();
  return success();
}

/// Shared type checks of every op computing a new quantized value from
/// activations: quant_c1 (all or nothing), quant_c2 (per-tensor i8).
LogicalResult verifyComputeTypes(Operation *op, ValueRange activations,
                                 Value result) {
  SmallVector<Value> all(activations.begin(), activations.end());
  all.push_back(result);
  if (failed(verifyActivationTypes(op, all)))
    return failure();
  for (Value v : activations)
    if (failed(verifyPerTensorActivation(op, v, "input")))
      return failure();
  return verifyPerTensorActivation(op, result, "result");
}

/// data_c1: ops that only move data keep the element type, quantization
/// parameters included.
LogicalResult verifySameElementType(Operation *op, Value in, Value out) {
  Type a = cast<ShapedType>(in.getType()).getElementType();
  Type b = cast<ShapedType>(out.getType()).getElementType();
  if (a != b)
    return fail(op, "data_c1")
           << "input element type " << a << " and result element type " << b
           << " must be identical";
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// constant
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::verify() {
  auto valueType = cast<ShapedType>(getValue().getType());
  auto resultType = getOutput().getType();
  // constant_c1: same shape.
  if (valueType.getShape() != resultType.getShape())
    return fail(*this, "constant_c1")
           << "value shape and result shape differ: " << valueType << " vs "
           << resultType;
  // constant_c2: value element type is the result's, or its storage type.
  Type elt = resultType.getElementType();
  Type expected = elt;
  if (auto q = dyn_cast<quant::QuantizedType>(elt))
    expected = q.getStorageType();
  if (valueType.getElementType() != expected)
    return fail(*this, "constant_c2")
           << "value element type " << valueType.getElementType() << " must be "
           << expected;
  return success();
}

//===----------------------------------------------------------------------===//
// conv2d, depthwise_conv2d, fully_connected
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::verify() {
  Operation *op = *this;
  ArrayRef<int64_t> in = shapeOf(getInput()), w = shapeOf(getWeight()),
                    out = shapeOf(getOutput());
  // conv2d_c1: ranks.
  if (in.size() != 4 || w.size() != 4 || out.size() != 4)
    return fail(op, "conv2d_c1")
           << "input (NHWC), weight (OHWI) and result must have rank 4";
  // conv2d_c2: groups divide the channels.
  int64_t groups = getGroups();
  if (groups < 1 || in[3] != w[3] * groups || w[0] % groups != 0)
    return fail(op, "conv2d_c2")
           << "input channels " << in[3] << " must equal weight in-channels "
           << w[3] << " x groups " << groups
           << ", and output channels must be divisible by groups";
  // conv2d_c3: batch and output channels.
  if (out[0] != in[0] || out[3] != w[0])
    return fail(op, "conv2d_c3")
           << "result must have batch " << in[0] << " and " << w[0]
           << " channels, got " << getOutput().getType();
  if (failed(verifyWindow(op, in, out, w[1], w[2], getStride(), getPad(),
                          getDilation())) ||
      failed(verifyBiasShape(op, getBias(), w[0])))
    return failure();
  SmallVector<Value> acts = {getInput(), getWeight()};
  if (getBias())
    acts.push_back(getBias());
  acts.push_back(getOutput());
  if (failed(verifyActivationTypes(op, acts)) ||
      failed(verifyComputeTypes(op, {getInput()}, getOutput())) ||
      failed(
          verifyWeightAndBias(op, getInput(), getWeight(), getBias(), 0, w[0])))
    return failure();
  return verifyActivationRange(op, getOutput(), getActMin(), getActMax());
}

LogicalResult DepthwiseConv2DOp::verify() {
  Operation *op = *this;
  ArrayRef<int64_t> in = shapeOf(getInput()), w = shapeOf(getWeight()),
                    out = shapeOf(getOutput());
  // depthwise_conv2d_c1: ranks.
  if (in.size() != 4 || w.size() != 3 || out.size() != 4)
    return fail(op, "depthwise_conv2d_c1")
           << "input and result must have rank 4 (NHWC) and weight rank 3 "
              "([kh, kw, channels])";
  // depthwise_conv2d_c2: channel multiplier.
  if (out[3] != w[2] || in[3] == 0 || out[3] % in[3] != 0)
    return fail(op, "depthwise_conv2d_c2")
           << "result channels " << out[3] << " must equal weight channels "
           << w[2] << " and be a multiple of input channels " << in[3];
  // depthwise_conv2d_c3: batch.
  if (out[0] != in[0])
    return fail(op, "depthwise_conv2d_c3")
           << "result batch " << out[0] << " must equal input batch " << in[0];
  if (failed(verifyWindow(op, in, out, w[0], w[1], getStride(), getPad(),
                          getDilation())) ||
      failed(verifyBiasShape(op, getBias(), w[2])))
    return failure();
  SmallVector<Value> acts = {getInput(), getWeight()};
  if (getBias())
    acts.push_back(getBias());
  acts.push_back(getOutput());
  if (failed(verifyActivationTypes(op, acts)) ||
      failed(verifyComputeTypes(op, {getInput()}, getOutput())) ||
      failed(
          verifyWeightAndBias(op, getInput(), getWeight(), getBias(), 2, w[2])))
    return failure();
  return verifyActivationRange(op, getOutput(), getActMin(), getActMax());
}

LogicalResult FullyConnectedOp::verify() {
  Operation *op = *this;
  ArrayRef<int64_t> in = shapeOf(getInput()), w = shapeOf(getWeight()),
                    out = shapeOf(getOutput());
  // fully_connected_c1: ranks.
  if (in.size() != 2 || w.size() != 2 || out.size() != 2)
    return fail(op, "fully_connected_c1")
           << "input [batch, in], weight [out, in] and result [batch, out] "
              "must have rank 2";
  // fully_connected_c2: dimensions agree.
  if (in[1] != w[1] || out[0] != in[0] || out[1] != w[0])
    return fail(op, "fully_connected_c2")
           << "expected result [" << in[0] << ", " << w[0]
           << "] with weight in-features equal to input features " << in[1]
           << "; got weight " << getWeight().getType() << " and result "
           << getOutput().getType();
  if (failed(verifyBiasShape(op, getBias(), w[0])))
    return failure();
  SmallVector<Value> acts = {getInput(), getWeight()};
  if (getBias())
    acts.push_back(getBias());
  acts.push_back(getOutput());
  if (failed(verifyActivationTypes(op, acts)) ||
      failed(verifyComputeTypes(op, {getInput()}, getOutput())) ||
      failed(
          verifyWeightAndBias(op, getInput(), getWeight(), getBias(), 0, w[0])))
    return failure();
  return verifyActivationRange(op, getOutput(), getActMin(), getActMax());
}

//===----------------------------------------------------------------------===//
// add, mul
//===----------------------------------------------------------------------===//

/// binary_c1: numpy broadcasting of lhs and rhs gives the result shape.
static LogicalResult verifyBinary(Operation *op, Value lhs, Value rhs,
                                  Value out, std::optional<int64_t> actMin,
                                  std::optional<int64_t> actMax) {
  ArrayRef<int64_t> a = shapeOf(lhs), b = shapeOf(rhs), o = shapeOf(out);
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> expected(rank, 1);
  bool ok = true;
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1)
      ok = false;
    expected[i] = da == 1 ? db : da;
  }
  if (!ok || o != ArrayRef<int64_t>(expected))
    return fail(op, "binary_c1")
           << "operand shapes " << lhs.getType() << " and " << rhs.getType()
           << " do not broadcast to the result type " << out.getType();
  if (failed(verifyComputeTypes(op, {lhs, rhs}, out)))
    return failure();
  return verifyActivationRange(op, out, actMin, actMax);
}

LogicalResult AddOp::verify() {
  return verifyBinary(*this, getLhs(), getRhs(), getOutput(), getActMin(),
                      getActMax());
}

LogicalResult MulOp::verify() {
  return verifyBinary(*this, getLhs(), getRhs(), getOutput(), getActMin(),
                      getActMax());
}

//===----------------------------------------------------------------------===//
// avg_pool2d, max_pool2d, global_avg_pool
//===----------------------------------------------------------------------===//

/// pool_c1: NHWC in and out with the same batch and channels.
static LogicalResult verifyPool(Operation *op, Value input, Value output,
                                ArrayRef<int64_t> kernel,
                                ArrayRef<int64_t> stride, ArrayRef<int64_t> pad,
                                std::optional<int64_t> actMin,
                                std::optional<int64_t> actMax) {
  ArrayRef<int64_t> in = shapeOf(input), out = shapeOf(output);
  if (in.size() != 4 || out.size() != 4 || in[0] != out[0] || in[3] != out[3])
    return fail(op, "pool_c1")
           << "input and result must be rank-4 NHWC with equal batch and "
              "channels, got "
           << input.getType() << " and " << output.getType();
  int64_t dilation[2] = {1, 1};
  if (failed(verifyWindow(op, in, out, kernel[0], kernel[1], stride, pad,
                          dilation)) ||
      failed(verifyComputeTypes(op, {input}, output)))
    return failure();
  return verifyActivationRange(op, output, actMin, actMax);
}

LogicalResult AvgPool2DOp::verify() {
  return verifyPool(*this, getInput(), getOutput(), getKernel(), getStride(),
                    getPad(), getActMin(), getActMax());
}

LogicalResult MaxPool2DOp::verify() {
  return verifyPool(*this, getInput(), getOutput(), getKernel(), getStride(),
                    getPad(), getActMin(), getActMax());
}

LogicalResult GlobalAvgPoolOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput()), out = shapeOf(getOutput());
  // global_avg_pool_c1: [N, H, W, C] -> [N, 1, 1, C].
  if (in.size() != 4 || out.size() != 4 || out[0] != in[0] || out[1] != 1 ||
      out[2] != 1 || out[3] != in[3])
    return fail(*this, "global_avg_pool_c1")
           << "expected result shape [N, 1, 1, C] from input "
           << getInput().getType() << ", got " << getOutput().getType();
  return verifyComputeTypes(*this, {getInput()}, getOutput());
}

//===----------------------------------------------------------------------===//
// pad, reshape, transpose, resize_nearest, concat
//===----------------------------------------------------------------------===//

LogicalResult PadOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput()), out = shapeOf(getOutput());
  ArrayRef<int64_t> padding = getPadding();
  size_t rank = in.size();
  // pad_c1: 2 x rank non-negative entries.
  if (padding.size() != 2 * rank ||
      llvm::any_of(padding, [](int64_t p) { return p < 0; }))
    return fail(*this, "pad_c1")
           << "padding must have " << 2 * rank
           << " non-negative entries (before each dim, then after each dim)";
  // pad_c2: result shape.
  if (out.size() != rank)
    return fail(*this, "pad_c2") << "result rank must be " << rank;
  for (size_t i = 0; i < rank; ++i)
    if (out[i] != in[i] + padding[i] + padding[i + rank])
      return fail(*this, "pad_c2") << "result dimension " << i << " must be "
                                   << in[i] + padding[i] + padding[i + rank];
  return verifySameElementType(*this, getInput(), getOutput());
}

LogicalResult ReshapeOp::verify() {
  // reshape_c1: same element count.
  auto in = getInput().getType(), out = getOutput().getType();
  if (in.getNumElements() != out.getNumElements())
    return fail(*this, "reshape_c1")
           << "element count changes from " << in.getNumElements() << " to "
           << out.getNumElements();
  return verifySameElementType(*this, getInput(), getOutput());
}

LogicalResult TransposeOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput()), out = shapeOf(getOutput());
  ArrayRef<int64_t> perm = getPerm();
  // transpose_c1: perm is a permutation of [0, rank).
  SmallVector<bool> seen(in.size(), false);
  bool isPerm = perm.size() == in.size();
  for (int64_t p : perm) {
    if (!isPerm || p < 0 || p >= static_cast<int64_t>(in.size()) || seen[p]) {
      isPerm = false;
      break;
    }
    seen[p] = true;
  }
  if (!isPerm)
    return fail(*this, "transpose_c1")
           << "perm must be a permutation of [0, " << in.size() << ")";
  // transpose_c2: result shape is the permuted input shape.
  if (out.size() != in.size())
    return fail(*this, "transpose_c2") << "result rank must be " << in.size();
  for (size_t i = 0; i < perm.size(); ++i)
    if (out[i] != in[perm[i]])
      return fail(*this, "transpose_c2")
             << "result dimension " << i << " must be " << in[perm[i]];
  return verifySameElementType(*this, getInput(), getOutput());
}

LogicalResult ResizeNearestOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput()), out = shapeOf(getOutput());
  // resize_c1: NHWC with batch and channels unchanged.
  if (in.size() != 4 || out.size() != 4 || in[0] != out[0] || in[3] != out[3])
    return fail(*this, "resize_c1")
           << "input and result must be rank-4 NHWC with equal batch and "
              "channels";
  // resize_c2: at most one coordinate mode.
  if (getAlignCorners() && getHalfPixelCenters())
    return fail(*this, "resize_c2")
           << "align_corners and half_pixel_centers are exclusive";
  return verifySameElementType(*this, getInput(), getOutput());
}

/// slice_c1 / insert_slice_c1 and _c2: `window` lies inside `whole` at
/// `offsets`, both rank-4 NHWC with equal batch and channels.
static LogicalResult verifyWindow(Operation *op, StringRef rule1,
                                  StringRef rule2, ArrayRef<int64_t> whole,
                                  ArrayRef<int64_t> window,
                                  ArrayRef<int64_t> offsets) {
  if (whole.size() != 4 || window.size() != 4 || whole[0] != window[0] ||
      whole[3] != window[3])
    return fail(op, rule1) << "the tensor and the window must be rank-4 NHWC "
                              "with equal batch and channels";
  for (int i = 0; i < 2; ++i)
    if (offsets[i] < 0 || window[i + 1] < 1 ||
        offsets[i] + window[i + 1] > whole[i + 1])
      return fail(op, rule2) << "window of " << window[i + 1] << " at offset "
                             << offsets[i] << " does not fit dimension "
                             << i + 1 << " of size " << whole[i + 1];
  return success();
}

LogicalResult SliceOp::verify() {
  if (failed(verifyWindow(*this, "slice_c1", "slice_c2", shapeOf(getInput()),
                          shapeOf(getOutput()), getOffsets())))
    return failure();
  return verifySameElementType(*this, getInput(), getOutput());
}

LogicalResult InsertSliceOp::verify() {
  if (failed(verifyWindow(*this, "insert_slice_c1", "insert_slice_c2",
                          shapeOf(getOutput()), shapeOf(getPatch()),
                          getOffsets())))
    return failure();
  // insert_slice_c3: the destination is a tensor of the result's type.
  if (getDest() && getDest().getType() != getOutput().getType())
    return fail(*this, "insert_slice_c3")
           << "destination type " << getDest().getType()
           << " must be the result type " << getOutput().getType();
  return verifySameElementType(*this, getPatch(), getOutput());
}

LogicalResult ConcatOp::verify() {
  // concat_c1: at least one input and a valid axis.
  if (getInputs().empty())
    return fail(*this, "concat_c1") << "needs at least one input";
  ArrayRef<int64_t> out = shapeOf(getOutput());
  int64_t axis = getAxis();
  if (axis < 0 || axis >= static_cast<int64_t>(out.size()))
    return fail(*this, "concat_c1")
           << "axis " << axis << " out of range for rank " << out.size();
  // concat_c2: shapes agree off the axis, and sizes add up along it.
  int64_t sum = 0;
  for (Value v : getInputs()) {
    ArrayRef<int64_t> s = shapeOf(v);
    if (s.size() != out.size())
      return fail(*this, "concat_c2")
             << "input " << v.getType()
             << " has a different rank than the result";
    for (size_t i = 0; i < s.size(); ++i)
      if (static_cast<int64_t>(i) != axis && s[i] != out[i])
        return fail(*this, "concat_c2")
               << "input " << v.getType() << " differs from the result in "
               << "dimension " << i;
    sum += s[axis];
  }
  if (sum != out[axis])
    return fail(*this, "concat_c2")
           << "result dimension " << axis << " must be " << sum;
  return verifyComputeTypes(*this, getInputs(), getOutput());
}

//===----------------------------------------------------------------------===//
// softmax, clamp
//===----------------------------------------------------------------------===//

LogicalResult SoftmaxOp::verify() {
  // softmax_c1: shape preserved, beta positive.
  if (getInput().getType().getShape() != getOutput().getType().getShape() ||
      !(getBeta().convertToDouble() > 0.0))
    return fail(*this, "softmax_c1")
           << "result shape must equal the input shape and beta must be > 0";
  return verifyComputeTypes(*this, {getInput()}, getOutput());
}

LogicalResult ClampOp::verify() {
  // clamp_c1: identical types (a clamp never requantizes).
  if (getInput().getType() != getOutput().getType())
    return fail(*this, "clamp_c1")
           << "input and result types must be identical";
  // clamp_c2: min <= max.
  if (!(getMin().convertToDouble() <= getMax().convertToDouble()))
    return fail(*this, "clamp_c2") << "min " << getMin().convertToDouble()
                                   << " > max " << getMax().convertToDouble();
  return verifyPerTensorActivation(*this, getInput(), "input");
}

//===----------------------------------------------------------------------===//
// quantize, dequantize
//===----------------------------------------------------------------------===//

/// quantize_c2: at a model boundary, te.quantize also converts between int8
/// and uint8 storage (per tensor, 8 bits, either signedness).
static LogicalResult verifyBoundaryActivation(Operation *op, Value v,
                                              StringRef what) {
  auto q = getQuantizedElementType(v.getType());
  if (!q)
    return success();
  auto uq = dyn_cast<quant::UniformQuantizedType>(q);
  if (!uq || uq.getStorageTypeIntegralWidth() != 8)
    return fail(op, "quantize_c2")
           << what
           << " must be per-tensor !quant.uniform with i8 or u8 storage, got "
           << q;
  return success();
}

LogicalResult QuantizeOp::verify() {
  // quantize_c1: quantized result of the input's shape.
  if (!getQuantizedElementType(getOutput().getType()) ||
      getInput().getType().getShape() != getOutput().getType().getShape())
    return fail(*this, "quantize_c1")
           << "result must be a quantized tensor of the input's shape";
  if (failed(verifyBoundaryActivation(*this, getInput(), "input")))
    return failure();
  return verifyBoundaryActivation(*this, getOutput(), "result");
}

LogicalResult DequantizeOp::verify() {
  // dequantize_c1: quantized input, f32 result of the same shape.
  if (!getQuantizedElementType(getInput().getType()) ||
      !getOutput().getType().getElementType().isF32() ||
      getInput().getType().getShape() != getOutput().getType().getShape())
    return fail(*this, "dequantize_c1")
           << "input must be quantized and the result f32 of the same shape";
  return verifyPerTensorActivation(*this, getInput(), "input");
}
