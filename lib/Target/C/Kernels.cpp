//===- Kernels.cpp - layer bodies for compute ops -------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// One printer per op family. Every loop bound, stride, padding, zero point
// and multiplier is a literal of the layer's exact shapes; per-channel
// multipliers and shifts are const tables in the weights file. int8 bodies
// follow TensorFlow Lite's reference integer kernels operation by operation
// (bit-exact); float bodies are the plain definitions.
//
//===----------------------------------------------------------------------===//

#include "Emitter.h"
#include "KernelUtils.h"

#include "mcunet/Dialect/TinyEngine/Analysis/Memory.h"
#include "mcunet/Support/QuantizedMultiplier.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;
using namespace mcunet;
using namespace mcunet::c_emit;

//===----------------------------------------------------------------------===//
// Shared pieces
//===----------------------------------------------------------------------===//

std::string mcunet::c_emit::plusConst(int64_t c) {
  if (c == 0)
    return "";
  return (c > 0 ? " + " : " - ") + std::to_string(std::llabs(c));
}

std::string mcunet::c_emit::affine(StringRef var, int64_t scale,
                                   int64_t offset) {
  std::string s = var.str();
  if (scale != 1)
    s += " * " + std::to_string(scale);
  return s + plusConst(offset);
}

std::string mcunet::c_emit::offsetTerm(std::string expr, int64_t offset) {
  if (offset == 0)
    return expr;
  return "(" + expr + (offset > 0 ? " + " : " - ") +
         std::to_string(std::llabs(offset)) + ")";
}

std::string mcunet::c_emit::operandExpr(Emitter &e, const Layer &layer, Value v,
                                        StringRef param, StringRef role,
                                        std::string &params) {
  if (v.getDefiningOp<te::ConstantOp>())
    return e.constant(v, layer, role);
  params += (params.empty() ? "" : ", ") + std::string("const ") +
            Emitter::cType(v.getType()) + " *" + param.str();
  return param.str();
}

void mcunet::c_emit::addOutputParam(Value out, std::string &params) {
  params +=
      (params.empty() ? "" : ", ") + Emitter::cType(out.getType()) + " *output";
}

/// Per-channel requantization of `channels` accumulators with real
/// multipliers in_scale * w_scale[c] / out_scale. Returns the C expressions
/// for the multiplier and shift of channel `var` (tables when they differ).
std::pair<std::string, std::string>
mcunet::c_emit::requantTables(Emitter &e, const Layer &layer, double inScale,
                              ArrayRef<double> wScales, double outScale,
                              int64_t channels, StringRef var) {
  SmallVector<int32_t> mult, shift;
  quantizeMultipliers(inScale, wScales, outScale, channels, mult, shift);
  bool uniform = llvm::all_equal(mult) && llvm::all_equal(shift);
  if (uniform)
    return {std::to_string(mult[0]), std::to_string(shift[0])};
  std::string m = e.table(layer, "multiplier", mult);
  std::string s = e.table(layer, "shift", shift);
  return {m + "[" + var.str() + "]", s + "[" + var.str() + "]"};
}

void mcunet::c_emit::quantizeMultipliers(double inScale,
                                         ArrayRef<double> wScales,
                                         double outScale, int64_t channels,
                                         SmallVectorImpl<int32_t> &multipliers,
                                         SmallVectorImpl<int32_t> &shifts) {
  for (int64_t c = 0; c < channels; ++c) {
    double w = wScales[wScales.size() == 1 ? 0 : c];
    QuantizedMultiplier qm = quantizeMultiplier(inScale * w / outScale);
    multipliers.push_back(qm.multiplier);
    shifts.push_back(qm.shift);
  }
}

StringRef mcunet::c_emit::requantHelperFor(ArrayRef<int32_t> shifts) {
  auto all = [&](int32_t most) {
    return llvm::all_of(shifts, [&](int32_t s) { return s <= most; });
  };
  return all(-2)   ? "requant_fast"
         : all(-1) ? "requant_fast1"
         : all(0)  ? "requant_down"
                   : "requant";
}

SmallVector<double> mcunet::c_emit::weightScales(Type type) {
  auto q = te::getQuantizedElementType(type);
  if (auto pa = dyn_cast_or_null<quant::UniformQuantizedPerAxisType>(q))
    return SmallVector<double>(pa.getScales());
  if (auto pt = dyn_cast_or_null<quant::UniformQuantizedType>(q))
    return {pt.getScale()};
  return {1.0};
}

/// Prints "acc = requant + zp; out = clamp" for an int32 accumulator.
static void printRequantStore(Emitter &e, raw_indented_ostream &os,
                              Operation *op, StringRef target, StringRef mult,
                              StringRef shift) {
  auto [lo, hi] = Emitter::actRange(op);
  QInfo q = Emitter::qinfo(op->getResult(0).getType());
  e.useHelper("mbqm");
  e.useHelper("clamp");
  os << "acc = mcunet_mbqm(acc, " << mult << ", " << shift << ")"
     << (q.zeroPoint ? (q.zeroPoint > 0 ? " + " : " - ") +
                           std::to_string(std::llabs(q.zeroPoint))
                     : std::string())
     << ";\n";
  os << target << " = (int8_t)mcunet_clamp(acc, " << lo << ", " << hi << ");\n";
}

//===----------------------------------------------------------------------===//
// conv2d, depthwise_conv2d
//===----------------------------------------------------------------------===//

