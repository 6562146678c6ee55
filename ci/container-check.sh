#!/usr/bin/env bash
# Proves the Dockerfile without a Docker engine (there is none on our machines):
#  1. a Debian 12 base image made with debootstrap (cached in $SNN_CACHE, default
#     /var/cache/snnbench), imported into podman as debian:bookworm-slim;
#  2. `podman build --isolation=chroot --network=host --pull=never` of the Dockerfile, on a
#     build context made of the committed tree plus ../shared/oracles (so the build stage's
#     oracle tests run);
#  3. the image's default command run inside the built image's root file system
#     (`podman image mount` and `chroot`, as the image's user, in its WORKDIR), and a check
#     that it produced a result file and printed the analysis.
# `podman run` itself fails on these machines for reasons outside our control (no usable
# cgroups for containers in this sandbox), which is why step 3 uses chroot.
# Needs root. Usage: ci/container-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
cache=${SNN_CACHE:-/var/cache/snnbench}
rootfs=$cache/bookworm-rootfs
tag=snnbench:check

for tool in podman debootstrap; do
  command -v "$tool" >/dev/null || {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman debootstrap >/dev/null
    break
  }
done

# 1. base image
if ! podman image exists debian:bookworm-slim; then
  if [ ! -f "$rootfs/.complete" ]; then
    rm -rf "$rootfs"
    mkdir -p "$cache"
    mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    debootstrap --variant=minbase bookworm "$rootfs" "${mirror:-http://deb.debian.org/debian}"
    touch "$rootfs/.complete"
  fi
  tar -C "$rootfs" --exclude=./.complete -c . | podman import - debian:bookworm-slim
fi

# 2. build, on the committed tree plus the oracles
context=$(mktemp -d)
mounted=""
cleanup() {
  if [ -n "$mounted" ]; then
    for m in proc tmp data; do umount "$mounted/$m" 2>/dev/null || true; done
    podman image unmount "$tag" >/dev/null 2>&1 || true
  fi
  rm -rf "$context"
}
trap cleanup EXIT
git archive HEAD | tar -x -C "$context"
cp -r "$repo/../shared/oracles" "$context/oracles"
podman build --isolation=chroot --network=host --pull=never -t "$tag" "$context"

# 3. the default command inside the image's file system. The image mount is read-only, as
# an image is; the VOLUME /data gets a fresh host folder bound onto it, and /tmp a tmpfs, as
# a container runtime would provide.
mounted=$(podman image mount "$tag")
cmd=$(podman image inspect "$tag" --format '{{join .Config.Entrypoint " "}} {{join .Config.Cmd " "}}')
user=$(podman image inspect "$tag" --format '{{.Config.User}}')
workdir=$(podman image inspect "$tag" --format '{{.Config.WorkingDir}}')
uid=$(awk -F: -v u="$user" '$1 == u {print $3 ":" $4}' "$mounted/etc/passwd")
[ -n "$uid" ] || { echo "container-check: user $user not in the image"; exit 1; }
echo "image default command: $cmd (user $user = $uid, in $workdir)"
volume=$context/volume
mkdir -p "$volume"
chown "$uid" "$volume"
mount --bind "$volume" "$mounted$workdir"
mount -t proc proc "$mounted/proc"
mount -t tmpfs tmpfs "$mounted/tmp"
out=$(chroot --userspec="$uid" "$mounted" /usr/bin/env -i HOME=/home/$user PATH=/usr/local/bin:/usr/bin:/bin \
        /bin/sh -c "cd '$workdir' && $cmd" 2>&1) || {
  echo "$out"; echo "container-check: the default command failed"; exit 1; }
echo "$out" | tail -25
result="$volume/results/runs/quick/p001.h5"
[ -s "$result" ] || { echo "container-check: no result at $result"; exit 1; }
echo "$out" | grep -q "rate_mean" || { echo "container-check: no analysis printed"; exit 1; }
echo "$out" | grep -q "weights.png" || { echo "container-check: no figures"; exit 1; }
h5dump -H "$result" >/dev/null || { echo "container-check: $result is not a valid HDF5 file"; exit 1; }
echo "container-check: image $tag builds, its tests pass, its default command wrote a result and printed the analysis"
