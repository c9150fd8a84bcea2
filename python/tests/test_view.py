"""View operations against NumPy: indexing, layout operations, casts,
fields, tobytes, tolist, sum, astype, equality and release."""
import numpy as np
import pytest

import ndview
from conftest import filled

KEYS = [
    0, -1, 3, (1, 2), (-1, -6), slice(None), slice(1, 3), slice(None, None, -1), slice(-2, None, -2),
    (slice(1, 4, 2), slice(None, None, -1)), Ellipsis, (Ellipsis, 1), (None, 1), (1, None, Ellipsis, None),
    (slice(10, 100),), (slice(-100, 2),), (), (slice(None), None, 2), (slice(5, 1, -2), Ellipsis, slice(None, 2)),
    (np.int64(2), slice(None)),
]


@pytest.mark.parametrize("key", KEYS, ids=repr)
def test_indexing_matches_numpy(key):
    a = filled((4, 6), "<f8")
    v = ndview.View(a)
    got = v[key]
    want = a[key]
    if isinstance(want, np.ndarray):
        n = np.asarray(got)
        assert n.shape == want.shape and n.strides == want.strides
        assert (n == want).all()
        if want.size:
            assert np.shares_memory(n, a)
    else:
        assert got == want and type(got) is float


def test_index_strings_match_keys():
    a = filled((4, 6), "<i4")
    v = ndview.View(a)
    assert v.index("1:4:2, ::-1").tobytes() == a[1:4:2, ::-1].tobytes()
    assert v.index("-1, 2") == a[-1, 2]
    assert v.index("..., None").shape == a[..., None].shape


@pytest.mark.parametrize("key", [4, -5, (0, 6), (0, 0, 0)], ids=repr)
def test_bad_indices_raise_like_numpy(key):
    v = ndview.View(np.zeros((4, 6)))
    with pytest.raises(IndexError):
        v[key]


def test_bad_keys_are_type_errors():
    v = ndview.View(np.zeros((4, 6)))
    for key in (1.5, [1, 2], True):
        with pytest.raises((TypeError, IndexError)):
            v[key]
    with pytest.raises(ValueError):
        v[::0]


def test_layout_operations_match_numpy():
    a = filled((2, 3, 4), "<u2")
    v = ndview.View(a)
    for got, want in [
        (v.T, a.T),
        (v.transpose(1, 0, 2), a.transpose(1, 0, 2)),
        (v.transpose((2, 0, 1)), a.transpose(2, 0, 1)),
        (v.reshape((6, 4)), a.reshape(6, 4)),
        (v.reshape(24), a.reshape(24)),
        (v.T.reshape((4, 6), order="F"), a.T.reshape((4, 6), order="F")),
        (v[:1].broadcast_to((5, 1, 3, 4)), np.broadcast_to(a[:1], (5, 1, 3, 4))),
    ]:
        n = np.asarray(got)
        # The stride of a length-1 axis is never used; NumPy zeroes some.
        long_axes = [k for k, d in enumerate(want.shape) if d > 1]
        assert n.shape == want.shape and (n == want).all()
        assert [n.strides[k] for k in long_axes] == [want.strides[k] for k in long_axes]
        assert np.shares_memory(n, a)


def test_reshape_that_needs_a_copy_is_refused():
    v = ndview.View(np.zeros((4, 6)))
    with pytest.raises(ValueError, match="copy|reshape|contiguous|stride"):
        v.T.reshape((24,))
    with pytest.raises(ValueError):
        v.reshape((5, 5))
    with pytest.raises(ValueError):
        v.broadcast_to((3, 5))


def test_fields_of_records():
    r = np.zeros(4, dtype=[("id", "<u4"), ("x", ">f8"), ("tag", "S3")])
    r["id"] = [1, 2, 3, 4]
    r["x"] = [0.5, -1.5, 2.0, 8.0]
    r["tag"] = [b"a", b"bb", b"ccc", b""]
    v = ndview.View(r)
    for name in ("id", "x", "tag"):
        f = v.field(name)
        n = np.asarray(f)
        assert n.dtype == r[name].dtype and n.strides == r[name].strides
        assert (n == r[name]).all() and np.shares_memory(n, r)
        # memoryview's `3s` keeps the NUL padding NumPy's `S3` strips.
        pad = (lambda b: b.ljust(3, b"\0")) if name == "tag" else (lambda x: x)
        assert v[name].tolist() == [pad(x) for x in r[name].tolist()]
    assert v.field("x").sum() == r["x"].sum()
    assert v[1:3].field("id").tolist() == [2, 3]
    with pytest.raises(ValueError):
        v.field("nope")


