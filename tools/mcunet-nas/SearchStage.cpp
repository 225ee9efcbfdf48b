//===- SearchStage.cpp - mcunet-nas search: evolution ---------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Evolution over the trained super network (MCUNet's recipe): a population
// of subnets that fit, the best `parents` kept, `crossover` children mixing
// two parents choice by choice, `mutation` children re-drawing each choice
// with probability p; only children that fit SRAM and flash (the compiler's
// own plan, in process) and the optional MAC bound enter. Fitness: accuracy
// on the validation split with inherited weights and BN statistics
// re-calibrated on 20 batches of 64 training images (the same batches for
// every candidate). Every evaluation is one line of DIR/search.jsonl; the
// stage resumes from it (evaluated candidates are not run again) and from
// DIR/search_state.json (the population after each generation).
//
//===----------------------------------------------------------------------===//

#include "Stages.h"

#include "mcunet/Driver/Compile.h"
#include "mcunet/NAS/Networks.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <map>
#include <random>

using namespace mcunet::nas;
using llvm::errs;
using llvm::outs;

namespace {

struct Candidate {
  SubnetConfig config;
  Measurement m;
  double accuracy = -1;
  int generation = 0;
};

/// Re-draws each choice with probability p (depth per stage; kernel and
/// expansion per block; new blocks drawn fresh).
SubnetConfig mutate(const SpaceOptions &space, const SubnetConfig &parent,
                    double p, std::mt19937_64 &rng) {
  std::uniform_real_distribution<double> u(0, 1);
  auto pick = [&](const std::vector<int> &v) {
    return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
  };
  SubnetConfig c = parent;
  for (auto &stage : c.stages) {
    if (u(rng) < p) {
      size_t depth = static_cast<size_t>(pick(space.depthChoices));
      while (stage.size() < depth)
        stage.push_back(
            BlockChoice{pick(space.kernelChoices), pick(space.expandChoices)});
      stage.resize(depth);
    }
    for (BlockChoice &b : stage) {
      if (u(rng) < p)
        b.kernel = pick(space.kernelChoices);
      if (u(rng) < p)
        b.expand = pick(space.expandChoices);
    }
  }
  return c;
}

/// Each stage's depth from either parent, each block's choices from either
/// parent where it has that block.
SubnetConfig crossover(const SubnetConfig &a, const SubnetConfig &b,
                       std::mt19937_64 &rng) {
  std::bernoulli_distribution coin(0.5);
  SubnetConfig c = a;
  for (size_t s = 0; s < c.stages.size(); ++s) {
    const auto &sa = a.stages[s], &sb = b.stages[s];
    size_t depth = coin(rng) ? sa.size() : sb.size();
    std::vector<BlockChoice> blocks;
    for (size_t j = 0; j < depth; ++j) {
      bool inA = j < sa.size(), inB = j < sb.size();
      const BlockChoice &pick =
          inA && inB ? (coin(rng) ? sa[j] : sb[j]) : (inA ? sa[j] : sb[j]);
      blocks.push_back(pick);
    }
    c.stages[s] = std::move(blocks);
  }
  return c;
}

/// Pareto front (maximise accuracy, minimise cost) of the points.
std::vector<size_t>
paretoFront(const std::vector<Candidate> &all,
            const std::function<double(const Candidate &)> &cost) {
  std::vector<size_t> order(all.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    return cost(all[x]) < cost(all[y]) ||
           (cost(all[x]) == cost(all[y]) && all[x].accuracy > all[y].accuracy);
  });
  std::vector<size_t> front;
  double best = -1;
  for (size_t i : order)
    if (all[i].accuracy > best) {
      front.push_back(i);
      best = all[i].accuracy;
    }
  return front;
}

