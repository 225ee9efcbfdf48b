//===- TranslateToC.h - te dialect to C99 -----------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_TARGET_C_TRANSLATETOC_H
#define MCUNET_TARGET_C_TRANSLATETOC_H

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <utility>
#include <vector>

namespace mcunet {

/// Options of the C emitter.
struct CEmitOptions {
  /// Prefix of every public symbol and of the file names (`model`).
  std::string prefix = "model";
  /// Recorded in the front matter of every file.
  std::string commandLine;
  /// Identifies the source model in the front matter (e.g. its SHA-256).
  std::string modelHash;
  /// Leave the values of the constant arrays out (sizes, names and layers
  /// stay exact): for TinyNAS, which sizes many subnets and keeps no C.
  bool sizeOnly = false;
};

/// The three generated files.
struct CFiles {
  std::string header;  ///< <prefix>.h: the interface only.
  std::string source;  ///< <prefix>.c: one function per layer, run().
  std::string weights; ///< <prefix>_weights.c: const data (flash).
  /// The prefix actually used (sanitized to a C identifier): the file names
  /// are <prefix>.h, <prefix>.c and <prefix>_weights.c.
  std::string prefix;
  /// Bytes of constant data in the weights file.
  int64_t weightsBytes = 0;
  /// The layers in call order: C function name and op.
  std::vector<std::pair<std::string, mlir::Operation *>> layers;
};

/// Prints a prepared module (one func of te ops with te.offset /
/// te.arena_size from --te-plan-memory) as C99. Never modifies the IR;
/// errors are emitted on the offending op.
mlir::LogicalResult translateToC(mlir::ModuleOp module,
                                 const CEmitOptions &options, CFiles &files);

/// Registers `--mlir-to-c` with mlir-translate's registry.
void registerToCTranslation();

} // namespace mcunet

#endif // MCUNET_TARGET_C_TRANSLATETOC_H
