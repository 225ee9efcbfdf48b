//===- TranslateToC.cpp - te function to model.h/.c/_weights.c ------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// The emitter never modifies IR: it reads the op order and the memory plan
// (te.offset on ops and arguments, te.scratch, te.inplace, te.arena_size)
// set by --te-plan-memory, and prints. Output is a pure
// function of the IR and the options (byte-identical across runs).
//
//===----------------------------------------------------------------------===//

#include "Emitter.h"

#include "mcunet/Dialect/TinyEngine/Analysis/Memory.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

#include <cmath>
#include <cstdio>

#ifndef MCUNET_VERSION_STRING
#define MCUNET_VERSION_STRING "0.1.0"
#endif
#ifndef MCUNET_GIT_COMMIT
#define MCUNET_GIT_COMMIT "unknown"
#endif

using namespace mlir;
using namespace mcunet;
using namespace mcunet::c_emit;

//===----------------------------------------------------------------------===//
// Small helpers
//===----------------------------------------------------------------------===//

std::string mcunet::c_emit::formatDouble(double v) {
  char buf[64];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v)
      break;
  }
  return buf;
}

std::string mcunet::c_emit::floatLiteral(double v) {
  std::string s = formatDouble(static_cast<float>(v));
  if (s.find_first_of(".eEn") == std::string::npos)
    s += ".0";
  return s + "f";
}

/// A C identifier from an ONNX name: [a-z0-9_], no repeats, at most 40
/// characters (the end of long TensorFlow names is the informative part).
static std::string sanitize(StringRef name) {
  std::string out;
  for (char c : name) {
    char l = llvm::toLower(c);
    bool ok = llvm::isAlnum(l);
    if (!ok && (out.empty() || out.back() == '_'))
      continue;
    out.push_back(ok ? l : '_');
  }
  while (!out.empty() && out.back() == '_')
    out.pop_back();
  if (out.size() > 40) {
    out = out.substr(out.size() - 40);
    size_t cut = out.find('_');
    if (cut != std::string::npos && cut + 1 < out.size())
      out = out.substr(cut + 1);
  }
  return out;
}

/// The ONNX node name carried by a location, if any.
static std::string locName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (auto n = locName(inner); !n.empty())
        return n;
  return "";
}

static StringRef kindOf(Operation *op) {
  return llvm::TypeSwitch<Operation *, StringRef>(op)
      .Case([](te::Conv2DOp) { return "conv"; })
      .Case([](te::DepthwiseConv2DOp) { return "dwconv"; })
      .Case([](te::FullyConnectedOp) { return "fc"; })
      .Case([](te::AddOp) { return "add"; })
      .Case([](te::MulOp) { return "mul"; })
      .Case([](te::AvgPool2DOp) { return "avgpool"; })
      .Case([](te::MaxPool2DOp) { return "maxpool"; })
      .Case([](te::GlobalAvgPoolOp) { return "gap"; })
      .Case([](te::PadOp) { return "pad"; })
      .Case([](te::TransposeOp) { return "transpose"; })
      .Case([](te::ConcatOp) { return "concat"; })
      .Case([](te::SoftmaxOp) { return "softmax"; })
      .Case([](te::ClampOp) { return "clamp"; })
      .Case([](te::QuantizeOp) { return "quantize"; })
      .Case([](te::DequantizeOp) { return "dequantize"; })
      .Case([](te::ResizeNearestOp) { return "resize"; })
      .Case([](te::SliceOp) { return "slice"; })
      .Case([](te::InsertSliceOp) { return "insert"; })
      .Default([](Operation *) { return "op"; });
}

std::string Emitter::cType(Type type) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    type = shaped.getElementType();
  if (auto q = dyn_cast<quant::QuantizedType>(type)) {
    if (q.getStorageTypeIntegralWidth() == 32)
      return "int32_t";
    return q.isSigned() ? "int8_t" : "uint8_t";
  }
  if (type.isF32())
    return "float";
  if (type.isInteger(32))
    return "int32_t";
  return "int8_t";
}

