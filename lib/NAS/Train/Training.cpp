//===- Training.cpp - TinyNAS training loops ------------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "mcunet/NAS/Training.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>
#include <sstream>
#include <thread>
#include <unistd.h>

using namespace mcunet::nas;
using torch::Tensor;

ProcessGroup::~ProcessGroup() = default;

void mcunet::nas::setThreads(int threads) {
  if (threads <= 0)
    threads =
        static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  torch::set_num_threads(threads);
}

void mcunet::nas::saveModule(torch::nn::Module &module,
                             const std::string &path) {
  torch::serialize::OutputArchive archive;
  module.save(archive);
  std::string tmp = path + ".tmp";
  archive.save_to(tmp);
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    throw std::runtime_error(path + ": cannot write (rename failed)");
}

void mcunet::nas::loadModule(torch::nn::Module &module,
                             const std::string &path) {
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path);
    module.load(archive);
  } catch (const c10::Error &e) {
    throw std::runtime_error(path + ": not a checkpoint of this network (" +
                             std::string(e.what_without_backtrace()) + ")");
  }
}

void mcunet::nas::loadCheckpointModel(torch::nn::Module &module,
                                      const std::string &path) {
  torch::serialize::InputArchive archive, m;
  try {
    archive.load_from(path);
    archive.read("model", m);
    module.load(m);
  } catch (const c10::Error &e) {
    throw std::runtime_error(path + ": not a checkpoint of this network (" +
                             std::string(e.what_without_backtrace()) + ")");
  }
}

std::vector<Tensor> mcunet::nas::sampleBatches(const Dataset &data, int count,
                                               int batchSize, int resolution,
                                               uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> pick(0, data.size() - 1);
  std::vector<Tensor> batches;
  for (int b = 0; b < count; ++b) {
    std::vector<int64_t> idx(static_cast<size_t>(batchSize));
    for (auto &i : idx)
      i = pick(rng);
    batches.push_back(prepareImages(
        data.images, torch::tensor(idx, torch::kInt64), resolution));
  }
  return batches;
}

double mcunet::nas::evaluate(const std::function<Tensor(const Tensor &)> &fwd,
                             const Dataset &data, int resolution, int batchSize,
                             torch::Device device) {
  torch::NoGradGuard noGrad;
  int64_t correct = 0, n = data.size();
  if (n == 0)
    return 0.0;
  for (int64_t b = 0; b < n; b += batchSize) {
    int64_t e = std::min(n, b + batchSize);
    Tensor x = prepareImages(data.images.slice(0, b, e), resolution).to(device);
    Tensor pred = fwd(x).argmax(1).cpu();
    correct += pred.eq(data.labels.slice(0, b, e)).sum().item<int64_t>();
  }
  return static_cast<double>(correct) / static_cast<double>(n);
}

