#!/usr/bin/env bash
# The performance-regression check must catch a real slowdown and must not fail on noise:
#  1. a build made 30 % slower through the SNN_TEST_SLOWDOWN hook, against the normal build:
#     ci/perf-regression.sh must fail;
#  2. the normal build against itself, ten times: it must pass ten times out of ten.
# Each check runs 5 alternating pairs of the seed's benchmark (10 more where they find a
# regression, to confirm it).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x build/snnbench ] || bash ci/build.sh
cmake -S . -B build-slow -DCMAKE_BUILD_TYPE=Release -DSNN_TEST_SLOWDOWN=30 >/dev/null
cmake --build build-slow -j"$(nproc)" --target snnbench >/dev/null

set +e
bash ci/perf-regression.sh --baseline-bin build/snnbench --current-bin build-slow/snnbench > /tmp/perf-gate-slow.log 2>&1
status=$?
set -e
grep -E "time_simulate|PASS|FAIL" /tmp/perf-gate-slow.log
if [ $status -ne 1 ]; then
  echo "perf-gate: the 30 % slower build was not caught (exit $status)"; exit 1
fi
echo "perf-gate: the 30 % slower build was caught"

passes=0
for i in $(seq 1 10); do
  if bash ci/perf-regression.sh --baseline-bin build/snnbench --current-bin build/snnbench > /tmp/perf-gate-self.log 2>&1; then
    passes=$((passes + 1))
  else
    cat /tmp/perf-gate-self.log
  fi
  echo "perf-gate: self-comparison $i: $(grep -E "^scale.* time_simulate " /tmp/perf-gate-self.log | awk '{print "median time_simulate ratio", $(NF-1)}') ($passes passed)"
done
if [ $passes -ne 10 ]; then
  echo "perf-gate: the same build failed against itself $((10 - passes)) times out of 10"; exit 1
fi
echo "perf-gate: the same build passed against itself 10 times out of 10"
echo "2 passed, 0 failed"
