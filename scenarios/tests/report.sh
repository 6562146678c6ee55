#!/usr/bin/env bash
# snnbench report on a real study, whose scenario and folder name carry markup and quotes:
#   files:   the page itself (written at the end of `run`, nothing half-written left, no
#            script, escaped strings, the Content-Security-Policy, embedded figures only, the
#            points' table cell for cell equal to summary.csv, every file's SHA-256 equal to
#            sha256sum's, the provenance of every point), the result files untouched, the
#            baseline comparison (regressions highlighted, exit 1 as compare, the conditions
#            that differ: a baseline run on one CPU), one result
#            file, NEST's own run and ours side by side, and bad input refused with nothing
#            written and an older report kept.
#   browser: the same study's report and a NEST run's report loaded in headless Chromium
#            (report_browser.py): figures rendered, no console error, table == summary.csv,
#            print style sheet; the screenshots and PDF prints kept in ARTEFACTS.
#   report.sh SNNBENCH NEST_RUN_DIR files|browser [ARTEFACTS]
set -uo pipefail
snnbench=$(realpath "$1") nest_run=$2 mode=$3 artefacts=${4:-$PWD/artefacts}
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d "${TMPDIR:-/tmp}/report test.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0
fail() {
  echo "FAIL: $*"
  failed=1
}

description="threads <script>alert('x')</script> & \"quoted\" <img src=x onerror=alert(2)>"
cat >"$work/sweep.cfg" <<'CFG'
# a small study with markup where a report shows text
name = "report-test";
description = "threads <script>alert('x')</script> & \"quoted\" <img src=x onerror=alert(2)>";
simulation = { scale = 0.1; presimtime = 20.0; simtime = 60.0; };
network = { CE = 900; CI = 225; JE = 0.44272; };
sweep = { simulation = { threads = [1, 2]; }; };
repetitions = 2;
seeds = "successive";
CFG
study="$work/study <b>'q\""
OMP_PROC_BIND=close "$snnbench" run "$work/sweep.cfg" -o "$study" >"$work/run.txt" 2>"$work/run.err" ||
  fail "run: $(tail -3 "$work/run.err")"
report="$study/report.html"
grep -q "^report (snnbench report .*): .*report.html$" "$work/run.txt" || fail "run did not say where its report is"
[ -s "$report" ] || fail "no report.html at the end of run"

if [ "$mode" = browser ]; then
  command -v chromium >/dev/null && command -v python3 >/dev/null || {
    # CI installs both (ci/install-deps.sh); elsewhere say so and skip
    [ "${CI:-}" = true ] && { echo "FAIL: chromium or python3 missing in CI"; exit 1; }
    echo "chromium or python3 is not installed: skipped"
    exit 77
  }
  mkdir -p "$artefacts"
  cp "$report" "$artefacts/study-report.html"
  python3 "$here/report_browser.py" "$artefacts/study-report.html" "$study/summary.csv" "$artefacts" 25 \
    "$description" || fail "the study's report in Chromium"
  "$snnbench" import-nest "$nest_run" -o "$work/nest.h5" >/dev/null 2>&1 || fail "import-nest"
  "$snnbench" report "$work/nest.h5" -o "$artefacts/nest-report.html" --baseline "$study/p001-threads1-r1.h5" \
    >/dev/null 2>"$work/err" || fail "report of NEST's run: $(cat "$work/err")"
  python3 "$here/report_browser.py" "$artefacts/nest-report.html" - "$artefacts" 4 "NEST 3.9.0" ||
    fail "NEST's report in Chromium"
  [ $failed = 0 ] && echo "PASS: both reports render in Chromium; artefacts in $artefacts"
  exit $failed
fi

# --- the page: whole, alone, no script, escaped, CSP, embedded figures only
[ -z "$(find "$study" -name '*.part' -o -name '*.figures-*')" ] || fail "left behind: $(find "$study" -name '*.part' -o -name '*.figures-*')"
tail -c 8 "$report" | grep -q "</html>" || fail "report.html is not whole"
grep -qi "<script" "$report" && fail "a <script> element in the page"
grep -qi "onerror=" "$report" | grep -v "&lt;img" && fail "an unescaped onerror"
grep -qF "threads &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot; &lt;img src=x onerror=alert(2)&gt;" "$report" ||
  fail "the description is not shown escaped"