/// Opens the window loops of a convolution: ky and kx, each skipping the
/// taps that fall into the padding (iy, ix outside [0, H) x [0, W)).
static void openWindow(raw_indented_ostream &os, int64_t KH, int64_t KW,
                       ArrayRef<int64_t> dil, int64_t H, int64_t W) {
  openLoop(os, "ky", KH);
  os << "const int iy = iy0 + ky"
     << (dil[0] > 1 ? " * " + std::to_string(dil[0]) : "") << ";\n";
  os << "if (iy < 0 || iy >= " << H << ") {\n  continue;\n}\n";
  openLoop(os, "kx", KW);
  os << "const int ix = ix0 + kx"
     << (dil[1] > 1 ? " * " + std::to_string(dil[1]) : "") << ";\n";
  os << "if (ix < 0 || ix >= " << W << ") {\n  continue;\n}\n";
}

static void closeWindow(raw_indented_ostream &os) {
  closeLoop(os, "kx");
  closeLoop(os, "ky");
}

/// Stores the accumulator into `target`: requantized and clamped for int8,
/// as is for float.
static void printAccStore(Emitter &e, raw_indented_ostream &os, Operation *op,
                          bool quant, StringRef target,
                          const std::pair<std::string, std::string> &rq) {
  if (quant)
    printRequantStore(e, os, op, target, rq.first, rq.second);
  else
    os << target << " = acc;\n";
}

/// A depthwise convolution (channel multiplier 1) whose output overwrites
/// its input (TinyEngine's in-place depthwise): channel by channel, the input
/// channel is copied to `scratch` (H x W elements), then the output channel
/// is computed from the copy and written into the same channel slots. Only
/// channel c's slots are written while channel c is processed, so the other
/// channels are intact until their turn.
static void printInplaceDepthwise(
    Emitter &e, te::DepthwiseConv2DOp op, raw_indented_ostream &os,
    std::string &params, std::string &comment, StringRef x, StringRef bias,
    StringRef wt, const std::pair<std::string, std::string> &rq) {
  auto in = op.getInput().getType().getShape();
  auto out = op.getOutput().getType().getShape();
  auto w = op.getWeight().getType().getShape();
  int64_t N = in[0], H = in[1], W = in[2], C = in[3];
  int64_t OH = out[1], OW = out[2], KH = w[0], KW = w[1];
  ArrayRef<int64_t> stride = op.getStride(), pad = op.getPad(),
                    dil = op.getDilation();
  bool quant = Emitter::qinfo(op.getInput().getType()).quantized;
  std::string elt = Emitter::cType(op.getInput().getType());
  params += ", " + elt + " *scratch";
  comment += " *   in place: input and output are the same bytes; each input "
             "channel is\n *   copied to scratch (" +
             std::to_string(H * W) +
             " elements) before its output channel "
             "overwrites it\n";
  if (N > 1)
    os << "for (int n = 0; n < " << N << "; ++n) {\n", os.indent();
  std::string nIn = N > 1 ? "n * " + std::to_string(H * W * C) + " + " : "";
  std::string nOut = N > 1 ? "n * " + std::to_string(OH * OW * C) + " + " : "";
  openLoop(os, "oc", C);
  openLoop(os, "i", H * W);
  os << "scratch[i] = input[" << nIn << "i * " << C << " + oc];\n";
  closeLoop(os, "i");
  openLoop(os, "oy", OH);
  os << "const int iy0 = " << affine("oy", stride[0], -pad[0]) << ";\n";
  openLoop(os, "ox", OW);
  os << "const int ix0 = " << affine("ox", stride[1], -pad[1]) << ";\n";
  os << (quant ? "int32_t" : "float") << " acc = "
     << (bias.empty() ? (quant ? "0" : "0.0f") : bias.str() + "[oc]") << ";\n";
  openWindow(os, KH, KW, dil, H, W);
  std::string xv = x.str();
  xv.replace(xv.find("x[%s]"), 5,
             "scratch[iy * " + std::to_string(W) + " + ix]");
  os << "acc += " << xv << " * " << wt << "[(ky * " << KW << " + kx) * " << C
     << " + oc];\n";
  closeWindow(os);
  printAccStore(e, os, op, quant,
                "output[" + nOut + "(oy * " + std::to_string(OW) + " + ox) * " +
                    std::to_string(C) + " + oc]",
                rq);
  closeLoop(os, "ox");
  closeLoop(os, "oy");
  closeLoop(os, "oc");
  if (N > 1)
    os.unindent(), os << "} /* n */\n";
}

