//===- SearchSpace.cpp - TinyNAS search space -----------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "mcunet/NAS/SearchSpace.h"

#include <algorithm>
#include <cmath>
#include <sstream>

using namespace mcunet::nas;

int mcunet::nas::makeDivisible(double channels, int divisor) {
  int rounded = std::max(divisor, static_cast<int>(channels + divisor / 2.0) /
                                      divisor * divisor);
  if (rounded < 0.9 * channels)
    rounded += divisor;
  return rounded;
}

SubnetConfig mcunet::nas::sampleSubnet(const SpaceOptions &space, double width,
                                       int resolution, std::mt19937_64 &rng) {
  auto pick = [&](const std::vector<int> &choices) {
    std::uniform_int_distribution<size_t> d(0, choices.size() - 1);
    return choices[d(rng)];
  };
  SubnetConfig config;
  config.width = width;
  config.resolution = resolution;
  for (size_t s = 0; s < space.stageChannels.size(); ++s) {
    int depth = pick(space.depthChoices);
    std::vector<BlockChoice> blocks;
    for (int j = 0; j < depth; ++j)
      blocks.push_back({pick(space.kernelChoices), pick(space.expandChoices)});
    config.stages.push_back(std::move(blocks));
  }
  return config;
}

std::vector<LayerShape> mcunet::nas::subnetLayers(const SpaceOptions &space,
                                                  const SubnetConfig &config) {
  std::vector<LayerShape> layers;
  int h = config.resolution, w = config.resolution, c = space.inChannels;
  auto add = [&](LayerShape::Kind kind, int outC, int kernel, int stride,
                 bool relu6) {
    LayerShape l;
    l.kind = kind;
    l.inH = h, l.inW = w, l.inC = c;
    l.kernel = kernel, l.stride = stride, l.relu6 = relu6;
    l.outH = (h + stride - 1) / stride;
    l.outW = (w + stride - 1) / stride;
    l.outC = outC;
    layers.push_back(l);
    h = l.outH, w = l.outW, c = outC;
    return static_cast<int>(layers.size()) - 1;
  };
  add(LayerShape::Kind::Conv,
      makeDivisible(space.stemChannels * config.width, space.channelDivisor), 3,
      2, true);
  add(LayerShape::Kind::Depthwise, c, 3, 1, true);
  add(LayerShape::Kind::Conv,
      makeDivisible(space.firstBlockChannels * config.width,
                    space.channelDivisor),
      1, 1, false);
  for (size_t s = 0; s < config.stages.size(); ++s) {
    int out = makeDivisible(space.stageChannels[s] * config.width,
                            space.channelDivisor);
    for (size_t j = 0; j < config.stages[s].size(); ++j) {
      const BlockChoice &b = config.stages[s][j];
      int stride = j == 0 ? space.stageStrides[s] : 1;
      int blockIn = static_cast<int>(layers.size()) - 1;
      int inC = c;
      add(LayerShape::Kind::Conv,
          makeDivisible(inC * b.expand, space.channelDivisor), 1, 1, true);
      add(LayerShape::Kind::Depthwise, c, b.kernel, stride, true);
      add(LayerShape::Kind::Conv, out, 1, 1, false);
      if (stride == 1 && inC == out) {
        int skip = add(LayerShape::Kind::Add, out, 1, 1, false);
        layers[skip].skipFrom = blockIn;
      }
    }
  }
  if (space.lastChannels > 0)
    add(LayerShape::Kind::Conv,
        makeDivisible(space.lastChannels * config.width, space.channelDivisor),
        1, 1, true);
  LayerShape pool;
  pool.kind = LayerShape::Kind::Pool;
  pool.inH = h, pool.inW = w, pool.inC = c;
  pool.outH = pool.outW = 1, pool.outC = c;
  layers.push_back(pool);
  h = w = 1;
  LayerShape fc;
  fc.kind = LayerShape::Kind::FullyConnected;
  fc.inH = fc.inW = 1, fc.inC = c;
  fc.outH = fc.outW = 1, fc.outC = space.numClasses;
  layers.push_back(fc);
  return layers;
}

int64_t mcunet::nas::subnetMacs(const SpaceOptions &space,
                                const SubnetConfig &config) {
  int64_t macs = 0;
  for (const LayerShape &l : subnetLayers(space, config)) {
    int64_t out = int64_t(l.outH) * l.outW * l.outC;
    switch (l.kind) {
    case LayerShape::Kind::Conv:
      macs += out * l.kernel * l.kernel * l.inC;
      break;
    case LayerShape::Kind::Depthwise:
      macs += out * l.kernel * l.kernel;
      break;
    case LayerShape::Kind::Add:
      macs += out;
      break;
    case LayerShape::Kind::Pool:
      macs += int64_t(l.inH) * l.inW * l.inC;
      break;
    case LayerShape::Kind::FullyConnected:
      macs += int64_t(l.inC) * l.outC;
      break;
    }
  }
  return macs;
}

int64_t mcunet::nas::subnetParams(const SpaceOptions &space,
                                  const SubnetConfig &config) {
  int64_t params = 0;
  for (const LayerShape &l : subnetLayers(space, config)) {
    switch (l.kind) {
    case LayerShape::Kind::Conv:
      params += int64_t(l.outC) * l.kernel * l.kernel * l.inC + l.outC;
      break;
    case LayerShape::Kind::Depthwise:
      params += int64_t(l.outC) * l.kernel * l.kernel + l.outC;
      break;
    case LayerShape::Kind::FullyConnected:
      params += int64_t(l.outC) * l.inC + l.outC;
      break;
    default:
      break;
    }
  }
  return params;
}

std::string mcunet::nas::describe(const SubnetConfig &config) {
  std::ostringstream os;
  os << "w" << config.width << "-r" << config.resolution << " d[";
  for (size_t s = 0; s < config.stages.size(); ++s)
    os << (s ? "," : "") << config.stages[s].size();
  os << "] k[";
  bool first = true;
  for (const auto &stage : config.stages)
    for (const BlockChoice &b : stage)
      os << (first ? "" : ",") << b.kernel, first = false;
  os << "] e[";
  first = true;
  for (const auto &stage : config.stages)
    for (const BlockChoice &b : stage)
      os << (first ? "" : ",") << b.expand, first = false;
  os << "]";
  return os.str();
}
