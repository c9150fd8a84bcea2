#!/usr/bin/env python3
"""Generate tests/data/layout_cases.txt: NumPy's answers for slicing chains,
no-copy reshape, broadcast_to and diagonal, compared field by field by
tests/layout_ops.rs (which does not need Python).

Run from the repository root:  python3 tests/data/gen_layout.py
Deterministic (fixed seed). Line format, fields separated by '|':

  in = shape;strides;offset;itemsize          (comma-separated integers)
  out = shape;strides;offset;C;F  or  ERR:<Error variant>
  S|in|index[ / index ...]|out              a[i1][i2]... (NumPy basic indexing)
  R|in|newshape|C or F|out                  np.reshape(a, newshape, order, copy=False)
  B|in|shape|out                            np.broadcast_to(a, shape)
  D|in|axis1,axis2,offset|out               a.diagonal(offset, axis1, axis2)

offset = byte distance of the view's data pointer from the base buffer.
"""
import random
import sys

import numpy as np

rng = random.Random(20261125)
BASE = np.zeros(1 << 16, dtype=np.uint8)
BASE_PTR = BASE.__array_interface__["data"][0]


def ints(xs):
    return ",".join(str(int(x)) for x in xs)


def describe(a):
    off = a.__array_interface__["data"][0] - BASE_PTR
    return f"{ints(a.shape)};{ints(a.strides)};{off};{a.itemsize}"


def result(a):
    off = a.__array_interface__["data"][0] - BASE_PTR
    c, f = a.flags.c_contiguous, a.flags.f_contiguous
    return f"{ints(a.shape)};{ints(a.strides)};{off};{int(c)};{int(f)}"


def random_input(max_rank=4, max_len=5):
    itemsize = rng.choice([1, 2, 4, 8])
    rank = rng.randint(0, max_rank)
    shape = [rng.choice([0, 1, 1, 2, 3, 4, max_len]) if rng.random() < 0.15 else rng.randint(1, max_len)
             for _ in range(rank)]
    order = rng.choice("CF")
    n = int(np.prod(shape)) if shape else 1
    a = np.ndarray(tuple(shape), dtype=f"u{itemsize}", buffer=BASE, offset=rng.choice([0, 0, 8, 24]),
                   order=order) if n * itemsize + 24 < BASE.size else None
    # Make it non-contiguous now and then: transpose, reverse, step.
    for _ in range(rng.randint(0, 2)):
        if a.ndim == 0:
            break
        r = rng.random()
        if r < 0.3:
            a = a.transpose(rng.sample(range(a.ndim), a.ndim))
        elif r < 0.6:
            ax = rng.randrange(a.ndim)
            a = a[(slice(None),) * ax + (slice(None, None, rng.choice([-1, 2, -2])),)]
        elif r < 0.8:
            ax = rng.randrange(a.ndim)
            a = a[(slice(None),) * ax + (slice(rng.randint(0, 1), None),)]
        else:
            a = a[(slice(None),) * a.ndim + (None,)] if a.ndim < 5 else a
    return a


def rand_bound(n):
    if rng.random() < 0.3:
        return None
    return rng.randint(-n - 3, n + 3)


def random_index(a):
    """A random index as (NumPy tuple, string)."""
    items, text = [], []
    k = rng.randint(0, a.ndim + (1 if rng.random() < 0.1 else 0))
    axis = 0
    has_ellipsis = False
    for _ in range(k):
        r = rng.random()
        n = a.shape[axis] if axis < a.ndim else 3
        if r < 0.15 and not has_ellipsis:
            items.append(Ellipsis)
            text.append("...")
            has_ellipsis = True
        elif r < 0.25:
            items.append(None)
            text.append(rng.choice(["None", "newaxis"]))
        elif r < 0.45:
            i = rng.randint(-n - 1, n)
            items.append(i)
            text.append(str(i))
            axis += 1
        else:
            start, stop = rand_bound(n), rand_bound(n)
            step = rng.choice([None, None, 1, 2, 3, -1, -2, -3]) if rng.random() < 0.98 else 0
            items.append(slice(start, stop, step))
            s = ("" if start is None else str(start)) + ":" + ("" if stop is None else str(stop))
            if step is not None:
                s += ":" + str(step)
            elif rng.random() < 0.2:
                s += ":"
            text.append(s)
            axis += 1
    if rng.random() < 0.05 and not has_ellipsis:
        items += [Ellipsis, Ellipsis]
        text += ["...", "..."]
    return tuple(items), ", ".join(text)


