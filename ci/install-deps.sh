#!/usr/bin/env bash
# Installs everything snnbench needs to build, test and plot, from Debian 12's archive.
# Used by the README's commands, by .ci/run and by the Dockerfile. Needs root.
set -euo pipefail
# Everything to build and test; `--build-only` (the container's build stage) leaves out the
# tools of the robustness checks (fault injection, static analysis, fuzzing).
packages=(
  build-essential cmake pkg-config
  libhdf5-dev hdf5-tools libgsl-dev libconfig-dev librandom123-dev
  gnuplot-nox libopenmpi-dev openmpi-bin nettle-dev
)
if [ "${1:-}" != --build-only ]; then
  packages+=(strace cppcheck clang clang-format libclang-rt-14-dev libomp-14-dev git)
  packages+=(slurm-wlm munge) # the Slurm executor's tests start a one-node Slurm
  packages+=(chromium python3) # the report's test loads it in headless Chromium
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "dependencies: all installed"
