//===- SpaceStage.cpp - mcunet-nas space
//-----------------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Search-space optimization (MCUNet, section 3.1): for every (width,
// resolution), `samples` random subnets; each is built as te IR and planned
// by the compiler (peak SRAM = arena + stack reserve, flash = constant data
// of the emitted C + code reserve); the MACs of those that fit give a
// cumulative distribution per space. The chosen space is the one whose
// fitting subnets have the largest mean MACs (more computation that fits =
// more capacity), among the spaces where at least min-fit-fraction of the
// samples fit. Writes DIR/space.json (the table, the chosen space, the
// options: also the stage's checkpoint) and DIR/space_cdf.svg.
//
//===----------------------------------------------------------------------===//

#include "SpaceStage.h"

#include "mcunet/NAS/Subnet.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <numeric>
#include <thread>
#include <tuple>

using namespace mcunet::nas;

namespace {

struct SpaceResult {
  double width = 0;
  int resolution = 0;
  int samples = 0;
  std::vector<int64_t> fittingMacs; ///< Sorted.
  /// The fitting subnets with their MACs and arenas (for --write-subnets).
  std::vector<std::tuple<int64_t, int64_t, SubnetConfig>> fitting;
  int64_t smallestSram = 0;  ///< Over all samples.
  int64_t smallestFlash = 0; ///< Over all samples.
  double seconds = 0;
  double mean() const {
    if (fittingMacs.empty())
      return 0;
    return std::accumulate(fittingMacs.begin(), fittingMacs.end(), 0.0) /
           fittingMacs.size();
  }
  int64_t quantile(double q) const {
    if (fittingMacs.empty())
      return 0;
    size_t k = std::min(fittingMacs.size() - 1,
                        static_cast<size_t>(q * fittingMacs.size()));
    return fittingMacs[k];
  }
  double fitFraction() const {
    return samples ? double(fittingMacs.size()) / samples : 0;
  }
};

/// The options that decide the result (the checkpoint is reused only when
/// they are the same).
llvm::json::Object optionsJSON(const SpaceStageOptions &o) {
  llvm::json::Array widths, resolutions;
  for (double w : o.widths)
    widths.push_back(w);
  for (int r : o.resolutions)
    resolutions.push_back(r);
  return llvm::json::Object{
      {"widths", std::move(widths)},
      {"resolutions", std::move(resolutions)},
      {"samples", o.samples},
      {"seed", static_cast<int64_t>(o.seed)},
      {"sram_bytes", o.sramBytes},
      {"flash_bytes", o.flashBytes},
      {"stack_reserve_bytes", o.stackReserve},
      {"code_reserve_bytes", o.codeReserve},
      {"in_channels", o.space.inChannels},
      {"stage_channels", llvm::json::Array(o.space.stageChannels)},
      {"stage_strides", llvm::json::Array(o.space.stageStrides)},
      {"classes", o.space.numClasses},
      {"schedule", o.fused ? "fused" : "layerwise"},
      {"max_overhead", o.maxOverhead},
      {"min_fit_fraction", o.minFitFraction},
      {"write_subnets", static_cast<int64_t>(o.writeSubnets)}};
}

std::string humanMacs(double m) {
  if (m >= 1e6)
    return llvm::formatv("{0:F1}M", m / 1e6).str();
  if (m >= 1e3)
    return llvm::formatv("{0:F0}k", m / 1e3).str();
  return llvm::formatv("{0:F0}", m).str();
}

std::string renderCdf(const std::vector<SpaceResult> &results, int chosen,
                      const SpaceStageOptions &o) {
  const double width = 900, height = 520, left = 70, right = 220, top = 50,
               bottom = 60, plotW = width - left - right,
               plotH = height - top - bottom;
  int64_t maxMacs = 1;
  for (const SpaceResult &r : results)
    if (!r.fittingMacs.empty())
      maxMacs = std::max(maxMacs, r.fittingMacs.back());
  std::string svg;
  llvm::raw_string_ostream os(svg);
  os << llvm::formatv("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" "
                      "height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
                      "font-family=\"sans-serif\" font-size=\"11\">\n",
                      width, height);
  os << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  os << llvm::formatv(
      "<text x=\"{0}\" y=\"24\" font-size=\"14\" font-weight=\"bold\">MACs of "
      "the subnets that fit {1} B SRAM / {2} B flash ({3}), per search "
      "space</text>\n",
      left, o.sramBytes, o.flashBytes, o.fused ? "fused" : "layer by layer");
  for (int k = 0; k <= 4; ++k) {
    double y = top + plotH - k / 4.0 * plotH;
    os << llvm::formatv("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:F1}\" "
                        "y2=\"{2:F1}\" stroke=\"#ddd\"/>\n",
                        left, left + plotW, y);
    os << llvm::formatv("<text x=\"{0}\" y=\"{1:F1}\" text-anchor=\"end\">"
                        "{2:F2}</text>\n",
                        left - 6, y + 4, k / 4.0);
    double x = left + k / 4.0 * plotW;
    os << llvm::formatv("<text x=\"{0:F1}\" y=\"{1:F1}\" "
                        "text-anchor=\"middle\">{2}</text>\n",
                        x, top + plotH + 16, humanMacs(k / 4.0 * maxMacs));
  }
  os << llvm::formatv("<text x=\"{0:F1}\" y=\"{1:F1}\" text-anchor=\"middle\">"
                      "MACs</text>\n",
                      left + plotW / 2, top + plotH + 36);
  os << llvm::formatv("<text transform=\"translate(18,{0:F1}) rotate(-90)\" "
                      "text-anchor=\"middle\">fraction of the fitting "
                      "subnets with at most x MACs</text>\n",
                      top + plotH / 2);
  os << llvm::formatv("<rect x=\"{0}\" y=\"{1}\" width=\"{2}\" height=\"{3}\" "
                      "fill=\"none\" stroke=\"#999\"/>\n",
                      left, top, plotW, plotH);
  int legend = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    const SpaceResult &r = results[i];
    std::string color =
        llvm::formatv("hsl({0},60%,45%)", (i * 360) / results.size()).str();
    bool best = static_cast<int>(i) == chosen;
    if (!r.fittingMacs.empty()) {
      os << "<polyline fill=\"none\" stroke=\"" << color << "\" stroke-width=\""
         << (best ? 3 : 1.2) << "\" points=\"";
      size_t n = r.fittingMacs.size();
      for (size_t k = 0; k < n; ++k) {
        double x = left + double(r.fittingMacs[k]) / maxMacs * plotW;
        os << llvm::formatv("{0:F1},{1:F1} {0:F1},{2:F1} ", x,
                            top + plotH - double(k) / n * plotH,
                            top + plotH - double(k + 1) / n * plotH);
      }
      os << "\"/>\n";
    }
    os << llvm::formatv(
        "<text x=\"{0}\" y=\"{1}\" fill=\"{2}\"{3}>w{4} r{5}: {6}/{7} fit, "
        "mean {8}</text>\n",
        left + plotW + 10, top + 12 + 14 * legend++, color,
        best ? " font-weight=\"bold\"" : "", r.width, r.resolution,
        r.fittingMacs.size(), r.samples, humanMacs(r.mean()));
  }
  os << "</svg>\n";
  return svg;
}

