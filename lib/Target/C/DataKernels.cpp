//===- DataKernels.cpp - layer bodies for data movement and conversion ----===//
//
// SPDX-License-Identifier: Apache-2.0
//
// pad, transpose, concat and resize_nearest move bytes (any element type);
// clamp, quantize and dequantize convert values. Resize index tables are
// computed here, at compile time, with TensorFlow Lite's float formula.
//
//===----------------------------------------------------------------------===//

#include "Emitter.h"
#include "KernelUtils.h"

#include "mcunet/Dialect/TinyEngine/Analysis/Memory.h"

#include "mcunet/Support/QuantizedMultiplier.h"

#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mcunet;
using namespace mcunet::c_emit;

static SmallVector<int64_t> rowMajorStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> s(shape.size(), 1);
  for (size_t d = shape.size(); d-- > 1;)
    s[d - 1] = s[d] * shape[d];
  return s;
}

//===----------------------------------------------------------------------===//
// pad
//===----------------------------------------------------------------------===//

static LogicalResult printPad(Emitter &e, const Layer &l, te::PadOp op,
                              raw_indented_ostream &os, std::string &params,
                              std::string &comment) {
  auto inType = op.getInput().getType();
  auto outType = op.getOutput().getType();
  ArrayRef<int64_t> in = inType.getShape(), out = outType.getShape();
  ArrayRef<int64_t> pads = op.getPadding();
  size_t rank = in.size();
  std::string input = operandExpr(e, l, op.getInput(), "input", "", params);
  addOutputParam(op.getOutput(), params);
  comment += " *   input   " + Emitter::describe(inType) + "\n *   padding [";
  for (size_t k = 0; k < pads.size(); ++k)
    comment += (k ? ", " : "") + std::to_string(pads[k]);
  comment += "] (before each dim, then after)\n";
  QInfo q = Emitter::qinfo(inType);
  double value = op.getValue().convertToDouble();
  int64_t bytes = te::getTensorBytes(outType);
  if (q.quantized) {
    int64_t v = q.zeroPoint + static_cast<int64_t>(std::round(value / q.scale));
    v = std::min(std::max(v, q.qmin), q.qmax);
    os << "memset(output, " << v << ", " << bytes << "u);\n";
  } else if (value == 0.0) {
    os << "memset(output, 0, " << bytes << "u);\n";
  } else {
    os << "for (int i = 0; i < " << outType.getNumElements() << "; ++i) {\n"
       << "  output[i] = " << floatLiteral(value) << ";\n}\n";
  }
  if (rank == 0 || inType.getNumElements() == 0)
    return success();
  // Copy rows of the innermost dimension into place.
  SmallVector<int64_t> inStrides = rowMajorStrides(in);
  SmallVector<int64_t> outStrides = rowMajorStrides(out);
  SmallVector<int64_t> outer(in.begin(), in.end() - 1);
  int64_t base = 0;
  for (size_t d = 0; d < rank; ++d)
    base += pads[d] * outStrides[d];
  SmallVector<int64_t> inOuter(inStrides.begin(), inStrides.end() - 1);
  SmallVector<int64_t> outOuter(outStrides.begin(), outStrides.end() - 1);
  int64_t row = in.back() * te::getElementBytes(inType);
  auto body = [&] {
    os << "memcpy(output + " << base << " + " << indexExpr(outOuter) << ", "
       << input << " + " << indexExpr(inOuter) << ", " << row << "u);\n";
  };
  if (outer.empty())
    body();
  else
    printLoopNest(os, outer, body);
  return success();
}

//===----------------------------------------------------------------------===//
// transpose
//===----------------------------------------------------------------------===//

