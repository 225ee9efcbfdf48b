//===- mcunet-nas.cpp - TinyNAS driver
//-------------------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// mcunet-nas <stage> -o DIR [options]. Stages (docs/nas.md):
//   space     search-space optimization with the compiler in the loop
//   train     the weight-sharing super network
//   search    evolution with the compiler's memory plan as the constraint
//   finetune  the winner, from the super network's weights
//   baseline  a MobileNetV2 scaled to the same budget, trained alike
//   export    int8 QDQ ONNX, compiled, run on the test set as C
//   run       all of them from a JSON configuration
//
//===----------------------------------------------------------------------===//

#include "SpaceStage.h"
#ifdef MCUNET_NAS_TRAIN
#include "Stages.h"
#endif

#include "mcunet/Driver/MemoryReport.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
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
static cl::SubCommand trainCommand(
    "train", "Train the weight-sharing super network of the chosen space "
             "(DIR/space.json): largest subnet first, then sampled subnets");
static cl::SubCommand
    searchCommand("search",
                  "Evolution search over the trained super network; only "
                  "subnets that fit (the compiler's plan) are candidates");
static cl::SubCommand
    finetuneCommand("finetune",
                    "Fine-tune the search's winner from inherited weights");
static cl::SubCommand
    baselineCommand("baseline",
                    "Train a MobileNetV2 scaled (width, resolution) to fit the "
                    "same budget");
static cl::SubCommand exportCommand(
    "export", "Fold BN, quantize to int8, write ONNX, compile it, run the C "
              "on the test set and compare it with the int8 simulation");
static cl::SubCommand
    runCommand("run",
               "Run the stages listed in a JSON configuration, in order");

#define TRAIN_STAGES                                                           \
  cl::sub(trainCommand), cl::sub(searchCommand), cl::sub(finetuneCommand),     \
      cl::sub(baselineCommand), cl::sub(exportCommand)
#define TRAINING                                                               \
  cl::sub(trainCommand), cl::sub(finetuneCommand), cl::sub(baselineCommand)

static cl::opt<std::string> outDir("o", cl::desc("Working folder"),
                                   cl::value_desc("dir"), cl::Required,
                                   cl::sub(spaceCommand), TRAIN_STAGES);
static cl::opt<bool> force("force", cl::desc("Redo a finished stage"),
                           cl::sub(spaceCommand), TRAIN_STAGES,
                           cl::sub(runCommand));
static cl::opt<std::string>
    dataSpec("data", cl::init("fashion-mnist"),
             cl::desc("fashion-mnist (Debian's dataset-fashion-mnist), "
                      "idx:DIR or cifar10:DIR"),
             TRAIN_STAGES);
static cl::opt<int64_t> trainLimit("train-limit", cl::init(0),
                                   cl::desc("Use the first N training images "
                                            "(0: all)"),
                                   TRAIN_STAGES);
static cl::opt<int64_t> valSize("val-size", cl::init(5000),
                                cl::desc("Training images held out for "
                                         "validation"),
                                TRAIN_STAGES);
static cl::opt<int64_t> testLimit("test-limit", cl::init(0),
                                  cl::desc("Use the first N test images (0: "
                                           "all)"),
                                  TRAIN_STAGES);
static cl::opt<int> threads("threads", cl::init(0),
                            cl::desc("LibTorch threads (0: one per core)"),
                            TRAIN_STAGES);
static cl::opt<uint64_t> trainSeed("seed", cl::init(1), cl::desc("Random seed"),
                                   TRAIN_STAGES);
static cl::opt<int> epochs("epochs", cl::init(10), cl::desc("Epochs"),
                           TRAINING);
static cl::opt<int> largestEpochs(
    "largest-epochs", cl::init(-1),
    cl::desc("Super network: epochs on the largest subnet first (-1: a "
             "quarter)"),
    cl::sub(trainCommand));
static cl::opt<int> subnetsPerBatch("subnets-per-batch", cl::init(4),
                                    cl::desc("Super network: subnets sampled "
                                             "per batch"),
                                    cl::sub(trainCommand));
static cl::opt<int> batchSize("batch-size", cl::init(64),
                              cl::desc("Images per batch (per rank)"),
                              TRAINING);
static cl::opt<double> lr("lr", cl::init(0.05),
                          cl::desc("Learning rate per 256 images (cosine "
                                   "decay)"),
                          TRAINING);
static cl::opt<int64_t> stepsPerEpoch("steps-per-epoch", cl::init(0),
                                      cl::desc("Cut epochs short (smoke "
                                               "tests; 0: whole)"),
                                      TRAINING);
static cl::opt<int> stopAfterEpochs(
    "stop-after-epochs", cl::init(0), cl::Hidden,
    cl::desc("Stop after N epochs as a kill would (resume tests)"), TRAINING);
static cl::opt<int> worldSize("world-size", cl::init(1),
                              cl::desc("c10d: processes training together"),
                              TRAINING);
static cl::opt<int> rankOpt("rank", cl::init(0), cl::desc("c10d: this rank"),
                            TRAINING);
