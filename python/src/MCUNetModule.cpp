//===- MCUNetModule.cpp - the mcunet._mcunet Python extension -------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// The in-process bridge from Python to the compiler library: one function,
// compile(), that runs mcunet::driver::compileModel on the model's bytes
// and returns plain Python values (files, report JSON, stages, the memory
// chart). The compiler never throws (it is built without exceptions); its
// errors come back as the diagnostic text, which mcunet/compiler.py raises
// as mcunet.CompileError. This file is the only one built with exceptions
// (pybind11 needs them) and it lets none reach the compiler.
//
//===----------------------------------------------------------------------===//

#include "mcunet/Driver/Compile.h"
#include "mcunet/Driver/MemoryReport.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace py = pybind11;

namespace {

struct Outcome {
  bool ok = false;
  std::string errors;
  std::vector<std::pair<std::string, std::string>> files;
  std::string reportJSON, summary, memorySVG, memoryJSON, prefix;
  std::vector<std::pair<std::string, std::string>> stages;
};

Outcome compile(const std::string &model, const std::string &modelName,
                const std::string &target, const std::string &prefix,
                std::optional<int64_t> sramBudget,
                const std::string &memoryPlan, bool inplace,
                const std::string &kernels, const std::string &schedule,
                double maxOverhead, int64_t int16WeightsBudget, bool keepStages,
                bool measure) {
  Outcome outcome;
  mcunet::driver::CompileOptions options;
  options.target = target;
  options.prefix = prefix;
  options.sramBudget = sramBudget;
  options.memoryPlan = memoryPlan;
  options.inplace = inplace;
  options.kernels = kernels;
  options.schedule = schedule;
  options.maxOverhead = maxOverhead;
  options.int16WeightsBudget = int16WeightsBudget;
  options.modelName = modelName;
  options.commandLine = llvm::formatv("mcunet.compile('{0}', target='{1}', "
                                      "prefix='{2}')",
                                      modelName, target, prefix)
                            .str();
  options.keepStages = keepStages;
  options.measure = measure;

  llvm::raw_string_ostream errs(outcome.errors);
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  llvm::SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context, errs);
  mcunet::driver::CompileResult result;
  if (mlir::failed(
          mcunet::driver::compileModel(model, options, context, result, errs)))
    return outcome;
  outcome.ok = true;
  outcome.files = std::move(result.files);
  outcome.prefix = result.prefix;
  outcome.summary = std::move(result.summary);
  outcome.stages = std::move(result.stages);
  outcome.reportJSON = llvm::formatv("{0:2}", result.report).str();
  outcome.memorySVG = mcunet::report::renderSVG(result.memory, sramBudget,
                                                modelName + ": memory plan");
  outcome.memoryJSON =
      llvm::formatv("{0:2}", llvm::json::Value(mcunet::report::toJSON(
                                 result.memory, sramBudget)))
          .str();
  return outcome;
}

} // namespace

PYBIND11_MODULE(_mcunet, m) {
  m.doc() = "mcunet's compiler library (use the mcunet package instead)";
  m.attr("__version__") = MCUNET_VERSION_STRING;

  py::class_<Outcome>(m, "Outcome")
      .def_readonly("ok", &Outcome::ok)
      .def_readonly("errors", &Outcome::errors)
      .def_readonly("files", &Outcome::files)
      .def_readonly("prefix", &Outcome::prefix)
      .def_readonly("report_json", &Outcome::reportJSON)
      .def_readonly("summary", &Outcome::summary)
      .def_readonly("memory_svg", &Outcome::memorySVG)
      .def_readonly("memory_json", &Outcome::memoryJSON)
      .def_readonly("stages", &Outcome::stages);

  m.def(
      "compile",
      [](py::bytes model, const std::string &modelName,
         const std::string &target, const std::string &prefix,
         std::optional<int64_t> sramBudget, const std::string &memoryPlan,
         bool inplace, const std::string &kernels, const std::string &schedule,
         double maxOverhead, int64_t int16WeightsBudget, bool keepStages,
         bool measure) {
        std::string bytes = model; // Copied while the GIL is held.
        py::gil_scoped_release release;
        return compile(bytes, modelName, target, prefix, sramBudget, memoryPlan,
                       inplace, kernels, schedule, maxOverhead,
                       int16WeightsBudget, keepStages, measure);
      },
      py::arg("model"), py::arg("model_name"), py::arg("target"),
      py::arg("prefix"), py::arg("sram_budget"), py::arg("memory_plan"),
      py::arg("inplace"), py::arg("kernels"), py::arg("schedule"),
      py::arg("max_overhead"), py::arg("int16_weights_budget"),
      py::arg("keep_stages"), py::arg("measure"),
      "Compiles an ONNX model's bytes; returns an Outcome (ok, errors, "
      "files, report_json, ...).");

  m.def(
      "parse_byte_size",
      [](const std::string &text) -> std::optional<int64_t> {
        return mcunet::report::parseByteSize(text);
      },
      py::arg("text"), "'256KB' -> 262144; None when it is not a size.");
}
