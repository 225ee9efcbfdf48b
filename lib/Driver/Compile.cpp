//===- Compile.cpp - ONNX model to C, as a library ------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "mcunet/Driver/Compile.h"

#include "mcunet/Dialect/TinyEngine/Analysis/Cost.h"
#include "mcunet/Dialect/TinyEngine/Analysis/Memory.h"
#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h"
#include "mcunet/Target/C/TranslateToC.h"
#include "mcunet/Target/ONNX/ImportONNX.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/SourceMgr.h"

#include <map>

using namespace mlir;
using namespace mcunet;
using namespace mcunet::driver;

namespace {

/// Stack and code size measured by compiling the generated C with the
/// target's compiler (-fstack-usage), when that compiler is installed.
struct Measured {
  std::string compiler; ///< Empty when no compiler was found.
  bool failed = false;  ///< The compiler was found but the compile failed.
  int64_t stackBytes = 0;
  int64_t codeBytes = -1;
};

std::string compilerFor(StringRef tgt, SmallVectorImpl<StringRef> &flags) {
  if (tgt == "cortex-m7") {
    flags.append({"-mcpu=cortex-m7", "-mthumb", "-mfloat-abi=hard",
                  "-mfpu=fpv5-d16", "-ffreestanding"});
    return "arm-none-eabi-gcc";
  }
  if (tgt == "cortex-m4") {
    flags.append({"-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard",
                  "-mfpu=fpv4-sp-d16", "-ffreestanding"});
    return "arm-none-eabi-gcc";
  }
  return "cc";
}

/// Removes a folder and what is in it (one level: the measurement's files).
void removeFolder(StringRef dir) {
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec))
    llvm::sys::fs::remove(it->path());
  llvm::sys::fs::remove(dir);
}

