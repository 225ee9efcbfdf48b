//===- Quantize.h - int8 post-training quantization and export --*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
// The last step of TinyNAS: batch normalization folded into the
// convolutions, int8 post-training quantization in TensorFlow Lite's scheme
// (weights per output channel, symmetric, in [-127, 127]; activations per
// tensor, asymmetric, ranges calibrated on training images; biases int32 at
// s_in * s_w[c]), the int8 model simulated in LibTorch with TFLite's integer
// arithmetic (what the generated C computes, bit for bit), and the model
// written as a QDQ ONNX file through libonnx.
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_NAS_QUANTIZE_H
#define MCUNET_NAS_QUANTIZE_H

#include "mcunet/NAS/Networks.h"

#include <string>
#include <vector>

namespace mcunet::nas {

/// Per-tensor activation quantization. Scales are float32 as in the model
/// file; the arithmetic reads them as doubles, like TFLite.
struct ActQuant {
  float scale = 1.0f;
  int zeroPoint = 0;
};

struct QuantLayer {
  LayerShape shape;
  /// Conv, depthwise: [O, I/groups, k, k]; fully connected [O, I]; int8.
  torch::Tensor weight;
  /// int32 [O].
  torch::Tensor bias;
  /// float32 [O].
  std::vector<float> weightScale;
  ActQuant output;
};

struct QuantizedModel {
  std::string name = "tinynas";
  int inChannels = 1, resolution = 32, numClasses = 10;
  ActQuant input;
  std::vector<QuantLayer> layers;
};

/// Folds batch normalization (eval statistics) and quantizes `net`; the
/// activation ranges are the minimum and maximum over `calibration`
/// (prepared float images) of each layer's output in the folded float
/// network.
QuantizedModel quantize(StaticNetImpl &net,
                        const std::vector<torch::Tensor> &calibration);

/// The folded float network's logits (BN folded, no quantization): a check
/// that folding kept the function.
torch::Tensor runFolded(StaticNetImpl &net, const torch::Tensor &input);

/// The int8 model on int8 NCHW input [B, C, r, r]: int8 logits [B, classes],
/// computed with TFLite's integer arithmetic (requantization by a Q31
/// multiplier and shift, add with inputs shifted by 20, mean with 1/n folded
/// into the multiplier).
torch::Tensor simulate(const QuantizedModel &model, const torch::Tensor &input);

/// Writes the model as ONNX (opset 13): int8 input and output, every layer
/// DequantizeLinear -> Conv/Add/GlobalAveragePool/Gemm [-> Clip] ->
/// QuantizeLinear, weights int8 with per-channel DequantizeLinear. Throws on
/// an I/O error (nothing half-written: a temporary file and a rename).
void writeOnnx(const QuantizedModel &model, const std::string &path);

/// The same (scale, zero point) rule as the exporter: the range [lo, hi]
/// widened to contain 0, 255 steps.
ActQuant chooseActQuant(double lo, double hi);

} // namespace mcunet::nas

#endif // MCUNET_NAS_QUANTIZE_H
