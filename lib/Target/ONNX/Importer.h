//===- Importer.h - ONNX importer state (private) ---------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
// The importer walks the (topologically sorted) ONNX graph once. Every ONNX
// tensor name maps to an Entry: a constant (folded at import), the float view
// of a DequantizeLinear, or a runtime te value.
//
// Invariants:
//  - Runtime values of rank 4 are stored NHWC; `dims` always holds the ONNX
//    (NCHW) shape. Other ranks keep the ONNX layout.
//  - A float tensor that is DequantizeLinear(x) of a runtime quantized x is
//    not materialized: its Entry records `quantSource`, so quantizable
//    consumers read x directly. A te.dequantize is emitted only when a float
//    consumer needs the value.
//  - An int8 op chain `DQ -> op [-> Relu/Clip] -> Q` becomes one quantized te
//    op (plus a te.clamp that --te-fuse-activation folds); the nodes of the
//    chain after the op are marked handled and skipped.
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_LIB_TARGET_ONNX_IMPORTER_H
#define MCUNET_LIB_TARGET_ONNX_IMPORTER_H

#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include "onnx/onnx_pb.h"

#include <optional>
#include <string>
#include <vector>

namespace mcunet::onnx_import {

/// A constant tensor folded at import time, in ONNX layout.
struct ConstTensor {
  int32_t dtype = 0; ///< onnx::TensorProto_DataType.
  std::vector<int64_t> dims;
  std::vector<double> f;  ///< Values of float tensors.
  std::vector<int64_t> i; ///< Values of integer and bool tensors.

  bool isFloat() const;
  int64_t numElements() const;
  double at(int64_t k) const { return isFloat() ? f[k] : double(i[k]); }
};

/// Quantization parameters of a DequantizeLinear/QuantizeLinear.
struct QParams {
  std::vector<double> scales;
  std::vector<int64_t> zeroPoints;
  int64_t axis = -1; ///< -1 when per-tensor.
  int32_t dtype = 0; ///< Storage type of the zero point (INT8, UINT8, INT32).
};

/// What the importer knows about one ONNX tensor name.
struct Entry {
  std::optional<ConstTensor> cst; ///< Constant data (integer if `dq`).
  std::optional<QParams> dq;      ///< Set when this is DQ(cst).
  mlir::Value value;              ///< Runtime te value (NHWC if rank 4).
  mlir::Value quantSource;        ///< Set when this is DQ(runtime value).
  std::vector<int64_t> dims;      ///< ONNX shape.

  bool isConst() const { return cst.has_value(); }
};

/// The fused tail of a quantizable op: an optional Relu/Clip and the
/// QuantizeLinear that gives the output its type.
struct QuantTail {
  const onnx::NodeProto *act = nullptr;
  const onnx::NodeProto *quantize = nullptr;
  double lo = 0, hi = 0; ///< Real clamp bounds when `act`.
  QParams params;
};

class Importer {
public:
  Importer(mlir::MLIRContext *ctx, llvm::StringRef fileName,
           const onnx::ModelProto &model);

  /// Imports the whole graph into `module`.
  mlir::LogicalResult importGraph(mlir::ModuleOp module);

  /// Runs ONNX shape inference again with the constants folded before the
  /// walk as initializers, when some node output still has no static shape.
  mlir::LogicalResult reinferShapes();

  //===--------------------------------------------------------------------===//
  // Shared helpers (Importer.cpp, Tensors.cpp)
  //===--------------------------------------------------------------------===//

  /// Emits "<file>: node '<name>' (<op>): <msg>" and returns failure.
  mlir::InFlightDiagnostic error(const onnx::NodeProto &node);
  mlir::InFlightDiagnostic error(llvm::StringRef what);
  mlir::Location loc(const onnx::NodeProto &node);

