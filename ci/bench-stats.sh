#!/usr/bin/env bash
# Did a change to the engine's arithmetic move the network's statistics? Two builds run the
# seed's benchmark for seeds 1..SEEDS (interleaved); `snnbench analyze` gives each run's
# rates, irregularity, synchrony and weight moments; a Wilcoxon rank-sum test per figure
# (build/analysis/rank_sum_test) compares the two builds' samples. A change that keeps the
# arithmetic gives identical runs (counted by h5diff of the spike datasets and of the weight
# sample and histograms); one that rounds differently gives different runs with the same
# distribution.
# Exit 1 when a figure differs at the Bonferroni-corrected level 0.01 / figures.
#   usage: ci/bench-stats.sh A_SNNBENCH B_SNNBENCH [SEEDS] [THREADS] [sim options...]
#   e.g.   ci/bench-stats.sh /tmp/base/build/snnbench build/snnbench 10 2
set -euo pipefail
a=$1 b=$2 seeds=${3:-10} threads=${4:-2}
shift $(($# < 4 ? $# : 4))
rank_sum_test=${RANK_SUM_TEST:-$(dirname "$(realpath "$0")")/../build/analysis/rank_sum_test}
[ -x "$rank_sum_test" ] || { echo "no $rank_sum_test: build first (ci/build.sh)" >&2; exit 2; }
figures="average_rate rate_mean rate_I_mean cv_isi_mean synchrony weight_mean weight_std dip"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
column() { # column CSV NAME: the named column of the analysis's one data row
  awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i }
                        NR == 2 { print $c }' "$1"
}
same() { # same DATASET...: equal in this seed's two runs
  for d in "$@"; do h5diff -q "$work/a.h5" "$work/b.h5" "$d" "$d" >/dev/null 2>&1 || return 1; done
}
identical=0 identical_weights=0
for ((s = 1; s <= seeds; s++)); do
  for build in a b; do
    bin=$a; [ $build = b ] && bin=$b
    "$bin" sim --threads "$threads" --seed "$s" --record all -o "$work/$build.h5" --no-log --quiet \
      "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 2; }
    "$bin" analyze "$work/$build.h5" --csv --no-write >"$work/$build.csv" 2>"$work/err" ||
      { cat "$work/err" >&2; exit 2; }
    for f in $figures; do column "$work/$build.csv" "$f" >>"$work/$build.$f"; done
  done
  same /spikes/E/node_ids /spikes/E/timestamps /spikes/I/node_ids /spikes/I/timestamps &&
    identical=$((identical + 1))
  same /weights/sample /weights/histogram && identical_weights=$((identical_weights + 1))
  rm -f "$work/a.h5" "$work/b.h5"
done
n_figures=$(wc -w <<<"$figures")
level=$(awk -v k="$n_figures" 'BEGIN { print 0.01 / k }')
echo "seeds 1..$seeds, $threads threads (A = $a, B = $b): identical spikes in $identical of" \
  "$seeds runs, identical weights (sample and histograms) in $identical_weights"
printf "  %-14s %12s %12s %9s %10s  %s\n" figure "A median" "B median" z p verdict
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
status=0
for f in $figures; do
  if grep -qv '^[-+0-9.eE]*$' "$work/a.$f" "$work/b.$f"; then
    printf "  %-14s %12s %12s %9s %10s  %s\n" "$f" - - - - "not a number in every run"
    continue
  fi
  read -r _ _ _ z p _ < <("$rank_sum_test" "$work/a.$f" "$work/b.$f")
  verdict=same
  awk -v p="$p" -v l="$level" 'BEGIN { exit !(p < l) }' && verdict="DIFFERS (p < $level)" && status=1
  printf "  %-14s %12.6g %12.6g %9s %10s  %s\n" "$f" "$(median <"$work/a.$f")" "$(median <"$work/b.$f")" \
    "$z" "$p" "$verdict"
done
exit $status
