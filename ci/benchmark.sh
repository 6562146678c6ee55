#!/usr/bin/env bash
# The README's first command: install dependencies, build, then run a study with the
# scenario runner (default: scenarios/hpc_benchmark.cfg, the seed's benchmark) and end with
# the analysis table and the paths of the figures. Arguments go to `snnbench run`, e.g.
# `bash ci/benchmark.sh quick`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
bash ci/build.sh
./build/snnbench run "$@"