  /// The entry of input `idx` of `node`, or null (with an error) when the
  /// name is unknown. Optional inputs that are absent return null silently
  /// when `optional`.
  Entry *input(const onnx::NodeProto &node, int idx, bool optional = false);
  /// Constant input `idx`, or an error naming the input.
  const ConstTensor *constInput(const onnx::NodeProto &node, int idx,
                                bool optional = false);
  /// Binds output `idx` of `node`.
  Entry &bind(const onnx::NodeProto &node, int idx, Entry entry);
  /// The static inferred shape of `name`, or an error on `node`.
  std::optional<std::vector<int64_t>> inferredDims(const onnx::NodeProto &node,
                                                   const std::string &name);

  /// True when the entry is (or is the float view of) a quantized value.
  static bool isQuantized(const Entry &e);
  /// The quantized runtime value behind `e`.
  static mlir::Value quantizedValue(const Entry &e);
  /// A float runtime value for `e` (dequantizing or materializing constants).
  mlir::Value floatValue(const onnx::NodeProto &node, Entry &e);

  /// Reads DQ/Q scale and zero-point inputs (indices 1, 2) and `axis`.
  std::optional<QParams> readQParams(const onnx::NodeProto &node, int64_t rank);
  /// The fused tail after `node`, when output 0 reaches a QuantizeLinear.
  std::optional<QuantTail> findQuantTail(const onnx::NodeProto &node);
  /// The per-tensor i8 activation type of `params` (uint8 is shifted).
  mlir::Type activationType(const onnx::NodeProto &node, const QParams &p);
  /// Finishes a quantized op: clamp for the tail activation, binds the
  /// QuantizeLinear output, marks the tail handled.
  void finishQuantized(const onnx::NodeProto &node, mlir::Value result,
                       const QuantTail &tail);

  /// Ranked tensor type of physical (te) layout for ONNX `dims`.
  mlir::RankedTensorType tensorType(llvm::ArrayRef<int64_t> dims,
                                    mlir::Type elt) const;
  /// A te.constant from float data in te layout.
  mlir::Value floatConstant(mlir::Location loc, llvm::ArrayRef<int64_t> shape,
                            llvm::ArrayRef<float> data);

  //===--------------------------------------------------------------------===//
  // Op importers (ConvOps.cpp, TensorOps.cpp, QuantOps.cpp)
  //===--------------------------------------------------------------------===//

  mlir::LogicalResult importConv(const onnx::NodeProto &node);
  mlir::LogicalResult importQLinearConv(const onnx::NodeProto &node);
  mlir::LogicalResult importGemm(const onnx::NodeProto &node);
  mlir::LogicalResult importMatMul(const onnx::NodeProto &node);
  mlir::LogicalResult importQLinearMatMul(const onnx::NodeProto &node);
  mlir::LogicalResult importBatchNorm(const onnx::NodeProto &node);
  mlir::LogicalResult importBinary(const onnx::NodeProto &node);
  mlir::LogicalResult importPool(const onnx::NodeProto &node);
  mlir::LogicalResult importGlobalPool(const onnx::NodeProto &node);
  mlir::LogicalResult importActivation(const onnx::NodeProto &node);
  mlir::LogicalResult importSoftmax(const onnx::NodeProto &node);
  mlir::LogicalResult importReshape(const onnx::NodeProto &node);
  mlir::LogicalResult importTranspose(const onnx::NodeProto &node);
  /// Fails, naming the node, unless `perm` is a permutation of `rank` axes
  /// (libonnx 1.12's inference accepts a perm of the wrong length).
  mlir::LogicalResult checkPermutation(const onnx::NodeProto &node,
                                       llvm::ArrayRef<int64_t> perm,
                                       size_t rank);
  mlir::LogicalResult importPad(const onnx::NodeProto &node);
  mlir::LogicalResult importConcat(const onnx::NodeProto &node);
  mlir::LogicalResult importResize(const onnx::NodeProto &node);
  mlir::LogicalResult importQuantize(const onnx::NodeProto &node);
  mlir::LogicalResult importDequantize(const onnx::NodeProto &node);
  /// Constant, Identity, Shape, Gather, Unsqueeze, Squeeze, Cast... on
  /// constants. Returns std::nullopt when the node is not foldable.
  std::optional<mlir::LogicalResult>
  foldConstantOp(const onnx::NodeProto &node);

