//===- Data.cpp - IDX and CIFAR-10 loaders, batch preparation -------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "mcunet/NAS/Data.h"

#include <zlib.h>

#include <cmath>
#include <fstream>
#include <sys/stat.h>

using namespace mcunet::nas;

namespace {

bool exists(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

/// The whole file, gunzipped when it is gzip (zlib reads plain files too).
std::string readAll(const std::string &path) {
  if (!exists(path))
    throw DataError(path + ": no such file");
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f)
    throw DataError(path + ": cannot open");
  std::string data;
  char buffer[1 << 16];
  for (;;) {
    int n = gzread(f, buffer, sizeof(buffer));
    if (n < 0) {
      int code = 0;
      std::string why = gzerror(f, &code);
      gzclose(f);
      throw DataError(path + ": read error (" + why + ")");
    }
    if (n == 0)
      break;
    data.append(buffer, static_cast<size_t>(n));
  }
  gzclose(f);
  return data;
}

uint32_t bigEndian(const std::string &d, size_t at) {
  auto b = [&](size_t i) { return static_cast<uint32_t>(uint8_t(d[at + i])); };
  return (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
}

std::string firstExisting(const std::string &dir, const std::string &name) {
  for (const char *suffix : {".gz", ""}) {
    std::string p = dir + "/" + name + suffix;
    if (exists(p))
      return p;
  }
  throw DataError(dir + "/" + name + "[.gz]: no such file");
}

} // namespace

Dataset Dataset::slice(int64_t begin, int64_t end) const {
  Dataset d;
  d.images = images.slice(0, begin, end);
  d.labels = labels.slice(0, begin, end);
  d.numClasses = numClasses;
  return d;
}

std::string mcunet::nas::defaultFashionMnistDir() {
  if (const char *env = std::getenv("MCUNET_FASHION_MNIST"))
    return env;
  return "/usr/share/datasets/fashion-mnist";
}

torch::Tensor mcunet::nas::readIdx(const std::string &path) {
  std::string d = readAll(path);
  if (d.size() < 8)
    throw DataError(path + ": too short for an IDX header (" +
                    std::to_string(d.size()) + " bytes)");
  uint32_t magic = bigEndian(d, 0);
  if (magic != 0x801 && magic != 0x803)
    throw DataError(path +
                    ": not an IDX file of unsigned bytes with 1 or 3 "
                    "dimensions (magic 0x" +
                    [&] {
                      char b[16];
                      snprintf(b, sizeof b, "%08x", magic);
                      return std::string(b);
                    }() +
                    ")");
  int dims = magic == 0x803 ? 3 : 1;
  size_t header = 4 + 4 * static_cast<size_t>(dims);
  if (d.size() < header)
    throw DataError(path + ": truncated IDX header");
  std::vector<int64_t> shape;
  int64_t count = 1;
  for (int i = 0; i < dims; ++i) {
    shape.push_back(bigEndian(d, 4 + 4 * i));
    if (shape.back() <= 0 || shape.back() > (int64_t(1) << 24))
      throw DataError(path + ": dimension " + std::to_string(i) + " is " +
                      std::to_string(shape.back()));
    count *= shape.back();
  }
  if (d.size() - header != static_cast<size_t>(count))
    throw DataError(path + ": " + std::to_string(d.size() - header) +
                    " data bytes, the header promises " +
                    std::to_string(count));
  auto bytes = torch::from_blob(d.data() + header, {count}, torch::kUInt8);
  if (dims == 1)
    return bytes.to(torch::kInt64);
  return bytes.clone().view({shape[0], 1, shape[1], shape[2]});
}

Dataset mcunet::nas::readCifar10(const std::vector<std::string> &paths) {
  constexpr int64_t record = 1 + 3 * 32 * 32;
  std::vector<torch::Tensor> images, labels;
  for (const std::string &p : paths) {
    std::string d = readAll(p);
    if (d.empty() || d.size() % record != 0)
      throw DataError(p + ": " + std::to_string(d.size()) +
                      " bytes is not a whole number of CIFAR-10 records (" +
                      std::to_string(record) + " bytes each)");
    int64_t n = static_cast<int64_t>(d.size()) / record;
    auto t = torch::from_blob(d.data(), {n, record}, torch::kUInt8).clone();
    auto l = t.select(1, 0).to(torch::kInt64);
    if (l.max().item<int64_t>() > 9)
      throw DataError(p + ": a label is above 9 (not CIFAR-10)");
    labels.push_back(l);
    images.push_back(t.slice(1, 1).reshape({n, 3, 32, 32}));
  }
  Dataset ds;
  ds.images = torch::cat(images);
  ds.labels = torch::cat(labels);
  return ds;
}

TrainTest mcunet::nas::loadDataset(const std::string &spec) {
  TrainTest tt;
  auto idx = [&](const std::string &dir) {
    auto load = [&](const std::string &prefix) {
      Dataset d;
      std::string ip = firstExisting(dir, prefix + "-images-idx3-ubyte");
      std::string lp = firstExisting(dir, prefix + "-labels-idx1-ubyte");
      d.images = readIdx(ip);
      d.labels = readIdx(lp);
      if (d.images.dim() != 4)
        throw DataError(ip + ": holds labels, not images");
      if (d.labels.dim() != 1)
        throw DataError(lp + ": holds images, not labels");
      if (d.images.size(0) != d.labels.size(0))
        throw DataError(ip + " has " + std::to_string(d.images.size(0)) +
                        " images but " + lp + " has " +
                        std::to_string(d.labels.size(0)) + " labels");
      int64_t top = d.labels.max().item<int64_t>();
      d.numClasses = static_cast<int>(top) + 1;
      return d;
    };
    tt.train = load("train");
    tt.test = load("t10k");
    int classes = std::max(tt.train.numClasses, tt.test.numClasses);
    tt.train.numClasses = tt.test.numClasses = classes;
  };
  if (spec == "fashion-mnist") {
    idx(defaultFashionMnistDir());
    tt.description = "Fashion-MNIST (" + defaultFashionMnistDir() + ")";
  } else if (spec.rfind("idx:", 0) == 0) {
    idx(spec.substr(4));
    tt.description = "IDX (" + spec.substr(4) + ")";
  } else if (spec.rfind("cifar10:", 0) == 0) {
    std::string dir = spec.substr(8);
    std::vector<std::string> train;
    for (int i = 1; i <= 5; ++i)
      train.push_back(dir + "/data_batch_" + std::to_string(i) + ".bin");
    tt.train = readCifar10(train);
    tt.test = readCifar10({dir + "/test_batch.bin"});
    tt.description = "CIFAR-10 (" + dir + ")";
  } else {
    throw DataError("unknown dataset '" + spec +
                    "' (expected fashion-mnist, idx:DIR or cifar10:DIR)");
  }
  return tt;
}

torch::Tensor mcunet::nas::prepareImages(const torch::Tensor &images,
                                         int resolution) {
  torch::NoGradGuard noGrad;
  auto x = images.to(torch::kFloat32).div_(255.0);
  if (x.size(2) == resolution && x.size(3) == resolution)
    return x;
  namespace F = torch::nn::functional;
  return F::interpolate(x,
                        F::InterpolateFuncOptions()
                            .size(std::vector<int64_t>{resolution, resolution})
                            .mode(torch::kBilinear)
                            .align_corners(false))
      .clamp_(0.0, 1.0);
}

torch::Tensor mcunet::nas::prepareImages(const torch::Tensor &images,
                                         const torch::Tensor &index,
                                         int resolution) {
  return prepareImages(images.index_select(0, index), resolution);
}

torch::Tensor mcunet::nas::quantizeInput(const torch::Tensor &prepared) {
  // float32 like the scale stored in the model, then the same rounding as
  // ONNX QuantizeLinear (half to even) on x / scale.
  float scale = static_cast<float>(kInputScale);
  return torch::round(prepared / scale)
      .add_(kInputZeroPoint)
      .clamp_(-128, 127)
      .to(torch::kInt8);
}
