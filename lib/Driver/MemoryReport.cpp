//===- MemoryReport.cpp - live bytes, arena chart, SRAM budget ------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "mcunet/Driver/MemoryReport.h"

#include "mcunet/Dialect/TinyEngine/Analysis/Memory.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mcunet;
using namespace mcunet::report;

FailureOr<MemoryReport> mcunet::report::buildMemoryReport(
    func::FuncOp func, ArrayRef<std::pair<std::string, Operation *>> layers) {
  FailureOr<te::MemoryProblem> problem = te::buildMemoryProblem(func);
  if (failed(problem) || failed(te::readPlannedOffsets(func, *problem)))
    return failure();
  MemoryReport report;
  report.arenaBytes =
      func->getAttrOfType<IntegerAttr>(te::kArenaSizeAttr).getInt();
  // The pipeline places buffers at multiples of 8 bytes (te-plan-memory's
  // default alignment): the bound with the same constraint.
  report.lowerBound = problem->lowerBound(/*alignment=*/8);
  if (layers.empty())
    return report;

  // Op position -> index of the last layer at or before it.
  llvm::DenseMap<Operation *, unsigned> layerOf;
  for (auto [k, layer] : llvm::enumerate(layers))
    layerOf[layer.second] = k;
  std::vector<unsigned> layerAt;
  std::vector<int64_t> layerPosition;
  unsigned current = 0;
  int64_t position = 0;
  for (Operation &op : func.getBody().front()) {
    if (auto it = layerOf.find(&op); it != layerOf.end()) {
      current = it->second;
      layerPosition.push_back(position);
    }
    layerAt.push_back(current);
    ++position;
  }

  SmallVector<int64_t> live = problem->liveBytes();
  for (auto [k, layer] : llvm::enumerate(layers)) {
    report.layers.push_back(layer.first);
    int64_t p = layerPosition[k];
    report.liveBytes.push_back(live[p]);
    std::vector<unsigned> ids;
    for (unsigned b : problem->liveAt(p))
      ids.push_back(b);
    report.liveBuffers.push_back(std::move(ids));
  }
  report.peakLayer =
      std::max_element(report.liveBytes.begin(), report.liveBytes.end()) -
      report.liveBytes.begin();

  for (const te::ArenaBuffer &b : problem->buffers) {
    ReportBuffer r;
    switch (b.kind) {
    case te::ArenaBuffer::Kind::Input:
      r.kind = "input";
      r.name = b.label;
      break;
    case te::ArenaBuffer::Kind::Result:
      r.kind = "tensor";
      r.name = layers[layerOf.lookup(b.owner)].first;
      break;
    case te::ArenaBuffer::Kind::Scratch:
      r.kind = "scratch";
      r.name = layers[layerOf.lookup(b.owner)].first + " (scratch)";
      break;
    }
    r.offset = b.offset;
    r.bytes = b.size;
    r.firstLayer = layerAt[b.first];
    r.lastLayer = std::max<int64_t>(r.firstLayer, layerAt[b.last]);
    report.buffers.push_back(std::move(r));
  }
  return report;
}

llvm::json::Object mcunet::report::toJSON(const MemoryReport &report,
                                          std::optional<int64_t> budget) {
  llvm::json::Array layers, buffers;
  for (size_t k = 0; k < report.layers.size(); ++k) {
    llvm::json::Array live;
    for (unsigned b : report.liveBuffers[k])
      live.push_back(report.buffers[b].name);
    layers.push_back(llvm::json::Object{{"name", report.layers[k]},
                                        {"live_bytes", report.liveBytes[k]},
                                        {"live_buffers", std::move(live)}});
  }
  for (const ReportBuffer &b : report.buffers)
    buffers.push_back(llvm::json::Object{{"name", b.name},
                                         {"kind", b.kind},
                                         {"offset", b.offset},
                                         {"bytes", b.bytes},
                                         {"first_layer", b.firstLayer},
                                         {"last_layer", b.lastLayer}});
  llvm::json::Object obj{{"arena_bytes", report.arenaBytes},
                         {"lower_bound_bytes", report.lowerBound},
                         {"peak_layer", report.layers.empty()
                                            ? std::string()
                                            : report.layers[report.peakLayer]},
                         {"layers", std::move(layers)},
                         {"buffers", std::move(buffers)}};
  if (budget)
    obj["sram_budget_bytes"] = *budget;
  if (const auto &base = report.layerwise) {
    llvm::json::Array baseLayers;
    for (size_t k = 0; k < base->layers.size(); ++k)
      baseLayers.push_back(llvm::json::Object{
          {"name", base->layers[k]}, {"live_bytes", base->liveBytes[k]}});
    obj["layerwise"] = llvm::json::Object{
        {"arena_bytes", base->arenaBytes},
        {"macs", base->macs},
        {"peak_layer",
         base->layers.empty() ? std::string() : base->layers[base->peakLayer]},
        {"layers", std::move(baseLayers)}};
    obj["extra_macs"] = report.extraMacs;
  }
  return obj;
}

