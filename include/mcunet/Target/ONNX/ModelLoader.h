//===- ModelLoader.h - read, check and shape-infer ONNX models --*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
// The only code of the importer that calls into libonnx's throwing APIs
// (parser, checker, shape inference). It is compiled with exceptions and
// catches every exception: callers get an error string, never a throw.
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_TARGET_ONNX_MODELLOADER_H
#define MCUNET_TARGET_ONNX_MODELLOADER_H

#include <string>

#include "onnx/onnx_pb.h"

namespace mcunet::onnx_import {

/// Opset range of the default ONNX domain the importer accepts.
constexpr int64_t kMinOpset = 11;
constexpr int64_t kMaxOpset = 18;

/// Parses `bytes` (binary protobuf, or ONNX's textual syntax when `isText`)
/// into `model`, checks it with onnx::checker and runs shape inference with
/// data propagation, so that every tensor of a well-formed static model gets
/// a static shape. Returns an empty string on success, else the reason.
std::string loadModel(const std::string &bytes, bool isText,
                      onnx::ModelProto &model);

/// The ONNX ops (default domain) the importer understands, comma-separated,
/// for messages.
const char *supportedOpsText();

/// True when the importer understands `opType` (default domain).
bool isSupportedOp(const std::string &opType);

/// True when `bytes` look like ONNX's textual syntax rather than protobuf.
bool looksLikeText(const std::string &bytes);

} // namespace mcunet::onnx_import

#endif // MCUNET_TARGET_ONNX_MODELLOADER_H
