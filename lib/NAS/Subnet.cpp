//===- Subnet.cpp - a subnet as te IR, measured by the compiler -----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "mcunet/NAS/Subnet.h"

#include "mcunet/Dialect/TinyEngine/Analysis/Cost.h"
#include "mcunet/Dialect/TinyEngine/IR/TinyEngineDialect.h"
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h"
#include "mcunet/Target/C/TranslateToC.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

using namespace mlir;
using namespace mcunet::nas;

namespace {

/// Type aliases (`!q0 = ...`) for the element types, which are long and
/// repeat: the parser reads each once.
class Aliases {
public:
  std::string get(const std::string &type) {
    auto [it, fresh] = names.try_emplace(type, "");
    if (fresh) {
      it->second = "!q" + std::to_string(names.size() - 1);
      defs += it->second + " = " + type + "\n";
    }
    return it->second;
  }
  std::string defs;

private:
  std::map<std::string, std::string> names;
};

std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

/// The placeholder values make every layer's constants and requantization
/// different from every other layer's (as a trained model's are), so that
/// the emitter shares no table between layers that a real model would not
/// share: layer l's output scale is 0.5 + (l + 1) / 4096 (exact in binary),
/// its weights are the splat 1 + l % 127 with per-channel scales that differ
/// in their mantissas (so that, as in a trained model, the requantization
/// multipliers form per-channel tables in flash), its bias the splat l + 1.
double outputScale(int layer) { return 0.5 + (layer + 1) / 4096.0; }

/// Layer l's channel c weight scale: exact in binary, with mantissas and
/// exponents (over four octaves, as trained per-channel scales spread) mixed
/// by a hash of (l, c), so that no two layers' requantization tables are
/// equal (the emitter would share equal tables; a trained model's never
/// are).
double weightScale(int layer, int c) {
  uint32_t h = static_cast<uint32_t>(layer) * 2654435761u ^
               static_cast<uint32_t>(c) * 40503u;
  h ^= h >> 13;
  h *= 0x5bd1e995u;
  h ^= h >> 15;
  return std::ldexp(1.0 + ((h >> 4) % 127 + 1) / 256.0,
                    -(2 + static_cast<int>(h % 4)));
}

std::string actElement(double scale) {
  return "!quant.uniform<i8:f32, " + number(scale) + ">";
}

std::string shapeText(const std::vector<int> &shape) {
  std::string text;
  for (int d : shape)
    text += std::to_string(d) + "x";
  return text;
}

std::string weightType(Aliases &aliases, const std::vector<int> &shape,
                       int axis, int channels, int layer) {
  std::string element = "!quant.uniform<i8:f32:" + std::to_string(axis) + ", {";
  for (int c = 0; c < channels; ++c)
    element += std::string(c ? "," : "") + number(weightScale(layer, c));
  element += "}>";
  return "tensor<" + shapeText(shape) + aliases.get(element) + ">";
}

/// The bias: the input scale times each weight scale.
std::string biasType(Aliases &aliases, double inScale, int channels,
                     int layer) {
  std::string element = "!quant.uniform<i32:f32:0, {";
  for (int c = 0; c < channels; ++c)
    element +=
        std::string(c ? "," : "") + number(inScale * weightScale(layer, c));
  element += "}>";
  return "tensor<" + std::to_string(channels) + "x" + aliases.get(element) +
         ">";
}

} // namespace

