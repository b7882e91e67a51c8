#!/usr/bin/python3
"""xlsx.py FILE WHAT: parts of a workbook read with the standard library
only (zipfile and xml), for the golden cases of ssp report.

  sheets          the sheet names, one a line, with their UTF-16 length
  cells SHEET     every cell of the sheet named SHEET: REF<TAB>value
  series          each chart's series: the chart, the series' name (its
                  cell's text, or the literal), the header above its
                  values, the values' range and the marker
"""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

z = zipfile.ZipFile(sys.argv[1])


def sheets():
    """(name, path) of every sheet, in order."""
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    return [(s.get("name"), "xl/" + target[s.get(REL)])
            for s in wb.find("m:sheets", NS)]


def shared():
    try:
        sst = ET.fromstring(z.read("xl/sharedStrings.xml"))
    except KeyError:
        return []
    return ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"]))
            for si in sst]


def cells(path):
    ss = shared()
    out = {}
    for c in ET.fromstring(z.read(path)).iter("{%s}c" % NS["m"]):
        t = c.get("t")
        if t == "inlineStr":
            v = "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"]))
        elif t == "s":
            v = ss[int(c.find("m:v", NS).text)]
        else:
            e = c.find("m:v", NS)
            v = e.text if e is not None else ""
        out[c.get("r")] = v
    return out


def ref(f):
    """(sheet, first cell, last cell) of a formula like 'Name'!$B$2:$B$9."""
    m = re.fullmatch(r"(?:'((?:[^']|'')*)'|([^!]*))!\$?([A-Z]+)\$?(\d+)"
                     r"(?::\$?([A-Z]+)\$?(\d+))?", f)
    name = (m.group(1) or "").replace("''", "'") or m.group(2)
    return name, m.group(3), int(m.group(4)), m.group(5), m.group(6)


what = sys.argv[2]
if what == "sheets":
    for name, _ in sheets():
        print("%s\t%d" % (name, len(name.encode("utf-16-le")) // 2))
elif what == "cells":
    path = dict(sheets())[sys.argv[3]]
    for k, v in cells(path).items():
        print("%s\t%s" % (k, v))
elif what == "series":
    paths = dict(sheets())
    charts = sorted((n for n in z.namelist() if n.startswith("xl/charts/")),
                    key=lambda n: int(re.sub(r"\D", "", n)))
    for ch in charts:
        x = ET.fromstring(z.read(ch))
        for ser in x.iter("{%s}ser" % NS["c"]):
            tx = ser.find("c:tx", NS)
            f = tx.find(".//c:f", NS) if tx is not None else None
            if f is not None:
                s, col, row, _, _ = ref(f.text)
                name = cells(paths[s]).get("%s%d" % (col, row), "")
            else:
                name = "".join(t.text or "" for t in tx.iter("{%s}v" % NS["c"])) \
                    if tx is not None else ""
            vf = ser.find("c:val//c:f", NS)
            s, col, row, col2, row2 = ref(vf.text)
            head = cells(paths[s]).get("%s%d" % (col, row - 1), "")
            mk = ser.find("c:marker/c:symbol", NS)
            print("%s\tname=%s\tvalues=%s%d:%s%s (header %s)%s" %
                  (ch.split("/")[-1], name, col, row, col2, row2, head,
                   "\tmarker=" + mk.get("val") if mk is not None else ""))
