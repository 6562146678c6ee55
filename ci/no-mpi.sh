#!/usr/bin/env bash
# The build without MPI (-DSNN_MPI=OFF) stays possible: build it with -Werror and run the
# quick tests on it.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-nompi -DCMAKE_BUILD_TYPE=Release -DSNN_MPI=OFF -DSNN_WERROR=ON >/dev/null
cmake --build build-nompi -j"$(nproc)"
cd build-nompi
ctest --output-on-failure -L quick