template <typename ConvOp>
static LogicalResult printConv(Emitter &e, const Layer &l, ConvOp op,
                               raw_indented_ostream &os, std::string &params,
                               std::string &comment) {
  constexpr bool depthwise = std::is_same_v<ConvOp, te::DepthwiseConv2DOp>;
  auto in = op.getInput().getType().getShape();
  auto out = op.getOutput().getType().getShape();
  auto w = op.getWeight().getType().getShape();
  int64_t N = in[0], H = in[1], W = in[2], C = in[3];
  int64_t OH = out[1], OW = out[2], OC = out[3];
  int64_t KH = depthwise ? w[0] : w[1], KW = depthwise ? w[1] : w[2];
  ArrayRef<int64_t> stride = op.getStride(), pad = op.getPad(),
                    dil = op.getDilation();
  int64_t G = 1;
  if constexpr (!depthwise)
    G = op.getGroups();
  int64_t ICg = C / G, OCg = OC / G, M = OC / C;
  bool quant = Emitter::qinfo(op.getInput().getType()).quantized;
  if (!op.getWeight().template getDefiningOp<te::ConstantOp>() ||
      (op.getBias() && !op.getBias().template getDefiningOp<te::ConstantOp>()))
    return op.emitError() << "the C emitter needs constant weights and bias";

  std::string input = operandExpr(e, l, op.getInput(), "input", "", params);
  addOutputParam(op.getOutput(), params);
  std::string wt = e.constant(op.getWeight(), l, "weights");
  std::string bias =
      op.getBias() ? e.constant(op.getBias(), l, "bias") : std::string();

  comment += llvm::formatv(
      " *   kernel {0}x{1}, stride {2}x{3}, dilation "
      "{4}x{5}, pad [{6}, {7}, {8}, {9}] (top, left, "
      "bottom, right){10}\n",
      KH, KW, stride[0], stride[1], dil[0], dil[1], pad[0], pad[1], pad[2],
      pad[3],
      G > 1 ? ", groups " + std::to_string(G)
            : (depthwise && M > 1 ? ", channel multiplier " + std::to_string(M)
                                  : std::string()));
  comment += " *   input   " + Emitter::describe(op.getInput().getType()) +
             "\n *   weights " + Emitter::describe(op.getWeight().getType()) +
             "\n";

  QInfo qi = Emitter::qinfo(op.getInput().getType());
  QInfo qo = Emitter::qinfo(op.getOutput().getType());
  std::string accType = quant ? "int32_t" : "float";
  std::pair<std::string, std::string> rq;
  if (quant)
    rq = requantTables(e, l, qi.scale, weightScales(op.getWeight().getType()),
                       qo.scale, OC, "oc");
  std::string x = quant ? offsetTerm("x[%s]", -qi.zeroPoint) : "x[%s]";

  if constexpr (depthwise) {
    if (te::getInplaceOperand(op)) {
      printInplaceDepthwise(e, op, os, params, comment, x, bias, wt, rq);
      return success();
    }
  }
  if (N > 1)
    os << "for (int n = 0; n < " << N << "; ++n) {\n", os.indent();
  std::string nIn = N > 1 ? "n * " + std::to_string(H * W * C) + " + " : "";
  std::string nOut = N > 1 ? "n * " + std::to_string(OH * OW * OC) + " + " : "";
  openLoop(os, "oy", OH);
  openLoop(os, "ox", OW);
  os << "const int iy0 = " << affine("oy", stride[0], -pad[0]) << ";\n";
  os << "const int ix0 = " << affine("ox", stride[1], -pad[1]) << ";\n";
  openLoop(os, "oc", OC);
  os << accType
     << " acc = " << (bias.empty() ? (quant ? "0" : "0.0f") : bias + "[oc]")
     << ";\n";
  openWindow(os, KH, KW, dil, H, W);
  std::string elt = Emitter::cType(op.getInput().getType());
  if (depthwise) {
    std::string ic = M > 1 ? "oc / " + std::to_string(M) : "oc";
    os << "const " << elt << " *x = " << input << " + " << nIn << "(iy * " << W
       << " + ix) * " << C << ";\n";
    std::string xv = x;
    xv.replace(xv.find("%s"), 2, ic);
    os << "acc += " << xv << " * " << wt << "[(ky * " << KW << " + kx) * " << OC
       << " + oc];\n";
  } else {
    os << "const " << elt << " *x = " << input << " + " << nIn << "(iy * " << W
       << " + ix) * " << C
       << (G > 1 ? " + (oc / " + std::to_string(OCg) + ") * " +
                       std::to_string(ICg)
                 : std::string())
       << ";\n";
    os << "const " << Emitter::cType(op.getWeight().getType())
       << " *wk = " << wt << " + ((oc * " << KH << " + ky) * " << KW
       << " + kx) * " << ICg << ";\n";
    std::string xv = x;
    xv.replace(xv.find("%s"), 2, "ic");
    os << "for (int ic = 0; ic < " << ICg << "; ++ic) {\n";
    os << "  acc += " << xv << " * wk[ic];\n";
    os << "}\n";
  }
  closeWindow(os);
  printAccStore(e, os, op, quant,
                "output[" + nOut + "(oy * " + std::to_string(OW) + " + ox) * " +
                    std::to_string(OC) + " + oc]",
                rq);
  closeLoop(os, "oc");
  closeLoop(os, "ox");
  closeLoop(os, "oy");
  if (N > 1)
    os.unindent(), os << "} /* n */\n";
  return success();
}

//===----------------------------------------------------------------------===//
// fully_connected
//===----------------------------------------------------------------------===//

