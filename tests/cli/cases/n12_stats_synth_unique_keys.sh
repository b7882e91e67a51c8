# Two kiosk sessions of one subject drawn in the same minute (seed 4, the
# 47th Dangjin participant, 2024-07-07) once repeated the unique key
# (subject_id, started_at, activity); every table must validate, and no
# log or event table may hold a repeated unique key.
cd "$TMPDIR" && ssp synth --canonical --seed 4 --scale 0.25 --log-days 12 -o d && ssp validate -q d 2>&1 | grep -v ' 0 rejected$'; echo "validate status ${PIPESTATUS[0]}"
awk -F, 'NR > 1 { k = $2 FS $4 FS $5; if (k in seen) print "repeated:", k; seen[k] = 1 }' d/logs/cognitive_kiosk_sessions.csv
awk -F, 'NR > 1 { k = $2 FS $3 FS $4; if (k in seen) print "repeated:", k; seen[k] = 1 }' d/logs/huggy_vest_alerts.csv d/events.csv
grep -c . d/logs/cognitive_kiosk_sessions.csv
