//===- ModelLoader.cpp - read, check and shape-infer ONNX models ----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Compiled with -fexceptions: libonnx reports errors by throwing. Nothing
// thrown here escapes loadModel.
//
//===----------------------------------------------------------------------===//

#include "mcunet/Target/ONNX/ModelLoader.h"

#include "Importer.h"

#include "onnx/checker.h"
#include "onnx/defs/parser.h"
#include "onnx/shape_inference/implementation.h"

#include <cctype>
#include <exception>
#include <map>
#include <memory>
#include <vector>

using namespace mcunet::onnx_import;

static const char *const kSupportedOps[] = {"Add",
                                            "AveragePool",
                                            "BatchNormalization",
                                            "Cast",
                                            "Clip",
                                            "Concat",
                                            "Constant",
                                            "Conv",
                                            "DequantizeLinear",
                                            "Flatten",
                                            "Gather",
                                            "Gemm",
                                            "GlobalAveragePool",
                                            "Identity",
                                            "MatMul",
                                            "MaxPool",
                                            "Mul",
                                            "Pad",
                                            "QLinearConv",
                                            "QLinearMatMul",
                                            "QuantizeLinear",
                                            "ReduceMean",
                                            "Relu",
                                            "Reshape",
                                            "Resize",
                                            "Shape",
                                            "Softmax",
                                            "Squeeze",
                                            "Transpose",
                                            "Unsqueeze"};

const char *mcunet::onnx_import::supportedOpsText() {
  static const std::string text = [] {
    std::string t;
    for (const char *op : kSupportedOps)
      t += (t.empty() ? "" : ", ") + std::string(op);
    return t;
  }();
  return text.c_str();
}

bool mcunet::onnx_import::isSupportedOp(const std::string &opType) {
  for (const char *op : kSupportedOps)
    if (opType == op)
      return true;
  return false;
}

bool mcunet::onnx_import::looksLikeText(const std::string &bytes) {
  for (char c : bytes) {
    if (std::isspace(static_cast<unsigned char>(c)))
      continue;
    // The textual syntax starts with the model header, a comment, or a graph
    // name; a binary ModelProto starts with a field tag (ir_version is 0x08).
    return c == '<' || c == '#' || std::isalpha(static_cast<unsigned char>(c));
  }
  return false;
}

namespace {
/// libonnx's schema registry, with the convolutions' shape inference guarded.
///
/// libonnx 1.12's convPoolShapeInference takes a Conv's kernel shape from its
/// weights' dimensions when the node has no `kernel_shape` attribute, and
/// then indexes the input's dimensions and the strides and dilations with it
/// unchecked: weights of a higher rank than the input read past the end of
/// both (a crash, found by fuzzing). The ranks are known only during
/// inference (the weights may come from any chain of ops), so the check runs
/// there, just before libonnx's own inference function.
class GuardedSchemaRegistry final : public onnx::ISchemaRegistry {
public:
  const onnx::OpSchema *GetSchema(const std::string &key,
                                  const int maxInclusiveVersion,
                                  const std::string &domain) const override {
    const onnx::OpSchema *schema =
        onnx::OpSchemaRegistry::Instance()->GetSchema(key, maxInclusiveVersion,
                                                      domain);
    if (!schema || !(domain.empty() || domain == "ai.onnx"))
      return schema;
    // Conv's input and weights are inputs 0 and 1; QLinearConv's 0 and 3.
    int weightsIndex = key == "Conv" ? 1 : key == "QLinearConv" ? 3 : -1;
    if (weightsIndex < 0)
      return schema;
    auto it = guarded.find(schema);
    if (it != guarded.end())
      return it->second.get();
    auto copy = std::make_unique<onnx::OpSchema>(*schema);
    copy->TypeAndShapeInferenceFunction(
        [inner = schema->GetTypeAndShapeInferenceFunction(), key,
         weightsIndex](onnx::InferenceContext &ctx) {
          checkConvRanks(ctx, key, static_cast<size_t>(weightsIndex));
          inner(ctx);
        });
    return guarded.emplace(schema, std::move(copy)).first->second.get();
  }

private:
  static const onnx::TensorShapeProto *shapeOf(onnx::InferenceContext &ctx,
                                               size_t index) {
    if (index >= ctx.getNumInputs())
      return nullptr;
    const onnx::TypeProto *type = ctx.getInputType(index);
    if (!type || !type->has_tensor_type() || !type->tensor_type().has_shape())
      return nullptr;
    return &type->tensor_type().shape();
  }

  static void checkConvRanks(onnx::InferenceContext &ctx, const std::string &op,
                             size_t weightsIndex) {
    if (ctx.getAttribute("kernel_shape"))
      return; // libonnx checks the attribute's size against the input rank.
    const onnx::TensorShapeProto *input = shapeOf(ctx, 0);
    const onnx::TensorShapeProto *weights = shapeOf(ctx, weightsIndex);
    if (input && weights && input->dim_size() != weights->dim_size())
      fail_shape_inference(op, " weights of rank ", weights->dim_size(),
                           " for an input of rank ", input->dim_size(),
                           "; they must have the same rank");
  }

  mutable std::map<const onnx::OpSchema *, std::unique_ptr<onnx::OpSchema>>
      guarded;
};
} // namespace

