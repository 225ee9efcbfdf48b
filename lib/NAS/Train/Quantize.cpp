//===- Quantize.cpp - BN folding, int8 PTQ, TFLite integer simulation -----===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "mcunet/NAS/Quantize.h"
#include "mcunet/NAS/Data.h"
#include "mcunet/Support/QuantizedMultiplier.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

using namespace mcunet::nas;
using torch::Tensor;

namespace {

/// Float weights and biases with batch normalization folded in.
struct Folded {
  Tensor weight, bias;
};

std::vector<Folded> fold(StaticNetImpl &net) {
  torch::NoGradGuard noGrad;
  std::vector<Folded> out(net.layers().size());
  for (size_t i = 0; i < net.layers().size(); ++i) {
    const LayerShape &l = net.layers()[i];
    const LayerParams &p = net.params()[i];
    if (l.kind == LayerShape::Kind::Conv ||
        l.kind == LayerShape::Kind::Depthwise) {
      Tensor s = p.gamma / torch::sqrt(p.runningVar + kBNEpsilon);
      out[i].weight = p.weight * s.view({-1, 1, 1, 1});
      out[i].bias = p.beta - p.runningMean * s;
    } else if (l.kind == LayerShape::Kind::FullyConnected) {
      out[i].weight = p.fcWeight.clone();
      out[i].bias = p.fcBias.clone();
    }
  }
  return out;
}

/// The folded float network; `observe(i, y)` sees every layer's output.
Tensor runFloat(const std::vector<LayerShape> &layers,
                const std::vector<Folded> &folded, const Tensor &input,
                const std::function<void(size_t, const Tensor &)> &observe) {
  std::vector<Tensor> outs;
  Tensor x = input;
  for (size_t i = 0; i < layers.size(); ++i) {
    const LayerShape &l = layers[i];
    Tensor y;
    switch (l.kind) {
    case LayerShape::Kind::Conv:
    case LayerShape::Kind::Depthwise: {
      int64_t groups = l.kind == LayerShape::Kind::Depthwise ? l.inC : 1;
      y = torch::conv2d(x, folded[i].weight, folded[i].bias, l.stride,
                        l.kernel / 2, 1, groups);
      if (l.relu6)
        y = torch::clamp(y, 0.0, 6.0);
      break;
    }
    case LayerShape::Kind::Add:
      y = x + outs[static_cast<size_t>(l.skipFrom)];
      break;
    case LayerShape::Kind::Pool:
      y = x.mean({2, 3});
      break;
    case LayerShape::Kind::FullyConnected:
      y = torch::linear(x, folded[i].weight, folded[i].bias);
      break;
    }
    if (observe)
      observe(i, y);
    outs.push_back(y);
    x = y;
  }
  return x;
}

//--- TFLite integer arithmetic on int64 tensors ------------------------------

/// Per-channel requantization constants as tensors shaped for broadcasting.
struct Requant {
  Tensor multiplier, leftFactor, rightDivisor, mask, half;
};

Requant makeRequant(const std::vector<mcunet::QuantizedMultiplier> &qms,
                    std::vector<int64_t> shape) {
  std::vector<int64_t> m, lf, rd, mask, half;
  for (const auto &q : qms) {
    int left = q.shift > 0 ? q.shift : 0;
    int right = q.shift > 0 ? 0 : -q.shift;
    if (right > 31)
      right = 31;
    m.push_back(q.multiplier);
    lf.push_back(int64_t(1) << left);
    rd.push_back(int64_t(1) << right);
    mask.push_back((int64_t(1) << right) - 1);
    half.push_back(((int64_t(1) << right) - 1) >> 1);
  }
  auto t = [&](const std::vector<int64_t> &v) {
    return torch::tensor(v, torch::kInt64).view(shape);
  };
  return {t(m), t(lf), t(rd), t(mask), t(half)};
}

/// TFLite's MultiplyByQuantizedMultiplier, element-wise: int32 semantics
/// (the operands stay in range for the models made here).
Tensor mbqm(const Tensor &x, const Requant &r) {
  Tensor ab = x * r.leftFactor * r.multiplier;
  Tensor nudge = torch::where(ab >= 0, torch::full_like(ab, int64_t(1) << 30),
                              torch::full_like(ab, 1 - (int64_t(1) << 30)));
  Tensor high = torch::div(ab + nudge, int64_t(1) << 31, "trunc");
  Tensor remainder = torch::bitwise_and(high, r.mask);
  Tensor threshold = r.half + (high < 0).to(torch::kInt64);
  return torch::div(high, r.rightDivisor, "floor") +
         (remainder > threshold).to(torch::kInt64);
}

std::pair<int64_t, int64_t> activationRange(const QuantLayer &l) {
  if (!l.shape.relu6)
    return {-128, 127};
  auto q = [&](double v) {
    double r = l.output.zeroPoint +
               std::round(v / static_cast<double>(l.output.scale));
    return static_cast<int64_t>(std::clamp(r, -128.0, 127.0));
  };
  return {q(0.0), q(6.0)};
}

} // namespace