namespace {

std::string formatDuration(double seconds) {
  char b[32];
  int s = static_cast<int>(seconds + 0.5);
  if (s >= 3600)
    snprintf(b, sizeof b, "%dh%02dm", s / 3600, (s / 60) % 60);
  else if (s >= 60)
    snprintf(b, sizeof b, "%dm%02ds", s / 60, s % 60);
  else
    snprintf(b, sizeof b, "%ds", s);
  return b;
}

/// One line on stderr, redrawn in place on a terminal; elsewhere (logs, CI)
/// a line at each quarter of an epoch.
class Progress {
public:
  Progress(std::string what, bool enabled)
      : what_(std::move(what)), enabled_(enabled), tty_(isatty(2)) {}
  void update(int epoch, int epochs, int64_t step, int64_t steps, double loss,
              double acc, double imagesPerSecond, double etaSeconds,
              bool done) {
    if (!enabled_)
      return;
    auto now = std::chrono::steady_clock::now();
    int quarter = static_cast<int>(4 * step / std::max<int64_t>(1, steps));
    if (!done) {
      if (tty_ && now - last_ < std::chrono::milliseconds(250))
        return;
      if (!tty_ && quarter == lastQuarter_)
        return;
    }
    last_ = now;
    lastQuarter_ = quarter;
    int width = 24;
    int filled = static_cast<int>(width * step / std::max<int64_t>(1, steps));
    std::string bar(static_cast<size_t>(filled), '=');
    if (filled < width)
      bar += '>' + std::string(static_cast<size_t>(width - filled - 1), ' ');
    char line[256];
    snprintf(line, sizeof line,
             "%s epoch %d/%d [%s] %3d%%  loss %.4f  acc %5.2f%%  %.0f img/s  "
             "ETA %s",
             what_.c_str(), epoch, epochs, bar.c_str(),
             static_cast<int>(100 * step / std::max<int64_t>(1, steps)), loss,
             100 * acc, imagesPerSecond, formatDuration(etaSeconds).c_str());
    if (tty_)
      fprintf(stderr, "\r%s\033[K%s", line, done ? "\n" : "");
    else
      fprintf(stderr, "%s\n", line);
    fflush(stderr);
  }

private:
  std::string what_;
  bool enabled_, tty_;
  std::chrono::steady_clock::time_point last_{};
  int lastQuarter_ = -1;
};

struct Checkpoint {
  int epochsDone = 0;
};

std::string signature(const std::string &kind, const TrainOptions &o,
                      torch::nn::Module &module) {
  std::ostringstream s;
  s << kind << " epochs=" << o.epochs << " largest=" << o.largestEpochs
    << " subnets=" << o.subnetsPerBatch << " batch=" << o.batchSize
    << " lr=" << o.lrPer256 << " momentum=" << o.momentum
    << " wd=" << o.weightDecay << " steps=" << o.stepsPerEpoch
    << " seed=" << o.seed << " resolution=" << o.resolution
    << " world=" << (o.group ? o.group->worldSize() : 1) << " params=";
  int64_t n = 0;
  for (const auto &p : module.parameters())
    n += p.numel();
  s << n;
  return s.str();
}

/// What one optimization step does on a batch: forward, backward; returns
/// the loss and the number of correct predictions.
using StepFn = std::function<std::pair<double, int64_t>(
    const Tensor &x, const Tensor &y, int epoch, int64_t step)>;
/// Called before an epoch starts (after a resume too); returns true when the
/// optimizer must start afresh (the super network's channel sort).
using EpochStartFn = std::function<bool(int epoch)>;

int trainLoop(torch::nn::Module &module, const Dataset &train,
              const TrainOptions &o, const std::string &kind,
              const StepFn &step, const EpochStartFn &onEpochStart,
              const EpochCallback &onEpoch) {
  int world = o.group ? o.group->worldSize() : 1;
  int rank = o.group ? o.group->rank() : 0;
  int64_t globalBatch = int64_t(o.batchSize) * world;
  int64_t steps = train.size() / globalBatch;
  if (o.stepsPerEpoch > 0)
    steps = std::min<int64_t>(steps, o.stepsPerEpoch);
  if (steps <= 0)
    throw std::runtime_error(
        "the training split (" + std::to_string(train.size()) +
        " images) is smaller than one batch of " + std::to_string(globalBatch));
  double baseLr = o.lrPer256 * static_cast<double>(globalBatch) / 256.0;
  auto makeOptimizer = [&] {
    return std::make_unique<torch::optim::SGD>(
        module.parameters(), torch::optim::SGDOptions(baseLr)
                                 .momentum(o.momentum)
                                 .weight_decay(o.weightDecay));
  };
  auto optimizer = makeOptimizer();
  std::string sig = signature(kind, o, module);

  // Resume.
  int start = 0;
  if (!o.checkpoint.empty() && access(o.checkpoint.c_str(), R_OK) == 0) {
    torch::serialize::InputArchive archive;
    try {
      archive.load_from(o.checkpoint);
    } catch (const c10::Error &e) {
      throw std::runtime_error(o.checkpoint + ": unreadable checkpoint (" +
                               std::string(e.what_without_backtrace()) + ")");
    }
    c10::IValue stored;
    if (!archive.try_read("signature", stored) || !stored.isString() ||
        stored.toStringRef() != sig)
      throw std::runtime_error(
          o.checkpoint + ": made with other options (" +
          (stored.isString() ? stored.toStringRef() : std::string("?")) +
          "; now " + sig + "): remove it or pass --force");
    c10::IValue done;
    archive.try_read("epochs_done", done);
    start = static_cast<int>(done.toInt());
    torch::serialize::InputArchive m, opt;
    archive.read("model", m);
    module.load(m);
    if (start < o.epochs) {
      if (onEpochStart(start))
        optimizer = makeOptimizer();
      else {
        archive.read("optimizer", opt);
        optimizer->load(opt);
      }
    }
    if (o.progress && rank == 0)
      fprintf(stderr, "%s: resumed from %s after epoch %d of %d\n",
              kind.c_str(), o.checkpoint.c_str(), start, o.epochs);
  } else if (onEpochStart(0)) {
    optimizer = makeOptimizer();
  }
  if (o.group) {
    torch::NoGradGuard noGrad;
    for (auto &p : module.parameters())
      o.group->broadcast(p);
    for (auto &b : module.buffers())
      o.group->broadcast(b);
  }

  Progress progress(kind, o.progress && rank == 0);
  int64_t totalSteps = steps * o.epochs;
  int run = 0;
  for (int epoch = start; epoch < o.epochs; ++epoch) {
    if (epoch != start && onEpochStart(epoch))
      optimizer = makeOptimizer();
    module.train();
    std::vector<int64_t> order(static_cast<size_t>(train.size()));
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 shuffle(o.seed * 1000003ULL + static_cast<uint64_t>(epoch));
    std::shuffle(order.begin(), order.end(), shuffle);
    auto t0 = std::chrono::steady_clock::now();
    double lossSum = 0;
    int64_t correct = 0, seen = 0;
    for (int64_t s = 0; s < steps; ++s) {
      int64_t t = int64_t(epoch) * steps + s;
      double lr = 0.5 * baseLr *
                  (1.0 + std::cos(M_PI * static_cast<double>(t) /
                                  static_cast<double>(totalSteps)));
      for (auto &g : optimizer->param_groups())
        static_cast<torch::optim::SGDOptions &>(g.options()).lr(lr);
      auto first =
          order.begin() + s * globalBatch + int64_t(rank) * o.batchSize;
      Tensor idx = torch::tensor(
          std::vector<int64_t>(first, first + o.batchSize), torch::kInt64);
      Tensor x = prepareImages(train.images, idx, o.resolution).to(o.device);
      Tensor y = train.labels.index_select(0, idx).to(o.device);
      optimizer->zero_grad();
      auto [loss, ok] = step(x, y, epoch, s);
      if (o.group) {
        std::vector<Tensor> grads;
        for (auto &p : module.parameters()) {
          if (!p.grad().defined())
            p.mutable_grad() = torch::zeros_like(p);
          grads.push_back(p.grad().view(-1));
        }
        Tensor flat = torch::cat(grads);
        o.group->allreduceSum(flat);
        flat.div_(world);
        int64_t at = 0;
        for (auto &p : module.parameters()) {
          int64_t n = p.numel();
          p.mutable_grad().copy_(flat.slice(0, at, at + n).view_as(p));
          at += n;
        }
      }
      optimizer->step();
      lossSum += loss;
      correct += ok;
      seen += o.batchSize;
      double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
              .count();
      double rate = static_cast<double>(seen * world) / std::max(elapsed, 1e-9);
      double eta = static_cast<double>(totalSteps - t - 1) * globalBatch /
                   std::max(rate, 1e-9);
      progress.update(epoch + 1, o.epochs, s + 1, steps,
                      lossSum / static_cast<double>(s + 1),
                      static_cast<double>(correct) / static_cast<double>(seen),
                      rate, eta, s + 1 == steps);
    }
    EpochLog log;
    log.epoch = epoch + 1;
    log.loss = lossSum / static_cast<double>(steps);
    log.accuracy = static_cast<double>(correct) / static_cast<double>(seen);
    log.lr = optimizer->param_groups()[0].options().get_lr();
    log.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
            .count();
    log.images = seen * world;
    if (!o.checkpoint.empty() && rank == 0) {
      torch::serialize::OutputArchive archive, m, opt;
      module.save(m);
      optimizer->save(opt);
      archive.write("signature", c10::IValue(sig));
      archive.write("epochs_done", c10::IValue(int64_t(epoch + 1)));
      archive.write("model", m);
      archive.write("optimizer", opt);
      std::string tmp = o.checkpoint + ".tmp";
      archive.save_to(tmp);
      if (std::rename(tmp.c_str(), o.checkpoint.c_str()) != 0)
        throw std::runtime_error(o.checkpoint + ": cannot write");
    }
    if (o.group)
      o.group->barrier();
    if (onEpoch && rank == 0)
      onEpoch(log);
    if (++run == o.stopAfterEpochs && epoch + 1 < o.epochs)
      throw std::runtime_error("stopped after epoch " +
                               std::to_string(epoch + 1) +
                               " (--stop-after-epochs)");
  }
  return run;
}

} // namespace

