#!/usr/bin/env bash
# The plastic work behind the synaptic event rate: how many facilitations
# (w <- w + lambda w^mu Kplus exp(...), one per postsynaptic spike a synapse applies) each
# E->E event brings, in the spike rows and in the catch-up of silent sources, for the seed's
# benchmark (scale 1, 50 + 250 ms) and a larger network. events/s counts events; a run whose
# events bring more facilitations does more per event (the performance issue's scale-10
# figure against the seed's: the README's "Measured performance", "scale 10's events bring
# more work").
# Counted by a build of the checked-out tree with ci/count-facilitations.patch, in a
# temporary directory (the scalar loops, each facilitation counted; never the engine's own
# build), at 1 thread: the counts are those of any thread count, whose spikes and weights are
# the same. Both runs' events include the presimulation's.
#   usage: ci/bench-work.sh [SCALE] [PRESIMTIME] [SIMTIME]   (default 10 100 1000)
#   e.g.   ci/bench-work.sh            (about 6 minutes on a 2-core VM, 8.3 GB at scale 10)
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-10} presim=${2:-100} simtime=${3:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source ci/patched-tree.sh
patched_copy bench-work.sh ci/count-facilitations.patch "$work"
quiet_step "$work/step.log" cmake -S "$work" -B "$work/build" -DCMAKE_BUILD_TYPE=Release
quiet_step "$work/step.log" cmake --build "$work/build" -j"$(nproc)" --target snnbench
count() { # count LABEL sim-options...: one run's counts and their ratios
  local label=$1
  shift
  "$work/build/snnbench" sim --threads 1 --no-output --no-log --quiet "$@" >"$work/run.out" ||
    exit 1 # snnbench has said why
  awk -v label="$label" '$1 == "counted:" && $3 > 0 {
      events = $3; rows = $5; catch_up = $7
      printf "%-34s E->E events %12.4g  facilitations: rows %12.4g, catch-up %12.4g; per event %.3f (rows %.3f, catch-up %.3f)\n",
        label, events, rows, catch_up, (rows + catch_up) / events, rows / events, catch_up / events
      found = 1 }
    END { if (!found) { print "bench-work.sh: no E->E events counted (the counts need plastic E->E synapses)" > "/dev/stderr"; exit 1 } }' \
    "$work/run.out"
}
count "seed (scale 1, 50 + 250 ms)"
count "scale $scale ($presim + $simtime ms)" --scale "$scale" --presimtime "$presim" --simtime "$simtime"
