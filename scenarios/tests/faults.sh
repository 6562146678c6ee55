#!/usr/bin/env bash
# Fault tests of every writer: a full disk (a real, small tmpfs where this runs as root, and
# RLIMIT_FSIZE everywhere) and SIGKILL at every write of the result writer (strace's fault
# injection). After each fault: a clear message and a documented exit status (never a crash),
# no .part left by a process that could clean up, and every file that exists is whole.
# Usage: faults.sh SNNBENCH
set -uo pipefail
snnbench=$(realpath "$1")
work=$(mktemp -d /tmp/snnbench-faults-XXXXXX)
full=$work/full
passed=0 failed=0
check() { # check CONDITION-STATUS MESSAGE
  if [ "$1" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $2"; fi
}
cleanup() {
  mountpoint -q "$full" 2>/dev/null && umount "$full"
  rm -rf "$work"
}
trap cleanup EXIT
small=(--scale 0.02 --presimtime 10 --simtime 40 --quiet)

# What an undisturbed run writes: spikes, weights and config, the parts that must reproduce
# (timers and times of day differ between runs).
content() { h5dump -g /spikes -g /weights -g /config "$1" 2>/dev/null | grep -v '^HDF5 "'; }
whole() { h5dump -H "$1" >/dev/null 2>&1 && "$snnbench" analyze --no-write "$1" >/dev/null 2>&1; }
no_parts() { ! find "$1" -name '*.part' | grep -q .; }

"$snnbench" sim "${small[@]}" --no-log -o "$work/reference.h5" >/dev/null 2>&1
check $? "reference run"
reference=$(content "$work/reference.h5")
check $([ -n "$reference" ]; echo $?) "reference content readable"

# --- 1. disk full: a tmpfs filled up to leave FREE kB, for each writer
can_mount=0
mkdir -p "$full"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=2m tmpfs "$full" 2>/dev/null; then
  umount "$full"
  can_mount=1
fi
fresh_disk() { # fresh_disk FREE_KB: an empty 2 MB tmpfs holding a filler that leaves FREE_KB
  mountpoint -q "$full" && umount "$full"
  mount -t tmpfs -o size=2m tmpfs "$full"
  dd if=/dev/zero of="$full/filler" bs=1k count=$((2048 - $1)) status=none 2>/dev/null
}
ended_cleanly() { # exit status 0, 1 or 2, with a message on failure
  [ "$1" -le 2 ] && { [ "$1" -eq 0 ] || [ -s "$2" ]; }
}
if [ $can_mount = 1 ]; then
  for free in 0 4 8 16 24 32 40 48 56 64 96; do
    # the result and its log
    fresh_disk $free
    "$snnbench" sim "${small[@]}" -o "$full/r.h5" >/dev/null 2>"$work/err"
    rc=$?
    check $(ended_cleanly $rc "$work/err"; echo $?) "sim, $free kB free: exit $rc, $(cat "$work/err")"
    check $(no_parts "$full"; echo $?) "sim, $free kB free: a .part was left"
    if [ $rc -eq 0 ]; then
      check $(whole "$full/r.h5"; echo $?) "sim, $free kB free: exit 0 but the result is not whole"
      check $([ "$(content "$full/r.h5")" = "$reference" ]; echo $?) "sim, $free kB free: result differs"
    else
      check $([ ! -e "$full/r.h5" ] && [ ! -e "$full/r.log" ]; echo $?) "sim, $free kB free: failed but left files"
      grep -q "disk full: .* kB free" "$work/err"
      check $? "sim, $free kB free: message does not say the disk is full: $(cat "$work/err")"
    fi
    # analysis beside a result on the full disk: the result stays as it was
    fresh_disk 64
    cp "$work/reference.h5" "$full/r.h5"
    before=$(sha256sum < "$full/r.h5")
    dd if=/dev/zero of="$full/filler2" bs=1k count=$((64 - free - 52)) status=none 2>/dev/null
    "$snnbench" analyze "$full/r.h5" >/dev/null 2>"$work/err"
    rc=$?
    check $(ended_cleanly $rc "$work/err"; echo $?) "analyze, full disk: exit $rc"
    check $([ "$(sha256sum < "$full/r.h5")" = "$before" ]; echo $?) "analyze changed the result file"
    check $(no_parts "$full"; echo $?) "analyze, full disk: a .part was left"
    [ $rc -ne 0 ] && check $([ ! -e "$full/r.analysis.h5" ]; echo $?) "analyze failed but left its file"
    # figures into a full disk: no empty figure, no .part
    fresh_disk $free
    "$snnbench" plot "$work/reference.h5" -o "$full/plots" >/dev/null 2>"$work/err"
    rc=$?
    check $(ended_cleanly $rc "$work/err"; echo $?) "plot, $free kB free: exit $rc"
    check $(no_parts "$full"; echo $?) "plot, $free kB free: a .part was left"
    check $([ -z "$(find "$full" -name '*.png' -size 0)" ]; echo $?) "plot, $free kB free: an empty PNG"
  done
  # a study on a full disk: the failing point is recorded, the runner goes on and exits 1
  cat > "$work/two.cfg" <<'CFG'
name = "two";
simulation = { scale = 0.02; presimtime = 10.0; simtime = 40.0; };
sweep = { simulation = { seed = [1, 2]; }; };
CFG
  for free in 8 40 80 120; do
    fresh_disk $free
    "$snnbench" run "$work/two.cfg" -o "$full/study" --no-analysis >"$work/out" 2>"$work/err"
    rc=$?
    check $([ $rc -le 2 ]; echo $?) "run, $free kB free: exit $rc (a crash?)"
    check $(no_parts "$full"; echo $?) "run, $free kB free: a .part was left"
    for f in "$full"/study/p*.h5; do
      [ -e "$f" ] && check $(whole "$f"; echo $?) "run, $free kB free: $f is not whole"
    done
    if [ $rc -eq 1 ]; then
      grep -q "failed points:" "$work/out"
      check $? "run, $free kB free: exit 1 without a failure table"
    fi
  done
  # a report on a full disk: published whole, or refused naming the full disk with the
  # older report, the results and every other file of the study as they were
  "$snnbench" run "$work/two.cfg" -o "$work/rstudy" >/dev/null 2>&1
  check $? "the study to report on"
  rm -rf "$work"/rstudy/*plots "$work/rstudy/study.lock"
  for free in 0 16 64 160 320 640 1280; do
    mountpoint -q "$full" && umount "$full"
    mount -t tmpfs -o size=4m tmpfs "$full"
    cp -r "$work/rstudy" "$full/study"
    avail=$(df --output=avail -k "$full" | tail -1)
    dd if=/dev/zero of="$full/filler" bs=1k count=$((avail > free ? avail - free : 0)) status=none 2>/dev/null
    before=$(cd "$full/study" && sha256sum -- *)
    "$snnbench" report "$full/study" >/dev/null 2>"$work/err"
    rc=$?
    check $([ $rc = 0 ] || { [ $rc = 2 ] && grep -q "disk full\|No space left" "$work/err"; }; echo $?) \
      "report, $free kB free: exit $rc, $(cat "$work/err")"
    check $([ -z "$(find "$full" -name '*.part' -o -name '*.figures-*')" ]; echo $?) "report, $free kB free: left a .part"
    if [ $rc = 0 ]; then
      check $(tail -c 8 "$full/study/report.html" | grep -q "</html>"; echo $?) "report, $free kB free: exit 0, not whole"
      check $([ "$(cd "$full/study" && sha256sum -- * | grep -v ' report.html$')" = "$(echo "$before" | grep -v ' report.html$')" ]; echo $?) \
        "report, $free kB free: another file changed"
    else
      check $([ "$(cd "$full/study" && sha256sum -- *)" = "$before" ]; echo $?) "report, $free kB free: refused, but a file changed"
    fi
  done
  umount "$full"
else
  echo "note: not root or no tmpfs here; the real full disk is replaced by RLIMIT_FSIZE only"
fi

# --- 2. RLIMIT_FSIZE (EFBIG instead of ENOSPC) for the result writer
for kb in 1 8 24 40; do
  rm -f "$work/l.h5" "$work/l.log"
  (trap '' XFSZ; ulimit -f $kb; exec "$snnbench" sim "${small[@]}" -o "$work/l.h5") >/dev/null 2>"$work/err"
  rc=$?
  check $([ $rc -eq 1 ] && [ -s "$work/err" ]; echo $?) "sim under a $kb kB file limit: exit $rc, $(cat "$work/err")"
  check $([ ! -e "$work/l.h5" ] && [ ! -e "$work/l.h5.part" ]; echo $?) "sim under a $kb kB file limit left files"
done
# a log that cannot be written: exit 1, the result whole
rm -f "$work/d.h5"
"$snnbench" sim "${small[@]}" -o "$work/d.h5" --log /dev/full >/dev/null 2>"$work/err"
rc=$?
check $([ $rc -eq 1 ] && grep -q "log /dev/full failed" "$work/err"; echo $?) "--log /dev/full: exit $rc, $(cat "$work/err")"

# --- figures of a run without recorded neurons: a note for each, no empty figure, exit 0
"$snnbench" sim "${small[@]}" --no-log --record none -o "$work/norec.h5" >/dev/null 2>&1
"$snnbench" plot "$work/norec.h5" >/dev/null 2>"$work/err"
rc=$?
check $([ $rc -eq 0 ] && grep -q "no raster figure: no E spikes were recorded" "$work/err"; echo $?) "plot --record none: exit $rc, $(cat "$work/err")"
check $([ -z "$(find "$work/norec-plots" -size 0)" ] && [ ! -e "$work/norec-plots/raster.png" ] && [ -s "$work/norec-plots/weights.png" ]; echo $?) "plot --record none: figures"

# --- two writers of one name: one result, never a silent replacement
for round in 1 2 3 4 5; do
  rm -f "$work/two.h5" "$work/two.h5.part"
  "$snnbench" sim "${small[@]}" --no-log -o "$work/two.h5" >/dev/null 2>"$work/err1" &
  first=$!
  "$snnbench" sim "${small[@]}" --no-log -o "$work/two.h5" >/dev/null 2>"$work/err2" &
  second=$!
  wait $first; rc1=$?
  wait $second; rc2=$?
  ok=$(( (rc1 == 0) + (rc2 == 0) ))
  check $([ $ok -eq 1 ]; echo $?) "two writers, round $round: exits $rc1 and $rc2 ($(cat "$work/err1" "$work/err2"))"
  grep -q "being written by another snnbench process\|exists; choose another name" "$work/err1" "$work/err2"
  check $? "two writers, round $round: the refused one does not say why"
  check $([ "$(content "$work/two.h5")" = "$reference" ] && [ ! -e "$work/two.h5.part" ]; echo $?) "two writers, round $round: the result is not whole"
done
# a file that appears at the name while a run writes: it is left alone, the run fails
rm -f "$work/late.h5"
"$snnbench" sim --scale 0.05 --presimtime 10 --simtime 1000 --quiet --no-log -o "$work/late.h5" \
  >/dev/null 2>"$work/err" &
writer=$!
for _ in $(seq 500); do [ -e "$work/late.h5.part" ] && break; sleep 0.01; done
echo "someone else's file" > "$work/late.h5"
wait $writer; rc=$?
check $([ $rc -eq 1 ] && grep -q "appeared while this run wrote it" "$work/err"; echo $?) "a file appearing at the name: exit $rc, $(cat "$work/err")"
check $([ "$(cat "$work/late.h5")" = "someone else's file" ] && [ ! -e "$work/late.h5.part" ]; echo $?) "the file that appeared was replaced or a .part left"

# --- 3. SIGKILL at every write of the result writer, and at each publication step
if command -v strace >/dev/null; then
  strace -f -qq -e trace=pwrite64 -o "$work/trace" "$snnbench" sim "${small[@]}" --no-log \
    -o "$work/count.h5" >/dev/null 2>&1
  writes=$(grep -c pwrite64 "$work/trace")
  check $([ "$writes" -gt 5 ]; echo $?) "strace saw $writes writes of the result"
  points=()
  for n in $(seq 1 "$writes"); do points+=("pwrite64:$n"); done
  points+=("fsync:1" "link:1" "unlink:1" "fsync:2")
  for point in "${points[@]}"; do
    call=${point%%:*} n=${point##*:}
    rm -f "$work/k.h5"
    { strace -f -qq -o /dev/null -e trace="$call" -e inject="$call:signal=KILL:when=$n" \
      "$snnbench" sim "${small[@]}" --no-log -o "$work/k.h5" >/dev/null 2>&1; } 2>/dev/null
    if [ -e "$work/k.h5" ]; then
      check $([ "$(content "$work/k.h5")" = "$reference" ]; echo $?) "killed at $call #$n: a result that is not the undisturbed one"
    else
      # a stale .part (no lock) is taken over by the next writer of the same name
      "$snnbench" sim "${small[@]}" --no-log -o "$work/k.h5" >/dev/null 2>"$work/err"
      check $? "after a kill at $call #$n the next run fails: $(cat "$work/err")"
      check $([ "$(content "$work/k.h5")" = "$reference" ]; echo $?) "rerun after a kill at $call #$n differs"
    fi
    # a leftover .part beside a published result is cleared by the next claim
    "$snnbench" sim "${small[@]}" --no-log -o "$work/k.h5" --overwrite >/dev/null 2>"$work/err"
    check $? "overwrite after a kill at $call #$n: $(cat "$work/err")"
    check $([ ! -e "$work/k.h5.part" ]; echo $?) "a .part outlived the overwrite after $call #$n"
  done
else
  echo "FAIL: strace is not installed (ci/install-deps.sh installs it)"
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