std::string mcunet::nas::subnetToMLIR(const SpaceOptions &space,
                                      const SubnetConfig &config) {
  std::vector<LayerShape> layers = subnetLayers(space, config);
  Aliases aliases;
  std::ostringstream os;
  auto act = [&](int h, int w, int c, double scale) {
    return "tensor<1x" + std::to_string(h) + "x" + std::to_string(w) + "x" +
           std::to_string(c) + "x" + aliases.get(actElement(scale)) + ">";
  };
  const LayerShape &first = layers.front();
  double lastScale = outputScale(static_cast<int>(layers.size()) - 1);
  std::string resultType = "tensor<1x" + std::to_string(layers.back().outC) +
                           "x" + aliases.get(actElement(lastScale)) + ">";
  os << "func.func @main(%x: " << act(first.inH, first.inW, first.inC, 0.5)
     << " {te.name = \"input\"}) -> (" << resultType
     << " {te.name = \"output\"}) {\n";
  std::vector<std::string> names;
  std::vector<double> scales;
  std::string in = "%x";
  double inScale = 0.5;
  for (size_t n = 0; n < layers.size(); ++n) {
    const LayerShape &l = layers[n];
    double scale = outputScale(static_cast<int>(n));
    std::string out = "%l" + std::to_string(n);
    std::string outType = act(l.outH, l.outW, l.outC, scale);
    std::string inType = act(l.inH, l.inW, l.inC, inScale);
    int pad = l.kernel / 2;
    // SAME: k / 2 before; after, what makes ceil(n / s).
    auto padAfter = [&](int size, int outSize) {
      return std::max(0, (outSize - 1) * l.stride + l.kernel - size - pad);
    };
    std::ostringstream attrs;
    attrs << "pad = array<i64: " << pad << ", " << pad << ", "
          << padAfter(l.inH, l.outH) << ", " << padAfter(l.inW, l.outW)
          << ">, stride = array<i64: " << l.stride << ", " << l.stride << ">";
    if (l.relu6)
      attrs << ", act_min = 0 : i64, act_max = 12 : i64";
    std::string w = "%w" + std::to_string(n), b = "%b" + std::to_string(n);
    auto constants = [&](const std::vector<int> &shape, int axis) {
      std::string wt =
          weightType(aliases, shape, axis, l.outC, static_cast<int>(n));
      std::string bt = biasType(aliases, inScale, l.outC, static_cast<int>(n));
      os << "  " << w << " = te.constant dense<" << 1 + n % 127 << "> : tensor<"
         << shapeText(shape) << "i8> -> " << wt << "\n";
      os << "  " << b << " = te.constant dense<" << n + 1 << "> : tensor<"
         << l.outC << "xi32> -> " << bt << "\n";
      return std::make_pair(wt, bt);
    };
    switch (l.kind) {
    case LayerShape::Kind::Conv: {
      auto [wt, bt] = constants({l.outC, l.kernel, l.kernel, l.inC}, 0);
      os << "  " << out << " = te.conv2d " << in << ", " << w << ", " << b
         << " {" << attrs.str() << "} : (" << inType << ", " << wt << ", " << bt
         << ") -> " << outType << "\n";
      break;
    }
    case LayerShape::Kind::Depthwise: {
      auto [wt, bt] = constants({l.kernel, l.kernel, l.outC}, 2);
      os << "  " << out << " = te.depthwise_conv2d " << in << ", " << w << ", "
         << b << " {" << attrs.str() << "} : (" << inType << ", " << wt << ", "
         << bt << ") -> " << outType << "\n";
      break;
    }
    case LayerShape::Kind::Add: {
      const LayerShape &skip = layers[l.skipFrom];
      std::string skipType =
          act(skip.outH, skip.outW, skip.outC, scales[l.skipFrom]);
      os << "  " << out << " = te.add " << in << ", " << names[l.skipFrom]
         << " : (" << inType << ", " << skipType << ") -> " << outType << "\n";
      break;
    }
    case LayerShape::Kind::Pool:
      os << "  " << out << " = te.global_avg_pool " << in << " : " << inType
         << " -> " << outType << "\n";
      break;
    case LayerShape::Kind::FullyConnected: {
      std::string flat = "%f" + std::to_string(n);
      std::string flatType = "tensor<1x" + std::to_string(l.inC) + "x" +
                             aliases.get(actElement(inScale)) + ">";
      os << "  " << flat << " = te.reshape " << in << " : " << inType << " -> "
         << flatType << "\n";
      auto [wt, bt] = constants({l.outC, l.inC}, 0);
      os << "  " << out << " = te.fully_connected " << flat << ", " << w << ", "
         << b << " : (" << flatType << ", " << wt << ", " << bt << ") -> "
         << resultType << "\n";
      break;
    }
    }
    names.push_back(out);
    scales.push_back(scale);
    in = out;
    inScale = scale;
  }
  os << "  return " << in << " : " << resultType << "\n}\n";
  return aliases.defs + os.str();
}

void mcunet::nas::prepareContext(MLIRContext &context) {
  context.disableMultithreading();
  context.loadDialect<mcunet::te::TinyEngineDialect, quant::QuantDialect,
                      func::FuncDialect>();
}

LogicalResult mcunet::nas::measureSubnet(
    MLIRContext &context, const SpaceOptions &space, const SubnetConfig &config,
    const MeasureOptions &options, Measurement &result, std::string &error) {
  llvm::raw_string_ostream errs(error);
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &d) {
    errs << d << "\n";
    return success();
  });
  std::string text = subnetToMLIR(space, config);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, &context);
  if (!module)
    return failure();
  PassManager pm(&context);
  mcunet::te::PipelineOptions pipeline;
  pipeline.fuse = options.fused;
  pipeline.maxOverhead = options.maxOverhead;
  pipeline.sramBudget = options.arenaTarget;
  mcunet::te::buildDefaultPipeline(pm, pipeline);
  if (failed(pm.run(*module)))
    return failure();
  func::FuncOp func = *module->getOps<func::FuncOp>().begin();
  result = Measurement();
  result.arenaBytes =
      func->getAttrOfType<IntegerAttr>("te.arena_size").getInt();
  func.walk([&](Operation *op) { result.macs += mcunet::te::getMacs(op); });
  if (options.flash) {
    CEmitOptions emit;
    emit.sizeOnly = true;
    CFiles files;
    if (failed(translateToC(*module, emit, files)))
      return failure();
    result.weightsBytes = files.weightsBytes;
    result.layers = static_cast<int64_t>(files.layers.size());
  }
  return success();
}