static LogicalResult printTranspose(Emitter &e, const Layer &l,
                                    te::TransposeOp op,
                                    raw_indented_ostream &os,
                                    std::string &params, std::string &comment) {
  ArrayRef<int64_t> in = op.getInput().getType().getShape();
  ArrayRef<int64_t> out = op.getOutput().getType().getShape();
  ArrayRef<int64_t> perm = op.getPerm();
  std::string input = operandExpr(e, l, op.getInput(), "input", "", params);
  addOutputParam(op.getOutput(), params);
  comment += " *   input   " + Emitter::describe(op.getInput().getType()) +
             "\n *   perm    [";
  for (size_t k = 0; k < perm.size(); ++k)
    comment += (k ? ", " : "") + std::to_string(perm[k]);
  comment += "]\n";
  SmallVector<int64_t> inStrides = rowMajorStrides(in);
  SmallVector<int64_t> srcStrides(out.size());
  for (size_t d = 0; d < out.size(); ++d)
    srcStrides[d] = inStrides[perm[d]];
  os << "int o = 0;\n";
  printLoopNest(os, out, [&] {
    os << "output[o++] = " << input << "[" << indexExpr(srcStrides) << "];\n";
  });
  return success();
}

//===----------------------------------------------------------------------===//
// concat
//===----------------------------------------------------------------------===//

static LogicalResult printConcat(Emitter &e, const Layer &l, te::ConcatOp op,
                                 raw_indented_ostream &os, std::string &params,
                                 std::string &comment) {
  auto outType = op.getOutput().getType();
  ArrayRef<int64_t> out = outType.getShape();
  int64_t axis = op.getAxis();
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= out[d];
  int64_t outChunk = outType.getNumElements() / std::max<int64_t>(outer, 1);
  QInfo qo = Emitter::qinfo(outType);
  SmallVector<std::string> names;
  for (auto [k, v] : llvm::enumerate(op.getInputs())) {
    names.push_back(operandExpr(e, l, v, "input" + std::to_string(k),
                                "input" + std::to_string(k), params));
    comment += " *   input" + std::to_string(k) + "  " +
               Emitter::describe(v.getType()) + "\n";
  }
  addOutputParam(op.getOutput(), params);
  comment += " *   axis    " + std::to_string(axis) + "\n";
  int64_t es = te::getElementBytes(outType);
  openLoop(os, "i", outer);
  int64_t at = 0;
  for (auto [k, v] : llvm::enumerate(op.getInputs())) {
    auto t = cast<ShapedType>(v.getType());
    int64_t chunk = t.getNumElements() / std::max<int64_t>(outer, 1);
    QInfo qi = Emitter::qinfo(t);
    bool same =
        !qo.quantized || (qi.scale == qo.scale && qi.zeroPoint == qo.zeroPoint);
    std::string dst =
        "output + i * " + std::to_string(outChunk) + " + " + std::to_string(at);
    std::string src = names[k] + " + i * " + std::to_string(chunk);
    if (same) {
      os << "memcpy(" << dst << ", " << src << ", " << chunk * es << "u);\n";
    } else {
      QuantizedMultiplier m = quantizeMultiplier(qi.scale / qo.scale);
      e.useHelper("mbqm");
      e.useHelper("clamp");
      os << "for (int j = 0; j < " << chunk << "; ++j) {\n";
      os << "  const int32_t acc = mcunet_mbqm("
         << offsetTerm("(" + src + ")[j]", -qi.zeroPoint) << ", "
         << m.multiplier << ", " << m.shift << ")" << plusConst(qo.zeroPoint)
         << ";\n";
      os << "  (" << dst << ")[j] = (int8_t)mcunet_clamp(acc, " << qo.qmin
         << ", " << qo.qmax << ");\n}\n";
    }
    at += chunk;
  }
  os.unindent();
  os << "}\n";
  return success();
}

//===----------------------------------------------------------------------===//
// resize_nearest
//===----------------------------------------------------------------------===//

/// TensorFlow Lite's GetNearestNeighbor (float arithmetic, as TFLite).
static int32_t nearest(int32_t v, int32_t inSize, int32_t outSize,
                       bool alignCorners, bool halfPixel) {
  const float scale =
      (alignCorners && outSize > 1)
          ? static_cast<float>(inSize - 1) / static_cast<float>(outSize - 1)
          : static_cast<float>(inSize) / static_cast<float>(outSize);
  const float offset = halfPixel ? 0.5f : 0.0f;
  float x = (static_cast<float>(v) + offset) * scale;
  int32_t out = alignCorners ? static_cast<int32_t>(std::round(x))
                             : static_cast<int32_t>(std::floor(x));
  out = std::min(out, inSize - 1);
  if (halfPixel)
    out = std::max(out, 0);
  return out;
}

