#!/usr/bin/env python3
"""Generate tests/data/view_cases.txt: NumPy's (and CPython's) answers for
views with element data, compared field by field by tests/view_fixtures.rs
(which does not need Python).

Run from the repository root:  python3 tests/data/gen_views.py
Deterministic (fixed seed). Fields are separated by '|', so dtypes are
written without a '|' byte-order character ('u1' for '|u1').

The base of every chain is a C-contiguous array of `dtype` and `shape` over
the bytes `b[k] = (37 * k + 11) % 256`, k = 0, 1, ...; a chain is a list of
steps separated by ' / ':

  i:<index>      a[index] (NumPy basic indexing; a 0-d result stays a view)
  T              a.T
  p:<perm>       a.transpose(perm)
  w:<a>,<b>      a.swapaxes(a, b)
  r:<C|F>:<shape>  np.reshape(a, shape, order, copy=False) (only no-copy ones)
  b:<shape>      np.broadcast_to(a, shape)

  out = shape;strides;offset;C;F      offset from the base buffer's start

  S|dtype|shape|chain|out|tobytes('C') hex|tobytes('F') hex
  V|dtype|shape|chain|new dtype|out or ERR:<Error variant>      a.view(new)
  M|dtype|shape|chain|casts|shape;hex or ERR:<Error variant>    memoryview casts
      (ERR:Other: a CPython-only refusal, zeros in the shape; not checked)
      casts = fmt:shape[ / fmt:shape]: memoryview(a).cast(fmt, shape)...
  A|dtype|shape|strides|offset|aligned                          as_strided flags
      over a 16-aligned buffer of exactly the needed bytes
  E|dtype|shape|tobytes hex|values                              element values
      values in C order, separated by ','; ints in decimal, floats as
      float.hex(), complex numbers as real_hex:imag_hex
"""
import random
import sys

import numpy as np

rng = random.Random(20261126)


def bare(dtype):
    """A dtype in the file: '|' is the field separator, so '|u1' is 'u1'."""
    return dtype.lstrip("|")


def ints(xs):
    return ",".join(str(int(x)) for x in xs)


def base_bytes(n):
    return np.array([(37 * k + 11) % 256 for k in range(n)], dtype=np.uint8)


def make_base(dtype, shape):
    dt = np.dtype(dtype)
    n = int(np.prod(shape)) if shape else 1
    buf = base_bytes(n * dt.itemsize)
    a = buf.view(dt).reshape(shape)
    return buf, a


def out_of(a, buf):
    off = a.__array_interface__["data"][0] - buf.__array_interface__["data"][0]
    assert a.size == 0 or 0 <= off < buf.nbytes, (a.shape, a.strides, off)
    c, f = a.flags.c_contiguous, a.flags.f_contiguous
    return f"{ints(a.shape)};{ints(a.strides)};{off};{int(c)};{int(f)}"


def rand_bound(n):
    if rng.random() < 0.3:
        return None
    return rng.randint(-n - 2, n + 2)


def random_index(a):
    items, text = [], []
    k = rng.randint(0, a.ndim)
    axis = 0
    has_ellipsis = False
    for _ in range(k):
        r = rng.random()
        n = a.shape[axis] if axis < a.ndim else 3
        if r < 0.12 and not has_ellipsis:
            items.append(Ellipsis)
            text.append("...")
            has_ellipsis = True
        elif r < 0.22:
            items.append(None)
            text.append("None")
        elif r < 0.4 and n > 0:
            i = rng.randint(-n, n - 1)
            items.append(i)
            text.append(str(i))
            axis += 1
        else:
            start, stop = rand_bound(n), rand_bound(n)
            step = rng.choice([None, None, 1, 2, 3, -1, -2])
            items.append(slice(start, stop, step))
            s = ("" if start is None else str(start)) + ":" + ("" if stop is None else str(stop))
            if step is not None:
                s += ":" + str(step)
            text.append(s)
            axis += 1
    return tuple(items), ", ".join(text)


def apply_index(a, idx):
    if Ellipsis not in idx:
        idx = idx + (Ellipsis,)  # keep a 0-d view instead of a scalar
    return a[idx]


def factorization(n, rank):
    shape = [1] * rank
    m, p = n, 2
    while m > 1:
        while m % p == 0:
            shape[rng.randrange(rank)] *= p
            m //= p
        p += 1
    return shape


