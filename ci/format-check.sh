#!/usr/bin/env bash
# The look of the code: every C file as clang-format (.clang-format) writes it.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files '*.c' '*.h' | xargs clang-format --dry-run --Werror
echo "clang-format: every file formatted"
