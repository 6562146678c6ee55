#!/usr/bin/env bash
# The README's test command: install dependencies, build, run every CTest test
# (quick and slow). `ci/test.sh -L quick` runs the quick ones only.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
bash ci/build.sh
cd build
ctest --output-on-failure "$@"
