"""NumPy's times for the cases of benches/convert.rs, as JSON (median ns).

Same data and views as the Rust benchmarks: `astype` of big-endian and
little-endian doubles (2000x5000, C order and transposed; NumPy's default
`order='K'` keeps the transposed layout, so `order='C'` is also timed, the
result layout ndview produces), u16 -> f32 of a padded 64x64 window and of a
4096^2 image, f16 -> f32 of 16 M elements, and the sum of a packed record
field (4 M records of 15 bytes).

    python3 benches/numpy_convert.py
"""
import json
import timeit

import numpy as np


def median_ns(stmt, number):
    runs = timeit.repeat(stmt, number=number, repeat=7)
    runs.sort()
    return runs[len(runs) // 2] / number * 1e9


out = {}
base = ((np.arange(2000 * 5000) % 1000) * 0.5).reshape(2000, 5000)
be = base.astype(">f8")
le = base.astype("<f8")
out["astype >f8->f64 C"] = median_ns(lambda: be.astype("<f8"), 3)
out["astype >f8->f64 transposed (K)"] = median_ns(lambda: be.T.astype("<f8"), 3)
out["astype >f8->f64 transposed (C)"] = median_ns(lambda: be.T.astype("<f8", order="C"), 3)
out["astype <f8->f32 C"] = median_ns(lambda: le.astype("<f4"), 3)
out["astype <f8->f32 transposed (K)"] = median_ns(lambda: le.T.astype("<f4"), 3)
out["astype <f8->f32 transposed (C)"] = median_ns(lambda: le.T.astype("<f4", order="C"), 3)
out["memcpy f64 output (copy)"] = median_ns(lambda: le.copy(), 3)

for name, rows, cols, pitch in [("64x64 padded", 64, 64, 72), ("4096^2", 4096, 4096, 4096)]:
    img = (np.arange(rows * pitch) % 65521).astype(np.uint16).reshape(rows, pitch)[:, :cols]
    number = 2000 if rows == 64 else 3
    out[f"u16->f32 {name}"] = median_ns(lambda: img.astype(np.float32), number)

h = ((np.arange(16 << 20) % 2048) * 0.25).astype(np.float16)
out["f16->f32 16M"] = median_ns(lambda: h.astype(np.float32), 3)

n = 4 << 20
rec = np.zeros(n, dtype=[("id", "<u4"), ("x", "<f8"), ("tag", "S3")])
rec["id"] = np.arange(n)
rec["x"] = (np.arange(n) % 1000) * 0.5
rec["tag"] = b"abc"
assert rec.dtype.itemsize == 15
out["record field sum 4M x 15B"] = median_ns(lambda: rec["x"].sum(), 5)
print(json.dumps(out, indent=1))
