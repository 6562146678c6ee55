#!/usr/bin/env bash
# A/B of two snnbench builds on the seed's benchmark, runs interleaved (A, B, A, B, ...) so
# that both see the same machine: per thread count, the median of every figure for each
# build and the median of the pairwise ratios B/A. "build" is build_time_nodes +
# build_edge_time, "wall" the whole `snnbench sim` process (work moved out of the timed
# phases shows there). Any further arguments go to both `snnbench sim` calls.
#   usage: ci/bench-ab.sh A_SNNBENCH B_SNNBENCH [PAIRS] [THREADS] [sim options...]
#   e.g.   ci/bench-ab.sh /tmp/base/build/snnbench build/snnbench 5 "1 2"
set -euo pipefail
a=$1 b=$2 pairs=${3:-5} threads=${4:-"1 2"}
shift $(($# < 4 ? $# : 4))
keys="build presim_time sim_time wall weight_snapshots rtf events_per_second VmHWM bytes_per_synapse"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() { # run BIN THREADS OUT: the run's figures as "key value" lines
  local t0 t1
  t0=$(date +%s.%N)
  "$1" sim --threads "$2" --no-output --log "$work/log" --quiet "${@:4}" >/dev/null
  t1=$(date +%s.%N)
  awk -v wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" '
    $3 == "#" { v[$4] = $2 }
    END { print "build", v["build_time_nodes"] + v["build_edge_time"]; print "wall", wall
          print "weight_snapshots", v["time_weight_snapshots"]
          n = split("presim_time sim_time rtf events_per_second VmHWM bytes_per_synapse", k, " ")
          for (i = 1; i <= n; i++) print k[i], v[k[i]] }' "$work/log" >"$3"
  rm -f "$work/log"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for t in $threads; do
  for ((p = 1; p <= pairs; p++)); do
    run "$a" "$t" "$work/a$p" "$@"
    run "$b" "$t" "$work/b$p" "$@"
  done
  echo "threads $t, $pairs pairs (A = $a, B = $b)"
  printf "  %-18s %14s %14s %14s\n" figure "A median" "B median" "B/A (paired)"
  for k in $keys; do
    ma=$(cat "$work"/a* | awk -v k="$k" '$1 == k { print $2 }' | median)
    mb=$(cat "$work"/b* | awk -v k="$k" '$1 == k { print $2 }' | median)
    ratio=$(for ((p = 1; p <= pairs; p++)); do
      paste <(awk -v k="$k" '$1 == k { print $2 }' "$work/a$p") <(awk -v k="$k" '$1 == k { print $2 }' "$work/b$p")
    done | awk '$1 > 0 { print $2 / $1 }' | median)
    printf "  %-18s %14.6g %14.6g %14.4f\n" "$k" "$ma" "$mb" "$ratio"
  done
  rm -f "$work"/a* "$work"/b*
done
