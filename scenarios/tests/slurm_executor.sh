#!/usr/bin/env bash
# snnbench run --executor slurm against a real one-node Slurm (started by the fixture
# slurm_cluster, ci/tests/slurm-cluster.sh; SLURM_CONF from its folder):
#  - a 4-point study (1 rank x 2 threads and 2 ranks x 1 thread through srun --mpi=pmix, two
#    seeds) in a folder named like "my study's $(date)" gives the same result files and
#    summary as the same study run locally, and the 2-rank points the same spikes as their
#    1-rank twins;
#  - --no-wait returns with the points queued, --collect picks them up;
#  - a point cancelled in the queue is reported failed with its job, and the next run
#    submits that one again and keeps the others;
#  - --dry-run prints the batch scripts and submits nothing; no Slurm gives a clear error.
#   slurm_executor.sh SNNBENCH CLUSTER_DIR
set -uo pipefail
snnbench=$1 cluster=$2
if [ ! -s "$cluster/slurm.conf" ]; then
  echo "slurm_executor: no Slurm cluster (slurm-wlm not installed, or it did not start)"
  [ "${CI:-}" = true ] && exit 1 # CI installs and starts it: a failure there
  echo "slurm_executor: skipped"
  exit 77
fi
export SLURM_CONF=$cluster/slurm.conf
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
work=$(mktemp -d)
trap 'scancel -u "$(id -u)" 2>/dev/null; rm -rf "$work"' EXIT
failed=0
fail() {
  echo "FAIL: $*"
  failed=1
}
datasets=(/spikes/E/timestamps /spikes/E/node_ids /spikes/I/timestamps /spikes/I/node_ids
          /weights/histogram /weights/count /weights/mean /weights/std /weights/sample)
fingerprint() {
  local d
  for d in "${datasets[@]}"; do h5dump -d "$d" -y -w 0 "$1" | sed 1d; done | sha256sum | cut -c1-16
}
# until no job of ours is queued or running (the summary job holds the study's lock briefly)
drain() {
  for ((i = 0; i < 600; i++)); do
    [ -z "$(squeue -h -u "$(id -u)")" ] && return 0
    sleep 0.1
  done
  fail "jobs still queued after 60 s: $(squeue -u "$(id -u)")"
}
# the summary without the columns that are times or memory
summary_rows() { python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
keep = [i for i, h in enumerate(rows[0]) if not any(w in h for w in ("time", "rtf", "Vm", "memory", "events_per", "bytes", "file"))]
for r in rows:
    print(",".join(r[i] for i in keep))
PY
}
cat >"$work/study.cfg" <<CFG
name = "slurmstudy";
simulation = { scale = 0.1; presimtime = 20.0; simtime = 100.0; };
network = { CE = 900; CI = 225; JE = 0.44272; };
sweep = { simulation = { seed = [1, 1, 2, 2]; ranks = [1, 2, 1, 2]; threads = [2, 1, 2, 1]; }; };
combine = "zip";
CFG
odd="$work/my study's \$(date)"
mkdir -p "$odd"

# 1. the same study locally and through Slurm
"$snnbench" run "$work/study.cfg" -o "$work/local" --no-analysis --oversubscribe >"$work/local.log" 2>&1 ||
  fail "the local run: $(tail -5 "$work/local.log")"
"$snnbench" run "$work/study.cfg" -o "$odd/slurm" --executor slurm --poll 0.5 --no-analysis \
  >"$work/slurm.log" 2>&1 || fail "the Slurm run: $(tail -5 "$work/slurm.log")"
grep -q "submitted array-" "$work/slurm.log" || fail "no array submitted: $(cat "$work/slurm.log")"
grep -q "1 point of 2 ranks x 1 thread\|2 points of 2 ranks x 1 thread" "$work/slurm.log" ||
  fail "no array of the 2-rank shape"
for p in p001-seed1-ranks1-threads2 p002-seed1-ranks2-threads1 p003-seed2-ranks1-threads2 p004-seed2-ranks2-threads1; do
  [ -s "$odd/slurm/$p.h5" ] || { fail "$p: no result through Slurm"; continue; }
  [ "$(fingerprint "$work/local/$p.h5")" = "$(fingerprint "$odd/slurm/$p.h5")" ] ||
    fail "$p differs between the local and the Slurm run"
