#!/usr/bin/env bash
# snnbench run --jobs: two 1-thread points run at the same time on this 2-core machine (their
# start and end times in the provenance overlap) and give the same files as --jobs 1, where
# they run one after the other; two 2-thread points under --jobs 2 still run one after the
# other (together they would need 4 cores); --jobs 0 is refused.
#   runner_jobs.sh SNNBENCH
set -uo pipefail
snnbench=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() {
  echo "FAIL: $*"
  failed=1
}
attribute() { h5dump -a "$2" "$1" 2>/dev/null | sed -n 's/.*(0): "\(.*\)"/\1/p'; }
seconds() { date -d "$1" +%s; }
datasets=(/spikes/E/timestamps /spikes/E/node_ids /weights/histogram /weights/sample)
fingerprint() {
  local d
  for d in "${datasets[@]}"; do h5dump -d "$d" -y -w 0 "$1" | sed 1d; done | sha256sum | cut -c1-16
}
# overlap DIR A B: A and B ran at the same time. The provenance's times are whole seconds, so
# a point must run for several (3.4 s here; at 4 s of simulated time a point took 1.2 s,
# and two that began and ended within the same second did not count as overlapping).
overlap() {
  local s1 e1 s2 e2
  s1=$(seconds "$(attribute "$1/$2.h5" /provenance/start_time)")
  e1=$(seconds "$(attribute "$1/$2.h5" /provenance/end_time)")
  s2=$(seconds "$(attribute "$1/$3.h5" /provenance/start_time)")
  e2=$(seconds "$(attribute "$1/$3.h5" /provenance/end_time)")
  [ "$s2" -lt "$e1" ] && [ "$s1" -lt "$e2" ]
}
cat >"$work/two.cfg" <<CFG
name = "two";
simulation = { scale = 0.1; threads = 1; presimtime = 50.0; simtime = 16000.0; };
network = { CE = 900; CI = 225; JE = 0.44272; };
sweep = { simulation = { seed = [1, 2]; }; };
CFG
for jobs in 1 2; do
  "$snnbench" run "$work/two.cfg" -o "$work/jobs$jobs" --jobs $jobs --no-analysis >"$work/jobs$jobs.log" 2>&1 ||
    fail "--jobs $jobs: $(cat "$work/jobs$jobs.log")"
done
overlap "$work/jobs2" p001-seed1 p002-seed2 || fail "--jobs 2: the two points did not overlap"
overlap "$work/jobs1" p001-seed1 p002-seed2 && fail "--jobs 1: the two points overlapped"
for p in p001-seed1 p002-seed2; do
  [ "$(fingerprint "$work/jobs1/$p.h5")" = "$(fingerprint "$work/jobs2/$p.h5")" ] ||
    fail "$p differs between --jobs 1 and --jobs 2"
done
cut -d, -f1-3 "$work/jobs2/summary.csv" | grep -c '"ok"' | grep -qx 2 || fail "summary: $(cat "$work/jobs2/summary.csv")"
# two points of 2 threads each do not fit 2 cores together
if [ "$(nproc)" = 2 ]; then
  sed 's/threads = 1;/threads = 2;/; s/simtime = 16000.0/simtime = 8000.0/' "$work/two.cfg" >"$work/wide.cfg"
  "$snnbench" run "$work/wide.cfg" -o "$work/wide" --jobs 2 --no-analysis >"$work/wide.log" 2>&1 ||
    fail "2-thread points: $(cat "$work/wide.log")"
  overlap "$work/wide" p001-seed1 p002-seed2 && fail "--jobs 2 ran two 2-thread points at once on 2 cores"
fi
"$snnbench" run "$work/two.cfg" -o "$work/zero" --jobs 0 >"$work/zero.log" 2>&1
[ $? = 2 ] && grep -q -- "--jobs 0: allowed: an integer in \[1, 256\]" "$work/zero.log" || fail "--jobs 0: $(cat "$work/zero.log")"
[ ! -e "$work/zero" ] || fail "--jobs 0 made the study folder"
[ $failed = 0 ] && echo "runner_jobs: all checks passed"
exit $failed