def random_step(a, allow_broadcast=True):
    """One step as (new array, text) or None if NumPy refuses / copies."""
    r = rng.random()
    try:
        if r < 0.45:
            idx, text = random_index(a)
            return apply_index(a, idx), "i:" + text
        if r < 0.52:
            return a.T, "T"
        if r < 0.6:
            perm = rng.sample(range(a.ndim), a.ndim)
            return a.transpose(perm), "p:" + ints(perm)
        if r < 0.67:
            if a.ndim == 0:
                return None
            x, y = rng.randrange(a.ndim), rng.randrange(a.ndim)
            return a.swapaxes(x, y), f"w:{x},{y}"
        if r < 0.87:
            n = a.size
            if n == 0:
                rank = rng.randint(1, 3)
                new = [rng.randint(1, 3) for _ in range(rank)]
                new[rng.randrange(rank)] = 0
            else:
                new = factorization(n, rng.randint(0, 4)) if n > 1 or rng.random() < 0.5 else [1] * rng.randint(0, 3)
                if n > 1 and not new:
                    new = [n]
            order = rng.choice("CF")
            r = np.reshape(a, tuple(new), order=order, copy=False)
            assert np.may_share_memory(r, a) or r.size == 0
            return r, f"r:{order}:{ints(new)}"
        if not allow_broadcast:
            return None
        target = [n if n != 1 else rng.choice([1, 2, 3]) for n in a.shape]
        target = [rng.randint(1, 3) for _ in range(rng.randint(0, 1))] + target
        r = np.broadcast_to(a, tuple(target))
        if r.size > 96:
            return None
        return r, "b:" + ints(target)
    except (ValueError, IndexError):
        return None


def random_shape(max_elems):
    while True:
        rank = rng.randint(0, 4)
        shape = [rng.randint(1, 5) if rng.random() > 0.08 else rng.choice([0, 1]) for _ in range(rank)]
        if int(np.prod(shape)) <= max_elems:
            return shape


def random_chain(dtypes, max_elems=60, allow_broadcast=True, steps=(1, 4)):
    dtype = rng.choice(dtypes)
    shape = random_shape(max_elems)
    buf, a = make_base(dtype, shape)
    texts = []
    want = rng.randint(*steps)
    tries = 0
    while len(texts) < want and tries < 20:
        tries += 1
        got = random_step(a, allow_broadcast)
        if got is None:
            continue
        a, text = got
        texts.append(text)
    return dtype, shape, buf, a, " / ".join(texts)


SLICE_DTYPES = ["|u1", "<i2", ">i4", "<f8", "<c8"]
VIEW_DTYPES = ["|u1", "<u2", "<i4", "<f8", "<c16", "|V3", "|S5"]


def slicing_case():
    dtype, shape, buf, a, chain = random_chain(SLICE_DTYPES)
    return (f"S|{bare(dtype)}|{ints(shape)}|{chain}|{out_of(a, buf)}|"
            f"{a.tobytes(order='C').hex()}|{a.tobytes(order='F').hex()}")


def view_error(e):
    msg = str(e)
    if "last axis must be contiguous" in msg or "0d array" in msg:
        return "ERR:Unrepresentable"
    if "divisor" in msg:
        return "ERR:ShapeMismatch"
    raise e


def view_case(special=None):
    dtype, shape, buf, a, chain = random_chain(VIEW_DTYPES, max_elems=40)
    if special == "0d":
        idx = ", ".join(["0"] * a.ndim) if a.size else ""
        if a.size:
            a = apply_index(a, (0,) * a.ndim)
            chain = (chain + " / " if chain else "") + "i:" + idx
    elif special == "unit":
        if a.ndim == 0 or a.shape[-1] < 2:
            return None
        k = rng.randrange(a.shape[-1])
        a = a[..., k:k + 1]
        chain = (chain + " / " if chain else "") + f"i:..., {k}:{k + 1}"
    elif special == "empty":
        if a.ndim == 0:
            return None
        ax = rng.randrange(a.ndim)
        a = a[(slice(None),) * ax + (slice(0, 0),)]
        chain = (chain + " / " if chain else "") + "i:" + ", ".join([":"] * ax + ["0:0"])
    new = rng.choice(VIEW_DTYPES)
    try:
        out = out_of(a.view(new), buf)
    except ValueError as e:
        out = view_error(e)
    return f"V|{bare(dtype)}|{ints(shape)}|{chain}|{bare(new)}|{out}"


def cast_error(e):
    msg = str(e)
    if "C-contiguous" in msg:
        return "ERR:NotContiguous"
    if "product(shape) * itemsize != buffer size" in msg or "not a multiple of itemsize" in msg:
        return "ERR:ShapeMismatch"
    if "zeros in shape or strides" in msg or "integers > 0" in msg:
        return "ERR:Other"  # CPython-only limit; not checked
    raise e


CAST_FORMATS = ["B", "b", "h", "H", "i", "I", "q", "Q", "f", "d"]