done
[ "$(fingerprint "$odd/slurm/p001-seed1-ranks1-threads2.h5")" = "$(fingerprint "$odd/slurm/p002-seed1-ranks2-threads1.h5")" ] ||
  fail "2 ranks through srun --mpi=pmix differ from 1 rank x 2 threads"
ranks=$(h5dump -a /provenance/ranks "$odd/slurm/p002-seed1-ranks2-threads1.h5" | sed -n 's/.*(0): //p')
[ "$ranks" = 2 ] || fail "the 2-rank point ran on '$ranks' ranks"
[ "$(summary_rows "$work/local/summary.csv")" = "$(summary_rows "$odd/slurm/summary.csv")" ] ||
  fail "summaries differ: $(diff <(summary_rows "$work/local/summary.csv") <(summary_rows "$odd/slurm/summary.csv"))"
drain
ls "$odd/slurm"/*.part 2>/dev/null && fail "a .part is left"
# --no-analysis holds for the summary job too: no report written after the runner returned
[ -e "$odd/slurm/report.html" ] && fail "a report was written for a study run with --no-analysis"
grep -q "'--no-analysis'" "$odd/slurm/slurm/summary.sh" || fail "the summary job lacks --no-analysis"
# the batch scripts run nothing but snnbench, with the folder quoted
grep -h "^exec " "$odd/slurm/slurm"/*.sh | grep -v "^exec '[^']*snnbench' " && fail "a script runs something else"

# 2. --no-wait, then --collect
"$snnbench" run "$work/study.cfg" -o "$work/later" --executor slurm --no-wait --no-analysis \
  >"$work/nowait.log" 2>&1 || fail "--no-wait: $(tail -3 "$work/nowait.log")"
grep -q "queued or running in Slurm" "$work/nowait.log" || fail "--no-wait did not say what is queued: $(tail -3 "$work/nowait.log")"
"$snnbench" run "$work/study.cfg" -o "$work/later" --executor slurm --collect --poll 0.5 --no-analysis \
  >"$work/collect.log" 2>&1 || fail "--collect: $(tail -5 "$work/collect.log")"
grep -q "4 of 4 points ok" "$work/collect.log" || fail "--collect: $(tail -3 "$work/collect.log")"
[ "$(grep -c "submitted array-" "$work/collect.log")" = 0 ] || fail "--collect submitted"
[ "$(cut -f1 "$work/later/slurm/jobs.tsv" | sort | uniq -d)" = "" ] || fail "a point was submitted twice"

# 3. a point cancelled in the queue: failed with its job; the next run submits it alone
"$snnbench" run "$work/study.cfg" -o "$work/cancel" --executor slurm --no-wait --no-analysis \
  --sbatch-args "--hold" >"$work/held.log" 2>&1 || fail "held submission: $(tail -3 "$work/held.log")"
victim=$(awk -F'\t' '$1 == "p003-seed2-ranks1-threads2" { print $2 }' "$work/cancel/slurm/jobs.tsv")
scancel "$victim" || fail "scancel $victim"
for job in $(cut -f2 "$work/cancel/slurm/jobs.tsv" | cut -d_ -f1 | sort -u); do scontrol release "$job" 2>/dev/null; done
for job in $(squeue -h -u "$(id -u)" -o %i -t PD | grep -v _ ); do scontrol release "$job" 2>/dev/null; done
"$snnbench" run "$work/study.cfg" -o "$work/cancel" --executor slurm --collect --poll 0.5 --no-analysis \
  >"$work/cancelled.log" 2>&1
[ $? = 1 ] || fail "a cancelled point: the study did not fail: $(tail -5 "$work/cancelled.log")"
grep -q "p003-seed2-ranks1-threads2 *failed: job $victim .*before it started" "$work/cancelled.log" ||
  fail "the failure table lacks the cancelled point and its job: $(tail -6 "$work/cancelled.log")"
drain
"$snnbench" run "$work/study.cfg" -o "$work/cancel" --executor slurm --poll 0.5 --no-analysis \
  >"$work/again.log" 2>&1 || fail "the rerun: $(tail -5 "$work/again.log")"
grep -q "p003-seed2-ranks1-threads2: submitted again" "$work/again.log" || fail "not submitted again"
[ "$(grep -c "submitted array-" "$work/again.log")" = 1 ] && grep -q "1 point of 1 rank x 2 threads" "$work/again.log" ||
  fail "the rerun submitted more than the failed point: $(grep submitted "$work/again.log")"
grep -q "4 of 4 points ok" "$work/again.log" || fail "the rerun: $(tail -3 "$work/again.log")"

# 4. arrays split at the cluster's MaxArraySize (the test cluster's is 2: indices 0 and 1)
cat >"$work/three.cfg" <<CFG
name = "three";
simulation = { scale = 0.05; threads = 1; presimtime = 10.0; simtime = 20.0; };
sweep = { simulation = { seed = [1, 2, 3]; }; };
CFG
max_array=$(scontrol show config | awk '$1 == "MaxArraySize" { print $3 }')
"$snnbench" run "$work/three.cfg" -o "$work/three" --executor slurm --poll 0.5 --no-analysis \
  >"$work/three.log" 2>&1 || fail "three points: $(tail -3 "$work/three.log")"
[ "$max_array" = 2 ] || fail "the test cluster's MaxArraySize is '$max_array', not 2"
grep -q "2 points of 1 rank x 1 thread" "$work/three.log" && grep -q "1 point of 1 rank x 1 thread" "$work/three.log" ||
  fail "3 points of one shape with MaxArraySize 2 were not split 2 + 1: $(grep submitted "$work/three.log")"
grep -q "3 of 3 points ok" "$work/three.log" || fail "three points: $(tail -3 "$work/three.log")"
drain

# 5. Ctrl-C while waiting cancels nothing; with --cancel-on-interrupt it cancels the study's jobs
"$snnbench" run "$work/three.cfg" -o "$work/interrupt" --executor slurm --poll 0.2 --no-analysis \
  --sbatch-args "--hold" >"$work/interrupt.log" 2>&1 &
runner=$!
for ((i = 0; i < 100; i++)); do grep -q "pending" "$work/interrupt.log" && break; sleep 0.1; done
kill -INT $runner
wait $runner
[ $? = 130 ] || fail "the runner did not end by SIGINT"
queued=$(squeue -h -u "$(id -u)" -r | grep -c -v summary)
[ "$queued" -ge 3 ] || fail "Ctrl-C cancelled jobs: $queued left"
grep -q "go on in Slurm" "$work/interrupt.log" || fail "Ctrl-C: $(tail -3 "$work/interrupt.log")"
"$snnbench" run "$work/three.cfg" -o "$work/interrupt" --executor slurm --collect --poll 0.2 \
  --cancel-on-interrupt --no-analysis >"$work/cancel-int.log" 2>&1 &
runner=$!
for ((i = 0; i < 100; i++)); do grep -q "pending" "$work/cancel-int.log" && break; sleep 0.1; done
kill -INT $runner
wait $runner
grep -q "cancelled 3 queued or running points" "$work/cancel-int.log" || fail "--cancel-on-interrupt: $(tail -3 "$work/cancel-int.log")"
scancel -u "$(id -u)" # the held summary job
drain

# 6. --dry-run submits nothing; a missing Slurm is a clear error
before=$(squeue -h -u "$(id -u)" | wc -l)
"$snnbench" run "$work/study.cfg" -o "$work/dry" --executor slurm --dry-run >"$work/dry.log" 2>&1 ||
  fail "--dry-run: $(tail -3 "$work/dry.log")"
grep -q "^exec '.*snnbench' slurm-task " "$work/dry.log" && grep -q "^'sbatch' '--parsable'" "$work/dry.log" ||
  fail "--dry-run printed no script: $(head -20 "$work/dry.log")"
[ ! -e "$work/dry" ] && [ "$(squeue -h -u "$(id -u)" | wc -l)" = "$before" ] || fail "--dry-run submitted or wrote"
PATH=/usr/local/nowhere "$snnbench" run "$work/study.cfg" -o "$work/noslurm" --executor slurm \
  >"$work/noslurm.log" 2>&1
[ $? != 0 ] && grep -q "squeue could not be started" "$work/noslurm.log" || fail "no Slurm: $(cat "$work/noslurm.log")"
[ $failed = 0 ] && echo "slurm_executor: all checks passed"
exit $failed
