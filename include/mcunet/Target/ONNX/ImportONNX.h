//===- ImportONNX.h - ONNX to TinyEngine importer ---------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_TARGET_ONNX_IMPORTONNX_H
#define MCUNET_TARGET_ONNX_IMPORTONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

namespace mcunet {

/// Imports an ONNX model, binary protobuf or ONNX's textual syntax (detected
/// from the content), into a module holding one `func.func @main` of te ops.
/// `fileName` names the model in diagnostics. On error, emits diagnostics
/// naming the file, the node and its op type, and returns null.
mlir::OwningOpRef<mlir::ModuleOp> importONNX(llvm::StringRef bytes,
                                             llvm::StringRef fileName,
                                             mlir::MLIRContext *context);

/// Registers `--import-onnx` with mlir-translate's registry.
void registerImportONNXTranslation();

} // namespace mcunet

#endif // MCUNET_TARGET_ONNX_IMPORTONNX_H
