#!/usr/bin/env bash
# Performance-regression check. Absolute times on shared machines are noise, so this builds
# the baseline commit (results/baseline/REF if present, else the previous commit) in a
# separate work tree, runs the baseline and the current build alternately (A B A B ...) on the
# seed's benchmark, and compares the medians of the pairwise ratios with `snnbench compare
# --paired` and its threshold. Build time is left out of the verdict: on these VMs it swings
# by up to 2x with the host's page zeroing (see README), which no pairing removes.
# A regression found is confirmed by a second, independent set of twice as many pairs before
# it counts: on these VMs a burst of host noise can move the median of 5 pairs by 10 % about
# once in 10 to 30 comparisons of a build with itself (seen in CI), and needing both sets to
# fail squares that rate, while a real slowdown of 30 % fails both every time. Once a burst
# outlasted a confirming set of 5 pairs too (presim_time at 2 threads, the shortest of the
# timings, 0.15 s: 1.12, then 1.10); the median of 10 pairs moves about 1/sqrt(2) as much.
# presim_time is judged against its own, wider limit (1.25): at 2 threads it lasts 0.15 s,
# and one binary against itself gave pairwise ratios from 0.71 to 1.43 in 10 pairs (CI
# failed on it twice in a row: 1.12 then 1.10, and 1.10 then 1.13, over the two sets),
# while a 30 % slowdown still exceeds it; time_simulate (1.3 s) keeps the 10 % limit.
#
#   ci/perf-regression.sh [--pairs N] [--baseline-bin PATH] [--current-bin PATH]
#                         [--max-slowdown X] [--presim-max-slowdown X] [--keep DIR]
#                         [-- SIM ARGS...]
# Exit 0: no regression; 1: a regression; 2: could not measure.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
pairs=5
baseline_bin=""
current_bin=""
max_slowdown=1.10
presim_max_slowdown=1.25
keep=""
sim_args=(--scale 1 --threads 2 --presimtime 50 --simtime 250)
while (($#)); do
  case $1 in
    --pairs) pairs=$2; shift 2 ;;
    --baseline-bin) baseline_bin=$2; shift 2 ;;
    --current-bin) current_bin=$2; shift 2 ;;
    --max-slowdown) max_slowdown=$2; shift 2 ;;
    --presim-max-slowdown) presim_max_slowdown=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --) shift; sim_args=("$@"); break ;;
    *) echo "perf-regression: unknown argument $1" >&2; exit 2 ;;
  esac
done
((pairs >= 5)) || { echo "perf-regression: at least 5 pairs" >&2; exit 2; }

if [ -z "$current_bin" ]; then
  [ -x build/snnbench ] || bash ci/build.sh
  current_bin=$repo/build/snnbench
fi
if [ -z "$baseline_bin" ]; then
  if [ -f results/baseline/REF ]; then ref=$(tr -d '[:space:]' < results/baseline/REF)
  else ref=HEAD~1; fi
  commit=$(git rev-parse --verify "$ref^{commit}") || { echo "perf-regression: no baseline commit $ref" >&2; exit 2; }
  cache=${SNN_CACHE:-/var/cache/snnbench}/perf/$commit
  if [ ! -x "$cache/snnbench" ]; then
    echo "perf-regression: building baseline $commit"
    tree=$(mktemp -d)
    git worktree add --detach "$tree" "$commit" >/dev/null
    cmake -S "$tree" -B "$tree/build" -DCMAKE_BUILD_TYPE=Release >/dev/null 2>&1
    cmake --build "$tree/build" -j"$(nproc)" --target snnbench >/dev/null
    mkdir -p "$cache"
    cp "$tree/build/snnbench" "$cache/snnbench"
    git worktree remove --force "$tree"
  fi
  baseline_bin=$cache/snnbench
  echo "perf-regression: baseline $commit ($ref)"
fi

work=${keep:-$(mktemp -d)}
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT
# measure SET N: N alternating pairs into $work/SET, then compare; the status of compare
measure() {
  local set=$1 pairs=$2 i side bin
  mkdir -p "$work/$set/baseline" "$work/$set/current"
  for ((i = 1; i <= pairs; i++)); do
    for side in baseline current; do
      bin=$baseline_bin; [ "$side" = current ] && bin=$current_bin
      "$bin" sim "${sim_args[@]}" --quiet --no-log -o "$work/$set/$side/pair$(printf %02d "$i").h5" \
        >/dev/null 2>"$work/$side.err" || { cat "$work/$side.err"; echo "perf-regression: the $side run failed"; return 2; }
    done
    echo "perf-regression: $set pair $i of $pairs done"
  done
  local gate others main_status presim_status
  gate=$("$current_bin" compare --list-gate)
  others=$(tr ',' '\n' <<<"$gate" | grep -vx time_presimulate | paste -sd, -)
  "$current_bin" compare --paired --max-slowdown "$max_slowdown" --only "$others" \
    "$work/$set/baseline" "$work/$set/current"
  main_status=$?
  "$current_bin" compare --paired --max-slowdown "$presim_max_slowdown" \
    --only time_presimulate "$work/$set/baseline" "$work/$set/current"
  presim_status=$?
  # the worse of the two: 2 (could not compare), else 1 (a regression), else 0
  if ((main_status == 2 || presim_status == 2)); then return 2; fi
  if ((main_status == 1 || presim_status == 1)); then return 1; fi
  return 0
}
set +e
measure first "$pairs"
status=$?
if [ $status = 1 ]; then
  echo "perf-regression: a regression in the first set of pairs; measuring a second set to confirm it"
  measure confirm $((2 * pairs))
  status=$?
  [ $status = 0 ] && echo "perf-regression: not confirmed by the second set (noise in the first): PASS"
  [ $status = 1 ] && echo "perf-regression: confirmed by the second set: FAIL"
fi
set -e
exit $status
