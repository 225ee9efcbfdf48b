//===- SpecializedKernels.cpp - kernels chosen by te.kernel ---------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// The kernels --te-specialize-kernels selects. They compute exactly what the
// reference kernels of Kernels.cpp compute (the tests compare both), with
// the work rearranged: zero points folded into biases at compile time,
// register blocking, and the Cortex-M DSP extension through shared runtime
// helpers (Runtime.cpp) that also have a portable C path.
//
//===----------------------------------------------------------------------===//

#include "Emitter.h"
#include "KernelUtils.h"

#include "mcunet/Dialect/TinyEngine/Analysis/Memory.h"
#include "mcunet/Support/QuantizedMultiplier.h"

#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mcunet;
using namespace mcunet::c_emit;

/// Fails, naming the kernel, unless `op` has a te.scratch of `bytes`.
static LogicalResult requireScratch(Operation *op, StringRef kernel,
                                    int64_t bytes) {
  auto scratch = op->getAttrOfType<DenseI64ArrayAttr>("te.scratch");
  if (!scratch || scratch.size() != 2 || scratch[1] < bytes)
    return op->emitError() << "te.kernel \"" << kernel
                           << "\" needs a te.scratch of " << bytes
                           << " bytes: run --te-plan-memory";
  return success();
}

/// The constant weight and (optional) bias of a convolution.
template <typename ConvOp>
static LogicalResult getConstants(ConvOp op, te::ConstantOp &weight,
                                  te::ConstantOp &bias) {
  weight = op.getWeight().template getDefiningOp<te::ConstantOp>();
  bias = op.getBias() ? op.getBias().template getDefiningOp<te::ConstantOp>()
                      : te::ConstantOp();
  if (!weight || (op.getBias() && !bias))
    return op.emitError() << "the C emitter needs constant weights and bias";
  return success();
}

/// bias[o] - zp * sum_k w[o][k]: the accumulator's start when the input
/// zero point is folded out of the inner product.
static SmallVector<int32_t> foldedBias(te::ConstantOp weight,
                                       te::ConstantOp bias, int64_t outputs,
                                       int64_t perOutput, int64_t zeroPoint) {
  auto w = cast<ElementsAttr>(weight.getValue());
  SmallVector<int8_t> wv(w.getValues<int8_t>());
  SmallVector<int32_t> folded(outputs, 0);
  if (bias) {
    auto b = cast<ElementsAttr>(bias.getValue());
    folded.assign(b.getValues<int32_t>().begin(), b.getValues<int32_t>().end());
  }
  for (int64_t o = 0; o < outputs; ++o) {
    int64_t sum = 0;
    for (int64_t k = 0; k < perOutput; ++k)
      sum += wv[o * perOutput + k];
    folded[o] = static_cast<int32_t>(folded[o] - zeroPoint * sum);
  }
  return folded;
}

/// `expr` with its index "[var]" moved k channels on ("[var + k]").
static std::string plusIndex(const std::string &expr, StringRef var,
                             int64_t k) {
  std::string key = "[" + var.str() + "]";
  size_t pos = expr.rfind(key);
  if (k == 0 || pos == std::string::npos)
    return expr;
  std::string copy = expr;
  return copy.replace(pos, key.size(),
                      "[" + var.str() + " + " + std::to_string(k) + "]");
}

namespace {
/// How a kernel requantizes its int32 accumulators: a runtime helper and
/// its per-channel arguments (constants, or local tables indexed by the
/// channel variable).
struct Requant {
  std::string helper;
  SmallVector<std::string> args;
  std::string var;
  /// The helper's result already includes the output zero point.
  bool addsZeroPoint = false;
  /// Every channel's multiplier is >= 0 (scales are positive).
  bool nonNegative = false;
  /// Channel records (chooseRequant with a bias): the name of one int32
  /// table with `stride` values per channel, the bias first, and each
  /// argument's field in it (-1: a constant in args).
  std::string records;
  int64_t stride = 0;
  SmallVector<int64_t> fields;

  /// Declares each per-channel argument of channel `var` as a local
  /// (`<table>_c`) and uses that: an int8 store may alias the tables, so
  /// the compiler would read them again after each one.
  void hoist(raw_indented_ostream &os) {
    for (auto [i, arg] : llvm::enumerate(args)) {
      size_t bracket = arg.find('[');
      if (bracket == std::string::npos || !records.empty())
        continue;
      std::string local = arg.substr(0, bracket) + "_c";
      os << "const int32_t " << local << " = " << arg << ";\n";
      arg = local;
    }
  }
  /// Field `field` of channel var + k's record.
  std::string field(int64_t field, int64_t k) const {
    return records + "[" + var + " * " + std::to_string(stride) + " + " +
           std::to_string(k * stride + field) + "]";
  }
  /// The call for channel var + k.
  std::string call(StringRef acc, int64_t k = 0) const {
    std::string text = "mcunet_" + helper + "(" + acc.str();
    for (auto [i, arg] : llvm::enumerate(args))
      text +=
          ", " + (!records.empty() && fields[i] >= 0 ? field(fields[i], k)
                                                     : plusIndex(arg, var, k));
    return text + ")";
  }
};
} // namespace

/// Per output channel, a bound on the magnitude of the kernel's int32
/// accumulator whatever the int8 input: |bias| + 256 * sum |w| covers both
/// the folded form (bias - zp * sum w + sum x * w) and the im2col one
/// (sum (x - zp) * w + bias). `channelMajor`: the weights are [channel][...]
/// (else [...][channel], as depthwise weights are).
static SmallVector<int64_t> accumulatorBounds(te::ConstantOp weight,
                                              te::ConstantOp bias,
                                              int64_t channels,
                                              bool channelMajor) {
  auto w = cast<ElementsAttr>(weight.getValue());
  int64_t n = w.getNumElements(), perChannel = n / channels;
  SmallVector<int64_t> bound(channels, 0);
  int64_t i = 0;
  for (int8_t v : w.getValues<int8_t>()) {
    int64_t c = channelMajor ? i / perChannel : i % channels;
    bound[c] += 256 * std::abs(static_cast<int64_t>(v));
    ++i;
  }
  if (bias) {
    int64_t c = 0;
    for (int32_t v : cast<ElementsAttr>(bias.getValue()).getValues<int32_t>())
      bound[c++] += std::abs(static_cast<int64_t>(v));
  }
  return bound;
}

