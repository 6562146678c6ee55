#!/usr/bin/env bash
# Simulated cache misses per synaptic event, function by function, for the simulation phase
# (after the presimulation) of one run: valgrind's callgrind with its cache simulation (the
# same simulator as cachegrind), a 48 KB 12-way L1D and, as the last level, a 2 MB 16-way
# cache (the per-core L2 of the Intel VM the figures in the README come from; set CACHE_LL
# and CACHE_D1 as "size,associativity,line" for another). For machines without hardware
# counters (this VM's `perf stat` reports none): the misses are a simulation, not a count.
#   usage: ci/bench-cachesim.sh [SCALE] [PRESIM_MS] [SIM_MS] [sim options...]
#                                                          (default: 1 50 100)
#   e.g.   ci/bench-cachesim.sh 1 50 100             (about 1.5 min on a 2-core VM)
#          RANKS=2 ci/bench-cachesim.sh 10 500 100   (about 15 min; 6 GB)
# One thread per process: valgrind runs a process's threads one at a time, so two threads
# would share one simulated cache that no core has. RANKS=N runs N MPI ranks of one thread
# each instead, every rank with its own simulated cache: the same virtual processes, with
# the same neurons each, as N threads of one process (the figures add up the ranks; what the
# MPI library does, its waiting for the slower rank included, is a line of its own).
# Valgrind knows no AVX-512; the engine then picks its AVX2 loops, as on a CPU without
# AVX-512. The build and the presimulation's first 90 % run without instrumentation (about
# 5 times slower than native, not 50 to 100); its last tenth warms the simulated caches, and
# the figures are the part of the profile that ends with the simulation phase
# (--dump-before the phase's memory reading). KEEP=DIR keeps the profiles of the simulation
# phase there, for callgrind_annotate; SNNBENCH=PATH measures another build, and
# PHASE_END=FUNCTION names its memory reading where an older build calls it otherwise
# (65b262c, the performance issue's baseline: snn_memory_read). WARM_FROM=P starts
# instrumentation at P % of the presimulation instead of 90 (where the script refuses the
# run because the last tenth went by before instrumentation began). Needs valgrind
# (`apt-get install valgrind`; not used by CI).
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-1} presim=${2:-50} sim=${3:-100}
awk -v p="$presim" 'BEGIN { exit !(p > 0) }' || {
  echo "bench-cachesim.sh: PRESIM_MS must be above 0 (the presimulation warms the caches)" >&2
  exit 2
}
shift $(($# < 3 ? $# : 3))
bin=${SNNBENCH:-./build/snnbench}
ranks=${RANKS:-1}
[[ "$ranks" =~ ^[1-9][0-9]*$ ]] || {
  echo "bench-cachesim.sh: RANKS must be a whole number from 1 up, not '$ranks'" >&2
  exit 2
}
launch=()
if [ "$ranks" -gt 1 ]; then
  command -v mpiexec >/dev/null || {
    echo "bench-cachesim.sh: RANKS=$ranks needs mpiexec (apt-get install openmpi-bin)" >&2
    exit 2
  }
  launch=(mpiexec -n "$ranks")
  [ "$(id -u)" = 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
d1=${CACHE_D1:-49152,12,64} ll=${CACHE_LL:-2097152,16,64}
phase_end=${PHASE_END:-snn_sysinfo_memory}
warm_from=${WARM_FROM:-90}
[[ "$warm_from" =~ ^[1-9]0$ ]] || {
  echo "bench-cachesim.sh: WARM_FROM must be 10, 20, ... or 90 (the progress lines' tenths), not '$warm_from'" >&2
  exit 2
}
if ! command -v valgrind >/dev/null || ! command -v callgrind_control >/dev/null; then
  echo "bench-cachesim.sh: needs valgrind (apt-get install valgrind)" >&2
  exit 2
fi
[ -x "$bin" ] || bash ci/build.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"${launch[@]}" valgrind --tool=callgrind --instr-atstart=no --cache-sim=yes --I1=32768,8,64 --D1="$d1" \
  --LL="$ll" --dump-before="$phase_end" --callgrind-out-file="$work/profile.%p" \
  "$bin" sim --scale "$scale" --threads 1 --presimtime "$presim" --simtime "$sim" \
  --no-output "$@" >"$work/stdout" 2>"$work/valgrind" &
pid=$!
# Instrumentation starts when the presimulation reports WARM_FROM % done (its progress
# lines on stderr): the build and most of the presimulation run uninstrumented, and the
# rest warms the simulated caches.
warm() {
  awk -v from="$warm_from" '/^presimulation .* %\)/ {
      p = $0; sub(/ %\).*/, "", p); sub(/.*\( */, "", p)
      if (p + 0 >= from) found = 1
    } END { exit !found }' "$work/valgrind" 2>/dev/null
}
until warm; do
  kill -0 "$pid" 2>/dev/null || {
    tail -20 "$work/valgrind" >&2
    echo "bench-cachesim.sh: the run ended before its presimulation was $warm_from % done" >&2
    exit 1
  }
  sleep 0.2
done
for rank_pid in $(pgrep -f -- "--callgrind-out-file=$work/profile"); do
  callgrind_control --instr=on "$rank_pid" >/dev/null 2>&1
done
wait "$pid" || {
  tail -20 "$work/valgrind" >&2
  exit 1
}
# Dumps, numbered per rank: 1 from the start of instrumentation to the end of the
# presimulation, 2 the simulation phase, then what follows (a memory reading, in some
# builds). If instrumentation began after a rank's presimulation had ended, its dump 1 would
# be the simulation and dump 2, if any, what follows it: refuse rather than report the
# wrong phase: every rank must have a dump 2, and (below) each must hold at least one
# instruction per synaptic event of its share of the phase (events / ranks: the ranks'
# shares are alike, and an event costs tens of instructions), where what follows the phase
# holds some 30 000 in all.
late="bench-cachesim.sh: instrumentation began after the presimulation; use a lower WARM_FROM or a longer PRESIM_MS"
profiles=("$work"/profile.*.2)
if [ "${#profiles[@]}" != "$ranks" ] || [ ! -f "${profiles[0]}" ]; then
  echo "$late" >&2
  exit 1
fi
if [ -n "${KEEP:-}" ]; then # for callgrind_annotate, e.g. line by line with a build with -g
  mkdir -p "$KEEP"
  cp "${profiles[@]}" "$KEEP"/
fi
events=$(awk '$3 == "#" && $4 == "synaptic_events_sim" { print $2; exit }' "$work/stdout")
echo "scale $scale, $ranks rank(s) of 1 thread, $presim + $sim ms, simulation phase: $events synaptic events;" \
  "simulated L1D $d1, last level $ll (size,ways,line)"

# Self cost per function from callgrind's files (one per rank): a cost line follows fn=
# (the positions first, then Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw); the line after calls=
# is the call's inclusive cost, which belongs to the callee and is skipped. Names and
# objects are compressed to ids, each given with its name where it first appears (as
# callee or not), per file. The weight snapshots (the histogram counts of weight_block.c)
# run inside the phase but outside sim_time: apart, as is the MPI library.
awk -v events="$events" -v ranks="$ranks" -v late="$late" '
  FNR == 1 { delete names; delete objects }
  /^c?ob=/ { remember(objects, "ob"); if ($0 ~ /^ob=/) object = objects[id]; next }
  /^c?fn=/ {
    remember(names, "fn")
    if ($0 ~ /^fn=/) fn = (object ~ /libmpi|libopen-|mca_|pmix|libevent|libhwloc|ucx|ucp|ucs/) ? "MPI" : names[id]
    next
  }
  /^calls=/ { skip = 1; next }
  /^[0-9+*-]/ {
    if (skip) { skip = 0; next }
    for (i = 2; i <= NF; i++) { cost[fn, i - 1] += $i; all[i - 1] += $i }
    seen[fn] = 1; next
  }
  /^totals:/ {
    for (i = 2; i <= NF; i++) totals[i - 1] += $i
    if ($2 < events / ranks) { print late > "/dev/stderr"; refused = 1; exit 1 } # a late rank
  }
  END {
    if (refused) exit 1 # exit in a rule still runs END
    for (e = 1; e <= 9; e++) # the functions must add up to the totals callgrind wrote
      if (all[e] != totals[e]) {
        printf "bench-cachesim.sh: the profile does not add up (event %d: %.0f, totals %.0f); not the format this script reads\n", e, all[e], totals[e] > "/dev/stderr"
        exit 1
      }
    for (f in seen) {
      apart = f ~ /^count_|increment_bins|weight_block|snapshot/ || f == "MPI"
      for (e = 1; e <= 9; e++)
        if (f == "MPI") mpi[e] += cost[f, e]
        else if (apart) snap[e] += cost[f, e]
        else total[e] += cost[f, e]
      if (!apart) order[++n] = f
    }
    for (i = 2; i <= n; i++)   # by instructions, most first
      for (j = i; j > 1 && cost[order[j], 1] > cost[order[j - 1], 1]; j--) {
        t = order[j]; order[j] = order[j - 1]; order[j - 1] = t
      }
    printf "%-44s %7s %9s %9s %9s %9s\n", "per synaptic event", "instr %", "instr", "D1 miss", "LL miss", "LL write"
    line("all but the snapshots and MPI", total, 100)
    for (i = 1; i <= n && i <= 14; i++) {
      for (e = 1; e <= 9; e++) c[e] = cost[order[i], e]
      line(order[i], c, 100 * c[1] / total[1])
    }
    line("weight snapshots (not in sim_time)", snap, 100 * snap[1] / total[1])
    if (mpi[1] > 0) line("MPI library, its waiting included", mpi, 100 * mpi[1] / total[1])
  }
  function remember(table, kind) {
    id = $1; sub("^c?" kind "=", "", id)
    if (NF > 1) { v = $2; for (i = 3; i <= NF; i++) v = v " " $i; table[id] = v }
  }
  # D1 misses: read and write misses (D1mr + D1mw); LL misses likewise (DLmr + DLmw), and
  # the write misses alone, since a store that misses the last level costs a read for
  # ownership of its line.
  function line(label, c, share) {
    printf "%-44.44s %6.1f%% %9.2f %9.3f %9.3f %9.3f\n", label, share, c[1] / events,
      (c[5] + c[6]) / events, (c[8] + c[9]) / events, c[9] / events
  }' "${profiles[@]}"
