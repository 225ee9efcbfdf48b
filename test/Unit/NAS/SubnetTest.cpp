//===- SubnetTest.cpp - TinyNAS search space and compiler in the loop -----===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "mcunet/NAS/Subnet.h"
#include "mcunet/NAS/SearchSpace.h"

#include "mcunet/Dialect/TinyEngine/Analysis/Cost.h"
#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mcunet::nas;

namespace {

// Tests MobileNet's channel rounding on values worked out by hand.
TEST(SearchSpace, MakeDivisible) {
  EXPECT_EQ(makeDivisible(32 * 0.35), 16); // 11.2 -> 8 loses > 10% -> 16
  EXPECT_EQ(makeDivisible(24 * 0.5), 16);  // 12 rounds half up to 16
  EXPECT_EQ(makeDivisible(3), 8);          // never below the divisor
  EXPECT_EQ(makeDivisible(96), 96);
  EXPECT_EQ(makeDivisible(100), 104); // the nearest multiple of 8 (100 + 4)
}

// Tests that sampling is reproducible and stays in the space.
TEST(SearchSpace, SampleInSpace) {
  SpaceOptions space;
  std::mt19937_64 a(7), b(7);
  for (int i = 0; i < 100; ++i) {
    SubnetConfig x = sampleSubnet(space, 0.5, 48, a);
    SubnetConfig y = sampleSubnet(space, 0.5, 48, b);
    EXPECT_EQ(describe(x), describe(y));
    ASSERT_EQ(x.stages.size(), space.stageChannels.size());
    for (const auto &stage : x.stages) {
      EXPECT_TRUE(std::count(space.depthChoices.begin(),
                             space.depthChoices.end(),
                             static_cast<int>(stage.size())));
      for (const BlockChoice &blk : stage) {
        EXPECT_TRUE(std::count(space.kernelChoices.begin(),
                               space.kernelChoices.end(), blk.kernel));
        EXPECT_TRUE(std::count(space.expandChoices.begin(),
                               space.expandChoices.end(), blk.expand));
      }
    }
  }
}

// Tests a hand-sized subnet: resolution 32, width 1, one block per stage
// of a two-stage space, so every layer's shape can be written down.
TEST(SearchSpace, LayersOfASmallSubnet) {
  SpaceOptions space;
  space.stageChannels = {24, 24};
  space.stageStrides = {2, 1};
  SubnetConfig config;
  config.width = 1.0;
  config.resolution = 32;
  config.stages = {{{3, 6}}, {{5, 3}}};
  std::vector<LayerShape> l = subnetLayers(space, config);
  // stem 32x32x1 -> 16x16x32; dw 3x3; project -> 16; block: expand 96, dw
  // s2 -> 8x8, project 24; block: expand 72, dw 5x5, project 24, add;
  // pool; fc 24 -> 10.
  ASSERT_EQ(l.size(), 12u);
  EXPECT_EQ(l[0].outH, 16);
  EXPECT_EQ(l[0].outC, 32);
  EXPECT_EQ(l[2].outC, 16);
  EXPECT_EQ(l[3].outC, 96);
  EXPECT_EQ(l[4].outH, 8);
  EXPECT_EQ(l[5].outC, 24);
  EXPECT_EQ(l[6].outC, 72);
  EXPECT_EQ(l[7].kernel, 5);
  EXPECT_EQ(l[9].kind, LayerShape::Kind::Add);
  EXPECT_EQ(l[9].skipFrom, 5);
  EXPECT_EQ(l[10].kind, LayerShape::Kind::Pool);
  EXPECT_EQ(l[11].outC, 10);
  // MACs by hand: stem 16*16*32*9, dw 16*16*32*9, project 16*16*16*32,
  // expand 16*16*96*16, dw 8*8*96*9, project 8*8*24*96, expand 8*8*72*24,
  // dw 8*8*72*25, project 8*8*24*72, add 8*8*24, pool 8*8*24, fc 24*10.
  int64_t macs = 16 * 16 * 32 * 9 + 16 * 16 * 32 * 9 + 16 * 16 * 16 * 32 +
                 16 * 16 * 96 * 16 + 8 * 8 * 96 * 9 + 8 * 8 * 24 * 96 +
                 8 * 8 * 72 * 24 + 8 * 8 * 72 * 25 + 8 * 8 * 24 * 72 +
                 8 * 8 * 24 + 8 * 8 * 24 + 24 * 10;
  EXPECT_EQ(subnetMacs(space, config), macs);
}

class Compiler : public ::testing::Test {
protected:
  void SetUp() override { prepareContext(context); }
  mlir::MLIRContext context;
  SpaceOptions space;
};

// Tests that the compiler counts the MACs and parameters the search space
// counts (two independent computations), on random subnets.
TEST_F(Compiler, MacsAndParamsAgree) {
  std::mt19937_64 rng(3);
  for (int i = 0; i < 20; ++i) {
    SubnetConfig config = sampleSubnet(space, 0.35, 40, rng);
    auto module = mlir::parseSourceString<mlir::ModuleOp>(
        subnetToMLIR(space, config), &context);
    ASSERT_TRUE(module) << describe(config);
    int64_t macs = 0, params = 0;
    module->walk([&](mlir::Operation *op) {
      macs += mcunet::te::getMacs(op);
      params += mcunet::te::getParams(op);
    });
    EXPECT_EQ(macs, subnetMacs(space, config)) << describe(config);
    EXPECT_EQ(params, subnetParams(space, config)) << describe(config);
  }
}

// Tests the measurement: a plan exists, the constants are at least one byte
// a weight (int8) and four a bias (int32), and patch-based execution never
// needs a larger arena than layer by layer.
TEST_F(Compiler, MeasureLayerwiseAndFused) {
  std::mt19937_64 rng(5);
  for (int i = 0; i < 4; ++i) {
    SubnetConfig config = sampleSubnet(space, 0.3, 48, rng);
    MeasureOptions layerwise, fused;
    fused.fused = true;
    Measurement a, b;
    std::string error;
    ASSERT_TRUE(mlir::succeeded(
        measureSubnet(context, space, config, layerwise, a, error)))
        << error;
    ASSERT_TRUE(
        mlir::succeeded(measureSubnet(context, space, config, fused, b, error)))
        << error;
    EXPECT_GT(a.arenaBytes, 0);
    EXPECT_EQ(a.macs, subnetMacs(space, config));
    int64_t weights = 0, biases = 0;
    for (const LayerShape &l : subnetLayers(space, config)) {
      if (l.kind == LayerShape::Kind::Conv)
        weights += int64_t(l.outC) * l.kernel * l.kernel * l.inC,
            biases += l.outC;
      if (l.kind == LayerShape::Kind::Depthwise)
        weights += int64_t(l.outC) * l.kernel * l.kernel, biases += l.outC;
      if (l.kind == LayerShape::Kind::FullyConnected)
        weights += int64_t(l.outC) * l.inC, biases += l.outC;
    }
    EXPECT_GE(a.weightsBytes, weights + 4 * biases) << describe(config);
    EXPECT_LE(b.arenaBytes, a.arenaBytes) << describe(config);
    EXPECT_GE(b.macs, a.macs);
  }
}

} // namespace