ActQuant mcunet::nas::chooseActQuant(double lo, double hi) {
  lo = std::min(lo, 0.0);
  hi = std::max(hi, 0.0);
  if (hi - lo < 1e-6)
    hi = lo + 1e-6;
  ActQuant q;
  q.scale = static_cast<float>((hi - lo) / 255.0);
  double zp = std::round(-128.0 - lo / static_cast<double>(q.scale));
  q.zeroPoint = static_cast<int>(std::clamp(zp, -128.0, 127.0));
  return q;
}

Tensor mcunet::nas::runFolded(StaticNetImpl &net, const Tensor &input) {
  torch::NoGradGuard noGrad;
  return runFloat(net.layers(), fold(net), input, nullptr);
}

QuantizedModel mcunet::nas::quantize(StaticNetImpl &net,
                                     const std::vector<Tensor> &calibration) {
  torch::NoGradGuard noGrad;
  const std::vector<LayerShape> &layers = net.layers();
  std::vector<Folded> folded = fold(net);
  std::vector<double> lo(layers.size(), std::numeric_limits<double>::max()),
      hi(layers.size(), std::numeric_limits<double>::lowest());
  for (const Tensor &batch : calibration)
    runFloat(layers, folded, batch, [&](size_t i, const Tensor &y) {
      lo[i] = std::min(lo[i], y.min().item<double>());
      hi[i] = std::max(hi[i], y.max().item<double>());
    });
  if (calibration.empty())
    throw std::invalid_argument("quantize: no calibration images");

  QuantizedModel m;
  m.inChannels = net.space().inChannels;
  m.resolution = net.config().resolution;
  m.numClasses = net.space().numClasses;
  m.input.scale = static_cast<float>(kInputScale);
  m.input.zeroPoint = kInputZeroPoint;
  ActQuant in = m.input;
  for (size_t i = 0; i < layers.size(); ++i) {
    QuantLayer q;
    q.shape = layers[i];
    q.output = chooseActQuant(lo[i], hi[i]);
    if (folded[i].weight.defined()) {
      Tensor w = folded[i].weight.to(torch::kFloat64);
      int64_t outC = w.size(0);
      Tensor maxAbs = w.abs().view({outC, -1}).amax(1);
      std::vector<float> scales(static_cast<size_t>(outC));
      for (int64_t c = 0; c < outC; ++c) {
        double a = maxAbs[c].item<double>();
        scales[static_cast<size_t>(c)] =
            a > 0 ? static_cast<float>(a / 127.0) : 1.0f;
      }
      std::vector<int64_t> bshape(static_cast<size_t>(w.dim()), 1);
      bshape[0] = outC;
      Tensor ws = torch::tensor(scales, torch::kFloat32)
                      .to(torch::kFloat64)
                      .view(bshape);
      q.weight = torch::clamp(torch::round(w / ws), -127, 127).to(torch::kInt8);
      q.weightScale = scales;
      std::vector<double> bs;
      for (float s : scales)
        bs.push_back(static_cast<double>(in.scale * s)); // float32 product
      Tensor b = folded[i].bias.to(torch::kFloat64) /
                 torch::tensor(bs, torch::kFloat64);
      q.bias = torch::clamp(torch::round(b), -2147483648.0, 2147483647.0)
                   .to(torch::kInt32);
    }
    m.layers.push_back(std::move(q));
    in = m.layers.back().output;
  }
  return m;
}

