//===- MemoryReport.h - live bytes, arena chart, SRAM budget ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
// What mcunet-compile shows about memory: the bytes live at every layer, the
// arena layout (one rectangle per buffer over its lifetime), the lower bound,
// and, against an SRAM budget, what is live at the peak. Rendered as text,
// JSON and SVG. Reads the plan from the IR; computes nothing new.
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_DRIVER_MEMORYREPORT_H
#define MCUNET_DRIVER_MEMORYREPORT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/JSON.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mcunet::report {

struct ReportBuffer {
  std::string name; ///< The layer's C name, "input", or "... (scratch)".
  std::string kind; ///< "input", "tensor" or "scratch".
  int64_t offset = 0, bytes = 0;
  int64_t firstLayer = 0, lastLayer = 0; ///< Indices into `layers`.
};

/// The same model planned layer by layer: what patch-based execution
/// (--schedule=fused) is compared with.
struct LayerwiseBaseline {
  std::vector<std::string> layers;
  std::vector<int64_t> liveBytes;
  int64_t arenaBytes = 0;
  int64_t macs = 0;
  unsigned peakLayer = 0;
};

struct MemoryReport {
  std::vector<std::string> layers; ///< C layer names, in order.
  std::vector<int64_t> liveBytes;  ///< Bytes live while each layer runs.
  std::vector<std::vector<unsigned>> liveBuffers; ///< Per layer.
  std::vector<ReportBuffer> buffers;
  int64_t arenaBytes = 0, lowerBound = 0;
  unsigned peakLayer = 0;
  /// With patch-based execution: the layer-by-layer plan and the MACs the
  /// patches add (recomputed halos).
  std::optional<LayerwiseBaseline> layerwise;
  int64_t extraMacs = 0;
};

/// Builds the report of a planned function; `layers` are the emitter's
/// (C name, op) pairs.
mlir::FailureOr<MemoryReport> buildMemoryReport(
    mlir::func::FuncOp func,
    llvm::ArrayRef<std::pair<std::string, mlir::Operation *>> layers);

llvm::json::Object toJSON(const MemoryReport &report,
                          std::optional<int64_t> budget);

/// Two charts in one SVG: live bytes per layer as bars (with the budget and
/// the arena as lines), and the arena as lifetime x offset rectangles; with
/// a layer-by-layer baseline, its live bytes come first, on the same scale.
std::string renderSVG(const MemoryReport &report, std::optional<int64_t> budget,
                      llvm::StringRef title);

/// "256KB", "256K", "0.5MB", "262144" -> bytes (KB = 1024).
std::optional<int64_t> parseByteSize(llvm::StringRef text);

/// The explanation of a budget miss: the peak layer, its live tensors and
/// how much is missing.
std::string explainBudgetMiss(const MemoryReport &report, int64_t needed,
                              int64_t budget, llvm::StringRef what);

} // namespace mcunet::report

#endif // MCUNET_DRIVER_MEMORYREPORT_H