/// Writes `text` to `path` through a temporary file and a rename.
bool writeAtomically(const std::string &path, const std::string &text) {
  std::string tmp = path + ".tmp";
  std::error_code ec;
  {
    llvm::raw_fd_ostream os(tmp, ec);
    if (ec) {
      llvm::errs() << "error: cannot write '" << tmp << "': " << ec.message()
                   << "\n";
      return false;
    }
    os << text;
  }
  if ((ec = llvm::sys::fs::rename(tmp, path))) {
    llvm::errs() << "error: cannot write '" << path << "': " << ec.message()
                 << "\n";
    return false;
  }
  return true;
}

} // namespace

int mcunet::nas::runSpaceStage(const SpaceStageOptions &o) {
  std::string jsonPath = o.outDir + "/space.json";
  std::string svgPath = o.outDir + "/space_cdf.svg";
  llvm::json::Object options = optionsJSON(o);
  // The checkpoint: a finished stage with the same options is not redone.
  if (!o.force) {
    if (auto buffer = llvm::MemoryBuffer::getFile(jsonPath)) {
      auto old = llvm::json::parse((*buffer)->getBuffer());
      if (old) {
        if (auto *obj = old->getAsObject()) {
          const llvm::json::Value *opts = obj->get("options");
          if (opts && *opts == llvm::json::Value(llvm::json::Object(options))) {
            llvm::outs() << "space: done before with the same options ("
                         << jsonPath << "); --force redoes it\n";
            return 0;
          }
        }
      } else {
        llvm::consumeError(old.takeError());
      }
    }
  }
  if (std::error_code ec = llvm::sys::fs::create_directories(o.outDir)) {
    llvm::errs() << "error: cannot create '" << o.outDir
                 << "': " << ec.message() << "\n";
    return 1;
  }

  MeasureOptions measure;
  measure.fused = o.fused;
  measure.maxOverhead = o.maxOverhead;
  measure.arenaTarget = std::max<int64_t>(1, o.sramBytes - o.stackReserve);
  // One (width, resolution) a task; each worker thread has its own context.
  std::vector<SpaceResult> results(o.widths.size() * o.resolutions.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex lock;
  std::string failure;
  auto start = std::chrono::steady_clock::now();
  auto worker = [&]() {
    mlir::MLIRContext context;
    prepareContext(context);
    for (size_t task; !failed && (task = next++) < results.size();) {
      size_t wi = task / o.resolutions.size(), ri = task % o.resolutions.size();
      SpaceResult &r = results[task];
      r.width = o.widths[wi];
      r.resolution = o.resolutions[ri];
      r.samples = o.samples;
      std::mt19937_64 rng(o.seed * 1000003 + wi * 1009 + ri);
      auto t0 = std::chrono::steady_clock::now();
      for (int i = 0; i < o.samples && !failed; ++i) {
        SubnetConfig config = sampleSubnet(o.space, r.width, r.resolution, rng);
        Measurement m;
        std::string error;
        if (mlir::failed(
                measureSubnet(context, o.space, config, measure, m, error))) {
          std::lock_guard<std::mutex> guard(lock);
          failed = true;
          failure = "error: the compiler rejected subnet " + describe(config) +
                    ":\n" + error;
          return;
        }
        int64_t sram = m.arenaBytes + o.stackReserve;
        int64_t flash = m.weightsBytes + o.codeReserve;
        if (i == 0 || sram < r.smallestSram)
          r.smallestSram = sram;
        if (i == 0 || flash < r.smallestFlash)
          r.smallestFlash = flash;
        if (sram <= o.sramBytes && flash <= o.flashBytes) {
          r.fittingMacs.push_back(m.macs);
          if (o.writeSubnets)
            r.fitting.emplace_back(m.macs, m.arenaBytes, config);
        }
      }
      r.seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
              .count();
      std::sort(r.fittingMacs.begin(), r.fittingMacs.end());
      if (!o.quiet) {
        std::lock_guard<std::mutex> guard(lock);
        llvm::errs() << llvm::formatv(
            "space: width {0} resolution {1}: {2}/{3} fit, mean {4} MACs "
            "({5:F2} ms a subnet)\n",
            r.width, r.resolution, r.fittingMacs.size(), r.samples,
            humanMacs(r.mean()), 1000 * r.seconds / r.samples);
      }
    }
  };
  unsigned jobs = std::max(1u, std::min<unsigned>(o.jobs, results.size()));
  std::vector<std::thread> threads;
  for (unsigned j = 1; j < jobs; ++j)
    threads.emplace_back(worker);
  worker();
  for (std::thread &t : threads)
    t.join();
  if (failed) {
    llvm::errs() << failure;
    return 1;
  }
  int64_t candidates = int64_t(o.samples) * results.size();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();

  int chosen = -1;
  for (size_t i = 0; i < results.size(); ++i)
    if (results[i].fitFraction() >= o.minFitFraction &&
        (chosen < 0 || results[i].mean() > results[chosen].mean()))
      chosen = static_cast<int>(i);

  llvm::json::Array table;
  llvm::outs() << llvm::formatv("{0,-6} {1,-10} {2,12} {3,12} {4,12} {5,12} "
                                "{6,12} {7,12}\n",
                                "width", "resolution", "fit", "mean MACs",
                                "p10 MACs", "p90 MACs", "min SRAM",
                                "min flash");
  for (size_t i = 0; i < results.size(); ++i) {
    const SpaceResult &r = results[i];
    llvm::json::Array cdf;
    for (int64_t m : r.fittingMacs)
      cdf.push_back(m);
    table.push_back(
        llvm::json::Object{{"width", r.width},
                           {"resolution", r.resolution},
                           {"samples", r.samples},
                           {"fit", static_cast<int64_t>(r.fittingMacs.size())},
                           {"fit_fraction", r.fitFraction()},
                           {"macs_mean", r.mean()},
                           {"macs_p10", r.quantile(0.1)},
                           {"macs_p50", r.quantile(0.5)},
                           {"macs_p90", r.quantile(0.9)},
                           {"smallest_sram_bytes", r.smallestSram},
                           {"smallest_flash_bytes", r.smallestFlash},
                           {"seconds", r.seconds},
                           {"fitting_macs_sorted", std::move(cdf)}});
    llvm::outs() << llvm::formatv(
        "{0,-6} {1,-10} {2,12} {3,12} {4,12} {5,12} {6,12} {8,12}{7}\n",
        r.width, r.resolution,
        llvm::formatv("{0}/{1}", r.fittingMacs.size(), r.samples).str(),
        humanMacs(r.mean()), humanMacs(r.quantile(0.1)),
        humanMacs(r.quantile(0.9)), r.smallestSram,
        static_cast<int>(i) == chosen ? "  <- chosen" : "", r.smallestFlash);
  }
  llvm::outs() << llvm::formatv(
      "space: {0} subnets measured in {1:F1} s ({2:F2} ms each, {3:F1} s per "
      "thousand)\n",
      candidates, seconds, 1000 * seconds / std::max<int64_t>(1, candidates),
      seconds * 1000 / std::max<int64_t>(1, candidates));
  llvm::json::Object out{
      {"options", std::move(options)},
      {"spaces", std::move(table)},
      {"candidates", candidates},
      {"seconds", seconds},
      {"ms_per_candidate", 1000 * seconds / std::max<int64_t>(1, candidates)}};
  if (chosen >= 0) {
    out["chosen"] =
        llvm::json::Object{{"width", results[chosen].width},
                           {"resolution", results[chosen].resolution}};
    llvm::outs() << llvm::formatv("space: chosen width {0}, resolution {1}\n",
                                  results[chosen].width,
                                  results[chosen].resolution);
  } else {
    out["chosen"] = nullptr;
    llvm::outs() << llvm::formatv(
        "space: no space has {0:P0} of its subnets within the budget\n",
        o.minFitFraction);
  }
  if (chosen >= 0 && o.writeSubnets > 0) {
    // The chosen space's largest fitting subnets, as te modules that
    // mcunet-compile and mcunet-opt read.
    auto &fit = results[chosen].fitting;
    // Most MACs first; ties in sampling order (the vector's order), so
    // the order does not depend on the sort's.
    std::vector<size_t> order(fit.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return std::get<0>(fit[a]) != std::get<0>(fit[b])
                 ? std::get<0>(fit[a]) > std::get<0>(fit[b])
                 : a < b;
    });
    std::string dir = o.outDir + "/subnets";
    if (std::error_code ec = llvm::sys::fs::create_directories(dir)) {
      llvm::errs() << "error: cannot create '" << dir << "': " << ec.message()
                   << "\n";
      return 1;
    }
    llvm::json::Array written;
    for (size_t k = 0; k < order.size() && k < o.writeSubnets; ++k) {
      auto &[macs, arena, config] = fit[order[k]];
      std::string name = llvm::formatv("subnet_{0}.mlir", k).str();
      if (!writeAtomically(dir + "/" + name, subnetToMLIR(o.space, config)))
        return 1;
      written.push_back(llvm::json::Object{{"file", "subnets/" + name},
                                           {"subnet", describe(config)},
                                           {"macs", macs},
                                           {"arena_bytes", arena}});
    }
    llvm::outs() << llvm::formatv("space: wrote {0} subnets to {1}\n",
                                  written.size(), dir);
    out["subnets"] = std::move(written);
  }
  std::string json;
  llvm::raw_string_ostream jos(json);
  jos << llvm::formatv("{0:2}", llvm::json::Value(std::move(out))) << "\n";
  if (!writeAtomically(svgPath, renderCdf(results, chosen, o)) ||
      !writeAtomically(jsonPath, json))
    return 1;
  return chosen >= 0 ? 0 : 3;
}
