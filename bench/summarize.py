#!/usr/bin/env python3
"""Summarizes a bench/run results directory as Markdown: the measurements side by side and
each target of BENCHMARKS.md checked (met / missed / not measured).

    python3 bench/summarize.py RESULTS_DIR
"""

import json
import re
import sys
from pathlib import Path

OUT = Path(sys.argv[1])


def hyperfine(name):
    """The results of one hyperfine export, by command name (empty when not measured)."""
    path = OUT / f"{name}.json"
    if not path.exists():
        return {}
    return {r["command"]: r for r in json.loads(path.read_text())["results"]}


def peaks():
    """peak.tsv: name -> (peak RSS in kB, wall seconds, CPU share in %)."""
    rows = {}
    path = OUT / "peak.tsv"
    if not path.exists():
        return rows
    for line in path.read_text().splitlines()[1:]:
        name, rss, wall, cpu, _exit = line.split("\t")
        rows[name] = (int(rss), float(wall), int(cpu.rstrip("%") or 0))
    return rows


def inputs():
    """inputs.txt: path -> (files, bytes), from the generator's lines."""
    found = {}
    path = OUT / "inputs.txt"
    if not path.exists():
        return found
    for line in path.read_text().splitlines():
        m = re.match(r"(\d+) files, (\d+) bytes: (.*)$", line)
        if m:
            found[Path(m.group(3)).name] = (int(m.group(1)), int(m.group(2)))
    return found


def ms(r):
    if r is None:
        return "—"
    return f"{r['mean'] * 1000:,.1f} ± {r['stddev'] * 1000 if r['stddev'] else 0:,.1f} ms"


def mb(kb):
    return f"{kb / 1024:,.1f} MiB"


def verdict(ok):
    return "**met**" if ok else "**missed**"


PEAK = peaks()
INPUTS = inputs()
targets = []