/// Chooses the requantization of a kernel whose channels have the scales
/// in_scale * w_scale[c] / out_scale and declares its tables as locals.
/// Where every accumulator is bounded below 2^30 (`bounds`, from
/// accumulatorBounds) and every channel shifts right, mcunet_requant_mmla
/// (multiplier, offset = 2^(right - 1) + zp * 2^right, right), which also
/// adds the output zero point `zp` when that cannot overflow (else offset
/// is 2^(right - 1)). Otherwise the helper of requantHelperFor:
/// mcunet_requant_fast takes (multiplier, 2^(right - 2), right - 1),
/// mcunet_requant_fast1 (multiplier, 2^(right - 1), right - 1), the others
/// (multiplier, shift). All are bit-identical to TFLite's
/// MultiplyByQuantizedMultiplier (requant-helpers.test).
static Requant chooseRequant(Emitter &e, const Layer &l,
                             raw_indented_ostream &os, double inScale,
                             ArrayRef<double> wScales, double outScale,
                             int64_t channels, StringRef var,
                             ArrayRef<int64_t> bounds, int64_t zp,
                             ArrayRef<int32_t> recordBias = {},
                             bool doubleRecordBias = false) {
  SmallVector<int32_t> mult, shift;
  quantizeMultipliers(inScale, wScales, outScale, channels, mult, shift);
  Requant rq;
  rq.nonNegative = llvm::all_of(mult, [](int32_t m) { return m >= 0; });
  // With recordBias: the tables are fields of one record per channel,
  // printed at the end (finish).
  SmallVector<SmallVector<int32_t>> recordFields;
  if (!recordBias.empty())
    recordFields.emplace_back(recordBias.begin(), recordBias.end());
  auto declare = [&](StringRef name, ArrayRef<int32_t> values,
                     bool bytes = false) {
    if (llvm::all_equal(values)) {
      rq.fields.push_back(-1);
      return std::to_string(values[0]);
    }
    if (!recordBias.empty()) {
      rq.fields.push_back(recordFields.size());
      recordFields.emplace_back(values.begin(), values.end());
      return name.str();
    }
    rq.fields.push_back(-1);
    if (bytes)
      os << "const int8_t *" << name << " = "
         << e.tableI8(l, name,
                      SmallVector<int8_t>(values.begin(), values.end()))
         << ";\n";
    else
      os << "const int32_t *" << name << " = " << e.table(l, name, values)
         << ";\n";
    return name.str() + "[" + var.str() + "]";
  };
  // The record table of recordFields, channel by channel.
  auto finish = [&]() {
    if (recordBias.empty())
      return rq;
    rq.stride = recordFields.size();
    // A doubled bias (|bias| < 2^30 with requant_mmla) for kernels that
    // accumulate 2x.
    if (doubleRecordBias && rq.helper == "requant_mmla")
      for (int32_t &b : recordFields[0])
        b *= 2;
    SmallVector<int32_t> table;
    for (int64_t c = 0; c < channels; ++c)
      for (const auto &f : recordFields)
        table.push_back(f[c]);
    rq.records = "chan";
    os << "const int32_t *chan = " << e.table(l, "channels", table)
       << "; /* per channel: "
       << (doubleRecordBias && rq.helper == "requant_mmla" ? "2 x bias"
                                                           : "bias");
    for (auto [i, arg] : llvm::enumerate(rq.args))
      if (rq.fields[i] >= 0)
        os << ", " << arg;
    os << " */\n";
    return rq;
  };
  rq.var = var.str();
  // mcunet_requant_mmla: 2x must not overflow, and h + offset - 1 (|h| <=
  // |x| + 1) must stay an int32.
  constexpr int64_t kLimit = (int64_t(1) << 31) - 1;
  bool mmla = true, foldZp = true;
  for (int64_t c = 0; c < channels; ++c) {
    int64_t right = -shift[c];
    if (right < 1 || bounds[c] >= (int64_t(1) << 30)) {
      mmla = false;
      break;
    }
    int64_t half = int64_t(1) << (right - 1);
    if (bounds[c] + 2 + half >= kLimit) {
      mmla = false;
      break;
    }
    if (bounds[c] + 2 + half + std::abs(zp) * (int64_t(1) << right) >= kLimit)
      foldZp = false;
  }
  if (mmla) {
    SmallVector<int32_t> offset, right;
    for (int32_t s : shift) {
      int64_t r = -s;
      offset.push_back(static_cast<int32_t>(
          (int64_t(1) << (r - 1)) + (foldZp ? zp * (int64_t(1) << r) : 0)));
      right.push_back(static_cast<int32_t>(r));
    }
    rq.helper = "requant_mmla";
    rq.addsZeroPoint = foldZp;
    std::string m = declare("multiplier", mult);
    std::string o = declare("offset", offset);
    rq.args = {m, o, declare("right", right, /*bytes=*/true)};
    return finish();
  }
  rq.helper = requantHelperFor(shift).str();
  if (rq.helper != "requant_fast" && rq.helper != "requant_fast1") {
    std::string m = declare("multiplier", mult);
    rq.args = {m, declare("shift", shift)};
    return finish();
  }
  // requant_fast: 2^(right - 2); requant_fast1: 2^(right - 1). shift_high
  // (0 to 30) fits a byte: one more byte per channel than requant_down's
  // tables.
  bool one = rq.helper == "requant_fast1";
  SmallVector<int32_t> round, high;
  for (int32_t s : shift) {
    round.push_back(int32_t(1) << (-s - (one ? 1 : 2)));
    high.push_back(-s - 1);
  }
  std::string m = declare("multiplier", mult);
  std::string r = declare(one ? "half" : "round", round);
  rq.args = {m, r, declare("shift_high", high, /*bytes=*/true)};
  return finish();
}

/// Whether mcunet_requant_mmla(2) needs its rounding's sign correction
/// (h - (x < 0)) for op's outputs. It only changes the result of a
/// negative accumulator x, and there (the multiplier is positive, so the
/// product rounds to at most 0, and the offset adds less than one half
/// below the shift) both forms give at most the output zero point. When
/// the clamp's lower bound is at or above the zero point (a fused ReLU, or
/// a zero point of -128), the clamp replaces both by that bound.
static bool signCorrectionNeeded(Operation *op, const Requant &rq) {
  if ((rq.helper != "requant_mmla" && rq.helper != "requant_mmla2") ||
      !rq.nonNegative)
    return true;
  auto [lo, hi] = Emitter::actRange(op);
  return lo < Emitter::qinfo(op->getResult(0).getType()).zeroPoint;
}

/// requant(acc) + zp for channel var + k, as a C expression.
/// Outputs clamped at or above the zero point take the _relu form of
/// mcunet_requant_mmla(2), without the rounding's sign correction (see
/// signCorrectionNeeded).
static std::string requantized(Emitter &e, Operation *op, const Requant &rq,
                               StringRef acc, int64_t k) {
  QInfo q = Emitter::qinfo(op->getResult(0).getType());
  Requant used = rq;
  if (!signCorrectionNeeded(op, rq))
    used.helper += "_relu";
  e.useHelper(used.helper);
  return used.call(acc, k) + (rq.addsZeroPoint ? "" : plusConst(q.zeroPoint));
}

/// "(int8_t)clamp(value)": a saturation when the range is all of int8 (one
/// SSAT on Cortex-M3 and up); a saturation to 2^(n - 1) - 1 and a maximum
/// when the range ends there (a fused ReLU ends at 127), or a saturation to
/// -2^(n - 1) and a minimum when it starts there.
std::string mcunet::c_emit::clamped(Emitter &e, Operation *op,
                                    StringRef value) {
  auto [lo, hi] = Emitter::actRange(op);
  if (lo == -128 && hi == 127) {
    e.useHelper("sat8");
    return ("(int8_t)mcunet_sat8(" + value + ")").str();
  }
  for (int64_t bits = 2; bits <= 8; ++bits) {
    int64_t top = (int64_t(1) << (bits - 1)) - 1, bottom = -top - 1;
    std::string sat = ("MCUNET_SSAT(" + value + ", " + Twine(bits) + ")").str();
    if (hi == top && lo >= bottom) {
      e.useHelper("ssat");
      return lo == bottom ? "(int8_t)" + sat
                          : "(int8_t)mcunet_max(" + sat + ", " +
                                std::to_string(lo) + ")";
    }
    if (lo == bottom && hi <= top) {
      e.useHelper("ssat");
      return "(int8_t)mcunet_min(" + sat + ", " + std::to_string(hi) + ")";
    }
  }
  e.useHelper("clamp");
  return ("(int8_t)mcunet_clamp(" + value + ", " + Twine(lo) + ", " +
          Twine(hi) + ")")
      .str();
}

/// "y = clamp(requant(acc) + zp)" for one accumulator of channel var + k.
static void printStore(Emitter &e, raw_indented_ostream &os, Operation *op,
                       const Requant &rq, StringRef target, StringRef acc,
                       int64_t k = 0) {
  os << target << " = " << clamped(e, op, requantized(e, op, rq, acc, k))
     << ";\n";
}

namespace {
/// One output of printStores: the target, its accumulator and its channel
/// offset k (channel var + k).
struct Store {
  std::string target, acc;
  int64_t k = 0;
};
} // namespace

/// Several outputs: every value is requantized first, then all are stored,
/// so that the channel tables are read once per channel (an int8 store may
/// alias them, which would make the compiler read them again after it).
static void printStores(Emitter &e, raw_indented_ostream &os, Operation *op,
                        const Requant &rq, ArrayRef<Store> stores) {
  for (auto [i, st] : llvm::enumerate(stores))
    os << "const int32_t v" << i << " = "
       << requantized(e, op, rq, st.acc, st.k) << ";\n";
  for (auto [i, st] : llvm::enumerate(stores))
    os << st.target << " = " << clamped(e, op, "v" + std::to_string(i))
       << ";\n";
}

