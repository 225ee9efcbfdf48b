//===- Networks.cpp - weight-sharing super network and subnets ------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "mcunet/NAS/Networks.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

using namespace mcunet::nas;
using torch::Tensor;

ConvBNImpl::ConvBNImpl(int64_t out, int64_t inPerGroup, int64_t kernel) {
  weight = register_parameter("weight",
                              torch::empty({out, inPerGroup, kernel, kernel}));
  gamma = register_parameter("bn_weight", torch::ones({out}));
  beta = register_parameter("bn_bias", torch::zeros({out}));
  runningMean = register_buffer("running_mean", torch::zeros({out}));
  runningVar = register_buffer("running_var", torch::ones({out}));
}

Tensor mcunet::nas::runLayers(const Tensor &input,
                              const std::vector<LayerShape> &layers,
                              const std::vector<LayerParams> &params,
                              const BNMode &bn) {
  std::vector<Tensor> outs;
  outs.reserve(layers.size());
  // NHWC on the CPU: LibTorch's depthwise and 1x1 convolutions (forward and
  // backward) run several times faster than in NCHW here.
  Tensor x = input.dim() == 4
                 ? input.contiguous(torch::MemoryFormat::ChannelsLast)
                 : input;
  for (size_t i = 0; i < layers.size(); ++i) {
    const LayerShape &l = layers[i];
    const LayerParams &p = params[i];
    Tensor y;
    switch (l.kind) {
    case LayerShape::Kind::Conv:
    case LayerShape::Kind::Depthwise: {
      int64_t groups = l.kind == LayerShape::Kind::Depthwise ? l.inC : 1;
      y = torch::conv2d(x, p.weight, {}, l.stride, l.kernel / 2, 1, groups);
      y = torch::batch_norm(y, p.gamma, p.beta, p.runningMean, p.runningVar,
                            bn.training, bn.momentum, kBNEpsilon,
                            /*cudnn_enabled=*/true);
      if (l.relu6)
        y = torch::hardtanh(y, 0.0, 6.0); // one fused backward kernel
      break;
    }
    case LayerShape::Kind::Add:
      y = x + outs[static_cast<size_t>(l.skipFrom)];
      break;
    case LayerShape::Kind::Pool:
      y = x.mean({2, 3});
      break;
    case LayerShape::Kind::FullyConnected:
      y = torch::linear(x, p.fcWeight, p.fcBias);
      break;
    }
    outs.push_back(y);
    x = y;
  }
  return x;
}

//===----------------------------------------------------------------------===//
// SuperNet
//===----------------------------------------------------------------------===//

SuperNetImpl::SuperNetImpl(SpaceOptions space, double width)
    : space_(std::move(space)), width_(width) {
  auto maxOf = [](const std::vector<int> &v, const char *what) {
    if (v.empty())
      throw std::invalid_argument(std::string("the search space has no ") +
                                  what + " choices");
    return *std::max_element(v.begin(), v.end());
  };
  maxKernel_ = maxOf(space_.kernelChoices, "kernel");
  maxExpand_ = maxOf(space_.expandChoices, "expansion");
  maxDepth_ = maxOf(space_.depthChoices, "depth");
  if (space_.stageChannels.size() != space_.stageStrides.size())
    throw std::invalid_argument("stage channels and strides differ in count");
  // The layers of the largest subnet give every weight's largest shape.
  SubnetConfig big = largest(32);
  std::vector<LayerShape> layers = subnetLayers(space_, big);
  size_t at = 0;
  auto conv = [&](const std::string &name) {
    const LayerShape &l = layers[at++];
    int64_t inPerGroup = l.kind == LayerShape::Kind::Depthwise ? 1 : l.inC;
    return register_module(name, ConvBN(l.outC, inPerGroup, l.kernel));
  };
  stem_ = conv("stem");
  firstDepthwise_ = conv("first_dw");
  firstProject_ = conv("first_project");
  stages_.resize(big.stages.size());
  for (size_t s = 0; s < big.stages.size(); ++s) {
    for (size_t j = 0; j < big.stages[s].size(); ++j) {
      std::string name = "stage" + std::to_string(s) + "_" + std::to_string(j);
      Block b;
      b.expand = conv(name + "_expand");
      b.depthwise = conv(name + "_dw");
      b.project = conv(name + "_project");
      if (layers[at].kind == LayerShape::Kind::Add)
        ++at;
      stages_[s].push_back(b);
    }
  }
  if (space_.lastChannels > 0)
    last_ = conv("last");
  const LayerShape &fc = layers.back();
  fcWeight_ = register_parameter("fc_weight", torch::empty({fc.outC, fc.inC}));
  fcBias_ = register_parameter("fc_bias", torch::zeros({fc.outC}));
}