print("## Trees of module files\n")
print("| files | bytes | `backix lint` | rnix parse | `nix-instantiate --parse` per file "
      "| nix ÷ backix | backix ÷ rnix | backix peak RSS | backix CPU |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
tree_rows = []
for path in sorted(OUT.glob("tree-*.json"), key=lambda p: int(p.stem.split("-")[1])):
    n = int(path.stem.split("-")[1])
    res = hyperfine(path.stem)
    backix = res.get(f"backix lint ({n} files)")
    rnix = res.get(f"rnix parse ({n} files)")
    nix = res.get(f"nix-instantiate --parse, per file ({n} files)")
    rss, _, cpu = PEAK.get(f"backix lint tree-{n}", (0, 0, 0))
    _, size = INPUTS.get(f"tree-{n}", (n, 0))
    vs_nix = nix["mean"] / backix["mean"] if nix and backix else None
    vs_rnix = backix["mean"] / rnix["mean"] if rnix and backix else None
    tree_rows.append((n, size, backix, rnix, nix, vs_nix, vs_rnix, rss, cpu))
    print(f"| {n:,} | {size:,} | {ms(backix)} | {ms(rnix)} | {ms(nix)} | "
          f"{f'{vs_nix:,.1f}×' if vs_nix else '—'} | {f'{vs_rnix:,.1f}×' if vs_rnix else '—'} | "
          f"{mb(rss)} | {cpu} % |")
print()
by_n = {row[0]: row for row in tree_rows}
if 1000 in by_n and by_n[1000][5]:
    r = by_n[1000][5]
    targets.append(("lint 1 000 files ≥ 20× faster than nix-instantiate --parse per file",
                    f"{r:,.1f}×", verdict(r >= 20)))
else:
    targets.append(("lint 1 000 files ≥ 20× faster than nix-instantiate --parse per file",
                    "not measured", "—"))
for n in (1000, 10000):
    if n in by_n and by_n[n][6]:
        r = by_n[n][6]
        targets.append((f"lint {n:,} files within 2× of rnix parsing alone", f"{r:,.1f}×",
                        verdict(r <= 2)))
if 10000 in by_n:
    rss = by_n[10000][7]
    targets.append(("peak memory ≤ 100 MB for 10 000 files", f"{rss / 1000:,.1f} MB",
                    verdict(rss * 1000 <= 100e6)))
    cpu = by_n[10000][8]
    targets.append(("both cores used (10 000 files)", f"{cpu} % CPU", verdict(cpu >= 150)))
if 1000 in by_n and 10000 in by_n and by_n[1000][2] and by_n[10000][2]:
    per_small = by_n[1000][2]["mean"] / by_n[1000][1]
    per_large = by_n[10000][2]["mean"] / by_n[10000][1]
    targets.append(("linear growth, trees: time per byte at 10 000 ÷ at 1 000 files",
                    f"{per_large / per_small:,.2f}", verdict(per_large / per_small <= 1.25)))

print("## borgmatic YAML\n")
print("| files | `backix lint` | `borgmatic config validate` | borgmatic ÷ backix "
      "| backix peak RSS |")
print("| ---: | ---: | ---: | ---: | ---: |")
yaml_rows = {}
for path in sorted(OUT.glob("borgmatic-*.json")):
    label = path.stem.split("-", 1)[1]
    res = hyperfine(path.stem)
    what = "corpus" if label == "corpus" else f"{label} YAML files"
    backix = res.get(f"backix lint ({what})")
    borgmatic = res.get(f"borgmatic config validate ({what})")
    ratio = borgmatic["mean"] / backix["mean"] if backix and borgmatic else None
    yaml_rows[label] = ratio
    brss = PEAK.get(f"backix lint borgmatic-{label}", (0, 0, 0))[0]
    print(f"| {label} | {ms(backix)} | {ms(borgmatic)} | "
          f"{f'{ratio:,.1f}×' if ratio else '—'} | {mb(brss)} |")
print()
for label, ratio in sorted(yaml_rows.items(), key=lambda kv: (not kv[0].isdigit(), kv[0].zfill(9))):
    if ratio:
        targets.append((f"YAML validation ≥ 50× faster than borgmatic ({label})", f"{ratio:,.1f}×",
                        verdict(ratio >= 50)))

print("## One file, 1 KB to 10 MB\n")
print("| bytes | `backix lint` | µs per KB | backix peak RSS | `nix-instantiate --parse` "
      "| nix peak RSS |")
print("| ---: | ---: | ---: | ---: | ---: | ---: |")
rows = []
for path in OUT.glob("single-*.json"):
    size = int(path.stem.split("-")[1])
    single = hyperfine(path.stem)
    r = single.get(f"backix lint (single file, {size} bytes)")
    nix = single.get(f"nix-instantiate --parse (single file, {size} bytes)")
    if r:
        rows.append((size, r, nix))
for size, r, nix in sorted(rows, key=lambda t: t[0]):
    actual = INPUTS.get(f"single-{size}.nix", (1, size))[1]
    rss = PEAK.get(f"backix lint single-{size}", (0, 0, 0))[0]
    nrss = PEAK.get(f"nix-instantiate --parse single-{size}", (0, 0, 0))[0]
    print(f"| {actual:,} | {ms(r)} | {r['mean'] * 1e6 / (actual / 1000):,.1f} | {mb(rss)} | "
          f"{ms(nix)} | {mb(nrss)} |")
print()
if len(rows) >= 2:
    rows.sort(key=lambda t: t[0])
    (s1, r1, _), (s2, r2, _) = rows[-2], rows[-1]
    a1 = INPUTS.get(f"single-{s1}.nix", (1, s1))[1]
    a2 = INPUTS.get(f"single-{s2}.nix", (1, s2))[1]
    growth = (r2["mean"] / a2) / (r1["mean"] / a1)
    targets.append((f"linear growth, one file: time per byte at {a2:,} ÷ at {a1:,} bytes",
                    f"{growth:,.2f}", verdict(growth <= 1.25)))
    p1 = PEAK.get(f"backix lint single-{s1}", (0, 0, 0))[0]
    p2 = PEAK.get(f"backix lint single-{s2}", (0, 0, 0))[0]
    if p1 and p2:
        print(f"Peak RSS grows {p2 / p1:,.1f}× from {a1:,} to {a2:,} bytes "
              f"({a2 / a1:,.1f}× the input).\n")

print("## emit and run\n")
print("| command | time | peak RSS |")
print("| --- | ---: | ---: |")
for path in sorted(OUT.glob("emit-*.json")):
    for name, r in hyperfine(path.stem).items():
        rss = PEAK.get(f"backix emit {path.stem.replace('emit-', 'jobs-')}", (0, 0, 0))[0]
        print(f"| {name} | {ms(r)} | {mb(rss)} |")
run = hyperfine("run")
for name, r in run.items():
    print(f"| {name} | {ms(r)} | |")
print()
direct = run.get("borg create + borg rename, the job's commands (direct)")
for name in ("backix run (manifest JSON)", "backix run (Nix file)"):
    if direct and name in run:
        extra = (run[name]["mean"] - direct["mean"]) * 1000
        print(f"- {name}: {extra:+,.1f} ms over running the job's two borg commands directly "
              f"({run[name]['mean'] / direct['mean']:,.2f}×)")
print()

print("## Targets\n")
print("| target | measured | |")
print("| --- | ---: | --- |")
for what, measured, ok in targets:
    print(f"| {what} | {measured} | {ok} |")
