//===- mcunet-nas.cpp - TinyNAS driver
//-------------------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// mcunet-nas <stage> [options]. Stages (docs/nas.md):
//   space   search-space optimization with the compiler in the loop
//
//===----------------------------------------------------------------------===//

#include "SpaceStage.h"

#include "mcunet/Driver/MemoryReport.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <thread>

using namespace llvm;

static cl::SubCommand spaceCommand(
    "space", "Search-space optimization: for each width multiplier and input "
             "resolution, sample subnets, measure peak SRAM and flash with "
             "the compiler's own planner, keep those that fit, compare their "
             "MAC distributions and pick the space");

static cl::opt<std::string> widths("widths", cl::init("0.2,0.25,0.3,0.35,0.5"),
                                   cl::desc("Width multipliers"),
                                   cl::sub(spaceCommand));
static cl::opt<std::string> resolutions("resolutions",
                                        cl::init("32,40,48,56,64"),
                                        cl::desc("Input resolutions (square)"),
                                        cl::sub(spaceCommand));
static cl::opt<int> samples("samples", cl::init(1000),
                            cl::desc("Subnets sampled per (width, resolution)"),
                            cl::sub(spaceCommand));
static cl::opt<uint64_t> seed("seed", cl::init(1), cl::desc("Random seed"),
                              cl::sub(spaceCommand));
static cl::opt<std::string> sram("sram", cl::init("64KB"),
                                 cl::desc("SRAM budget (arena + stack)"),
                                 cl::sub(spaceCommand));
static cl::opt<std::string> flash("flash", cl::init("256KB"),
                                  cl::desc("Flash budget (weights + code)"),
                                  cl::sub(spaceCommand));
static cl::opt<std::string> stackReserve("stack-reserve", cl::init("1KB"),
                                         cl::desc("SRAM kept for the stack"),
                                         cl::sub(spaceCommand));
static cl::opt<std::string> codeReserve("code-reserve", cl::init("24KB"),
                                        cl::desc("Flash kept for the code"),
                                        cl::sub(spaceCommand));
static cl::opt<std::string> stageChannels(
    "stage-channels", cl::init("24,40,80,96,192,320"),
    cl::desc("Output channels of the searchable stages at width 1"),
    cl::sub(spaceCommand));
static cl::opt<std::string>
    stageStrides("stage-strides", cl::init("2,2,2,1,2,1"),
                 cl::desc("Stride of each stage's first block"),
                 cl::sub(spaceCommand));
static cl::opt<int> inChannels("in-channels", cl::init(1),
                               cl::desc("Input channels (1: Fashion-MNIST)"),
                               cl::sub(spaceCommand));
static cl::opt<int> classes("classes", cl::init(10), cl::desc("Classes"),
                            cl::sub(spaceCommand));
static cl::opt<std::string> schedule(
    "schedule", cl::init("layerwise"),
    cl::desc("layerwise, or fused: a subnet fits if patch-based execution "
             "(--te-fuse-patches) makes it fit"),
    cl::sub(spaceCommand));
static cl::opt<double> maxOverhead("max-overhead", cl::init(0.1),
                                   cl::desc("With fused: extra work allowed"),
                                   cl::sub(spaceCommand));
static cl::opt<std::string> outDir("o", cl::desc("Output folder"),
                                   cl::value_desc("dir"), cl::Required,
                                   cl::sub(spaceCommand));
static cl::opt<bool> force("force", cl::desc("Redo a finished stage"),
                           cl::sub(spaceCommand));
static cl::opt<unsigned>
    jobs("j", cl::init(0),
         cl::desc("Worker threads (0: one per core); results do not depend "
                  "on it"),
         cl::sub(spaceCommand));
static cl::opt<unsigned> writeSubnets(
    "write-subnets", cl::init(0),
    cl::desc("Write the chosen space's N fitting subnets with the most MACs "
             "as te modules (DIR/subnets/subnet_k.mlir: mcunet-compile "
             "compiles them)"),
    cl::sub(spaceCommand));