static LogicalResult printResize(Emitter &e, const Layer &l,
                                 te::ResizeNearestOp op,
                                 raw_indented_ostream &os, std::string &params,
                                 std::string &comment) {
  ArrayRef<int64_t> in = op.getInput().getType().getShape();
  ArrayRef<int64_t> out = op.getOutput().getType().getShape();
  std::string input = operandExpr(e, l, op.getInput(), "input", "", params);
  addOutputParam(op.getOutput(), params);
  comment +=
      " *   input   " + Emitter::describe(op.getInput().getType()) +
      "\n *   mode    " +
      (op.getAlignCorners()
           ? "align_corners"
           : (op.getHalfPixelCenters() ? "half_pixel_centers" : "asymmetric")) +
      "\n";
  int64_t es = te::getElementBytes(op.getInput().getType());
  auto table = [&](StringRef name, int64_t inSize, int64_t outSize) {
    os << "static const int32_t " << name << "[" << outSize << "] = {";
    for (int64_t k = 0; k < outSize; ++k)
      os << (k ? ", " : "")
         << nearest(k, inSize, outSize, op.getAlignCorners(),
                    op.getHalfPixelCenters());
    os << "};\n";
  };
  table("src_y", in[1], out[1]);
  table("src_x", in[2], out[2]);
  int64_t C = in[3];
  os << "for (int n = 0; n < " << out[0] << "; ++n) {\n";
  os << "  for (int y = 0; y < " << out[1] << "; ++y) {\n";
  os << "    for (int x = 0; x < " << out[2] << "; ++x) {\n";
  os << "      memcpy(output + ((n * " << out[1] << " + y) * " << out[2]
     << " + x) * " << C << ", " << input << " + ((n * " << in[1]
     << " + src_y[y]) * " << in[2] << " + src_x[x]) * " << C << ", " << C * es
     << "u);\n";
  os << "    } /* x */\n  } /* y */\n} /* n */\n";
  return success();
}

//===----------------------------------------------------------------------===//
// clamp, quantize, dequantize
//===----------------------------------------------------------------------===//

static LogicalResult printClamp(Emitter &e, const Layer &l, te::ClampOp op,
                                raw_indented_ostream &os, std::string &params,
                                std::string &comment) {
  auto type = op.getInput().getType();
  std::string input = operandExpr(e, l, op.getInput(), "input", "", params);
  addOutputParam(op.getOutput(), params);
  double lo = op.getMin().convertToDouble(), hi = op.getMax().convertToDouble();
  comment += " *   input   " + Emitter::describe(type) + "\n *   range   [" +
             formatDouble(lo) + ", " + formatDouble(hi) + "] (real)\n";
  int64_t n = type.getNumElements();
  if (auto q = dyn_cast_or_null<quant::UniformQuantizedType>(
          te::getQuantizedElementType(type))) {
    auto [qlo, qhi] = te::quantizeActivationRange(q, lo, hi);
    e.useHelper("clamp");
    os << "for (int i = 0; i < " << n << "; ++i) {\n"
       << "  output[i] = (int8_t)mcunet_clamp(" << input << "[i], " << qlo
       << ", " << qhi << ");\n}\n";
    return success();
  }
  os << "for (int i = 0; i < " << n << "; ++i) {\n";
  os << "  float v = " << input << "[i];\n";
  if (!std::isinf(lo))
    os << "  v = v < " << floatLiteral(lo) << " ? " << floatLiteral(lo)
       << " : v;\n";
  if (!std::isinf(hi))
    os << "  v = v > " << floatLiteral(hi) << " ? " << floatLiteral(hi)
       << " : v;\n";
  os << "  output[i] = v;\n}\n";
  return success();
}

