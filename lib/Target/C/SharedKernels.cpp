//===- SharedKernels.cpp - one copy of identical layer code ---------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Layers with the same kernel, shapes and quantization print the same body
// but for the names of their constant arrays (weights, biases, tables).
// Such a group gets one function kNN_<kind> whose body reads the arrays
// through parameters t0, t1, ...; each layer keeps its lNN function (its
// comment, its name in traces and stack measurements), now one call.
//
//===----------------------------------------------------------------------===//

#include "Emitter.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

using namespace mcunet::c_emit;

namespace {

bool isIdentChar(char c) { return llvm::isAlnum(c) || c == '_'; }

/// A body with every constant array name (prefix_lNN_...) replaced by t0,
/// t1, ... in order of first use, and those names.
struct Normalized {
  std::string body;
  std::vector<std::string> tables;
};

Normalized normalize(llvm::StringRef body, llvm::StringRef prefix,
                     const std::map<std::string, std::string> &known) {
  Normalized n;
  std::string lead = (prefix + "_l").str();
  size_t pos = 0;
  while (pos < body.size()) {
    size_t at = body.find(lead, pos);
    if (at == llvm::StringRef::npos) {
      n.body += body.substr(pos).str();
      break;
    }
    size_t end = at;
    while (end < body.size() && isIdentChar(body[end]))
      ++end;
    std::string name = body.slice(at, end).str();
    bool starts = at == 0 || !isIdentChar(body[at - 1]);
    if (!starts || !known.count(name)) {
      n.body += body.slice(pos, end).str();
      pos = end;
      continue;
    }
    auto it = llvm::find(n.tables, name);
    size_t k = it - n.tables.begin();
    if (it == n.tables.end())
      n.tables.push_back(name);
    n.body += body.slice(pos, at).str() + "t" + std::to_string(k);
    pos = end;
  }
  return n;
}

/// "conv" of "l15_conv_conv2d_8_pointwise".
std::string kindOf(llvm::StringRef name) {
  return name.split('_').second.split('_').first.str();
}

} // namespace

std::string mcunet::c_emit::printLayerFunctions(
    llvm::ArrayRef<LayerText> layers, llvm::StringRef prefix,
    const std::map<std::string, std::string> &tables) {
  // Group the layers by parameters and normalized body.
  std::vector<Normalized> normalized;
  llvm::StringMap<std::vector<unsigned>> groups;
  std::vector<std::string> keys;
  for (auto [k, layer] : llvm::enumerate(layers)) {
    normalized.push_back(normalize(layer.body, prefix, tables));
    std::string key = layer.params + "\n" + normalized.back().body;
    for (const std::string &t : normalized.back().tables)
      key += "\n" + tables.at(t);
    keys.push_back(key);
    groups[key].push_back(k);
  }

  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::StringMap<std::string> sharedName; // key -> kNN_<kind>
  unsigned next = 1;
  for (auto [k, layer] : llvm::enumerate(layers)) {
    const std::vector<unsigned> &group = groups[keys[k]];
    if (group.size() < 2) {
      os << layer.header << "MCUNET_LAYER void " << layer.name << "("
         << layer.params << ") {\n"
         << layer.body << "}\n\n";
      continue;
    }
    const Normalized &n = normalized[k];
    auto [it, isNew] = sharedName.try_emplace(keys[k], "");
    if (isNew) {
      it->second = (next < 10 ? "k0" : "k") + std::to_string(next) + "_" +
                   kindOf(layer.name);
      ++next;
      os << "/*\n * " << it->second << ": one copy of the code of layers ";
      for (auto [j, member] : llvm::enumerate(group))
        os << (j ? (j + 1 == group.size() ? " and " : ", ") : "")
           << layers[member].index;
      os << "\n * (the same kernel, shapes and quantization); each passes "
            "its own constant\n * arrays.\n */\n";
      os << "MCUNET_LAYER void " << it->second << "(" << layer.params;
      for (auto [j, t] : llvm::enumerate(n.tables))
        os << ", const " << tables.at(t) << " *t" << j;
      os << ") {\n" << n.body << "}\n\n";
    }
    os << layer.header << "MCUNET_LAYER void " << layer.name << "("
       << layer.params << ") {\n  " << it->second << "(";
    // The parameters' names, in order: each is the last identifier of its
    // declaration ("const int8_t *input" -> "input").
    llvm::SmallVector<llvm::StringRef> decls;
    llvm::StringRef(layer.params).split(decls, ',', -1, false);
    bool first = true;
    for (llvm::StringRef decl : decls) {
      decl = decl.trim();
      size_t begin = decl.size();
      while (begin > 0 && isIdentChar(decl[begin - 1]))
        --begin;
      os << (first ? "" : ", ") << decl.drop_front(begin);
      first = false;
    }
    for (const std::string &t : n.tables)
      os << (first ? "" : ", ") << t, first = false;
    os << ");\n}\n\n";
  }
  return text;
}