static cl::opt<std::string> masterAddr("master-addr", cl::init("127.0.0.1"),
                                       cl::desc("c10d: rank 0's address"),
                                       TRAINING);
static cl::opt<int> masterPort("master-port", cl::init(29500),
                               cl::desc("c10d: rank 0's TCP store port"),
                               TRAINING);
static cl::opt<int> population("population", cl::init(100),
                               cl::desc("Search: population"),
                               cl::sub(searchCommand));
static cl::opt<int> parents("parents", cl::init(20),
                            cl::desc("Search: parents kept"),
                            cl::sub(searchCommand));
static cl::opt<int> crossoverN("crossover", cl::init(50),
                               cl::desc("Search: children by crossover"),
                               cl::sub(searchCommand));
static cl::opt<int> mutationN("mutation", cl::init(50),
                              cl::desc("Search: children by mutation"),
                              cl::sub(searchCommand));
static cl::opt<double> mutateP("mutate-probability", cl::init(0.1),
                               cl::desc("Search: per-choice mutation "
                                        "probability"),
                               cl::sub(searchCommand));
static cl::opt<int> generations("generations", cl::init(30),
                                cl::desc("Search: generations"),
                                cl::sub(searchCommand));
static cl::opt<int64_t> maxMacs("max-macs", cl::init(0),
                                cl::desc("Search: MAC bound (0: none)"),
                                cl::sub(searchCommand));
static cl::opt<bool>
    writePopulation("write-population",
                    cl::desc("Search: write the final population as te modules "
                             "(DIR/population/subnet_k.mlir)"),
                    cl::sub(searchCommand));
static cl::opt<std::string> baselineWidths(
    "widths", cl::init("0.1,0.15,0.2,0.25,0.3,0.35,0.4,0.5,0.6,0.75,1.0"),
    cl::desc("Baseline: width multipliers tried"), cl::sub(baselineCommand));
static cl::opt<std::string>
    baselineResolutions("resolutions", cl::init("20,24,28,32,40,48,56,64"),
                        cl::desc("Baseline: resolutions tried"),
                        cl::sub(baselineCommand));
static cl::opt<int> baselineDivisor(
    "divisor", cl::init(8),
    cl::desc("Baseline: round channel counts to multiples of this "
             "(MobileNetV2: 8)"),
    cl::sub(baselineCommand));
static cl::opt<std::string> exportModel("model", cl::init("finetune"),
                                        cl::desc("Export: finetune (the "
                                                 "searched model) or baseline"),
                                        cl::sub(exportCommand));
static cl::opt<int64_t> evalImages("eval-images", cl::init(0),
                                   cl::desc("Export: test images run through "
                                            "the generated C (0: all)"),
                                   cl::sub(exportCommand));
static cl::opt<std::string> exportTarget(
    "target", cl::init("cortex-m7"),
    cl::desc("Export: target of the report (host, cortex-m4, cortex-m7)"),
    cl::sub(exportCommand));
static cl::opt<std::string> configFile("config", cl::Required,
                                       cl::desc("JSON configuration"),
                                       cl::sub(runCommand));
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
static cl::opt<bool> quiet("q", cl::desc("No progress"), cl::sub(spaceCommand),
                           TRAIN_STAGES, cl::sub(runCommand));

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

#ifdef MCUNET_NAS_TRAIN
static int runTrainingStage() {
  mcunet::nas::StageOptions o;
  o.dir = outDir;
  o.data.spec = dataSpec;
  o.data.trainLimit = trainLimit;
  o.data.valSize = valSize;
  o.data.testLimit = testLimit;
  o.threads = threads;
  o.force = force;
  o.quiet = quiet;
  o.worldSize = worldSize;
  o.rank = rankOpt;
  o.masterAddr = masterAddr;
  o.masterPort = masterPort;
  o.train.epochs = epochs;
  o.train.largestEpochs = largestEpochs;
  o.train.subnetsPerBatch = subnetsPerBatch;
  o.train.batchSize = batchSize;
  o.train.lrPer256 = lr;
  o.train.stepsPerEpoch = stepsPerEpoch;
  o.train.seed = trainSeed;
  o.train.stopAfterEpochs = stopAfterEpochs;
  if (epochs < 1 || batchSize < 1 || !(lr > 0) || valSize < 0 ||
      worldSize < 1) {
    errs() << "error: --epochs, --batch-size, --lr and --world-size must be "
              "positive, --val-size not negative\n";
    return 2;
  }
  if (!llvm::sys::fs::is_directory(o.dir)) {
    errs() << "error: " << o.dir << ": no such folder (run `mcunet-nas space "
           << "-o " << o.dir << "` first)\n";
    return 1;
  }
  if (trainCommand)
    return mcunet::nas::runTrainStage(o);
  if (finetuneCommand)
    return mcunet::nas::runFinetuneStage(o);
  if (searchCommand) {
    mcunet::nas::SearchOptions so;
    so.population = population;
    so.parents = parents;
    so.crossover = crossoverN;
    so.mutation = mutationN;
    so.mutateProbability = mutateP;
    so.generations = generations;
    so.maxMacs = maxMacs;
    so.writePopulation = writePopulation;
    return mcunet::nas::runSearchStage(o, so);
  }
  if (baselineCommand) {
    mcunet::nas::BaselineOptions bo;
    std::vector<double> res;
    if (!parseList(baselineWidths, "widths", bo.widths) ||
        !parseList(baselineResolutions, "resolutions", res))
      return 2;
    for (double r : res)
      bo.resolutions.push_back(static_cast<int>(r));
    bo.divisor = baselineDivisor;
    return mcunet::nas::runBaselineStage(o, bo);
  }
  mcunet::nas::ExportOptions eo;
  eo.which = exportModel;
  eo.evalImages = evalImages;
  eo.target = exportTarget;
  return mcunet::nas::runExportStage(o, eo);
}
#endif