SubnetConfig SuperNetImpl::largest(int resolution) const {
  SubnetConfig c;
  c.width = width_;
  c.resolution = resolution;
  c.stages.assign(
      space_.stageChannels.size(),
      std::vector<BlockChoice>(static_cast<size_t>(maxDepth_),
                               BlockChoice{maxKernel_, maxExpand_}));
  return c;
}

std::vector<LayerParams> SuperNetImpl::params(const SubnetConfig &config) {
  if (config.stages.size() != stages_.size())
    throw std::invalid_argument(
        "the subnet has " + std::to_string(config.stages.size()) +
        " stages, the super network " + std::to_string(stages_.size()));
  if (std::abs(config.width - width_) > 1e-9)
    throw std::invalid_argument("the subnet's width multiplier differs from "
                                "the super network's");
  std::vector<LayerShape> layers = subnetLayers(space_, config);
  std::vector<LayerParams> out(layers.size());
  size_t at = 0;
  auto whole = [&](ConvBN &m) {
    LayerParams &p = out[at++];
    p.weight = m->weight;
    p.gamma = m->gamma;
    p.beta = m->beta;
    p.runningMean = m->runningMean;
    p.runningVar = m->runningVar;
  };
  auto firstChannels = [](ConvBN &m, LayerParams &p, int64_t n) {
    p.gamma = m->gamma.narrow(0, 0, n);
    p.beta = m->beta.narrow(0, 0, n);
    p.runningMean = m->runningMean.narrow(0, 0, n);
    p.runningVar = m->runningVar.narrow(0, 0, n);
  };
  whole(stem_);
  whole(firstDepthwise_);
  whole(firstProject_);
  for (size_t s = 0; s < config.stages.size(); ++s) {
    if (config.stages[s].size() > stages_[s].size())
      throw std::invalid_argument("stage " + std::to_string(s) + " has " +
                                  std::to_string(config.stages[s].size()) +
                                  " blocks, at most " +
                                  std::to_string(stages_[s].size()));
    for (size_t j = 0; j < config.stages[s].size(); ++j) {
      Block &b = stages_[s][j];
      const LayerShape &e = layers[at];
      int64_t hidden = e.outC;
      if (hidden > b.expand->weight.size(0))
        throw std::invalid_argument("expansion above the super network's");
      LayerParams &pe = out[at++];
      pe.weight = b.expand->weight.narrow(0, 0, hidden);
      firstChannels(b.expand, pe, hidden);
      int64_t k = layers[at].kernel;
      if (k > maxKernel_ || k % 2 == 0)
        throw std::invalid_argument("kernel " + std::to_string(k) +
                                    " is not an odd size up to " +
                                    std::to_string(maxKernel_));
      int64_t off = (maxKernel_ - k) / 2;
      LayerParams &pd = out[at++];
      pd.weight = b.depthwise->weight.narrow(0, 0, hidden)
                      .narrow(2, off, k)
                      .narrow(3, off, k);
      firstChannels(b.depthwise, pd, hidden);
      LayerParams &pp = out[at++];
      pp.weight = b.project->weight.narrow(1, 0, hidden);
      pp.gamma = b.project->gamma;
      pp.beta = b.project->beta;
      pp.runningMean = b.project->runningMean;
      pp.runningVar = b.project->runningVar;
      if (layers[at].kind == LayerShape::Kind::Add)
        ++at;
    }
  }
  if (space_.lastChannels > 0)
    whole(last_);
  ++at; // pooling
  out[at].fcWeight = fcWeight_;
  out[at].fcBias = fcBias_;
  return out;
}

Tensor SuperNetImpl::forward(const Tensor &input, const SubnetConfig &config,
                             const BNMode &bn) {
  return runLayers(input, subnetLayers(space_, config), params(config), bn);
}

