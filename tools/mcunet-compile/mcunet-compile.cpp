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

#include "mcunet/Driver/Compile.h"
#include "mcunet/Driver/MemoryReport.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

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
static cl::opt<std::string> int16WeightsBudget(
    "int16-weights-budget",
    cl::desc("Trade flash for speed: store the weights of the pointwise "
             "layers with the most pixels as int16 (about 3/16 fewer "
             "instructions per MAC there, twice their flash) while the extra "
             "flash stays within this size (e.g. 64KB, 1MB, or unlimited; "
             "default 0: int8 weights)"),
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
static cl::opt<std::string> schedule(
    "schedule", cl::init("layerwise"),
    cl::desc("layerwise (default: every layer whole) or fused (run the "
             "memory-heavy layer sequences patch by patch to cut peak SRAM; "
             "with --sram-budget it stops once the arena fits)"),
    cl::cat(category));
static cl::opt<double> maxOverhead(
    "max-overhead", cl::init(0.1),
    cl::desc("With --schedule=fused: extra MACs (recomputed patch halos) "
             "allowed, as a fraction of the model's (default 0.1)"),
    cl::cat(category));
static cl::opt<std::string>
    memoryPlan("memory-plan", cl::init("ours"),
               cl::desc("Arena placement: ours (default), tflm-greedy, "
                        "tinyengine-first-fit or naive (for comparisons)"),
               cl::cat(category));

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

  mcunet::driver::CompileOptions options;
  options.target = target;
  options.prefix = prefix;
  options.inplace = inplace;
  options.memoryPlan = memoryPlan;
  options.kernels = kernels;
  options.schedule = schedule;
  options.maxOverhead = maxOverhead;
  options.modelName = inputFile;
  for (int k = 0; k < argc; ++k)
    options.commandLine += (k ? " " : "") + std::string(argv[k]);
  if (!sramBudget.empty()) {
    options.sramBudget = mcunet::report::parseByteSize(sramBudget);
    if (!options.sramBudget) {
      llvm::errs() << "error: --sram-budget='" << sramBudget
                   << "' is not a size (examples: 256KB, 320K, 1MB, 65536)\n";
      return 1;
    }
  }
  if (!int16WeightsBudget.empty()) {
    if (int16WeightsBudget == "unlimited") {
      options.int16WeightsBudget = -1;
    } else {
      std::optional<int64_t> bytes =
          mcunet::report::parseByteSize(int16WeightsBudget);
      if (!bytes) {
        llvm::errs() << "error: --int16-weights-budget='" << int16WeightsBudget
                     << "' is not a size (examples: 64KB, 1MB, 65536, "
                        "unlimited)\n";
        return 1;
      }
      options.int16WeightsBudget = *bytes;
    }
  }
  if (failed(mcunet::driver::checkOptions(options, llvm::errs(),
                                          /*cliNames=*/true)))
    return 1;
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
  mcunet::driver::CompileResult result;
  if (failed(mcunet::driver::compileModel((*file)->getBuffer(), options,
                                          context, result, llvm::errs())))
    return 1;

  // Write every file (all or nothing: each goes to a temporary that is
  // renamed once all of them are complete).
  if (std::error_code ec = llvm::sys::fs::create_directories(outputDir)) {
    llvm::errs() << "error: cannot create '" << outputDir
                 << "': " << ec.message() << "\n";
    return 1;
  }
  std::vector<std::pair<std::string, std::string>> toWrite;
  for (auto &[name, text] : result.files) {
    SmallString<256> path(outputDir);
    llvm::sys::path::append(path, name);
    toWrite.emplace_back(path.str().str(), text);
  }
  if (!memoryReport.empty()) {
    std::optional<int64_t> budget = options.sramBudget;
    SmallString<256> jsonPath(memoryReport.getValue());
    llvm::sys::path::replace_extension(jsonPath, "json");
    std::string memJson;
    llvm::raw_string_ostream mos(memJson);
    mos << llvm::formatv("{0:2}", llvm::json::Value(mcunet::report::toJSON(
                                      result.memory, budget)))
        << "\n";
    toWrite.emplace_back(
        memoryReport.getValue(),
        mcunet::report::renderSVG(result.memory, budget,
                                  llvm::sys::path::filename(inputFile).str() +
                                      ": memory plan"));
    toWrite.emplace_back(jsonPath.str().str(), memJson);
  }
  std::vector<std::unique_ptr<llvm::ToolOutputFile>> outs;
  for (auto &[path, text] : toWrite) {
    std::error_code ec;
    auto out = std::make_unique<llvm::ToolOutputFile>(path, ec,
                                                      llvm::sys::fs::OF_None);
    if (ec) {
      llvm::errs() << "error: cannot write '" << path << "': " << ec.message()
                   << "\n";
      return 1;
    }
    out->os() << text;
    outs.push_back(std::move(out));
  }
  for (auto &out : outs)
    out->keep();
  outs.clear(); // Flush and close: the QEMU runner reads them.

  if (!quiet) {
    std::string base = result.prefix;
    llvm::outs() << "mcunet-compile: " << inputFile << " -> " << outputDir
                 << "/{" << base << ".h, " << base << ".c, " << base
                 << "_weights.c, " << base << ".mlir, report.json}\n\n"
                 << result.summary;
  }
  if (runQemu)
    return runUnderQemu();
  return 0;
}
