#!/usr/bin/env python3
"""Turns the benchmark's JSON lines into the Markdown table of docs/PERFORMANCE.md."""
import json
import sys

TARGETS = {
    "create @300/s": ("p95_ms", "p95 <= 10 ms"),
    "list, first page @1000/s": ("p95_ms", "p95 <= 5 ms"),
    "list, first page (saturation)": ("throughput", ">= 0.5x the list probe"),
    "list, first page @half the probe": ("p95_ms", "p95 <= 5 ms"),
    "create (saturation)": ("throughput", ">= 0.3x the insert probe"),
    "create, spread over the towns (saturation)": ("throughput", ">= 0.6x its insert probe"),
    "list, deep page @1000/s": ("p95_ms", "p95 <= 5 ms, <= 1.2x first page"),
    "search, rare word @100/s": ("p95_ms", "p95 <= 50 ms"),
    "search, common words @25/s": ("p95_ms", "p95 <= 50 ms"),
    "public map near a point @300/s": ("p95_ms", "p95 <= 50 ms"),
    "duplicate check @300/s": ("p95_ms", "p95 <= 10 ms"),
    "address search, 200 000 addresses @200/s": ("p95_ms", "p95 <= 30 ms"),
    "knowledge-base search, 10 000 articles @100/s": ("p95_ms", "p95 <= 50 ms"),
    "interaction logging @100/s": ("p95_ms", "p95 <= 50 ms"),
    "year report, largest town, one reader": ("p95_ms", "p95 <= 2000 ms"),
    "filters combined @300/s": ("p95_ms", "p95 <= 50 ms"),
    "filters combined, by due date @100/s": ("p95_ms", "p95 <= 50 ms"),
    "filters combined, by due date @300/s": ("p95_ms", "p95 <= 50 ms"),
}
# Every sort of the dashboard under a date range of another column.
for _sort in ("due", "priority", "department"):
    TARGETS[f"sort by {_sort} under a creation year @100/s"] = ("p95_ms", "p95 <= 50 ms")
for _sort in ("created", "priority", "department"):
    TARGETS[f"sort by {_sort} under a due-date year @100/s"] = ("p95_ms", "p95 <= 50 ms")

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
size = int(sys.argv[2])
sql = {r["name"][5:]: r for r in rows if r["name"].startswith("sql: ")}
print(f"### {size:,} requests".replace(",", " "))
print()
# Each saturation line against the probe of its kind, measured in the same run.
probe = {r["name"]: r["throughput"] for r in rows if r["name"].startswith("probe: ")}
def against_probe(r):
    if r["rate"] != 0 or r["name"].startswith("probe: "):
        return ""
    if r["name"].startswith("create, spread"):
        p = probe.get("probe: insert alone, spread over the towns (saturation)")
    elif r["name"].startswith("create"):
        p = probe.get("probe: insert alone (saturation)")
    else:
        p = probe.get("probe: list keyset alone (saturation)")
    return f"{r['throughput'] / p:.2f}x" if p else ""
print("| scenario | throughput (req/s) | x probe | p50 ms | p95 ms | p99 ms | errors | SQL alone p95 ms | API / SQL (p95) | target |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
for r in rows:
    name = r["name"]
    if name.startswith("sql: ") or "throughput" not in r:
        continue
    s = sql.get(name)
    ratio = f"{r['p95_ms'] / s['p95_ms']:.1f}" if s and s.get("p95_ms") else ""
    target = TARGETS.get(name, ("", ""))[1]
    print(f"| {name} | {r['throughput']:.0f} | {against_probe(r)} | {r['p50_ms']:.2f} | {r['p95_ms']:.2f} | {r['p99_ms']:.2f} | {r['errors']} | "
          f"{s['p95_ms'] if s else ''} | {ratio} | {target} |")
for r in rows:
    if "webhook" in r:
        print()
        print(f"Webhook deliveries, from the change to the receiver: p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms, "
              f"p99 {r['p99_ms']:.0f} ms, max {r['max_ms']:.0f} ms; {r['deliveries']} received ({r['distinct']} distinct ids) "
              f"of {r['expected']} filed (target p50 <= 1 s, p99 <= 5 s).")
for r in rows:
    if "rss_mb" in r:
        print()
        print(f"Server peak RSS under this load: {r['rss_mb']} MB (target <= 100 MB).")
for r in rows:
    if "lag_ms" in r:
        print()
        print(f"{r['name'].capitalize()}: {r['lag_ms']} ms.")
    elif "count" in r:
        print()
        print(f"{r['name'].capitalize()}: {r['count']}.")