/// Writes <prefix>.c and .h into a temporary folder, compiles the source to
/// an object with -fstack-usage and reads the frames back. Stack = run() +
/// invoke() + the largest layer + the largest shared layer code + the
/// largest out-of-line helper (an upper bound of the deepest call chain).
Measured measure(StringRef tgt, const CFiles &files,
                 ArrayRef<std::string> layerNames) {
  Measured m;
  SmallVector<StringRef> flags;
  std::string cc = compilerFor(tgt, flags);
  auto program = llvm::sys::findProgramByName(cc);
  if (!program)
    return m;
  m.compiler = cc;
  SmallString<256> dir;
  if (llvm::sys::fs::createUniqueDirectory("mcunet-measure", dir)) {
    m.failed = true;
    return m;
  }
  StringRef base = files.prefix;
  SmallString<256> src(dir), hdr(dir), obj(dir), su(dir), sizeOut(dir);
  llvm::sys::path::append(src, base + ".c");
  llvm::sys::path::append(hdr, base + ".h");
  llvm::sys::path::append(obj, base + ".o");
  llvm::sys::path::append(su, base + ".su");
  llvm::sys::path::append(sizeOut, base + ".size");
  auto writeFile = [](StringRef path, StringRef text) {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    if (ec)
      return false;
    os << text;
    return !os.has_error();
  };
  if (!writeFile(src, files.source) || !writeFile(hdr, files.header)) {
    removeFolder(dir);
    m.failed = true;
    return m;
  }
  SmallVector<StringRef> args = {
      cc,  "-std=c99", "-O2", "-fstack-usage", "-ffunction-sections", "-c",
      src, "-o",       obj};
  args.append(flags.begin(), flags.end());
  std::optional<StringRef> quietRedirects[] = {std::nullopt, StringRef(""),
                                               StringRef("")};
  int rc = llvm::sys::ExecuteAndWait(*program, args, std::nullopt,
                                     quietRedirects, 120);
  auto buffer = llvm::MemoryBuffer::getFile(su);
  if (rc != 0 || !buffer) {
    removeFolder(dir);
    m.failed = true;
    return m;
  }
  std::map<std::string, int64_t> frames;
  SmallVector<StringRef> lines;
  (*buffer)->getBuffer().split(lines, '\n', -1, false);
  for (StringRef line : lines) {
    SmallVector<StringRef> cols;
    line.split(cols, '\t');
    if (cols.size() < 2)
      continue;
    StringRef fn = cols[0].rsplit(':').second;
    int64_t bytes = 0;
    if (!cols[1].getAsInteger(10, bytes))
      frames[fn.str()] = bytes;
  }
  int64_t run = frames[base.str() + "_run"] + frames[base.str() + "_invoke"];
  int64_t layer = 0, helper = 0;
  for (const std::string &name : layerNames)
    layer = std::max(layer, frames[name]);
  // A layer whose code is shared (kNN_<kind>, SharedKernels.cpp) calls it:
  // its frame adds to the layer's.
  int64_t shared = 0;
  for (auto &[name, bytes] : frames) {
    StringRef n(name);
    if (n.starts_with("mcunet_"))
      helper = std::max(helper, bytes);
    if (n.size() > 3 && n[0] == 'k' && llvm::isDigit(n[1]) &&
        llvm::isDigit(n[2]) && n[3] == '_')
      shared = std::max(shared, bytes);
  }
  layer += shared;
  m.compiler = cc + (flags.empty() ? "" : " " + flags[0].str());
  m.stackBytes = run + layer + helper;
  // Code bytes: the object's text sections.
  std::string sizeTool = tgt == "host" ? "size" : "arm-none-eabi-size";
  if (auto sizeProgram = llvm::sys::findProgramByName(sizeTool)) {
    std::optional<StringRef> redirects[] = {std::nullopt, StringRef(sizeOut),
                                            StringRef("")};
    if (llvm::sys::ExecuteAndWait(*sizeProgram, {sizeTool, obj}, std::nullopt,
                                  redirects, 60) == 0) {
      if (auto text = llvm::MemoryBuffer::getFile(sizeOut)) {
        SmallVector<StringRef> rows;
        (*text)->getBuffer().split(rows, '\n', -1, false);
        if (rows.size() >= 2) {
          StringRef first = rows[1].trim().split(' ').first.split('\t').first;
          int64_t v;
          if (!first.getAsInteger(10, v))
            m.codeBytes = v;
        }
      }
    }
  }
  removeFolder(dir);
  return m;
}

llvm::json::Array shapeArray(Type type) {
  llvm::json::Array dims;
  for (int64_t d : cast<ShapedType>(type).getShape())
    dims.push_back(d);
  return dims;
}

std::string shapeString(Type type) {
  std::string s;
  for (auto [k, d] : llvm::enumerate(cast<ShapedType>(type).getShape()))
    s += (k ? "x" : "") + std::to_string(d);
  return s;
}

/// One input or output of the generated interface: its C name, ONNX shape,
/// element type (as numpy spells it) and quantization.
llvm::json::Object interfaceEntry(std::string name, Type type) {
  Type element = cast<ShapedType>(type).getElementType();
  std::string dtype = "int8";
  llvm::json::Object entry{{"name", std::move(name)},
                           {"shape", shapeArray(type)}};
  if (auto q = dyn_cast<quant::UniformQuantizedType>(element)) {
    dtype = q.getStorageTypeIntegralWidth() == 32 ? "int32"
            : q.isSigned()                        ? "int8"
                                                  : "uint8";
    entry["scale"] = q.getScale();
    entry["zero_point"] = q.getZeroPoint();
  } else if (element.isF32()) {
    dtype = "float32";
  } else if (element.isInteger(32)) {
    dtype = "int32";
  }
  entry["dtype"] = dtype;
  entry["bytes"] = te::getTensorBytes(type);
  return entry;
}

