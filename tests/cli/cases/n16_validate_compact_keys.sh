# The primary key (subject_id, ts) of a device log is kept compact (12
# bytes a key); a repeated key is found with the row it repeats, also the
# same instant written another way; when the subjects hardly repeat, the
# keys move to the general map on the way and repeats are still found,
# before the move and after it, with their rows.
cd "$TMPDIR"
cat > few.csv <<'CSV'
subject_id,ts,steps,heart_rate,worn
s_000000000001,2024-07-01T00:00:00+09:00,0,,false
s_000000000001,2024-07-01T00:01:00+09:00,0,,false
s_000000000002,2024-07-01T00:00:00+09:00,0,,false
s_000000000001,2024-07-01T00:01:00+09:00,0,,false
s_000000000002,2024-06-30T15:00:00Z,0,,false
s_000000000003,2024-06-30T15:00:00Z,0,,false
CSV
ssp validate -q --table ai_band_minutes few.csv 2>&1 | grep -v "^ssp validate: few.csv: .*rows read"
awk 'BEGIN { print "subject_id,ts,steps,heart_rate,worn"
  for (i = 1; i <= 20000; i++) printf "s_%012x,2024-07-01T00:00:00+09:00,0,,false\n", i
  printf "s_%012x,2024-07-01T00:00:00+09:00,0,,false\n", 7
  printf "s_%012x,2024-07-01T00:00:00+09:00,0,,false\n", 19999 }' > many.csv
ssp validate -q --table ai_band_minutes many.csv 2>&1
echo "status $?"
