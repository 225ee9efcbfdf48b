//===- Tensors.cpp - ONNX tensors, attributes and layouts -----------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include <cstring>

using namespace mcunet::onnx_import;
using onnx::TensorProto;

bool ConstTensor::isFloat() const {
  return dtype == TensorProto::FLOAT || dtype == TensorProto::DOUBLE;
}

int64_t ConstTensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n;
}

std::string mcunet::onnx_import::dataTypeName(int32_t dtype) {
  if (TensorProto::DataType_IsValid(dtype))
    return TensorProto::DataType_Name(
        static_cast<TensorProto::DataType>(dtype));
  return "type " + std::to_string(dtype);
}

namespace {
template <typename T>
bool readRaw(const std::string &raw, int64_t n, std::vector<T> &out) {
  if (static_cast<int64_t>(raw.size()) != n * static_cast<int64_t>(sizeof(T)))
    return false;
  out.resize(n);
  if (n)
    std::memcpy(out.data(), raw.data(), raw.size());
  return true;
}
} // namespace

std::string mcunet::onnx_import::readTensor(const TensorProto &t,
                                            ConstTensor &out) {
  out.dtype = t.data_type();
  out.dims.assign(t.dims().begin(), t.dims().end());
  // Overflow-safe element count: shapes past 2^31 elements are rejected.
  int64_t n = 1;
  for (int64_t d : out.dims) {
    if (d < 0)
      return "tensor '" + t.name() + "' has a negative dimension";
    if (d != 0 && n > (int64_t(1) << 31) / d)
      return "tensor '" + t.name() + "' has more than 2^31 elements";
    n *= d;
  }
  if (t.data_location() == TensorProto::EXTERNAL)
    return "tensor '" + t.name() +
           "' uses external data; save the model with all tensors inside "
           "the .onnx file";
  const bool raw = t.has_raw_data();
  const std::string &bytes = t.raw_data();
  auto sizeError = [&] {
    return "tensor '" + t.name() +
           "' holds the wrong number of values for "
           "its shape";
  };
  switch (t.data_type()) {
  case TensorProto::FLOAT: {
    std::vector<float> v;
    if (raw) {
      if (!readRaw(bytes, n, v))
        return sizeError();
    } else {
      v.assign(t.float_data().begin(), t.float_data().end());
    }
    out.f.assign(v.begin(), v.end());
    break;
  }
  case TensorProto::DOUBLE: {
    if (raw) {
      if (!readRaw(bytes, n, out.f))
        return sizeError();
    } else {
      out.f.assign(t.double_data().begin(), t.double_data().end());
    }
    break;
  }
  case TensorProto::INT8:
  case TensorProto::UINT8:
  case TensorProto::INT16:
  case TensorProto::UINT16:
  case TensorProto::INT32:
  case TensorProto::BOOL: {
    if (raw) {
      switch (t.data_type()) {
      case TensorProto::INT8: {
        std::vector<int8_t> v;
        if (!readRaw(bytes, n, v))
          return sizeError();
        out.i.assign(v.begin(), v.end());
        break;
      }
      case TensorProto::UINT8:
      case TensorProto::BOOL: {
        std::vector<uint8_t> v;
        if (!readRaw(bytes, n, v))
          return sizeError();
        out.i.assign(v.begin(), v.end());
        break;
      }
      case TensorProto::INT16: {
        std::vector<int16_t> v;
        if (!readRaw(bytes, n, v))
          return sizeError();
        out.i.assign(v.begin(), v.end());
        break;
      }
      case TensorProto::UINT16: {
        std::vector<uint16_t> v;
        if (!readRaw(bytes, n, v))
          return sizeError();
        out.i.assign(v.begin(), v.end());
        break;
      }
      default: {
        std::vector<int32_t> v;
        if (!readRaw(bytes, n, v))
          return sizeError();
        out.i.assign(v.begin(), v.end());
        break;
      }
      }
    } else {
      out.i.assign(t.int32_data().begin(), t.int32_data().end());
    }
    break;
  }
  case TensorProto::INT64: {
    if (raw) {
      if (!readRaw(bytes, n, out.i))
        return sizeError();
    } else {
      out.i.assign(t.int64_data().begin(), t.int64_data().end());
    }
    break;
  }
  default:
    return "tensor '" + t.name() + "' has unsupported data type " +
           dataTypeName(t.data_type()) +
           " (supported: FLOAT, DOUBLE, INT8, UINT8, INT16, UINT16, INT32, "
           "INT64, BOOL)";
  }
  int64_t have = out.isFloat() ? static_cast<int64_t>(out.f.size())
                               : static_cast<int64_t>(out.i.size());
  if (have != n)
    return sizeError();
  return "";
}

