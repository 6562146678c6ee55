#!/usr/bin/env bash
# snnbench import-nest on NEST 3.9's own output (../shared/oracles/nest-runs): the result
# file holds every spike of the files (population-local ids, sorted), the logger's timers
# and memory, NEST's version; analyze, plot and compare read it; compare against one of our
# runs is a comparison across simulators (ratios, differences, the caveat, what is not
# compared) with exit status 0. Broken NEST files are refused naming the file and line,
# and nothing is written.
#   import_nest.sh SNNBENCH NEST_RUN_DIR
set -uo pipefail
snnbench=$1 run=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() {
  echo "FAIL: $*"
  failed=1
}
attribute() { h5dump -m %.17g -a "$2" "$1" 2>/dev/null | sed -n 's/.*(0): //p' | tr -d '"'; }
# a dataset's values, one per line
values() { h5dump -d "$2" -y -w 0 -o "$work/values.txt" "$1" >/dev/null && tr ',' '\n' <"$work/values.txt" | awk 'NF { print $1 }'; }
logged() { awk -v k="$2" '{ sub(/ +$/, ""); line = $0; sub(/^[^#]*# /, "", line); if (line == k) print $3 }' "$1"/log_00.dat; }

"$snnbench" import-nest "$run" -o "$work/nest.h5" 2>"$work/err.txt" || fail "import: $(cat "$work/err.txt")"
# every spike line of every file (not the '#' lines, not the headers)
spikes=$(cat "$run"/*-*-*.dat | grep -c -v -e '^#' -e '^sender')
stored=$(h5dump -H -d /spikes/E/timestamps "$work/nest.h5" | sed -n 's/.*SIMPLE { ( \([0-9]*\) ).*/\1/p')
[ "$stored" = "$spikes" ] || fail "the file holds $stored spikes, NEST's files $spikes"
echo "spikes: $spikes in NEST's files, $stored in the result"
ids=$(values "$work/nest.h5" /spikes/E/node_ids | awk 'NR == 1 || $1 < lo { lo = $1 } $1 > hi { hi = $1 } END { print lo + 0, hi + 0 }')
[ "$ids" = "0 999" ] || fail "node ids $ids, want 0 999 (NEST's 1..1000, population-local)"
times=$(values "$work/nest.h5" /spikes/E/timestamps | awk 'NR > 1 && $1 < prev { bad = 1 } { prev = $1 } END { print bad + 0 }')
[ "$times" = 0 ] || fail "timestamps not sorted"
for pair in "time_construction_connect build_edge_time" "time_simulate sim_time" \
            "time_presimulate presim_time" "time_construction_create build_time_nodes" \
            "VmPeak_after_sim virt_mem_after_sim" "VmPeak_after_edges virt_mem_after_edges"; do
  set -- $pair
  ours=$(attribute "$work/nest.h5" "/timers/$1") theirs=$(logged "$run" "$2")
  awk -v a="$ours" -v b="$theirs" 'BEGIN { exit !(a != "" && a == b + 0) }' ||
    fail "/timers/$1 = '$ours', NEST's $2 = '$theirs'"
done
[ "$(attribute "$work/nest.h5" /provenance/simulator)" = "NEST 3.9.0" ] ||
  fail "simulator: $(attribute "$work/nest.h5" /provenance/simulator)"
attribute "$work/nest.h5" /provenance/not_recovered | grep -q "weights" || fail "not_recovered says nothing of the weights"
h5dump -a /timers/VmHWM "$work/nest.h5" >/dev/null 2>&1 && fail "a VmHWM was made up for NEST"

# analyze: the rate over the simulation phase is the files' spikes over 1000 neurons x 250 ms
"$snnbench" analyze "$work/nest.h5" >"$work/analyze.txt" 2>&1 || fail "analyze: $(cat "$work/analyze.txt")"
rate=$(awk '$1 == "rate_mean" { print $2 }' "$work/analyze.txt")
awk -v r="$rate" -v n="$spikes" 'BEGIN { exit !(r != "" && (r - n / 250) ^ 2 < 1e-4) }' ||
  fail "rate_mean $rate, the files say $(awk -v n="$spikes" 'BEGIN { print n / 250 }')"
grep -q "weight_mean *NA" "$work/analyze.txt" && grep -q "VmHWM *NA" "$work/analyze.txt" ||
  fail "analyze made up weights or VmHWM: $(grep -E 'weight_mean|VmHWM' "$work/analyze.txt")"
"$snnbench" plot "$work/nest.h5" -o "$work/figures" >"$work/plot.txt" 2>&1 || fail "plot: $(cat "$work/plot.txt")"
[ -s "$work/figures/raster.png" ] && [ -s "$work/figures/rates.png" ] || fail "plot drew no raster or rates"

# compare against one of ours: across simulators, informative, exit 0
"$snnbench" sim --scale 0.2 --threads 2 --presimtime 50 --simtime 250 --quiet -o "$work/ours.h5" \
  >/dev/null 2>&1 || fail "our run"
"$snnbench" compare "$work/nest.h5" "$work/ours.h5" >"$work/compare.txt" 2>&1
[ $? = 0 ] || fail "compare exit status: $(cat "$work/compare.txt")"
grep -q "across simulators: BASELINE NEST 3.9.0" "$work/compare.txt" &&
  grep -q "different random streams" "$work/compare.txt" &&
  grep -q "^time_simulate (s) " "$work/compare.txt" &&
  grep -q "^VmPeak_after_sim (kB, VmSize) " "$work/compare.txt" &&
  grep -q "^rate_mean (spikes/s) .*(difference)" "$work/compare.txt" &&
  grep -q "^cv_isi_mean .*(difference)" "$work/compare.txt" &&
  grep -q "^not compared .*weights.*VmHWM" "$work/compare.txt" || fail "compare: $(cat "$work/compare.txt")"
ratio=$(awk '$1 == "time_simulate" { print $NF }' "$work/compare.txt")
expect=$(awk -v a="$(attribute "$work/ours.h5" /timers/time_simulate)" -v b="$(logged "$run" sim_time)" 'BEGIN { printf "%.4f", a / b }')
[ "$ratio" = "$expect" ] || fail "time_simulate ratio $ratio, want $expect"

# broken NEST files: refused with the file and line, nothing written
bad() { # NAME EDIT FRAGMENT
  rm -rf "$work/$1" && cp -r "$run" "$work/$1" && chmod -R u+w "$work/$1"
  (cd "$work/$1" && eval "$2")
  "$snnbench" import-nest "$work/$1" -o "$work/$1.h5" >/dev/null 2>"$work/$1.err"
  local status=$?
  [ $status = 2 ] && grep -q -- "$3" "$work/$1.err" || fail "$1: exit $status, $(cat "$work/$1.err")"
  ls "$work/$1".h5* >/dev/null 2>&1 && fail "$1: a file was written"
}
bad badspike "sed -i '10s/.*/398 soon/' *-11252-0.dat" "spikes-11252-0.dat:10: not a spike"
bad badheader "sed -i '3s/.*/id time/' *-11252-1.dat" "spikes-11252-1.dat:3: expected the header"
bad badlog "sed -i '4s/.*/3 0 17.0 build_edge_time/' log_00.dat" "log_00.dat:4: not a logger line"
bad nolog "rm log_00.dat" "no logger file log_<rank>.dat"
bad nospikes "rm *-11252-*.dat" "no spike file"
bad nosim "sed -i '/sim_time/d' log_00.dat" "logged no sim_time"
"$snnbench" import-nest "$run" -o "$work/early.h5" --presimtime 100 >/dev/null 2>"$work/early.err"
[ $? = 2 ] && grep -q "outside the simulation phase" "$work/early.err" || fail "--presimtime 100: $(cat "$work/early.err")"
"$snnbench" import-nest "$run" -o "$work/nest.h5" >/dev/null 2>"$work/again.err"
[ $? != 0 ] && grep -q "exists" "$work/again.err" || fail "an existing file was not refused: $(cat "$work/again.err")"
[ $failed = 0 ] && echo "import_nest: all checks passed"
exit $failed