QInfo Emitter::qinfo(Type type) {
  QInfo info;
  if (auto q = dyn_cast_or_null<quant::UniformQuantizedType>(
          te::getQuantizedElementType(type))) {
    info.quantized = true;
    info.scale = q.getScale();
    info.zeroPoint = q.getZeroPoint();
    info.qmin = q.getStorageTypeMin();
    info.qmax = q.getStorageTypeMax();
  }
  return info;
}

std::string Emitter::describe(Type type) {
  auto shaped = cast<ShapedType>(type);
  std::string s;
  for (auto [k, d] : llvm::enumerate(shaped.getShape()))
    s += (k ? "x" : "") + std::to_string(d);
  if (shaped.getRank() == 0)
    s = "scalar";
  auto elt = te::getQuantizedElementType(type);
  QInfo q = qinfo(type);
  if (q.quantized)
    return s + (elt.isSigned() ? " int" : " uint") +
           std::to_string(elt.getStorageTypeIntegralWidth()) + " (scale " +
           formatDouble(q.scale) + ", zero point " +
           std::to_string(q.zeroPoint) + ")";
  if (auto pa = dyn_cast_or_null<quant::UniformQuantizedPerAxisType>(elt))
    return s + " " +
           (pa.getStorageTypeIntegralWidth() == 32 ? "int32" : "int8") +
           " (per-channel scales along dimension " +
           std::to_string(pa.getQuantizedDimension()) + ")";
  return s + " float";
}

std::pair<int64_t, int64_t> Emitter::actRange(Operation *op) {
  QInfo q = qinfo(op->getResult(0).getType());
  int64_t lo = q.qmin, hi = q.qmax;
  if (auto a = op->getAttrOfType<IntegerAttr>("act_min"))
    lo = a.getInt();
  if (auto a = op->getAttrOfType<IntegerAttr>("act_max"))
    hi = a.getInt();
  return {lo, hi};
}

//===----------------------------------------------------------------------===//
// Constants and tables (the weights file)
//===----------------------------------------------------------------------===//

/// Prints `values` as a C initializer, `perLine` per line.
template <typename T>
static void printValues(llvm::raw_ostream &os, ArrayRef<T> values,
                        unsigned perLine, llvm::function_ref<void(T)> print) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (i % perLine == 0)
      os << (i ? ",\n    " : "    ");
    else
      os << ", ";
    print(values[i]);
  }
  os << "\n";
}

std::string Emitter::constant(Value value, const Layer &layer, StringRef role) {
  auto it = constantNames.find(value);
  if (it != constantNames.end())
    return it->second;
  auto cst = value.getDefiningOp<te::ConstantOp>();
  std::string name = prefix + "_" + layer.name + "_" + role.str();
  constantNames[value] = name;
  auto attr = cast<ElementsAttr>(cst.getValue());
  std::string type = cType(cst.getType());
  tableTypes[name] = type;
  int64_t n = attr.getNumElements();
  llvm::raw_string_ostream os(weightsText);
  if (layer.op)
    os << "/* " << role << " of layer " << layer.index << " ("
       << layer.op->getName().getStringRef() << "): " << describe(cst.getType())
       << " */\n";
  else
    os << "/* " << role << " of " << layer.name << ": "
       << describe(cst.getType()) << " */\n";
  os << "const " << type << " " << name << "[" << n << "] = {\n";
  if (type == "float") {
    SmallVector<float> v(attr.getValues<float>());
    if (!options.sizeOnly)
      printValues<float>(os, v, 8, [&](float x) { os << floatLiteral(x); });
  } else if (type == "int32_t") {
    SmallVector<int32_t> v(attr.getValues<int32_t>());
    if (!options.sizeOnly)
      printValues<int32_t>(os, v, 8, [&](int32_t x) {
        if (x == INT32_MIN)
          os << "(-2147483647 - 1)";
        else
          os << x;
      });
  } else {
    SmallVector<int8_t> v(attr.getValues<int8_t>());
    if (!options.sizeOnly)
      printValues<int8_t>(os, v, 16, [&](int8_t x) { os << int(x); });
  }
  os << "};\n\n";
  llvm::raw_string_ostream decl(externDecls);
  decl << "extern const " << type << " " << name << "[" << n << "];\n";
  weightsBytes += n * (type == "int8_t" ? 1 : 4);
  return name;
}