static cl::opt<bool> quiet("q", cl::desc("No progress"), cl::sub(spaceCommand));

namespace {

bool parseList(StringRef text, StringRef what, std::vector<double> &out) {
  SmallVector<StringRef> parts;
  text.split(parts, ',', -1, false);
  for (StringRef p : parts) {
    double v;
    if (p.trim().getAsDouble(v) || !(v > 0)) {
      errs() << "error: --" << what << ": '" << p
             << "' is not a positive number\n";
      return false;
    }
    out.push_back(v);
  }
  if (out.empty()) {
    errs() << "error: --" << what << " is empty\n";
    return false;
  }
  return true;
}

bool parseSize(StringRef text, StringRef what, int64_t &out) {
  auto v = mcunet::report::parseByteSize(text);
  if (!v) {
    errs() << "error: --" << what << "='" << text
           << "' is not a size (examples: 64KB, 256K, 1MB, 65536)\n";
    return false;
  }
  out = *v;
  return true;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(
      argc, argv,
      "mcunet-nas: TinyNAS, the network search with the compiler in the "
      "loop\n\n  mcunet-nas space -o DIR [--sram 64KB --flash 256KB ...]\n");
  if (!spaceCommand) {
    errs() << "error: give a stage: mcunet-nas space -o DIR (see "
              "--help)\n";
    return 2;
  }
  mcunet::nas::SpaceStageOptions o;
  std::vector<double> res;
  if (!parseList(widths, "widths", o.widths) ||
      !parseList(resolutions, "resolutions", res) ||
      !parseSize(sram, "sram", o.sramBytes) ||
      !parseSize(flash, "flash", o.flashBytes) ||
      !parseSize(stackReserve, "stack-reserve", o.stackReserve) ||
      !parseSize(codeReserve, "code-reserve", o.codeReserve))
    return 2;
  std::vector<double> channels, strides;
  if (!parseList(stageChannels, "stage-channels", channels) ||
      !parseList(stageStrides, "stage-strides", strides))
    return 2;
  if (channels.size() != strides.size()) {
    errs() << "error: --stage-channels has " << channels.size()
           << " stages, --stage-strides " << strides.size() << "\n";
    return 2;
  }
  o.space.stageChannels.clear();
  o.space.stageStrides.clear();
  for (size_t k = 0; k < channels.size(); ++k) {
    if (channels[k] != static_cast<int>(channels[k]) ||
        (strides[k] != 1 && strides[k] != 2)) {
      errs() << "error: stage " << k
             << ": channels must be whole and strides 1 or 2\n";
      return 2;
    }
    o.space.stageChannels.push_back(static_cast<int>(channels[k]));
    o.space.stageStrides.push_back(static_cast<int>(strides[k]));
  }
  for (double r : res) {
    if (r != static_cast<int>(r) || r < 8) {
      errs() << "error: --resolutions: " << llvm::format("%g", r)
             << " is not a whole number of pixels >= 8\n";
      return 2;
    }
    o.resolutions.push_back(static_cast<int>(r));
  }
  if (samples < 1 || inChannels < 1 || classes < 1) {
    errs() << "error: --samples, --in-channels and --classes must be at "
              "least 1\n";
    return 2;
  }
  if (schedule != "layerwise" && schedule != "fused") {
    errs() << "error: unknown --schedule '" << schedule
           << "' (layerwise, fused)\n";
    return 2;
  }
  if (!(maxOverhead >= 0)) {
    errs() << "error: --max-overhead must not be negative\n";
    return 2;
  }
  o.space.inChannels = inChannels;
  o.space.numClasses = classes;
  o.samples = samples;
  o.seed = seed;
  o.fused = schedule == "fused";
  o.maxOverhead = maxOverhead;
  o.outDir = outDir;
  o.force = force;
  o.quiet = quiet;
  o.writeSubnets = writeSubnets;
  o.jobs = jobs ? jobs : std::max(1u, std::thread::hardware_concurrency());
  return mcunet::nas::runSpaceStage(o);
}
