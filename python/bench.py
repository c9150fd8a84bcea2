"""Speed checks of the ndview package against memoryview and NumPy, in the
same run (issue "Speed"; results in docs/performance.md, "Python").

Run: python python/bench.py            (after `pip install ./python`)
Each number is the best of several repeats of a timed loop, per call.
"""
import statistics
import sys
import timeit

import numpy as np

import ndview


def paired(label, ours, peer, peer_label, number, repeat=9, **names):
    """Times `ours` and `peer` alternately (so both see the same machine
    load) and prints the best time of each and the median of the per-pair
    ratios."""
    t_ours = timeit.Timer(ours, globals=names)
    t_peer = timeit.Timer(peer, globals=names)
    a, b, ratios = [], [], []
    for _ in range(repeat):
        x = t_ours.timeit(number) / number
        y = t_peer.timeit(number) / number
        a.append(x)
        b.append(y)
        ratios.append(x / y)
    ratio = statistics.median(ratios)
    print(f"{label:<40} {min(a) * 1e6:>11.2f} µs   {peer_label:<26} {min(b) * 1e6:>11.2f} µs"
          f"   median ratio {ratio:5.2f}")
    return ratio


def main():
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}")
    small = np.zeros(1024 // 8)  # 1 KiB
    large = np.zeros(1 << 27)  # 1 GiB
    for name, a in [("1 KiB", small), ("1 GiB", large)]:
        paired(f"View(a), {name}", "ndview.View(a)", "memoryview(a)", "memoryview(a)", 20000,
               ndview=ndview, a=a)
        paired(f"np.asarray(View(a)), {name}", "np.asarray(v)", "np.asarray(m)", "np.asarray(memoryview(a))",
               20000, np=np, v=ndview.View(a), m=memoryview(a))
    del large
    a = np.random.default_rng(0).standard_normal((4096, 4096))
    paired("View(a.T).tobytes(), 4096² f64", "v.tobytes()", "t.tobytes()", "a.T.tobytes()", 2,
           v=ndview.View(a.T), t=a.T)
    for label, x in [("contiguous", a), ("transposed", a.T), ("[:, ::2]", a[:, ::2])]:
        paired(f"View(x).sum(), {label}", "v.sum()", "x.sum()", "x.sum()", 3, v=ndview.View(x), x=x)
    be = a.astype(">f8")
    paired("View(x).astype('<f8'), x >f8 4096²", "v.astype('<f8')", "x.astype('<f8')", "x.astype('<f8')", 2,
           v=ndview.View(be), x=be)


if __name__ == "__main__":
    main()