static LogicalResult printFullyConnected(Emitter &e, const Layer &l,
                                         te::FullyConnectedOp op,
                                         raw_indented_ostream &os,
                                         std::string &params,
                                         std::string &comment) {
  auto in = op.getInput().getType().getShape();
  auto w = op.getWeight().getType().getShape();
  int64_t N = in[0], K = in[1], O = w[0];
  bool quant = Emitter::qinfo(op.getInput().getType()).quantized;
  if (!op.getWeight().getDefiningOp<te::ConstantOp>() ||
      (op.getBias() && !op.getBias().getDefiningOp<te::ConstantOp>()))
    return op.emitError() << "the C emitter needs constant weights and bias";
  std::string input = operandExpr(e, l, op.getInput(), "input", "", params);
  addOutputParam(op.getOutput(), params);
  std::string wt = e.constant(op.getWeight(), l, "weights");
  std::string bias =
      op.getBias() ? e.constant(op.getBias(), l, "bias") : std::string();
  comment += " *   input   " + Emitter::describe(op.getInput().getType()) +
             "\n *   weights " + Emitter::describe(op.getWeight().getType()) +
             "\n";
  QInfo qi = Emitter::qinfo(op.getInput().getType());
  QInfo qo = Emitter::qinfo(op.getOutput().getType());
  std::pair<std::string, std::string> rq;
  if (quant)
    rq = requantTables(e, l, qi.scale, weightScales(op.getWeight().getType()),
                       qo.scale, O, "o");
  std::string elt = Emitter::cType(op.getInput().getType());
  openLoop(os, "b", N);
  os << "const " << elt << " *x = " << input << " + b * " << K << ";\n";
  openLoop(os, "o", O);
  os << "const " << Emitter::cType(op.getWeight().getType()) << " *wo = " << wt
     << " + o * " << K << ";\n";
  os << (quant ? "int32_t" : "float")
     << " acc = " << (bias.empty() ? (quant ? "0" : "0.0f") : bias + "[o]")
     << ";\n";
  os << "for (int k = 0; k < " << K << "; ++k) {\n";
  os << "  acc += "
     << (quant ? offsetTerm("x[k]", -qi.zeroPoint) : std::string("x[k]"))
     << " * wo[k];\n}\n";
  std::string target = "output[b * " + std::to_string(O) + " + o]";
  if (quant)
    printRequantStore(e, os, op, target, rq.first, rq.second);
  else
    os << target << " = acc;\n";
  closeLoop(os, "o");
  closeLoop(os, "b");
  return success();
}

//===----------------------------------------------------------------------===//
// add, mul
//===----------------------------------------------------------------------===//

void mcunet::c_emit::openLoop(raw_indented_ostream &os, StringRef var,
                              int64_t bound) {
  os << "for (int " << var << " = 0; " << var << " < " << bound << "; ++" << var
     << ") {\n";
  os.indent();
}

void mcunet::c_emit::closeLoop(raw_indented_ostream &os, StringRef var) {
  os.unindent();
  os << "} /* " << var << " */\n";
}

void mcunet::c_emit::printLoopNest(raw_indented_ostream &os,
                                   ArrayRef<int64_t> shape,
                                   llvm::function_ref<void()> body) {
  for (size_t d = 0; d < shape.size(); ++d) {
    os << "for (int i" << d << " = 0; i" << d << " < " << shape[d] << "; ++i"
       << d << ") {\n";
    os.indent();
  }
  body();
  for (size_t d = shape.size(); d-- > 0;) {
    os.unindent();
    os << "} /* i" << d << " */\n";
  }
}

std::string mcunet::c_emit::indexExpr(ArrayRef<int64_t> strides) {
  std::string s;
  for (size_t d = 0; d < strides.size(); ++d) {
    if (strides[d] == 0)
      continue;
    if (!s.empty())
      s += " + ";
    s += "i" + std::to_string(d) +
         (strides[d] == 1 ? "" : " * " + std::to_string(strides[d]));
  }
  return s.empty() ? "0" : s;
}

/// Row-major strides of `shape` broadcast against `outShape` (0 where the
/// operand's dimension is 1 or missing).
SmallVector<int64_t>
mcunet::c_emit::broadcastStrides(ArrayRef<int64_t> shape,
                                 ArrayRef<int64_t> outShape) {
  SmallVector<int64_t> strides(outShape.size(), 0);
  int64_t stride = 1;
  for (size_t k = 0; k < shape.size(); ++k) {
    size_t d = shape.size() - 1 - k;
    size_t o = outShape.size() - 1 - k;
    strides[o] = shape[d] == 1 ? 0 : stride;
    stride *= shape[d];
  }
  return strides;
}

/// The requantization of `x` by `qm`: TFLite's mcunet_mbqm in the reference
/// kernels; with `fast` (te.kernel "add"/"mul") the cheapest helper that is
/// bit-identical for that shift (requant-helpers.test): requant_fast for
/// right shifts of 2 or more, requant_fast1 for 1, requant_down for 0,
/// requant (which saturates the left shift) above.
static std::string requantExpr(Emitter &e, const std::string &x,
                               QuantizedMultiplier qm, bool fast) {
  std::string m = std::to_string(qm.multiplier);
  StringRef helper = fast ? requantHelperFor(qm.shift) : "mbqm";
  e.useHelper(helper);
  std::string call = "mcunet_" + helper.str() + "(" + x + ", " + m + ", ";
  int right = -qm.shift;
  if (helper == "requant_fast")
    return call + std::to_string(int32_t(1) << (right - 2)) + ", " +
           std::to_string(right - 1) + ")";
  if (helper == "requant_fast1")
    return call + std::to_string(int32_t(1) << (right - 1)) + ", " +
           std::to_string(right - 1) + ")";
  return call + std::to_string(qm.shift) + ")";
}

namespace {
/// The specialized add over many elements by tables (printAddTables).
struct AddTables {
  int64_t multiplier = 0, offset = 0, right = 0;
};
} // namespace