grep -qF "study &lt;b&gt;&#39;q&quot;" "$report" || fail "the folder's name is not escaped"
grep -q "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'sha256-[A-Za-z0-9+/=]*'; base-uri 'none'; form-action 'none'\">" "$report" ||
  fail "no Content-Security-Policy that forbids scripts and remote loads"
grep -Eq "(src|href)=\"(https?:|//|file:)" "$report" && fail "a remote or file reference"
images=$(grep -o "<img alt=\"[^\"]\+\" src=\"data:image/svg+xml;base64,[A-Za-z0-9+/=]\+\">" "$report" | wc -l)
all_images=$(grep -o "<img " "$report" | wc -l)
[ "$images" = "$all_images" ] && [ "$images" -ge 25 ] ||
  fail "$images embedded figures with alt text of $all_images (want all, at least 25: 6 per point and the scaling figure)"
echo "page: $(wc -c <"$report") bytes, $images embedded figures"

# --- the points' table, cell for cell, against summary.csv
awk '/<table id="summary">/ { on = 1 } on && /<tr>/ { print } on && /<\/table>/ { exit }' "$report" |
  sed -e 's/<\/t[dh]><t[dh][^>]*>/,/g' -e 's/<[^>]*>//g' >"$work/table.csv"
sed 's/,"\([^"]*\)",/,\1,/' "$study/summary.csv" >"$work/summary.csv" # the status unquoted
diff "$work/summary.csv" "$work/table.csv" >"$work/table.diff" || fail "table != summary.csv: $(head -4 "$work/table.diff")"
[ "$(wc -l <"$work/table.csv")" = 5 ] || fail "table of $(wc -l <"$work/table.csv") lines, want a header and 4 points"