void SuperNetImpl::sortChannels() {
  torch::NoGradGuard noGrad;
  for (auto &stage : stages_) {
    for (Block &b : stage) {
      Tensor importance = b.project->weight.abs().sum({0, 2, 3});
      Tensor order = std::get<1>(importance.sort(0, /*descending=*/true));
      auto permute = [&](Tensor &t, int64_t dim) {
        t.copy_(t.index_select(dim, order));
      };
      for (ConvBN *m : {&b.expand, &b.depthwise}) {
        permute((*m)->weight, 0);
        permute((*m)->gamma, 0);
        permute((*m)->beta, 0);
        permute((*m)->runningMean, 0);
        permute((*m)->runningVar, 0);
      }
      permute(b.project->weight, 1);
    }
  }
}

//===----------------------------------------------------------------------===//
// StaticNet
//===----------------------------------------------------------------------===//

StaticNetImpl::StaticNetImpl(SpaceOptions space, SubnetConfig config)
    : space_(std::move(space)), config_(std::move(config)),
      layers_(subnetLayers(space_, config_)) {
  params_.resize(layers_.size());
  for (size_t i = 0; i < layers_.size(); ++i) {
    const LayerShape &l = layers_[i];
    LayerParams &p = params_[i];
    if (l.kind == LayerShape::Kind::Conv ||
        l.kind == LayerShape::Kind::Depthwise) {
      int64_t inPerGroup = l.kind == LayerShape::Kind::Depthwise ? 1 : l.inC;
      auto m = register_module("layer" + std::to_string(i),
                               ConvBN(l.outC, inPerGroup, l.kernel));
      p.weight = m->weight;
      p.gamma = m->gamma;
      p.beta = m->beta;
      p.runningMean = m->runningMean;
      p.runningVar = m->runningVar;
    } else if (l.kind == LayerShape::Kind::FullyConnected) {
      p.fcWeight =
          register_parameter("fc_weight", torch::empty({l.outC, l.inC}));
      p.fcBias = register_parameter("fc_bias", torch::zeros({l.outC}));
    }
  }
}

Tensor StaticNetImpl::forward(const Tensor &input, const BNMode &bn) {
  return runLayers(input, layers_, params_, bn);
}

void StaticNetImpl::load(const std::vector<LayerParams> &from) {
  torch::NoGradGuard noGrad;
  if (from.size() != params_.size())
    throw std::invalid_argument("load: layer counts differ");
  auto copy = [](Tensor &to, const Tensor &v) {
    if (!to.defined())
      return;
    if (!v.defined() || to.sizes() != v.sizes())
      throw std::invalid_argument("load: a weight's shape differs");
    to.copy_(v);
  };
  for (size_t i = 0; i < from.size(); ++i) {
    copy(params_[i].weight, from[i].weight);
    copy(params_[i].gamma, from[i].gamma);
    copy(params_[i].beta, from[i].beta);
    copy(params_[i].runningMean, from[i].runningMean);
    copy(params_[i].runningVar, from[i].runningVar);
    copy(params_[i].fcWeight, from[i].fcWeight);
    copy(params_[i].fcBias, from[i].fcBias);
  }
}

void StaticNetImpl::recalibrate(const std::vector<Tensor> &batches) {
  torch::NoGradGuard noGrad;
  for (LayerParams &p : params_) {
    if (p.runningMean.defined()) {
      p.runningMean.zero_();
      p.runningVar.fill_(1.0);
    }
  }
  for (size_t k = 0; k < batches.size(); ++k)
    forward(batches[k], BNMode{true, 1.0 / static_cast<double>(k + 1)});
}

StaticNet mcunet::nas::extract(SuperNetImpl &super,
                               const SubnetConfig &config) {
  StaticNet net(super.space(), config);
  net->load(super.params(config));
  return net;
}

void mcunet::nas::initializeWeights(torch::nn::Module &module, uint64_t seed) {
  torch::NoGradGuard noGrad;
  torch::manual_seed(seed);
  for (const auto &m : module.modules(/*include_self=*/true)) {
    if (auto *c = m->as<ConvBNImpl>()) {
      int64_t fanOut =
          c->weight.size(0) * c->weight.size(2) * c->weight.size(3);
      c->weight.normal_(0.0, std::sqrt(2.0 / static_cast<double>(fanOut)));
      c->gamma.fill_(1.0);
      c->beta.zero_();
      c->runningMean.zero_();
      c->runningVar.fill_(1.0);
    }
  }
  for (auto &p : module.named_parameters(/*recurse=*/false)) {
    if (p.key() == "fc_weight") {
      double bound = 1.0 / std::sqrt(static_cast<double>(p.value().size(1)));
      p.value().uniform_(-bound, bound);
    } else if (p.key() == "fc_bias") {
      p.value().zero_();
    }
  }
}
