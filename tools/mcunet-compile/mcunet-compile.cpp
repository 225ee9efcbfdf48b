//===- mcunet-compile.cpp - ONNX model to C in one step -------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// The user driver: import an ONNX model, run the default pipeline, emit
// <prefix>.h, <prefix>.c and <prefix>_weights.c into the output folder, and
// report MACs, parameters, SRAM (arena + stack) and flash per layer, on the
// terminal and as report.json. Every file is written to a temporary and
// renamed at the end: on any error, nothing is left half-written.
//
//===----------------------------------------------------------------------===//

#include "MemoryReport.h"

#include "mcunet/Dialect/TinyEngine/Analysis/Cost.h"
#include "mcunet/Dialect/TinyEngine/Analysis/Memory.h"
#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h"
#include "mcunet/Target/C/TranslateToC.h"
#include "mcunet/Target/ONNX/ImportONNX.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

using namespace mlir;
namespace cl = llvm::cl;

static cl::OptionCategory category("mcunet-compile options");
static cl::opt<std::string> inputFile(cl::Positional, cl::Required,
                                      cl::desc("<model.onnx|model.onnxtxt>"),
                                      cl::cat(category));
static cl::opt<std::string> outputDir("o", cl::Required,
                                      cl::desc("Output folder"),
                                      cl::value_desc("dir"), cl::cat(category));
static cl::opt<std::string>
    target("target", cl::init("host"),
           cl::desc("Target: host, cortex-m4 or cortex-m7 (selects the C "
                    "compiler used to measure stack and code size)"),
           cl::cat(category));
static cl::opt<std::string> prefix("prefix", cl::init("model"),
                                   cl::desc("Prefix of the C symbols/files"),
                                   cl::cat(category));
static cl::opt<bool> quiet("q", cl::desc("Do not print the report"),
                           cl::cat(category));
static cl::opt<bool>
    runQemu("run-qemu",
            cl::desc("Run the model under QEMU (--target cortex-m4/m7): "
                     "instructions, flash and SRAM, written to qemu.json "
                     "(docs/benchmarks.md)"),
            cl::cat(category));
static cl::opt<std::string>
    qemuInput("qemu-input",
              cl::desc("Raw input for --run-qemu (default: all zeros)"),
              cl::value_desc("file"), cl::cat(category));

static cl::opt<std::string> memoryReport(
    "memory-report",
    cl::desc("Draw the memory plan: live bytes per layer and the arena "
             "layout, as an SVG (and the same data as JSON next to it)"),
    cl::value_desc("out.svg"), cl::cat(category));
static cl::opt<std::string> sramBudget(
    "sram-budget",
    cl::desc("Fail, naming the layer at the peak and its live tensors, if "
             "arena + stack exceed this (e.g. 256KB, 320K, 1MB, 65536)"),
    cl::value_desc("size"), cl::cat(category));
static cl::opt<bool>
    inplace("inplace", cl::init(true),
            cl::desc("Run depthwise and element-wise layers in place where "
                     "their input dies (default on)"),
            cl::cat(category));
static cl::opt<std::string> kernels(
    "kernels", cl::init("specialized"),
    cl::desc("specialized (default: per-layer kernels, DSP on Cortex-M4/M7) "
             "or reference (the portable loops, for comparisons)"),
    cl::cat(category));
static cl::opt<std::string>
    memoryPlan("memory-plan", cl::init("ours"),
               cl::desc("Arena placement: ours (default), tflm-greedy, "
                        "tinyengine-first-fit or naive (for comparisons)"),
               cl::cat(category));

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

