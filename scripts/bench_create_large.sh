#!/usr/bin/env bash
# Creates a .npy file larger than memory with npy::create, fills it in
# passes, reports time and peak RSS, and spot-checks it with NumPy
# (np.load(mmap_mode="r")) when numpy is importable. Not run by CI.
#
#   bash scripts/bench_create_large.sh            # 32 GiB under /tmp
#   bash scripts/bench_create_large.sh 8 /data    # 8 GiB under /data
#
# Needs GIB GiB of free disk; the file is deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
gib="${1:-32}"
dir="${2:-/tmp}"
path="$dir/ndview-create-large-$$.npy"
trap 'rm -f "$path"' EXIT
cargo run --release --features mmap --example create_large -- "$path" "$gib"
python="${PYTHON:-python3}"
if "$python" -c "import numpy" 2>/dev/null; then
  "$python" - "$path" <<'PY'
import sys
import numpy as np
a = np.load(sys.argv[1], mmap_mode="r")
n = a.shape[0]
idx = np.unique(np.linspace(0, n - 1, 4097).astype(np.int64))
assert a.dtype == np.dtype("<f8") and a.flags.c_contiguous
assert np.array_equal(a[idx], idx.astype(np.float64)), "spot check failed"
print(f"numpy: {n} elements, {idx.size} spot checks bit-identical")
PY
else
  echo "numpy not importable: skipped the NumPy spot check (set PYTHON=...)"
fi
