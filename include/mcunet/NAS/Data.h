//===- Data.h - TinyNAS datasets (LibTorch, no MLIR) ------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Image classification data for the training core: Fashion-MNIST from
// Debian's dataset-fashion-mnist (the default), any dataset in the IDX format
// (gzipped or not), and CIFAR-10's binary format. Images stay uint8 at their
// stored size; a batch is resized to the subnet's resolution and scaled to
// [0, 1] when it is drawn (bilinear, the same function for training, the
// int8 simulation and the images fed to the generated C).
//
// Errors (missing file, bad magic, truncated data, mismatched counts) throw
// DataError naming the file and what is wrong.
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_NAS_DATA_H
#define MCUNET_NAS_DATA_H

#include <torch/torch.h>

#include <stdexcept>
#include <string>

namespace mcunet::nas {

struct DataError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Images [N, C, H, W] uint8 and labels [N] int64.
struct Dataset {
  torch::Tensor images;
  torch::Tensor labels;
  int numClasses = 10;
  int64_t size() const { return labels.defined() ? labels.size(0) : 0; }
  int channels() const { return static_cast<int>(images.size(1)); }
  /// Rows [begin, end) (views, no copy).
  Dataset slice(int64_t begin, int64_t end) const;
  /// The first n rows (n clamped to the size).
  Dataset head(int64_t n) const { return slice(0, std::min(n, size())); }
};

struct TrainTest {
  Dataset train, test;
  std::string description;
};

/// Where the default data lives.
std::string defaultFashionMnistDir();

/// Reads a dataset named by `spec`:
///   fashion-mnist            Debian's files (defaultFashionMnistDir())
///   idx:DIR                  DIR/{train,t10k}-{images-idx3,labels-idx1}-ubyte
///                            (each with or without .gz)
///   cifar10:DIR              DIR/data_batch_{1..5}.bin and DIR/test_batch.bin
TrainTest loadDataset(const std::string &spec);

/// One IDX file (magic 0x00000803 images or 0x00000801 labels), gzipped or
/// not. Images come back [N, 1, rows, cols] uint8, labels [N] int64.
torch::Tensor readIdx(const std::string &path);

/// CIFAR-10 binary batches: 10000 records of 1 label byte + 3072 pixels.
Dataset readCifar10(const std::vector<std::string> &paths);

/// Rows `index` of `images`, resized to resolution x resolution and scaled to
/// [0, 1]: float [B, C, r, r].
torch::Tensor prepareImages(const torch::Tensor &images,
                            const torch::Tensor &index, int resolution);
torch::Tensor prepareImages(const torch::Tensor &images, int resolution);

/// The int8 input of the exported model for prepared images: the scheme is
/// fixed, scale 1/255 and zero point -128 ([0, 1] exactly representable at
/// the stored resolution).
constexpr double kInputScale = 1.0 / 255.0;
constexpr int kInputZeroPoint = -128;
torch::Tensor quantizeInput(const torch::Tensor &prepared);

} // namespace mcunet::nas

#endif // MCUNET_NAS_DATA_H