/// Compiles <prefix>.c in `dir` to an object with -fstack-usage and reads
/// the frames back. Stack = run() + invoke() + the largest layer + the
/// largest out-of-line helper (an upper bound of the deepest call chain).
Measured measure(StringRef dir, StringRef base,
                 ArrayRef<std::string> layerNames) {
  Measured m;
  SmallVector<StringRef> flags;
  std::string cc = compilerFor(target, flags);
  auto program = llvm::sys::findProgramByName(cc);
  if (!program)
    return m;
  SmallString<256> src(dir), obj(dir), su(dir);
  llvm::sys::path::append(src, base + ".c");
  llvm::sys::path::append(obj, base + ".o");
  llvm::sys::path::append(su, base + ".su");
  SmallVector<StringRef> args = {
      cc,  "-std=c99", "-O2", "-fstack-usage", "-ffunction-sections", "-c",
      src, "-o",       obj};
  args.append(flags.begin(), flags.end());
  std::string err;
  std::optional<StringRef> quietRedirects[] = {std::nullopt, StringRef(""),
                                               StringRef("")};
  int rc = llvm::sys::ExecuteAndWait(*program, args, std::nullopt,
                                     quietRedirects, 120, 0, &err);
  auto buffer = llvm::MemoryBuffer::getFile(su);
  llvm::sys::fs::remove(su);
  m.compiler = cc;
  if (rc != 0 || !buffer) {
    llvm::sys::fs::remove(obj);
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
  int64_t run = frames[prefix + "_run"] + frames[prefix + "_invoke"];
  int64_t layer = 0, helper = 0;
  for (const std::string &name : layerNames)
    layer = std::max(layer, frames[name]);
  for (auto &[name, bytes] : frames)
    if (StringRef(name).starts_with("mcunet_"))
      helper = std::max(helper, bytes);
  m.compiler = cc + (flags.empty() ? "" : " " + flags[0].str());
  m.stackBytes = run + layer + helper;
  // Code bytes: the object's text sections.
  std::string sizeTool = target == "host" ? "size" : "arm-none-eabi-size";
  if (auto sizeProgram = llvm::sys::findProgramByName(sizeTool)) {
    SmallString<256> out(dir);
    llvm::sys::path::append(out, base + ".size");
    std::optional<StringRef> redirects[] = {std::nullopt, StringRef(out),
                                            std::nullopt};
    if (llvm::sys::ExecuteAndWait(*sizeProgram, {sizeTool, obj}, std::nullopt,
                                  redirects, 60) == 0) {
      if (auto text = llvm::MemoryBuffer::getFile(out)) {
        SmallVector<StringRef> rows;
        (*text)->getBuffer().split(rows, '\n', -1, false);
        if (rows.size() >= 2) {
          StringRef first = rows[1].trim().split(' ').first.split('\t').first;
          int64_t v;
          if (!first.getAsInteger(10, v))
            m.codeBytes = v;
        }
      }
      llvm::sys::fs::remove(out);
    }
  }
  llvm::sys::fs::remove(obj);
  return m;
}

std::string shapeString(Type type) {
  auto shaped = cast<ShapedType>(type);
  std::string s;
  for (auto [k, d] : llvm::enumerate(shaped.getShape()))
    s += (k ? "x" : "") + std::to_string(d);
  return s;
}

} // namespace

