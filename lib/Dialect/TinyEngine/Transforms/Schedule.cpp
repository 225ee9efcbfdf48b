//===- Schedule.cpp - memory-minimising op order --------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Implements --te-schedule. The graph's nodes are the computing ops
// (constants and reshapes follow their users); a node's buffer is its
// result, read by the nodes that use it directly or through reshapes. The
// live bytes of a set S of executed nodes are those of the inputs and
// results still to be read (or returned); running node v from S costs
// live(S) + its output + its scratch, less what running it in place saves.
// The exact search keeps, for every reachable set, the smallest peak over
// all orders that reach it, level by level (|S| = 0, 1, ...).
//
//===----------------------------------------------------------------------===//

#include "mcunet/Dialect/TinyEngine/Analysis/Memory.h"
#include "mcunet/Dialect/TinyEngine/IR/TinyEngineOps.h"
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/FormatVariadic.h"

#include <functional>
#include <map>
#include <numeric>

namespace mcunet::te {
#define GEN_PASS_DEF_TINYENGINESCHEDULE
#include "mcunet/Dialect/TinyEngine/Transforms/Passes.h.inc"
} // namespace mcunet::te

using namespace mlir;
using namespace mcunet::te;

namespace {

using State = std::vector<uint64_t>;

bool has(const State &s, unsigned i) { return (s[i / 64] >> (i % 64)) & 1; }
void set(State &s, unsigned i) { s[i / 64] |= uint64_t(1) << (i % 64); }

/// A buffer of the scheduling graph: an input or a node's result.
struct Buf {
  int64_t size = 0;
  SmallVector<unsigned> readers; ///< Nodes that read it.
  bool returned = false;
  int producer = -1; ///< Node index, -1 for an input.
};

struct Node {
  Operation *op;
  unsigned buf;                ///< Its result buffer.
  SmallVector<unsigned> preds; ///< Producing nodes of its operands.
  SmallVector<unsigned> reads; ///< Buffers it reads.
  /// Buffers it may overwrite in place (candidates), and its scratch then.
  SmallVector<unsigned> inplaceBufs;
  int64_t inplaceScratch = 0;
};

class Graph {
public:
  /// Builds the graph; fails (silently: the pass then leaves the order) on
  /// ops it does not know.
  LogicalResult build(func::FuncOp func, bool inplace) {
    Block &block = func.getBody().front();
    llvm::DenseMap<Value, unsigned> bufOf;
    for (BlockArgument arg : block.getArguments()) {
      bufOf[arg] = bufs.size();
      bufs.push_back({getTensorBytes(arg.getType()), {}, false, -1});
    }
    for (Operation &op : block) {
      if (op.hasTrait<OpTrait::IsTerminator>()) {
        for (Value v : op.getOperands())
          if (auto it = bufOf.find(getBufferRoot(v)); it != bufOf.end())
            bufs[it->second].returned = true;
        continue;
      }
      if (!isa<TinyEngineDialect>(op.getDialect()) || op.getNumResults() != 1)
        return failure();
      if (isa<ConstantOp, ReshapeOp>(op))
        continue;
      Node node{&op, static_cast<unsigned>(bufs.size()), {}, {}, {}, 0};
      for (Value v : op.getOperands()) {
        auto it = bufOf.find(getBufferRoot(v));
        if (it == bufOf.end())
          continue; // A constant.
        if (!llvm::is_contained(node.reads, it->second))
          node.reads.push_back(it->second);
        int p = bufs[it->second].producer;
        if (p >= 0 && !llvm::is_contained(node.preds, unsigned(p)))
          node.preds.push_back(p);
      }
      unsigned self = nodes.size();
      for (unsigned b : node.reads)
        bufs[b].readers.push_back(self);
      if (inplace) {
        for (unsigned k : getInplaceCandidates(&op)) {
          auto it = bufOf.find(getBufferRoot(op.getOperand(k)));
          if (it != bufOf.end())
            node.inplaceBufs.push_back(it->second);
        }
        node.inplaceScratch = getInplaceScratchBytes(&op);
      }
      bufOf[op.getResult(0)] = node.buf;
      bufs.push_back({getTensorBytes(op.getResult(0).getType()),
                      {},
                      false,
                      static_cast<int>(self)});
      nodes.push_back(std::move(node));
    }
    words = (nodes.size() + 63) / 64;
    return success();
  }

  /// Live bytes before anything runs: the inputs.
  int64_t initialLive() const {
    int64_t live = 0;
    for (const Buf &b : bufs)
      if (b.producer < 0 && (b.returned || !b.readers.empty()))
        live += b.size;
    return live;
  }

  bool ready(const State &s, unsigned v) const {
    if (has(s, v))
      return false;
    for (unsigned p : nodes[v].preds)
      if (!has(s, p))
        return false;
    return true;
  }

  /// True if every reader of `b` but `except` has run in `s`.
  bool doneExcept(const State &s, unsigned b, unsigned except) const {
    for (unsigned r : bufs[b].readers)
      if (r != except && !has(s, r))
        return false;
    return true;
  }

  /// Bytes needed while `v` runs from `s` (live before = `live`), and the
  /// live bytes after it.
  std::pair<int64_t, int64_t> step(const State &s, int64_t live,
                                   unsigned v) const {
    const Node &n = nodes[v];
    int64_t out = bufs[n.buf].size;
    int64_t cost = live + out;
    for (unsigned b : n.inplaceBufs)
      if (!bufs[b].returned && doneExcept(s, b, v))
        cost =
            std::min(cost, live - bufs[b].size + std::max(bufs[b].size, out) +
                               n.inplaceScratch);
    int64_t after = live;
    if (bufs[n.buf].returned || !bufs[n.buf].readers.empty())
      after += out;
    for (unsigned b : n.reads)
      if (!bufs[b].returned && doneExcept(s, b, v))
        after -= bufs[b].size;
    return {cost, after};
  }