/// The filter pairs of one 3 x 2 block over the int16 columns `col` of n
/// values per pixel (mcunet_columns_3x's layout; doubled with `doubled`,
/// the records' biases too): the six sums start at the pair's record
/// biases, take mcunet_dot_3x2_pairs(16) over the pairs' weights `wt`
/// (filterPairs(16) layout) and are stored to y0, y1 and y2 [oc] and
/// [oc + 1] (only the first `rows` pixels: a partial block). A full block
/// is one assembly row where it applies (MCUNET_PW3X2_ASM,
/// MCUNET_PW3X2_ASM16: groups of four values only, mcunet_requant_mmla2
/// with every value in the records and the output zero point in the
/// offset, saturation to int8 and at most a lower bound, store offsets that
/// fit an immediate); the C loop stays next to it. An odd last filter is
/// left to the caller.
static void printPairs3x2(Emitter &e, raw_indented_ostream &os, Operation *op,
                          const Requant &rq, const Requant &rqBlock,
                          StringRef wt, bool wide, bool doubled, int64_t n,
                          int64_t OC, int64_t rows) {
  std::string ns = std::to_string(n), oc = std::to_string(OC);
  auto [lo, hi] = Emitter::actRange(op);
  bool asmRow = rows == 3 && OC >= 2 && n % 4 == 0 && doubled &&
                rq.records == "chan" && rq.stride == 4 &&
                rq.fields == ArrayRef<int64_t>{1, 2, 3} && rq.addsZeroPoint &&
                lo >= -128 && lo <= 127 && hi == 127 && 2 * OC + 1 <= 4095;
  if (asmRow) {
    os << "#if defined(MCUNET_PW3X2_ASM_ENABLED)\n";
    os << (wide ? "MCUNET_PW3X2_ASM16(col, " : "MCUNET_PW3X2_ASM(col, ") << wt
       << ", chan, " << ns << ", " << OC / 2 << ", " << oc << ", " << lo << ", "
       << (signCorrectionNeeded(op, rqBlock) ? 1 : 0)
       << ", y0); /* the loop below */\n";
    if (OC % 2 == 0)
      os << "(void)y1;\n(void)y2;\n";
    os << "#else\n";
  }
  if (OC >= 2) {
    os << "for (int oc = 0; oc < " << (OC / 2) * 2 << "; oc += 2) {\n";
    os.indent();
    auto b0 = rq.field(0, 0), b1 = rq.field(0, 1);
    os << "int32_t acc[6] = {" << b0 << ", " << b0 << ", " << b0 << ", " << b1
       << ", " << b1 << ", " << b1 << "};\n";
    os << (wide ? "mcunet_dot_3x2_pairs16(col, " : "mcunet_dot_3x2_pairs(col, ")
       << wt << " + oc * " << ns << ", " << ns << ", acc);\n";
    SmallVector<Store> stores;
    for (int64_t k = 0; k < 2; ++k)
      for (int64_t r = 0; r < rows; ++r)
        stores.push_back({"y" + std::to_string(r) + (k ? "[oc + 1]" : "[oc]"),
                          "acc[" + std::to_string(3 * k + r) + "]", k});
    printStores(e, os, op, rqBlock, stores);
    closeLoop(os, "oc");
  }
  if (asmRow)
    os << "#endif\n";
}

/// The weights of `outputs` filters of `n` values in the filter pair layout
/// of mcunet_dot_2x2_pairs (n even: a pair is 2n bytes, so filter o still
/// starts at o * n): per four values, filter 2k's then filter 2k+1's, then
/// the two values left of each; an odd last filter as it is.
static SmallVector<int8_t> filterPairs(ArrayRef<int8_t> w, int64_t outputs,
                                       int64_t n) {
  SmallVector<int8_t> pairs(w);
  int64_t groups = n / 4, tail = n % 4;
  for (int64_t o = 0; o + 1 < outputs; o += 2) {
    const int8_t *f0 = &w[o * n], *f1 = &w[(o + 1) * n];
    int8_t *block = &pairs[o * n];
    for (int64_t g = 0; g < groups; ++g)
      for (int64_t j = 0; j < 4; ++j) {
        block[8 * g + j] = f0[4 * g + j];
        block[8 * g + 4 + j] = f1[4 * g + j];
      }
    for (int64_t j = 0; j < tail; ++j) {
      block[8 * groups + j] = f0[4 * groups + j];
      block[8 * groups + tail + j] = f1[4 * groups + j];
    }
  }
  return pairs;
}

/// The int16 filter pair layout of mcunet_dot_2x2_pairs16 (n even; the
/// runtime helper "dot_pairs16" describes it): as filterPairs, with each
/// group of four values in the order (v0, v2, v1, v3) of the int16
/// columns' words; an odd last filter in that order too.
static SmallVector<int16_t> filterPairs16(ArrayRef<int8_t> w, int64_t outputs,
                                          int64_t n) {
  SmallVector<int16_t> out(w.size());
  int64_t groups = n / 4, tail = n % 4;
  const int64_t order[4] = {0, 2, 1, 3};
  for (int64_t o = 0; o < outputs; o += 2) {
    const int8_t *f0 = &w[o * n];
    int16_t *block = &out[o * n];
    if (o + 1 == outputs) { // the odd last filter, alone
      for (int64_t g = 0; g < groups; ++g)
        for (int64_t j = 0; j < 4; ++j)
          block[4 * g + j] = f0[4 * g + order[j]];
      for (int64_t j = 0; j < tail; ++j)
        block[4 * groups + j] = f0[4 * groups + j];
      break;
    }
    const int8_t *f1 = &w[(o + 1) * n];
    for (int64_t g = 0; g < groups; ++g)
      for (int64_t j = 0; j < 4; ++j) {
        block[8 * g + j] = f0[4 * g + order[j]];
        block[8 * g + 4 + j] = f1[4 * g + order[j]];
      }
    for (int64_t j = 0; j < tail; ++j) {
      block[8 * groups + j] = f0[4 * groups + j];
      block[8 * groups + tail + j] = f1[4 * groups + j];
    }
  }
  return out;
}

