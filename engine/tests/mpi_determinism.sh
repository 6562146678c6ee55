#!/usr/bin/env bash
# Ranks x threads through the real mpiexec: the quick network (scale 0.1, indegrees / 10,
# 50 + 300 ms, every neuron recorded, weight snapshots every 100 ms, a short history horizon
# so that silent sources are caught up often) gives the same result file for
# 1x1, 1x2, 2x1, 2x2, 3x1 and 3x2, and 2x2 over the TCP transport (the one between
# machines), in every dataset: spikes, histograms, moments, sample. Provenance and timers
# may differ; events and the decomposition recorded must be right.
#   mpi_determinism.sh SNNBENCH
set -euo pipefail
snnbench=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# more ranks x threads than cores: oversubscribe, and let waiting ranks yield the core
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_mpi_yield_when_idle=1
args=(--scale 0.1 --set network.CE=900 --set network.CI=225 --set network.JE=0.44272
      --presimtime 50 --simtime 300 --set simulation.snapshot_interval=100
      --set simulation.history_horizon=20 --record all --quiet --no-log)
datasets=(/spikes/E/timestamps /spikes/E/node_ids /spikes/I/timestamps /spikes/I/node_ids
          /weights/histogram /weights/count /weights/mean /weights/std /weights/min /weights/max
          /weights/sample)