/// The specialized add over many elements (te.kernel "add", at least 1024
/// outputs, where the tables' 2 KB of flash pay off): an int8 input takes
/// 256 values, so each input's rescaling, TFLite's
/// MultiplyByQuantizedMultiplier((x - zp) << 20, m), is a table of 256
/// int32, stored doubled; the sum's requantization is then
/// mcunet_requant_mmla2 (SMMLAR, SUB, ASR) with the output zero point in
/// its offset, which is bit-identical where the right shift is 1 or more
/// and nothing overflows (each term is below 2^28, so |2 x sum| < 2^30).
/// Declares the tables as scaled1 and scaled2 (pointing at the entry of 0) and
/// returns the requantization, or nothing where it does not apply.
static std::optional<AddTables>
printAddTables(Emitter &e, const Layer &l, raw_indented_ostream &os,
               int64_t zp1, int64_t zp2, int64_t zpOut, QuantizedMultiplier m1,
               QuantizedMultiplier m2, QuantizedMultiplier mo, int64_t total) {
  int64_t right = -mo.shift;
  if (total < 1024 || right < 1 || right > 30)
    return std::nullopt;
  SmallVector<int32_t> t1, t2;
  int64_t bound = 0;
  for (int64_t v = -128; v < 128; ++v) {
    t1.push_back(
        2 * multiplyByQuantizedMultiplier(int32_t((v - zp1) * (1 << 20)), m1));
    t2.push_back(
        2 * multiplyByQuantizedMultiplier(int32_t((v - zp2) * (1 << 20)), m2));
    bound = std::max(
        {bound, std::abs(int64_t(t1.back())), std::abs(int64_t(t2.back()))});
  }
  // The doubled sum, and the offset (rounding and zero point) added to a
  // high word of at most |sum| + 1, must stay int32 (as for convolutions).
  int64_t offset = (int64_t(1) << (right - 1)) + zpOut * (int64_t(1) << right);
  constexpr int64_t kLimit = (int64_t(1) << 31) - 1;
  if (2 * bound >= kLimit || bound + 2 + std::abs(offset) >= kLimit)
    return std::nullopt;
  os << "const int32_t *scaled1 = " << e.table(l, "lhs_scaled", t1)
     << " + 128; /* 2 x the rescaled input1, by value */\n";
  os << "const int32_t *scaled2 = " << e.table(l, "rhs_scaled", t2)
     << " + 128; /* 2 x the rescaled input2, by value */\n";
  return AddTables{mo.multiplier, offset, right};
}

static LogicalResult printBinary(Emitter &e, const Layer &l, Operation *op,
                                 raw_indented_ostream &os, std::string &params,
                                 std::string &comment) {
  bool isAdd = isa<te::AddOp>(op);
  bool fast = op->hasAttr("te.kernel");
  Value lhs = op->getOperand(0), rhs = op->getOperand(1);
  Value out = op->getResult(0);
  std::string a = operandExpr(e, l, lhs, "input1", "lhs", params);
  std::string b = operandExpr(e, l, rhs, "input2", "rhs", params);
  addOutputParam(out, params);
  comment += " *   input1  " + Emitter::describe(lhs.getType()) +
             "\n *   input2  " + Emitter::describe(rhs.getType()) + "\n";
  auto outShape = cast<ShapedType>(out.getType()).getShape();
  auto aShape = cast<ShapedType>(lhs.getType()).getShape();
  auto bShape = cast<ShapedType>(rhs.getType()).getShape();
  bool flat = aShape == outShape && bShape == outShape;
  int64_t total = cast<ShapedType>(out.getType()).getNumElements();
  std::string ai = "a[i]", bi = "b[i]", oi = "output[i]";
  // The specialized add by tables where it applies.
  std::optional<AddTables> tables;
  if (isAdd && fast) {
    QInfo q1 = Emitter::qinfo(lhs.getType()),
          q2 = Emitter::qinfo(rhs.getType());
    QInfo qo = Emitter::qinfo(out.getType());
    if (q1.quantized && q2.quantized && qo.quantized) {
      double twiceMax = 2 * std::max(q1.scale, q2.scale);
      tables = printAddTables(
          e, l, os, q1.zeroPoint, q2.zeroPoint, qo.zeroPoint,
          quantizeMultiplier(q1.scale / twiceMax),
          quantizeMultiplier(q2.scale / twiceMax),
          quantizeMultiplier(twiceMax / ((1 << 20) * qo.scale)), total);
    }
  }
  auto body = [&](std::string av, std::string bv, std::string ov) {
    QInfo q1 = Emitter::qinfo(lhs.getType()),
          q2 = Emitter::qinfo(rhs.getType());
    QInfo qo = Emitter::qinfo(out.getType());
    if (!qo.quantized) {
      os << ov << " = " << av << (isAdd ? " + " : " * ") << bv << ";\n";
      return;
    }
    if (tables) {
      e.useHelper("requant_mmla2");
      os << "const int32_t acc = mcunet_requant_mmla2(scaled1[" << av
         << "] + scaled2[" << bv << "], " << tables->multiplier << ", "
         << tables->offset << ", " << tables->right << ");\n";
      os << ov << " = " << clamped(e, op, "acc") << ";\n";
      return;
    }
    e.useHelper("clamp");
    auto [lo, hi] = Emitter::actRange(op);
    std::string zp = plusConst(qo.zeroPoint);
    if (isAdd) {
      // TFLite Add: both inputs << 20, rescaled to 2 * max scale, summed.
      double twiceMax = 2 * std::max(q1.scale, q2.scale);
      QuantizedMultiplier m1 = quantizeMultiplier(q1.scale / twiceMax);
      QuantizedMultiplier m2 = quantizeMultiplier(q2.scale / twiceMax);
      QuantizedMultiplier mo =
          quantizeMultiplier(twiceMax / ((1 << 20) * qo.scale));
      os << "const int32_t x1 = "
         << requantExpr(e, offsetTerm(av, -q1.zeroPoint) + " * (1 << 20)", m1,
                        fast)
         << ";\n";
      os << "const int32_t x2 = "
         << requantExpr(e, offsetTerm(bv, -q2.zeroPoint) + " * (1 << 20)", m2,
                        fast)
         << ";\n";
      os << "const int32_t acc = " << requantExpr(e, "x1 + x2", mo, fast) << zp
         << ";\n";
    } else {
      QuantizedMultiplier m =
          quantizeMultiplier(q1.scale * q2.scale / qo.scale);
      os << "const int32_t acc = "
         << requantExpr(e,
                        offsetTerm(av, -q1.zeroPoint) + " * " +
                            offsetTerm(bv, -q2.zeroPoint),
                        m, fast)
         << zp << ";\n";
    }
    os << ov << " = (int8_t)mcunet_clamp(acc, " << lo << ", " << hi << ");\n";
  };
  if (flat) {
    openLoop(os, "i", total);
    body(a + "[i]", b + "[i]", "output[i]");
    os.unindent();
    os << "}\n";
    return success();
  }
  SmallVector<int64_t> outStrides = broadcastStrides(outShape, outShape);
  std::string av =
      a + "[" + indexExpr(broadcastStrides(aShape, outShape)) + "]";
  std::string bv =
      b + "[" + indexExpr(broadcastStrides(bShape, outShape)) + "]";
  std::string ov = "output[" + indexExpr(outStrides) + "]";
  printLoopNest(os, outShape, [&] { body(av, bv, ov); });
  return success();
}