/// The matrix product of the pointwise and fully connected kernels: P rows
/// (pixels, or batch rows) of IC int8 values by OC filters of IC values,
/// two rows by two filters at a time, then one row by two filters; the
/// input zero point is folded into the bias.
template <typename OpT>
static LogicalResult
printMatrixProduct(Emitter &e, const Layer &l, OpT op, int64_t P, int64_t IC,
                   int64_t OC, raw_indented_ostream &os, std::string &params,
                   std::string &comment, StringRef kind) {
  te::ConstantOp weight, bias;
  if (failed(getConstants(op, weight, bias)))
    return failure();
  QInfo qi = Emitter::qinfo(op.getInput().getType());
  QInfo qo = Emitter::qinfo(op.getOutput().getType());
  std::string input = operandExpr(e, l, op.getInput(), "input", "", params);
  addOutputParam(op.getOutput(), params);
  // Two rows at a time with int16 columns in scratch (pointwise layers with
  // an even number of input channels, when the planner gave them a
  // word-aligned scratch buffer): the two pixels are widened once for all
  // filters, which are stored in pairs (mcunet_dot_2x2_pairs).
  int64_t columnBytes = te::getPointwiseColumnBytes(op);
  bool columns = false;
  if (columnBytes) {
    if (failed(requireScratch(op, kind, columnBytes)))
      return failure();
    params += ", int8_t *scratch";
    columns =
        op->template getAttrOfType<DenseI64ArrayAttr>(te::kScratchAttr)[0] %
            4 ==
        0;
  }
  // int16 weights (--te-widen-weights) are read by the kernel over columns.
  bool wide = op->hasAttr(te::kInt16WeightsAttr);
  if (wide && !columns)
    return op.emitError()
           << "te.int16_weights needs the kernel over int16 columns (an even "
              "number of input channels, 2 x 2 or 3 x 2 blocks, a "
              "word-aligned scratch buffer)";
  SmallVector<int8_t> values;
  if (columns)
    values = SmallVector<int8_t>(
        cast<ElementsAttr>(weight.getValue()).getValues<int8_t>());
  std::string wt =
      wide ? e.tableI16(l, "weights_pairs16", filterPairs16(values, OC, IC),
                        /*wordAligned=*/true)
      : columns ? e.tableI8(l, "weights_pairs", filterPairs(values, OC, IC),
                            /*wordAligned=*/true)
                : e.constant(op.getWeight(), l, "weights");
  SmallVector<int32_t> folded = foldedBias(weight, bias, OC, IC, qi.zeroPoint);
  SmallVector<double> ws = weightScales(op.getWeight().getType());
  e.useHelper("dot_2x2");
  // The register blocking (--te-tile; 2 x 2 without it).
  int64_t rowsPerBlock = 2, channelsPerBlock = 2;
  if (auto tile = op->template getAttrOfType<DenseI64ArrayAttr>("te.tile")) {
    bool known =
        tile.size() == 2 &&
        ((tile[0] == 2 && tile[1] == 2) || (tile[0] == 3 && tile[1] == 2) ||
         (tile[0] == 1 && (tile[1] == 1 || tile[1] == 2 || tile[1] == 4)));
    if (!known)
      return op.emitError() << "te.tile must be [3, 2], [2, 2], [1, 4], "
                               "[1, 2] or [1, 1] (rows, channels)";
    rowsPerBlock = tile[0];
    channelsPerBlock = tile[1];
  }
  // Scratch that is not word-aligned (a plan with --alignment below 4)
  // has no int16 columns: 2 x 2 blocks without them.
  if (rowsPerBlock == 3 && !columns && columnBytes)
    rowsPerBlock = 2;
  if (rowsPerBlock == 3 && !columns)
    return op.emitError()
           << "te.tile [3, 2] needs the kernel over int16 columns (a "
              "pointwise layer with an even number of input channels and a "
              "word-aligned scratch buffer)";

  comment += llvm::formatv(
      " *   kernel {3}: a {0} x {1} by {1} x {2} matrix product, {4} "
      "by {5}\n *   output channels at a time; the input zero point "
      "is folded into the bias\n",
      P, IC, OC, kind,
      rowsPerBlock == 3   ? "three rows"
      : rowsPerBlock == 2 ? "two rows"
                          : "one row",
      channelsPerBlock == 4   ? "four"
      : channelsPerBlock == 2 ? "two"
                              : "one");
  if (columns) {
    std::string block = rowsPerBlock == 3 ? "3x2" : "2x2";
    comment += llvm::formatv(
        " *   ({0} pixels widened once into int16 columns in scratch; the "
        "filters\n *   stored in pairs{1}, mcunet_dot_{2}_pairs{3})\n",
        rowsPerBlock == 3 ? "three" : "two", wide ? " as int16" : "", block,
        wide ? "16" : "");
  }
  comment += " *   input   " + Emitter::describe(op.getInput().getType()) +
             "\n *   weights " + Emitter::describe(op.getWeight().getType()) +
             "\n";

  if (wide)
    e.useHelper("dot_pairs16");
  const char *wType = wide ? "int16_t" : "int8_t";
  os << "const " << wType << " *w = " << wt << ";\n";
  wt = "w";
  // With columns, the bias and the requantization tables are one record
  // per channel (one pointer for the loop over filter pairs).
  if (!columns)
    os << "const int32_t *bias = " << e.table(l, "bias_folded", folded)
       << ";\n";
  Requant rq = chooseRequant(
      e, l, os, qi.scale, ws, qo.scale, OC, "oc",
      accumulatorBounds(weight, bias, OC, /*channelMajor=*/true), qo.zeroPoint,
      columns ? ArrayRef<int32_t>(folded) : ArrayRef<int32_t>(),
      /*doubleRecordBias=*/true);
  auto at = [](const std::string &expr, int64_t k) {
    return plusIndex(expr, "oc", k);
  };
  // The 2 x 2 blocks over columns accumulate 2x where the requantization
  // is mcunet_requant_mmla (the columns and the records' biases doubled,
  // which the accumulator bound below 2^30 allows): mcunet_requant_mmla2
  // then saves the doubling per output. The other blocks halve the bias.
  bool doubled = columns && rq.helper == "requant_mmla";
  Requant rqBlock = rq;
  if (doubled)
    rqBlock.helper = "requant_mmla2";
  // The (folded) bias of channel oc + k.
  auto biasAt = [&](int64_t k) {
    if (rq.records.empty())
      return at("bias[oc]", k);
    return doubled ? rq.field(0, k) + " / 2" : rq.field(0, k);
  };
  // The record's bias field as stored: doubled when the 2 x 2 blocks
  // accumulate 2x.
  auto recordBiasAt = [&](int64_t k) { return rq.field(0, k); };
  std::string ic = std::to_string(IC), oc = std::to_string(OC);
  // The last output channel of an odd number, for the rows in `rows`.
  auto oddChannel = [&](ArrayRef<std::pair<StringRef, StringRef>> rows) {
    if (OC % 2 == 0)
      return;
    os << "{\n";
    os.indent();
    os << "const int oc = " << OC - 1 << ";\n";
    os << "const " << wType << " *wo = " << wt << " + oc * " << ic << ";\n";
    for (auto [x, y] : rows)
      printStore(e, os, op, rq, (y + "[oc]").str(),
                 ((wide ? "mcunet_dot_w16(" : "mcunet_dot(") + x + ", wo, " +
                  ic + ", " + biasAt(0) + ")")
                     .str());
    os.unindent();
    os << "}\n";
  };
  // One row (x, y) by blocks of `width` channels from `first` on, then
  // blocks of 2 and 1 for what is left; returns the next channel.
  auto rowBlocks = [&](int64_t first, int64_t width) {
    int64_t end = first + (OC - first) / width * width;
    if (end == first)
      return first;
    if (width == 1) {
      os << "for (int oc = " << first << "; oc < " << end << "; ++oc) {\n";
      os.indent();
      printStore(e, os, op, rq, "y[oc]",
                 std::string(wide ? "mcunet_dot_w16" : "mcunet_dot") + "(x, " +
                     wt + " + oc * " + ic + ", " + ic + ", " + biasAt(0) + ")");
      closeLoop(os, "oc");
      return end;
    }
    os << "for (int oc = " << first << "; oc < " << end << "; oc += " << width
       << ") {\n";
    os.indent();
    os << "int32_t acc[" << width << "] = {";
    for (int64_t k = 0; k < width; ++k)
      os << (k ? ", " : "") << biasAt(k);
    os << "};\n";
    if (width == 4)
      os << "mcunet_dot_1x4(x, " << wt << " + oc * " << ic << ", " << ic
         << ", acc);\n";
    else if (columns)
      os << (wide ? "mcunet_dot_1x2_pairs16(x, " : "mcunet_dot_1x2_pairs(x, ")
         << wt << " + oc * " << ic << ", " << ic << ", acc);\n";
    else
      os << "mcunet_dot_1x2(x, " << wt << " + oc * " << ic << ", " << wt
         << " + (oc + 1) * " << ic << ", " << ic << ", acc);\n";
    SmallVector<Store> stores;
    for (int64_t k = 0; k < width; ++k)
      stores.push_back({at("y[oc]", k), "acc[" + std::to_string(k) + "]", k});
    printStores(e, os, op, rq, stores);
    closeLoop(os, "oc");
    return end;
  };
  auto oneRow = [&](int64_t width) {
    int64_t next = 0;
    for (int64_t w : {int64_t(4), int64_t(2), int64_t(1)})
      if (w <= width)
        next = rowBlocks(next, w);
  };

  if (rowsPerBlock == 1) {
    // One row at a time, `channelsPerBlock` channels a call.
    bool loop = P > 1;
    if (loop) {
      os << "for (int p = 0; p < " << P << "; ++p) {\n";
      os.indent();
    } else {
      os << "{\n";
      os.indent();
    }
    os << "const int8_t *x = " << input << (loop ? " + p * " + ic : "")
       << ";\n";
    os << "int8_t *y = output" << (loop ? " + p * " + oc : "") << ";\n";
    oneRow(channelsPerBlock);
    if (loop)
      closeLoop(os, "p");
    else
      os.unindent(), os << "}\n";
    return success();
  }
  // Three rows at a time (int16 columns only), then two.
  int64_t P3 = rowsPerBlock == 3 ? P / 3 * 3 : 0;
  if (P3) {
    e.useHelper(wide ? "dot_3x2_16" : "dot_3x2");
    os << "uint32_t *col = (uint32_t *)(void *)scratch;\n";
    os << "for (int p = 0; p < " << P3 << "; p += 3) {\n";
    os.indent();
    os << "const int8_t *x0 = " << input << " + p * " << ic << ";\n";
    os << "const int8_t *x1 = x0 + " << ic << ";\n";
    os << "const int8_t *x2 = x1 + " << ic << ";\n";
    os << "int8_t *y0 = output + p * " << oc << ";\n";
    os << "int8_t *y1 = y0 + " << oc << ";\n";
    os << "int8_t *y2 = y1 + " << oc << ";\n";
    os << "mcunet_columns_3x(x0, x1, x2, " << ic << ", " << (doubled ? 1 : 0)
       << ", col);\n";
    printPairs3x2(e, os, op, rq, rqBlock, wt, wide, doubled, IC, OC, 3);
    oddChannel({{"x0", "y0"}, {"x1", "y1"}, {"x2", "y2"}});
    closeLoop(os, "p");
  }
  // Two rows at a time (after three-row blocks: the two rows left).
  if (P - P3 >= 2) {
    if (columns) {
      e.useHelper("columns_2x");
      if (!P3)
        os << "uint32_t *col = (uint32_t *)(void *)scratch;\n";
    } else if (columnBytes) {
      os << "(void)scratch; /* not word-aligned: no int16 columns */\n";
    }
    int64_t P2 = P3 + (P - P3) / 2 * 2;
    bool single = P3 && P2 - P3 == 2;
    if (single) {
      os << "{\n";
      os.indent();
      os << "const int p = " << P3 << ";\n";
    } else {
      os << "for (int p = " << P3 << "; p < " << P2 << "; p += 2) {\n";
      os.indent();
    }
    os << "const int8_t *x0 = " << input << " + p * " << ic << ";\n";
    os << "const int8_t *x1 = x0 + " << ic << ";\n";
    os << "int8_t *y0 = output + p * " << oc << ";\n";
    os << "int8_t *y1 = y0 + " << oc << ";\n";
    if (columns)
      os << "mcunet_columns_2x(x0, x1, " << ic << ", " << (doubled ? 1 : 0)
         << ", col);\n";
    if (OC >= 2) {
      os << "for (int oc = 0; oc < " << (OC / 2) * 2 << "; oc += 2) {\n";
      os.indent();
      auto b0 = columns ? recordBiasAt(0) : biasAt(0);
      auto b1 = columns ? recordBiasAt(1) : biasAt(1);
      os << "int32_t acc[4] = {" << b0 << ", " << b0 << ", " << b1 << ", " << b1
         << "};\n";
      if (columns)
        os << (wide ? "mcunet_dot_2x2_pairs16(col, "
                    : "mcunet_dot_2x2_pairs(col, ")
           << wt << " + oc * " << ic << ", " << ic << ", acc);\n";
      else
        os << "mcunet_dot_2x2(x0, x1, " << wt << " + oc * " << ic << ", " << wt
           << " + (oc + 1) * " << ic << ", " << ic << ", acc);\n";
      printStores(e, os, op, rqBlock,
                  {{"y0[oc]", "acc[0]"},
                   {"y1[oc]", "acc[1]"},
                   {"y0[oc + 1]", "acc[2]", 1},
                   {"y1[oc + 1]", "acc[3]", 1}});
      closeLoop(os, "oc");
    }
    oddChannel({{"x0", "y0"}, {"x1", "y1"}});
    if (single)
      os.unindent(), os << "}\n";
    else
      closeLoop(os, "p");
  }
  // The last row of an odd number (the only one of a fully connected layer
  // on one input): one row by two filters.
  if ((P - P3) % 2) {
    os << "{\n";
    os.indent();
    os << "const int8_t *x = " << input << " + " << (P - 1) * IC << ";\n";
    os << "int8_t *y = output + " << (P - 1) * OC << ";\n";
    oneRow(2);
    os.unindent();
    os << "}\n";
  }
  return success();
}

