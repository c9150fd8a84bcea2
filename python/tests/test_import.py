"""Import: every dtype NumPy exports, in every layout, zero-copy."""
import struct

import numpy as np
import pytest

import ndview
from conftest import ALL_DTYPES, SCALAR_DTYPES, filled, layouts


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
def test_every_dtype_and_layout_imports_as_numpy_describes_it(dtype):
    base = filled((4, 6), dtype)
    for name, a in layouts(base):
        v = ndview.View(a)
        mv = memoryview(a)
        assert v.shape == a.shape, name
        assert v.strides == mv.strides, name  # NumPy exports empty arrays with C strides
        assert v.ndim == a.ndim and v.itemsize == a.itemsize, name
        assert v.nbytes == a.nbytes, name
        assert v.readonly
        assert (v.c_contiguous, v.f_contiguous) == (mv.c_contiguous, mv.f_contiguous), name
        back = np.asarray(v)
        assert back.dtype == a.dtype, (name, back.dtype, a.dtype)
        # NumPy normalizes the strides of empty arrays it reads from any
        # buffer (memoryview's too); compare with what it does there.
        expect = a.strides if a.size else mv.strides
        assert back.shape == a.shape and back.strides == expect, name
        if a.size:
            assert np.shares_memory(back, a), name
        assert memoryview(back).tobytes() == mv.tobytes(), name
        # memoryview copies whole items; NumPy's record copies skip padding.
        assert v.tobytes() == mv.tobytes(), name
        assert v.tobytes("F") == mv.tobytes("F"), name


@pytest.mark.parametrize("dtype", SCALAR_DTYPES)
def test_exported_scalar_formats_have_numpys_itemsize(dtype):
    a = filled((3,), dtype)
    v = ndview.View(a)
    fmt = v.format
    assert struct.calcsize(fmt.replace("Zf", "ff").replace("Zd", "dd").replace("e", "H")) == a.itemsize


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
def test_tolist_matches_numpy(dtype):
    a = filled((3, 4), dtype)
    v = ndview.View(a)
    expected = a.tolist()
    got = v.tolist()
    if a.dtype.names:
        # NumPy gives tuples for records, lists of lists for sub-arrays.
        def norm(x):
            if isinstance(x, (list, tuple)):
                return [norm(y) for y in x]
            if isinstance(x, np.ndarray):
                return norm(x.tolist())
            return x
        assert norm(got) == norm(expected)
    else:
        assert got == expected


def test_64_dims_import():
    a = np.zeros((1,) * 63 + (2,), dtype="<i2")
    v = ndview.View(a)
    assert v.ndim == 64 and v.shape == a.shape and v.strides == a.strides
    assert np.asarray(v).shape == a.shape


def test_original_dies_after_the_view():
    a = np.arange(10.0)
    v = ndview.View(a)[2:5]
    del a
    assert v.tolist() == [2.0, 3.0, 4.0]


def test_any_exporter():
    assert ndview.View(b"abc").tolist() == [97, 98, 99]
    assert ndview.View(bytearray(b"xy"), writable=True).readonly is False
    import array
    arr = array.array("d", [1.5, 2.5])
    assert ndview.View(arr).sum() == 4.0
    mv = memoryview(bytearray(range(12))).cast("i", (3,))
    assert ndview.View(mv).tolist() == mv.tolist()


def test_not_an_exporter():
    with pytest.raises(TypeError):
        ndview.View(3)
    with pytest.raises(BufferError):
        ndview.View(b"ro", writable=True)