static LogicalResult printQuantize(Emitter &e, const Layer &l,
                                   te::QuantizeOp op, raw_indented_ostream &os,
                                   std::string &params, std::string &comment) {
  auto inType = op.getInput().getType();
  std::string input = operandExpr(e, l, op.getInput(), "input", "", params);
  addOutputParam(op.getOutput(), params);
  comment += " *   input   " + Emitter::describe(inType) + "\n";
  QInfo qi = Emitter::qinfo(inType), qo = Emitter::qinfo(op.getType());
  int64_t n = inType.getNumElements();
  if (qi.quantized) {
    // TFLite Requantize: (q - zp_in) * s_in / s_out + zp_out.
    QuantizedMultiplier m = quantizeMultiplier(qi.scale / qo.scale);
    e.useHelper("mbqm");
    e.useHelper("clamp");
    os << "for (int i = 0; i < " << n << "; ++i) {\n"
       << "  const int32_t acc = mcunet_mbqm("
       << offsetTerm(input + "[i]", -qi.zeroPoint) << ", " << m.multiplier
       << ", " << m.shift << ")" << plusConst(qo.zeroPoint) << ";\n"
       << "  output[i] = (" << Emitter::cType(op.getType())
       << ")mcunet_clamp(acc, " << qo.qmin << ", " << qo.qmax << ");\n}\n";
    return success();
  }
  // ONNX QuantizeLinear: round half to even of x / scale.
  e.useHelper("round_float");
  os << "for (int i = 0; i < " << n << "; ++i) {\n"
     << "  output[i] = (" << Emitter::cType(op.getType())
     << ")mcunet_quantize_float(" << input << "[i], " << floatLiteral(qo.scale)
     << ", " << qo.zeroPoint << ", " << qo.qmin << ", " << qo.qmax << ");\n}\n";
  return success();
}

static LogicalResult printDequantize(Emitter &e, const Layer &l,
                                     te::DequantizeOp op,
                                     raw_indented_ostream &os,
                                     std::string &params,
                                     std::string &comment) {
  auto inType = op.getInput().getType();
  std::string input = operandExpr(e, l, op.getInput(), "input", "", params);
  addOutputParam(op.getOutput(), params);
  comment += " *   input   " + Emitter::describe(inType) + "\n";
  QInfo qi = Emitter::qinfo(inType);
  os << "for (int i = 0; i < " << inType.getNumElements() << "; ++i) {\n"
     << "  output[i] = (float)" << offsetTerm(input + "[i]", -qi.zeroPoint)
     << " * " << floatLiteral(qi.scale) << ";\n}\n";
  return success();
}

//===----------------------------------------------------------------------===//
// slice, insert_slice
//===----------------------------------------------------------------------===//

/// Copies a window of `rows` x `cols` pixels (of `pixelBytes` each) between
/// an image `srcWidth` pixels wide and one `dstWidth` pixels wide: one
/// memcpy when both are contiguous, else one per row and image.
static void printWindowCopy(raw_indented_ostream &os, StringRef dst,
                            int64_t dstStart, int64_t dstWidth,
                            int64_t dstImage, StringRef src, int64_t srcStart,
                            int64_t srcWidth, int64_t srcImage, int64_t n,
                            int64_t rows, int64_t cols, int64_t pixelBytes) {
  auto plus = [](int64_t v) {
    return v ? " + " + std::to_string(v) : std::string();
  };
  if (n == 1 && (rows == 1 || (cols == srcWidth && cols == dstWidth))) {
    os << "memcpy(" << dst << plus(dstStart) << ", " << src << plus(srcStart)
       << ", " << rows * cols * pixelBytes << "u);\n";
    return;
  }
  if (n > 1)
    openLoop(os, "n", n);
  openLoop(os, "y", rows);
  std::string nd = n > 1 ? "n * " + std::to_string(dstImage) + " + " : "";
  std::string ns = n > 1 ? "n * " + std::to_string(srcImage) + " + " : "";
  os << "memcpy(" << dst << " + " << nd
     << affine("y", dstWidth * pixelBytes, dstStart) << ", " << src << " + "
     << ns << affine("y", srcWidth * pixelBytes, srcStart) << ", "
     << cols * pixelBytes << "u);\n";
  closeLoop(os, "y");
  if (n > 1)
    closeLoop(os, "n");
}

