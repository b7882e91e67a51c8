# Issue 12 item 6: a repeated log row (the same primary key of its log's
# schema) counts once and is reported as a duplicate: read = taken +
# duplicates. A re-sent band export (the whole day sent again) gives no
# more than 1,440 wear minutes; every log is keyed as its schema says.
cd "$TMPDIR"
{
	echo subject_id,ts,steps,heart_rate,worn
	for h in $(seq -w 0 23); do for m in $(seq -w 0 59); do
		echo "s1,2024-07-01T$h:$m:00+09:00,1,,true"
	done; done
} >day.csv
{ cat day.csv; tail -n +2 day.csv; } >twice.csv
ssp panel -q -o p1 twice.csv; echo "status $?"; cat p1/usage.csv
# the same log given twice; a ts off the whole minute, and a repeated one
printf 'subject_id,ts,steps,heart_rate,worn\ns1,2024-07-02T10:00:30+09:00,2,,true\ns1,2024-07-02T10:00:30+09:00,2,,true\ns1,2024-07-02T01:00:00Z,3,,true\n' >odd.csv
ssp panel -q -o p2 day.csv odd.csv day.csv odd.csv; echo "status $?"; cat p2/usage.csv
# vest epochs, food (subject, date, meal, category), kiosk and bike
# sessions, alerts, diaper events and speaker interactions by their ids
printf 'subject_id,ts,device_id,heart_rate,respiration_rate,hrv_ms,worn\ns2,2024-07-01T10:00:00+09:00,,,,,true\ns2,2024-07-01T10:00:00+09:00,,,,,true\n' >vest.csv
printf 'subject_id,centre_id,class_id,date,meal,food_category,served_g,leftover_g,kcal\ns3,c,,2024-07-01,lunch,rice,100,10,150\ns3,c,,2024-07-01,lunch,soup,50,5,20\ns3,c,,2024-07-01,lunch,rice,100,10,150\n' >meals.csv
printf 'session_id,subject_id,kiosk_id,started_at,activity,duration_s,score,risk_level\nk1,s4,,2024-07-01T10:00:00+09:00,brain_training,600,,normal\nk1,s4,,2024-07-01T10:00:00+09:00,brain_training,600,,normal\n' >kiosk.csv
printf 'session_id,subject_id,started_at,duration_min,distance_km\nb1,s5,2024-07-01T10:00:00+09:00,30,8.5\nb1,s5,2024-07-01T10:00:00+09:00,30,8.5\n' >bike.csv
printf 'alert_id,subject_id,kind,raised_at,acknowledged_at,closed_at,outcome\na1,s2,fall,2024-07-01T10:00:00+09:00,,,\na1,s2,fall,2024-07-01T10:00:00+09:00,,,\n' >alerts.csv
printf 'event_id,subject_id,facility_id,ts,kind\nd1,s6,f,2024-07-01T10:00:00+09:00,void\nd2,s6,f,2024-07-01T10:30:00+09:00,change\nd1,s6,f,2024-07-01T10:00:00+09:00,void\n' >diaper.csv
printf 'interaction_id,subject_id,ts,kind\ni1,s7,2024-07-01T10:00:00+09:00,sos\ni1,s7,2024-07-01T10:00:00+09:00,sos\n' >speaker.csv
ssp panel -q -o p3 vest.csv meals.csv kiosk.csv bike.csv alerts.csv diaper.csv speaker.csv; echo "status $?"
cat p3/usage.csv p3/device_events.csv
# -j 2: a log over 8 MiB read in two pieces, its first rows repeated at
# its end (in the other piece): the same as one pass
ssp synth --canonical --seed 3 --scale 0.3 --log-days 5 -o s >/dev/null
f=s/logs/ai_band_minutes.csv
{ cat "$f"; sed -n 2,101p "$f"; } >big.csv
ssp panel -q -j 1 -o one "$f" 2>/dev/null
ssp panel -q -j 2 -o two big.csv 2>&1 | sed 's/^[^:]*: [0-9]* log rows read: [0-9]* taken, /... /'
cmp one/usage.csv two/usage.csv && echo "-j 2 with 100 repeated rows = -j 1 without"
# the same through the CSV reader's pieces (a byte-order mark keeps the
# direct path off)
{ printf '\357\273\277'; cat big.csv; } >bom.csv
ssp panel -q -j 2 -o three bom.csv 2>&1 | sed 's/^[^:]*: [0-9]* log rows read: [0-9]* taken, /... /'
cmp one/usage.csv three/usage.csv && echo "the reader's -j 2 with 100 repeated rows = -j 1 without"
# --merge: shards that share a row are refused (merged, it would count
# twice); shards that share none merge to the whole
head -721 day.csv >a.csv; { head -1 day.csv; tail -n +722 day.csv; } >b.csv
{ head -1 day.csv; sed -n 700,800p day.csv; } >c.csv
ssp panel -q -o pa a.csv 2>/dev/null; ssp panel -q -o pb b.csv 2>/dev/null; ssp panel -q -o pc c.csv 2>/dev/null
ssp panel -q --merge -o m1 pa pb 2>/dev/null; echo "status $?"; cmp m1/usage.csv p1/usage.csv && echo "a + b = whole"
ssp panel -q --merge -o m2 pa pb pc; echo "status $?"