# --- SHA-256 of every file, as sha256sum says
for f in "$study"/*.h5 "$study/summary.csv" "$study/scenario.cfg"; do
  name=$(basename "$f") hash=$(sha256sum <"$f" | cut -d' ' -f1) size=$(stat -c %s "$f")
  grep -qF "<tr><td class=\"text\">$name</td><td>$size</td><td class=\"text\"><code>$hash</code></td></tr>" "$report" ||
    fail "no row '$name $size $hash' in the files' table"
done
cmp -s "$work/sweep.cfg" "$study/scenario.cfg" || fail "the study's scenario.cfg is not the scenario file"
grep -qF "scenario.cfg (SHA-256 $(sha256sum <"$work/sweep.cfg" | cut -d' ' -f1))" "$report" || fail "the scenario's hash"
grep -qF "simulation.threads: 1, 2" "$report" || fail "the swept parameter"
grep -qF "2 (seeds: successive" "$report" || fail "the repetitions"

# --- provenance of every point
[ "$(grep -c "<dt>command_line</dt><dd>snnbench sim --set simulation.scale=" "$report")" = 4 ] || fail "4 command lines"
[ "$(grep -c "<dt>environment</dt><dd>OMP_PROC_BIND=close" "$report")" = 4 ] || fail "the OpenMP environment of 4 points"
for key in kernel transparent_hugepages cpu_model cores rank_ee_row_loop compiler compiler_flags git_commit libraries start_time end_time; do
  [ "$(grep -c "<dt>$key</dt><dd>[^<]" "$report")" = 4 ] || fail "provenance $key is not shown for every point"
done
grep -qE "<dt>E-&gt;E row loop \(per rank\)</dt><dd>(avx512-gathers|avx512|avx2|scalar)</dd>" "$report" ||
  fail "the study's row loop is not shown once"

# --- the result files only read; the report replaced when made again
before=$(cd "$study" && sha256sum -- *.h5 && stat -c '%n %Y' -- *.h5)
old=$(sha256sum <"$report")
"$snnbench" report "$study" >"$work/out" 2>"$work/err" || fail "report again: $(cat "$work/err")"
[ "$(cat "$work/out")" = "report: $report" ] || fail "report printed '$(cat "$work/out")'"
[ "$before" = "$(cd "$study" && sha256sum -- *.h5 && stat -c '%n %Y' -- *.h5)" ] || fail "report changed a result file"

# --- against a baseline: the regression verdicts of compare, highlighted
"$snnbench" run "$work/sweep.cfg" -o "$work/base" >/dev/null 2>&1 || fail "the baseline study"
"$snnbench" report "$study" --baseline "$work/base" --max-slowdown 999 -o "$work/pass.html" >/dev/null 2>"$work/err"
rc=$?
[ $rc = 0 ] || fail "report --baseline with wide thresholds: exit $rc, $(cat "$work/err")"
grep -q '<p class="verdict-pass">PASS: 0 regressions in' "$work/pass.html" || fail "no PASS verdict"
grep -q 'class="regression"' "$work/pass.html" && fail "a highlighted row without a regression"
# the conditions beside the verdict: two repetitions of one point are alike; the same study
# on one CPU (the first this test may use) differs in rank_cpus_allowed, the CPUs a rank
# may run on, and in nothing else
wide="--max-slowdown 999 --max-memory 999 --rate-tolerance 999 --weight-tolerance 999"
# shellcheck disable=SC2086
"$snnbench" report "$work/base/p001-threads1-r1.h5" --baseline "$work/base/p001-threads1-r2.h5" $wide \
  -o "$work/alike.html" >/dev/null 2>"$work/err" || fail "a file against its repetition: $(cat "$work/err")"
grep -q '^<p id="conditions">Conditions alike on both sides: cpu_model, cores, rank_cpus_allowed, rank_ee_row_loop,' \
  "$work/alike.html" || fail "two runs of one point are not said to be alike"
allowed=$(nproc)
if [ "$allowed" -gt 1 ]; then
  first_cpu=$(awk '/^Cpus_allowed_list/ { split($2, a, "[,-]"); print a[1] }' /proc/self/status)
  taskset -c "$first_cpu" "$snnbench" run "$work/sweep.cfg" -o "$work/pinned" >/dev/null 2>&1 ||
    fail "the study on one CPU"
  # shellcheck disable=SC2086
  "$snnbench" report "$work/base" --baseline "$work/pinned" $wide -o "$work/pinned.html" \
    >/dev/null 2>"$work/err" || fail "the study against its run on one CPU: $(cat "$work/err")"
  grep -q '^<p id="conditions">The two sides ran under different conditions' "$work/pinned.html" &&
    grep -qxF "<li>rank_cpus_allowed: BASELINE &#39;1&#39;; NEW &#39;$allowed&#39;</li>" "$work/pinned.html" ||
    fail "the page does not say that the baseline had 1 CPU, the study $allowed"
  [ "$(sed -n '/^<p id="conditions">/,/^<\/ul>/p' "$work/pinned.html" | grep -c '^<li>')" = 1 ] ||
    fail "conditions other than the CPUs allowed listed"
fi
# memory may not grow at all (0.5): every memory metric a regression, deterministically
"$snnbench" report "$study" --baseline "$work/base" --max-slowdown 999 --max-memory 0.5 -o "$work/fail.html" >/dev/null 2>"$work/err"
rc=$?
[ $rc = 1 ] || fail "report --baseline with a regression: exit $rc, want 1 as compare"
"$snnbench" compare "$work/base" "$study" --max-slowdown 999 --max-memory 0.5 >"$work/compare.txt"
want=$(grep -c "REGRESSION (memory)" "$work/compare.txt")
got=$(grep -c '<tr class="regression"><td class="text">[^<]*</td><td class="text">\(VmHWM\|bytes_per_synapse\)</td>.*REGRESSION (memory)' "$work/fail.html")
[ "$want" -ge 2 ] && [ "$got" = "$want" ] || fail "$got highlighted memory regressions, compare found $want"
grep -q "<p class=\"verdict-fail\">FAIL: $want regressions in" "$work/fail.html" || fail "no FAIL verdict"
grep -q '<tr class="regression"><td class="text">[^<]*</td><td class="text">rate_mean<' "$work/fail.html" &&
  fail "rate_mean highlighted"
# the ratios are compare's: it prints 4 decimals (off by up to 5e-5), the page 6 digits (5e-6)
base_vm=$(awk '/ VmHWM / { print $(NF - 2); exit }' "$work/compare.txt")
page_vm=$(sed -n 's/.*<td class="text">VmHWM<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>\([^<]*\)<\/td>.*/\1/p' "$work/fail.html" | head -1)
awk -v a="$base_vm" -v b="$page_vm" 'BEGIN { d = a - b; exit !(a != "" && b != "" && d <= 5.5e-5 && d >= -5.5e-5) }' ||
  fail "VmHWM ratio $page_vm on the page, compare's $base_vm"

