#!/bin/sh
# make-examples.sh: regenerate the small synthetic example files in this
# folder (deterministic: fixed seeds). Synthetic, not pilot data: no real
# pilot data is public. `ssp synth` will replace them with a whole pilot.
set -eu
cd "$(dirname "$0")"

# assessments.csv: baseline and endline scores of two instruments, 30
# participants in each of the five regions; about 7% missed the endline.
awk 'BEGIN {
  srand(20240601)
  split("hongcheon andong dangjin geumsan dongducheon", reg, " ")
  split("huggy_vest food_scanner smart_diaper exercise_bike ai_band_speaker", tech, " ")
  print "subject_id,region,technology,instrument,phase,score"
  for (r = 1; r <= 5; r++) for (s = 1; s <= 30; s++) {
    id = sprintf("%s-%03d", substr(reg[r], 1, 2), s)
    # SGDS_K: depression 0-15, lower is better; a modest mean improvement
    g0 = int(3 + 9 * rand()); g1 = g0 - int(3 * rand()) + (rand() < .2)
    # MMSE_K: cognition 0-30, higher is better
    m0 = int(18 + 11 * rand()); m1 = m0 + int(3 * rand()) - (rand() < .3)
    if (g1 < 0) g1 = 0; if (m1 > 30) m1 = 30
    miss = rand() < .07
    printf "%s,%s,%s,SGDS_K,baseline,%d\n", id, reg[r], tech[r], g0
    printf "%s,%s,%s,SGDS_K,endline,%s\n", id, reg[r], tech[r], miss ? "NA" : g1
    printf "%s,%s,%s,MMSE_K,baseline,%d\n", id, reg[r], tech[r], m0
    printf "%s,%s,%s,MMSE_K,endline,%s\n", id, reg[r], tech[r], miss ? "" : m1
  }
}' > assessments.csv

# geumsan-bike-cp949.csv: an exercise-bike session export as a Korean
# vendor might hand it over: Korean headers, CP949, CRLF.
awk 'BEGIN {
  srand(20240715)
  split("금산읍 진산면 복수면", town, " ")
  print "대상자ID,읍면,세션시작,운동시간(분),주행거리(km)\r"
  for (i = 1; i <= 36; i++) {
    t = town[1 + (i % 3)]
    printf "GS%03d,%s,2024-07-%02d 오후 %d:%02d:00,%d,%.2f\r\n", 1 + (i * 7) % 12,
      t, 1 + i % 28, 1 + i % 5, (i * 13) % 60, 10 + int(25 * rand()),
      2 + 8 * rand()
  }
}' | iconv -f UTF-8 -t CP949 > geumsan-bike-cp949.csv

# dataset/: a small canonical dataset (datapackage.json + the four tables)
# for the same participants, for `ssp validate dataset`.
mkdir -p dataset
awk -F, 'NR > 1 && !seen[$1]++ {
  srand(NR)
  site = sprintf("%s-site%d", substr($2, 1, 2), 1 + int(3 * rand()))
  sex = rand() < .6 ? "F" : "M"
  by = 1935 + int(20 * rand()); bm = 1 + int(12 * rand())
  day = 1 + int(20 * rand())
  printf "%s,%s,%s,%s,intervention,%s,%d-%02d,2024-06-%02d,,\n", \
    $1, $2, $3, site, sex, by, bm, day
}' assessments.csv | sed '1i subject_id,region,technology,site_id,arm,sex,birth_ym,enrolled_on,exited_on,exit_reason' > dataset/subjects.csv
awk -F, 'NR > 1 && $6 != "" && $6 != "NA" {
  d = $5 == "baseline" ? "2024-06-28" : "2024-12-10"
  printf "%s,%s,%s,%s,%s\n", $1, $4, $5, d, $6
}' assessments.csv | sed '1i subject_id,instrument,phase,measured_on,score' > dataset/measures.csv
awk -F, 'NR > 1 && !seen[$1]++ && NR % 3 == 0 {
  srand(NR)
  for (d = 1; d <= 3; d++)
    printf "%s,2024-07-%02d,wear_minutes,%d\n", $1, d, 300 + int(600 * rand())
}' assessments.csv | sed '1i subject_id,date,metric,value' > dataset/usage.csv
awk -F, 'NR > 1 && !seen[$1]++ && $2 == "hongcheon" && NR % 5 == 0 {
  n++; srand(NR)
  h = 8 + int(10 * rand()); m = int(60 * rand()); a = 1 + int(20 * rand())
  printf "ev%03d,%s,emergency_alert,2024-09-%02dT%02d:%02d:00+09:00,2024-09-%02dT%02d:%02d:00+09:00,,%s,%d\n", \
    n, $1, 1 + n, h, m, 1 + n, h + (m + a >= 60), (m + a) % 60, \
    rand() < .3 ? "false_alarm" : "true_alarm", 5 + int(20 * rand())
}' assessments.csv | sed '1i event_id,subject_id,kind,raised_at,acknowledged_at,resolved_at,outcome,staff_minutes' > dataset/events.csv
cat > dataset/datapackage.json <<'JSON'
{
  "name": "ssp-example",
  "title": "Example canonical dataset (synthetic)",
  "resources": [
    {"name": "subjects", "path": "subjects.csv", "schema": "subjects.schema.json"},
    {"name": "measures", "path": "measures.csv", "schema": "measures.schema.json"},
    {"name": "usage", "path": "usage.csv", "schema": "usage.schema.json"},
    {"name": "events", "path": "events.csv", "schema": "events.schema.json"}
  ]
}
JSON
