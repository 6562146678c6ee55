#!/usr/bin/env bash
# A rank that fails ends the whole run, through the real mpiexec, with a message that names
# it and no file left behind: rank 1 out of memory (a limit on its address space only), rank
# 1 killed in the middle of the simulation (SIGKILL: it cannot clean up, rank 0 removes its
# log's .part when the launcher terminates it). Ranks started with different command lines
# run rank 0's parameters (they are broadcast, so that ranks cannot disagree).
#   mpi_failures.sh SNNBENCH
set -uo pipefail
snnbench=$1
work=$(mktemp -d)
trap 'pkill -9 -f "$work" 2>/dev/null; rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1
failed=0
fail() {
  echo "FAIL: $*"
  failed=1
}
leftovers() { find "$1" -mindepth 1 | grep -v -e '/out.txt$' -e '/pid' || true; }

# 1. rank 1 runs out of memory while building (400 MB of address space: enough to start,
#    not for its 0.4 GB of synapses)
mkdir "$work/oom"
mpiexec -n 2 --bind-to none sh -c 'if [ "$OMPI_COMM_WORLD_RANK" = 1 ]; then ulimit -v 400000; fi
  exec "$0" sim --scale 1 --threads 1 --presimtime 10 --simtime 20 --quiet -o "$1/r.h5"' \
  "$snnbench" "$work/oom" >"$work/oom/out.txt" 2>&1
status=$?
[ $status != 0 ] || fail "a rank out of memory: mpiexec exit 0"
grep -q "rank 1 of 2: out of memory for this rank's share" "$work/oom/out.txt" ||
  fail "no message naming rank 1: $(cat "$work/oom/out.txt")"
[ -z "$(leftovers "$work/oom")" ] || fail "left behind: $(leftovers "$work/oom")"

# 2. rank 1 killed during the simulation
mkdir "$work/kill"
mpiexec -n 2 --bind-to none sh -c 'echo $$ >"$1/pid$OMPI_COMM_WORLD_RANK"
  exec "$0" sim --scale 0.2 --threads 1 --presimtime 10 --simtime 100000 -o "$1/r.h5"' \
  "$snnbench" "$work/kill" >"$work/kill/out.txt" 2>&1 &
launcher=$!
for ((i = 0; i < 600; i++)); do # until both ranks simulate (at most 60 s)
  grep -q "^1 .* # presim_time" "$work/kill/r.rank1.log.part" 2>/dev/null && break
  sleep 0.1
done
[ -e "$work/kill/r.h5.part" ] && [ -e "$work/kill/r.rank1.log.part" ] ||
  fail "the run did not claim its files: $(ls "$work/kill")"
kill -9 "$(cat "$work/kill/pid1")"
wait $launcher
status=$?
[ $status != 0 ] || fail "a killed rank: mpiexec exit 0"
grep -q "exited on signal 9" "$work/kill/out.txt" || fail "no word of the killed rank: $(tail -5 "$work/kill/out.txt")"
[ -z "$(leftovers "$work/kill")" ] || fail "left behind: $(leftovers "$work/kill")"
pgrep -f "$work/kill/r.h5" >/dev/null && fail "a rank of the killed run still lives"

# 3. different command lines: rank 0's parameters win
mkdir "$work/mpmd"
mpiexec --bind-to none -n 1 "$snnbench" sim --scale 0.05 --simtime 30 --quiet -o "$work/mpmd/r.h5" : \
  -n 1 "$snnbench" sim --scale 0.07 --simtime 40 --seed 9 --quiet -o "$work/mpmd/other.h5" \
  >"$work/mpmd/out.txt" 2>&1 || fail "MPMD run: $(cat "$work/mpmd/out.txt")"
[ -e "$work/mpmd/r.h5" ] && [ ! -e "$work/mpmd/other.h5" ] || fail "files: $(ls "$work/mpmd")"
simtime=$(h5dump -a /config/simulation.simtime "$work/mpmd/r.h5" 2>/dev/null | sed -n 's/.*(0): //p')
ranks_seen=$(awk '$3 == "#" && $4 == "num_connections" { print $1 "=" $2 }' "$work/mpmd/out.txt" | sort | tr '\n' ' ')
[ "$simtime" = 30 ] || fail "the result's simtime is '$simtime', rank 0 asked for 30"
synapses=$("$snnbench" sim --scale 0.05 --print-config | awk '$1 == "synapses" { print $2 }')
[ "$ranks_seen" = "0=$synapses 1=$synapses " ] ||
  fail "ranks disagree on the network: $ranks_seen (scale 0.05 has $synapses synapses)"

[ $failed = 0 ] && echo "mpi_failures: all checks passed"
exit $failed
