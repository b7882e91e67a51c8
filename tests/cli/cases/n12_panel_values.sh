# Issue 12 items 9 and 32: a value outside the log schema's is a rejected
# row (status 1, at its line and column), never read as another value: a
# decimal that does not fit panel's millionths (no wrapped number), a
# non-zero digit past the sixth decimal, a day's sum that would not fit, a
# negative count, a boolean that is none of the schema's true and false
# values, a meal, category, kind or activity the schema does not have.
cd "$TMPDIR"
bike='session_id,subject_id,started_at,duration_min,distance_km'
band='subject_id,ts,steps,heart_rate,worn'
meals='subject_id,centre_id,class_id,date,meal,food_category,served_g,leftover_g,kcal'
t() { printf '%s\n' "$@" >in.csv; ssp panel -q -o p in.csv; echo "status $?"; }
t "$bike" b1,s1,2024-07-01T10:00:00+09:00,10,99999999999999
t "$bike" b1,s1,2024-07-01T10:00:00+09:00,10,9223372036854.775807
t "$bike" b1,s1,2024-07-01T10:00:00+09:00,10,1.0000001
t "$bike" b1,s1,2024-07-01T10:00:00+09:00,9000000000000,1 b2,s1,2024-07-01T11:00:00+09:00,9000000000000,1
t "$bike" b1,s1,2024-07-01T10:00:00+09:00,-10,1
t "$band" s1,2024-07-01T10:00:00+09:00,-5,,true
t "$band" s1,2024-07-01T10:00:00+09:00,2.5,,true
t "$band" s1,2024-07-01T10:00:00+09:00,5,,maybe
t "$band" s1,2024-07-01T10:00:00+09:00,5,,
t "$band" s1,2024-07-01T24:00:00+09:00,5,,true
t "$band" s1,2024-07-01T10:00:00+09:00x,5,,true
t "$band" s1,2024-07-01T10:00:00+15:00,5,,true
t "$band" s1,2024-13-01T10:00:00+09:00,5,,true
t "$meals" s1,c,,2024-07-01,brunch,rice,100,10,150
t "$meals" s1,c,,2024-07-01,lunch,pizza,100,10,150
t "$meals" s1,c,,2024-07-01,lunch,rice,100,-10,150
t 'session_id,subject_id,kiosk_id,started_at,activity,duration_s,score,risk_level' k1,s1,,2024-07-01T10:00:00+09:00,chess,60,,normal
t 'interaction_id,subject_id,ts,kind' i1,s1,2024-07-01T10:00:00+09:00,SOS
# what the schemas allow is taken: their true and false values, six
# decimals, the largest decimal that fits
t "$band" s1,2024-07-01T10:00:00+09:00,5,,TRUE s1,2024-07-01T10:01:00+09:00,5,,1 s1,2024-07-01T10:02:00+09:00,5,,False s1,2024-07-01T10:03:00+09:00,0,,0
cat p/usage.csv
t "$bike" b1,s1,2024-07-01T10:00:00+09:00,10,9223372036853.000001 b2,s1,2024-07-01T11:00:00+09:00,0.000001,0.1234560
cat p/usage.csv