  /// Peak of running `order`.
  int64_t peakOf(ArrayRef<unsigned> order) const {
    State s(words, 0);
    int64_t live = initialLive(), peak = live;
    for (unsigned v : order) {
      auto [cost, after] = step(s, live, v);
      peak = std::max(peak, cost);
      live = after;
      set(s, v);
    }
    return peak;
  }

  /// Exact search; returns false if it would visit more than `maxStates`.
  bool exact(int64_t maxStates, SmallVectorImpl<unsigned> &order,
             int64_t &visited) const {
    struct Entry {
      int64_t peak, live;
      int parent; ///< Index in `entries`.
      unsigned node;
    };
    std::vector<Entry> entries;
    std::map<State, unsigned> level;
    level[State(words, 0)] = 0;
    entries.push_back({initialLive(), initialLive(), -1, 0});
    visited = 1;
    for (size_t k = 0; k < nodes.size(); ++k) {
      std::map<State, unsigned> next;
      for (const auto &[s, e] : level) {
        for (unsigned v = 0; v < nodes.size(); ++v) {
          if (!ready(s, v))
            continue;
          auto [cost, after] = step(s, entries[e].live, v);
          int64_t peak = std::max(entries[e].peak, cost);
          State t = s;
          set(t, v);
          auto [it, inserted] = next.try_emplace(t, entries.size());
          if (inserted) {
            entries.push_back({peak, after, static_cast<int>(e), v});
            if (++visited > maxStates)
              return false;
          } else if (peak < entries[it->second].peak) {
            entries[it->second] = {peak, after, static_cast<int>(e), v};
          }
        }
      }
      level = std::move(next);
    }
    order.clear();
    for (int e = level.begin()->second; entries[e].parent >= 0;
         e = entries[e].parent)
      order.push_back(entries[e].node);
    std::reverse(order.begin(), order.end());
    return true;
  }

  /// The documented heuristic: the ready node with the cheapest step, then
  /// the fewest live bytes after it, then the earliest in the input order.
  void greedy(SmallVectorImpl<unsigned> &order) const {
    State s(words, 0);
    int64_t live = initialLive();
    order.clear();
    for (size_t k = 0; k < nodes.size(); ++k) {
      int best = -1;
      std::pair<int64_t, int64_t> bestStep;
      for (unsigned v = 0; v < nodes.size(); ++v) {
        if (!ready(s, v))
          continue;
        auto st = step(s, live, v);
        if (best < 0 || st < bestStep) {
          best = v;
          bestStep = st;
        }
      }
      order.push_back(best);
      live = bestStep.second;
      set(s, best);
    }
  }

  std::vector<Buf> bufs;
  std::vector<Node> nodes;
  size_t words = 0;
};

/// Moves the ops of `func` into `order` (node indices); constants and
/// reshapes go right before their first user, unused ones at the end.
void reorder(func::FuncOp func, const Graph &graph, ArrayRef<unsigned> order) {
  Block &block = func.getBody().front();
  Operation *terminator = block.getTerminator();
  llvm::SetVector<Operation *> placed;
  std::function<void(Operation *)> place = [&](Operation *op) {
    if (placed.contains(op))
      return;
    for (Value v : op->getOperands())
      if (Operation *def = v.getDefiningOp())
        if (isa<ConstantOp, ReshapeOp>(def))
          place(def);
    placed.insert(op);
  };
  for (unsigned v : order)
    place(graph.nodes[v].op);
  for (Operation &op : block)
    if (&op != terminator)
      place(&op);
  for (Operation *op : placed)
    op->moveBefore(terminator);
}

struct SchedulePass : mcunet::te::impl::TinyEngineScheduleBase<SchedulePass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (!func.getBody().hasOneBlock())
      return;
    Graph graph;
    if (failed(graph.build(func, inplace)))
      return; // Not a te graph: leave the order alone.
    SmallVector<unsigned> input(graph.nodes.size());
    std::iota(input.begin(), input.end(), 0);
    int64_t inputPeak = graph.peakOf(input);

    SmallVector<unsigned> order;
    int64_t visited = 0;
    bool exact = graph.exact(maxStates, order, visited);
    if (!exact)
      graph.greedy(order);
    int64_t peak = graph.peakOf(order);
    if (peak >= inputPeak) {
      order = input;
      peak = inputPeak;
    }
    if (order != input)
      reorder(func, graph, order);

    if (report) {
      std::string names;
      Block &block = func.getBody().front();
      int64_t position = 0;
      for (Operation &op : block) {
        if (llvm::any_of(graph.nodes,
                         [&](const Node &n) { return n.op == &op; }))
          names += (names.empty() ? "" : ", ") + getMemoryLabel(&op, position);
        ++position;
      }
      func.emitRemark() << llvm::formatv(
          "schedule: peak {0} B (input order {1} B), {2}; order: {3}", peak,
          inputPeak,
          exact ? llvm::formatv("exact search over {0} states", visited).str()
                : llvm::formatv("greedy heuristic (exact search stopped at "
                                "{0} states)",
                                static_cast<int64_t>(maxStates))
                      .str(),
          names);
    }
  }
};

} // namespace
