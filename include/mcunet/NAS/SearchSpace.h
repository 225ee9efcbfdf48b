//===- SearchSpace.h - TinyNAS search space (no MLIR, no LibTorch) -*- C++
//-*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
// The MCUNet search space (MobileNetV2-style inverted bottlenecks), plain
// C++ so that the training core can use it without MLIR:
//
//   stem       3x3 conv, stride 2, make_divisible(stem * width) channels, ReLU6
//   block 0    3x3 depthwise + ReLU6, 1x1 projection to
//              make_divisible(first * width) (expansion 1, fixed)
//   stage s    depth d_s in depthChoices; block j: 1x1 expansion by
//              e in expandChoices + ReLU6, k x k depthwise (k in
//              kernelChoices, stride stageStrides[s] for j = 0, else 1) +
//              ReLU6, 1x1 projection to make_divisible(stageChannels[s] *
//              width); a residual add where stride 1 and channels match
//   head       [1x1 conv to make_divisible(last * width) + ReLU6 when last
//              > 0], global average pooling, fully connected to the classes
//
// Padding is SAME (k / 2 on each side), so a stride-s layer maps n to
// ceil(n / s).
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_NAS_SEARCHSPACE_H
#define MCUNET_NAS_SEARCHSPACE_H

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace mcunet::nas {

struct SpaceOptions {
  int inChannels = 1;
  int numClasses = 10;
  int stemChannels = 32;
  int firstBlockChannels = 16;
  std::vector<int> stageChannels = {24, 40, 80, 96, 192, 320};
  std::vector<int> stageStrides = {2, 2, 2, 1, 2, 1};
  std::vector<int> depthChoices = {2, 3, 4};
  std::vector<int> expandChoices = {3, 4, 6};
  std::vector<int> kernelChoices = {3, 5, 7};
  /// Channels of the 1x1 conv before pooling (0: none).
  int lastChannels = 0;
  /// Channel counts are rounded to multiples of this (MobileNet's 8).
  int channelDivisor = 8;
};

struct BlockChoice {
  int kernel = 3;
  int expand = 6;
};

/// One subnet: the global choices and, per stage, one choice per block.
struct SubnetConfig {
  double width = 1.0;
  int resolution = 32;
  std::vector<std::vector<BlockChoice>> stages;
};

/// MobileNet's rounding of a channel count: the nearest multiple of
/// `divisor` (at least `divisor`), raised by one step if that loses more
/// than 10%.
int makeDivisible(double channels, int divisor = 8);

/// A subnet drawn uniformly: per stage a depth, per block a kernel and an
/// expansion.
SubnetConfig sampleSubnet(const SpaceOptions &space, double width,
                          int resolution, std::mt19937_64 &rng);

/// The layers of a subnet with their shapes, in execution order.
struct LayerShape {
  enum class Kind { Conv, Depthwise, Add, Pool, FullyConnected };
  Kind kind = Kind::Conv;
  int inH = 0, inW = 0, inC = 0;
  int outH = 0, outW = 0, outC = 0;
  int kernel = 1, stride = 1;
  bool relu6 = false;
  /// For Add: the index of the layer whose output is the skip input.
  int skipFrom = -1;
};
std::vector<LayerShape> subnetLayers(const SpaceOptions &space,
                                     const SubnetConfig &config);

/// Multiply-accumulates of one inference, counted from the shapes (as the
/// compiler counts them: conv OH*OW*OC*KH*KW*IC, depthwise OH*OW*C*KH*KW,
/// fully connected O*I, global pooling one per input element, add one per
/// output element).
int64_t subnetMacs(const SpaceOptions &space, const SubnetConfig &config);

/// Weights and biases.
int64_t subnetParams(const SpaceOptions &space, const SubnetConfig &config);

/// "w0.5-r48 d[2,3,4,2,3,2] k[...] e[...]": one line, for logs.
std::string describe(const SubnetConfig &config);

} // namespace mcunet::nas

#endif // MCUNET_NAS_SEARCHSPACE_H