LogicalResult mcunet::c_emit::printPointwiseConv(Emitter &e, const Layer &l,
                                                 te::Conv2DOp op,
                                                 raw_indented_ostream &os,
                                                 std::string &params,
                                                 std::string &comment) {
  auto in = op.getInput().getType().getShape();
  auto out = op.getOutput().getType().getShape();
  if (in[1] != out[1] || in[2] != out[2])
    return op.emitError() << "te.kernel \"pointwise\" needs stride 1";
  return printMatrixProduct(e, l, op, out[0] * out[1] * out[2], in[3], out[3],
                            os, params, comment, "pointwise");
}

LogicalResult mcunet::c_emit::printFullyConnectedKernel(
    Emitter &e, const Layer &l, te::FullyConnectedOp op,
    raw_indented_ostream &os, std::string &params, std::string &comment) {
  auto in = op.getInput().getType().getShape();
  auto w = op.getWeight().getType().getShape();
  return printMatrixProduct(e, l, op, in[0], in[1], w[0], os, params, comment,
                            "fully_connected");
}

LogicalResult mcunet::c_emit::printDepthwiseConv(Emitter &e, const Layer &l,
                                                 te::DepthwiseConv2DOp op,
                                                 raw_indented_ostream &os,
                                                 std::string &params,
                                                 std::string &comment) {
  auto in = op.getInput().getType().getShape();
  auto out = op.getOutput().getType().getShape();
  auto wshape = op.getWeight().getType().getShape();
  int64_t N = in[0], H = in[1], W = in[2], C = in[3];
  int64_t OH = out[1], OW = out[2], KH = wshape[0], KW = wshape[1];
  ArrayRef<int64_t> stride = op.getStride(), pad = op.getPad();
  int64_t PH = H + pad[0] + pad[2], PW = W + pad[1] + pad[3];
  if (out[3] != C)
    return op.emitError() << "te.kernel \"depthwise\" needs channel "
                             "multiplier 1";
  te::ConstantOp weight, bias;
  if (failed(requireScratch(op, "depthwise", PH * PW)) ||
      failed(getConstants(op, weight, bias)))
    return failure();

  QInfo qi = Emitter::qinfo(op.getInput().getType());
  QInfo qo = Emitter::qinfo(op.getOutput().getType());
  std::string input = operandExpr(e, l, op.getInput(), "input", "", params);
  addOutputParam(op.getOutput(), params);
  params += ", int8_t *scratch";

  // Weights channel-major ([c][ky][kx]: the order the kernel reads them)
  // and the bias with the input zero point folded in (the padding holds the
  // zero point, so it contributes zp * w, which the folded bias removes).
  SmallVector<int8_t> w(
      cast<ElementsAttr>(weight.getValue()).getValues<int8_t>());
  SmallVector<int8_t> chw(w.size());
  SmallVector<int32_t> folded(C, 0);
  if (bias) {
    auto b = cast<ElementsAttr>(bias.getValue());
    folded.assign(b.getValues<int32_t>().begin(), b.getValues<int32_t>().end());
  }
  int64_t taps = KH * KW;
  for (int64_t c = 0; c < C; ++c) {
    int64_t sum = 0;
    for (int64_t k = 0; k < taps; ++k) {
      chw[c * taps + k] = w[k * C + c];
      sum += w[k * C + c];
    }
    folded[c] = static_cast<int32_t>(folded[c] - qi.zeroPoint * sum);
  }
  std::string wt = e.tableI8(l, "weights_chw", chw);
  std::string b = e.table(l, "bias_folded", folded);
  SmallVector<double> ws = weightScales(op.getWeight().getType());

  comment += llvm::formatv(
      " *   kernel depthwise {0}x{1}, stride {2}x{3}, pad [{4}, {5}, {6}, {7}] "
      "(top, left,\n *   bottom, right): channel by channel over a {8}x{9} "
      "copy padded with the zero\n *   point in scratch (in place when output "
      "and input share bytes); the\n *   input zero point is folded into the "
      "bias\n",
      KH, KW, stride[0], stride[1], pad[0], pad[1], pad[2], pad[3], PH, PW);
  comment += " *   input   " + Emitter::describe(op.getInput().getType()) +
             "\n *   weights " + Emitter::describe(op.getWeight().getType()) +
             "\n";

  os << "const int32_t *bias = " << b << ";\n";
  b = "bias";
  Requant rq = chooseRequant(
      e, l, os, qi.scale, ws, qo.scale, C, "c",
      accumulatorBounds(weight, bias, C, /*channelMajor=*/false), qo.zeroPoint);
  bool padded = pad[0] || pad[1] || pad[2] || pad[3];
  if (padded) {
    openLoop(os, "i", PH * PW);
    os << "scratch[i] = " << qi.zeroPoint << ";\n";
    closeLoop(os, "i");
  }
  if (N > 1)
    os << "for (int n = 0; n < " << N << "; ++n) {\n", os.indent();
  std::string nIn = N > 1 ? "n * " + std::to_string(H * W * C) + " + " : "";
  std::string nOut = N > 1 ? "n * " + std::to_string(OH * OW * C) + " + " : "";
  openLoop(os, "c", C);
  openLoop(os, "y", H);
  os << "const int8_t *src = " << input << " + " << nIn << "y * " << W * C
     << " + c;\n";
  os << "int8_t *row = scratch + " << affine("y", PW, pad[0] * PW + pad[1])
     << ";\n";
  // Four values a step: one loop test per four loads and stores.
  if (W >= 4) {
    os << "for (int x = 0; x < " << W / 4 * 4 << "; x += 4) {\n";
    os.indent();
    for (int k = 0; k < 4; ++k)
      os << "row[x" << plusConst(k) << "] = src[" << affine("x", C, k * C)
         << "];\n";
    closeLoop(os, "x");
  }
  if (W % 4) {
    os << "for (int x = " << W / 4 * 4 << "; x < " << W << "; ++x) {\n";
    os.indent();
    os << "row[x] = src[x * " << C << "];\n";
    closeLoop(os, "x");
  }
  closeLoop(os, "y");
  os << "const int8_t *wc = " << wt << " + c * " << taps << ";\n";
  os << "const int32_t bias_c = " << b << "[c];\n";
  b = "bias_c";
  rq.hoist(os);
  // 3x3 windows with a horizontal stride of 1 or 2: two outputs a call of
  // mcunet_dw3x3_s1_x2/_s2_x2 (each row's weights packed once per channel
  // as the int16 pair (w0, w2) and w1).
  bool pairs =
      KH == 3 && KW == 3 && (stride[1] == 1 || stride[1] == 2) && OW >= 2;
  // With mcunet_requant_mmla (accumulators bounded below 2^30), the packed
  // weights and the bias are doubled so that the pairs accumulate 2x and
  // mcunet_requant_mmla2 saves the doubling per output.
  bool doubled = pairs && rq.helper == "requant_mmla";
  Requant rqPairs = rq;
  std::string two = doubled ? "2 * " : "";
  if (doubled) {
    rqPairs.helper = "requant_mmla2";
    os << "const int32_t bias2_c = 2 * bias_c;\n";
  }
  if (pairs) {
    e.useHelper("dw3x3");
    os << "int32_t wp[6];\n";
    openLoop(os, "k", 3);
    os << "wp[2 * k] = (int32_t)((uint32_t)(uint16_t)(" << two
       << "wc[3 * k]) |\n"
       << "                      ((uint32_t)(uint16_t)(" << two
       << "wc[3 * k + 2]) << 16));\n";
    os << "wp[2 * k + 1] = " << two << "wc[3 * k + 1];\n";
    closeLoop(os, "k");
  }
  std::string cs = std::to_string(C);
  // One output row's pairs of outputs (two a call), its window rows at `r`
  // and its outputs at `y`.
  auto pairOutputs = [&](StringRef r, StringRef y) {
    if (!pairs)
      return;
    os << "for (int ox = 0; ox < " << (OW / 2) * 2 << "; ox += 2) {\n";
    os.indent();
    std::string b2 = doubled ? "bias2_c" : b;
    os << "int32_t acc[2] = {" << b2 << ", " << b2 << "};\n";
    os << "mcunet_dw3x3_s" << stride[1] << "_x2(" << r << " + "
       << affine("ox", stride[1], 0) << ", " << PW << ", wp, acc);\n";
    printStores(e, os, op, rqPairs,
                {{(y + "[ox * " + cs + "]").str(), "acc[0]"},
                 {(y + "[(ox + 1) * " + cs + "]").str(), "acc[1]"}});
    closeLoop(os, "ox");
  };
  // One output at a time (every output of a row, or the last of an odd
  // number).
  auto singleOutputs = [&](StringRef r, StringRef y) {
    if (pairs && OW % 2 == 0)
      return;
    if (pairs)
      os << "for (int ox = " << OW - 1 << "; ox < " << OW << "; ++ox) {\n",
          os.indent();
    else
      openLoop(os, "ox", OW);
    os << "const int8_t *s = " << r << " + " << affine("ox", stride[1], 0)
       << ";\n";
    os << "int32_t acc = " << b << ";\n";
    if (taps <= 25) {
      for (int64_t ky = 0; ky < KH; ++ky)
        for (int64_t kx = 0; kx < KW; ++kx)
          os << "acc += s[" << ky * PW + kx << "] * wc[" << ky * KW + kx
             << "];\n";
    } else {
      openLoop(os, "ky", KH);
      openLoop(os, "kx", KW);
      os << "acc += s[ky * " << PW << " + kx] * wc[ky * " << KW << " + kx];\n";
      closeLoop(os, "kx");
      closeLoop(os, "ky");
    }
    printStore(e, os, op, rq, (y + "[ox * " + cs + "]").str(), "acc");
    closeLoop(os, "ox");
  };
  auto rowPointers = [&]() {
    os << "const int8_t *r = scratch + " << affine("oy", stride[0] * PW, 0)
       << ";\n";
    os << "int8_t *y = output + " << nOut << affine("oy", OW * C, 0)
       << " + c;\n";
  };
  // Stride 1: two output rows at a time, four outputs a call of
  // mcunet_dw3x3_s1_2x2 (each input row loaded once for both rows).
  bool quads = pairs && stride[0] == 1 && stride[1] == 1 && OH >= 2;
  if (quads) {
    std::string below = "(y + " + std::to_string(OW * C) + ")";
    std::string next = "(r + " + std::to_string(PW) + ")";
    os << "for (int oy = 0; oy < " << OH / 2 * 2 << "; oy += 2) {\n";
    os.indent();
    rowPointers();
    // The row of blocks in assembly where it applies (MCUNET_DW3X3_S1_ASM:
    // mcunet_requant_mmla2_relu with int8 saturation and at most a lower
    // bound, offsets that fit the loads' immediates and a MOVW); the C
    // loop stays next to it.
    auto [lo, hi] = Emitter::actRange(op);
    bool asmRows = doubled && rq.records.empty() && rqPairs.args.size() == 3 &&
                   !signCorrectionNeeded(op, rqPairs) && lo >= -128 &&
                   lo <= 127 && hi == 127 && 3 * PW <= 4095 &&
                   OW * C <= 65535 && 2 * C <= 4095;
    if (asmRows) {
      os << "#if defined(MCUNET_DW3X3_ASM_ENABLED)\n";
      os << "MCUNET_DW3X3_S1_ASM(r, " << PW << ", wp, bias2_c";
      for (const std::string &arg : rqPairs.args)
        os << ", " << arg;
      os << ", y, " << OW / 2 << ", " << C << ", " << OW * C << ", " << lo
         << "); /* the loop below */\n";
      os << "#else\n";
    }
    os << "for (int ox = 0; ox < " << (OW / 2) * 2 << "; ox += 2) {\n";
    os.indent();
    std::string b2 = doubled ? "bias2_c" : b;
    os << "int32_t acc[4] = {" << b2 << ", " << b2 << ", " << b2 << ", " << b2
       << "};\n";
    os << "mcunet_dw3x3_s1_2x2(r + ox, " << PW << ", wp, acc);\n";
    printStores(e, os, op, rqPairs,
                {{"y[ox * " + cs + "]", "acc[0]"},
                 {"y[(ox + 1) * " + cs + "]", "acc[1]"},
                 {below + "[ox * " + cs + "]", "acc[2]"},
                 {below + "[(ox + 1) * " + cs + "]", "acc[3]"}});
    closeLoop(os, "ox");
    if (asmRows)
      os << "#endif\n";
    singleOutputs("r", "y");
    singleOutputs(next, below);
    closeLoop(os, "oy");
    if (OH % 2) {
      os << "{\n";
      os.indent();
      os << "const int oy = " << OH - 1 << ";\n";
      rowPointers();
      pairOutputs("r", "y");
      singleOutputs("r", "y");
      os.unindent();
      os << "}\n";
    }
  } else {
    openLoop(os, "oy", OH);
    rowPointers();
    pairOutputs("r", "y");
    singleOutputs("r", "y");
    closeLoop(os, "oy");
  }
  closeLoop(os, "c");
  if (N > 1)
    os.unindent(), os << "} /* n */\n";
  return success();
}

