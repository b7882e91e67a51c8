# Issue 12 items 5 and 9 in --merge: a partial panel's state is read as
# exactly as a log: a negative or oversized sum, or a list of times or keys
# that is none, is an error at its line, never a wrapped or half-read
# number; a folder name too long for a path is an error, never cut short.
cd "$TMPDIR"
printf 'session_id,subject_id,started_at,duration_min,distance_km\nb1,s1,2024-07-01T10:00:00+09:00,30,8.5\n' >bike.csv
ssp panel -q -o a bike.csv 2>/dev/null
m() { rm -rf b; cp -r a b; awk -F, -v OFS=, -v k="$1" -v v="$2" 'NR == 2 { $k = v } 1' a/panel-state.csv >b/panel-state.csv; ssp panel -q --merge -o out b; echo "status $?"; }
m 9 -30000000
m 10 99999999999999999999
m 3 4294967297
m 41 5x
m 42 "1;x"
m 43 k00zz
ssp panel -q --merge -o out a 2>/dev/null; echo "status $?"; cat out/usage.csv
long=$(printf 'd%.0s' $(seq 4200))
ssp panel -q --merge -o out "$long"; echo "status $?"
