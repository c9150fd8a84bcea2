"""Speed checks of the ndview package against memoryview and NumPy, in the
same run (issue "Speed"; results in docs/performance.md, "Python").

Run: python python/bench.py            (after `pip install ./python`)
Each number is the best of several repeats of a timed loop, per call.
"""
import sys
import timeit

import numpy as np

import ndview


def best(stmt, number, repeat=7, **names):
    t = timeit.Timer(stmt, globals=names).repeat(repeat=repeat, number=number)
    return min(t) / number


def row(label, ours, peer, peer_label):
    ratio = ours / peer
    print(f"{label:<44} {ours * 1e6:>10.2f} µs   {peer_label} {peer * 1e6:>10.2f} µs   ratio {ratio:5.2f}")
    return ratio


def main():
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}")
    small = np.zeros(1024 // 8)  # 1 KiB
    large = np.zeros(1 << 27)  # 1 GiB
    for name, a in [("1 KiB", small), ("1 GiB", large)]:
        row(f"View(a), {name}", best("ndview.View(a)", 20000, ndview=ndview, a=a),
            best("memoryview(a)", 20000, a=a), "memoryview(a)")
        row(f"np.asarray(View(a)), {name}", best("np.asarray(v)", 20000, np=np, v=ndview.View(a)),
            best("np.asarray(m)", 20000, np=np, m=memoryview(a)), "np.asarray(memoryview)")
    del large
    a = np.random.default_rng(0).standard_normal((4096, 4096))
    row("View(a.T).tobytes(), 4096² f64", best("v.tobytes()", 3, repeat=5, v=ndview.View(a.T)),
        best("t.tobytes()", 3, repeat=5, t=a.T), "a.T.tobytes()")
    for label, x in [("contiguous", a), ("transposed", a.T), ("[:, ::2]", a[:, ::2])]:
        row(f"View(x).sum(), {label}", best("v.sum()", 5, repeat=5, v=ndview.View(x)),
            best("x.sum()", 5, repeat=5, x=x), "x.sum()")
    be = a.astype(">f8")
    row("View(x).astype('<f8'), x: >f8 4096²", best("v.astype('<f8')", 3, repeat=5, v=ndview.View(be)),
        best("x.astype('<f8')", 3, repeat=5, x=be), "x.astype('<f8')")


if __name__ == "__main__":
    main()