/// The layer comment of an im2col kernel: its window, then "for " `how`,
/// then the input and weight types.
static std::string im2colComment(te::Conv2DOp op, StringRef how) {
  auto wshape = op.getWeight().getType().getShape();
  ArrayRef<int64_t> stride = op.getStride(), pad = op.getPad(),
                    dilation = op.getDilation();
  return llvm::formatv(" *   kernel im2col {0}x{1}, stride {2}x{3}, pad [{4}, "
                       "{5}, {6}, {7}] (top, left,\n *   bottom, right), "
                       "dilation {8}x{9}: for {10}\n",
                       wshape[1], wshape[2], stride[0], stride[1], pad[0],
                       pad[1], pad[2], pad[3], dilation[0], dilation[1], how)
             .str() +
         " *   input   " + Emitter::describe(op.getInput().getType()) +
         "\n *   weights " + Emitter::describe(op.getWeight().getType()) + "\n";
}

/// The im2col kernel with te.tile [3, 2]: three output pixels' input
/// windows gathered at a time, raw and doubled (the input zero point
/// folded into the bias as the pointwise kernel does, windows outside the
/// image reading it), straight into the int16 column layout of
/// mcunet_columns_3x, then the pointwise kernel's 3 x 2 blocks over them
/// (printPairs3x2) with the filters padded to KP values in pairs.
static LogicalResult printIm2col3x2(Emitter &e, const Layer &l, te::Conv2DOp op,
                                    raw_indented_ostream &os,
                                    const std::string &input,
                                    std::string &comment, te::ConstantOp weight,
                                    te::ConstantOp bias, int64_t KP) {
  auto in = op.getInput().getType().getShape();
  auto out = op.getOutput().getType().getShape();
  auto wshape = op.getWeight().getType().getShape();
  int64_t N = in[0], H = in[1], W = in[2], C = in[3];
  int64_t OH = out[1], OW = out[2], OC = out[3];
  int64_t KH = wshape[1], KW = wshape[2];
  int64_t K = KH * KW * C, P = OH * OW;
  ArrayRef<int64_t> stride = op.getStride(), pad = op.getPad(),
                    dilation = op.getDilation();
  QInfo qi = Emitter::qinfo(op.getInput().getType());
  QInfo qo = Emitter::qinfo(op.getOutput().getType());

  SmallVector<int8_t> w(
      cast<ElementsAttr>(weight.getValue()).getValues<int8_t>());
  SmallVector<int8_t> padded(OC * KP, 0);
  for (int64_t o = 0; o < OC; ++o)
    for (int64_t k = 0; k < K; ++k)
      padded[o * KP + k] = w[o * K + k];
  std::string wt = e.tableI8(l, "weights_pairs", filterPairs(padded, OC, KP),
                             /*wordAligned=*/true);
  SmallVector<int32_t> folded = foldedBias(weight, bias, OC, K, qi.zeroPoint);
  SmallVector<double> ws = weightScales(op.getWeight().getType());
  comment += im2colComment(
      op, llvm::formatv("three output pixels at a time, the\n *   {0} input "
                        "values each reads (the zero point outside the "
                        "image), doubled,\n *   are gathered into int16 "
                        "columns of {1} in scratch, then multiplied with\n "
                        "*   two filters at a time (mcunet_dot_3x2_pairs); "
                        "the input zero point is folded\n *   into the bias",
                        K, KP)
              .str());
  os << "const int8_t *w = " << wt << ";\n";
  Requant rq =
      chooseRequant(e, l, os, qi.scale, ws, qo.scale, OC, "oc",
                    accumulatorBounds(weight, bias, OC, /*channelMajor=*/true),
                    qo.zeroPoint, folded, /*doubleRecordBias=*/true);
  // Doubled columns and record biases where the requantization is
  // mcunet_requant_mmla (mcunet_requant_mmla2 then saves the doubling).
  bool doubled = rq.helper == "requant_mmla";
  Requant rqBlock = rq;
  if (doubled)
    rqBlock.helper = "requant_mmla2";
  e.useHelper("dot_3x2");
  std::string f = doubled ? "2 * " : "";
  // Value k of a pixel's window lies at this int16 of its columns
  // (mcunet_columns_3x: per four values the words (v0, v2), (v1, v3)).
  auto slot = [](int64_t k) {
    return 12 * (k / 4) + 2 * (k % 2) + (k / 2) % 2;
  };
  std::string slotExpr = "12 * (k / 4) + 2 * (k % 2) + (k / 2) % 2";
  os << "uint32_t *col = (uint32_t *)(void *)scratch;\n";
  os << "int16_t *colh = (int16_t *)(void *)scratch;\n";
  if (KP > K) {
    os << "/* The columns' values past " << K << " (zero weights) stay 0. */\n";
    os << "for (int j = 0; j < 3; ++j) {\n";
    os.indent();
    for (int64_t k = K; k < KP; ++k)
      os << "colh[4 * j + " << slot(k) << "] = 0;\n";
    closeLoop(os, "j");
  }
  if (N > 1)
    os << "for (int n = 0; n < " << N << "; ++n) {\n", os.indent();
  std::string nIn = N > 1 ? "n * " + std::to_string(H * W * C) + " + " : "";
  std::string nOut = N > 1 ? "n * " + std::to_string(P * OC) + " + " : "";
  int64_t lastY = H - 1 - (KH - 1) * dilation[0];
  int64_t lastX = W - 1 - (KW - 1) * dilation[1];
  bool interior = lastY >= 0 && lastX >= 0;
  // Gathers the windows of pixels p + j, j < `count`.
  auto gather = [&](int64_t count) {
    os << "for (int j = 0; j < " << count << "; ++j) {\n";
    os.indent();
    os << "const int oy = (p + j) / " << OW << ", ox = (p + j) % " << OW
       << ";\n";
    os << "int16_t *dst = colh + 4 * j;\n";
    if (interior) {
      os << "const int iy0 = " << affine("oy", stride[0], -pad[0])
         << ", ix0 = " << affine("ox", stride[1], -pad[1]) << ";\n";
      os << "if (iy0 >= 0 && iy0 <= " << lastY
         << " && ix0 >= 0 && ix0 <= " << lastX << ") {\n";
      os.indent();
      os << "const int8_t *src = " << input << " + " << nIn << "(iy0 * " << W
         << " + ix0) * " << C << ";\n";
      if (K <= 64) {
        for (int64_t ky = 0; ky < KH; ++ky)
          for (int64_t kx = 0; kx < KW; ++kx)
            for (int64_t c = 0; c < C; ++c) {
              int64_t k = (ky * KW + kx) * C + c;
              os << "dst[" << slot(k) << "] = (int16_t)(" << f << "src["
                 << ky * dilation[0] * W * C + kx * dilation[1] * C + c
                 << "]);\n";
            }
      } else {
        openLoop(os, "ky", KH);
        openLoop(os, "kx", KW);
        openLoop(os, "c", C);
        os << "const int k = (ky * " << KW << " + kx) * " << C << " + c;\n";
        os << "dst[" << slotExpr << "] = (int16_t)(" << f << "src["
           << affine("ky", dilation[0] * W * C, 0) << " + "
           << affine("kx", dilation[1] * C, 0) << " + c]);\n";
        closeLoop(os, "c");
        closeLoop(os, "kx");
        closeLoop(os, "ky");
      }
      os.unindent();
      os << "} else {\n";
      os.indent();
    }
    openLoop(os, "ky", KH);
    os << "const int iy = " << affine("oy", stride[0], -pad[0]) << " + "
       << affine("ky", dilation[0], 0) << ";\n";
    openLoop(os, "kx", KW);
    os << "const int ix = " << affine("ox", stride[1], -pad[1]) << " + "
       << affine("kx", dilation[1], 0) << ";\n";
    os << "const int inside = iy >= 0 && iy < " << H << " && ix >= 0 && ix < "
       << W << ";\n";
    openLoop(os, "c", C);
    os << "const int k = (ky * " << KW << " + kx) * " << C << " + c;\n";
    os << "dst[" << slotExpr << "] = (int16_t)(" << f << "(inside ? " << input
       << "[" << nIn << "(iy * " << W << " + ix) * " << C
       << " + c] : " << qi.zeroPoint << "));\n";
    closeLoop(os, "c");
    closeLoop(os, "kx");
    closeLoop(os, "ky");
    if (interior) {
      os.unindent();
      os << "}\n";
    }
    closeLoop(os, "j");
  };
  auto outputs = [&]() {
    os << "int8_t *y0 = output + " << nOut << "p * " << OC << ";\n";
    os << "int8_t *y1 = y0 + " << OC << ";\n";
    os << "int8_t *y2 = y1 + " << OC << ";\n";
  };
  int64_t P3 = P / 3 * 3;
  if (P3) {
    os << "for (int p = 0; p < " << P3 << "; p += 3) {\n";
    os.indent();
    gather(3);
    outputs();
    printPairs3x2(e, os, op, rq, rqBlock, "w", /*wide=*/false, doubled, KP, OC,
                  3);
    closeLoop(os, "p");
  }
  if (P % 3) {
    // The one or two pixels left: the C loop, their outputs only.
    os << "{\n";
    os.indent();
    os << "const int p = " << P3 << ";\n";
    gather(P % 3);
    outputs();
    if (P % 3 == 1)
      os << "(void)y1;\n";
    os << "(void)y2;\n";
    printPairs3x2(e, os, op, rq, rqBlock, "w", /*wide=*/false, doubled, KP, OC,
                  P % 3);
    os.unindent();
    os << "}\n";
  }
  if (N > 1)
    os.unindent(), os << "} /* n */\n";
  return success();
}