/// Records the module after the import and after every pass. (Every JSON
/// string here is owned: the report outlives the context.)
class StageRecorder : public PassInstrumentation {
public:
  explicit StageRecorder(std::vector<std::pair<std::string, std::string>> &s)
      : stages(s) {}
  void runAfterPass(Pass *pass, Operation *op) override {
    ModuleOp module = isa<ModuleOp>(op) ? cast<ModuleOp>(op)
                                        : op->getParentOfType<ModuleOp>();
    if (!module)
      return;
    // The adaptors that run nested pipelines (no argument) are not stages
    // of their own: the passes they run are.
    std::string name = pass->getArgument().str();
    if (name.empty())
      return;
    stages.emplace_back(name, print(module));
  }
  static std::string print(ModuleOp module) {
    std::string text;
    llvm::raw_string_ostream os(text);
    OpPrintingFlags flags;
    flags.elideLargeElementsAttrs(16);
    module->print(os, flags);
    return text;
  }

private:
  std::vector<std::pair<std::string, std::string>> &stages;
};

} // namespace

LogicalResult driver::checkOptions(const CompileOptions &options,
                                   llvm::raw_ostream &errs, bool cliNames) {
  auto name = [&](StringRef cli, StringRef python) {
    return cliNames ? cli : python;
  };
  if (options.target != "host" && options.target != "cortex-m4" &&
      options.target != "cortex-m7") {
    errs << "error: unknown " << name("--target", "target") << " '"
         << options.target << "' (host, cortex-m4, cortex-m7)\n";
    return failure();
  }
  if (!te::parsePlanStrategy(options.memoryPlan)) {
    errs << "error: unknown " << name("--memory-plan", "memory_plan") << " '"
         << options.memoryPlan
         << "' (ours, tflm-greedy, tinyengine-first-fit, naive)\n";
    return failure();
  }
  if (options.kernels != "specialized" && options.kernels != "reference") {
    errs << "error: unknown " << name("--kernels", "kernels") << " '"
         << options.kernels << "' (specialized, reference)\n";
    return failure();
  }
  if (options.schedule != "layerwise" && options.schedule != "fused") {
    errs << "error: unknown " << name("--schedule", "schedule") << " '"
         << options.schedule << "' (layerwise, fused)\n";
    return failure();
  }
  if (!(options.maxOverhead >= 0.0)) {
    errs << "error: " << name("--max-overhead", "max_overhead")
         << " must not be negative (got "
         << llvm::format("%g", options.maxOverhead) << ")\n";
    return failure();
  }
  if (options.sramBudget && *options.sramBudget <= 0) {
    errs << "error: " << name("--sram-budget", "sram_budget")
         << " must be positive (got " << *options.sramBudget << ")\n";
    return failure();
  }
  if (options.int16WeightsBudget < -1) {
    errs << "error: " << name("--int16-weights-budget", "int16_weights_budget")
         << " must be -1 (no limit) or at least 0 (got "
         << options.int16WeightsBudget << ")\n";
    return failure();
  }
  return success();
}

/// The model as a te module: ONNX (binary or textual) through the importer,
/// or, for a name ending in .mlir, a te function as mcunet-opt reads it
/// (what TinyNAS writes, what lit tests hold).
static OwningOpRef<ModuleOp> loadModel(StringRef model, StringRef name,
                                       MLIRContext &context) {
  if (!name.ends_with(".mlir"))
    return mcunet::importONNX(model, name, &context);
  context.loadDialect<te::TinyEngineDialect, quant::QuantDialect,
                      func::FuncDialect>();
  ParserConfig config(&context);
  auto buffer =
      llvm::MemoryBuffer::getMemBuffer(model, name,
                                       /*RequiresNullTerminator=*/false);
  llvm::SourceMgr sources;
  sources.AddNewSourceBuffer(std::move(buffer), SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sources, config);
  if (module && llvm::range_size(module->getOps<func::FuncOp>()) != 1) {
    module->emitError() << name << ": expected one func.func of te ops";
    return nullptr;
  }
  return module;
}

