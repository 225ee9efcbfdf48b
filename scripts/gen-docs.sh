#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Regenerates the dialect, op and pass reference from ODS (the `mcunet-doc`
# build target) and copies it into docs/generated/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
ninja -C "$BUILD_DIR" mcunet-doc >/dev/null
mkdir -p "$ROOT/docs/generated"
cp "$BUILD_DIR/docs/Dialects/TinyEngineOps.md" \
   "$BUILD_DIR/docs/Dialects/TinyEngineDialect.md" \
   "$BUILD_DIR/docs/Passes/TinyEnginePasses.md" "$ROOT/docs/generated/"
echo "docs/generated/ updated"
