//===- TrainTest.cpp - TinyNAS training core ------------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// The super network's subnet extraction gives the standalone subnet's
// outputs; the channel sort keeps the function; BN folding keeps it; the
// int8 simulation's requantization is TFLite's; bad data files get errors
// that name them.
//
//===----------------------------------------------------------------------===//

#include "mcunet/NAS/Data.h"
#include "mcunet/NAS/Networks.h"
#include "mcunet/NAS/Quantize.h"
#include "mcunet/NAS/Training.h"
#include "mcunet/Support/QuantizedMultiplier.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <random>

using namespace mcunet::nas;

namespace {

SpaceOptions smallSpace() {
  SpaceOptions s;
  s.stageChannels = {16, 24, 32};
  s.stageStrides = {2, 2, 1};
  return s;
}

/// BN statistics that are not the identity, so that slicing them matters.
void randomizeBatchNorm(torch::nn::Module &m, uint64_t seed) {
  torch::NoGradGuard noGrad;
  torch::manual_seed(seed);
  for (auto &b : m.named_buffers()) {
    if (b.key().find("running_mean") != std::string::npos)
      b.value().normal_(0, 0.2);
    else if (b.key().find("running_var") != std::string::npos)
      b.value().uniform_(0.5, 1.5);
  }
  for (auto &p : m.named_parameters())
    if (p.key().find("bn_") != std::string::npos)
      p.value().uniform_(0.5, 1.5);
}

double maxDiff(const torch::Tensor &a, const torch::Tensor &b) {
  return (a - b).abs().max().item<double>();
}

} // namespace

TEST(SuperNet, ExtractedSubnetComputesTheSameOutputs) {
  SpaceOptions space = smallSpace();
  SuperNet super(space, 0.5);
  initializeWeights(*super, 3);
  randomizeBatchNorm(*super, 4);
  super->eval();
  std::mt19937_64 rng(5);
  torch::manual_seed(6);
  for (int k = 0; k < 12; ++k) {
    SubnetConfig c = sampleSubnet(space, 0.5, 24 + 8 * (k % 2), rng);
    torch::Tensor x = torch::rand({3, 1, c.resolution, c.resolution});
    torch::NoGradGuard noGrad;
    torch::Tensor a = super->forward(x, c, BNMode{});
    StaticNet net = extract(*super, c);
    net->eval();
    torch::Tensor b = net->forward(x, BNMode{});
    ASSERT_EQ(a.sizes(), b.sizes());
    // The same weights and statistics in the same operations; only the
    // memory layout of the views differs.
    EXPECT_LT(maxDiff(a, b), 1e-5) << describe(c);
    // And a network with other weights would not.
    StaticNet other(space, c);
    initializeWeights(*other, 99);
    other->eval();
    EXPECT_GT(maxDiff(a, other->forward(x, BNMode{})), 1e-3);
  }
}

TEST(SuperNet, SubnetsShareTheCentreOfTheKernelsAndTheFirstChannels) {
  SpaceOptions space = smallSpace();
  SuperNet super(space, 0.5);
  initializeWeights(*super, 3);
  SubnetConfig c = super->largest(32);
  c.stages[0] = {BlockChoice{3, 3}, BlockChoice{5, 4}};
  std::vector<LayerShape> layers = subnetLayers(space, c);
  std::vector<LayerParams> p = super->params(c);
  // Stage 0, block 0: layers 3 (expand), 4 (depthwise), 5 (project).
  ASSERT_EQ(layers[4].kind, LayerShape::Kind::Depthwise);
  ASSERT_EQ(layers[4].kernel, 3);
  std::vector<LayerParams> full = super->params(super->largest(32));
  torch::Tensor centre = full[4].weight.narrow(2, 2, 3).narrow(3, 2, 3);
  EXPECT_TRUE(torch::equal(p[4].weight, centre.narrow(0, 0, layers[4].outC)));
  EXPECT_TRUE(
      torch::equal(p[3].weight, full[3].weight.narrow(0, 0, layers[3].outC)));
  EXPECT_TRUE(
      torch::equal(p[5].weight, full[5].weight.narrow(1, 0, layers[3].outC)));
}

TEST(SuperNet, ChannelSortKeepsTheLargestSubnetsFunction) {
  SpaceOptions space = smallSpace();
  SuperNet super(space, 0.5);
  initializeWeights(*super, 7);
  randomizeBatchNorm(*super, 8);
  super->eval();
  torch::NoGradGuard noGrad;
  torch::Tensor x = torch::rand({2, 1, 32, 32});
  SubnetConfig big = super->largest(32);
  torch::Tensor before = super->forward(x, big, BNMode{});
  super->sortChannels();
  EXPECT_LT(maxDiff(before, super->forward(x, big, BNMode{})), 1e-4);
  // The first expanded channels are now the most important ones.
  std::vector<LayerParams> p = super->params(big);
  torch::Tensor importance = p[5].weight.abs().sum({0, 2, 3});
  EXPECT_TRUE(torch::equal(importance, std::get<0>(importance.sort(0, true))));
}

