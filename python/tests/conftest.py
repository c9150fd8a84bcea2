"""Shared helpers for the ndview Python suite (NumPy is the reference)."""
import sys

import numpy as np
import pytest

LITTLE = sys.byteorder == "little"

# Every dtype NumPy exports through the buffer protocol.
SCALAR_DTYPES = [
    "<i1", "<u1", "<i2", ">i2", "<u2", ">u2", "<i4", ">i4", "<u4", ">u4", "<i8", ">i8", "<u8", ">u8",
    "<f2", ">f2", "<f4", ">f4", "<f8", ">f8", "<c8", ">c8", "<c16", ">c16", "?", "S1", "S7",
]
RECORD_DTYPES = [
    np.dtype([("id", "<u4"), ("x", ">f8")]),  # packed, mixed byte orders
    np.dtype([("a", "<i4"), ("b", "<f8")], align=True),  # aligned: padding inside
    np.dtype([("a", "u1"), ("b", ">i2", (2, 3))]),  # a sub-array field
    np.dtype({"names": ["x", "y"], "formats": ["<i2", "<f4"], "offsets": [4, 8], "itemsize": 16}),
    np.dtype([("a", "u1"), ("n", [("p", "<i4"), ("q", "S2")])]),  # nested
]
ALL_DTYPES = SCALAR_DTYPES + RECORD_DTYPES


def filled(shape, dtype):
    """A deterministic array of `dtype` whose bytes are all different."""
    dtype = np.dtype(dtype)
    n = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    raw = (np.arange(n, dtype=np.int64) * 7 + 3) % 251
    if dtype.kind == "b":
        raw %= 2
    if dtype.kind in "fc":
        # Small integers, so every float is exact and no NaN appears.
        vals = (np.arange(int(np.prod(shape))) % 17 - 8).astype(dtype)
        return vals.reshape(shape)
    return np.frombuffer(raw.astype(np.uint8).tobytes(), dtype=dtype).reshape(shape).copy()


def layouts(a):
    """Views of a 2-D or 3-D array in every layout the suite checks."""
    yield "C", a
    yield "F", np.asfortranarray(a)
    yield "step", a[::2, 1::2]
    yield "negative", a[::-1, ::-2]
    yield "transposed", a.T
    yield "broadcast", np.broadcast_to(a[:1], (4,) + a.shape[1:])
    yield "0-d", a[(0,) * a.ndim + (Ellipsis,)]
    yield "size 0", a[:0]
    yield "size 0 stepped", a[2:2, ::-1]


@pytest.fixture
def little():
    if not LITTLE:
        pytest.skip("little-endian host")
