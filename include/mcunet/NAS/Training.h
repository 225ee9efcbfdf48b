//===- Training.h - TinyNAS training loops (LibTorch, no MLIR) --*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
// The recipe of ../docs/nas.md: SGD with momentum 0.9 and weight decay 5e-5,
// a cosine learning rate from 0.05 per 256 samples. The super network trains
// its largest subnet first, then sorts channels by importance and samples
// `subnetsPerBatch` subnets per batch (their gradients add up). A standalone
// network (fine-tuning, the baseline) trains the same way with one network.
//
// Long runs show a progress bar (loss, accuracy, images/s, ETA) on stderr,
// write a checkpoint after every epoch (atomically: a kill loses at most
// the epoch in flight) and resume from it. With a process group (c10d,
// Gloo) every rank trains on its share of each batch's samples and the
// gradients are averaged before every step (data parallel); rank 0 writes.
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_NAS_TRAINING_H
#define MCUNET_NAS_TRAINING_H

#include "mcunet/NAS/Data.h"
#include "mcunet/NAS/Networks.h"

#include <functional>
#include <memory>
#include <string>

namespace mcunet::nas {

/// Data-parallel training across processes (PyTorch's c10d with Gloo).
class ProcessGroup {
public:
  virtual ~ProcessGroup();
  int rank() const { return rank_; }
  int worldSize() const { return world_; }
  /// Sums `t` over the ranks, in place.
  virtual void allreduceSum(torch::Tensor &t) = 0;
  /// Copies rank 0's `t` to every rank, in place.
  virtual void broadcast(torch::Tensor &t) = 0;
  virtual void barrier() = 0;

  /// Connects to the others through a TCP store at addr:port (rank 0 hosts
  /// it). Throws when c10d is not built in or the others do not come.
  static std::unique_ptr<ProcessGroup> connect(const std::string &addr,
                                               int port, int rank, int world,
                                               int timeoutSeconds);
  static bool available();

protected:
  int rank_ = 0, world_ = 1;
};

struct TrainOptions {
  int epochs = 10;
  /// Super network: epochs on the largest subnet before sampling (-1: a
  /// quarter of the epochs, at least one).
  int largestEpochs = -1;
  int subnetsPerBatch = 4;
  int batchSize = 64;
  double lrPer256 = 0.05;
  double momentum = 0.9;
  double weightDecay = 5e-5;
  /// Stop an epoch after this many steps (0: the whole split); for smoke
  /// tests.
  int64_t stepsPerEpoch = 0;
  uint64_t seed = 1;
  int resolution = 32;
  /// Checkpoint file ("" : none). Resumed from when it exists and was made
  /// with the same options.
  std::string checkpoint;
  bool progress = true;
  /// Stop (as a kill would) after this many epochs of this run (0: never);
  /// for the resume tests.
  int stopAfterEpochs = 0;
  ProcessGroup *group = nullptr;
  torch::Device device = torch::kCPU;
};

struct EpochLog {
  int epoch = 0;
  double loss = 0, accuracy = 0, lr = 0, seconds = 0;
  int64_t images = 0;
};

/// A line per finished epoch (already on the progress bar's stream).
using EpochCallback = std::function<void(const EpochLog &)>;

/// Trains the super network on `train` (its images as stored). Returns the
/// number of epochs run now (0 when the checkpoint was already complete).
int trainSuperNet(SuperNet &net, const Dataset &train,
                  const TrainOptions &options, const EpochCallback &onEpoch);

/// Trains one standalone network.
int trainStatic(StaticNet &net, const Dataset &train,
                const TrainOptions &options, const EpochCallback &onEpoch);

/// Top-1 accuracy in [0, 1] of `forward` (eval mode) on `data` at
/// `resolution`.
double evaluate(const std::function<torch::Tensor(const torch::Tensor &)> &fwd,
                const Dataset &data, int resolution, int batchSize = 250,
                torch::Device device = torch::kCPU);

/// `count` prepared batches of `batchSize` drawn from `data` with `seed`
/// (BN re-calibration and quantization calibration).
std::vector<torch::Tensor> sampleBatches(const Dataset &data, int count,
                                         int batchSize, int resolution,
                                         uint64_t seed);

/// Saves `module` to `path` through a temporary file and a rename.
void saveModule(torch::nn::Module &module, const std::string &path);
void loadModule(torch::nn::Module &module, const std::string &path);
/// Reads the network of a training checkpoint (what trainSuperNet and
/// trainStatic write every epoch) into `module`; an error names the file.
void loadCheckpointModel(torch::nn::Module &module, const std::string &path);

/// Sets LibTorch's intra-op threads (0: the hardware's).
void setThreads(int threads);

} // namespace mcunet::nas

#endif // MCUNET_NAS_TRAINING_H