TEST(Quantize, FoldingKeepsTheFunction) {
  SpaceOptions space = smallSpace();
  SuperNet super(space, 0.5);
  initializeWeights(*super, 9);
  randomizeBatchNorm(*super, 10);
  std::mt19937_64 rng(11);
  SubnetConfig c = sampleSubnet(space, 0.5, 32, rng);
  StaticNet net = extract(*super, c);
  net->eval();
  torch::NoGradGuard noGrad;
  torch::Tensor x = torch::rand({4, 1, 32, 32});
  EXPECT_LT(maxDiff(net->forward(x, BNMode{}), runFolded(*net, x)), 1e-4);
}

TEST(Quantize, SimulationFollowsTheFloatModelAndIsDeterministic) {
  SpaceOptions space = smallSpace();
  SuperNet super(space, 0.5);
  initializeWeights(*super, 12);
  randomizeBatchNorm(*super, 13);
  std::mt19937_64 rng(14);
  SubnetConfig c = sampleSubnet(space, 0.5, 32, rng);
  StaticNet net = extract(*super, c);
  net->eval();
  torch::manual_seed(15);
  std::vector<torch::Tensor> calibration{torch::rand({16, 1, 32, 32})};
  QuantizedModel q = quantize(*net, calibration);
  torch::Tensor x = calibration[0];
  torch::Tensor logits = simulate(q, quantizeInput(x));
  EXPECT_EQ(logits.scalar_type(), torch::kInt8);
  EXPECT_TRUE(torch::equal(logits, simulate(q, quantizeInput(x))));
  // Dequantized, the int8 logits track the float ones (within a few output
  // steps on this random, untrained network).
  const ActQuant &out = q.layers.back().output;
  torch::Tensor deq = (logits.to(torch::kFloat32) - out.zeroPoint) * out.scale;
  torch::NoGradGuard noGrad;
  torch::Tensor ref = runFolded(*net, x);
  double range = (ref.max() - ref.min()).item<double>();
  EXPECT_LT(maxDiff(deq, ref), 0.1 * range + 8 * out.scale);
}

TEST(Quantize, ActivationQuantizationContainsZeroAndTheRange) {
  ActQuant q = chooseActQuant(0.0, 6.0);
  EXPECT_EQ(q.zeroPoint, -128);
  EXPECT_FLOAT_EQ(q.scale, 6.0f / 255.0f);
  q = chooseActQuant(-1.0, 1.0);
  EXPECT_NEAR((127 - q.zeroPoint) * q.scale, 1.0, q.scale);
  EXPECT_NEAR((-128 - q.zeroPoint) * q.scale, -1.0, q.scale);
  q = chooseActQuant(2.0, 3.0); // widened to contain 0
  EXPECT_EQ(q.zeroPoint, -128);
}

TEST(Data, MalformedFilesAreNamed) {
  std::string dir = ::testing::TempDir();
  std::string bad = dir + "/bad-idx";
  {
    std::ofstream f(bad, std::ios::binary);
    f << "not an idx file at all";
  }
  try {
    readIdx(bad);
    FAIL() << "no error";
  } catch (const DataError &e) {
    EXPECT_NE(std::string(e.what()).find(bad), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("magic"), std::string::npos);
  }
  std::string truncated = dir + "/truncated-idx";
  {
    std::ofstream f(truncated, std::ios::binary);
    const unsigned char header[] = {0, 0, 8, 3, 0, 0, 0, 2, 0, 0,
                                    0, 2, 0, 0, 0, 2, 1, 2, 3};
    f.write(reinterpret_cast<const char *>(header), sizeof header);
  }
  try {
    readIdx(truncated);
    FAIL() << "no error";
  } catch (const DataError &e) {
    EXPECT_NE(std::string(e.what()).find("3 data bytes, the header promises 8"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(readIdx(dir + "/does-not-exist"), DataError);
  EXPECT_THROW(loadDataset("mnist-please"), DataError);
  std::string cifar = dir + "/bad-cifar.bin";
  {
    std::ofstream f(cifar, std::ios::binary);
    f << std::string(100, '\0');
  }
  EXPECT_THROW(readCifar10({cifar}), DataError);
}

TEST(Data, IdxRoundTrip) {
  std::string path = ::testing::TempDir() + "/ok-idx";
  {
    std::ofstream f(path, std::ios::binary);
    const unsigned char header[] = {0, 0, 8, 3, 0, 0, 0, 2,
                                    0, 0, 0, 2, 0, 0, 0, 3};
    f.write(reinterpret_cast<const char *>(header), sizeof header);
    for (int i = 0; i < 12; ++i)
      f.put(static_cast<char>(i * 20));
  }
  torch::Tensor t = readIdx(path);
  ASSERT_EQ(t.sizes(), (std::vector<int64_t>{2, 1, 2, 3}));
  EXPECT_EQ(t[1][0][1][2].item<int>(), 11 * 20);
  torch::Tensor p = prepareImages(t, 2);
  EXPECT_EQ(p.sizes(), (std::vector<int64_t>{2, 1, 2, 2}));
  EXPECT_LE(p.max().item<float>(), 1.0f);
  torch::Tensor q = quantizeInput(prepareImages(t, 3).slice(3, 0, 3));
  EXPECT_EQ(q[0][0][0][0].item<int>(), -128);
}
