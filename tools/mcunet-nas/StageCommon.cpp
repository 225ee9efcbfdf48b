//===- StageCommon.cpp - what the mcunet-nas stages share -----------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "StageCommon.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <sys/stat.h>

using namespace mcunet::nas;

bool mcunet::nas::fileExists(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

std::optional<llvm::json::Value> mcunet::nas::readJSON(const std::string &path,
                                                       std::string &error) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    error = path + ": " + buffer.getError().message();
    return std::nullopt;
  }
  auto value = llvm::json::parse((*buffer)->getBuffer());
  if (!value) {
    error = path + ": not JSON (" + llvm::toString(value.takeError()) + ")";
    return std::nullopt;
  }
  return std::move(*value);
}

bool mcunet::nas::writeJSON(const std::string &path,
                            const llvm::json::Value &value) {
  std::string tmp = path + ".tmp";
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(tmp, ec);
    if (ec) {
      llvm::errs() << "error: " << tmp << ": " << ec.message() << "\n";
      return false;
    }
    os << llvm::formatv("{0:2}", value) << "\n";
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    llvm::errs() << "error: cannot write " << path << "\n";
    return false;
  }
  return true;
}

bool mcunet::nas::readSpaceState(const std::string &dir, SpaceState &s,
                                 std::string &error) {
  std::string path = dir + "/space.json";
  auto value = readJSON(path, error);
  if (!value) {
    error += " (run `mcunet-nas space -o " + dir + "` first)";
    return false;
  }
  const llvm::json::Object *root = value->getAsObject();
  const llvm::json::Object *opts = root ? root->getObject("options") : nullptr;
  const llvm::json::Object *chosen = root ? root->getObject("chosen") : nullptr;
  if (!opts) {
    error = path + ": no \"options\"";
    return false;
  }
  if (!chosen) {
    error = path + ": no space was chosen (no (width, resolution) had enough "
                   "fitting subnets: relax the budget or the grid)";
    return false;
  }
  auto num = [&](const llvm::json::Object *o, const char *key,
                 double &out) -> bool {
    if (auto v = o->getNumber(key)) {
      out = *v;
      return true;
    }
    error = path + ": \"" + key + "\" is missing";
    return false;
  };
  double width, resolution, sram, flash, stack, code, in, classes, overhead;
  if (!num(chosen, "width", width) || !num(chosen, "resolution", resolution) ||
      !num(opts, "sram_bytes", sram) || !num(opts, "flash_bytes", flash) ||
      !num(opts, "stack_reserve_bytes", stack) ||
      !num(opts, "code_reserve_bytes", code) || !num(opts, "in_channels", in) ||
      !num(opts, "classes", classes) || !num(opts, "max_overhead", overhead))
    return false;
  s.width = width;
  s.resolution = static_cast<int>(resolution);
  s.sramBytes = static_cast<int64_t>(sram);
  s.flashBytes = static_cast<int64_t>(flash);
  s.stackReserve = static_cast<int64_t>(stack);
  s.codeReserve = static_cast<int64_t>(code);
  s.space.inChannels = static_cast<int>(in);
  s.space.numClasses = static_cast<int>(classes);
  s.maxOverhead = overhead;
  auto sched = opts->getString("schedule");
  s.fused = sched && *sched == "fused";
  auto ints = [&](const char *key, std::vector<int> &out) -> bool {
    const llvm::json::Array *a = opts->getArray(key);
    if (!a) {
      error = path + ": \"" + key + "\" is missing";
      return false;
    }
    out.clear();
    for (const auto &v : *a)
      out.push_back(static_cast<int>(v.getAsNumber().value_or(0)));
    return true;
  };
  return ints("stage_channels", s.space.stageChannels) &&
         ints("stage_strides", s.space.stageStrides);
}

Splits mcunet::nas::loadSplits(const DataOptions &o,
                               const SpaceOptions &space) {
  TrainTest tt = loadDataset(o.spec);
  if (tt.train.channels() != space.inChannels)
    throw DataError(
        tt.description + " has " + std::to_string(tt.train.channels()) +
        "-channel images but the search space expects " +
        std::to_string(space.inChannels) + " (mcunet-nas space --in-channels)");
  if (tt.train.numClasses > space.numClasses)
    throw DataError(
        tt.description + " has " + std::to_string(tt.train.numClasses) +
        " classes but the search space has " +
        std::to_string(space.numClasses) + " (mcunet-nas space --classes)");
  Splits s;
  s.description = tt.description;
  int64_t n = tt.train.size();
  if (o.valSize < 0 || o.valSize >= n)
    throw DataError("--val-size " + std::to_string(o.valSize) +
                    " leaves no training images (the training set has " +
                    std::to_string(n) + ")");
  s.val = tt.train.slice(n - o.valSize, n);
  s.train = tt.train.slice(0, n - o.valSize);
  if (o.trainLimit > 0)
    s.train = s.train.head(o.trainLimit);
  s.test = o.testLimit > 0 ? tt.test.head(o.testLimit) : tt.test;
  return s;
}

llvm::json::Value mcunet::nas::configToJSON(const SubnetConfig &c) {
  llvm::json::Array stages;
  for (const auto &stage : c.stages) {
    llvm::json::Array blocks;
    for (const BlockChoice &b : stage)
      blocks.push_back(llvm::json::Array{b.kernel, b.expand});
    stages.push_back(std::move(blocks));
  }
  return llvm::json::Object{{"width", c.width},
                            {"resolution", c.resolution},
                            {"stages", std::move(stages)},
                            {"text", describe(c)}};
}

bool mcunet::nas::configFromJSON(const llvm::json::Value &v, SubnetConfig &c) {
  const llvm::json::Object *o = v.getAsObject();
  if (!o)
    return false;
  auto w = o->getNumber("width");
  auto r = o->getInteger("resolution");
  const llvm::json::Array *stages = o->getArray("stages");
  if (!w || !r || !stages)
    return false;
  c.width = *w;
  c.resolution = static_cast<int>(*r);
  c.stages.clear();
  for (const auto &s : *stages) {
    const llvm::json::Array *blocks = s.getAsArray();
    if (!blocks)
      return false;
    std::vector<BlockChoice> bs;
    for (const auto &b : *blocks) {
      const llvm::json::Array *kv = b.getAsArray();
      if (!kv || kv->size() != 2)
        return false;
      BlockChoice choice;
      choice.kernel = static_cast<int>((*kv)[0].getAsInteger().value_or(0));
      choice.expand = static_cast<int>((*kv)[1].getAsInteger().value_or(0));
      if (choice.kernel <= 0 || choice.expand <= 0)
        return false;
      bs.push_back(choice);
    }
    c.stages.push_back(std::move(bs));
  }
  return true;
}

bool mcunet::nas::fitsBudget(const SpaceState &s, const Measurement &m) {
  return m.arenaBytes + s.stackReserve <= s.sramBytes &&
         m.weightsBytes + s.codeReserve <= s.flashBytes;
}
