#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer build running the quick tests.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSNN_SANITIZE=ON -DSNN_WERROR=ON >/dev/null
cmake --build build-sanitize -j"$(nproc)"
cd build-sanitize
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --output-on-failure -L quick
# The ranks x threads test too, through mpiexec, with Open MPI's own leaks suppressed (see
# lsan-openmpi.supp for why and how). The memory and failure tests are not run here: the
# sanitizers change the memory they measure, and ASan's shadow memory defeats `ulimit -v`.
OMPI_MCA_mca_base_component_disable_dlclose=1 \
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0 \
  LSAN_OPTIONS=suppressions=$PWD/../ci/lsan-openmpi.supp \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --output-on-failure -R '^mpi_determinism$'