def classify(e):
    msg = str(e)
    if isinstance(e, IndexError) and "out of bounds" in msg:
        return "ERR:IndexOutOfBounds"
    if isinstance(e, (IndexError, ValueError)) and ("too many indices" in msg or "ellipsis" in msg
                                                    or "step cannot be zero" in msg):
        return "ERR:InvalidIndex"
    if "number of dimensions" in msg or "maximum supported dimension" in msg:
        return "ERR:TooManyDims"
    if "Unable to avoid creating a copy" in msg:
        return "ERR:Unrepresentable"
    if "cannot reshape" in msg or "broadcast" in msg or "axis remapping" in msg:
        return "ERR:ShapeMismatch"
    raise e


def apply_index(a, idx):
    if Ellipsis not in idx:
        idx = idx + (Ellipsis,)  # keep a 0-d view instead of a scalar; same meaning
    return a[idx]


def slicing_case():
    a = random_input()
    line_in = describe(a)
    texts = []
    try:
        for _ in range(rng.randint(1, 3)):
            idx, text = random_index(a)
            texts.append(text)
            a = apply_index(a, idx)
        out = result(a)
    except Exception as e:  # noqa: BLE001
        out = classify(e)
    return f"S|{line_in}|{' / '.join(texts)}|{out}"


def factorizations(n, rank):
    """A random shape of `rank` axes with product n (n > 0), with 1s."""
    shape = [1] * rank
    primes = []
    m, p = n, 2
    while m > 1:
        while m % p == 0:
            primes.append(p)
            m //= p
        p += 1
    for q in primes:
        shape[rng.randrange(rank)] *= q
    return shape


def reshape_case():
    a = random_input()
    n = a.size
    if n == 0:
        rank = rng.randint(1, 4)
        new = [rng.randint(1, 4) for _ in range(rank)]
        new[rng.randrange(rank)] = 0
    else:
        rank = rng.randint(max(1, 0), 5)
        new = factorizations(n, rank)
    if rng.random() < 0.05:
        new = new + [2]
    if rng.random() < 0.05:
        new = list(a.shape)
    order = rng.choice("CF")
    try:
        out = result(np.reshape(a, tuple(new), order=order, copy=False))
    except Exception as e:  # noqa: BLE001
        out = classify(e)
    return f"R|{describe(a)}|{ints(new)}|{order}|{out}"


def broadcast_case():
    a = random_input()
    target = [n if n != 1 else rng.choice([1, 0, 2, 3]) for n in a.shape]
    target = [rng.randint(0, 3) for _ in range(rng.randint(0, 2))] + target
    if rng.random() < 0.15 and target:
        k = rng.randrange(len(target))
        target[k] += rng.choice([1, 2])
    if rng.random() < 0.05 and target:
        target = target[1:]
    try:
        out = result(np.broadcast_to(a, tuple(target)))
    except Exception as e:  # noqa: BLE001
        out = classify(e)
    return f"B|{describe(a)}|{ints(target)}|{out}"


def diagonal_case():
    a = random_input()
    while a.ndim < 2:
        a = random_input()
    ax1, ax2 = rng.sample(range(a.ndim), 2)
    off = rng.randint(-5, 5)
    out = result(a.diagonal(off, ax1, ax2))
    return f"D|{describe(a)}|{ax1},{ax2},{off}|{out}"


def main():
    lines = [
        "# Generated by tests/data/gen_layout.py with NumPy " + np.__version__ + "; do not edit.",
    ]
    lines += [slicing_case() for _ in range(700)]
    lines += [reshape_case() for _ in range(400)]
    lines += [broadcast_case() for _ in range(200)]
    lines += [diagonal_case() for _ in range(100)]
    out = "tests/data/layout_cases.txt" if len(sys.argv) < 2 else sys.argv[1]
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    counts = {}
    for l in lines[1:]:
        key = (l[0], "ERR" in l.rsplit("|", 1)[1])
        counts[key] = counts.get(key, 0) + 1
    print(out, len(lines) - 1, "cases", sorted(counts.items()))


if __name__ == "__main__":
    main()
