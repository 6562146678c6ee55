#!/usr/bin/env bash
# Measures the seed's benchmark (scale 1, 50 + 250 ms) REPS times for each thread count and
# prints the median of every figure, in a table. Timings on shared machines vary by 10-20 %:
# compare medians.   usage: ci/bench-seed.sh [REPS] [THREADS...]   (default: 3 runs, 1 and 2)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-3}; shift || true
threads=("$@"); ((${#threads[@]})) || threads=(1 2)
bin=./build/snnbench
[ -x "$bin" ] || bash ci/build.sh
keys="build_edge_time presim_time sim_time rtf events_per_second average_rate rate_sim VmHWM bytes_per_synapse"
printf "%-8s" threads; for k in $keys; do printf " %18s" "$k"; done; echo
for t in "${threads[@]}"; do
  logs=()
  for ((r = 0; r < reps; r++)); do
    log=$(mktemp); "$bin" sim --threads "$t" --no-log --no-output --quiet >"$log"; logs+=("$log")
  done
  printf "%-8s" "$t"
  for k in $keys; do
    med=$(awk -v key="$k" '$3 == "#" && $4 == key {print $2}' "${logs[@]}" | sort -g |
          awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
    printf " %18.6g" "$med"
  done
  echo
  rm -f "${logs[@]}"
done
