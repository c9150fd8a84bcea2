"""DLPack both ways, checked with NumPy's own consumer and producer."""
import gc

import numpy as np
import pytest

import ndview
from conftest import filled

DL_TYPES = ["<i1", "<u1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8", "<f2", "<f4", "<f8", "<c8", "<c16", "?"]


@pytest.mark.parametrize("dtype", DL_TYPES)
def test_numpy_consumes_views_zero_copy(dtype, little):
    a = filled((4, 6), dtype)
    for s in [a, a.T, a[::2, ::-1], a[:0], a[1, 2, ...], np.broadcast_to(a[:1], (3, 6))]:
        d = np.from_dlpack(ndview.View(s))
        assert d.dtype == s.dtype and d.shape == s.shape and d.strides == s.strides
        assert (d == s).all()
        if s.size:
            assert np.shares_memory(d, a)
        assert not d.flags.writeable  # READ_ONLY for a read-only View


def test_writable_views_export_writable():
    z = ndview.zeros("<f4", (2, 2))
    d = np.from_dlpack(z)
    d[0, 1] = 3.0
    assert z[0, 1] == 3.0


def test_versioned_and_legacy_capsules():
    v = ndview.View(np.arange(3.0))
    assert "dltensor_versioned" in repr(v.__dlpack__(max_version=(1, 0)))
    assert "dltensor_versioned" in repr(v.__dlpack__(max_version=(1, 2)))
    assert '"dltensor"' in repr(v.__dlpack__())
    assert '"dltensor"' in repr(v.__dlpack__(max_version=(0, 8)))
    assert v.__dlpack_device__() == (1, 0)


def test_what_dlpack_cannot_express_is_a_buffer_error_with_the_reason():
    r = np.zeros(3, dtype=[("id", "<u4"), ("x", "<f8")])
    with pytest.raises(BufferError, match="record"):
        ndview.View(r).__dlpack__()
    with pytest.raises(BufferError, match="axis 0.*itemsize 8"):
        ndview.View(r).field("x").__dlpack__()
    with pytest.raises(BufferError, match="byte order"):
        ndview.View(np.zeros(3, ">f8")).__dlpack__()
    v = ndview.View(np.zeros(4))
    with pytest.raises(BufferError):
        v.__dlpack__(copy=True)
    with pytest.raises(BufferError):
        v.__dlpack__(dl_device=(2, 0))
    with pytest.raises(BufferError):
        v.__dlpack__(stream=1)
    assert np.from_dlpack(v).shape == (4,)


def test_unaligned_stride_is_named():
    b = bytearray(16)
    v = ndview.View(b).cast("B", (4, 4)).view("<u2")  # shape (4, 2), strides (4, 2)
    assert v.__dlpack__() is not None
    odd = ndview.View(bytearray(15)).cast("B", (5, 3))[:, :2].view("<u2")  # row stride 3
    with pytest.raises(BufferError, match="stride 3 of axis 0 is not a multiple of the itemsize 2"):
        odd.__dlpack__()


def test_capsule_lifetimes_in_every_order():
    a = np.arange(6.0)
    # Never consumed: the capsule's destructor frees the tensor.
    c = ndview.View(a).__dlpack__(max_version=(1, 0))
    del c
    c = ndview.View(a).__dlpack__()
    del c
    # Consumed, then the View, then the original, then the consumer.
    v = ndview.View(a)
    d = np.from_dlpack(v)
    del v, a
    gc.collect()
    assert d.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    del d
    gc.collect()
    # A View released while a DLPack consumer holds the bytes.
    b = np.arange(4.0)
    v = ndview.View(b)
    d = np.from_dlpack(v)
    v.release()
    del b
    assert d.sum() == 6.0


def test_from_dlpack_imports_numpy_and_views():
    a = np.arange(12, dtype="<i4").reshape(3, 4)[:, ::-2]
    v = ndview.from_dlpack(a)
    assert v.shape == a.shape and v.strides == a.strides and v.tolist() == a.tolist()
    assert np.shares_memory(np.asarray(v), a)
    w = ndview.from_dlpack(ndview.zeros("<f8", (2, 3)))
    assert w.tolist() == [[0.0] * 3] * 2
    ro = np.arange(3.0)
    ro.flags.writeable = False
    assert ndview.from_dlpack(ro).readonly
    with pytest.raises((TypeError, AttributeError)):
        ndview.from_dlpack(b"abc")
    del a
    gc.collect()
    assert v.sum() == np.arange(12).reshape(3, 4)[:, ::-2].sum()


class LegacyProducer:
    """A producer from before DLPack 1.0: `__dlpack__` takes no keywords and
    returns a legacy "dltensor" capsule."""

    def __init__(self, view):
        self.view = view

    def __dlpack__(self):
        return self.view.__dlpack__()

    def __dlpack_device__(self):
        return self.view.__dlpack_device__()


def test_from_dlpack_reads_legacy_capsules():
    a = np.arange(10, dtype="<i2")[::-3]
    w = ndview.from_dlpack(LegacyProducer(ndview.View(a)))
    assert w.tolist() == a.tolist() and w.strides == a.strides
    assert w.readonly  # no flags before DLPack 1.0: read-only, as NumPy imports it
    del a
    gc.collect()
    assert w.tolist() == [9, 6, 3, 0]


def test_a_consumed_capsule_is_not_freed_twice():
    v = ndview.View(np.arange(4.0))
    c = v.__dlpack__(max_version=(1, 0))
    holder = type("Holder", (), {"__dlpack__": lambda self, **kw: c,
                                 "__dlpack_device__": lambda self: (1, 0)})()
    w = ndview.from_dlpack(holder)  # renames the capsule: ours now
    del c, holder
    gc.collect()
    assert w.tolist() == [0.0, 1.0, 2.0, 3.0]
    del w
    gc.collect()
