"""check.py DIR MANIFEST: the workbooks DIR/r.xlsx (Korean, with datasets)
and DIR/en.xlsx (English, no datasets) against the JSON they came from.
Numbers are compared to 16 significant digits: libxlsxwriter writes them
with printf's %.16g."""
import hashlib, json, sys, zipfile
import openpyxl

d, manifest = sys.argv[1], sys.argv[2]
bad = 0
checked = 0


def fail(msg):
    global bad
    bad += 1
    if bad <= 20:
        print("report: " + msg)


def same(a, b, where):
    """Equal; numbers to the 16 significant digits libxlsxwriter writes
    (Excel shows 15)."""
    global checked
    checked += 1
    num = (int, float)
    if (isinstance(a, num) and isinstance(b, num) and not isinstance(a, bool)
            and abs(a - b) <= 1e-15 * max(abs(a), abs(b))):
        return
    if a != b:
        fail("%s: workbook %r, results %r" % (where, a, b))


res = json.load(open(d + "/r.json"))
wb = openpyxl.load_workbook(d + "/r.xlsx")
techs = []
for r in res["results"]:
    if r["technology"] not in techs and r["arm"] == "intervention":
        techs.append(r["technology"])
ko = {"huggy_vest": "돌봄조끼", "food_scanner": "푸드스캐너",
      "cognitive_kiosk": "인지키오스크", "smart_diaper": "스마트기저귀",
      "exercise_bike": "운동자전거", "ai_band_speaker": "AI밴드스피커"}
same(wb.sheetnames, ["요약", "지표"] + [ko[t] for t in techs] + ["자료 품질", "참여자 흐름", "출처"],
     "sheet names")

# The participant flow: ssp flow's counts at the results' min_cell, row
# for row (a withheld count empty, the word beside it).
import csv
flow = list(csv.DictReader(open(d + "/flow.csv")))
rows = list(wb["참여자 흐름"].iter_rows(min_row=2, values_only=True))
same(len(rows), len(flow), "flow rows")
for i, (w, f) in enumerate(zip(rows, flow)):
    same(w[0], ko[f["technology"]], "flow %d technology" % i)
    same((w[1], w[2], w[4] or ""), (f["region"], f["arm"], f["reason"]),
         "flow %d" % i)
    if f["suppressed"] == "true":
        same((w[5], w[6]), (None, "비공개"), "flow %d withheld" % i)
    else:
        same(w[5], int(f["n"]), "flow %d n" % i)
# and a diagram per cohort beside it (ssp plot flow's PNG)
same(len(wb["참여자 흐름"]._images), len({(f["technology"], f["region"]) for f in flow}),
     "flow diagrams")

# The results table: every cell.
ws = wb["지표"]
head = [c.value for c in ws[1]]
by = res["parameters"]["by"]
same(head[:6 + len(by)], ["indicator", "label", "domain", "technology",
                           "region", "arm"] + by, "header")
same(ws.freeze_panes, "B2", "frozen header")
same(ws.auto_filter.ref is not None, True, "autofilter")
numeric = {"n", "numerator", "denominator", "factor", "estimate", "ci_low",
           "ci_high", "statistic", "df", "p", "p_adjusted", "effect"}
same(ws.max_row, len(res["results"]) + 1, "rows")
hyperlink = 0
for i, r in enumerate(res["results"]):
    row = ws[i + 2]
    for j, col in enumerate(head[:-1]):
        cell = row[j]
        where = "지표!%s" % cell.coordinate
        if j >= 6 and j < 6 + len(by):
            v = r["by"][col]
            same(cell.value, v, where)
            if v and v.startswith("=HYPERLINK"):
                hyperlink += 1
                same(cell.data_type, "s", where + " type")
            continue
        v = r[col]
        if col == "suppressed":
            same(cell.value, v, where)
        elif col in numeric and r["suppressed"] and col != "factor":
            same(cell.value, "비공개", where)
        elif col in numeric:
            same(cell.value, v, where)
            if v is not None:
                same(cell.data_type, "n", where + " type")
        else:
            same(cell.value, v if v != "" else None, where)
    if r["p"] is not None and not r["suppressed"]:
        same(row[len(head) - 1].value in ("개선", "근거 없음", "악화"), True,
             "verdict of row %d" % (i + 2))
same(hyperlink > 0, True, "the =HYPERLINK site is in the table")
pcol = head.index("p") + 1
first = next(i for i, r in enumerate(res["results"]) if r["p"] is not None
             and not r["suppressed"])
same(ws.cell(first + 2, pcol).number_format, '[<0.001]"<0.001";0.000',
     "p format")

# Summary: one row per technology and region, the headline verdict.
ws = wb["요약"]
same(ws.max_row - 1, len(techs), "summary rows")
for row in ws.iter_rows(min_row=2, values_only=True):
    same(row[9] in ("개선", "근거 없음", "악화", "평가 불가"), True,
         "summary verdict " + str(row[0]))

# Charts: every technology sheet has them.
z = zipfile.ZipFile(d + "/r.xlsx")
charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
same(len(charts) >= len(techs), True, "charts (%d)" % len(charts))
for t in techs:
    same(len(wb[ko[t]]._charts) >= 1, True, "charts on " + ko[t])

# Data quality: the manifest's inputs, counts as numbers.
m = json.load(open(manifest))["inputs"]
ws = wb["자료 품질"]
rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[2]]
same(len(rows), len(m), "data quality rows")
for r, e in zip(rows, m):
    same(list(r[1:8]), [e["path"], e["table"], e["rows_read"], e["accepted"],
                        e["rejected"], e["duplicates"], e["filtered"]],
         "data quality " + e["path"])

# Provenance: the results' digest and the catalogue's.
ws = wb["출처"]
kv = {r[0]: r[1] for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
same(kv.get("results.sha256"),
     hashlib.sha256(open(d + "/r.json", "rb").read()).hexdigest(),
     "results digest")
same(kv.get("catalogue.sha256"), res["catalogue"]["sha256"], "catalogue")
inputs = {r[0]: r[1] for r in ws.iter_rows(min_row=2, values_only=True)
          if r[0] and r[1] and len(str(r[1])) == 64}
for e in res["inputs"]:
    same(inputs.get(e["path"]), e["sha256"], "input " + e["path"])

# English, without datasets.
en = openpyxl.load_workbook(d + "/en.xlsx")
same(en.sheetnames[:2] + en.sheetnames[-3:],
     ["Summary", "Indicators", "Data quality", "Participant flow", "Provenance"],
     "English sheets")

print("report: %d checked, %d failed" % (checked, bad))
sys.exit(1 if bad or not checked else 0)
