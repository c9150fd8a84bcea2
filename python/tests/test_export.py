"""Export: memoryview and NumPy read a View zero-copy with the same format,
shape and strides; request flags are honoured or refused; writes go both
ways; exports pin the View."""
import gc

import numpy as np
import pytest
from _testbuffer import (PyBUF_ANY_CONTIGUOUS, PyBUF_C_CONTIGUOUS, PyBUF_F_CONTIGUOUS, PyBUF_FULL_RO,
                         PyBUF_ND, PyBUF_RECORDS, PyBUF_SIMPLE, PyBUF_STRIDES, PyBUF_WRITABLE, ndarray)

import ndview
from conftest import ALL_DTYPES, filled, layouts


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
def test_round_trips_through_memoryview_and_numpy(dtype):
    base = filled((4, 6), dtype)
    for name, a in layouts(base):
        v = ndview.View(a)
        m = memoryview(v)
        assert (m.shape, m.strides, m.itemsize, m.readonly) == (a.shape, memoryview(a).strides, a.itemsize, True), name
        assert m.format == v.format
        n = np.asarray(m)
        assert n.dtype == a.dtype and n.strides == (a.strides if a.size else memoryview(a).strides), name
        assert memoryview(n).tobytes() == memoryview(a).tobytes(), name
        # And back in: a View of the memoryview of a View.
        w = ndview.View(m)
        assert w.shape == a.shape and w.strides == m.strides, name
        assert w.tobytes() == memoryview(a).tobytes(), name


def test_memoryview_reads_native_scalars():
    a = np.arange(6, dtype=np.float64).reshape(2, 3)
    m = memoryview(ndview.View(a)[:, ::-1])
    assert m.tolist() == a[:, ::-1].tolist() and m[1, 0] == 5.0


def request(view, flags):
    """A buffer of `view` requested with exactly `flags` (CPython's own
    consumer from _testbuffer)."""
    return ndarray(view, getbuf=flags)


def test_request_flags_are_honoured_or_refused():
    a = np.arange(24, dtype="<i4").reshape(4, 6)
    v = ndview.View(a)
    w = ndview.View(a.copy(), writable=True)
    assert request(v, PyBUF_FULL_RO).tolist() == a.tolist()
    # Without PyBUF_FORMAT the consumer sees unsigned bytes.
    assert request(v, PyBUF_C_CONTIGUOUS).tobytes() == a.tobytes()
    assert request(v.T, PyBUF_F_CONTIGUOUS).tobytes() == a.T.tobytes()
    assert request(v.T, PyBUF_ANY_CONTIGUOUS).tobytes() == a.T.tobytes()
    assert request(v[:, ::2], PyBUF_STRIDES).tobytes() == a[:, ::2].tobytes()
    simple = request(v, PyBUF_SIMPLE)  # bytes, no shape, no format
    assert simple.nbytes == a.nbytes and simple.format in ("", "B")
    assert request(w, PyBUF_RECORDS | PyBUF_WRITABLE).readonly == 0
    for view, flags in [
        (v, PyBUF_WRITABLE),  # read-only View
        (v.T, PyBUF_C_CONTIGUOUS),
        (v, PyBUF_F_CONTIGUOUS),
        (v[:, ::2], PyBUF_ANY_CONTIGUOUS),
        (v[:, ::2], PyBUF_ND),  # no strides asked, not C-contiguous
        (v.T, PyBUF_SIMPLE),
    ]:
        with pytest.raises(BufferError):
            request(view, flags)


def test_writes_go_both_ways():
    b = bytearray(16)
    w = ndview.View(b, writable=True)
    n = np.asarray(w.cast("<u4", (2, 2)).T)
    n[0, 1] = 0x01020304
    assert b[8:12] == bytes([4, 3, 2, 1])
    b[0] = 9
    assert w[0] == 9
    z = ndview.zeros("<i8", (2, 3), order="F")
    np.asarray(z)[:, 1] = [7, 8]
    assert z.tolist() == [[0, 7, 0], [0, 8, 0]]
    memoryview(z)[1, 2] = -1
    assert z[1, 2] == -1


def test_read_only_views_refuse_writable_consumers():
    v = ndview.View(bytearray(4))  # read-only unless asked
    with pytest.raises(BufferError):
        request(v, PyBUF_WRITABLE)
    n = np.asarray(v)
    assert not n.flags.writeable
    with pytest.raises(ValueError):
        n[0] = 1


def test_release_is_refused_while_exported():
    v = ndview.View(np.arange(3.0))
    m = memoryview(v)
    with pytest.raises(BufferError):
        v.release()
    n = np.asarray(v)
    m.release()
    with pytest.raises(BufferError):
        v.release()
    del n
    gc.collect()
    v.release()
    with pytest.raises(ValueError):
        memoryview(v)


def test_exports_keep_the_view_and_the_original_alive():
    a = np.arange(5.0)
    v = ndview.View(a)[1:]
    m = memoryview(v)
    del a, v
    gc.collect()
    assert m.tolist() == [1.0, 2.0, 3.0, 4.0]


def test_bytearray_cannot_resize_under_a_view():
    b = bytearray(8)
    v = ndview.View(b)
    with pytest.raises(BufferError):
        b.append(1)
    v.release()
    b.append(1)