template <typename T>
std::string Emitter::emitTable(const Layer &layer, StringRef role,
                               ArrayRef<T> values, StringRef type,
                               unsigned perLine, bool wordAligned) {
  // Layers with the same table (the patches of one layer, usually) share
  // one copy.
  std::string key(reinterpret_cast<const char *>(values.data()),
                  values.size() * sizeof(T));
  auto [it, fresh] = tablesByContent.try_emplace(
      {type.str() + (wordAligned ? " aligned" : ""), key}, "");
  if (!fresh)
    return it->second;
  std::string name = prefix + "_" + layer.name + "_" + role.str();
  it->second = name;
  tableTypes[name] = type.str();
  llvm::raw_string_ostream os(weightsText);
  os << "/* " << role << " of layer " << layer.index << " */\n";
  os << "const " << type << " " << name << "[" << values.size() << "]"
     << (wordAligned ? " MCUNET_WORD_ALIGNED" : "") << " = {\n";
  usesWordAligned |= wordAligned;
  if (!options.sizeOnly)
    printValues<T>(os, values, perLine, [&](T x) { os << int64_t(x); });
  os << "};\n\n";
  llvm::raw_string_ostream decl(externDecls);
  decl << "extern const " << type << " " << name << "[" << values.size()
       << "];\n";
  weightsBytes += static_cast<int64_t>(sizeof(T) * values.size());
  return name;
}

std::string Emitter::table(const Layer &layer, StringRef role,
                           ArrayRef<int32_t> values) {
  return emitTable<int32_t>(layer, role, values, "int32_t", 8,
                            /*wordAligned=*/false);
}

std::string Emitter::tableI8(const Layer &layer, StringRef role,
                             ArrayRef<int8_t> values, bool wordAligned) {
  return emitTable<int8_t>(layer, role, values, "int8_t", 16, wordAligned);
}

std::string Emitter::tableI16(const Layer &layer, StringRef role,
                              ArrayRef<int16_t> values, bool wordAligned) {
  return emitTable<int16_t>(layer, role, values, "int16_t", 12, wordAligned);
}

//===----------------------------------------------------------------------===//
// Layers and buffers
//===----------------------------------------------------------------------===//

Emitter::Emitter(func::FuncOp func, const CEmitOptions &options)
    : func(func), options(options), prefix(sanitize(options.prefix)) {
  if (prefix.empty() || llvm::isDigit(prefix[0]))
    prefix = "model_" + prefix;
  upperPrefix = llvm::StringRef(prefix).upper();
}

LogicalResult Emitter::collectLayers() {
  unsigned count = 0;
  for (Operation &op : func.getBody().front())
    if (isa<te::TinyEngineDialect>(op.getDialect()) &&
        !isa<te::ConstantOp, te::ReshapeOp>(op))
      ++count;
  unsigned width = count >= 100 ? 3 : 2;
  unsigned index = 0;
  for (Operation &op : func.getBody().front()) {
    if (isa<func::ReturnOp>(op))
      continue;
    if (!isa<te::TinyEngineDialect>(op.getDialect()))
      return op.emitError() << "the C emitter only handles te ops, got '"
                            << op.getName() << "'";
    if (isa<te::ConstantOp, te::ReshapeOp>(op))
      continue;
    if (!op.getAttrOfType<IntegerAttr>("te.offset"))
      return op.emitError()
             << "has no arena offset: run --te-plan-memory (or the default "
                "pipeline) before --mlir-to-c";
    Layer layer;
    layer.op = &op;
    layer.index = ++index;
    std::string num = std::to_string(layer.index);
    num = std::string(width - std::min<size_t>(width, num.size()), '0') + num;
    std::string onnx = sanitize(locName(op.getLoc()));
    layer.name =
        "l" + num + "_" + kindOf(&op).str() + (onnx.empty() ? "" : "_" + onnx);
    layer.offsetMacro = "L" + num + "_OUT_OFFSET";
    layer.scratchMacro = "L" + num + "_SCRATCH_OFFSET";
    layerOf[&op] = layers.size();
    layers.push_back(layer);
  }
  return success();
}

