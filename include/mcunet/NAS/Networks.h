//===- Networks.h - weight-sharing super network and subnets ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
// The training core of TinyNAS (LibTorch, no MLIR). Both networks run the
// layer list of SearchSpace.h's subnetLayers(), so the network that is
// trained, the te IR the compiler measures and the exported ONNX model have
// the same layers by construction.
//
//   SuperNet   one width multiplier, every stage at the largest depth, every
//              block at the largest expansion and a 7x7 depthwise kernel. A
//              subnet runs on views of its weights: kernel k is the k x k
//              centre, expansion e the first channels (after
//              sortChannels(), the most important ones by L1 norm), depth d
//              the first d blocks of a stage.
//   StaticNet  one subnet with weights of its own (a copy of the super
//              network's views: SuperNet::extract), what is fine-tuned,
//              folded, quantized and exported; also any fixed architecture
//              of the space's shape (the scaled MobileNetV2 baseline).
//
// Every convolution is followed by batch normalization (folded at export).
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_NAS_NETWORKS_H
#define MCUNET_NAS_NETWORKS_H

#include "mcunet/NAS/SearchSpace.h"

#include <torch/torch.h>

namespace mcunet::nas {

/// A convolution's weight and its batch normalization.
struct ConvBNImpl : torch::nn::Module {
  ConvBNImpl(int64_t out, int64_t inPerGroup, int64_t kernel);
  torch::Tensor weight, gamma, beta, runningMean, runningVar;
};
TORCH_MODULE(ConvBN);

/// The tensors one layer of subnetLayers() runs with (views or owned).
struct LayerParams {
  torch::Tensor weight, gamma, beta, runningMean, runningVar; // conv, dw
  torch::Tensor fcWeight, fcBias;                             // fc
};

/// How batch normalization behaves in a forward pass.
struct BNMode {
  /// Batch statistics (and update the running ones) instead of running.
  bool training = false;
  /// Weight of the new batch in the running statistics.
  double momentum = 0.1;
};
constexpr double kBNEpsilon = 1e-5;

/// Runs `layers` (subnetLayers) with `params` on float NCHW input.
torch::Tensor runLayers(const torch::Tensor &input,
                        const std::vector<LayerShape> &layers,
                        const std::vector<LayerParams> &params,
                        const BNMode &bn);

class StaticNetImpl;

class SuperNetImpl : public torch::nn::Module {
public:
  SuperNetImpl(SpaceOptions space, double width);

  /// The largest subnet of the space (every stage at the largest depth,
  /// kernel and expansion).
  SubnetConfig largest(int resolution) const;

  torch::Tensor forward(const torch::Tensor &input, const SubnetConfig &config,
                        const BNMode &bn);

  /// The views a subnet runs on, per layer of subnetLayers(space, config).
  std::vector<LayerParams> params(const SubnetConfig &config);

  /// Orders every block's expanded channels by the L1 norm of the
  /// projection weights that read them (most important first), permuting
  /// the expansion conv, its batch norm, the depthwise conv and its batch
  /// norm alike: the function the network computes is unchanged.
  void sortChannels();

  const SpaceOptions &space() const { return space_; }
  double width() const { return width_; }

private:
  struct Block {
    ConvBN expand{nullptr}, depthwise{nullptr}, project{nullptr};
  };
  SpaceOptions space_;
  double width_;
  int maxKernel_, maxExpand_, maxDepth_;
  ConvBN stem_{nullptr}, firstDepthwise_{nullptr}, firstProject_{nullptr},
      last_{nullptr};
  std::vector<std::vector<Block>> stages_;
  torch::Tensor fcWeight_, fcBias_;
};
TORCH_MODULE(SuperNet);

class StaticNetImpl : public torch::nn::Module {
public:
  /// Fresh weights (Kaiming-normal convolutions, BN at identity).
  StaticNetImpl(SpaceOptions space, SubnetConfig config);

  torch::Tensor forward(const torch::Tensor &input, const BNMode &bn);

  /// Copies the values of `params` (same shapes) into this network.
  void load(const std::vector<LayerParams> &params);

  /// Resets the running statistics and re-estimates them on `batches`
  /// (prepared images) as a cumulative average, as after weight
  /// inheritance in the search.
  void recalibrate(const std::vector<torch::Tensor> &batches);

  const SpaceOptions &space() const { return space_; }
  const SubnetConfig &config() const { return config_; }
  const std::vector<LayerShape> &layers() const { return layers_; }
  const std::vector<LayerParams> &params() const { return params_; }

private:
  SpaceOptions space_;
  SubnetConfig config_;
  std::vector<LayerShape> layers_;
  std::vector<LayerParams> params_;
};
TORCH_MODULE(StaticNet);

/// The standalone subnet with the super network's current weights.
StaticNet extract(SuperNetImpl &super, const SubnetConfig &config);

/// Kaiming-normal (fan out) initialization of every convolution, identity
/// batch norm, small normal fully connected weights; deterministic for a
/// seed.
void initializeWeights(torch::nn::Module &module, uint64_t seed);

} // namespace mcunet::nas

#endif // MCUNET_NAS_NETWORKS_H
