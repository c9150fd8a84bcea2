#!/usr/bin/env bash
# Runs the side-by-side benchmarks and prints one table: case, ndview time,
# ndarray time, their ratio, ndview's bandwidth, and NumPy's time for the
# same case when `numpy` is importable (skipped with a note otherwise).
#
#   bash benches/report.sh            # run the benchmarks, then report
#   bash benches/report.sh --no-run   # report the last run's results
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--no-run" ]; then
  cargo bench --bench compare >&2
fi
numpy_json=$(mktemp)
if python3 -c 'import numpy' 2>/dev/null; then
  python3 benches/numpy_cases.py > "$numpy_json"
else
  echo '{}' > "$numpy_json"
  echo "note: numpy is not importable here; the NumPy column is left empty" >&2
fi
python3 - "$numpy_json" <<'PY'
import json, os, sys
root = "target/criterion"
numpy = json.load(open(sys.argv[1]))

def median(*parts):
    path = os.path.join(root, *parts, "new", "estimates.json")
    try:
        return json.load(open(path))["median"]["point_estimate"]
    except OSError:
        return None

def fmt(ns):
    if ns is None:
        return "—"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"

sizes = {"contiguous": 2048 * 2048, "transposed": 2048 * 2048,
         "every_other_column": 2048 * 2048, "reversed_both": 2048 * 2048,
         "column_block": 2048 * 1024, "permuted_3d": 64 * 256 * 256}
print("| case | ndview | ndarray | ndview / ndarray | ndview GB/s | NumPy |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for group in ("sum", "to_vec", "copy_into"):
    for case, n in sizes.items():
        ours, theirs = median(group, "ndview", case), median(group, "ndarray", case)
        ratio = f"{ours / theirs:.2f}" if ours and theirs else "—"
        gbs = f"{n * 8 / ours:.1f}" if ours else "—"
        print(f"| {group} {case} | {fmt(ours)} | {fmt(theirs)} | {ratio} | {gbs} | {fmt(numpy.get(f'{group} {case}'))} |")
for group in ("to_vec", "copy_into"):
    memcpy = median(group, "memcpy", "contiguous")
    if memcpy:
        print(f"| {group} memcpy ceiling | {fmt(memcpy)} | — | — | {2048 * 2048 * 8 / memcpy:.1f} | — |")
ours, theirs = median("slice_rank4", "ndview"), median("slice_rank4", "ndarray")
ratio = f"{ours / theirs:.2f}" if ours and theirs else "—"
print(f"| slice rank 4 | {fmt(ours)} | {fmt(theirs)} | {ratio} | — | {fmt(numpy.get('slice rank4'))} |")
built = median("slice_rank4", "ndview_s_macro")
ratio = f"{built / theirs:.2f}" if built and theirs else "—"
print(f"| slice rank 4, index built in the loop (`s!`) | {fmt(built)} | {fmt(theirs)} | {ratio} | — | — |")
PY
rm -f "$numpy_json"
