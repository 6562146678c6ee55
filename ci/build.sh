#!/usr/bin/env bash
# Configures and builds snnbench in build/ (Release, -Werror). Extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSNN_WERROR=ON "$@" >/dev/null
cmake --build build -j"$(nproc)"