  /// The value to move data of (for reshape-like ops): the quantized value
  /// behind a DQ view (`isView` set), a runtime value, or a float constant.
  mlir::Value dataValue(const onnx::NodeProto &node, Entry &e, bool &isView);
  /// Binds output `idx` as a runtime value, or as the DQ view of one.
  void bindValue(const onnx::NodeProto &node, int idx, mlir::Value v,
                 std::vector<int64_t> dims, bool isView);
  /// Reshapes a rank < 4 operand to rank 4 (leading ones) in te layout, for
  /// broadcasting against a rank-4 tensor.
  mlir::Value alignRank(mlir::Location loc, mlir::Value v,
                        llvm::ArrayRef<int64_t> dims, size_t rank);
  /// A quantized te.constant from integer data (ONNX layout already
  /// converted by the caller) with the given element type.
  mlir::Value quantConstant(mlir::Location loc, llvm::ArrayRef<int64_t> shape,
                            llvm::ArrayRef<int64_t> data, mlir::Type elt);

  /// Emits te ops that turn `value` (te layout, ONNX shape `from`) into the
  /// te layout of ONNX shape `to` with the same element order in ONNX
  /// (row-major NCHW) terms: a reshape, plus transposes around it when a
  /// rank-4 side is not trivially permutable.
  mlir::Value reshapeValue(mlir::Location loc, mlir::Value value,
                           llvm::ArrayRef<int64_t> from,
                           llvm::ArrayRef<int64_t> to);