def cast_case():
    dtype, shape, buf, a, chain = random_chain(SLICE_DTYPES, max_elems=48)
    while a.size == 0 and rng.random() < 0.9:
        dtype, shape, buf, a, chain = random_chain(SLICE_DTYPES, max_elems=48)
    if rng.random() < 0.3:  # more C-contiguous views
        dtype, shape, buf, a, chain = random_chain(SLICE_DTYPES, max_elems=48, steps=(0, 1))
    m = memoryview(a)
    casts = []
    try:
        nbytes = a.nbytes
        first = [nbytes] if rng.random() < 0.85 else [max(nbytes + rng.choice([-1, 1, 2]), 1)]
        casts.append(f"B:{ints(first)}")
        m = m.cast("B", first)
        fmt = rng.choice(CAST_FORMATS)
        size = np.dtype(fmt).itemsize
        if nbytes % size == 0 and rng.random() < 0.8:
            new = factorization(nbytes // size, rng.randint(1, 3)) if nbytes else [0]
        else:
            new = [max(nbytes // size + rng.choice([0, 1]), 0)]
        casts.append(f"{fmt}:{ints(new)}")
        m = m.cast(fmt, new)
        out = f"{ints(m.shape)};{m.tobytes().hex()}"
    except (TypeError, ValueError) as e:
        out = cast_error(e)
    return f"M|{bare(dtype)}|{ints(shape)}|{chain}|{' / '.join(casts)}|{out}"


def align_case():
    dtype = rng.choice(["<i2", "<i4", "<f8", "<c16"])
    item = np.dtype(dtype).itemsize
    rank = rng.randint(0, 3)
    shape = [rng.choice([0, 1, 2, 3, 4]) if rng.random() < 0.1 else rng.randint(1, 4) for _ in range(rank)]
    strides = []
    for _ in range(rank):
        r = rng.random()
        if r < 0.5:
            s = item * rng.randint(-3, 4)
        elif r < 0.75:
            s = rng.randint(-20, 40)
        else:
            s = rng.choice([item // 2, item + 1, item + item // 2, 2, 4, 8, 12, 16, 24])
        strides.append(s)
    lo = sum(min(0, (n - 1) * s) for n, s in zip(shape, strides)) if all(shape) else 0
    hi = sum(max(0, (n - 1) * s) for n, s in zip(shape, strides)) if all(shape) else 0
    offset = -lo + rng.choice([0, 0, 1, 2, 3, 4, 6, 8, 12])
    n = offset + hi + item
    raw = np.zeros(n + 16, np.uint8)
    start = (-raw.ctypes.data) % 16
    base = raw[start:start + n]
    assert base.ctypes.data % 16 == 0
    # as_strided over `base` (np.ndarray with a buffer: the same array).
    a = np.ndarray(tuple(shape), dtype=dtype, buffer=base, offset=offset, strides=tuple(strides))
    assert a.__array_interface__["data"][0] - base.ctypes.data == offset
    return f"A|{dtype}|{ints(shape)}|{ints(strides)}|{offset}|{int(a.flags.aligned)}"


def value_text(x, kind):
    if kind in "iu":
        return str(int(x))
    if kind == "f":
        return float(x).hex()
    return f"{float(x.real).hex()}:{float(x.imag).hex()}"


def random_value(dt):
    k = dt.kind
    if k == "i":
        bits = dt.itemsize * 8
        return rng.choice([rng.randint(-(1 << (bits - 1)), (1 << (bits - 1)) - 1), rng.randint(-300, 300),
                           -(1 << (bits - 1)), (1 << (bits - 1)) - 1, -1, 0])
    if k == "u":
        bits = dt.itemsize * 8
        return rng.choice([rng.randint(0, (1 << bits) - 1), (1 << bits) - 1, rng.randint(0, 300), 0])
    if k == "f":
        return rng.choice([rng.uniform(-1e6, 1e6), rng.uniform(-1, 1), -0.0, 0.0, float(rng.randint(-9, 9)),
                           rng.uniform(-1, 1) * 10.0 ** rng.randint(-30, 30)])
    return complex(random_value(np.dtype(f"f{dt.itemsize // 2}")), random_value(np.dtype(f"f{dt.itemsize // 2}")))


def endian_case():
    dtype = rng.choice([">i2", ">u4", ">i8", ">f4", ">f8", ">c8", "<i4", "<f8"])
    dt = np.dtype(dtype)
    shape = random_shape(12)
    with np.errstate(over="ignore"):
        a = np.array([random_value(dt) for _ in range(int(np.prod(shape)) if shape else 1)],
                     dtype=dt).reshape(shape)
    if dt.kind in "fc":
        assert np.all(np.isfinite(a))
    values = ",".join(value_text(x, dt.kind) for x in a.reshape(-1))
    return f"E|{dtype}|{ints(shape)}|{a.tobytes().hex()}|{values}"


def main():
    lines = [
        "# Generated by tests/data/gen_views.py with NumPy " + np.__version__ + "; do not edit.",
    ]
    lines += [slicing_case() for _ in range(500)]
    views = []
    while len(views) < 500:
        special = rng.choice([None, None, None, "0d", "unit", "empty"])
        c = view_case(special)
        if c is not None:
            views.append(c)
    lines += views
    lines += [cast_case() for _ in range(400)]
    lines += [align_case() for _ in range(400)]
    lines += [endian_case() for _ in range(300)]
    out = "tests/data/view_cases.txt" if len(sys.argv) < 2 else sys.argv[1]
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    counts = {}
    for l in lines[1:]:
        last = l.rsplit("|", 1)[1]
        key = (l[0], "ERR" in last or (l[0] == "A" and last == "0"))
        counts[key] = counts.get(key, 0) + 1
    print(out, len(lines) - 1, "cases", sorted(counts.items()))


if __name__ == "__main__":
    main()