LogicalResult mcunet::c_emit::printIm2colConv(Emitter &e, const Layer &l,
                                              te::Conv2DOp op,
                                              raw_indented_ostream &os,
                                              std::string &params,
                                              std::string &comment) {
  auto in = op.getInput().getType().getShape();
  auto out = op.getOutput().getType().getShape();
  auto wshape = op.getWeight().getType().getShape();
  int64_t N = in[0], H = in[1], W = in[2], C = in[3];
  int64_t OH = out[1], OW = out[2], OC = out[3];
  int64_t KH = wshape[1], KW = wshape[2];
  int64_t K = KH * KW * C, KP = te::getIm2colColumnLength(op);
  int64_t P = OH * OW;
  ArrayRef<int64_t> stride = op.getStride(), pad = op.getPad(),
                    dilation = op.getDilation();
  if (op.getGroups() != 1 || wshape[3] != C)
    return op.emitError() << "te.kernel \"im2col\" needs one group";
  // Three gathered columns by two filters with te.tile [3, 2] (an even
  // number of filters, a word-aligned scratch buffer), else two.
  int64_t rows = 2;
  if (auto tile = op->getAttrOfType<DenseI64ArrayAttr>("te.tile")) {
    if (tile.size() != 2 || tile[1] != 2 || (tile[0] != 2 && tile[0] != 3))
      return op.emitError()
             << "te.tile of the im2col kernel must be [3, 2] or [2, 2]";
    rows = tile[0];
  }
  te::ConstantOp weight, bias;
  if (failed(requireScratch(op, "im2col", 2 * rows * KP)) ||
      failed(getConstants(op, weight, bias)))
    return failure();
  if (rows == 3 &&
      (OC % 2 ||
       op->getAttrOfType<DenseI64ArrayAttr>(te::kScratchAttr)[0] % 4 != 0))
    rows = 2;

  QInfo qi = Emitter::qinfo(op.getInput().getType());
  QInfo qo = Emitter::qinfo(op.getOutput().getType());
  std::string input = operandExpr(e, l, op.getInput(), "input", "", params);
  addOutputParam(op.getOutput(), params);
  params += ", int8_t *scratch";

  if (rows == 3)
    return printIm2col3x2(e, l, op, os, input, comment, weight, bias, KP);

  // Filters padded to KP values, every four stored as (v0, v2, v1, v3):
  // the order in which __sxtb16 widens them into the columns' int16 pairs;
  // then in pairs (filterPairs: per four values filter 2k's, then 2k+1's),
  // word-aligned, for mcunet_dot16_2x2.
  SmallVector<int8_t> w(
      cast<ElementsAttr>(weight.getValue()).getValues<int8_t>());
  SmallVector<int8_t> reordered(OC * KP, 0);
  static const int kLane[4] = {0, 2, 1, 3};
  for (int64_t o = 0; o < OC; ++o)
    for (int64_t k = 0; k < K; ++k)
      reordered[o * KP + (k / 4) * 4 + kLane[k % 4]] = w[o * K + k];
  std::string wt =
      e.tableI8(l, "weights_paired", filterPairs(reordered, OC, KP),
                /*wordAligned=*/true);
  // The bias (0 without one) and the requantization values: one int32
  // record per channel (one pointer for the loop over filter pairs).
  SmallVector<int32_t> biasValues(OC, 0);
  if (bias)
    biasValues = SmallVector<int32_t>(
        cast<ElementsAttr>(bias.getValue()).getValues<int32_t>());
  SmallVector<double> ws = weightScales(op.getWeight().getType());
  e.useHelper("dot16_2x2");

  comment += im2colComment(
      op, llvm::formatv("two output pixels at a time, the\n *   {0} input "
                        "values each reads, minus the input zero point (0 "
                        "outside the\n *   image), are gathered into int16 "
                        "columns of {1} in scratch, then\n *   multiplied "
                        "with two filters at a time",
                        K, KP)
              .str());

  os << "const int8_t *w = " << wt << ";\n";
  Requant rq =
      chooseRequant(e, l, os, qi.scale, ws, qo.scale, OC, "oc",
                    accumulatorBounds(weight, bias, OC, /*channelMajor=*/true),
                    qo.zeroPoint, biasValues);
  // Without a bias the records' bias field is 0: the sums start at 0.
  std::string b = bias ? rq.field(0, 0) : "0",
              bNext = bias ? rq.field(0, 1) : "0";
  std::string kp = std::to_string(KP), oc = std::to_string(OC);
  os << "int16_t *col0 = (int16_t *)(void *)scratch;\n";
  os << "int16_t *col1 = col0 + " << KP << ";\n";
  if (KP > K) {
    os << "/* The columns' tails past " << K << " values stay 0. */\n";
    os << "for (int k = " << K << "; k < " << KP << "; ++k) {\n";
    os << "  col0[k] = 0;\n  col1[k] = 0;\n}\n";
  }
  if (N > 1)
    os << "for (int n = 0; n < " << N << "; ++n) {\n", os.indent();
  std::string nIn = N > 1 ? "n * " + std::to_string(H * W * C) + " + " : "";
  std::string nOut = N > 1 ? "n * " + std::to_string(P * OC) + " + " : "";

  // One loop over pixel pairs; the gather fills column j with pixel p + j.
  os << "for (int p = 0; p < " << P << "; p += 2) {\n";
  os.indent();
  os << "for (int j = 0; j < 2"
     << (P % 2 ? " && p + j < " + std::to_string(P) : "") << "; ++j) {\n";
  os.indent();
  os << "const int oy = (p + j) / " << OW << ", ox = (p + j) % " << OW << ";\n";
  os << "int16_t *dst = col0 + j * " << KP << ";\n";
  // Windows inside the image (most of them) are copied without bounds
  // checks, a row of the window at a time.
  int64_t lastY = H - 1 - (KH - 1) * dilation[0];
  int64_t lastX = W - 1 - (KW - 1) * dilation[1];
  bool interior = lastY >= 0 && lastX >= 0;
  if (interior) {
    os << "const int iy0 = " << affine("oy", stride[0], -pad[0])
       << ", ix0 = " << affine("ox", stride[1], -pad[1]) << ";\n";
    os << "if (iy0 >= 0 && iy0 <= " << lastY
       << " && ix0 >= 0 && ix0 <= " << lastX << ") {\n";
    os.indent();
    os << "const int8_t *src = " << input << " + " << nIn << "(iy0 * " << W
       << " + ix0) * " << C << ";\n";
    openLoop(os, "ky", KH);
    std::string rowStart = affine("ky", dilation[0] * W * C, 0);
    if (dilation[1] == 1) {
      openLoop(os, "k", KW * C);
      os << "dst[k] = (int16_t)(src[" << rowStart << " + k]"
         << plusConst(-qi.zeroPoint) << ");\n";
      closeLoop(os, "k");
      os << "dst += " << KW * C << ";\n";
    } else {
      openLoop(os, "kx", KW);
      openLoop(os, "c", C);
      os << "dst[c] = (int16_t)(src[" << rowStart << " + "
         << affine("kx", dilation[1] * C, 0) << " + c]"
         << plusConst(-qi.zeroPoint) << ");\n";
      closeLoop(os, "c");
      os << "dst += " << C << ";\n";
      closeLoop(os, "kx");
    }
    closeLoop(os, "ky");
    os.unindent();
    os << "} else {\n";
    os.indent();
  }
  openLoop(os, "ky", KH);
  os << "const int iy = " << affine("oy", stride[0], -pad[0]) << " + "
     << affine("ky", dilation[0], 0) << ";\n";
  openLoop(os, "kx", KW);
  os << "const int ix = " << affine("ox", stride[1], -pad[1]) << " + "
     << affine("kx", dilation[1], 0) << ";\n";
  os << "if (iy >= 0 && iy < " << H << " && ix >= 0 && ix < " << W << ") {\n";
  os.indent();
  os << "const int8_t *src = " << input << " + " << nIn << "(iy * " << W
     << " + ix) * " << C << ";\n";
  openLoop(os, "c", C);
  os << "dst[c] = (int16_t)(src[c]" << plusConst(-qi.zeroPoint) << ");\n";
  closeLoop(os, "c");
  os.unindent();
  os << "} else {\n";
  os.indent();
  openLoop(os, "c", C);
  os << "dst[c] = 0;\n";
  closeLoop(os, "c");
  os.unindent();
  os << "}\n";
  os << "dst += " << C << ";\n";
  closeLoop(os, "kx");
  closeLoop(os, "ky");
  if (interior) {
    os.unindent();
    os << "}\n";
  }
  closeLoop(os, "j");
  os << "int8_t *y0 = output + " << nOut << "p * " << oc << ";\n";
  if (P % 2) {
    os << "if (p + 1 < " << P << ") {\n";
    os.indent();
  }
  os << "int8_t *y1 = y0 + " << oc << ";\n";
  if (OC >= 2) {
    os << "for (int oc = 0; oc < " << (OC / 2) * 2 << "; oc += 2) {\n";
    os.indent();
    os << "int32_t acc[4] = {" << b << ", " << b << ", " << bNext << ", "
       << bNext << "};\n";
    // Columns at a word-aligned offset are read with LDRD.
    bool aligned =
        op->getAttrOfType<DenseI64ArrayAttr>(te::kScratchAttr)[0] % 4 == 0;
    os << "mcunet_dot16_2x2(col0, col1, w + oc * " << kp << ", " << kp << ", "
       << (aligned ? 1 : 0) << ", acc);\n";
    printStores(e, os, op, rq,
                {{"y0[oc]", "acc[0]"},
                 {"y1[oc]", "acc[1]"},
                 {"y0[oc + 1]", "acc[2]", 1},
                 {"y1[oc + 1]", "acc[3]", 1}});
    closeLoop(os, "oc");
  }
  if (OC % 2) {
    os << "{\n";
    os.indent();
    os << "const int oc = " << OC - 1 << ";\n";
    for (auto [col, y] :
         {std::pair<StringRef, StringRef>("col0", "y0"), {"col1", "y1"}})
      printStore(e, os, op, rq, (y + "[oc]").str(),
                 ("mcunet_dot16(" + col + ", w + oc * " + kp + ", " + kp +
                  ", " + b + ")")
                     .str());
    os.unindent();
    os << "}\n";
  }
  if (P % 2) {
    // The last pixel of an odd number: one column.
    os.unindent();
    os << "} else {\n";
    os.indent();
    if (OC >= 2) {
      os << "for (int oc = 0; oc < " << (OC / 2) * 2 << "; oc += 2) {\n";
      os.indent();
      os << "int32_t acc[2] = {" << b << ", " << bNext << "};\n";
      os << "mcunet_dot16_1x2(col0, w + oc * " << kp << ", " << kp
         << ", acc);\n";
      printStores(e, os, op, rq,
                  {{"y0[oc]", "acc[0]"}, {"y0[oc + 1]", "acc[1]", 1}});
      closeLoop(os, "oc");
    }
    if (OC % 2) {
      os << "{\n";
      os.indent();
      os << "const int oc = " << OC - 1 << ";\n";
      printStore(e, os, op, rq, "y0[oc]",
                 "mcunet_dot16(col0, w + oc * " + kp + ", " + kp + ", " + b +
                     ")");
      os.unindent();
      os << "}\n";
    }
    os.unindent();
    os << "}\n";
  }
  closeLoop(os, "p");
  if (N > 1)
    os.unindent(), os << "} /* n */\n";
  return success();
}
