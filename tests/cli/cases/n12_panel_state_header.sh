# Issue 12 item 20: panel-state.csv's header names every column once (the
# meals bits were "meals", as the meals metric is).
cd "$TMPDIR"
printf 'subject_id,centre_id,class_id,date,meal,food_category,served_g,leftover_g,kcal\ns1,c,,2024-07-01,lunch,rice,100,10,150\n' >meals.csv
ssp panel -q -o p meals.csv 2>/dev/null
head -1 p/panel-state.csv | tr , '\n' | sort | uniq -d | sed 's/^/twice: /'
head -1 p/panel-state.csv | cut -d, -f1-5
