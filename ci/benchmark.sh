#!/usr/bin/env bash
# The README's first command: install dependencies, build, run the seed's benchmark
# (scale 1, 50 + 250 ms) and print its figures. Arguments go to `snnbench sim`
# (default: --threads = number of cores).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
bash ci/build.sh
if (($# == 0)); then set -- --threads "$(nproc)"; fi
./build/engine/snnbench sim "$@"