static LogicalResult printSlice(Emitter &e, const Layer &l, te::SliceOp op,
                                raw_indented_ostream &os, std::string &params,
                                std::string &comment) {
  ArrayRef<int64_t> in = op.getInput().getType().getShape();
  ArrayRef<int64_t> out = op.getOutput().getType().getShape();
  ArrayRef<int64_t> at = op.getOffsets();
  std::string input = operandExpr(e, l, op.getInput(), "input", "", params);
  addOutputParam(op.getOutput(), params);
  comment += " *   input   " + Emitter::describe(op.getInput().getType()) +
             "\n *   window  rows " + std::to_string(at[0]) + ".." +
             std::to_string(at[0] + out[1] - 1) + ", columns " +
             std::to_string(at[1]) + ".." + std::to_string(at[1] + out[2] - 1) +
             "\n";
  int64_t pixel = in[3] * te::getElementBytes(op.getInput().getType());
  os << "uint8_t *dst = (uint8_t *)output;\n";
  printWindowCopy(os, "dst", 0, out[2], out[1] * out[2] * pixel,
                  "(const uint8_t *)" + input, (at[0] * in[2] + at[1]) * pixel,
                  in[2], in[1] * in[2] * pixel, in[0], out[1], out[2], pixel);
  return success();
}

static LogicalResult printInsertSlice(Emitter &e, const Layer &l,
                                      te::InsertSliceOp op,
                                      raw_indented_ostream &os,
                                      std::string &params,
                                      std::string &comment) {
  ArrayRef<int64_t> patch = op.getPatch().getType().getShape();
  ArrayRef<int64_t> out = op.getOutput().getType().getShape();
  ArrayRef<int64_t> at = op.getOffsets();
  std::string src = operandExpr(e, l, op.getPatch(), "patch", "", params);
  bool inplace = te::getInplaceOperand(op) == 1u;
  std::string dest;
  if (op.getDest())
    dest = operandExpr(e, l, op.getDest(), "dest", "", params);
  addOutputParam(op.getOutput(), params);
  comment += " *   patch   " + Emitter::describe(op.getPatch().getType()) +
             "\n *   window  rows " + std::to_string(at[0]) + ".." +
             std::to_string(at[0] + patch[1] - 1) + ", columns " +
             std::to_string(at[1]) + ".." +
             std::to_string(at[1] + patch[2] - 1) + "\n";
  if (!op.getDest())
    comment += " *   (the first patch: the rest of the output is written by "
               "later patches)\n";
  else if (inplace)
    comment += " *   in place: the other patches are already in the output\n";
  int64_t bytes = te::getTensorBytes(op.getOutput().getType());
  if (!dest.empty() && inplace)
    os << "(void)" << dest << "; /* the same bytes as output */\n";
  else if (!dest.empty())
    os << "memcpy(output, " << dest << ", " << bytes << "u);\n";
  int64_t pixel = out[3] * te::getElementBytes(op.getOutput().getType());
  os << "uint8_t *dst = (uint8_t *)output;\n";
  printWindowCopy(os, "dst", (at[0] * out[2] + at[1]) * pixel, out[2],
                  out[1] * out[2] * pixel, "(const uint8_t *)" + src, 0,
                  patch[2], patch[1] * patch[2] * pixel, out[0], patch[1],
                  patch[2], pixel);
  return success();
}

LogicalResult mcunet::c_emit::printDataLayer(Emitter &e, const Layer &layer,
                                             raw_indented_ostream &os,
                                             std::string &params,
                                             std::string &comment) {
  return llvm::TypeSwitch<Operation *, LogicalResult>(layer.op)
      .Case([&](te::PadOp op) {
        return printPad(e, layer, op, os, params, comment);
      })
      .Case([&](te::TransposeOp op) {
        return printTranspose(e, layer, op, os, params, comment);
      })
      .Case([&](te::ConcatOp op) {
        return printConcat(e, layer, op, os, params, comment);
      })
      .Case([&](te::ResizeNearestOp op) {
        return printResize(e, layer, op, os, params, comment);
      })
      .Case([&](te::SliceOp op) {
        return printSlice(e, layer, op, os, params, comment);
      })
      .Case([&](te::InsertSliceOp op) {
        return printInsertSlice(e, layer, op, os, params, comment);
      })
      .Case([&](te::ClampOp op) {
        return printClamp(e, layer, op, os, params, comment);
      })
      .Case([&](te::QuantizeOp op) {
        return printQuantize(e, layer, op, os, params, comment);
      })
      .Case([&](te::DequantizeOp op) {
        return printDequantize(e, layer, op, os, params, comment);
      })
      .Default([&](Operation *op) {
        return op->emitError() << "the C emitter has no kernel for this op";
      });
}
