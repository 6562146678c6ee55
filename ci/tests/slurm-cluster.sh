#!/usr/bin/env bash
# A one-node Slurm on this machine, for the tests: munged, slurmctld and slurmd from
# Debian's packages, run in the foreground of their own processes (no systemd), with every
# file under DIR. Stopped by PID.
#   slurm-cluster.sh start DIR   start it; prints the line to source: export SLURM_CONF=...
#   slurm-cluster.sh stop DIR    stop it (and whatever jobs still run), remove nothing else
# Exit 77 from start: Slurm is not installed (the tests then report themselves skipped,
# unless CI=true, where that is a failure).
set -uo pipefail
action=$1 dir=$2
conf=$dir/slurm.conf

stop() {
  for name in slurmd slurmctld munged; do
    [ -s "$dir/$name.pid" ] || continue
    pid=$(cat "$dir/$name.pid")
    kill "$pid" 2>/dev/null
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
    rm -f "$dir/$name.pid"
  done
  # job steps left by a killed slurmd
  pkill -9 -f "slurmstepd.*$dir" 2>/dev/null
  return 0
}

if [ "$action" = stop ]; then
  stop
  exit 0
fi
for cmd in munged slurmctld slurmd sbatch squeue; do
  command -v $cmd >/dev/null && continue
  echo "slurm-cluster: $cmd is not installed (apt-get install slurm-wlm munge)"
  [ "${CI:-}" = true ] && exit 1 # CI installs it: its absence is a failure there
  exit 77
done
stop # a cluster left from an earlier run
rm -rf "$dir"
mkdir -p "$dir"/{state,spool,log,munge}
chmod 700 "$dir/munge"
head -c 1024 /dev/urandom >"$dir/munge/munge.key"
chmod 400 "$dir/munge/munge.key"
host=$(hostname -s)
cpus=$(nproc)
# memory for jobs: what the machine has, less 2 GB for everything else
mem_mb=$(($(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 2048))
# free ports, so that a second cluster (or a site's own Slurm) does not collide
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ctld_port=$(port) d_port=$(port)
cat >"$conf" <<CONF
ClusterName=snnbenchtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid.slurm
SlurmdPidFile=$dir/slurmd.pid.slurm
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1000
MailProg=/bin/true
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
MinJobAge=300
MaxArraySize=${SNN_SLURM_MAX_ARRAY_SIZE:-1001}
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$conf
munged --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
  --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" \
  --seed-file="$dir/munge/munged.seed" || { echo "slurm-cluster: munged did not start"; exit 1; }
cp "$dir/munge/munged.pid" "$dir/munged.pid"
slurmctld -D -i -f "$conf" >>"$dir/log/slurmctld.out" 2>&1 &
echo $! >"$dir/slurmctld.pid"
slurmd -D -f "$conf" >>"$dir/log/slurmd.out" 2>&1 &
echo $! >"$dir/slurmd.pid"
for ((i = 0; i < 300; i++)); do # until the node takes jobs (at most 30 s)
  state=$(sinfo -h -N -o %t 2>/dev/null)
  [ "$state" = idle ] && { echo "export SLURM_CONF=$conf"; exit 0; }
  sleep 0.1
done
rm -f "$conf" # the tests see no cluster
echo "slurm-cluster: the node did not become idle (state '$state'); logs in $dir/log"
tail -5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" 2>/dev/null
stop
exit 1
