"""Reads an .xlsx file with the standard library only and prints its sheets as JSON:
{"sheets": [{"name": ..., "rows": [[cell, ...], ...]}]}; numbers stay numbers."""
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


def column(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def main(path):
    z = zipfile.ZipFile(path)
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")))
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    out = []
    for sheet in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", NS):
        target = rels[sheet.get(f"{{{NS['r']}}}id")]
        xml = ET.fromstring(z.read("xl/" + target.lstrip("/").removeprefix("xl/")))
        rows = []
        for row in xml.iter(f"{{{NS['m']}}}row"):
            cells = []
            for c in row.findall("m:c", NS):
                i = column(c.get("r"))
                while len(cells) < i:
                    cells.append(None)
                v = c.find("m:v", NS)
                t = c.get("t")
                if t == "s":
                    cells.append(shared[int(v.text)])
                elif t == "inlineStr":
                    cells.append("".join(x.text or "" for x in c.iter(f"{{{NS['m']}}}t")))
                elif v is not None:
                    cells.append(float(v.text))
                else:
                    cells.append(None)
            rows.append(cells)
        out.append({"name": sheet.get("name"), "rows": rows})
    print(json.dumps({"sheets": out}, ensure_ascii=False))


main(sys.argv[1])
