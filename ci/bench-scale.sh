#!/usr/bin/env bash
# The synaptic event rate per thread of a larger network against the seed's benchmark,
# measured in the same hour: the seed (scale 1, 50 + 250 ms) REPS times, the larger network
# once (100 + SIMTIME ms, as the performance issue's scale-10 figure), the seed REPS times
# again; the seed's figure is the median of its 2 x REPS runs. This VM's speed drifts by
# 10-15 % within an hour, so a rate measured an hour earlier is not a baseline.
#   usage: ci/bench-scale.sh [SCALE] [THREADS] [SIMTIME] [REPS]   (default: 10 2 1000 3)
#   e.g.   ci/bench-scale.sh 10 2        (about 70 s on a 2-core VM, most of it the scale-10 run)
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-10} threads=${2:-2} simtime=${3:-1000} reps=${4:-3}
bin=./build/snnbench
[ -x "$bin" ] || bash ci/build.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
figure() { awk -v key="$2" '$3 == "#" && $4 == key { print $2 }' "$1"; }
seed_runs() {
  for ((r = 0; r < reps; r++)); do
    "$bin" sim --threads "$threads" --no-output --quiet --log "$work/seed$1-$r.log" >/dev/null
  done
}
seed_runs a
"$bin" sim --scale "$scale" --threads "$threads" --presimtime 100 --simtime "$simtime" \
  --no-output --quiet --log "$work/large.log" >/dev/null
seed_runs b
seed_rate=$(for log in "$work"/seed*.log; do figure "$log" events_per_second; done | sort -g |
  awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
large=$work/large.log
rate=$(figure "$large" events_per_second)
printf "seed (scale 1, 50 + 250 ms), %d threads, median of %d runs: %.4g events/s = %.4g per thread\n" \
  "$threads" $((2 * reps)) "$seed_rate" "$(awk -v r="$seed_rate" -v t="$threads" 'BEGIN { print r / t }')"
printf "scale %s (100 + %s ms), %d threads: build_edge_time %.3g s, sim_time %.4g s (time_update %.3g, time_deliver_spike_data %.3g), rtf %.3g\n" \
  "$scale" "$simtime" "$threads" "$(figure "$large" build_edge_time)" "$(figure "$large" sim_time)" \
  "$(figure "$large" time_update)" "$(figure "$large" time_deliver_spike_data)" "$(figure "$large" rtf)"
printf "  %.4g events/s = %.4g per thread; average_rate %s; VmHWM %s kB, %.3g bytes/synapse\n" \
  "$rate" "$(awk -v r="$rate" -v t="$threads" 'BEGIN { print r / t }')" \
  "$(figure "$large" average_rate)" "$(figure "$large" VmHWM)" "$(figure "$large" bytes_per_synapse)"
awk -v a="$rate" -v b="$seed_rate" -v s="$scale" 'BEGIN {
  printf "per thread, scale %s against the seed: %.1f %% (the performance issue asks at least 85 %% at scale 10)\n", s, 100 * a / b }'