std::string Emitter::pointerTo(Value v) {
  v = te::getBufferRoot(v);
  if (auto arg = dyn_cast<BlockArgument>(v))
    return "(" + cType(v.getType()) + " *)(arena.bytes + " +
           argOffsetMacro(arg.getArgNumber()) + ")";
  Operation *def = v.getDefiningOp();
  if (isa<te::ConstantOp>(def))
    return constantNames.lookup(v);
  const Layer &layer = layers[layerOf.lookup(def)];
  return "(" + cType(v.getType()) + " *)(arena.bytes + " + layer.offsetMacro +
         ")";
}

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

void Emitter::printFrontMatter(llvm::raw_ostream &os, StringRef what) {
  os << "/*\n * " << what << "\n *\n"
     << " * Generated by mcunet " << MCUNET_VERSION_STRING << " (commit "
     << MCUNET_GIT_COMMIT << "). Do not edit.\n";
  if (!options.commandLine.empty())
    os << " * Command: " << options.commandLine << "\n";
  if (!options.modelHash.empty())
    os << " * Model:   " << options.modelHash << "\n";
  os << " */\n\n";
}

/// C parameter names of the boundary tensors: `base`, or base0, base1, ...
/// when there are several (the ONNX names are in the header's comments).
static std::vector<std::string> boundaryNames(unsigned n, StringRef base) {
  std::vector<std::string> names;
  for (unsigned k = 0; k < n; ++k)
    names.push_back(n == 1 ? base.str() : base.str() + std::to_string(k));
  return names;
}

void Emitter::printHeader(llvm::raw_ostream &os) {
  std::string guard = upperPrefix + "_H";
  printFrontMatter(os, prefix + ".h - interface of the compiled model");
  os << "#ifndef " << guard << "\n#define " << guard << "\n\n"
     << "#include <stdint.h>\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  auto arena = func->getAttrOfType<IntegerAttr>("te.arena_size");
  os << "/* Bytes of the static arena inside " << prefix
     << ".c (SRAM): inputs, intermediate\n * tensors, outputs and kernel "
        "scratch. */\n";
  os << "#define " << upperPrefix << "_ARENA_SIZE " << arena.getInt()
     << "u\n\n";
  auto printTensor = [&](StringRef kind, unsigned k, Type type,
                         StringRef onnxName) {
    auto shaped = cast<ShapedType>(type);
    std::string base =
        upperPrefix + "_" + kind.upper() +
        (kind == "input"
             ? (func.getNumArguments() > 1 ? std::to_string(k) : std::string())
             : (func.getNumResults() > 1 ? std::to_string(k) : std::string()));
    os << "/* " << kind << " " << k << " '" << onnxName
       << "': " << describe(type) << ", ONNX layout";
    if (shaped.getRank() == 4)
      os << " (NCHW)";
    os << ". */\n";
    os << "#define " << base << "_TYPE " << cType(type) << "\n";
    os << "#define " << base << "_SIZE " << shaped.getNumElements() << "u\n";
    os << "#define " << base << "_RANK " << shaped.getRank() << "\n";
    for (auto [d, v] : llvm::enumerate(shaped.getShape()))
      os << "#define " << base << "_DIM" << d << " " << v << "\n";
    QInfo q = qinfo(type);
    if (q.quantized) {
      os << "#define " << base << "_SCALE " << floatLiteral(q.scale) << "\n";
      os << "#define " << base << "_ZERO_POINT " << q.zeroPoint << "\n";
    }
    os << "\n";
  };
  for (unsigned k = 0; k < func.getNumArguments(); ++k) {
    auto a = func.getArgAttrOfType<StringAttr>(k, "te.name");
    printTensor("input", k, func.getArgument(k).getType(),
                a ? a.getValue() : "");
  }
  for (unsigned k = 0; k < func.getNumResults(); ++k) {
    auto a = func.getResultAttrOfType<StringAttr>(k, "te.name");
    printTensor("output", k, func.getResultTypes()[k], a ? a.getValue() : "");
  }
  std::string inputAccessor =
      prefix + "_input" + (func.getNumArguments() > 1 ? "0()" : "()");
  std::string outputAccessor =
      prefix + "_output" + (func.getNumResults() > 1 ? "0()" : "()");
  if (func.getNumArguments() > 1)
    inputAccessor += ", " + prefix + "_input1(), ...";
  if (func.getNumResults() > 1)
    outputAccessor += ", " + prefix + "_output1(), ...";
  os << "/*\n"
     << " * Two ways to run the model:\n"
     << " *\n"
     << " * Zero copy: write the input where " << inputAccessor
     << " points (a camera or\n"
     << " * microphone driver can write there directly), call " << prefix
     << "_invoke(), read\n"
     << " * the output where " << outputAccessor
     << " points. All of it lives in the arena:\n"
     << " * SRAM = " << upperPrefix << "_ARENA_SIZE bytes + stack. " << prefix
     << "_invoke() overwrites the\n"
     << " * input (its bytes are reused), and writing the next input may "
        "overwrite\n"
     << " * the previous output: write the input before every call, read the\n"
     << " * output before writing the next input.\n"
     << " *\n"
     << " * Copying: " << prefix
     << "_run() copies the input into the arena and the output out of\n"
     << " * it; the caller's buffers add " << upperPrefix
     << "_RUN_EXTRA_BYTES to the SRAM.\n"
     << " *\n"
     << " * Not reentrant: the arena is static.\n"
     << " */\n";
  os << "#define " << upperPrefix << "_RUN_EXTRA_BYTES "
     << inputBytes() + outputBytes() << "u /* inputs " << inputBytes()
     << " + outputs " << outputBytes() << " */\n\n";
  for (unsigned k = 0; k < func.getNumArguments(); ++k)
    os << accessorSignature(/*input=*/true, k) << ";\n";
  for (unsigned k = 0; k < func.getNumResults(); ++k)
    os << accessorSignature(/*input=*/false, k) << ";\n";
  os << "/* Runs one inference in the arena. Returns 0. */\n";
  os << "int " << prefix << "_invoke(void);\n\n";
  os << "/* Copies the inputs in, runs, copies the outputs out, in the ONNX\n"
     << " * layout and element types above. Returns 0. */\n";
  os << runSignature() << ";\n\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* "
     << guard << " */\n";
}