/// mcunet-nas run --config cfg.json: {"dir": D, "common": [args of every
/// training stage], "stages": [["space", args...], ["train", args...], ...]}
/// runs `mcunet-nas <stage> -o D <args>` in order (each stage resumes from
/// its own files), stopping at the first failure.
static int runConfig(const char *argv0) {
  auto buffer = llvm::MemoryBuffer::getFile(configFile);
  if (!buffer) {
    errs() << "error: " << configFile << ": " << buffer.getError().message()
           << "\n";
    return 1;
  }
  auto value = llvm::json::parse((*buffer)->getBuffer());
  if (!value) {
    errs() << "error: " << configFile << ": not JSON ("
           << llvm::toString(value.takeError()) << ")\n";
    return 1;
  }
  const llvm::json::Object *root = value->getAsObject();
  auto dir = root ? root->getString("dir") : std::nullopt;
  const llvm::json::Array *stages = root ? root->getArray("stages") : nullptr;
  if (!dir || !stages) {
    errs() << "error: " << configFile
           << ": needs \"dir\" (a folder) and \"stages\" (a list of "
              "[stage, args...])\n";
    return 1;
  }
  std::vector<std::string> common;
  if (const llvm::json::Array *c = root->getArray("common"))
    for (const auto &v : *c)
      if (auto str = v.getAsString())
        common.push_back(str->str());
  std::string self = llvm::sys::fs::getMainExecutable(
      argv0, reinterpret_cast<void *>(&runConfig));
  llvm::sys::fs::create_directories(*dir);
  for (const auto &stage : *stages) {
    const llvm::json::Array *a = stage.getAsArray();
    if (!a || a->empty() || !(*a)[0].getAsString()) {
      errs() << "error: " << configFile
             << ": every stage is a list [name, args...]\n";
      return 1;
    }
    std::vector<std::string> args{self, (*a)[0].getAsString()->str(), "-o",
                                  dir->str()};
    bool training = args[1] != "space";
    for (size_t k = 1; k < a->size(); ++k) {
      auto str = (*a)[k].getAsString();
      if (!str) {
        errs() << "error: " << configFile << ": stage " << args[1]
               << ": arguments must be strings\n";
        return 1;
      }
      args.push_back(str->str());
    }
    if (training)
      args.insert(args.end(), common.begin(), common.end());
    if (force)
      args.push_back("--force");
    if (quiet)
      args.push_back("-q");
    std::vector<llvm::StringRef> refs(args.begin(), args.end());
    errs() << "== mcunet-nas";
    for (size_t k = 1; k < args.size(); ++k)
      errs() << " " << args[k];
    errs() << "\n";
    std::string message;
    int rc =
        llvm::sys::ExecuteAndWait(self, refs, std::nullopt, {}, 0, 0, &message);
    if (rc != 0) {
      errs() << "error: run: stage " << args[1] << " failed (exit " << rc << ")"
             << (message.empty() ? "" : ": " + message) << "\n";
      return rc > 0 ? rc : 1;
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(
      argc, argv,
      "mcunet-nas: TinyNAS, the network search with the compiler in the "
      "loop\n\n"
      "  mcunet-nas space -o DIR [--sram 64KB --flash 256KB ...]\n"
      "  mcunet-nas train -o DIR [--epochs N]\n"
      "  mcunet-nas search -o DIR [--generations 30 --population 100]\n"
      "  mcunet-nas finetune -o DIR [--epochs N]\n"
      "  mcunet-nas baseline -o DIR [--epochs N]\n"
      "  mcunet-nas export -o DIR [--model finetune|baseline]\n"
      "  mcunet-nas run --config cfg.json\n");
  if (runCommand)
    return runConfig(argv[0]);
  if (trainCommand || searchCommand || finetuneCommand || baselineCommand ||
      exportCommand) {
#ifdef MCUNET_NAS_TRAIN
    return runTrainingStage();
#else
    errs() << "error: this mcunet-nas was built without LibTorch (install "
              "libtorch-dev and reconfigure): only `space` is available\n";
    return 2;
#endif
  }
  if (!spaceCommand) {
    errs() << "error: give a stage: space, train, search, finetune, "
              "baseline, export or run (see --help)\n";
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
