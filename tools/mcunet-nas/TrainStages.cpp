//===- TrainStages.cpp - mcunet-nas train, finetune, baseline -------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "Stages.h"

#include "mcunet/NAS/Networks.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cstdio>
#include <fstream>

using namespace mcunet::nas;
using llvm::errs;
using llvm::outs;

namespace {

/// Connects the process group when the world has more than one rank.
std::unique_ptr<ProcessGroup> connectGroup(const StageOptions &o) {
  if (o.worldSize <= 1)
    return nullptr;
  if (o.rank < 0 || o.rank >= o.worldSize)
    throw std::runtime_error("--rank " + std::to_string(o.rank) +
                             " is outside [0, --world-size " +
                             std::to_string(o.worldSize) + ")");
  return ProcessGroup::connect(o.masterAddr, o.masterPort, o.rank, o.worldSize,
                               o.timeoutSeconds);
}

void appendLine(const std::string &path, const llvm::json::Value &v) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_Append);
  if (!ec)
    os << v << "\n";
}

llvm::json::Value epochJSON(const std::string &stage, const EpochLog &l) {
  return llvm::json::Object{
      {"stage", stage},      {"epoch", l.epoch},
      {"loss", l.loss},      {"train_accuracy", l.accuracy},
      {"lr", l.lr},          {"images", l.images},
      {"seconds", l.seconds}};
}

std::string percent(double v) { return llvm::formatv("{0:F2}%", 100 * v); }

/// The stage's body with the shared error handling.
int guarded(const char *stage, const std::function<int()> &body) {
  try {
    return body();
  } catch (const std::exception &e) {
    errs() << "error: " << stage << ": " << e.what() << "\n";
    return 1;
  }
}

TrainOptions trainOptions(const StageOptions &o, int resolution,
                          ProcessGroup *group, const std::string &checkpoint) {
  TrainOptions t = o.train;
  t.resolution = resolution;
  t.group = group;
  t.checkpoint = checkpoint;
  t.progress = !o.quiet;
  if (o.force && (!group || group->rank() == 0))
    std::remove(checkpoint.c_str());
  return t;
}

} // namespace

SpaceOptions mcunet::nas::mobileNetV2Space(const SpaceOptions &like,
                                           int divisor) {
  SpaceOptions s;
  s.channelDivisor = divisor;
  s.inChannels = like.inChannels;
  s.numClasses = like.numClasses;
  s.stemChannels = 32;
  s.firstBlockChannels = 16;
  s.stageChannels = {24, 32, 64, 96, 160, 320};
  s.stageStrides = {2, 2, 2, 1, 2, 1};
  s.depthChoices = {1, 2, 3, 4};
  s.expandChoices = {6};
  s.kernelChoices = {3};
  s.lastChannels = 1280;
  return s;
}

SubnetConfig mcunet::nas::mobileNetV2Config(double width, int resolution) {
  SubnetConfig c;
  c.width = width;
  c.resolution = resolution;
  for (int depth : {2, 3, 4, 3, 3, 1})
    c.stages.push_back(std::vector<BlockChoice>(static_cast<size_t>(depth),
                                                BlockChoice{3, 6}));
  return c;
}

