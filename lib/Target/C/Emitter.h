//===- Emitter.h - C emitter state (private) --------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
// The C emitter reads a prepared te function and prints three files. It
// never modifies the IR. Layers are the te ops that compute (everything but
// te.constant and te.reshape, which are flash data and buffer aliases). Each
// layer becomes one `static void lNN_<kind>_<name>(...)` function whose loop
// bounds, strides, paddings and zero points are literal constants; the run
// function is a flat list of calls.
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_LIB_TARGET_C_EMITTER_H
#define MCUNET_LIB_TARGET_C_EMITTER_H

#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"
#include "mcunet/Target/C/TranslateToC.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/IndentedOstream.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace mcunet::c_emit {

/// One computing op and its C names.
struct Layer {
  mlir::Operation *op = nullptr;
  unsigned index = 0;
  std::string name;         ///< lNN_kind_onnxname
  std::string offsetMacro;  ///< LNN_OUT_OFFSET
  std::string scratchMacro; ///< LNN_SCRATCH_OFFSET
};

/// Per-tensor quantization of a value (scale 1, zero point 0 for floats).
struct QInfo {
  bool quantized = false;
  double scale = 1.0;
  int64_t zeroPoint = 0;
  int64_t qmin = -128, qmax = 127;
};

class Emitter {
public:
  Emitter(mlir::func::FuncOp func, const CEmitOptions &options);

  mlir::LogicalResult emit(CFiles &files);

  //===--------------------------------------------------------------------===//
  // Helpers for the kernel printers
  //===--------------------------------------------------------------------===//

  /// C element type of a tensor ("int8_t", "int32_t", "float").
  static std::string cType(mlir::Type type);
  static QInfo qinfo(mlir::Type type);
  /// "1x16x16x3 int8 (scale 0.0078, zero point 0)".
  static std::string describe(mlir::Type type);
  /// The fused clamp range of a layer's output: act_min/act_max or the
  /// storage range.
  static std::pair<int64_t, int64_t> actRange(mlir::Operation *op);

  /// The C symbol of a te.constant used by `layer` in `role` ("weights",
  /// "bias", ...); the data goes into the weights file once.
  std::string constant(mlir::Value value, const Layer &layer,
                       llvm::StringRef role);
  /// A const int32 table in the weights file: `<prefix>_<layer>_<role>`,
  /// or the name of an identical table already emitted.
  std::string table(const Layer &layer, llvm::StringRef role,
                    llvm::ArrayRef<int32_t> values);
  /// A const int8 table in the weights file (weights in the order a
  /// specialized kernel reads them); `wordAligned`: at a multiple of 4
  /// bytes (with GCC and compatible compilers, the ones whose kernels
  /// read it with word loads).
  std::string tableI8(const Layer &layer, llvm::StringRef role,
                      llvm::ArrayRef<int8_t> values, bool wordAligned = false);
  /// A const int16 table in the weights file (int16 weights,
  /// --te-widen-weights); `wordAligned` as for tableI8.
  std::string tableI16(const Layer &layer, llvm::StringRef role,
                       llvm::ArrayRef<int16_t> values, bool wordAligned);
  /// Requests a runtime helper by name (printed once, before the layers).
  void useHelper(llvm::StringRef name) { helpers.insert(name.str()); }

  mlir::func::FuncOp func;
  const CEmitOptions &options;
  std::string prefix, upperPrefix;
  std::vector<Layer> layers;
  llvm::DenseMap<mlir::Operation *, unsigned> layerOf;

private:
  /// table() and tableI8(): a const array of `type` in the weights file, or
  /// the name of an identical one already emitted.
  template <typename T>
  std::string emitTable(const Layer &layer, llvm::StringRef role,
                        llvm::ArrayRef<T> values, llvm::StringRef type,
                        unsigned perLine, bool wordAligned);
  mlir::LogicalResult collectLayers();
  /// C expression for a pointer to the data of `v` (in the run function).
  std::string pointerTo(mlir::Value v);
  /// "int8_t *<prefix>_input0(void)", "const float *<prefix>_output(void)".
  std::string accessorSignature(bool input, unsigned k);
  /// "int <prefix>_run(const int8_t *input, int8_t *output)".
  std::string runSignature();
  /// The macro of input k's arena offset: INPUT_OFFSET, INPUT0_OFFSET, ...
  std::string argOffsetMacro(unsigned k) const;
  /// Bytes of all inputs, of all outputs.
  int64_t inputBytes();
  int64_t outputBytes();
  void printHeader(llvm::raw_ostream &os);
  void printFrontMatter(llvm::raw_ostream &os, llvm::StringRef what);

  std::set<std::string> helpers;
  llvm::DenseMap<mlir::Value, std::string> constantNames;
  std::string weightsText; ///< Definitions for the weights file.
  std::string externDecls; ///< Their declarations for the source file.
  /// The C element type of every constant array, by name.
  std::map<std::string, std::string> tableTypes;
  /// Tables by (C type, bytes): identical tables are emitted once.
  std::map<std::pair<std::string, std::string>, std::string> tablesByContent;
  int64_t weightsBytes = 0;     ///< Bytes of all constant arrays.
  bool usesWordAligned = false; ///< A table is MCUNET_WORD_ALIGNED.
  std::vector<std::string> argNames, resultNames;
};

/// Prints the body of one layer function (between its braces) into `os`;
/// `params` receives the parameter list. Dispatches on the op.
mlir::LogicalResult printLayer(Emitter &e, const Layer &layer,
                               mlir::raw_indented_ostream &os,
                               std::string &params, std::string &comment);

/// One layer function as the emitter prints it.
struct LayerText {
  std::string header; ///< The comment block above the function.
  std::string name;   ///< lNN_<kind>_<onnx name>.
  std::string params; ///< The parameter list.
  std::string body;   ///< Between the braces, indented.
  unsigned index = 0; ///< The layer number.
};

/// Prints the layer functions. Layers whose bodies are the same but for the
/// constant arrays they read (same kernel, shapes and quantization: an
/// identical specialization) share one copy of the code, a function
/// kNN_<kind> that takes the arrays as parameters; each of them keeps its
/// own lNN function (and comment), which calls it with its arrays.
/// `tables` gives the element type of every constant array by name.
std::string
printLayerFunctions(llvm::ArrayRef<LayerText> layers, llvm::StringRef prefix,
                    const std::map<std::string, std::string> &tables);

/// Prints the requested runtime helpers (fixed-point arithmetic).
void printHelpers(llvm::raw_ostream &os, const std::set<std::string> &names);

/// Formats a double so that it reads back exactly ("%.9g"-like, shortest).
std::string formatDouble(double v);

/// A C float literal of `v` ("2.0f", "0.5f", "1e-05f").
std::string floatLiteral(double v);

} // namespace mcunet::c_emit

#endif // MCUNET_LIB_TARGET_C_EMITTER_H
