# Issue 15, item 3: ssp flow on synthetic pilots reconciles with
# truth.json (enrolled, comparison arm, dropped per cohort) and with
# itself (every branch sums to its stage), the baseline and endline counts
# agree with measures.csv counted on its own, and with --min-cell 5 no
# count from 1 to 4 shows and no sum has exactly one count withheld (the
# arms of an analysis being a sum too).
for seed in 3 11; do
	d=$TMPDIR/p$seed
	scr=()
	[ $seed = 11 ] && scr=(--screening) # and the people assessed for eligibility
	ssp synth --canonical "${scr[@]}" --seed $seed --scale 0.3 --log-days 1 --comparison-share 0.4 -o "$d" >/dev/null
	ssp flow --min-cell 0 "$d" >"$d/flow.csv" || echo "flow status $?"
	ssp flow "$d" >"$d/flow5.csv" || echo "flow status $?"
	ssp flow --json --instrument GRIP -o "$d/flow.json" "$d" || echo "flow status $?"
	python3 - "$d" <<'PY'
import csv, json, sys
from collections import defaultdict
d = sys.argv[1]
truth = json.load(open(f"{d}/truth.json"))
rows = list(csv.DictReader(open(f"{d}/flow.csv")))
n = defaultdict(int)
for r in rows:
    n[(r["technology"], r["region"], r["arm"], r["stage"], r["reason"])] += int(r["n"])
bad = []
for c in truth["cohorts"]:
    t, g = c["technology"], c["region"]
    enr = {a: n[(t, g, a, "enrolled", "")] for a in ("intervention", "comparison")}
    ex = sum(v for k, v in n.items() if k[:2] == (t, g) and k[3] == "exited")
    if enr["intervention"] + enr["comparison"] != c["subjects"]: bad.append(f"{t}: enrolled")
    if enr["comparison"] != c["comparison"]: bad.append(f"{t}: comparison")
    if ex != c["dropped"]: bad.append(f"{t}: exited {ex} != dropped {c['dropped']}")
# every branch sums to its stage
groups = defaultdict(int)
stage = {}
for r in rows:
    k = (r["technology"], r["region"], r["arm"])
    stage[k + (r["stage"],)] = int(r["n"])
for c in truth["cohorts"]:
    t, g = c["technology"], c["region"]
    if "screening" not in c:
        if n[(t, g, "all", "assessed", "")]: bad.append(f"{t}: assessed without screening")
        continue
    sc = c["screening"]
    if n[(t, g, "all", "assessed", "")] != sc["assessed"]: bad.append(f"{t}: assessed")
    for why, v in sc["excluded"].items():
        if n[(t, g, "all", "excluded", why)] != v: bad.append(f"{t}: excluded {why}")
    if sc["assessed"] != sum(sc["excluded"].values()) + c["subjects"]: bad.append(f"{t}: screening sum")
arms = lambda rs: {(r["technology"], r["region"], r["arm"]) for r in rs if r["arm"] != "all"}
for k in arms(rows):
    ex = sum(int(r["n"]) for r in rows if (r["technology"], r["region"], r["arm"]) == k and r["stage"] == "exited")
    s = lambda x: stage[k + (x,)]
    for lhs, rhs in (("enrolled", ex + s("not_exited")),
                     ("enrolled", s("with_baseline") + s("without_baseline")),
                     ("with_baseline", s("analysed_itt") + s("excluded_itt")),
                     ("analysed_itt", s("analysed_completers") + s("excluded_completers"))):
        if s(lhs) != rhs: bad.append(f"{k} {lhs}")
# baseline and endline counted from measures.csv on its own
subj = {r["subject_id"]: r for r in csv.DictReader(open(f"{d}/subjects.csv"))}
ph = defaultdict(set)
for m in csv.DictReader(open(f"{d}/measures.csv")):
    ph[(m["subject_id"], m["instrument"])].add(m["phase"])
base, end, comp = defaultdict(set), defaultdict(set), defaultdict(set)
for (sid, ins), p in ph.items():
    s = subj[sid]; k = (s["technology"], s["region"], s["arm"])
    if "baseline" in p: base[k].add(sid)
    if "endline" in p: end[k].add(sid)
    if {"baseline", "endline"} <= p: comp[k].add(sid)
for k in arms(rows):
    for name, sset in (("with_baseline", base), ("with_endline", end), ("analysed_completers", comp)):
        if stage[k + (name,)] != len(sset[k]): bad.append(f"{k} {name}")
# disclosure
rows5 = list(csv.DictReader(open(f"{d}/flow5.csv")))
if len(rows5) != len(rows): bad.append("min-cell changes the rows")
hid = 0
for r, r0 in zip(rows5, rows):
    if r["suppressed"] == "true":
        hid += 1
        if r["n"] != "": bad.append("a suppressed count shows")
    elif not (r["n"] == r0["n"] and (int(r["n"]) == 0 or int(r["n"]) >= 5)):
        bad.append(f"shown: {r}")
# no sum with exactly one count withheld
for k in arms(rows5):
    h = defaultdict(int)
    for r in rows5:
        if (r["technology"], r["region"], r["arm"]) == k and r["suppressed"] == "true":
            h[r["stage"]] += 1
    for sm in (("enrolled", "exited", "not_exited"), ("enrolled", "with_baseline", "without_baseline"),
               ("with_baseline", "analysed_itt", "excluded_itt"),
               ("analysed_itt", "analysed_completers", "excluded_completers")):
        if sum(h[x] for x in sm) == 1: bad.append(f"{k}: one unknown in {sm}")
# the screening: assessed = its exclusions + the arms' enrolled
for c in {(r["technology"], r["region"]) for r in rows5 if r["stage"] == "assessed"}:
    sm = [r for r in rows5 if (r["technology"], r["region"]) == c and
          (r["stage"] in ("assessed", "excluded") or (r["stage"] == "enrolled" and r["arm"] != "all"))]
    if sum(r["suppressed"] == "true" for r in sm) == 1: bad.append(f"{c}: one unknown in the screening")
# the arms of an analysis: the results show their sum (a between-arm n)
for c in {(r["technology"], r["region"]) for r in rows5}:
    for st in ("analysed_itt", "analysed_completers"):
        arms = [r for r in rows5 if (r["technology"], r["region"]) == c and r["stage"] == st]
        if len(arms) == 2 and sum(r["suppressed"] == "true" for r in arms) == 1:
            bad.append(f"{c}: one arm of {st} withheld")
j = json.load(open(f"{d}/flow.json"))
if j["parameters"] != {"instrument": "GRIP", "min_cell": 5} or not j["inputs"]: bad.append("json")
print(f"{d.rsplit('/', 1)[1]}: {len(truth['cohorts'])} cohorts{', screened' if 'screening' in truth['cohorts'][0] else ''}, {len(rows)} rows, {hid} withheld at --min-cell 5:",
      "; ".join(bad) if bad else "all reconcile")
PY
done
# p11's screening does not cover p3's subjects: the flow does not reconcile
ssp flow "$TMPDIR/p3" "$TMPDIR/p11" 2>&1; echo "status $?"
ssp flow 2>&1; echo "status $?"
ssp flow --min-cell x "$TMPDIR/p3" 2>&1; echo "status $?"
ssp flow "$TMPDIR/none" 2>&1 | sed "s|$TMPDIR|TMP|"; echo "status ${PIPESTATUS[0]}"