int mcunet::nas::runTrainStage(const StageOptions &o) {
  return guarded("train", [&] {
    SpaceState st;
    std::string error;
    if (!readSpaceState(o.dir, st, error)) {
      errs() << "error: train: " << error << "\n";
      return 1;
    }
    setThreads(o.threads);
    auto group = connectGroup(o);
    bool lead = !group || group->rank() == 0;
    Splits data = loadSplits(o.data, st.space);
    SuperNet net(st.space, st.width);
    initializeWeights(*net, o.train.seed);
    TrainOptions t =
        trainOptions(o, st.resolution, group.get(), o.dir + "/supernet.pt");
    if (lead && !o.quiet)
      errs() << llvm::formatv(
          "train: super network w{0} r{1} ({2} parameters) on {3}: {4} "
          "training images, {5} epochs ({6} on the largest subnet), {7} "
          "subnets per batch, {8} thread(s){9}\n",
          st.width, st.resolution,
          [&] {
            int64_t n = 0;
            for (auto &p : net->parameters())
              n += p.numel();
            return n;
          }(),
          data.description, data.train.size(), t.epochs,
          t.largestEpochs >= 0 ? t.largestEpochs
                               : std::max(1, (t.epochs + 3) / 4),
          t.subnetsPerBatch, torch::get_num_threads(),
          group ? llvm::formatv(", rank {0} of {1}", group->rank(),
                                group->worldSize())
                      .str()
                : std::string());
    auto start = std::chrono::steady_clock::now();
    int ran = trainSuperNet(net, data.train, t, [&](const EpochLog &l) {
      appendLine(o.dir + "/train.jsonl", epochJSON("supernet", l));
    });
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    if (group) {
      // Data parallel: every rank must end with the same weights.
      double sum = 0;
      for (auto &p : net->parameters())
        sum += p.to(torch::kFloat64).abs().sum().item<double>();
      outs() << llvm::formatv("train: rank {0} of {1}: parameter checksum "
                              "{2:F6}\n",
                              group->rank(), group->worldSize(), sum);
      outs().flush();
    }
    if (!lead)
      return 0;
    // The largest and the smallest subnet on the validation split (BN
    // statistics re-calibrated, as the search does).
    auto batches = sampleBatches(data.train, 20, 64, st.resolution, t.seed);
    auto accuracyOf = [&](const SubnetConfig &c) {
      StaticNet s = extract(*net, c);
      s->recalibrate(batches);
      s->eval();
      return evaluate([&](const torch::Tensor &x) { return s->forward(x, {}); },
                      data.val, st.resolution);
    };
    SubnetConfig big = net->largest(st.resolution);
    SubnetConfig small = big;
    int minDepth = *std::min_element(st.space.depthChoices.begin(),
                                     st.space.depthChoices.end());
    int minKernel = *std::min_element(st.space.kernelChoices.begin(),
                                      st.space.kernelChoices.end());
    int minExpand = *std::min_element(st.space.expandChoices.begin(),
                                      st.space.expandChoices.end());
    for (auto &stage : small.stages)
      stage.assign(static_cast<size_t>(minDepth),
                   BlockChoice{minKernel, minExpand});
    double accBig = accuracyOf(big), accSmall = accuracyOf(small);
    outs() << llvm::formatv("train: {0} epoch(s) run now, {1:F1} s; "
                            "validation accuracy: largest subnet {2}, "
                            "smallest {3}\n",
                            ran, seconds, percent(accBig), percent(accSmall));
    llvm::json::Object summary{{"epochs", t.epochs},
                               {"epochs_run_now", ran},
                               {"seconds_now", seconds},
                               {"train_images", data.train.size()},
                               {"val_images", data.val.size()},
                               {"largest_val_accuracy", accBig},
                               {"smallest_val_accuracy", accSmall},
                               {"threads", torch::get_num_threads()},
                               {"world_size", group ? group->worldSize() : 1}};
    return writeJSON(o.dir + "/train.json", std::move(summary)) ? 0 : 1;
  });
}

namespace {

bool readWinner(const std::string &dir, SubnetConfig &winner,
                std::string &error) {
  auto v = readJSON(dir + "/search.json", error);
  if (!v) {
    error += " (run `mcunet-nas search -o " + dir + "` first)";
    return false;
  }
  const llvm::json::Object *o = v->getAsObject();
  const llvm::json::Value *best = o ? o->get("best") : nullptr;
  if (!best ||
      !configFromJSON(
          *(best->getAsObject() ? best->getAsObject()->get("config") : best),
          winner)) {
    error = dir + "/search.json: no readable \"best\" subnet";
    return false;
  }
  return true;
}

} // namespace

int mcunet::nas::runFinetuneStage(const StageOptions &o) {
  return guarded("finetune", [&] {
    SpaceState st;
    SubnetConfig winner;
    std::string error;
    if (!readSpaceState(o.dir, st, error) ||
        !readWinner(o.dir, winner, error)) {
      errs() << "error: finetune: " << error << "\n";
      return 1;
    }
    if (!fileExists(o.dir + "/supernet.pt")) {
      errs() << "error: finetune: " << o.dir
             << "/supernet.pt: no such file (run `mcunet-nas train` first)\n";
      return 1;
    }
    setThreads(o.threads);
    auto group = connectGroup(o);
    bool lead = !group || group->rank() == 0;
    Splits data = loadSplits(o.data, st.space);
    SuperNet super(st.space, st.width);
    loadCheckpointModel(*super, o.dir + "/supernet.pt");
    StaticNet net = extract(*super, winner);
    TrainOptions t = trainOptions(o, winner.resolution, group.get(),
                                  o.dir + "/finetune_checkpoint.pt");
    if (lead && !o.quiet)
      errs() << "finetune: " << describe(winner) << ", " << t.epochs
             << " epoch(s) from the super network's weights\n";
    int ran = trainStatic(net, data.train, t, [&](const EpochLog &l) {
      appendLine(o.dir + "/train.jsonl", epochJSON("finetune", l));
    });
    if (!lead)
      return 0;
    net->eval();
    auto fwd = [&](const torch::Tensor &x) { return net->forward(x, {}); };
    double val = evaluate(fwd, data.val, winner.resolution);
    double test = evaluate(fwd, data.test, winner.resolution);
    saveModule(*net, o.dir + "/finetune.pt");
    outs() << llvm::formatv("finetune: {0} epoch(s) run now; float accuracy: "
                            "validation {1}, test {2} ({3} images)\n",
                            ran, percent(val), percent(test), data.test.size());
    return writeJSON(o.dir + "/finetune.json",
                     llvm::json::Object{{"config", configToJSON(winner)},
                                        {"epochs", t.epochs},
                                        {"float_val_accuracy", val},
                                        {"float_test_accuracy", test},
                                        {"test_images", data.test.size()}})
               ? 0
               : 1;
  });
}