std::optional<int64_t> mcunet::report::parseByteSize(StringRef text) {
  text = text.trim();
  StringRef number =
      text.take_while([](char c) { return llvm::isDigit(c) || c == '.'; });
  StringRef unit = text.drop_front(number.size()).trim();
  double value;
  if (number.empty() || number.getAsDouble(value) || value < 0)
    return std::nullopt;
  std::string u = unit.lower();
  double scale = 1;
  if (u.empty() || u == "b")
    scale = 1;
  else if (u == "k" || u == "kb" || u == "kib")
    scale = 1024;
  else if (u == "m" || u == "mb" || u == "mib")
    scale = 1024 * 1024;
  else
    return std::nullopt;
  return static_cast<int64_t>(std::llround(value * scale));
}

std::string mcunet::report::explainBudgetMiss(const MemoryReport &report,
                                              int64_t needed, int64_t budget,
                                              StringRef what) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::formatv("the model needs {0} bytes of SRAM ({1}), {2} bytes "
                      "more than the budget of {3} bytes",
                      needed, what, needed - budget, budget);
  if (report.layers.empty())
    return text;
  unsigned p = report.peakLayer;
  os << llvm::formatv(";\n  the peak is at layer {0}, where {1} bytes are "
                      "live:",
                      report.layers[p], report.liveBytes[p]);
  std::vector<unsigned> live = report.liveBuffers[p];
  llvm::sort(live, [&](unsigned a, unsigned b) {
    if (report.buffers[a].bytes != report.buffers[b].bytes)
      return report.buffers[a].bytes > report.buffers[b].bytes;
    return a < b;
  });
  for (unsigned b : live)
    os << llvm::formatv("\n    {0,-48} {1,10} bytes ({2})",
                        report.buffers[b].name, report.buffers[b].bytes,
                        report.buffers[b].kind);
  return text;
}

//===----------------------------------------------------------------------===//
// SVG
//===----------------------------------------------------------------------===//

static std::string escape(StringRef s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '&':
      out += "&amp;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

/// "12.5 KB" style.
static std::string humanBytes(double bytes) {
  if (bytes >= 1024 * 1024)
    return llvm::formatv("{0:F2} MB", bytes / (1024 * 1024)).str();
  if (bytes >= 1024)
    return llvm::formatv("{0:F1} KB", bytes / 1024).str();
  return llvm::formatv("{0} B", static_cast<int64_t>(bytes)).str();
}

/// A round tick step for an axis up to `max` bytes: 1, 2, 2.5 or 5 times a
/// power of ten of the unit the labels use (B, KB or MB).
static double tickStep(double max) {
  double unit = max >= 1024 * 1024 ? 1024 * 1024 : max >= 1024 ? 1024 : 1;
  double raw = max / unit / 5;
  double magnitude = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * magnitude >= raw)
      return m * magnitude * unit;
  return 10 * magnitude * unit;
}