std::string Emitter::accessorSignature(bool input, unsigned k) {
  unsigned count = input ? func.getNumArguments() : func.getNumResults();
  Type type = input ? func.getArgument(k).getType() : func.getResultTypes()[k];
  return (input ? "" : "const ") + cType(type) + " *" + prefix +
         (input ? "_input" : "_output") +
         (count > 1 ? std::to_string(k) : std::string()) + "(void)";
}

std::string Emitter::runSignature() {
  std::string text = "int " + prefix + "_run(";
  for (unsigned k = 0; k < func.getNumArguments(); ++k)
    text += (k ? ", " : "") + std::string("const ") +
            cType(func.getArgument(k).getType()) + " *" + argNames[k];
  for (unsigned k = 0; k < func.getNumResults(); ++k)
    text += (k || func.getNumArguments() ? ", " : "") +
            cType(func.getResultTypes()[k]) + " *" + resultNames[k];
  return text + ")";
}

std::string Emitter::argOffsetMacro(unsigned k) const {
  return llvm::StringRef(argNames[k]).upper() + "_OFFSET";
}

int64_t Emitter::inputBytes() {
  int64_t bytes = 0;
  for (BlockArgument arg : func.getArguments())
    bytes += te::getTensorBytes(arg.getType());
  return bytes;
}

int64_t Emitter::outputBytes() {
  int64_t bytes = 0;
  for (Type type : func.getResultTypes())
    bytes += te::getTensorBytes(type);
  return bytes;
}

