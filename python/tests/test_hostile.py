"""Hostile exporters: CPython's _testbuffer.ndarray builds every shape of
exporter (suboffsets, 64 dims, arbitrary strides and flags). Each is an
exception or a correct view, never a crash."""
import itertools

import numpy as np
import pytest
from _testbuffer import (ND_FORTRAN, ND_GETBUF_FAIL, ND_PIL, ND_WRITABLE, PyBUF_FULL_RO, ndarray)

import ndview


def test_suboffsets_are_refused():
    x = ndarray(list(range(12)), shape=[3, 4], format="i", flags=ND_PIL)
    with pytest.raises(BufferError, match="suboffsets"):
        ndview.View(x)


def test_64_dims_and_more():
    x = ndarray([1], shape=[1] * 64, format="b")
    v = ndview.View(x)
    assert v.ndim == 64 and v.tolist() == memoryview(x).tolist()
    try:
        x65 = ndarray([1], shape=[1] * 65, format="b")
    except ValueError:
        return  # this CPython's _testbuffer refuses 65 dims itself
    with pytest.raises(ValueError, match="64"):
        ndview.View(x65)


def test_getbuf_failures_propagate():
    x = ndarray([1, 2], shape=[2], format="b", flags=ND_GETBUF_FAIL)
    with pytest.raises(BufferError):
        ndview.View(x)


@pytest.mark.parametrize("fmt", ["i", "<h", ">Q", "d", "?", "3s", "2i", "T{<i:a:>h:b:}", "@bi", "Zd", "e"])
def test_arbitrary_strides_and_offsets_match_memoryview(fmt):
    import struct
    n = 60
    item = struct.calcsize(fmt.replace("Zd", "dd").replace("T{<i:a:>h:b:}", "<ih"))
    items = list(range(n)) if fmt in ("i", "<h", ">Q", "d", "e") else None
    base = bytearray(range(n * item % 256 if n * item < 256 else 256)) * (n * item // 256 + 1)
    for shape, strides, offset in [([3, 4], [4 * item, item], 0), ([3, 4], [-4 * item, item], 8 * item),
                                   ([2, 3], [item, 2 * item], 0), ([4], [-3 * item], 9 * item),
                                   ([3, 0], [item, item], 0), ([5], [0], 0)]:
        try:
            x = ndarray(bytes(base[: n * item]), shape=shape, strides=strides, offset=offset, format=fmt)
        except Exception:
            continue  # _testbuffer refuses the combination itself
        v = ndview.View(x)
        m = memoryview(x)
        assert (v.shape, v.strides) == (m.shape, m.strides)
        assert v.tobytes() == m.tobytes()
        if items is not None:
            assert v.tolist() == m.tolist()


def test_flag_combinations_never_crash():
    for flags in range(0, 16):
        for writable in (False, True):
            x = ndarray(list(range(24)), shape=[2, 3, 4], format="i",
                        flags=(flags & (ND_WRITABLE | ND_FORTRAN | ND_PIL)))
            try:
                v = ndview.View(x, writable=writable)
            except (BufferError, ValueError, TypeError):
                continue
            assert v.tolist() == memoryview(x).tolist()
            assert np.asarray(v).tolist() == memoryview(x).tolist()


def test_formats_ndview_cannot_read_are_value_errors():
    for fmt in ["g", "O", "w"]:
        try:
            x = ndarray([1], shape=[1], format=fmt)
        except Exception:
            continue
        with pytest.raises(ValueError):
            ndview.View(x)