int mcunet::nas::runBaselineStage(const StageOptions &o,
                                  const BaselineOptions &b) {
  return guarded("baseline", [&] {
    SpaceState st;
    std::string error;
    if (!readSpaceState(o.dir, st, error)) {
      errs() << "error: baseline: " << error << "\n";
      return 1;
    }
    setThreads(o.threads);
    auto group = connectGroup(o);
    bool lead = !group || group->rank() == 0;
    if (b.divisor < 1) {
      errs() << "error: baseline: --divisor must be at least 1\n";
      return 1;
    }
    SpaceOptions space = mobileNetV2Space(st.space, b.divisor);
    // The (width, resolution) with the most MACs that fits, measured by the
    // compiler like every search candidate.
    mlir::MLIRContext context;
    prepareContext(context);
    MeasureOptions mo;
    mo.fused = st.fused;
    mo.maxOverhead = st.maxOverhead;
    SubnetConfig best;
    Measurement bestM;
    bool found = false;
    int64_t leastSram = -1, leastFlash = -1;
    for (double w : b.widths) {
      for (int r : b.resolutions) {
        SubnetConfig c = mobileNetV2Config(w, r);
        Measurement m;
        std::string why;
        if (mlir::failed(measureSubnet(context, space, c, mo, m, why))) {
          errs() << "error: baseline: the compiler rejected " << describe(c)
                 << ":\n"
                 << why;
          return 1;
        }
        int64_t sram = m.arenaBytes + st.stackReserve,
                flash = m.weightsBytes + st.codeReserve;
        if (leastSram < 0 || sram < leastSram)
          leastSram = sram;
        if (leastFlash < 0 || flash < leastFlash)
          leastFlash = flash;
        if (fitsBudget(st, m) && (!found || m.macs > bestM.macs)) {
          best = c;
          bestM = m;
          found = true;
        }
      }
    }
    if (!found) {
      errs() << "error: baseline: no MobileNetV2 on the grid (--widths, "
                "--resolutions) fits "
             << st.sramBytes << " B SRAM and " << st.flashBytes
             << " B flash (the smallest on it need " << leastSram
             << " B SRAM and " << leastFlash
             << " B flash, with the space's stack and code reserves)\n";
      return 1;
    }
    if (lead && !o.quiet)
      errs() << llvm::formatv("baseline: MobileNetV2 width {0} resolution {1}: "
                              "arena {2} B, weights {3} B, {4} MACs\n",
                              best.width, best.resolution, bestM.arenaBytes,
                              bestM.weightsBytes, bestM.macs);
    Splits data = loadSplits(o.data, st.space);
    StaticNet net(space, best);
    initializeWeights(*net, o.train.seed);
    TrainOptions t = trainOptions(o, best.resolution, group.get(),
                                  o.dir + "/baseline_checkpoint.pt");
    int ran = trainStatic(net, data.train, t, [&](const EpochLog &l) {
      appendLine(o.dir + "/train.jsonl", epochJSON("baseline", l));
    });
    if (!lead)
      return 0;
    net->eval();
    auto fwd = [&](const torch::Tensor &x) { return net->forward(x, {}); };
    double val = evaluate(fwd, data.val, best.resolution);
    double test = evaluate(fwd, data.test, best.resolution);
    saveModule(*net, o.dir + "/baseline.pt");
    outs() << llvm::formatv("baseline: {0} epoch(s) run now; float accuracy: "
                            "validation {1}, test {2}\n",
                            ran, percent(val), percent(test));
    return writeJSON(o.dir + "/baseline.json",
                     llvm::json::Object{{"config", configToJSON(best)},
                                        {"epochs", t.epochs},
                                        {"divisor", b.divisor},
                                        {"arena_bytes", bestM.arenaBytes},
                                        {"weights_bytes", bestM.weightsBytes},
                                        {"macs", bestM.macs},
                                        {"float_val_accuracy", val},
                                        {"float_test_accuracy", test}})
               ? 0
               : 1;
  });
}