//===----------------------------------------------------------------------===//
// avg_pool2d, max_pool2d, global_avg_pool
//===----------------------------------------------------------------------===//

template <typename PoolOp>
static LogicalResult printPool(Emitter &e, const Layer &l, PoolOp op,
                               raw_indented_ostream &os, std::string &params,
                               std::string &comment) {
  constexpr bool isMax = std::is_same_v<PoolOp, te::MaxPool2DOp>;
  auto in = op.getInput().getType().getShape();
  auto out = op.getOutput().getType().getShape();
  int64_t N = in[0], H = in[1], W = in[2], C = in[3], OH = out[1], OW = out[2];
  ArrayRef<int64_t> k = op.getKernel(), s = op.getStride(), p = op.getPad();
  bool countPad = false;
  if constexpr (!isMax)
    countPad = op.getCountIncludePad();
  std::string input = operandExpr(e, l, op.getInput(), "input", "", params);
  addOutputParam(op.getOutput(), params);
  comment += llvm::formatv(" *   window {0}x{1}, stride {2}x{3}, pad [{4}, "
                           "{5}, {6}, {7}]{8}\n",
                           k[0], k[1], s[0], s[1], p[0], p[1], p[2], p[3],
                           countPad ? ", padding counted" : "");
  comment +=
      " *   input   " + Emitter::describe(op.getInput().getType()) + "\n";
  QInfo qi = Emitter::qinfo(op.getInput().getType());
  QInfo qo = Emitter::qinfo(op.getOutput().getType());
  bool quant = qi.quantized;
  bool requant =
      quant && (qi.scale != qo.scale || qi.zeroPoint != qo.zeroPoint);
  std::string elt = Emitter::cType(op.getInput().getType());

  openLoop(os, "n", N);
  openLoop(os, "oy", OH);
  os << "const int iy0 = " << affine("oy", s[0], -p[0]) << ";\n";
  os << "const int ky0 = iy0 < 0 ? -iy0 : 0;\n";
  os << "const int ky1 = " << H << " - iy0 < " << k[0] << " ? " << H
     << " - iy0 : " << k[0] << ";\n";
  openLoop(os, "ox", OW);
  os << "const int ix0 = " << affine("ox", s[1], -p[1]) << ";\n";
  os << "const int kx0 = ix0 < 0 ? -ix0 : 0;\n";
  os << "const int kx1 = " << W << " - ix0 < " << k[1] << " ? " << W
     << " - ix0 : " << k[1] << ";\n";
  openLoop(os, "c", C);
  std::string at = "input[((n * " + std::to_string(H) + " + iy0 + ky) * " +
                   std::to_string(W) + " + ix0 + kx) * " + std::to_string(C) +
                   " + c]";
  at.replace(0, 5, input);
  if (isMax) {
    os << elt
       << " m = " << (quant ? std::to_string(qi.qmin) : "-3.402823466e38f")
       << ";\n";
  } else {
    os << (quant ? "int32_t" : "float") << " acc = 0;\n";
  }
  os << "for (int ky = ky0; ky < ky1; ++ky) {\n";
  os.indent();
  os << "for (int kx = kx0; kx < kx1; ++kx) {\n";
  if (isMax)
    os << "  m = " << at << " > m ? " << at << " : m;\n";
  else
    os << "  acc += " << at << ";\n";
  os << "}\n";
  os.unindent();
  os << "}\n";
  std::string target = "output[((n * " + std::to_string(OH) + " + oy) * " +
                       std::to_string(OW) + " + ox) * " + std::to_string(C) +
                       " + c]";
  auto [lo, hi] = quant ? Emitter::actRange(op) : std::pair<int64_t, int64_t>();
  if (isMax) {
    if (!quant) {
      os << target << " = m;\n";
    } else {
      e.useHelper("clamp");
      if (requant) {
        QuantizedMultiplier m = quantizeMultiplier(qi.scale / qo.scale);
        e.useHelper("mbqm");
        os << "const int32_t acc = mcunet_mbqm("
           << offsetTerm("m", -qi.zeroPoint) << ", " << m.multiplier << ", "
           << m.shift << ")" << plusConst(qo.zeroPoint) << ";\n";
        os << target << " = (int8_t)mcunet_clamp(acc, " << lo << ", " << hi
           << ");\n";
      } else {
        os << target << " = (int8_t)mcunet_clamp(m, " << lo << ", " << hi
           << ");\n";
      }
    }
  } else {
    if (countPad) {
      os << "const int count = " << k[0] * k[1] << ";\n";
      if (quant && qi.zeroPoint != 0)
        os << "acc += (count - (ky1 - ky0) * (kx1 - kx0)) * " << qi.zeroPoint
           << ";\n";
    } else {
      os << "const int count = (ky1 - ky0) * (kx1 - kx0);\n";
    }
    if (!quant) {
      os << target << " = acc / (float)count;\n";
    } else {
      // TFLite: divide the raw sum, rounding half away from zero.
      os << "acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / "
            "count;\n";
      e.useHelper("clamp");
      if (requant) {
        QuantizedMultiplier m = quantizeMultiplier(qi.scale / qo.scale);
        e.useHelper("mbqm");
        os << "acc = mcunet_mbqm(" << offsetTerm("acc", -qi.zeroPoint) << ", "
           << m.multiplier << ", " << m.shift << ")" << plusConst(qo.zeroPoint)
           << ";\n";
      }
      os << target << " = (int8_t)mcunet_clamp(acc, " << lo << ", " << hi
         << ");\n";
    }
  }
  closeLoop(os, "c");
  closeLoop(os, "ox");
  closeLoop(os, "oy");
  closeLoop(os, "n");
  return success();
}