int mcunet::nas::trainSuperNet(SuperNet &net, const Dataset &train,
                               const TrainOptions &o,
                               const EpochCallback &onEpoch) {
  int largestEpochs =
      o.largestEpochs >= 0 ? o.largestEpochs : std::max(1, (o.epochs + 3) / 4);
  TrainOptions opts = o;
  opts.largestEpochs = largestEpochs;
  SubnetConfig big = net->largest(o.resolution);
  auto onStart = [&](int epoch) {
    if (epoch == largestEpochs && largestEpochs > 0 &&
        largestEpochs < o.epochs) {
      net->sortChannels();
      return true;
    }
    return false;
  };
  auto step = [&](const Tensor &x, const Tensor &y, int epoch,
                  int64_t s) -> std::pair<double, int64_t> {
    std::vector<SubnetConfig> configs;
    if (epoch < largestEpochs) {
      configs.push_back(big);
    } else {
      std::mt19937_64 rng(o.seed * 7919ULL + uint64_t(epoch) * 1000003ULL +
                          static_cast<uint64_t>(s));
      for (int k = 0; k < std::max(1, o.subnetsPerBatch); ++k)
        configs.push_back(
            sampleSubnet(net->space(), net->width(), o.resolution, rng));
    }
    double loss = 0;
    int64_t correct = 0;
    for (size_t k = 0; k < configs.size(); ++k) {
      Tensor logits = net->forward(x, configs[k], BNMode{true, 0.1});
      Tensor l = torch::cross_entropy_loss(logits, y);
      l.backward();
      loss += l.item<double>();
      if (k == 0)
        correct = logits.argmax(1).eq(y).sum().item<int64_t>();
    }
    return {loss / static_cast<double>(configs.size()), correct};
  };
  return trainLoop(*net, train, opts, "supernet", step, onStart, onEpoch);
}