/// Runs bench/mcu-bench.py on the emitted C: builds it for the host and for
/// the target, runs it under QEMU with the instruction-counting plugin and
/// writes <outputDir>/qemu.json and qemu.md. Returns the exit status.
static int runUnderQemu() {
  std::string runner = MCUNET_BENCH_RUNNER;
  std::string plugin = MCUNET_QEMU_PLUGIN;
  if (const char *env = std::getenv("MCUNET_QEMU_PLUGIN"))
    plugin = env;
  auto python = llvm::sys::findProgramByName("python3");
  if (!python) {
    llvm::errs() << "error: --run-qemu needs python3\n";
    return 1;
  }
  SmallString<256> json(outputDir), md(outputDir), work(outputDir);
  llvm::sys::path::append(json, "qemu.json");
  llvm::sys::path::append(md, "qemu.md");
  llvm::sys::path::append(work, "qemu-work");
  std::vector<std::string> args = {
      *python,      runner,           "--gen",    outputDir,
      "--target",   target,           "--plugin", plugin,
      "--work",     work.str().str(), "--json",   json.str().str(),
      "--markdown", md.str().str(),   "--layers"};
  if (!qemuInput.empty()) {
    args.push_back("--input");
    args.push_back(qemuInput);
  }
  SmallVector<StringRef> argRefs(args.begin(), args.end());
  llvm::outs().flush();
  std::string error;
  int rc = llvm::sys::ExecuteAndWait(*python, argRefs, std::nullopt, {}, 0, 0,
                                     &error);
  if (rc == 77) {
    llvm::errs() << "error: --run-qemu needs qemu-system-arm and "
                    "arm-none-eabi-gcc\n";
    return 1;
  }
  if (rc != 0) {
    llvm::errs() << "error: the QEMU benchmark failed" +
                        (error.empty() ? "" : ": " + error)
                 << " (see " << work << ")\n";
    return 1;
  }
  auto buffer = llvm::MemoryBuffer::getFile(json);
  auto parsed = buffer ? llvm::json::parse((*buffer)->getBuffer())
                       : llvm::Expected<llvm::json::Value>(
                             llvm::createStringError("cannot read qemu.json"));
  if (!parsed) {
    llvm::errs() << "error: " << json << ": "
                 << llvm::toString(parsed.takeError()) << "\n";
    return 1;
  }
  const llvm::json::Object *obj = parsed->getAsObject();
  if (!obj || obj->getBoolean("output_matches_host") != true) {
    llvm::errs() << "error: the QEMU output differs from the host build's\n";
    return 1;
  }
  llvm::outs() << "wrote " << json << " and " << md << "\n";
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "mcunet-compile: compile an ONNX model to C for a microcontroller\n");
  if (target != "host" && target != "cortex-m4" && target != "cortex-m7") {
    llvm::errs() << "error: unknown --target '" << target
                 << "' (host, cortex-m4, cortex-m7)\n";
    return 1;
  }

  if (runQemu && (target == "host" || prefix != "model")) {
    llvm::errs() << "error: --run-qemu needs --target cortex-m4 or cortex-m7 "
                    "and the default --prefix model\n";
    return 1;
  }

  auto file = llvm::MemoryBuffer::getFile(inputFile, /*IsText=*/false);
  if (!file) {
    llvm::errs() << "error: cannot read '" << inputFile
                 << "': " << file.getError().message() << "\n";
    return 1;
  }
  MLIRContext context;
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module =
      mcunet::importONNX((*file)->getBuffer(), inputFile, &context);
  if (!module)
    return 1;

  std::optional<int64_t> budget;
  if (!sramBudget.empty()) {
    budget = mcunet::report::parseByteSize(sramBudget);
    if (!budget) {
      llvm::errs() << "error: --sram-budget='" << sramBudget
                   << "' is not a size (examples: 256KB, 320K, 1MB, 65536)\n";
      return 1;
    }
  }
  if (!mcunet::te::parsePlanStrategy(memoryPlan)) {
    llvm::errs() << "error: unknown --memory-plan '" << memoryPlan
                 << "' (ours, tflm-greedy, tinyengine-first-fit, naive)\n";
    return 1;
  }

  PassManager pm(&context);
  mcunet::te::PipelineOptions pipeline;
  pipeline.inplace = inplace;
  pipeline.strategy = memoryPlan;
  if (kernels != "specialized" && kernels != "reference") {
    llvm::errs() << "error: unknown --kernels '" << kernels
                 << "' (specialized, reference)\n";
    return 1;
  }
  pipeline.specialize = kernels == "specialized";
  mcunet::te::buildDefaultPipeline(pm, pipeline);
  if (failed(pm.run(*module)))
    return 1;

  std::string commandLine;
  for (int k = 0; k < argc; ++k)
    commandLine += (k ? " " : "") + std::string(argv[k]);
  mcunet::CEmitOptions options;
  options.prefix = prefix;
  options.commandLine = commandLine;
  options.modelHash =
      "sha256 " + llvm::toHex(llvm::SHA256::hash(llvm::arrayRefFromStringRef(
                                  (*file)->getBuffer())),
                              /*LowerCase=*/true);
  mcunet::CFiles files;
  if (failed(mcunet::translateToC(*module, options, files)))
    return 1;

  func::FuncOp func = *module->getOps<func::FuncOp>().begin();
  int64_t arena = func->getAttrOfType<IntegerAttr>("te.arena_size").getInt();
  FailureOr<mcunet::report::MemoryReport> memory =
      mcunet::report::buildMemoryReport(func, files.layers);
  if (failed(memory))
    return 1;
  // The arena alone over the budget: fail before writing anything.
  if (budget && arena > *budget) {
    llvm::errs() << "error: " << inputFile << ": "
                 << mcunet::report::explainBudgetMiss(*memory, arena, *budget,
                                                      "the arena alone")
                 << "\n";
    return 1;
  }

  // Write the C files (all or nothing).
  if (std::error_code ec = llvm::sys::fs::create_directories(outputDir)) {
    llvm::errs() << "error: cannot create '" << outputDir
                 << "': " << ec.message() << "\n";
    return 1;
  }
  std::string base = files.prefix; // Sanitized: a C identifier.
  std::vector<std::unique_ptr<llvm::ToolOutputFile>> outs;
  auto write = [&](StringRef name, StringRef text) -> bool {
    SmallString<256> path(outputDir);
    llvm::sys::path::append(path, name);
    std::error_code ec;
    auto out = std::make_unique<llvm::ToolOutputFile>(path, ec,
                                                      llvm::sys::fs::OF_None);
    if (ec) {
      llvm::errs() << "error: cannot write '" << path << "': " << ec.message()
                   << "\n";
      return false;
    }
    out->os() << text;
    outs.push_back(std::move(out));
    return true;
  };
  std::string mlirText;
  {
    llvm::raw_string_ostream os(mlirText);
    OpPrintingFlags flags;
    flags.elideLargeElementsAttrs(16);
    module->print(os, flags);
  }
  if (!write(base + ".h", files.header) || !write(base + ".c", files.source) ||
      !write(base + "_weights.c", files.weights) ||
      !write(base + ".mlir", mlirText))
    return 1;
  for (auto &out : outs)
    out->keep();
  outs.clear(); // Flush and close before the files are compiled.

  // The report.
  std::vector<std::string> layerNames;
  for (auto &[name, op] : files.layers)
    layerNames.push_back(name);
  Measured measured = measure(outputDir, base, layerNames);
  bool measuredOk = !measured.compiler.empty() && !measured.failed;
  int64_t stack = measuredOk ? measured.stackBytes : 512;
  std::string stackMethod =
      measuredOk ? "-fstack-usage with " + measured.compiler
      : measured.compiler.empty()
          ? "default 512 bytes (no " +
                std::string(target == "host" ? "cc" : "arm-none-eabi-gcc") +
                " found)"
          : "default 512 bytes (the measuring compile with " +
                measured.compiler + " failed)";
  if (budget && arena + stack > *budget) {
    llvm::errs()
        << "error: " << inputFile << ": "
        << mcunet::report::explainBudgetMiss(
               *memory, arena + stack, *budget,
               llvm::formatv("arena {0} + stack {1}", arena, stack).str())
        << "\n";
    // Nothing half-written: the C files only made sense within budget.
    for (StringRef name :
         {base + ".h", base + ".c", base + "_weights.c", base + ".mlir"}) {
      SmallString<256> path(outputDir);
      llvm::sys::path::append(path, name);
      llvm::sys::fs::remove(path);
    }
    return 1;
  }

  int64_t totalMacs = 0, totalParams = 0;
  llvm::json::Array layers;
  std::string table;
  llvm::raw_string_ostream tos(table);
  tos << llvm::formatv("  {0,-40} {1,-20} {2,12} {3,20} {4,12}\n", "layer",
                       "output", "MACs", "arena bytes", "live bytes");
  for (auto [k, layer] : llvm::enumerate(files.layers)) {
    auto &[name, op] = layer;
    int64_t macs = mcunet::te::getMacs(op);
    int64_t params = mcunet::te::getParams(op);
    totalMacs += macs;
    totalParams += params;
    Value out = op->getResult(0);
    int64_t off = op->getAttrOfType<IntegerAttr>("te.offset").getInt();
    int64_t bytes = mcunet::te::getTensorBytes(out.getType());
    std::string onnx;
    if (auto loc = dyn_cast<NameLoc>(op->getLoc()))
      onnx = loc.getName().str();
    layers.push_back(
        llvm::json::Object{{"name", name},
                           {"op", op->getName().getStringRef()},
                           {"onnx_name", onnx},
                           {"output_shape", shapeString(out.getType())},
                           {"macs", macs},
                           {"params", params},
                           {"arena_offset", off},
                           {"arena_bytes", bytes},
                           {"live_bytes", memory->liveBytes[k]}});
    tos << llvm::formatv("  {0,-40} {1,-20} {2,12} {3,20} {4,12}{5}\n", name,
                         shapeString(out.getType()), macs,
                         llvm::formatv("[{0}, {1})", off, off + bytes).str(),
                         memory->liveBytes[k],
                         k == memory->peakLayer ? " <- peak" : "");
  }
  // The copying path (model_run) needs the caller's input and output
  // buffers besides the arena; the zero-copy path does not.
  int64_t ioBytes = 0;
  for (Type t : func.getArgumentTypes())
    ioBytes += mcunet::te::getTensorBytes(t);
  for (Type t : func.getResultTypes())
    ioBytes += mcunet::te::getTensorBytes(t);
  llvm::json::Object report{{"model", inputFile.getValue()},
                            {"target", target.getValue()},
                            {"prefix", prefix.getValue()},
                            {"macs", totalMacs},
                            {"params", totalParams},
                            {"arena_bytes", arena},
                            {"lower_bound_bytes", memory->lowerBound},
                            {"io_bytes", ioBytes},
                            {"stack_bytes_estimate", stack},
                            {"stack_method", stackMethod},
                            {"peak_sram_bytes", arena + stack},
                            {"peak_sram_bytes_run", arena + stack + ioBytes},
                            {"memory", mcunet::report::toJSON(*memory, budget)},
                            {"flash_weights_bytes", files.weightsBytes},
                            {"flash_code_bytes", measured.codeBytes},
                            {"layers", std::move(layers)}};
  std::string json;
  {
    llvm::raw_string_ostream os(json);
    os << llvm::formatv("{0:2}", llvm::json::Value(std::move(report))) << "\n";
  }
  if (!write("report.json", json))
    return 1;
  outs.back()->keep();
  if (!memoryReport.empty()) {
    std::string svg = mcunet::report::renderSVG(
        *memory, budget,
        llvm::sys::path::filename(inputFile).str() + ": memory plan");
    SmallString<256> jsonPath(memoryReport.getValue());
    llvm::sys::path::replace_extension(jsonPath, "json");
    std::string memJson;
    llvm::raw_string_ostream mos(memJson);
    mos << llvm::formatv("{0:2}", llvm::json::Value(
                                      mcunet::report::toJSON(*memory, budget)))
        << "\n";
    for (auto [path, text] :
         {std::pair<std::string, std::string *>(memoryReport.getValue(), &svg),
          {jsonPath.str().str(), &memJson}}) {
      std::error_code ec;
      llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_None);
      if (ec) {
        llvm::errs() << "error: cannot write '" << path << "': " << ec.message()
                     << "\n";
        return 1;
      }
      out.os() << *text;
      out.keep();
    }
  }

  if (!quiet) {
    llvm::outs() << "mcunet-compile: " << inputFile << " -> " << outputDir
                 << "/{" << base << ".h, " << base << ".c, " << base
                 << "_weights.c, " << base << ".mlir, report.json}\n\n"
                 << table << "\n"
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
                 << llvm::formatv("  stack (estimate)     {0} bytes ({1})\n",
                                  stack, stackMethod)
                 << llvm::formatv("  peak SRAM            {0} bytes = arena + "
                                  "stack ({1}_input/_invoke/_output)\n",
                                  arena + stack, base)
                 << llvm::formatv("  peak SRAM, {0}_run {1} bytes (+ the "
                                  "caller's input and output, {2} bytes)\n",
                                  base, arena + stack + ioBytes, ioBytes)
                 << llvm::formatv("  flash: weights       {0} bytes\n",
                                  files.weightsBytes);
    if (measured.codeBytes >= 0)
      llvm::outs() << llvm::formatv("  flash: code          {0} bytes\n",
                                    measured.codeBytes);
  }
  if (runQemu) {
    outs.clear(); // Close report.json: the runner reads it.
    return runUnderQemu();
  }
  return 0;
}
