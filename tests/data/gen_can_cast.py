#!/usr/bin/env python3
"""Generate tests/data/can_cast.txt: NumPy's casting table for tests/convert.rs.

One line per (from, to, level): `from to level allowed` with `allowed`
0 or 1, for every numeric NumPy type string in both byte orders and the
five levels of `np.can_cast`. The Rust test compares `ndview::convert::can_cast`
against it without needing NumPy.

    python3 tests/data/gen_can_cast.py > tests/data/can_cast.txt

Generated with NumPy 2.x (the first line records the version).
"""

import numpy as np

codes = ["b1", "i1", "u1"]
for size in (2, 4, 8):
    codes += [f"i{size}", f"u{size}"]
codes += ["f2", "f4", "f8", "c8", "c16"]

types = []
for c in codes:
    if c[1:] == "1":
        types.append("|" + c)
    else:
        types += ["<" + c, ">" + c]

print(f"# numpy {np.__version__}: from to level allowed")
for a in types:
    for b in types:
        for level in ("no", "equiv", "safe", "same_kind", "unsafe"):
            ok = np.can_cast(np.dtype(a), np.dtype(b), casting=level)
            print(a, b, level, int(ok))