std::string renderPareto(const std::vector<Candidate> &all,
                         const Candidate &winner, const SpaceState &st) {
  const int W = 900, H = 380, panelW = 420, top = 40, plotH = 280, left = 60;
  std::string svg = llvm::formatv(
      "<svg xmlns='http://www.w3.org/2000/svg' width='{0}' height='{1}' "
      "font-family='sans-serif' font-size='11'>\n"
      "<rect width='100%' height='100%' fill='white'/>\n"
      "<text x='10' y='18' font-size='13'>mcunet-nas search: {2} candidates "
      "evaluated (all fit {3} B SRAM, {4} B flash); validation accuracy "
      "with inherited weights</text>\n",
      W, H, all.size(), st.sramBytes, st.flashBytes);
  double accLo = 1, accHi = 0;
  for (const Candidate &c : all) {
    accLo = std::min(accLo, c.accuracy);
    accHi = std::max(accHi, c.accuracy);
  }
  if (accHi - accLo < 1e-3)
    accHi = accLo + 1e-3;
  auto panel = [&](int x0, const char *title,
                   const std::function<double(const Candidate &)> &cost,
                   double limit) {
    double lo = 1e300, hi = 0;
    for (const Candidate &c : all) {
      lo = std::min(lo, cost(c));
      hi = std::max(hi, cost(c));
    }
    if (limit > 0)
      hi = std::max(hi, limit);
    lo = std::min(lo, hi * 0.9);
    if (hi - lo < 1)
      hi = lo + 1;
    auto px = [&](double v) {
      return x0 + left + (v - lo) / (hi - lo) * (panelW - left - 10);
    };
    auto py = [&](double a) {
      return top + plotH - (a - accLo) / (accHi - accLo) * plotH;
    };
    svg += llvm::formatv("<text x='{0}' y='{1}'>{2}</text>\n", x0 + left,
                         top + plotH + 30, title);
    svg += llvm::formatv(
        "<line x1='{0}' y1='{1}' x2='{0}' y2='{2}' stroke='black'/>"
        "<line x1='{0}' y1='{2}' x2='{3}' y2='{2}' stroke='black'/>\n",
        x0 + left, top, top + plotH, x0 + panelW - 10);
    for (int k = 0; k <= 4; ++k) {
      double a = accLo + (accHi - accLo) * k / 4;
      svg += llvm::formatv("<text x='{0}' y='{1}' text-anchor='end'>{2:F1}%"
                           "</text>\n",
                           x0 + left - 4, py(a) + 4, 100 * a);
      double v = lo + (hi - lo) * k / 4;
      svg += llvm::formatv("<text x='{0}' y='{1}' text-anchor='middle'>{2:F0}k"
                           "</text>\n",
                           px(v), top + plotH + 14, v / 1000);
    }
    if (limit > 0)
      svg += llvm::formatv("<line x1='{0}' y1='{1}' x2='{0}' y2='{2}' "
                           "stroke='red' stroke-dasharray='4'/>\n",
                           px(limit), top, top + plotH);
    for (const Candidate &c : all)
      svg += llvm::formatv("<circle cx='{0:F1}' cy='{1:F1}' r='2' "
                           "fill='#8aa' opacity='0.6'/>\n",
                           px(cost(c)), py(c.accuracy));
    std::vector<size_t> front = paretoFront(all, cost);
    std::string points;
    for (size_t i : front)
      points += llvm::formatv("{0:F1},{1:F1} ", px(cost(all[i])),
                              py(all[i].accuracy));
    svg += "<polyline fill='none' stroke='#06c' stroke-width='1.5' points='" +
           points + "'/>\n";
    svg += llvm::formatv("<circle cx='{0:F1}' cy='{1:F1}' r='5' fill='none' "
                         "stroke='#c00' stroke-width='2'/>\n",
                         px(cost(winner)), py(winner.accuracy));
  };
  panel(
      0, "peak SRAM (arena + stack reserve), bytes; red: the budget",
      [&](const Candidate &c) {
        return static_cast<double>(c.m.arenaBytes + st.stackReserve);
      },
      static_cast<double>(st.sramBytes));
  panel(
      450, "MACs (blue: Pareto front, red circle: the winner)",
      [](const Candidate &c) { return static_cast<double>(c.m.macs); }, 0);
  svg += "</svg>\n";
  return svg;
}

} // namespace