std::string mcunet::report::renderSVG(const MemoryReport &report,
                                      std::optional<int64_t> budget,
                                      StringRef title) {
  const double width = 1000, left = 90, right = 20,
               plotW = width - left - right;
  // With a layer-by-layer baseline, its bars come first (chart 0).
  const double baseTop = 60, baseH = report.layerwise ? 240 : 0;
  const double barTop = report.layerwise ? baseTop + baseH + 90 : 60,
               barH = 240, arenaTop = barTop + barH + 90, arenaH = 420,
               height = arenaTop + arenaH + 60;
  size_t n = std::max<size_t>(report.layers.size(), 1);
  double colW = plotW / n;
  std::string svg;
  llvm::raw_string_ostream os(svg);
  os << llvm::formatv("<svg xmlns=\"http://www.w3.org/2000/svg\" "
                      "width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
                      "font-family=\"sans-serif\" font-size=\"11\">\n",
                      width, height);
  os << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  os << llvm::formatv("<text x=\"{0}\" y=\"22\" font-size=\"15\" "
                      "font-weight=\"bold\">{1}</text>\n",
                      left, escape(title));

  auto yAxis = [&](double top, double h, double max, StringRef label) {
    double step = tickStep(max);
    for (double v = 0; v <= max * 1.0001; v += step) {
      double y = top + h - v / max * h;
      os << llvm::formatv("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:F1}\" "
                          "y2=\"{2:F1}\" stroke=\"#ddd\"/>\n",
                          left, left + plotW, y);
      os << llvm::formatv("<text x=\"{0}\" y=\"{1:F1}\" "
                          "text-anchor=\"end\">{2}</text>\n",
                          left - 6, y + 4, humanBytes(v));
    }
    os << llvm::formatv("<text transform=\"translate(16,{0:F1}) rotate(-90)\" "
                        "text-anchor=\"middle\">{1}</text>\n",
                        top + h / 2, label);
  };
  auto xAxis = [&](double y, size_t count = 0) {
    size_t columns = count ? count : n;
    double w = plotW / columns;
    size_t every = std::max<size_t>(1, columns / 20);
    for (size_t k = 0; k < columns; k += every)
      os << llvm::formatv("<text x=\"{0:F1}\" y=\"{1:F1}\" "
                          "text-anchor=\"middle\">{2}</text>\n",
                          left + (k + 0.5) * w, y + 14, k + 1);
    os << llvm::formatv("<text x=\"{0:F1}\" y=\"{1:F1}\" "
                        "text-anchor=\"middle\">layer</text>\n",
                        left + plotW / 2, y + 30);
  };
  auto hLine = [&](double top, double h, double max, double v, StringRef color,
                   StringRef label) {
    double y = top + h - v / max * h;
    os << llvm::formatv("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:F1}\" "
                        "y2=\"{2:F1}\" stroke=\"{3}\" stroke-width=\"1.5\" "
                        "stroke-dasharray=\"6 3\"/>\n",
                        left, left + plotW, y, color);
    os << llvm::formatv("<text x=\"{0}\" y=\"{1:F1}\" text-anchor=\"end\" "
                        "fill=\"{2}\">{3}</text>\n",
                        left + plotW, y - 4, color, escape(label));
  };

  // 1. Live bytes per layer.
  double maxLive = 1;
  for (int64_t b : report.liveBytes)
    maxLive = std::max<double>(maxLive, b);
  double top1 = std::max<double>(maxLive, report.arenaBytes);
  if (budget)
    top1 = std::max<double>(top1, *budget);
  if (const auto &base = report.layerwise)
    for (int64_t b : base->liveBytes)
      top1 = std::max<double>(top1, b);
  top1 *= 1.08;

  // 0. The same model layer by layer (before patch-based execution).
  if (const auto &base = report.layerwise) {
    size_t m = std::max<size_t>(base->layers.size(), 1);
    double w = plotW / m;
    os << llvm::formatv("<text x=\"{0}\" y=\"{1}\" font-size=\"13\">Layer "
                        "by layer (before): live bytes per layer, arena {2} "
                        "(peak at layer {3})</text>\n",
                        left, baseTop - 12, humanBytes(base->arenaBytes),
                        base->peakLayer + 1);
    yAxis(baseTop, baseH, top1, "live bytes");
    for (size_t k = 0; k < base->layers.size(); ++k) {
      double h = base->liveBytes[k] / top1 * baseH;
      os << llvm::formatv(
          "<rect x=\"{0:F1}\" y=\"{1:F1}\" width=\"{2:F1}\" "
          "height=\"{3:F1}\" fill=\"{4}\"><title>{5}: {6} bytes "
          "live</title></rect>\n",
          left + k * w + w * 0.1, baseTop + baseH - h, w * 0.8, h,
          k == base->peakLayer ? "#d62728" : "#9c9ede", escape(base->layers[k]),
          base->liveBytes[k]);
    }
    hLine(baseTop, baseH, top1, base->arenaBytes, "#555",
          "arena " + humanBytes(base->arenaBytes));
    if (budget)
      hLine(baseTop, baseH, top1, *budget, "#d62728",
            "SRAM budget " + humanBytes(*budget));
    xAxis(baseTop + baseH, m);
  }
  if (report.layerwise)
    os << llvm::formatv(
        "<text x=\"{0}\" y=\"{1}\" font-size=\"13\">Patch-based (after): "
        "live bytes per layer (peak {2} at layer {3}); {4:F2}x less arena, "
        "+{5} MACs</text>\n",
        left, barTop - 12, humanBytes(report.lowerBound), report.peakLayer + 1,
        report.arenaBytes
            ? double(report.layerwise->arenaBytes) / report.arenaBytes
            : 0.0,
        report.extraMacs);
  else
    os << llvm::formatv("<text x=\"{0}\" y=\"{1}\" font-size=\"13\">Live "
                        "bytes per layer (peak {2} at layer {3}, lower bound "
                        "of any plan)</text>\n",
                        left, barTop - 12, humanBytes(report.lowerBound),
                        report.peakLayer + 1);
  yAxis(barTop, barH, top1, "live bytes");
  for (size_t k = 0; k < report.layers.size(); ++k) {
    double h = report.liveBytes[k] / top1 * barH;
    os << llvm::formatv(
        "<rect x=\"{0:F1}\" y=\"{1:F1}\" width=\"{2:F1}\" height=\"{3:F1}\" "
        "fill=\"{4}\"><title>{5}: {6} bytes live</title></rect>\n",
        left + k * colW + colW * 0.1, barTop + barH - h, colW * 0.8, h,
        k == report.peakLayer ? "#d62728" : "#4e79a7", escape(report.layers[k]),
        report.liveBytes[k]);
  }
  hLine(barTop, barH, top1, report.arenaBytes, "#555",
        "arena " + humanBytes(report.arenaBytes));
  if (budget)
    hLine(barTop, barH, top1, *budget, "#d62728",
          "SRAM budget " + humanBytes(*budget));
  xAxis(barTop + barH);

  // 2. The arena: one rectangle per buffer, lifetime x offset.
  double top2 = std::max<double>(report.arenaBytes, 1);
  os << llvm::formatv("<text x=\"{0}\" y=\"{1}\" font-size=\"13\">Arena "
                      "({2}): each buffer over its lifetime</text>\n",
                      left, arenaTop - 12, humanBytes(report.arenaBytes));
  yAxis(arenaTop, arenaH, top2, "arena offset");
  os << llvm::formatv("<rect x=\"{0}\" y=\"{1}\" width=\"{2}\" "
                      "height=\"{3}\" fill=\"none\" stroke=\"#999\"/>\n",
                      left, arenaTop, plotW, arenaH);
  for (auto [i, b] : llvm::enumerate(report.buffers)) {
    double x = left + b.firstLayer * colW;
    double w = (b.lastLayer - b.firstLayer + 1) * colW;
    double h = std::max(1.0, b.bytes / top2 * arenaH);
    double y = arenaTop + arenaH - (b.offset + b.bytes) / top2 * arenaH;
    std::string fill =
        b.kind == "input" ? "#f28e2b"
        : b.kind == "scratch"
            ? "#bab0ac"
            : llvm::formatv("hsl({0},55%,62%)", (i * 47) % 360).str();
    os << llvm::formatv(
        "<rect x=\"{0:F1}\" y=\"{1:F1}\" width=\"{2:F1}\" height=\"{3:F1}\" "
        "fill=\"{4}\" stroke=\"white\" stroke-width=\"0.5\"><title>{5}: "
        "bytes [{7}, {8}), layers {9}-{10}, {6}</title></rect>\n",
        x, y, w, h, fill, escape(b.name), b.kind, b.offset, b.offset + b.bytes,
        b.firstLayer + 1, b.lastLayer + 1);
    // A label when it fits (about 6 px per character, 11 px high).
    if (h >= 12 && w >= 30) {
      std::string label = b.name;
      size_t fit = static_cast<size_t>((w - 4) / 6);
      if (label.size() > fit)
        label = label.substr(0, fit > 1 ? fit - 1 : 0) + "~";
      os << llvm::formatv("<text x=\"{0:F1}\" y=\"{1:F1}\" font-size=\"10\" "
                          "pointer-events=\"none\">{2}</text>\n",
                          x + 2, y + std::min(h / 2 + 4, 12.0), escape(label));
    }
  }
  if (budget && *budget <= top2)
    hLine(arenaTop, arenaH, top2, *budget, "#d62728",
          "SRAM budget " + humanBytes(*budget));
  xAxis(arenaTop + arenaH);
  os << "</svg>\n";
  return svg;
}
