#!/bin/bash
# run.sh: every test, on the plain build and again under ASan + UBSan;
# the commands of `make demo` once more under valgrind (tests/valgrind.sh).
# Each part prints "ok NAME" / "not ok NAME"; the last line counts them.
# Run from the top folder after `make all asan` and the unit binaries
# (`make check` does all of it).
set -u
cd "$(dirname "$0")/.."
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99
# Leaks inside fontconfig (pango's font matching) are not ours; GSlice
# allocates through malloc so that a GObject left behind shows as a leak.
export LSAN_OPTIONS=suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0
export G_SLICE=always-malloc
log=$(mktemp)
# A locale with a decimal comma, for the tests that numbers ignore it
# (they set LOCPATH=$SSP_TEST_LOCPATH themselves: LOCPATH hides the
# system's locales, C.UTF-8 among them).
export SSP_TEST_LOCPATH=$(mktemp -d)
trap 'rm -rf "$log" "$SSP_TEST_LOCPATH"' EXIT
localedef -i de_DE -f UTF-8 "$SSP_TEST_LOCPATH/de_DE.UTF-8" 2>/dev/null ||
	echo "not ok setup:localedef de_DE.UTF-8 (package locales)" >>"$log"

. tests/tally.sh

for variant in plain asan; do
	if [ $variant = plain ]; then bin=bin units=build/unit replay=build/replay; else
		bin=build/asan/bin units=build/asan/unit replay=build/asan/replay; fi
	for f in "$replay"/fuzz_*; do # every fuzz corpus, crashes found included
		one "$variant:fuzz/$(basename "$f") (corpus replayed)" "$f" "tests/fuzz/corpus/$(basename "$f")"
	done
	for u in "$units"/test_*; do
		tally "$variant:unit/$(basename "$u")" env LOCPATH="$SSP_TEST_LOCPATH" "$u"
	done
	tally "$variant" tests/cli/run.sh --bin "$bin"
	tally "$variant" tests/man-examples.sh --bin "$bin"
	one "$variant:ref/stats (R reference values)" tests/ref/stats/check.sh "$bin/ssp"
	one "$variant:ref/adjust (R's p.adjust)" tests/ref/test/check-adjust.sh "$bin/ssp"
	one "$variant:ref/power (R's power.t.test, pwr)" tests/ref/power/check.sh "$bin/ssp"
	one "$variant:ref/paired (R's t.test and wilcox.test)" tests/ref/test/check-paired.sh "$bin/ssp"
	one "$variant:ref/two-sample (R's t.test and wilcox.test)" tests/ref/test/check-twosample.sh "$bin/ssp"
	one "$variant:ref/anova+trend (R's oneway.test, kruskal.test, lm)" tests/ref/test/check-anova-trend.sh "$bin/ssp"
	one "$variant:ref/ancova (R's lm, emmeans, clubSandwich CR2)" tests/ref/test/check-ancova.sh "$bin/ssp"
	one "$variant:ref/mmrm (R's nlme gls, unstructured, REML)" tests/ref/test/check-mmrm.sh "$bin/ssp"
	one "$variant:ref/chisq (R's chisq.test, fisher.test)" tests/ref/test/check-chisq.sh "$bin/ssp"
	one "$variant:ref/prop+rate (R's binom.test, prop.test, poisson.test)" tests/ref/test/check-prop-rate.sh "$bin/ssp"
	one "$variant:ref/indicators (every indicator of the catalogue, R)" tests/ref/indicators/check.sh "$bin/ssp"
	one "$variant:report (read back by openpyxl)" tests/report/check.sh "$bin/ssp"
	one "$variant:cert (certificates, minisign, tampering, kill -9)" tests/cert/check.sh "$bin/ssp"
	one "$variant:certpdf (pdfinfo, pdffonts, pdftotext, zbarimg)" tests/certpdf/check.sh "$units/test_certpdf"
	one "$variant:plot (every chart drawn by gnuplot, read back by PIL)" tests/plot/check.sh "$bin/ssp"
	one "$variant:full disk (every writer: status 3, nothing left; a tmpfs)" tests/plot/full-disk.sh "$bin/ssp"
	one "$variant:sign (minisign keys and signatures, both ways)" tests/sign/check.sh "$bin/ssp" "$units/test_sign"
done
tally lint tests/man-lint.sh
one "runner (a part that exits non-zero fails)" tests/tally-selftest.sh
one "fault injection (every allocation site, I/O failure, kill -9)" tests/inject/run.sh
one "clang build (-Werror)" tests/clang-build.sh
one "valgrind memcheck (the commands of make demo)" tests/valgrind.sh
one "clang-format (the tree as .clang-format writes it)" tests/format-check.sh
one "make install/uninstall" tests/install.sh

passed=$(grep -c '^ok' "$log")
failed=$(grep -c '^not ok' "$log")
grep '^not ok' "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