int mcunet::nas::runSearchStage(const StageOptions &o, const SearchOptions &s) {
  try {
    SpaceState st;
    std::string error;
    if (!readSpaceState(o.dir, st, error)) {
      errs() << "error: search: " << error << "\n";
      return 1;
    }
    if (!fileExists(o.dir + "/train.json")) {
      errs() << "error: search: " << o.dir
             << "/train.json: no such file (run `mcunet-nas train` first)\n";
      return 1;
    }
    if (s.parents < 1 || s.population < s.parents || s.generations < 1) {
      errs() << "error: search: need 1 <= --parents <= --population and "
                "--generations >= 1\n";
      return 1;
    }
    setThreads(o.threads);
    Splits data = loadSplits(o.data, st.space);
    if (data.val.size() == 0) {
      errs() << "error: search: the validation split is empty (--val-size)\n";
      return 1;
    }
    SuperNet super(st.space, st.width);
    loadCheckpointModel(*super, o.dir + "/supernet.pt");
    auto batches =
        sampleBatches(data.train, s.calibrationBatches, s.calibrationBatchSize,
                      st.resolution, o.train.seed);
    mlir::MLIRContext context;
    prepareContext(context);
    MeasureOptions mo;
    mo.fused = st.fused;
    mo.maxOverhead = st.maxOverhead;

    std::string logPath = o.dir + "/search.jsonl";
    std::string statePath = o.dir + "/search_state.json";
    if (o.force) {
      std::remove(logPath.c_str());
      std::remove(statePath.c_str());
    }
    // Evaluations done before (resume).
    std::map<std::string, Candidate> cache;
    if (auto buffer = llvm::MemoryBuffer::getFile(logPath)) {
      llvm::SmallVector<llvm::StringRef> lines;
      (*buffer)->getBuffer().split(lines, '\n', -1, false);
      for (llvm::StringRef line : lines) {
        auto v = llvm::json::parse(line);
        if (!v) {
          llvm::consumeError(v.takeError());
          continue; // a line cut by a kill
        }
        const llvm::json::Object *obj = v->getAsObject();
        Candidate c;
        if (!obj || !obj->get("config") ||
            !configFromJSON(*obj->get("config"), c.config))
          continue;
        c.accuracy = obj->getNumber("val_accuracy").value_or(-1);
        c.m.arenaBytes = obj->getInteger("arena_bytes").value_or(0);
        c.m.weightsBytes = obj->getInteger("weights_bytes").value_or(0);
        c.m.macs = obj->getInteger("macs").value_or(0);
        c.generation =
            static_cast<int>(obj->getInteger("generation").value_or(0));
        cache[describe(c.config)] = c;
      }
    }
    std::error_code ec;
    llvm::raw_fd_ostream log(logPath, ec, llvm::sys::fs::OF_Append);
    if (ec) {
      errs() << "error: search: " << logPath << ": " << ec.message() << "\n";
      return 1;
    }

    int64_t measured = 0, evaluated = 0, rejected = 0;
    double measureSeconds = 0, evalSeconds = 0;
    auto clock = [] { return std::chrono::steady_clock::now(); };
    auto secondsSince = [&](auto t0) {
      return std::chrono::duration<double>(clock() - t0).count();
    };
    // Measures a config: does it fit? (cached)
    std::map<std::string, std::pair<bool, Measurement>> fitCache;
    auto fits = [&](const SubnetConfig &c, Measurement &m) -> bool {
      std::string key = describe(c);
      auto it = fitCache.find(key);
      if (it == fitCache.end()) {
        auto t0 = clock();
        std::string why;
        if (mlir::failed(measureSubnet(context, st.space, c, mo, m, why)))
          throw std::runtime_error("the compiler rejected " + key + ": " + why);
        measureSeconds += secondsSince(t0);
        ++measured;
        bool ok = fitsBudget(st, m) && (s.maxMacs <= 0 || m.macs <= s.maxMacs);
        it = fitCache.emplace(key, std::make_pair(ok, m)).first;
      }
      m = it->second.second;
      if (!it->second.first)
        ++rejected;
      return it->second.first;
    };
    auto evaluateCandidate = [&](Candidate &c, int generation) {
      std::string key = describe(c.config);
      auto it = cache.find(key);
      if (it != cache.end() && it->second.accuracy >= 0) {
        c.accuracy = it->second.accuracy;
        return;
      }
      auto t0 = clock();
      StaticNet net = extract(*super, c.config);
      net->recalibrate(batches);
      net->eval();
      c.accuracy =
          evaluate([&](const torch::Tensor &x) { return net->forward(x, {}); },
                   data.val, c.config.resolution);
      evalSeconds += secondsSince(t0);
      ++evaluated;
      c.generation = generation;
      cache[key] = c;
      log << llvm::json::Value(llvm::json::Object{
                 {"generation", generation},
                 {"config", configToJSON(c.config)},
                 {"val_accuracy", c.accuracy},
                 {"arena_bytes", c.m.arenaBytes},
                 {"sram_bytes", c.m.arenaBytes + st.stackReserve},
                 {"weights_bytes", c.m.weightsBytes},
                 {"flash_bytes", c.m.weightsBytes + st.codeReserve},
                 {"macs", c.m.macs}})
          << "\n";
      log.flush();
    };

    // The population: from the state file, else drawn at random.
    std::vector<Candidate> population;
    int startGeneration = 0;
    if (auto v = readJSON(statePath, error)) {
      const llvm::json::Object *obj = v->getAsObject();
      const llvm::json::Array *pop =
          obj ? obj->getArray("population") : nullptr;
      if (obj && pop) {
        startGeneration =
            static_cast<int>(obj->getInteger("generations_done").value_or(0));
        for (const auto &p : *pop) {
          Candidate c;
          if (configFromJSON(p, c.config) && fits(c.config, c.m))
            population.push_back(c);
        }
      }
    }
    std::mt19937_64 rng(o.train.seed * 31337ULL + uint64_t(startGeneration));
    auto tries = [&](int wanted) { return 1000 + 200 * wanted; };
    if (population.empty()) {
      startGeneration = 0;
      int attempts = 0;
      while (static_cast<int>(population.size()) < s.population &&
             attempts++ < tries(s.population)) {
        Candidate c;
        c.config = sampleSubnet(st.space, st.width, st.resolution, rng);
        if (fits(c.config, c.m))
          population.push_back(c);
      }
      if (population.empty()) {
        errs() << "error: search: none of " << attempts
               << " random subnets fits the budget (" << st.sramBytes
               << " B SRAM, " << st.flashBytes
               << " B flash): rerun `mcunet-nas space` with this budget\n";
        return 1;
      }
    }
    auto start = clock();
    Candidate best;
    for (int g = startGeneration; g < s.generations; ++g) {
      for (Candidate &c : population)
        evaluateCandidate(c, g);
      std::stable_sort(population.begin(), population.end(),
                       [](const Candidate &a, const Candidate &b) {
                         return a.accuracy > b.accuracy;
                       });
      best = population.front();
      if (!o.quiet)
        errs() << llvm::formatv(
            "search: generation {0}/{1}: best {2:F2}% ({3}, {4} MACs, arena "
            "{5} B), {6} evaluated, {7} rejected by the budget, {8:F0} s\n",
            g + 1, s.generations, 100 * best.accuracy, describe(best.config),
            best.m.macs, best.m.arenaBytes, evaluated, rejected,
            secondsSince(start));
      if (g + 1 == s.generations)
        break;
      std::vector<Candidate> parents(
          population.begin(),
          population.begin() +
              std::min<size_t>(population.size(),
                               static_cast<size_t>(s.parents)));
      std::vector<Candidate> next = parents;
      std::uniform_int_distribution<size_t> pickParent(0, parents.size() - 1);
      std::map<std::string, bool> taken;
      for (const Candidate &p : parents)
        taken[describe(p.config)] = true;
      auto addChildren = [&](int count, bool cross) {
        int added = 0, attempts = 0;
        while (added < count && attempts++ < tries(count)) {
          Candidate c;
          c.config = cross ? crossover(parents[pickParent(rng)].config,
                                       parents[pickParent(rng)].config, rng)
                           : mutate(st.space, parents[pickParent(rng)].config,
                                    s.mutateProbability, rng);
          if (taken.count(describe(c.config)) || !fits(c.config, c.m))
            continue;
          taken[describe(c.config)] = true;
          next.push_back(c);
          ++added;
        }
      };
      addChildren(s.mutation, false);
      addChildren(s.crossover, true);
      population = std::move(next);
      llvm::json::Array pop;
      for (const Candidate &c : population)
        pop.push_back(configToJSON(c.config));
      writeJSON(statePath, llvm::json::Object{{"generations_done", g + 1},
                                              {"population", std::move(pop)}});
    }

    if (best.accuracy < 0) { // every generation was done before
      for (Candidate &c : population)
        evaluateCandidate(c, s.generations - 1);
      std::stable_sort(population.begin(), population.end(),
                       [](const Candidate &a, const Candidate &b) {
                         return a.accuracy > b.accuracy;
                       });
      best = population.front();
    }
    // The winner is the most accurate member of the final population that
    // the whole compiler (mcunet-compile's driver: real stack and code size
    // of the generated C for the target) says fits.
    int64_t verifiedPeak = -1, verifiedFlash = -1;
    {
      bool found = false;
      for (const Candidate &c : population) {
        mcunet::driver::CompileOptions co;
        co.target = "cortex-m7";
        co.modelName = "subnet.mlir";
        co.schedule = st.fused ? "fused" : "layerwise";
        co.maxOverhead = st.maxOverhead;
        mlir::MLIRContext compileContext;
        mcunet::driver::CompileResult compiled;
        std::string text = subnetToMLIR(st.space, c.config);
        std::string diag;
        llvm::raw_string_ostream diagOs(diag);
        if (mlir::failed(mcunet::driver::compileModel(text, co, compileContext,
                                                      compiled, diagOs)))
          throw std::runtime_error("the compiler rejected " +
                                   describe(c.config) + ": " + diag);
        const llvm::json::Object *rep = compiled.report.getAsObject();
        int64_t peak = rep->getInteger("peak_sram_bytes").value_or(-1);
        int64_t flash = rep->getInteger("flash_weights_bytes").value_or(0) +
                        rep->getInteger("flash_code_bytes").value_or(0);
        bool ok = peak >= 0 && peak <= st.sramBytes && flash <= st.flashBytes;
        if (!o.quiet)
          errs() << llvm::formatv("search: compiled {0}: peak SRAM {1} B, "
                                  "flash {2} B: {3}\n",
                                  describe(c.config), peak, flash,
                                  ok ? "fits" : "does not fit");
        if (ok) {
          best = c;
          verifiedPeak = peak;
          verifiedFlash = flash;
          found = true;
          break;
        }
      }
      if (!found) {
        errs() << "error: search: no member of the final population fits "
                  "once compiled (the stack and code reserves of `mcunet-nas "
                  "space` are too small for this budget: raise "
                  "--stack-reserve/--code-reserve)\n";
        return 1;
      }
    }
    std::vector<Candidate> all;
    for (auto &kv : cache)
      all.push_back(kv.second);
    std::error_code sec;
    llvm::raw_fd_ostream svg(o.dir + "/pareto.svg", sec);
    if (!sec)
      svg << renderPareto(all, best, st);
    llvm::json::Array finalPop;
    for (const Candidate &c : population)
      finalPop.push_back(llvm::json::Object{{"config", configToJSON(c.config)},
                                            {"val_accuracy", c.accuracy},
                                            {"arena_bytes", c.m.arenaBytes},
                                            {"weights_bytes", c.m.weightsBytes},
                                            {"macs", c.m.macs}});
    if (s.writePopulation) {
      std::string dir = o.dir + "/population";
      llvm::sys::fs::create_directories(dir);
      for (size_t k = 0; k < population.size(); ++k) {
        std::error_code fec;
        llvm::raw_fd_ostream f(dir + "/subnet_" + std::to_string(k) + ".mlir",
                               fec);
        if (!fec)
          f << subnetToMLIR(st.space, population[k].config);
      }
    }
    outs() << llvm::formatv(
        "search: best {0} with {1:F2}% validation accuracy, {2} MACs, arena "
        "{3} B (+{4} B stack reserve <= {5} B), weights {6} B (+{7} B code "
        "reserve <= {8} B)\n",
        describe(best.config), 100 * best.accuracy, best.m.macs,
        best.m.arenaBytes, st.stackReserve, st.sramBytes, best.m.weightsBytes,
        st.codeReserve, st.flashBytes);
    outs() << llvm::formatv(
        "search: {0} evaluations now ({1:F2} s each), {2} compiler "
        "measurements ({3:F1} ms each)\n",
        evaluated, evaluated ? evalSeconds / evaluated : 0.0, measured,
        measured ? 1000 * measureSeconds / measured : 0.0);
    return writeJSON(
               o.dir + "/search.json",
               llvm::json::Object{
                   {"best",
                    llvm::json::Object{
                        {"config", configToJSON(best.config)},
                        {"val_accuracy", best.accuracy},
                        {"arena_bytes", best.m.arenaBytes},
                        {"weights_bytes", best.m.weightsBytes},
                        {"macs", best.m.macs},
                        {"compiled_peak_sram_bytes", verifiedPeak},
                        {"compiled_flash_bytes", verifiedFlash}}},
                   {"population", std::move(finalPop)},
                   {"options",
                    llvm::json::Object{
                        {"population", s.population},
                        {"parents", s.parents},
                        {"crossover", s.crossover},
                        {"mutation", s.mutation},
                        {"mutate_probability", s.mutateProbability},
                        {"generations", s.generations},
                        {"max_macs", s.maxMacs},
                        {"val_images", data.val.size()}}},
                   {"evaluated_total", static_cast<int64_t>(cache.size())}})
               ? 0
               : 1;
  } catch (const std::exception &e) {
    errs() << "error: search: " << e.what() << "\n";
    return 1;
  }
}
