//===- StageCommon.h - what the mcunet-nas stages share ---------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Every stage works in one folder (-o DIR). `space` writes DIR/space.json
// (the search space, the budgets and the chosen width and resolution); the
// later stages read it, so a chain of commands needs the options only once:
//
//   space    -> space.json, space_cdf.svg
//   train    -> supernet.pt (checkpoint every epoch), train.json
//   search   -> search.jsonl (every candidate), search.json, pareto.svg
//   finetune -> finetune.pt, finetune.json          (the search's winner)
//   baseline -> baseline.pt, baseline.json          (scaled MobileNetV2)
//   export   -> model.onnx (or baseline.onnx), c/, export.json
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_TOOLS_MCUNET_NAS_STAGECOMMON_H
#define MCUNET_TOOLS_MCUNET_NAS_STAGECOMMON_H

#include "mcunet/NAS/Data.h"
#include "mcunet/NAS/SearchSpace.h"
#include "mcunet/NAS/Subnet.h"

#include "llvm/Support/JSON.h"

#include <optional>
#include <string>

namespace mcunet::nas {

/// DIR/space.json's decisions.
struct SpaceState {
  SpaceOptions space;
  double width = 0;
  int resolution = 0;
  int64_t sramBytes = 0, flashBytes = 0;
  int64_t stackReserve = 0, codeReserve = 0;
  bool fused = false;
  double maxOverhead = 0.1;
};

/// Reads DIR/space.json; an error names the file and what is missing.
bool readSpaceState(const std::string &dir, SpaceState &state,
                    std::string &error);

/// Options of the stages that read data.
struct DataOptions {
  std::string spec = "fashion-mnist";
  /// Use only the first N training images (0: all), for smoke tests.
  int64_t trainLimit = 0;
  /// Images held out of the training set for the search's validation.
  int64_t valSize = 5000;
  /// Use only the first N test images (0: all).
  int64_t testLimit = 0;
};

struct Splits {
  Dataset train, val, test;
  std::string description;
};

/// Loads the data and checks it against the space (input channels,
/// classes). Throws DataError.
Splits loadSplits(const DataOptions &options, const SpaceOptions &space);

/// A subnet as JSON and back.
llvm::json::Value configToJSON(const SubnetConfig &config);
bool configFromJSON(const llvm::json::Value &value, SubnetConfig &config);

/// Writes `value` to `path` through a temporary file and a rename.
bool writeJSON(const std::string &path, const llvm::json::Value &value);
std::optional<llvm::json::Value> readJSON(const std::string &path,
                                          std::string &error);

/// Arena + stack reserve and weights + code reserve within the budgets.
bool fitsBudget(const SpaceState &s, const Measurement &m);

bool fileExists(const std::string &path);

} // namespace mcunet::nas

#endif
