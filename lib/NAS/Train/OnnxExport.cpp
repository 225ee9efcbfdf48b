//===- OnnxExport.cpp - the quantized model as a QDQ ONNX file ------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "mcunet/NAS/Quantize.h"

#include "onnx/checker.h"
#include "onnx/onnx_pb.h"

#include <cstdio>
#include <fstream>
#include <set>
#include <stdexcept>

using namespace mcunet::nas;

namespace {

class GraphWriter {
public:
  explicit GraphWriter(onnx::GraphProto &g) : g_(g) {}

  void scalarF(const std::string &name, float v) {
    auto *t = g_.add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    t->add_float_data(v);
  }
  void scalarI8(const std::string &name, int v) {
    auto *t = g_.add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT8);
    t->add_int32_data(v);
  }
  void tensor(const std::string &name, const torch::Tensor &value,
              onnx::TensorProto::DataType type) {
    torch::Tensor c = value.contiguous();
    auto *t = g_.add_initializer();
    t->set_name(name);
    t->set_data_type(type);
    for (int64_t d : c.sizes())
      t->add_dims(d);
    t->set_raw_data(std::string(static_cast<const char *>(c.data_ptr()),
                                static_cast<size_t>(c.nbytes())));
  }
  onnx::NodeProto *node(const std::string &op, const std::string &name,
                        std::vector<std::string> in,
                        std::vector<std::string> out) {
    auto *n = g_.add_node();
    n->set_op_type(op);
    n->set_name(name);
    for (auto &s : in)
      n->add_input(s);
    for (auto &s : out)
      n->add_output(s);
    return n;
  }
  static void attr(onnx::NodeProto *n, const std::string &name, int64_t v) {
    auto *a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(v);
  }
  static void attr(onnx::NodeProto *n, const std::string &name,
                   std::vector<int64_t> v) {
    auto *a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t x : v)
      a->add_ints(x);
  }
  /// The float view of an int8 activation (one DequantizeLinear each).
  std::string dq(const std::string &t) {
    if (dequantized_.insert(t).second)
      node("DequantizeLinear", "dq_" + t, {t, t + "_scale", t + "_zp"},
           {t + "_dq"});
    return t + "_dq";
  }
  /// QuantizeLinear of `from` into the int8 tensor `to`.
  void q(const std::string &from, const std::string &to, const ActQuant &a) {
    scalarF(to + "_scale", a.scale);
    scalarI8(to + "_zp", a.zeroPoint);
    node("QuantizeLinear", "q_" + to, {from, to + "_scale", to + "_zp"}, {to});
  }

private:
  onnx::GraphProto &g_;
  std::set<std::string> dequantized_;
};

void valueInfo(onnx::ValueInfoProto *v, const std::string &name,
               std::vector<int64_t> shape) {
  v->set_name(name);
  auto *tt = v->mutable_type()->mutable_tensor_type();
  tt->set_elem_type(onnx::TensorProto::INT8);
  for (int64_t d : shape)
    tt->mutable_shape()->add_dim()->set_dim_value(d);
}

/// Layer names that read well in the generated C: stem, block0_dw,
/// s2b1_expand, ..., pool, fc.
std::vector<std::string> layerNames(const QuantizedModel &m) {
  std::vector<std::string> names;
  int stage = -1, block = 0;
  size_t n = m.layers.size();
  for (size_t i = 0; i < n; ++i) {
    const LayerShape &l = m.layers[i].shape;
    if (i == 0) {
      names.push_back("stem");
    } else if (i == 1) {
      names.push_back("block0_dw");
    } else if (i == 2) {
      names.push_back("block0_project");
    } else if (l.kind == LayerShape::Kind::Pool) {
      names.push_back("pool");
    } else if (l.kind == LayerShape::Kind::FullyConnected) {
      names.push_back("fc");
    } else if (l.kind == LayerShape::Kind::Add) {
      names.push_back(names.back().substr(0, names.back().rfind('_')) + "_add");
    } else if (l.kind == LayerShape::Kind::Conv && l.kernel == 1 && i + 1 < n &&
               m.layers[i + 1].shape.kind == LayerShape::Kind::Depthwise) {
      // An expansion starts a block; a stride or a channel change starts a
      // stage (the first block of every stage changes one of them).
      if (stage < 0 || l.inC != m.layers[i + 2].shape.outC ||
          m.layers[i + 1].shape.stride != 1) {
        ++stage;
        block = 0;
      } else {
        ++block;
      }
      names.push_back("s" + std::to_string(stage) + "b" +
                      std::to_string(block) + "_expand");
    } else if (l.kind == LayerShape::Kind::Depthwise) {
      names.push_back("s" + std::to_string(stage) + "b" +
                      std::to_string(block) + "_dw");
    } else if (l.kind == LayerShape::Kind::Conv && i + 1 < n &&
               names.back().size() > 3 &&
               names.back().compare(names.back().size() - 3, 3, "_dw") == 0) {
      names.push_back("s" + std::to_string(stage) + "b" +
                      std::to_string(block) + "_project");
    } else {
      names.push_back("last");
    }
  }
  return names;
}

} // namespace

