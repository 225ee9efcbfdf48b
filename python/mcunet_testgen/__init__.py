# SPDX-License-Identifier: Apache-2.0
"""mcunet test generators.

genmodel.py     random int8 QDQ models from the MCUNet search space, with the
                per-layer sub-models of the layer-wise ONNX Runtime oracle
ort_oracle.js   the oracle itself (node + onnxruntime-node)
trace_harness.c host harness that dumps every layer output of a compiled model
gengraph.py     random te-dialect graphs (chains, residual DAGs, branches,
                several heads) for the memory planner's property test

scripts/ort-oracle.sh drives the three; docs/oracle.md describes the checks.
"""