fingerprint() {
  local f=$1 d
  for d in "${datasets[@]}"; do h5dump -d "$d" -y -w 0 "$f" | sed 1d; done | sha256sum | cut -c1-16
}
attribute() { h5dump -a "$2" "$1" | sed -n 's/.*(0): //p'; }
failed=0
reference=""
for case in 1x1 1x2 2x1 2x2 3x1 3x2 2x2-tcp; do
  shape=${case%-tcp} ranks=${shape%x*} threads=${shape#*x}
  mca=()
  [ "$case" != "$shape" ] && mca=(--mca btl tcp,self)
  out=$work/$case.h5
  if ! mpiexec -n "$ranks" --bind-to none "${mca[@]}" "$snnbench" sim "${args[@]}" \
       --threads "$threads" -o "$out" >"$work/$case.log" 2>&1; then
    echo "FAIL $case: the run failed"; tail -5 "$work/$case.log"; failed=1; continue
  fi
  print=$(fingerprint "$out")
  [ -z "$reference" ] && reference=$print && reference_events=$(attribute "$out" /timers/synaptic_events_sim)
  got_ranks=$(attribute "$out" /provenance/ranks) got_threads=$(attribute "$out" /provenance/threads)
  events=$(attribute "$out" /timers/synaptic_events_sim)
  verdict=ok
  [ "$print" = "$reference" ] || verdict="datasets differ from 1x1"
  [ "$got_ranks $got_threads" = "$ranks $threads" ] || verdict="provenance says $got_ranks x $got_threads"
  [ "$events" = "$reference_events" ] || verdict="$events events, 1x1 had $reference_events"
  echo "$case: $print $events events: $verdict"
  [ "$verdict" = ok ] || failed=1
done
# a wrong rank count is refused
if mpiexec -n 2 --bind-to none "$snnbench" sim "${args[@]}" --set simulation.ranks=3 \
     -o "$work/wrong.h5" >"$work/wrong.log" 2>&1 ||
   ! grep -q 'simulation.ranks = 3, but 2 ranks were started' "$work/wrong.log"; then
  echo "FAIL: simulation.ranks = 3 under 2 ranks not refused"; cat "$work/wrong.log"; failed=1
fi
# the runner: ranks as a swept parameter, a point of several ranks under the launcher, the
# same network for 1x2 and 2x1; more ranks x threads than cores refused unless asked for
cat >"$work/ranks.cfg" <<CFG
name = "ranks";
simulation = { scale = 0.1; presimtime = 50.0; simtime = 300.0; };
network = { CE = 900; CI = 225; JE = 0.44272; };
sweep = { simulation = { ranks = [1, 2]; threads = [2, 1]; }; };
combine = "zip";
CFG
if "$snnbench" run "$work/ranks.cfg" -o "$work/study" --no-analysis >"$work/run.log" 2>&1; then
  rows=$(awk -F, 'NR > 1 && $3 == "\"ok\"" {print $0}' "$work/study/summary.csv" | wc -l)
  rates=$(awk -F, -v c="$(head -1 "$work/study/summary.csv" | tr ',' '\n' | grep -nx rate_mean | cut -d: -f1)" \
    'NR > 1 {print $c}' "$work/study/summary.csv" | sort -u | wc -l)
  if [ "$rows" != 2 ] || [ "$rates" != 1 ]; then
    echo "FAIL: runner: $rows ok rows, $rates distinct rates"; cat "$work/study/summary.csv"; failed=1
  else
    echo "runner: 1x2 and 2x1 points ok, the same rate"
  fi
else
  echo "FAIL: the runner failed"; cat "$work/run.log"; failed=1
fi
# the scenario names its launcher (a script that notes its arguments, then starts mpiexec);
# --launcher overrides it
cat >"$work/launch.sh" <<'SH'
#!/usr/bin/env bash
echo "$*" >>"$(dirname "$0")/launched.txt"
exec mpiexec --bind-to none "$@"
SH
chmod +x "$work/launch.sh"
cat >"$work/launcher.cfg" <<CFG
name = "launcher";
launcher = "$work/launch.sh";
simulation = { scale = 0.05; ranks = 2; threads = 1; presimtime = 10.0; simtime = 20.0; };
CFG
"$snnbench" run "$work/launcher.cfg" -o "$work/launcher" --no-analysis >"$work/launcher.log" 2>&1 &&
  grep -q -- "^-n 2 .* sim " "$work/launched.txt" 2>/dev/null ||
  { echo "FAIL: the scenario's launcher was not used"; cat "$work/launcher.log"; failed=1; }
"$snnbench" run "$work/launcher.cfg" -o "$work/launcher2" --no-analysis \
  --launcher "mpiexec --bind-to none" >"$work/launcher.log" 2>&1 &&
  [ "$(wc -l <"$work/launched.txt")" = 1 ] ||
  { echo "FAIL: --launcher did not override the scenario's"; cat "$work/launcher.log"; failed=1; }
cores=$(nproc)
cat >"$work/over.cfg" <<CFG
name = "over";
simulation = { scale = 0.1; ranks = $((cores + 1)); threads = 1; simtime = 50.0; };
CFG
if "$snnbench" run "$work/over.cfg" -o "$work/over" --no-analysis >"$work/over.log" 2>&1 ||
   ! grep -q "refused: $((cores + 1)) ranks x threads, $cores cores" "$work/over.log"; then
  echo "FAIL: $((cores + 1)) ranks on $cores cores not refused"; cat "$work/over.log"; failed=1
fi
# every rank logs under its own number on stdout (ranks below 5) and into its own file (ranks
# below 30: NAME.rank<r>.log beside rank 0's NAME.log); rank 0 alone writes the result; the
# per-rank timers have one value per rank
grep -q '^1 .* # sim_time' "$work/2x1.log" || { echo "FAIL: rank 1 logged no sim_time"; failed=1; }
args_log=("${args[@]/--no-log/}")
mpiexec -n 3 --bind-to none "$snnbench" sim ${args_log[@]} --threads 1 -o "$work/logs.h5" \
  >/dev/null 2>&1 || { echo "FAIL: the 3x1 run with logs failed"; failed=1; }
for r in 1 2; do
  grep -q "^$r .* # sim_time" "$work/logs.rank$r.log" 2>/dev/null ||
    { echo "FAIL: logs.rank$r.log lacks rank $r's sim_time"; failed=1; }
done
grep -q '^0 .* # sim_time' "$work/logs.log" || { echo "FAIL: logs.log lacks rank 0's lines"; failed=1; }
# where each rank ran and how many CPUs it could use (the binding), one entry per rank
hosts=$(attribute "$work/logs.h5" /provenance/rank_hostnames)
cpus=$(attribute "$work/logs.h5" /provenance/rank_cpus_allowed)
[[ $hosts =~ ^\"[^,]+,[^,]+,[^,]+\"$ && $cpus =~ ^\"[1-9][0-9]*,[1-9][0-9]*,[1-9][0-9]*\"$ ]] ||
  { echo "FAIL: rank_hostnames $hosts, rank_cpus_allowed $cpus"; failed=1; }
# and which E->E row loop each rank ran: the same CPU, so the same loop three times
loops=$(attribute "$work/logs.h5" /provenance/rank_ee_row_loop)
[[ $loops =~ ^\"(avx512-gathers|avx512|avx2|scalar),([a-z0-9-]+),([a-z0-9-]+)\"$ &&
   ${BASH_REMATCH[1]} = "${BASH_REMATCH[2]}" && ${BASH_REMATCH[1]} = "${BASH_REMATCH[3]}" ]] ||
  { echo "FAIL: rank_ee_row_loop $loops"; failed=1; }
per_rank=$(h5dump -d /timers/ranks/time_communicate_spike_data "$work/logs.h5" | sed -n 's/.*(0): //p')
[ "$(echo "$per_rank" | tr ',' '\n' | wc -l)" = 3 ] ||
  { echo "FAIL: /timers/ranks/time_communicate_spike_data is '$per_rank'"; failed=1; }
# waiting for the other ranks is part of the exchange, rank by rank
waited=$(h5dump -d /timers/ranks/time_mpi_synchronization "$work/logs.h5" | sed -n 's/.*(0): //p')
paste -d' ' <(echo "$waited" | tr ',' '\n') <(echo "$per_rank" | tr ',' '\n') |
  awk 'NF != 2 || $1 < 0 || $1 > $2 { bad = 1 } END { exit bad || NR != 3 }' ||
  { echo "FAIL: time_mpi_synchronization '$waited' against the exchange '$per_rank'"; failed=1; }
[ "$(ls "$work")" = "$(ls "$work" | grep -v part)" ] || { echo "FAIL: a .part is left"; failed=1; }
exit $failed