static LogicalResult printGlobalAvgPool(Emitter &e, const Layer &l,
                                        te::GlobalAvgPoolOp op,
                                        raw_indented_ostream &os,
                                        std::string &params,
                                        std::string &comment) {
  auto in = op.getInput().getType().getShape();
  int64_t N = in[0], HW = in[1] * in[2], C = in[3];
  std::string input = operandExpr(e, l, op.getInput(), "input", "", params);
  addOutputParam(op.getOutput(), params);
  comment +=
      " *   input   " + Emitter::describe(op.getInput().getType()) + "\n";
  QInfo qi = Emitter::qinfo(op.getInput().getType());
  QInfo qo = Emitter::qinfo(op.getOutput().getType());
  openLoop(os, "n", N);
  openLoop(os, "c", C);
  std::string at = input + "[(n * " + std::to_string(HW) + " + i) * " +
                   std::to_string(C) + " + c]";
  std::string target = "output[n * " + std::to_string(C) + " + c]";
  if (!qi.quantized) {
    os << "float acc = 0.0f;\n";
    os << "for (int i = 0; i < " << HW << "; ++i) {\n  acc += " << at
       << ";\n}\n";
    os << target << " = acc / " << HW << ".0f;\n";
  } else {
    // TFLite Mean: 1/n folded into the multiplier of s_in / s_out.
    QuantizedMultiplier m = quantizeMultiplier(qi.scale / qo.scale);
    int k = 63 - __builtin_clzll(static_cast<uint64_t>(HW));
    k = std::min(k, 32);
    k = std::min(k, 31 + m.shift);
    int32_t mult =
        static_cast<int32_t>((static_cast<int64_t>(m.multiplier) << k) / HW);
    int shift = m.shift - k;
    e.useHelper("mbqm");
    e.useHelper("clamp");
    os << "int32_t acc = 0;\n";
    os << "for (int i = 0; i < " << HW
       << "; ++i) {\n  acc += " << offsetTerm(at, -qi.zeroPoint) << ";\n}\n";
    os << "acc = mcunet_mbqm(acc, " << mult << ", " << shift << ")"
       << (qo.zeroPoint >= 0 ? " + " : " - ") << std::llabs(qo.zeroPoint)
       << ";\n";
    os << target << " = (int8_t)mcunet_clamp(acc, " << qo.qmin << ", "
       << qo.qmax << ");\n";
  }
  closeLoop(os, "c");
  closeLoop(os, "n");
  return success();
}

//===----------------------------------------------------------------------===//
// softmax
//===----------------------------------------------------------------------===//