int mcunet::nas::trainStatic(StaticNet &net, const Dataset &train,
                             const TrainOptions &o,
                             const EpochCallback &onEpoch) {
  auto step = [&](const Tensor &x, const Tensor &y, int,
                  int64_t) -> std::pair<double, int64_t> {
    Tensor logits = net->forward(x, BNMode{true, 0.1});
    Tensor l = torch::cross_entropy_loss(logits, y);
    l.backward();
    return {l.item<double>(), logits.argmax(1).eq(y).sum().item<int64_t>()};
  };
  return trainLoop(
      *net, train, o, "train", step, [](int) { return false; }, onEpoch);
}

//===----------------------------------------------------------------------===//
// c10d
//===----------------------------------------------------------------------===//

#ifdef MCUNET_WITH_C10D
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

namespace {
class GlooGroup : public ProcessGroup {
public:
  GlooGroup(const std::string &addr, int port, int rank, int world,
            int timeoutSeconds) {
    rank_ = rank;
    world_ = world;
    c10d::TCPStoreOptions so;
    so.port = static_cast<uint16_t>(port);
    so.isServer = rank == 0;
    so.numWorkers = static_cast<size_t>(world);
    so.waitWorkers = true;
    so.timeout = std::chrono::seconds(timeoutSeconds);
    store_ = c10::make_intrusive<c10d::TCPStore>(addr, so);
    auto options = c10d::ProcessGroupGloo::Options::create();
    options->timeout = std::chrono::seconds(timeoutSeconds);
    options->devices.push_back(
        c10d::ProcessGroupGloo::createDeviceForHostname(addr));
    group_ = c10::make_intrusive<c10d::ProcessGroupGloo>(store_, rank, world,
                                                         options);
  }
  void allreduceSum(Tensor &t) override {
    std::vector<Tensor> v{t};
    group_->allreduce(v)->wait();
  }
  void broadcast(Tensor &t) override {
    torch::NoGradGuard noGrad;
    Tensor c = t.contiguous();
    std::vector<Tensor> v{c};
    group_->broadcast(v)->wait();
    if (!c.is_same(t))
      t.copy_(c);
  }
  void barrier() override { group_->barrier()->wait(); }

private:
  c10::intrusive_ptr<c10d::Store> store_;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group_;
};
} // namespace

bool ProcessGroup::available() { return true; }

std::unique_ptr<ProcessGroup> ProcessGroup::connect(const std::string &addr,
                                                    int port, int rank,
                                                    int world,
                                                    int timeoutSeconds) {
  try {
    return std::make_unique<GlooGroup>(addr, port, rank, world, timeoutSeconds);
  } catch (const c10::Error &e) {
    throw std::runtime_error("c10d: rank " + std::to_string(rank) + " of " +
                             std::to_string(world) + " at " + addr + ":" +
                             std::to_string(port) + ": " +
                             e.what_without_backtrace());
  }
}
#else
bool ProcessGroup::available() { return false; }

std::unique_ptr<ProcessGroup> ProcessGroup::connect(const std::string &, int,
                                                    int, int, int) {
  throw std::runtime_error("this mcunet was built without c10d (Gloo): "
                           "install libgloo-dev and reconfigure");
}
#endif
