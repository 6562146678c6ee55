# shellcheck shell=bash
# Sourced by the measurements that build a patched copy of the tree (bench-work.sh,
# bench-parts.sh), never the engine's own build.

# patched_copy SCRIPT PATCH DIR: the working tree's tracked files as they are, copied into
# DIR, with PATCH applied there; where it no longer applies, SCRIPT says so and exits.
patched_copy() {
  local script=$1 patch=$2 dir=$3 patch_path
  patch_path=$(realpath "$patch") # (the copy is applied to from inside it)
  git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$dir"
  # (a copy that no repository above it claims, wherever TMPDIR points)
  if ! (cd "$dir" && GIT_CEILING_DIRECTORIES=$(dirname "$dir") git apply "$patch_path"); then
    echo "$script: $patch no longer applies to this tree; make it again" >&2
    exit 1
  fi
}

# quiet_step LOG COMMAND...: the command's output shown only where it fails (then exits)
quiet_step() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
}