def test_casts_generalize_memoryview_cast(little):
    b = bytearray(range(24))
    m = memoryview(b)
    v = ndview.View(b)
    assert v.cast("<u2", (3, 4)).tolist() == m.cast("H", (3, 4)).tolist()
    assert v.cast("<u4").tolist() == m.cast("I").tolist()
    assert v.view("<u2").shape == (12,)
    a = np.arange(12, dtype="<i4").reshape(3, 4)
    av = ndview.View(a)
    assert np.asarray(av.view("<u2")).tolist() == a.view("<u2").tolist()
    assert np.asarray(av[:, 1:3].view("<i8")).tolist() == a[:, 1:3].copy().view("<i8").tolist()
    with pytest.raises((ValueError, TypeError)):
        av.T.cast("B", (48,))
    assert v.cast("<u8").shape == (3,)
    with pytest.raises(ValueError):
        v.cast("<u8", (5,))


def test_tobytes_orders():
    a = filled((3, 5), "<i2")
    v = ndview.View(a)
    for s in [v, v.T, v[::-1, 1::2]]:
        n = np.asarray(s)
        for order in "CFA":
            assert s.tobytes(order) == n.tobytes(order)


@pytest.mark.parametrize("dtype", ["<f8", ">f8", "<f4", "<i4", ">i2", "<u8", "?", "<c16", ">f2"])
def test_sum_matches_numpy(dtype):
    a = filled((6, 8), dtype)
    for s in [a, a.T, a[:, ::2], a[::-1]]:
        assert ndview.View(s).sum() == s.sum()


def test_sum_of_records_is_an_error():
    with pytest.raises((ValueError, TypeError)):
        ndview.View(np.zeros(2, dtype=[("a", "<i4")])).sum()


@pytest.mark.parametrize("src,dst", [(">f8", "<f8"), (">f8", "<f4"), ("<i4", "<f8"), ("<f8", "<i4"),
                                     ("<u1", "<i2"), (">i2", "<i8"), ("<f4", "<c16"), ("?", "<f8"),
                                     (">c16", "<c16"), (">i4", "<i4"), (">f2", "<f2"), (">i2", "<i2"),
                                     ("<u8", "<u8"), (">f4", ">f4"), ("<c8", ">c8"),
                                     ("<f8", ">f4"), ("<i4", ">i8"), (">f8", ">i2"), ("<f8", "?"),
                                     ("<i2", "<f2"), (">u2", ">c8")])
def test_astype_matches_numpy(src, dst):
    a = filled((5, 7), src)
    for s in [a, a.T, a[::2, ::-1], a[:1, :3], a[:0]]:
        got = ndview.View(s).astype(dst)
        want = s.astype(dst)
        n = np.asarray(got)
        assert n.dtype == want.dtype and n.shape == want.shape and (n == want).all()
        assert n.flags.c_contiguous and not got.readonly


def test_equality_is_memoryviews():
    a = np.arange(6, dtype="<i4").reshape(2, 3)
    v = ndview.View(a)
    assert v == ndview.View(a.copy())
    assert v == a
    assert not (v == ndview.View(a.T))
    assert v.T == ndview.View(np.ascontiguousarray(a.T))
    assert v != 3
    assert v == ndview.View(a.astype("<f8"))


def test_len_and_zero_d():
    v = ndview.View(np.zeros((3, 2)))
    assert len(v) == 3
    z = ndview.View(np.array(2.5))
    with pytest.raises(TypeError):
        len(z)
    assert z[()] == 2.5 and z.tolist() == 2.5 and z.shape == ()


def test_release_and_context_manager():
    a = np.arange(4.0)
    with ndview.View(a) as v:
        assert v.sum() == 6.0
    with pytest.raises(ValueError):
        v.sum()
    with pytest.raises(ValueError):
        v[0]
    w = ndview.View(a)
    w.release()
    w.release()  # idempotent, like memoryview
    assert "released" in repr(w)


def test_zeros_is_rust_memory_exported_writable():
    for order in "CF":
        z = ndview.zeros("<f8", (3, 4), order=order)
        n = np.asarray(z)
        assert n.shape == (3, 4) and not n.flags.owndata and n.flags.writeable
        assert (n.flags.c_contiguous, n.flags.f_contiguous) == (order == "C", order == "F")
        n[1, 2] = 5.0
        assert z[1, 2] == 5.0 and z.sum() == 5.0
    r = ndview.zeros("T{<i:a:<d:b:}", 2)
    assert np.asarray(r).dtype == np.dtype([("a", "<i4"), ("b", "<f8")])
    assert ndview.zeros("<i2", ()).tolist() == 0
    assert ndview.zeros("<i2", (0, 3)).tolist() == []
    with pytest.raises(ValueError):
        ndview.zeros("<q8", 3)
    with pytest.raises(ValueError):
        ndview.zeros("<f8", (2**62, 2**62))