# --- one result file: its own page, the summary's columns from its analysis
one="$study/p001-threads1-r1.h5"
"$snnbench" report "$one" >/dev/null 2>"$work/err" || fail "report of one file: $(cat "$work/err")"
page="$study/p001-threads1-r1-report.html"
rate=$(awk -F, 'NR == 2 { print $10 }' "$work/summary.csv")
grep -q "<td class=\"text\">p001-threads1-r1</td><td class=\"text\">p001-threads1-r1.h5</td><td class=\"text good\">ok</td>.*<td class=\"\">$rate</td>" "$page" ||
  fail "one file's table does not hold the summary's rate_mean $rate"
rm -f "$page"

# --- NEST's run: a report of its own, and beside ours
"$snnbench" import-nest "$nest_run" -o "$work/nest.h5" >/dev/null 2>&1 || fail "import-nest"
"$snnbench" report "$work/nest.h5" >/dev/null 2>"$work/err" || fail "report of NEST's run: $(cat "$work/err")"
grep -q "<dt>Simulator</dt><dd>NEST 3.9.0</dd>" "$work/nest-report.html" || fail "NEST's version"
[ "$(grep -o "<img " "$work/nest-report.html" | wc -l)" = 4 ] || fail "NEST's figures (raster, rates, CV, timers)"
grep -q "Not drawn, the file holds no data for them: weights, weights_time." "$work/nest-report.html" ||
  fail "the page does not say which figures NEST's files cannot give"
"$snnbench" report "$one" --baseline "$work/nest.h5" -o "$work/side.html" >/dev/null 2>"$work/err" ||
  fail "ours against NEST: $(cat "$work/err")"
grep -q "Across simulators: baseline NEST 3.9.0, new snnbench" "$work/side.html" || fail "across simulators"
grep -q "different random streams" "$work/side.html" || fail "the caveat"
grep -qF "<p>Not compared (one side's files do not give them): weights" "$work/side.html" || fail "what is not compared"

# --- a study with a damaged result: the page says so for that point, the others' figures stay
cp -r "$work/base" "$work/damaged"
rm -f "$work/damaged/report.html"
head -c 3000 "$work/base/p001-threads1-r2.h5" >"$work/damaged/p001-threads1-r2.h5"
"$snnbench" report "$work/damaged" >/dev/null 2>"$work/err" || fail "report of a damaged study: $(cat "$work/err")"
grep -q "Not readable: .*p001-threads1-r2.h5: HDF5 cannot open it" "$work/damaged/report.html" ||
  fail "the damaged point is not named on the page"
[ "$(grep -o "<img " "$work/damaged/report.html" | wc -l)" = 19 ] || fail "want 3 x 6 point figures and the study's"

# --- bad input: refused, the reason named, nothing written, the older report kept
kept=$(sha256sum <"$report")
expect_refused() { # expect_refused WHAT ARGS...: exit 2, a message, no report written
  local what=$1; shift
  "$snnbench" report "$@" >/dev/null 2>"$work/err"
  local rc=$?
  [ $rc = 2 ] && [ -s "$work/err" ] || fail "$what: exit $rc, '$(cat "$work/err")'"
  [ "$(sha256sum <"$report")" = "$kept" ] || fail "$what: the older report changed"
  [ -z "$(find "$study" "$work" -name '*.part' -o -name '*.figures-*')" ] || fail "$what: left a .part"
}
expect_refused "no such path" "$work/nothing"
grep -q "$work/nothing" "$work/err" || fail "the message does not name the path"
expect_refused "baseline missing" "$study" --baseline "$work/nothing"
grep -q "nothing" "$work/err" || fail "the message does not name the baseline"
expect_refused "baseline of other points" "$study" --baseline "$work/nest.h5"
expect_refused "output folder missing" "$study" -o "$work/no/such/folder/r.html"
expect_refused "threshold 0" "$study" --baseline "$work/base" --max-slowdown 0
grep -q -- "--max-slowdown 0: allowed a number in" "$work/err" || fail "threshold message: $(cat "$work/err")"
mkdir "$work/empty"
expect_refused "a folder without results" "$work/empty"
expect_refused "two targets" "$study" "$work/base"

[ $failed = 0 ] && echo "PASS: report of a study, a file, NEST's run and against a baseline"
exit $failed