LogicalResult driver::compileModel(StringRef model,
                                   const CompileOptions &options,
                                   MLIRContext &context, CompileResult &result,
                                   llvm::raw_ostream &errs) {
  if (failed(checkOptions(options, errs, /*cliNames=*/false)))
    return failure();
  OwningOpRef<ModuleOp> module = loadModel(model, options.modelName, context);
  if (!module)
    return failure();
  if (options.keepStages)
    result.stages.emplace_back("import", StageRecorder::print(*module));

  PassManager pm(&context);
  te::PipelineOptions pipeline;
  // With patches: the imported module, kept for the layer-by-layer plan
  // the report compares with.
  OwningOpRef<ModuleOp> plain;
  if (options.schedule == "fused")
    plain = module->clone();
  pipeline.inplace = options.inplace;
  pipeline.strategy = options.memoryPlan;
  pipeline.specialize = options.kernels == "specialized";
  pipeline.fuse = options.schedule == "fused";
  pipeline.sramBudget =
      options.fuseArenaTarget.value_or(options.sramBudget.value_or(0));
  pipeline.maxOverhead = options.maxOverhead;
  pipeline.int16WeightsBudget = options.int16WeightsBudget;
  te::buildDefaultPipeline(pm, pipeline);
  if (options.keepStages)
    pm.addInstrumentation(std::make_unique<StageRecorder>(result.stages));
  if (failed(pm.run(*module)))
    return failure();

  CEmitOptions emitOptions;
  emitOptions.prefix = options.prefix;
  emitOptions.commandLine = options.commandLine;
  emitOptions.modelHash =
      "sha256 " +
      llvm::toHex(llvm::SHA256::hash(llvm::arrayRefFromStringRef(model)),
                  /*LowerCase=*/true);
  CFiles files;
  if (failed(translateToC(*module, emitOptions, files)))
    return failure();
  result.prefix = files.prefix;

  func::FuncOp func = *module->getOps<func::FuncOp>().begin();
  int64_t arena = func->getAttrOfType<IntegerAttr>("te.arena_size").getInt();
  FailureOr<report::MemoryReport> memory =
      report::buildMemoryReport(func, files.layers);
  if (failed(memory))
    return failure();
  if (pipeline.fuse) {
    // The layer-by-layer plan of the same model, for the before/after
    // report.
    PassManager plainPm(&context);
    te::PipelineOptions layerwise;
    layerwise.inplace = pipeline.inplace;
    layerwise.strategy = options.memoryPlan;
    layerwise.specialize = pipeline.specialize;
    te::buildDefaultPipeline(plainPm, layerwise);
    // Only the layers are needed: no values of the constant arrays.
    CEmitOptions sizes = emitOptions;
    sizes.sizeOnly = true;
    CFiles plainFiles;
    if (failed(plainPm.run(*plain)) ||
        failed(translateToC(*plain, sizes, plainFiles)))
      return failure();
    func::FuncOp plainFunc = *plain->getOps<func::FuncOp>().begin();
    FailureOr<report::MemoryReport> plainMemory =
        report::buildMemoryReport(plainFunc, plainFiles.layers);
    if (failed(plainMemory))
      return failure();
    report::LayerwiseBaseline base;
    base.layers = plainMemory->layers;
    base.liveBytes = plainMemory->liveBytes;
    base.arenaBytes = plainMemory->arenaBytes;
    base.peakLayer = plainMemory->peakLayer;
    for (auto &[name, op] : plainFiles.layers)
      base.macs += te::getMacs(op);
    int64_t macs = 0;
    for (auto &[name, op] : files.layers)
      macs += te::getMacs(op);
    memory->extraMacs = macs - base.macs;
    memory->layerwise = std::move(base);
  }
  result.memory = *memory;
  std::optional<int64_t> budget = options.sramBudget;
  // The arena alone over the budget: no need to measure the stack.
  if (budget && arena > *budget) {
    errs << "error: " << options.modelName << ": "
         << report::explainBudgetMiss(*memory, arena, *budget,
                                      "the arena alone")
         << "\n";
    return failure();
  }

  std::vector<std::string> layerNames;
  for (auto &[name, op] : files.layers)
    layerNames.push_back(name);
  Measured measured;
  if (options.measure)
    measured = measure(options.target, files, layerNames);
  bool measuredOk = !measured.compiler.empty() && !measured.failed;
  int64_t stack = measuredOk ? measured.stackBytes : 512;
  std::string stackMethod =
      measuredOk         ? "-fstack-usage with " + measured.compiler
      : !options.measure ? "default 512 bytes (not measured)"
      : measured.compiler.empty()
          ? "default 512 bytes (no " +
                std::string(options.target == "host" ? "cc"
                                                     : "arm-none-eabi-gcc") +
                " found)"
          : "default 512 bytes (the measuring compile with " +
                measured.compiler + " failed)";
  if (budget && arena + stack > *budget && pipeline.fuse &&
      !options.fuseArenaTarget && *budget > stack) {
    // The arena fit, the stack tipped it over: aim the patches at the
    // budget less the stack.
    CompileOptions again = options;
    again.fuseArenaTarget = *budget - stack;
    result = CompileResult();
    return compileModel(model, again, context, result, errs);
  }
  if (budget && arena + stack > *budget) {
    errs << "error: " << options.modelName << ": "
         << report::explainBudgetMiss(
                *memory, arena + stack, *budget,
                llvm::formatv("arena {0} + stack {1}", arena, stack).str())
         << "\n";
    return failure();
  }

  int64_t totalMacs = 0, totalParams = 0;
  llvm::json::Array layers;
  std::string table;
  llvm::raw_string_ostream tos(table);
  tos << llvm::formatv("  {0,-40} {1,-20} {2,12} {3,20} {4,12}\n", "layer",
                       "output", "MACs", "arena bytes", "live bytes");
  for (auto [k, layer] : llvm::enumerate(files.layers)) {
    auto &[name, op] = layer;
    int64_t macs = te::getMacs(op);
    int64_t params = te::getParams(op);
    totalMacs += macs;
    totalParams += params;
    Value out = op->getResult(0);
    int64_t off = op->getAttrOfType<IntegerAttr>("te.offset").getInt();
    int64_t bytes = te::getTensorBytes(out.getType());
    std::string onnx;
    if (auto loc = dyn_cast<NameLoc>(op->getLoc()))
      onnx = loc.getName().str();
    std::string kernel;
    if (auto attr = op->getAttrOfType<StringAttr>("te.kernel"))
      kernel = attr.getValue().str();
    layers.push_back(
        llvm::json::Object{{"name", name},
                           {"op", op->getName().getStringRef().str()},
                           {"onnx_name", onnx},
                           {"kernel", kernel},
                           {"output_shape", shapeString(out.getType())},
                           {"macs", macs},
                           {"params", params},
                           {"arena_offset", off},
                           {"arena_bytes", bytes},
                           {"live_bytes", memory->liveBytes[k]}});
    if (op->hasAttr(te::kInt16WeightsAttr))
      (*layers.back().getAsObject())["int16_weights"] = true;
    if (auto tile = op->getAttrOfType<DenseI64ArrayAttr>("te.tile");
        tile && tile.size() == 2)
      (*layers.back().getAsObject())["tile"] =
          llvm::formatv("{0}x{1}", tile[0], tile[1]).str();
    tos << llvm::formatv("  {0,-40} {1,-20} {2,12} {3,20} {4,12}{5}\n", name,
                         shapeString(out.getType()), macs,
                         llvm::formatv("[{0}, {1})", off, off + bytes).str(),
                         memory->liveBytes[k],
                         k == memory->peakLayer ? " <- peak" : "");
  }
  // The copying path (model_run) needs the caller's input and output
  // buffers besides the arena; the zero-copy path does not.
  int64_t ioBytes = 0;
  llvm::json::Array inputs, outputs;
  std::string upper = StringRef(files.prefix).upper();
  for (auto [k, t] : llvm::enumerate(func.getArgumentTypes())) {
    ioBytes += te::getTensorBytes(t);
    std::string suffix = func.getNumArguments() > 1
                             ? "INPUT" + std::to_string(k)
                             : std::string("INPUT");
    inputs.push_back(interfaceEntry(upper + "_" + suffix, t));
  }
  for (auto [k, t] : llvm::enumerate(func.getResultTypes())) {
    ioBytes += te::getTensorBytes(t);
    std::string suffix = func.getNumResults() > 1 ? "OUTPUT" + std::to_string(k)
                                                  : std::string("OUTPUT");
    outputs.push_back(interfaceEntry(upper + "_" + suffix, t));
  }
  llvm::json::Object reportObj{{"model", options.modelName},
                               {"target", options.target},
                               {"prefix", files.prefix},
                               {"macs", totalMacs},
                               {"params", totalParams},
                               {"arena_bytes", arena},
                               {"lower_bound_bytes", memory->lowerBound},
                               {"io_bytes", ioBytes},
                               {"stack_bytes_estimate", stack},
                               {"stack_method", stackMethod},
                               {"peak_sram_bytes", arena + stack},
                               {"peak_sram_bytes_run", arena + stack + ioBytes},
                               {"memory", report::toJSON(*memory, budget)},
                               {"flash_weights_bytes", files.weightsBytes},
                               {"flash_code_bytes", measured.codeBytes},
                               {"inputs", std::move(inputs)},
                               {"outputs", std::move(outputs)},
                               {"layers", std::move(layers)}};
  result.report = llvm::json::Value(std::move(reportObj));

  std::string base = files.prefix;
  llvm::raw_string_ostream sos(result.summary);
  sos << table << "\n"
      << llvm::formatv("  MACs                 {0}\n", totalMacs)
      << llvm::formatv("  parameters           {0}\n", totalParams)
      << llvm::formatv("  arena (SRAM)         {0} bytes: inputs, "
                       "tensors, outputs, scratch (lower bound "
                       "{1}, +{2:F2}%)\n",
                       arena, memory->lowerBound,
                       memory->lowerBound
                           ? 100.0 * (arena - memory->lowerBound) /
                                 memory->lowerBound
                           : 0.0)
      << (memory->layerwise
              ? llvm::formatv(
                    "  layer by layer       arena {0} bytes, {1} MACs: "
                    "patch-based execution needs {2:F2}x less arena for "
                    "+{3} MACs (+{4:F2}%)\n",
                    memory->layerwise->arenaBytes, memory->layerwise->macs,
                    arena ? double(memory->layerwise->arenaBytes) / arena : 0.0,
                    memory->extraMacs,
                    memory->layerwise->macs
                        ? 100.0 * memory->extraMacs / memory->layerwise->macs
                        : 0.0)
                    .str()
              : std::string())
      << llvm::formatv("  stack (estimate)     {0} bytes ({1})\n", stack,
                       stackMethod)
      << llvm::formatv("  peak SRAM            {0} bytes = arena + "
                       "stack ({1}_input/_invoke/_output)\n",
                       arena + stack, base)
      << llvm::formatv("  peak SRAM, {0}_run {1} bytes (+ the "
                       "caller's input and output, {2} bytes)\n",
                       base, arena + stack + ioBytes, ioBytes)
      << llvm::formatv("  flash: weights       {0} bytes\n",
                       files.weightsBytes);
  if (measured.codeBytes >= 0)
    sos << llvm::formatv("  flash: code          {0} bytes\n",
                         measured.codeBytes);

  std::string json;
  {
    llvm::raw_string_ostream os(json);
    os << llvm::formatv("{0:2}", result.report) << "\n";
  }
  result.files = {{base + ".h", std::move(files.header)},
                  {base + ".c", std::move(files.source)},
                  {base + "_weights.c", std::move(files.weights)},
                  {base + ".mlir", StageRecorder::print(*module)},
                  {"report.json", std::move(json)}};
  return success();
}
