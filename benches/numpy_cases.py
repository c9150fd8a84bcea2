"""NumPy's times for the cases of benches/compare.rs, as JSON (median ns).

Run by benches/report.sh when numpy is importable. Same data, same views:
sum, copy-out to C order (`v.copy(order='C')`), copy into a preallocated
C-order array (`np.copyto`), and one rank-4 slice. With the argument
`compute`: the cases of benches/compute.rs instead.
"""
import json
import sys
import timeit

import numpy as np


def median_ns(stmt, number):
    runs = timeit.repeat(stmt, number=number, repeat=7)
    runs.sort()
    return runs[len(runs) // 2] / number * 1e9


def views():
    def base(shape):
        n = int(np.prod(shape))
        return ((np.arange(n) % 1000) * 0.5).reshape(shape)

    a2 = base((2048, 2048))
    a4 = base((2048, 4096))
    a3 = base((64, 256, 256))
    return {
        "contiguous": a2,
        "transposed": a2.T,
        "every_other_column": a4[:, ::2],
        "reversed_both": a2[::-1, ::-1],
        "column_block": a4[:, 100:1124],
        "permuted_3d": a3.transpose(2, 0, 1),
    }


def compute_cases():
    """The cases of benches/compute.rs: np.add with broadcasting and a
    transposed operand, and a.sum(axis=k)."""
    res = {}
    n = 4096
    a = ((np.arange(n * n) % 1000) * 0.5).reshape(n, n)
    b = a.copy()
    row = np.arange(n, dtype=np.float64)
    out = np.empty_like(a)
    res["zip add_row"] = median_ns(lambda: np.add(a, row, out=out), 3)
    res["zip add_transposed"] = median_ns(lambda: np.add(a, b.T, out=out), 3)
    res["zip add_contiguous"] = median_ns(lambda: np.add(a, b, out=out), 3)
    for k in range(2):
        res[f"sum_axis 4096x4096 axis{k}"] = median_ns(lambda: a.sum(axis=k), 3)
    res["sum_axis 4096x4096 whole"] = median_ns(lambda: a.sum(), 3)
    for shape, axes in (((200, 300, 350), (0, 1, 2)), ((100, 600, 700), (2,))):
        c = ((np.arange(int(np.prod(shape))) % 1000) * 0.5).reshape(shape)
        name = "x".join(map(str, shape))
        for k in axes:
            res[f"sum_axis {name} axis{k}"] = median_ns(lambda: c.sum(axis=k), 3)
        res[f"sum_axis {name} whole"] = median_ns(lambda: c.sum(), 3)
    return res


if len(sys.argv) > 1 and sys.argv[1] == "compute":
    print(json.dumps(compute_cases()))
    sys.exit(0)

out = {}
for name, v in views().items():
    out[f"sum {name}"] = median_ns(lambda: v.sum(), 5)
    out[f"to_vec {name}"] = median_ns(lambda: v.copy(order="C"), 3)
    dst = np.empty(v.shape)
    out[f"copy_into {name}"] = median_ns(lambda: np.copyto(dst, v), 3)
r4 = np.arange(8 ** 4, dtype=np.float64).reshape(8, 8, 8, 8)
out["slice rank4"] = median_ns(lambda: r4[1:7:2, ::-1, 3, None, :], 100000)
print(json.dumps(out))