static std::string inferShapesImpl(onnx::ModelProto &model) {
  onnx::ShapeInferenceOptions options(/*check_type=*/true, /*error_mode=*/1,
                                      /*enable_data_propagation=*/true);
  GuardedSchemaRegistry registry;
  // libonnx's errors name the node by its name; an unnamed node is named for
  // the inference by its first output, as the importer's own errors do.
  std::vector<int> unnamed;
  auto *nodes = model.mutable_graph()->mutable_node();
  for (int i = 0; i < nodes->size(); ++i) {
    onnx::NodeProto &node = (*nodes)[i];
    if (node.name().empty() && node.output_size() > 0) {
      node.set_name(node.output(0));
      unnamed.push_back(i);
    }
  }
  struct Restore {
    google::protobuf::RepeatedPtrField<onnx::NodeProto> *nodes;
    const std::vector<int> &unnamed;
    ~Restore() {
      for (int i : unnamed)
        (*nodes)[i].clear_name();
    }
  } restore{nodes, unnamed};
  onnx::shape_inference::InferShapes(model, &registry, options);
  return "";
}

static std::string loadModelImpl(const std::string &bytes, bool isText,
                                 onnx::ModelProto &model) {
  if (bytes.empty())
    return "the file is empty";
  if (isText) {
    onnx::OnnxParser parser(bytes.c_str());
    auto status = parser.Parse(model);
    if (!status.IsOK())
      return "cannot parse ONNX text: " + status.ErrorMessage();
    if (!parser.EndOfInput())
      return "cannot parse ONNX text: unexpected text after the model";
  } else {
    if (!model.ParseFromString(bytes))
      return "not a valid ONNX protobuf (the file is truncated, corrupt or "
             "not an ONNX model)";
    if (!model.has_graph())
      return "not an ONNX model: it has no graph";
  }

  // Opset of the default domain.
  int64_t opset = -1;
  for (const auto &imp : model.opset_import())
    if (imp.domain().empty() || imp.domain() == "ai.onnx")
      opset = imp.version();
  if (opset < 0)
    return "the model imports no opset of the default ONNX domain";
  if (opset < kMinOpset || opset > kMaxOpset)
    return "unsupported opset " + std::to_string(opset) +
           " (supported: " + std::to_string(kMinOpset) + " to " +
           std::to_string(kMaxOpset) +
           "; convert the model with onnx.version_converter)";

  // The model arrives as bytes, so external data files are never read: say
  // so before the checker reports a missing file.
  for (const auto &t : model.graph().initializer())
    if (t.data_location() == onnx::TensorProto::EXTERNAL)
      return "initializer '" + t.name() +
             "' uses external data; save the model with all tensors inside "
             "the .onnx file (onnx.save_model(..., "
             "save_as_external_data=False))";

  // Unsupported ops are reported before libonnx's checker and shape
  // inference run: their inference functions are never exercised on inputs
  // we cannot compile anyway (libonnx 1.12's ConvTranspose inference
  // crashes on malformed nodes, found by fuzzing).
  for (const auto &node : model.graph().node()) {
    std::string name = !node.name().empty()     ? node.name()
                       : node.output_size() > 0 ? node.output(0)
                                                : std::string("<unnamed>");
    if (!node.domain().empty() && node.domain() != "ai.onnx")
      return "node '" + name + "' (" + node.op_type() +
             "): unsupported op domain '" + node.domain() +
             "' (supported: the default ONNX domain)";
    if (!isSupportedOp(node.op_type()))
      return "node '" + name + "' (" + node.op_type() + "): unsupported op '" +
             node.op_type() + "'; supported ops: " + supportedOpsText();
    // libonnx 1.12's convolution and pooling inference divides by strides
    // and dilations unchecked (a zero stride is SIGFPE, found through the
    // Python tests): check the attributes it divides by first.
    for (const auto &attr : node.attribute()) {
      const std::string &an = attr.name();
      if (an != "strides" && an != "dilations" && an != "kernel_shape" &&
          an != "group")
        continue;
      std::vector<int64_t> values(attr.ints().begin(), attr.ints().end());
      if (an == "group")
        values = {attr.i()};
      for (int64_t v : values)
        if (v <= 0)
          return "node '" + name + "' (" + node.op_type() + "): attribute '" +
                 an + "' has the value " + std::to_string(v) +
                 "; it must be positive";
    }
  }

  onnx::checker::check_model(model);
  return inferShapesImpl(model);
}

/// Runs `fn`, turning whatever libonnx throws into an error string.
template <typename Fn> static std::string catchAll(Fn fn) {
  try {
    return fn();
  } catch (const onnx::checker::ValidationError &e) {
    return std::string("the ONNX checker rejects the model: ") + e.what();
  } catch (const onnx::InferenceError &e) {
    return std::string("ONNX shape inference failed: ") + e.what();
  } catch (const std::exception &e) {
    return std::string("cannot load the model: ") + e.what();
  } catch (...) {
    return "cannot load the model: unknown error";
  }
}

std::string mcunet::onnx_import::loadModel(const std::string &bytes,
                                           bool isText,
                                           onnx::ModelProto &model) {
  return catchAll([&] { return loadModelImpl(bytes, isText, model); });
}

std::string mcunet::onnx_import::inferShapes(onnx::ModelProto &model) {
  return catchAll([&] { return inferShapesImpl(model); });
}
