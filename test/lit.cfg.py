# -*- Python -*-
# SPDX-License-Identifier: Apache-2.0
#
# lit configuration of the mcunet test suite.

import os
import shutil

import lit.formats
from lit.llvm import llvm_config

config.name = "MCUNET"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".onnxtxt", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py",
                   "Unit"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.mcunet_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%models", config.mcunet_models_dir))

llvm_config.use_default_substitutions()
# `not`, `count` and FileCheck are also used at the start of RUN lines.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tool_dirs = [config.mcunet_tools_dir, config.llvm_tools_dir]
tools = ["mcunet-opt", "mcunet-translate", "mcunet-compile", "mcunet-nas"]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# Tests over the externally made models need ../shared/models (or
# -DMCUNET_MODELS_DIR); without them these tests report UNSUPPORTED.
if os.path.isdir(config.mcunet_models_dir):
    config.available_features.add("models")

# Tests that compile the generated C for Cortex-M need the bare-metal ARM
# toolchain; without it they report UNSUPPORTED.
if shutil.which("arm-none-eabi-gcc"):
    config.available_features.add("arm-none-eabi-gcc")

# TinyNAS's training stages need LibTorch (not in the sanitizer build) and
# the Fashion-MNIST files of Debian's dataset-fashion-mnist.
if config.mcunet_nas_train:
    config.available_features.add("nas-train")
if os.path.isfile("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"):
    config.available_features.add("fashion-mnist")
