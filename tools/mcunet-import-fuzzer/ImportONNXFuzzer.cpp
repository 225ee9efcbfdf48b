//===- ImportONNXFuzzer.cpp - libFuzzer target for the ONNX importer ------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Feeds arbitrary bytes to mcunet::importONNX (binary protobuf and, when the
// bytes look like text, ONNX's textual syntax) and verifies what comes out.
// Diagnostics are swallowed: a clean error is a pass; a crash, a sanitizer
// report, a leak or a time-out is a finding. Built with
// -DMCUNET_ENABLE_FUZZER=ON (clang); run by scripts/fuzz.sh.
//
//===----------------------------------------------------------------------===//

#include "mcunet/Target/ONNX/ImportONNX.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  mlir::ScopedDiagnosticHandler silence(
      &context, [](mlir::Diagnostic &) { return mlir::success(); });
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  auto module = mcunet::importONNX(bytes, "fuzz.onnx", &context);
  if (module && mlir::failed(mlir::verify(*module)))
    __builtin_trap(); // The importer must only return verified IR.
  return 0;
}
