# A log read in two pieces at once gives the bytes of one pass, and an
# error in the second piece is reported at its line in the whole file.
cd "$TMPDIR" && ssp synth --canonical --seed 3 --scale 0.3 --log-days 5 -o s >/dev/null
f=s/logs/ai_band_minutes.csv
wc -c < "$f" | awk '{ print ($1 > 8388608) ? "a log over 8 MiB" : "too small" }'
ssp panel -q -j 1 -o one "$f" 2>/dev/null && ssp panel -q -j 2 -o two "$f" 2>/dev/null
cmp one/usage.csv two/usage.csv && cmp one/panel-state.csv two/panel-state.csv && echo "-j 2 = -j 1"
n=$(($(wc -l < "$f") - 7))
sed "${n}s/,\([0-9]*\),\([0-9]*\),true\$/,x,\2,true/;${n}s/,0,,false\$/,x,,false/" "$f" > bad.csv
sed -n "${n}p" bad.csv | cut -d, -f3
ssp panel -q -j 2 -o three bad.csv 2>&1 | sed "s/:$n:/:LINE:/"
echo "status ${PIPESTATUS[0]}"