bool mcunet::onnx_import::writeTensor(const ConstTensor &c,
                                      const std::string &name,
                                      TensorProto &out) {
  out.set_name(name);
  out.set_data_type(c.dtype);
  for (int64_t d : c.dims)
    out.add_dims(d);
  switch (c.dtype) {
  case TensorProto::FLOAT:
    for (double v : c.f)
      out.add_float_data(static_cast<float>(v));
    return true;
  case TensorProto::DOUBLE:
    for (double v : c.f)
      out.add_double_data(v);
    return true;
  case TensorProto::INT64:
    for (int64_t v : c.i)
      out.add_int64_data(v);
    return true;
  case TensorProto::INT8:
  case TensorProto::UINT8:
  case TensorProto::INT16:
  case TensorProto::UINT16:
  case TensorProto::INT32:
  case TensorProto::BOOL:
    for (int64_t v : c.i)
      out.add_int32_data(static_cast<int32_t>(v));
    return true;
  default:
    return false;
  }
}

const onnx::AttributeProto *
mcunet::onnx_import::findAttr(const onnx::NodeProto &n, llvm::StringRef name) {
  for (const auto &a : n.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t mcunet::onnx_import::getInt(const onnx::NodeProto &n,
                                    llvm::StringRef name, int64_t dflt) {
  const auto *a = findAttr(n, name);
  return a ? a->i() : dflt;
}

float mcunet::onnx_import::getFloat(const onnx::NodeProto &n,
                                    llvm::StringRef name, float dflt) {
  const auto *a = findAttr(n, name);
  return a ? a->f() : dflt;
}

std::string mcunet::onnx_import::getString(const onnx::NodeProto &n,
                                           llvm::StringRef name,
                                           llvm::StringRef dflt) {
  const auto *a = findAttr(n, name);
  return a ? a->s() : dflt.str();
}

std::vector<int64_t> mcunet::onnx_import::getInts(const onnx::NodeProto &n,
                                                  llvm::StringRef name,
                                                  std::vector<int64_t> dflt) {
  const auto *a = findAttr(n, name);
  if (!a)
    return dflt;
  return std::vector<int64_t>(a->ints().begin(), a->ints().end());
}

std::vector<int64_t>
mcunet::onnx_import::toPhysical(llvm::ArrayRef<int64_t> dims) {
  if (dims.size() != 4)
    return dims.vec();
  return {dims[0], dims[2], dims[3], dims[1]};
}

int64_t mcunet::onnx_import::physicalAxis(int64_t axis, size_t rank) {
  if (rank != 4)
    return axis;
  static const int64_t map[4] = {0, 3, 1, 2};
  return map[axis];
}

template <typename T>
static std::vector<T> transposeImpl(llvm::ArrayRef<T> data,
                                    llvm::ArrayRef<int64_t> dims,
                                    llvm::ArrayRef<int64_t> perm) {
  size_t rank = dims.size();
  std::vector<int64_t> outDims(rank), inStrides(rank, 1);
  for (size_t i = rank; i-- > 1;)
    inStrides[i - 1] = inStrides[i] * dims[i];
  for (size_t i = 0; i < rank; ++i)
    outDims[i] = dims[perm[i]];
  std::vector<T> out(data.size());
  std::vector<int64_t> idx(rank, 0);
  for (size_t k = 0; k < data.size(); ++k) {
    int64_t src = 0;
    for (size_t i = 0; i < rank; ++i)
      src += idx[i] * inStrides[perm[i]];
    out[k] = data[src];
    for (size_t i = rank; i-- > 0;) {
      if (++idx[i] < outDims[i])
        break;
      idx[i] = 0;
    }
  }
  return out;
}

std::vector<double>
mcunet::onnx_import::transposeData(llvm::ArrayRef<double> data,
                                   llvm::ArrayRef<int64_t> dims,
                                   llvm::ArrayRef<int64_t> perm) {
  return transposeImpl(data, dims, perm);
}

std::vector<int64_t>
mcunet::onnx_import::transposeData(llvm::ArrayRef<int64_t> data,
                                   llvm::ArrayRef<int64_t> dims,
                                   llvm::ArrayRef<int64_t> perm) {
  return transposeImpl(data, dims, perm);
}
