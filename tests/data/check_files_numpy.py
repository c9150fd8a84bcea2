#!/usr/bin/env python3
"""Cross-check (by hand, not in CI): NumPy and the `safetensors` package
read back what ndview writes. Write the files with a program doing what
tests/files.rs does (see the list below), then run

    python tests/data/check_files_numpy.py DIR

DIR holds: t.npy (a 4x5 f8 array 0, 0.5, ... transposed), s.npy (its
[::-1, 1::2]), be.npy (>i4 [[-3,-2,-1],[0,1,2]]), cc.npy / cf.npy (made by
npy::create in C / F order, 3x4 <i4 with a[i, j] = 10 i + j), z.npz /
zc.npz (stored / deflated: a = the 4x5 array, b = arange(6, u2).reshape(2,
3).T) and m.safetensors (the same a and b).
"""
import sys

import numpy as np
from safetensors.numpy import load_file

d = sys.argv[1]
a = (np.arange(20) * 0.5).reshape(4, 5)
b = np.arange(6, dtype="<u2").reshape(2, 3).T
ij = np.add.outer(np.arange(3) * 10, np.arange(4)).astype("<i4")
assert np.array_equal(np.load(f"{d}/t.npy"), a.T)
assert np.array_equal(np.load(f"{d}/s.npy"), a[::-1, 1::2])
be = np.load(f"{d}/be.npy")
assert be.dtype == np.dtype(">i4") and np.array_equal(be, np.arange(6).reshape(2, 3) - 3)
cc, cf = np.load(f"{d}/cc.npy", mmap_mode="r"), np.load(f"{d}/cf.npy", mmap_mode="r")
assert cc.flags.c_contiguous and cf.flags.f_contiguous and not cf.flags.c_contiguous
assert np.array_equal(cc, ij) and np.array_equal(cf, ij)
for name in ["z.npz", "zc.npz"]:
    with np.load(f"{d}/{name}") as z:
        assert sorted(z.files) == ["a", "b"]
        assert np.array_equal(z["a"], a) and np.array_equal(z["b"], b) and z["b"].dtype == b.dtype
t = load_file(f"{d}/m.safetensors")
assert np.array_equal(t["a"], a) and np.array_equal(t["b"], b)
print("numpy and safetensors read back every file")