Tensor mcunet::nas::simulate(const QuantizedModel &model, const Tensor &input) {
  torch::NoGradGuard noGrad;
  std::vector<Tensor> outs;
  Tensor x = input.to(torch::kInt64);
  ActQuant in = model.input;
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const QuantLayer &l = model.layers[i];
    const LayerShape &s = l.shape;
    auto [actMin, actMax] = activationRange(l);
    double so = static_cast<double>(l.output.scale);
    Tensor y;
    switch (s.kind) {
    case LayerShape::Kind::Conv:
    case LayerShape::Kind::Depthwise:
    case LayerShape::Kind::FullyConnected: {
      std::vector<mcunet::QuantizedMultiplier> qms;
      for (float ws : l.weightScale)
        qms.push_back(mcunet::quantizeMultiplier(static_cast<double>(in.scale) *
                                                 static_cast<double>(ws) / so));
      Tensor xd = (x - in.zeroPoint).to(torch::kFloat64);
      Tensor acc;
      if (s.kind == LayerShape::Kind::FullyConnected) {
        acc = torch::linear(xd, l.weight.to(torch::kFloat64),
                            l.bias.to(torch::kFloat64));
        y = mbqm(acc.to(torch::kInt64), makeRequant(qms, {1, -1}));
      } else {
        int64_t groups = s.kind == LayerShape::Kind::Depthwise ? s.inC : 1;
        acc = torch::conv2d(xd, l.weight.to(torch::kFloat64),
                            l.bias.to(torch::kFloat64), s.stride, s.kernel / 2,
                            1, groups);
        y = mbqm(acc.to(torch::kInt64), makeRequant(qms, {1, -1, 1, 1}));
      }
      break;
    }
    case LayerShape::Kind::Add: {
      const ActQuant &qa = model.layers[i - 1].output;
      const ActQuant &qb = model.layers[static_cast<size_t>(s.skipFrom)].output;
      double s1 = qa.scale, s2 = qb.scale;
      double twiceMax = 2 * std::max(s1, s2);
      auto one = [](double v) {
        return std::vector<mcunet::QuantizedMultiplier>{
            mcunet::quantizeMultiplier(v)};
      };
      Tensor a = mbqm((x - qa.zeroPoint) * (int64_t(1) << 20),
                      makeRequant(one(s1 / twiceMax), {1}));
      Tensor b = mbqm((outs[static_cast<size_t>(s.skipFrom)] - qb.zeroPoint) *
                          (int64_t(1) << 20),
                      makeRequant(one(s2 / twiceMax), {1}));
      y = mbqm(a + b, makeRequant(one(twiceMax / ((1 << 20) * so)), {1}));
      break;
    }
    case LayerShape::Kind::Pool: {
      int64_t n = x.size(2) * x.size(3);
      Tensor sum = (x - in.zeroPoint).sum({2, 3});
      mcunet::QuantizedMultiplier qm =
          mcunet::quantizeMultiplier(static_cast<double>(in.scale) / so);
      int k = 63 - __builtin_clzll(static_cast<uint64_t>(n));
      k = std::min(k, 32);
      k = std::min(k, 31 + qm.shift);
      mcunet::QuantizedMultiplier folded;
      folded.multiplier =
          static_cast<int32_t>((static_cast<int64_t>(qm.multiplier) << k) / n);
      folded.shift = qm.shift - k;
      y = mbqm(sum, makeRequant({folded}, {1}));
      break;
    }
    }
    y = torch::clamp(y + l.output.zeroPoint, actMin, actMax);
    outs.push_back(y);
    x = y;
    in = l.output;
  }
  return x.to(torch::kInt8);
}
