#!/bin/bash
# check.sh SSP: ssp plot on the reference datasets (the example pilot and
# a synthetic pilot with a comparison arm): every chart is drawn and
# listed, nothing else is left in the folder, the PNGs have the size asked
# for and are not blank (read by Debian's python3-pil), the same input
# gives the same bytes in any locale, SVG (Korean and English text, the
# Nanum font) and PDF (the font embedded) are written, every SVG renders
# (rsvg-convert); text from the data is never run by gnuplot; a missing
# gnuplot is status 3 naming the package, and a gnuplot that warns, fails or writes nothing is
# status 4 with no file left behind and an older file kept.
set -u
ssp=$1
case $ssp in */*) ssp=$(cd "$(dirname "$ssp")" && pwd)/$(basename "$ssp") ;; esac
here=$(cd "$(dirname "$0")" && pwd)
ref=$here/../ref/indicators
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
charts="forest prepost utilization response plate-waste void-to-change"

# What a run lists: DIR/NAME.EXT of every chart, in order.
listing() { for c in $charts; do echo "$1/$c.$2"; done; }
# The files in DIR, one a line, sorted.
files() { (cd "$1" && ls -A | sort); }

fc-match NanumGothic | grep -q Nanum || bad "fontconfig has no NanumGothic (fonts-nanum)"
"$ssp" indicators -q --json -o "$t/r.json" "$ref/pilot" "$ref/synth" ||
	{ echo "FAIL: ssp indicators"; exit 1; }
"$ssp" indicators -q --json --lang en -o "$t/en.json" "$ref/pilot" ||
	{ echo "FAIL: ssp indicators --lang en"; exit 1; }

# PNG, twice: every chart, listed, alone in the folder, the same bytes
# (the second time in the C locale, where gnuplot must still take UTF-8).
for d in png png2; do
	loc=C.UTF-8
	[ $d = png2 ] && loc=C
	LC_ALL=$loc "$ssp" plot -q -o "$t/$d" "$t/r.json" "$ref/pilot" "$ref/synth" >"$t/out" 2>"$t/err"
	rc=$?
	[ $rc = 0 ] || bad "png: status $rc: $(cat "$t/err")"
	[ -s "$t/err" ] && bad "png -q: wrote on standard error: $(cat "$t/err")"
	listing "$t/$d" png | cmp -s - "$t/out" || bad "png: listed $(cat "$t/out")"
	for c in $charts; do echo "$c.png"; done | sort | cmp -s - <(files "$t/$d") ||
		bad "png: the folder holds $(files "$t/$d" | tr '\n' ' ')"
done
for c in $charts; do
	cmp -s "$t/png/$c.png" "$t/png2/$c.png" || bad "png: $c.png differs between two runs"
done

# Another size; an older file of a chart is replaced.
mkdir "$t/small" && echo old >"$t/small/forest.png"
"$ssp" plot -q --size 800x500 -o "$t/small" "$t/r.json" "$ref/pilot" >/dev/null ||
	bad "--size 800x500: status $?"

/usr/bin/python3 - "$t" $charts <<'EOF' || fail=1
import sys
from PIL import Image
t, charts = sys.argv[1], sys.argv[2:]
bad = 0
def check(path, size):
    global bad
    im = Image.open(path)
    if im.format != "PNG" or im.size != size:
        print(f"FAIL: {path}: {im.format} {im.size}, not PNG {size}")
        bad = 1
        return
    im = im.convert("RGB")
    colours = im.getcolors(1 << 24)
    top = max(n for n, _ in colours)
    # A chart has lines, text and coloured marks on a white ground.
    if len(colours) < 50 or top > 0.97 * size[0] * size[1]:
        print(f"FAIL: {path}: blank? {len(colours)} colours, "
              f"{top} pixels of the commonest")
        bad = 1
    if im.getpixel((0, 0)) != (255, 255, 255):
        print(f"FAIL: {path}: the ground is not white")
        bad = 1
    # Some colour that is not grey: the technologies' colours.
    if not any(max(c) - min(c) > 50 for _, c in colours):
        print(f"FAIL: {path}: no coloured marks")
        bad = 1
for c in charts:
    check(f"{t}/png/{c}.png", (1200, 800))
check(f"{t}/small/forest.png", (800, 500))
sys.exit(bad)
EOF

# SVG: well-formed, the Nanum font, Korean text (and English with --lang en).
"$ssp" plot -q --format svg -o "$t/svg" "$t/r.json" "$ref/pilot" >"$t/out" 2>/dev/null ||
	bad "svg: status $?"
listing "$t/svg" svg | cmp -s - "$t/out" || bad "svg: listed $(cat "$t/out")"
"$ssp" plot -q --format svg -o "$t/svgen" "$t/en.json" "$ref/pilot" >/dev/null 2>&1 ||
	bad "svg --lang en (from the results): status $?"
/usr/bin/python3 - "$t" $charts <<'EOF' || fail=1
import sys
import xml.etree.ElementTree as ET
t, charts = sys.argv[1], sys.argv[2:]
bad = 0
for d, words in (("svg", ["효과", "신뢰구간", "사전"]),
                 ("svgen", ["Effects", "confidence interval", "baseline"])):
    for c in charts:
        p = f"{t}/{d}/{c}.svg"
        try:
            ET.parse(p)
        except Exception as e:
            print(f"FAIL: {p}: {e}")
            bad = 1
            continue
        s = open(p, encoding="utf-8").read()
        if 'font-family="NanumGothic"' not in s:
            print(f"FAIL: {p}: not in NanumGothic")
            bad = 1
    s = open(f"{t}/{d}/forest.svg", encoding="utf-8").read()
    for w in words:
        if w not in s:
            print(f"FAIL: {d}/forest.svg: no '{w}'")
            bad = 1
sys.exit(bad)
EOF
# Every SVG renders: rsvg-convert (Debian's librsvg2-bin) refuses what
# browsers and editors refuse too, such as a marker drawn at scale(0).
for f in "$t"/svg/*.svg "$t"/svgen/*.svg; do
	rsvg-convert -o "$t/rsvg.png" "$f" 2>"$t/err" ||
		bad "$f: rsvg-convert: $(cat "$t/err")"
done

# PDF: the font embedded.
"$ssp" plot -q --format pdf -o "$t/pdf" "$t/r.json" >"$t/out" 2>/dev/null || bad "pdf: status $?"
echo "$t/pdf/forest.pdf" | cmp -s - "$t/out" || bad "pdf: listed $(cat "$t/out")"
head -c 5 "$t/pdf/forest.pdf" | grep -q '%PDF-' || bad "pdf: not a PDF"
grep -aq 'NanumGothic' "$t/pdf/forest.pdf" || bad "pdf: NanumGothic not embedded"

# Text from the data reaches gnuplot as text: a technology named like a
# gnuplot command substitution, a macro and a quote is drawn, not run.
cp -r "$ref/pilot" "$t/odd"
sed -i "s/,food_scanner,/,\`touch $(printf '%s' "$t" | sed 's/[\/&]/\\&/g')\/pwned\` @x 'q,/" "$t/odd/subjects.csv"
grep -q pwned "$t/odd/subjects.csv" || bad "odd: the technology was not renamed"
"$ssp" plot -q -o "$t/oddp" "$t/r.json" "$t/odd" >/dev/null 2>"$t/err" ||
	bad "odd technology: status $?: $(cat "$t/err")"
[ -e "$t/pwned" ] && bad "odd technology: gnuplot ran a command from the data"

# No gnuplot: status 3, the package named, nothing made.
SSP_GNUPLOT=/nonexistent "$ssp" plot -o "$t/none" "$t/r.json" >"$t/out" 2>"$t/err"
rc=$?
[ $rc = 3 ] || bad "SSP_GNUPLOT=/nonexistent: status $rc"
grep -q 'gnuplot-nox' "$t/err" || bad "SSP_GNUPLOT=/nonexistent: $(cat "$t/err")"
env -u SSP_GNUPLOT PATH=/nonexistent "$ssp" plot -o "$t/none" "$t/r.json" >"$t/out" 2>"$t/err"
rc=$?
[ $rc = 3 ] || bad "no gnuplot on PATH: status $rc"
grep -q 'gnuplot-nox' "$t/err" || bad "no gnuplot on PATH: $(cat "$t/err")"
[ -e "$t/none" ] && bad "no gnuplot: $t/none was made"

# Fake gnuplots: one that writes its file and warns, one that fails
# quietly, one that writes nothing. Each fails the chart with status 4,
# quotes gnuplot, leaves no file and keeps the older chart.
mkdir "$t/bin"
cat >"$t/bin/warns" <<'EOF'
#!/bin/sh
out=$(sed -n "s/^set output '\(.*\)'\$/\1/p")
echo "a chart" >"$out"
echo "         line 7: warning: fake warning" >&2
EOF
printf '#!/bin/sh\ncat >/dev/null\nexit 1\n' >"$t/bin/fails"
printf '#!/bin/sh\ncat >/dev/null\n' >"$t/bin/nothing"
chmod +x "$t/bin/"*
for g in warns:'gnuplot: line 7: warning: fake warning' \
	fails:'gnuplot exited with status 1' nothing:'gnuplot wrote nothing'; do
	name=${g%%:*} msg=${g#*:}
	mkdir "$t/$name" && echo old >"$t/$name/forest.png"
	SSP_GNUPLOT=$t/bin/$name "$ssp" plot -q -o "$t/$name" "$t/r.json" >"$t/out" 2>"$t/err"
	rc=$?
	[ $rc = 4 ] || bad "$name: status $rc"
	[ -s "$t/out" ] && bad "$name: listed $(cat "$t/out")"
	grep -qF "ssp plot: $t/$name/forest.png: $msg" "$t/err" || bad "$name: said $(cat "$t/err")"
	[ "$(files "$t/$name")" = forest.png ] || bad "$name: the folder holds $(files "$t/$name")"
	[ "$(cat "$t/$name/forest.png")" = old ] || bad "$name: the older forest.png was replaced"
done

[ $fail = 0 ] && echo "ok: every chart, PNG/SVG/PDF, gnuplot missing and failing"
exit $fail
