//===- mcunet-translate.cpp - mcunet translation driver -------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// MlirTranslateMain with mcunet's translations. Every translation registers
// itself here: --import-onnx (ONNX to te) and --mlir-to-c (te to C).
//
//===----------------------------------------------------------------------===//

#include "mcunet/Dialect/TinyEngine/IR/TinyEngineDialect.h"
#include "mcunet/Target/C/TranslateToC.h"
#include "mcunet/Target/ONNX/ImportONNX.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"

namespace {

/// Parses and verifies te IR and prints it back: a smoke test of the
/// translation registry until the real translations are registered.
void registerRoundTrip() {
  static mlir::TranslateFromMLIRRegistration roundTrip(
      "te-roundtrip", "parse, verify and print te IR",
      [](mlir::Operation *op, llvm::raw_ostream &os) {
        op->print(os);
        os << "\n";
        return mlir::success();
      },
      [](mlir::DialectRegistry &registry) {
        registry.insert<mcunet::te::TinyEngineDialect, mlir::func::FuncDialect,
                        mlir::quant::QuantDialect>();
      });
}

} // namespace

int main(int argc, char **argv) {
  registerRoundTrip();
  mcunet::registerImportONNXTranslation();
  mcunet::registerToCTranslation();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "mcunet translation driver\n"));
}