void mcunet::nas::writeOnnx(const QuantizedModel &m, const std::string &path) {
  onnx::ModelProto model;
  model.set_ir_version(7);
  model.set_producer_name("mcunet-nas");
  auto *opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(13);
  onnx::GraphProto &g = *model.mutable_graph();
  g.set_name(m.name);
  GraphWriter w(g);
  std::vector<std::string> names = layerNames(m);

  valueInfo(g.add_input(), "input",
            {1, m.inChannels, m.resolution, m.resolution});
  w.scalarF("input_scale", m.input.scale);
  w.scalarI8("input_zp", m.input.zeroPoint);
  std::vector<std::string> outs;
  std::string x = "input";
  for (size_t i = 0; i < m.layers.size(); ++i) {
    const QuantLayer &l = m.layers[i];
    const LayerShape &s = l.shape;
    const std::string &name = names[i];
    bool last = i + 1 == m.layers.size();
    std::string out = last ? "logits" : name + "_q";
    std::string f = name + "_f";
    switch (s.kind) {
    case LayerShape::Kind::Conv:
    case LayerShape::Kind::Depthwise:
    case LayerShape::Kind::FullyConnected: {
      w.tensor(name + "_w", l.weight, onnx::TensorProto::INT8);
      w.tensor(name + "_w_scale", torch::tensor(l.weightScale),
               onnx::TensorProto::FLOAT);
      w.tensor(name + "_w_zp",
               torch::zeros({static_cast<int64_t>(l.weightScale.size())},
                            torch::kInt8),
               onnx::TensorProto::INT8);
      std::vector<float> bs;
      float sin = i == 0 ? m.input.scale : m.layers[i - 1].output.scale;
      for (float ws : l.weightScale)
        bs.push_back(sin * ws);
      w.tensor(name + "_b", l.bias, onnx::TensorProto::INT32);
      w.tensor(name + "_b_scale", torch::tensor(bs), onnx::TensorProto::FLOAT);
      w.tensor(name + "_b_zp",
               torch::zeros({static_cast<int64_t>(bs.size())}, torch::kInt32),
               onnx::TensorProto::INT32);
      GraphWriter::attr(w.node("DequantizeLinear", "dq_" + name + "_w",
                               {name + "_w", name + "_w_scale", name + "_w_zp"},
                               {name + "_w_dq"}),
                        "axis", int64_t(0));
      GraphWriter::attr(w.node("DequantizeLinear", "dq_" + name + "_b",
                               {name + "_b", name + "_b_scale", name + "_b_zp"},
                               {name + "_b_dq"}),
                        "axis", int64_t(0));
      std::string xin = w.dq(x);
      if (s.kind == LayerShape::Kind::FullyConnected) {
        GraphWriter::attr(
            w.node("Gemm", name, {xin, name + "_w_dq", name + "_b_dq"}, {f}),
            "transB", int64_t(1));
      } else {
        auto *n =
            w.node("Conv", name, {xin, name + "_w_dq", name + "_b_dq"}, {f});
        int64_t p = s.kernel / 2;
        GraphWriter::attr(n, "kernel_shape", {s.kernel, s.kernel});
        GraphWriter::attr(n, "strides", {s.stride, s.stride});
        GraphWriter::attr(n, "pads", {p, p, p, p});
        GraphWriter::attr(n, "dilations", {1, 1});
        GraphWriter::attr(n, "group",
                          s.kind == LayerShape::Kind::Depthwise ? s.inC : 1);
      }
      if (s.relu6) {
        w.scalarF(name + "_min", 0.0f);
        w.scalarF(name + "_max", 6.0f);
        w.node("Clip", "relu6_" + name, {f, name + "_min", name + "_max"},
               {name + "_act"});
        f = name + "_act";
      }
      w.q(f, out, l.output);
      break;
    }
    case LayerShape::Kind::Add:
      w.node("Add", name,
             {w.dq(x), w.dq(outs[static_cast<size_t>(s.skipFrom)])}, {f});
      w.q(f, out, l.output);
      break;
    case LayerShape::Kind::Pool: {
      w.node("GlobalAveragePool", name, {w.dq(x)}, {f});
      std::string pooled = name + "_q";
      w.q(f, pooled, l.output);
      // NCHW [1, C, 1, 1] -> [1, C] for the fully connected layer, same
      // quantization.
      GraphWriter::attr(
          w.node("Flatten", "flatten", {w.dq(pooled)}, {"flatten_f"}), "axis",
          int64_t(1));
      out = "flatten_q";
      w.q("flatten_f", out, l.output);
      break;
    }
    }
    outs.push_back(out);
    x = out;
  }
  valueInfo(g.add_output(), "logits", {1, m.numClasses});
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception &e) {
    throw std::runtime_error("export: the model fails ONNX's checker: " +
                             std::string(e.what()));
  }
  std::string tmp = path + ".tmp";
  {
    std::ofstream os(tmp, std::ios::binary | std::ios::trunc);
    if (!os || !model.SerializeToOstream(&os))
      throw std::runtime_error(tmp + ": cannot write");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw std::runtime_error(path + ": cannot write");
  }
}
