#!/usr/bin/env bash
# Runs the side-by-side benchmarks and prints one table: case, ndview time,
# ndarray time, their ratio, ndview's bandwidth, and NumPy's time for the
# same case when `numpy` is importable (skipped with a note otherwise).
#
#   bash benches/report.sh            # run the benchmarks once, then report
#   bash benches/report.sh --runs 3   # three runs; report each time's median
#                                     # over the runs, and the ratio's range
#   bash benches/report.sh --no-run   # report the last run's results
#
# On a shared VM single runs move by 10% or more; `--runs 3` takes about
# 10 minutes on the 2-core machine and is what docs/performance.md uses.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=1
run_benches=1
case "${1:-}" in
  --no-run) run_benches=0 ;;
  --runs) runs="${2:?--runs needs a count}" ;;
  "") ;;
  *) echo "usage: bash benches/report.sh [--runs N | --no-run]" >&2; exit 2 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Every median criterion recorded, as {"group/function/case": ns}.
collect() {
  python3 - "$1" <<'PY'
import json, os, sys
out = {}
root = "target/criterion"
for dirpath, _, files in os.walk(root):
    if "estimates.json" in files and os.path.basename(dirpath) == "new":
        key = os.path.relpath(os.path.dirname(dirpath), root)
        with open(os.path.join(dirpath, "estimates.json")) as fh:
            out[key] = json.load(fh)["median"]["point_estimate"]
json.dump(out, open(sys.argv[1], "w"))
PY
}
if [ "$run_benches" = 1 ]; then
  for i in $(seq 1 "$runs"); do
    [ "$runs" -gt 1 ] && echo "run $i of $runs" >&2
    cargo bench --bench compare >&2
    collect "$work/run$i.json"
  done
else
  collect "$work/run1.json"
fi
numpy_json="$work/numpy.json"
if python3 -c 'import numpy' 2>/dev/null; then
  python3 benches/numpy_cases.py > "$numpy_json"
else
  echo '{}' > "$numpy_json"
  echo "note: numpy is not importable here; the NumPy column is left empty" >&2
fi
python3 - "$numpy_json" "$work"/run*.json <<'PY'
import json, statistics, sys
numpy = json.load(open(sys.argv[1]))
runs = [json.load(open(p)) for p in sys.argv[2:]]
several = len(runs) > 1

def median(*parts):
    values = [r["/".join(parts)] for r in runs if "/".join(parts) in r]
    return statistics.median(values) if values else None

def ratio_range(ours, theirs):
    """min–max over the runs of ours/theirs, each run on its own."""
    rs = [r[ours] / r[theirs] for r in runs if ours in r and theirs in r]
    return f"{min(rs):.2f}–{max(rs):.2f}" if rs else "—"

def fmt(ns):
    if ns is None:
        return "—"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"

def row(name, ours_key, theirs_key, bytes_, numpy_key):
    ours, theirs = median(*ours_key.split("/")), median(*theirs_key.split("/")) if theirs_key else None
    ratio = f"{ours / theirs:.2f}" if ours and theirs else "—"
    gbs = f"{bytes_ / ours:.1f}" if ours and bytes_ else "—"
    cells = [name, fmt(ours), fmt(theirs), ratio]
    if several:
        cells.append(ratio_range(ours_key, theirs_key) if theirs_key else "—")
    cells += [gbs, fmt(numpy.get(numpy_key)) if numpy_key else "—"]
    print("| " + " | ".join(cells) + " |")

sizes = {"contiguous": 2048 * 2048, "transposed": 2048 * 2048,
         "every_other_column": 2048 * 2048, "reversed_both": 2048 * 2048,
         "column_block": 2048 * 1024, "permuted_3d": 64 * 256 * 256}
head = ["case", "ndview", "ndarray", "ndview / ndarray"]
if several:
    head.append(f"ratio, each of {len(runs)} runs")
head += ["ndview GB/s", "NumPy"]
print("| " + " | ".join(head) + " |")
print("| --- |" + " ---: |" * (len(head) - 1))
for group in ("sum", "to_vec", "copy_into"):
    for case, n in sizes.items():
        row(f"{group} {case}", f"{group}/ndview/{case}", f"{group}/ndarray/{case}", n * 8, f"{group} {case}")
for group in ("to_vec", "copy_into"):
    if median(group, "memcpy", "contiguous"):
        row(f"{group} memcpy ceiling", f"{group}/memcpy/contiguous", None, 2048 * 2048 * 8, None)
row("slice rank 4", "slice_rank4/ndview", "slice_rank4/ndarray", None, "slice rank4")
row("slice rank 4, index built in the loop (`s!`)", "slice_rank4/ndview_s_macro", "slice_rank4/ndarray", None, None)
if several:
    print(f"\nTimes are medians over {len(runs)} runs of criterion medians.")
PY
