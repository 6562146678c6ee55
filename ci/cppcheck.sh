#!/usr/bin/env bash
# Static analysis: cppcheck over every C file of the project, zero findings allowed. A
# suppression is written inline (// cppcheck-suppress id) with its reason beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
cppcheck --enable=warning,style,performance,portability --std=c11 --inline-suppr --quiet \
  --error-exitcode=1 --suppress=missingIncludeSystem -D_GNU_SOURCE \
  -I engine/include -I engine/src -I engine/common/include -I engine/result_format/include \
  -I engine/common/testing -I analysis/include -I scenarios/include \
  -I scenarios/src/cli -I scenarios/src -I analysis/src \
  engine/src engine/common engine/result_format engine/tests engine/fuzz analysis/src analysis/tests analysis/fuzz analysis/tools \
  scenarios/src scenarios/tests scenarios/fuzz
echo "cppcheck: no findings"