  mlir::MLIRContext *ctx;
  mlir::OpBuilder builder;
  std::string fileName;
  const onnx::ModelProto &model;
  llvm::StringMap<Entry> entries;
  llvm::StringMap<std::vector<int64_t>> shapes;
  llvm::StringMap<std::vector<const onnx::NodeProto *>> consumers;
  llvm::StringSet<> graphOutputs;
  llvm::DenseSet<const onnx::NodeProto *> handled;
};

//===----------------------------------------------------------------------===//
// Free helpers (Tensors.cpp)
//===----------------------------------------------------------------------===//

/// Reads a TensorProto. Returns an error string on unsupported content.
std::string readTensor(const onnx::TensorProto &t, ConstTensor &out);
/// Writes `c` as TensorProto `name`; false for data types readTensor does
/// not produce.
bool writeTensor(const ConstTensor &c, const std::string &name,
                 onnx::TensorProto &out);
/// Runs ONNX shape inference (with data propagation) on `model` in place.
/// Returns an error string when libonnx rejects it (ModelLoader.cpp).
std::string inferShapes(onnx::ModelProto &model);
/// Name of an ONNX data type for messages.
std::string dataTypeName(int32_t dtype);

/// Attribute getters with defaults.
const onnx::AttributeProto *findAttr(const onnx::NodeProto &n,
                                     llvm::StringRef name);
int64_t getInt(const onnx::NodeProto &n, llvm::StringRef name, int64_t dflt);
float getFloat(const onnx::NodeProto &n, llvm::StringRef name, float dflt);
std::string getString(const onnx::NodeProto &n, llvm::StringRef name,
                      llvm::StringRef dflt);
std::vector<int64_t> getInts(const onnx::NodeProto &n, llvm::StringRef name,
                             std::vector<int64_t> dflt);

/// NCHW -> NHWC permutation of a rank-4 shape (identity otherwise).
std::vector<int64_t> toPhysical(llvm::ArrayRef<int64_t> dims);
/// Physical axis of ONNX axis `axis` (already normalized) for a rank.
int64_t physicalAxis(int64_t axis, size_t rank);
/// Transposes row-major `data` of shape `dims` by `perm` (out[i] =
/// in[perm[i]]).
std::vector<double> transposeData(llvm::ArrayRef<double> data,
                                  llvm::ArrayRef<int64_t> dims,
                                  llvm::ArrayRef<int64_t> perm);
std::vector<int64_t> transposeData(llvm::ArrayRef<int64_t> data,
                                   llvm::ArrayRef<int64_t> dims,
                                   llvm::ArrayRef<int64_t> perm);

//===----------------------------------------------------------------------===//
// Weight helpers (ConvOps.cpp), shared by the conv and matmul families
//===----------------------------------------------------------------------===//

/// Weights of a conv-like op, in te layout.
struct Weights {
  std::vector<int64_t> shape;
  std::vector<int64_t> q;     ///< int8 data when quantized.
  std::vector<double> f;      ///< Real values (always filled).
  std::vector<double> scales; ///< Per output channel (or one).
  bool quantized = false;
};

/// Reads a constant weight entry (DQ of int8, or float), permuting its data
/// by `perm` into te layout `shape`; `onnxAxis` is the ONNX dimension of
/// the output channels.
mlir::LogicalResult readWeights(Importer &imp, const onnx::NodeProto &node,
                                Entry &w, llvm::ArrayRef<int64_t> perm,
                                llvm::ArrayRef<int64_t> shape, int64_t onnxAxis,
                                Weights &out);
/// True for the shapes of a per-output-channel bias of `channels` channels:
/// one value, or [.., 1, channels].
bool isPerChannelShape(llvm::ArrayRef<int64_t> dims, int64_t channels);
/// Bias values in real terms; `ints`/`intScales` get the int32 data and
/// scales when the bias is DequantizeLinear of INT32 with zero point 0.
mlir::LogicalResult readBias(Importer &imp, const onnx::NodeProto &node,
                             Entry *bias, int64_t channels,
                             std::vector<double> &real,
                             std::vector<int64_t> *ints,
                             std::vector<double> *intScales);
/// int32 bias data for scales `biasScales` (one per channel).
std::vector<int64_t> quantizeBias(llvm::ArrayRef<double> real,
                                  llvm::ArrayRef<int64_t> ints,
                                  llvm::ArrayRef<double> intScales,
                                  llvm::ArrayRef<double> biasScales);
/// Per-axis (or per-tensor, one scale) i8 weight type along te `axis`.
mlir::Type weightType(mlir::OpBuilder &b, llvm::ArrayRef<double> scales,
                      int32_t axis);
/// i32 bias type with the given scales (per-axis along 0 when several).
mlir::Type biasType(mlir::OpBuilder &b, llvm::ArrayRef<double> scales);
/// [top, left, bottom, right] pads of a 2-D window from pads or auto_pad.
std::optional<std::vector<int64_t>>
windowPads(Importer &imp, const onnx::NodeProto &node,
           llvm::ArrayRef<int64_t> inHW, llvm::ArrayRef<int64_t> kernel,
           llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> dilations);
/// Reads the (scale, zero point) inputs `s`, `s + 1` of a QLinear* node.
std::optional<QParams> qlinearParams(Importer &imp, const onnx::NodeProto &node,
                                     int s, int64_t rank, int64_t axis);
/// The DQ view of QLinear* input `idx`, checked against its parameters.
std::optional<Entry> qlinearInput(Importer &imp, const onnx::NodeProto &node,
                                  int idx);
/// The weights of a QLinear* node (input `idx`) as a DQ'd constant.
std::optional<Entry> qlinearWeights(Importer &imp, const onnx::NodeProto &node,
                                    int idx, int64_t axis);
/// The int32 bias of a QLinear* node (scale x_scale * w_scale[c]).
std::optional<Entry> qlinearBias(Importer &imp, const onnx::NodeProto &node,
                                 int idx, const QParams &xp, const QParams &wp);

} // namespace mcunet::onnx_import

#endif // MCUNET_LIB_TARGET_ONNX_IMPORTER_H
