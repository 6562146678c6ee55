#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer) of the four inputs users hand to snnbench: --set
# assignments, scenario files, dip input and result files.
#   ci/fuzz.sh replay          CI: build with clang + ASan/UBSan, run each corpus and a fixed
#                              number of mutations from a fixed seed (deterministic)
#   ci/fuzz.sh campaign SECS   a longer campaign per target; new inputs are merged into the
#                              corpus in the repository, crashes land in build-fuzz/crashes
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-replay}
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSNN_FUZZ=ON >/dev/null
# target and the mutations a replay makes after running its corpus: the result reader's
# mutations reach crashes inside libhdf5 1.10 within about a thousand runs (README, known
# limits), so CI replays its corpus only; campaigns mutate it as much as the others
targets=(engine/fuzz:fuzz_set:20000 scenarios/fuzz:fuzz_scenario:20000
         analysis/fuzz:fuzz_dip_input:20000 analysis/fuzz:fuzz_result_reader:0)
names=()
for t in "${targets[@]}"; do t=${t#*:}; names+=("${t%%:*}"); done
cmake --build build-fuzz -j"$(nproc)" --target "${names[@]}" >/dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$PWD/ci/lsan.supp:print_suppressions=0
mkdir -p build-fuzz/crashes
for t in "${targets[@]}"; do
  dir=${t%%:*} rest=${t#*:}
  name=${rest%%:*} mutations=${rest#*:}
  corpus=$dir/corpus/$name
  binary=build-fuzz/$dir/$name
  if [ "$mode" = replay ]; then
    # a scratch copy: the mutations of a replay do not grow the corpus in the repository
    scratch=$(mktemp -d)
    cp -r "$corpus"/. "$scratch"/
    "$binary" -seed=1 -runs="$mutations" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix=build-fuzz/crashes/"$name"- "$scratch" 2>build-fuzz/"$name".log ||
      { tail -n 40 build-fuzz/"$name".log; exit 1; }
    rm -rf "$scratch"
    echo "$name: $(grep -o 'Done [0-9]* runs' build-fuzz/"$name".log), corpus of $(ls "$corpus" | wc -l)"
  else
    seconds=${2:-300}
    fresh=$(mktemp -d)
    "$binary" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix=build-fuzz/crashes/"$name"- "$fresh" "$corpus" \
      2>build-fuzz/"$name".log || echo "$name: stopped on a finding (build-fuzz/crashes)"
    grep -E '^#[0-9]+.*DONE|Done [0-9]+ runs' build-fuzz/"$name".log | tail -n 1 | sed "s/^/$name: /"
    # keep only what adds coverage
    "$binary" -merge=1 "$corpus" "$fresh" 2>/dev/null >/dev/null
    rm -rf "$fresh"
  fi
done
ls build-fuzz/crashes