static LogicalResult printSoftmax(Emitter &e, const Layer &l, te::SoftmaxOp op,
                                  raw_indented_ostream &os, std::string &params,
                                  std::string &comment) {
  QInfo qi = Emitter::qinfo(op.getInput().getType());
  QInfo qo = Emitter::qinfo(op.getOutput().getType());
  if (!qi.quantized)
    return op.emitError() << "float softmax is not supported by the C "
                             "emitter yet (it needs expf)";
  if (qo.scale != 1.0 / 256.0 || qo.zeroPoint != -128)
    return op.emitError()
           << "int8 softmax needs the output quantization of TensorFlow "
              "Lite (scale 1/256, zero point -128), got scale "
           << qo.scale << " zero point " << qo.zeroPoint;
  auto shape = op.getInput().getType().getShape();
  int64_t depth = shape.back();
  int64_t outer = op.getInput().getType().getNumElements() / depth;
  std::string input = operandExpr(e, l, op.getInput(), "input", "", params);
  addOutputParam(op.getOutput(), params);
  comment += " *   input   " + Emitter::describe(op.getInput().getType()) +
             "\n *   beta    " + formatDouble(op.getBeta().convertToDouble()) +
             "\n";
  // TFLite CalculateSoftmaxParams (int8, 5 integer bits for the diff).
  double realMult = std::min<double>(op.getBeta().convertToDouble() * qi.scale *
                                         double(1 << 26),
                                     double((1LL << 31) - 1));
  QuantizedMultiplier m = quantizeMultiplier(realMult);
  double radius =
      1.0 * ((1 << 5) - 1) * double(1LL << 26) / double(1LL << m.shift);
  int64_t diffMin = -static_cast<int64_t>(std::floor(radius));
  e.useHelper("softmax");
  openLoop(os, "row", outer);
  os << "const int8_t *x = " << input << " + row * " << depth << ";\n";
  os << "int8_t *y = output + row * " << depth << ";\n";
  os << "int8_t max = -128;\n";
  os << "int32_t sum = 0;\n";
  os << "int num_bits_over_unit;\n";
  os << "int32_t scale;\n";
  os << "for (int c = 0; c < " << depth << "; ++c) {\n";
  os << "  max = x[c] > max ? x[c] : max;\n}\n";
  auto diffExp = [&](raw_indented_ostream &o) {
    o << "const int32_t diff = (int32_t)x[c] - max;\n";
  };
  openLoop(os, "c", depth);
  diffExp(os);
  os << "if (diff >= " << diffMin << ") {\n";
  os << "  sum += mcunet_rdbpot(mcunet_exp_on_negative_values(mcunet_srdhm("
        "diff * (1 << "
     << m.shift << "), " << m.multiplier << ")), 12);\n}\n";
  os.unindent();
  os << "}\n";
  os << "scale = mcunet_reciprocal(sum, &num_bits_over_unit);\n";
  openLoop(os, "c", depth);
  diffExp(os);
  os << "if (diff >= " << diffMin << ") {\n";
  os.indent();
  os << "const int32_t e = mcunet_exp_on_negative_values(mcunet_srdhm(diff * "
        "(1 << "
     << m.shift << "), " << m.multiplier << "));\n";
  os << "const int32_t v = mcunet_rdbpot(mcunet_srdhm(scale, e), "
        "num_bits_over_unit + 23) - 128;\n";
  os << "y[c] = (int8_t)(v < -128 ? -128 : (v > 127 ? 127 : v));\n";
  os.unindent();
  os << "} else {\n  y[c] = -128;\n}\n";
  closeLoop(os, "c");
  closeLoop(os, "row");
  return success();
}

//===----------------------------------------------------------------------===//
// Dispatch
//===----------------------------------------------------------------------===//

LogicalResult mcunet::c_emit::printLayer(Emitter &e, const Layer &layer,
                                         raw_indented_ostream &os,
                                         std::string &params,
                                         std::string &comment) {
  Operation *op = layer.op;
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](te::Conv2DOp c) {
        if (auto kernel = c->getAttrOfType<StringAttr>("te.kernel")) {
          if (kernel.getValue() == "pointwise")
            return printPointwiseConv(e, layer, c, os, params, comment);
          if (kernel.getValue() == "im2col")
            return printIm2colConv(e, layer, c, os, params, comment);
          return LogicalResult(c.emitError()
                               << "unknown te.kernel '" << kernel.getValue()
                               << "' for te.conv2d");
        }
        return printConv(e, layer, c, os, params, comment);
      })
      .Case([&](te::DepthwiseConv2DOp c) {
        if (auto kernel = c->getAttrOfType<StringAttr>("te.kernel")) {
          if (kernel.getValue() == "depthwise")
            return printDepthwiseConv(e, layer, c, os, params, comment);
          return LogicalResult(c.emitError()
                               << "unknown te.kernel '" << kernel.getValue()
                               << "' for te.depthwise_conv2d");
        }
        return printConv(e, layer, c, os, params, comment);
      })
      .Case([&](te::FullyConnectedOp c) {
        if (auto kernel = c->getAttrOfType<StringAttr>("te.kernel")) {
          if (kernel.getValue() == "fully_connected")
            return printFullyConnectedKernel(e, layer, c, os, params, comment);
          return LogicalResult(c.emitError()
                               << "unknown te.kernel '" << kernel.getValue()
                               << "' for te.fully_connected");
        }
        return printFullyConnected(e, layer, c, os, params, comment);
      })
      .Case<te::AddOp, te::MulOp>([&](Operation *b) {
        return printBinary(e, layer, b, os, params, comment);
      })
      .Case([&](te::AvgPool2DOp p) {
        return printPool(e, layer, p, os, params, comment);
      })
      .Case([&](te::MaxPool2DOp p) {
        return printPool(e, layer, p, os, params, comment);
      })
      .Case([&](te::GlobalAvgPoolOp p) {
        return printGlobalAvgPool(e, layer, p, os, params, comment);
      })
      .Case([&](te::SoftmaxOp s) {
        return printSoftmax(e, layer, s, os, params, comment);
      })
      .Default([&](Operation *other) {
        return printDataLayer(e, layer, os, params, comment);
      });
}
