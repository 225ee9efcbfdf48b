//===- Compile.h - ONNX model to C, as a library ----------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
// What mcunet-compile and the Python package share: import an ONNX model,
// run the default pipeline, emit the C files and build the report (MACs,
// parameters, SRAM, flash, the per-layer table and the memory plan). Writes
// nothing to disk except a temporary folder for the stack and code-size
// measurement, which it removes. Errors go to the context's diagnostic
// handler (MLIR diagnostics) and to `errs` (everything else); the caller
// decides where both end up.
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_DRIVER_COMPILE_H
#define MCUNET_DRIVER_COMPILE_H

#include "mcunet/Driver/MemoryReport.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mcunet::driver {

struct CompileOptions {
  /// host, cortex-m4 or cortex-m7: the C compiler that measures stack and
  /// code size.
  std::string target = "host";
  /// Prefix of the C symbols and file names (sanitized to a C identifier).
  std::string prefix = "model";
  /// Run depthwise and element-wise layers in place where their input dies.
  bool inplace = true;
  /// Arena placement: ours, tflm-greedy, tinyengine-first-fit or naive.
  std::string memoryPlan = "ours";
  /// specialized (per-layer kernels, DSP path) or reference.
  std::string kernels = "specialized";
  /// Fail, naming the layer at the peak, when arena + stack exceed this.
  /// With schedule "fused", patch-based execution stops once the arena
  /// fits it.
  std::optional<int64_t> sramBudget;
  /// layerwise (every layer whole) or fused (--te-fuse-patches runs the
  /// memory-heavy layer sequences patch by patch).
  std::string schedule = "layerwise";
  /// With fused: extra work allowed (MAC-equivalents: --te-fuse-patches'
  /// cost model), as a fraction of the model's MACs.
  double maxOverhead = 0.1;
  /// With fused and sramBudget: the arena --te-fuse-patches aims at
  /// (default: the budget; compileModel retries once with the budget less
  /// the measured stack when the stack tips it over).
  std::optional<int64_t> fuseArenaTarget;
  /// Extra flash bytes for pointwise weights stored as int16, which makes
  /// those layers faster (--te-widen-weights): 0 none, -1 no limit.
  int64_t int16WeightsBudget = 0;
  /// The model's name in messages and in the report (its path, usually).
  std::string modelName = "model.onnx";
  /// Recorded in the front matter of the generated files.
  std::string commandLine;
  /// Keep the IR after the import and after every pass (`stages`).
  bool keepStages = false;
  /// Measure stack and code size by compiling the generated C (-fstack-usage)
  /// when the target's compiler is installed.
  bool measure = true;
};

struct CompileResult {
  /// The generated files, in order: <p>.h, <p>.c, <p>_weights.c, <p>.mlir,
  /// report.json (name, text).
  std::vector<std::pair<std::string, std::string>> files;
  /// The sanitized prefix (file names and C symbols).
  std::string prefix;
  /// report.json as a value.
  llvm::json::Value report = nullptr;
  /// The report as mcunet-compile prints it.
  std::string summary;
  /// The memory plan (for --memory-report).
  report::MemoryReport memory;
  /// With keepStages: ("import", IR), then (pass argument, IR) after every
  /// pass in pipeline order.
  std::vector<std::pair<std::string, std::string>> stages;
};

/// Validates the options (unknown target, plan, kernels, a budget that is
/// not positive); prints the error to `errs`, naming the option as the
/// command line spells it (`--memory-plan`) or as Python does
/// (`memory_plan`).
mlir::LogicalResult checkOptions(const CompileOptions &options,
                                 llvm::raw_ostream &errs, bool cliNames);

/// Compiles an ONNX model (binary or textual syntax) held in `model`.
/// On failure, the reason has been reported (diagnostics or `errs`) and
/// `result` is unspecified.
mlir::LogicalResult compileModel(llvm::StringRef model,
                                 const CompileOptions &options,
                                 mlir::MLIRContext &context,
                                 CompileResult &result,
                                 llvm::raw_ostream &errs);

} // namespace mcunet::driver

#endif // MCUNET_DRIVER_COMPILE_H