LogicalResult Emitter::emit(CFiles &files) {
  if (!func->getAttrOfType<IntegerAttr>("te.arena_size"))
    return func.emitError() << "has no te.arena_size: run --te-plan-memory "
                               "(or the default pipeline) before --mlir-to-c";
  for (BlockArgument arg : func.getArguments())
    if (!func.getArgAttrOfType<IntegerAttr>(arg.getArgNumber(),
                                            te::kArgOffsetAttr))
      return func.emitError()
             << "input " << arg.getArgNumber()
             << " has no arena offset: run --te-plan-memory (or the default "
                "pipeline) before --mlir-to-c";
  argNames = boundaryNames(func.getNumArguments(), "input");
  resultNames = boundaryNames(func.getNumResults(), "output");
  if (failed(collectLayers()))
    return failure();

  // Layer functions first: they register constants, tables and helpers.
  std::string layerText, runText;
  std::vector<LayerText> layerTexts;
  std::string offsets;
  llvm::raw_string_ostream offOs(offsets);
  for (const Layer &layer : layers) {
    std::string body, params, comment;
    llvm::raw_string_ostream bodyOs(body);
    raw_indented_ostream ind(bodyOs);
    ind.indent();
    if (failed(printLayer(*this, layer, ind, params, comment)))
      return failure();
    Value out = layer.op->getResult(0);
    int64_t off = layer.op->getAttrOfType<IntegerAttr>("te.offset").getInt();
    int64_t bytes = te::getTensorBytes(out.getType());
    offOs << llvm::formatv("#define {0,-18} {1,7}u /* {2}, bytes [{1}, {3}) "
                           "*/\n",
                           layer.offsetMacro, off, describe(out.getType()),
                           off + bytes);
    std::string onnx = locName(layer.op->getLoc());
    LayerText text;
    llvm::raw_string_ostream layerOs(text.header);
    layerOs << "/*\n * Layer " << layer.index << ": "
            << layer.op->getName().getStringRef();
    if (!onnx.empty())
      layerOs << " \"" << onnx << "\"";
    layerOs << "\n" << comment;
    layerOs << " *   output  " << describe(out.getType()) << "\n";
    auto [lo, hi] = actRange(layer.op);
    if (qinfo(out.getType()).quantized &&
        (layer.op->hasAttr("act_min") || layer.op->hasAttr("act_max")))
      layerOs << " *   clamp   [" << lo << ", " << hi << "]\n";
    layerOs << " *   arena   output bytes [" << off << ", " << off + bytes
            << ")";
    if (std::optional<unsigned> k = te::getInplaceOperand(layer.op))
      layerOs << ", over "
              << (layer.op->getNumOperands() > 1 &&
                          !isa<te::DepthwiseConv2DOp>(layer.op)
                      ? "input" + std::to_string(*k + 1)
                      : std::string("the input"))
              << " (in place)";
    layerOs << "\n";
    if (auto scratch =
            layer.op->getAttrOfType<DenseI64ArrayAttr>(te::kScratchAttr)) {
      if (scratch.size() != 2 || scratch[1] < te::getScratchBytes(layer.op))
        return layer.op->emitError()
               << "te.scratch must be [offset, bytes] with at least "
               << te::getScratchBytes(layer.op) << " bytes";
      offOs << llvm::formatv("#define {0,-18} {1,7}u /* scratch, bytes [{1}, "
                             "{2}) */\n",
                             layer.scratchMacro, scratch[0],
                             scratch[0] + scratch[1]);
      layerOs << " *   arena   scratch bytes [" << scratch[0] << ", "
              << scratch[0] + scratch[1] << ")\n";
    } else if (te::getScratchBytes(layer.op) > 0) {
      return layer.op->emitError()
             << "needs " << te::getScratchBytes(layer.op)
             << " bytes of scratch but has no te.scratch: run "
                "--te-plan-memory after --te-inplace-depthwise";
    }
    layerOs << " */\n";
    text.name = layer.name;
    text.params = params;
    text.body = body;
    text.index = layer.index;
    layerTexts.push_back(std::move(text));
  }
  layerText = printLayerFunctions(layerTexts, prefix, tableTypes);

  // Offsets of the inputs.
  std::string argOffsets;
  llvm::raw_string_ostream argOs(argOffsets);
  for (BlockArgument arg : func.getArguments()) {
    int64_t off = func.getArgAttrOfType<IntegerAttr>(arg.getArgNumber(),
                                                     te::kArgOffsetAttr)
                      .getInt();
    argOs << llvm::formatv(
        "#define {0,-18} {1,7}u /* {2}, bytes [{1}, {3}) */\n",
        argOffsetMacro(arg.getArgNumber()), off, describe(arg.getType()),
        off + te::getTensorBytes(arg.getType()));
  }
  offsets = argOffsets + offsets;

  // The invoke function: a flat list of calls.
  llvm::raw_string_ostream runOs(runText);
  runOs << "int " << prefix << "_invoke(void) {\n";
  for (const Layer &layer : layers) {
    runOs << "  " << layer.name << "(";
    bool first = true;
    for (Value operand : layer.op->getOperands()) {
      if (operand.getDefiningOp<te::ConstantOp>())
        continue;
      runOs << (first ? "" : ", ") << pointerTo(operand);
      first = false;
    }
    runOs << (first ? "" : ", ") << pointerTo(layer.op->getResult(0));
    if (layer.op->hasAttr(te::kScratchAttr))
      runOs << ", (" << cType(layer.op->getOperand(0).getType())
            << " *)(arena.bytes + " << layer.scratchMacro << ")";
    runOs << ");\n";
    runOs << "  " << upperPrefix << "_TRACE(" << layer.index << ", \""
          << layer.name << "\", " << pointerTo(layer.op->getResult(0)) << ", "
          << te::getTensorBytes(layer.op->getResult(0).getType()) << "u);\n";
  }
  runOs << "  return 0;\n}\n\n";
  auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  for (auto [k, v] : llvm::enumerate(ret.getOperands())) {
    // A returned constant that no layer reads still needs its data.
    if (te::getBufferRoot(v).getDefiningOp<te::ConstantOp>()) {
      Layer pseudo;
      pseudo.name = "output" + std::to_string(k);
      constant(te::getBufferRoot(v), pseudo, "value");
    }
  }
  // The zero-copy accessors.
  for (BlockArgument arg : func.getArguments())
    runOs << accessorSignature(/*input=*/true, arg.getArgNumber())
          << " {\n  return " << pointerTo(arg) << ";\n}\n\n";
  for (auto [k, v] : llvm::enumerate(ret.getOperands()))
    runOs << accessorSignature(/*input=*/false, k) << " {\n  return "
          << pointerTo(v) << ";\n}\n\n";
  // The copying path.
  runOs << runSignature() << " {\n";
  for (BlockArgument arg : func.getArguments())
    runOs << "  memcpy(arena.bytes + " << argOffsetMacro(arg.getArgNumber())
          << ", " << argNames[arg.getArgNumber()] << ", "
          << te::getTensorBytes(arg.getType()) << "u);\n";
  runOs << "  " << prefix << "_invoke();\n";
  for (auto [k, v] : llvm::enumerate(ret.getOperands()))
    runOs << "  memcpy(" << resultNames[k] << ", " << pointerTo(v) << ", "
          << te::getTensorBytes(v.getType()) << "u);\n";
  runOs << "  return 0;\n}\n";

  // <prefix>.h
  {
    llvm::raw_string_ostream os(files.header);
    printHeader(os);
  }
  // <prefix>.c
  {
    llvm::raw_string_ostream os(files.source);
    printFrontMatter(os, prefix + ".c - " + std::to_string(layers.size()) +
                             (layers.size() == 1 ? " layer" : " layers") +
                             ", one function each; " + prefix +
                             "_invoke() calls them in order");
    os << "#include \"" << prefix << ".h\"\n\n#include <string.h>\n\n";
    os << "/* Weights, biases and requantization tables (" << prefix
       << "_weights.c, flash). */\n"
       << externDecls << "\n";
    if (func->getAttrOfType<IntegerAttr>("te.arena_size").getInt() > 0)
      os << "/* The arena: the inputs, every layer output and kernel scratch "
            "live at fixed\n * offsets. */\n"
         << "static union {\n  uint64_t align;\n  uint8_t bytes[" << upperPrefix
         << "_ARENA_SIZE];\n} arena;\n\n";
    else
      os << "/* No activation arena: the model computes nothing at run "
            "time. */\n\n";
    os << "/* Arena offsets: inputs, layer outputs, scratch. */\n"
       << offsets << "\n";
    os << "/* Define " << upperPrefix
       << "_TRACE(index, name, data, bytes) to observe every layer output\n"
       << " * (tests compare them with a reference); it expands to nothing by "
          "default. */\n"
       << "#ifndef " << upperPrefix << "_TRACE\n#define " << upperPrefix
       << "_TRACE(index, name, data, bytes) ((void)0)\n#endif\n\n";
    os << "/* Every layer is a function of its own, kept out of line: the "
          "compiler then\n * allocates registers to one layer's loops at a "
          "time. GCC also gets noclone:\n * GCC 12 at -O2 dropped the call of "
          "a layer's constant-propagated clone\n * (IPA-CP) whose stores its "
          "mod/ref summary lost (a float output at arena\n * offset 0, "
          "python/tests/test_export.py). */\n"
       << "#ifndef MCUNET_LAYER\n#if defined(__clang__)\n"
       << "#define MCUNET_LAYER static __attribute__((noinline))\n"
       << "#elif defined(__GNUC__)\n"
       << "#define MCUNET_LAYER static __attribute__((noinline, noclone))\n"
       << "#else\n#define MCUNET_LAYER static\n#endif\n#endif\n\n";
    printHelpers(os, helpers);
    os << layerText << runText;
  }
  // <prefix>_weights.c
  {
    llvm::raw_string_ostream os(files.weights);
    printFrontMatter(os, prefix + "_weights.c - constant data (flash)");
    os << "#include <stdint.h>\n\n";
    if (usesWordAligned)
      os << "/* Tables a kernel reads a word (or two, LDRD) at a time. */\n"
         << "#if defined(__GNUC__)\n"
         << "#define MCUNET_WORD_ALIGNED __attribute__((aligned(4)))\n"
         << "#else\n#define MCUNET_WORD_ALIGNED\n#endif\n\n";
    os << weightsText;
  }
  files.weightsBytes = weightsBytes;
  files.prefix = prefix;
  for (const Layer &layer : layers)
    files.layers.push_back({layer.name, layer.op});
  return success();
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

LogicalResult mcunet::translateToC(ModuleOp module, const CEmitOptions &options,
                                   CFiles &files) {
  func::FuncOp func;
  for (auto f : module.getOps<func::FuncOp>()) {
    if (func)
      return f.emitError() << "the C emitter expects one function per module";
    func = f;
  }
  if (!func)
    return module.emitError() << "no function to emit";
  if (!func.getBody().hasOneBlock())
    return func.emitError() << "the C emitter expects a single-block function";
  Emitter emitter(func, options);
  return emitter.emit(files);
}

void mcunet::registerToCTranslation() {
  static llvm::cl::opt<std::string> prefix(
      "c-prefix", llvm::cl::desc("Prefix of the C symbols and files"),
      llvm::cl::init("model"));
  static llvm::cl::opt<std::string> outputDir(
      "c-output-dir",
      llvm::cl::desc("Write <prefix>.h, <prefix>.c and <prefix>_weights.c "
                     "into this folder instead of printing them"),
      llvm::cl::init(""));
  static TranslateFromMLIRRegistration registration(
      "mlir-to-c", "translate a prepared te module to C99",
      [](Operation *op, llvm::raw_ostream &os) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        if (!module)
          return op->emitError() << "expected a module";
        CEmitOptions options;
        options.prefix = prefix;
        CFiles files;
        if (failed(translateToC(module, options, files)))
          return failure();
        std::string base = files.prefix;
        if (outputDir.empty()) {
          os << "// ----- " << base << ".h\n"
             << files.header << "// ----- " << base << ".c\n"
             << files.source << "// ----- " << base << "_weights.c\n"
             << files.weights;
          return success();
        }
        // All three or none: write to temporaries, then keep them.
        std::error_code ec = llvm::sys::fs::create_directories(outputDir);
        if (ec)
          return op->emitError()
                 << "cannot create '" << outputDir << "': " << ec.message();
        std::vector<std::unique_ptr<llvm::ToolOutputFile>> outs;
        for (auto [name, text] :
             {std::pair<std::string, std::string *>{base + ".h", &files.header},
              {base + ".c", &files.source},
              {base + "_weights.c", &files.weights}}) {
          SmallString<256> path(outputDir.getValue());
          llvm::sys::path::append(path, name);
          auto out = std::make_unique<llvm::ToolOutputFile>(
              path, ec, llvm::sys::fs::OF_None);
          if (ec)
            return op->emitError()
                   << "cannot write '" << path << "': " << ec.message();
          out->os() << *text;
          outs.push_back(std::move(out));
        }
        for (auto &out : outs)
          out->keep();
        return success();
      },
      [](DialectRegistry &registry) {
        registry.insert<te::TinyEngineDialect, func::FuncDialect,
                        quant::QuantDialect>();
      });
}
