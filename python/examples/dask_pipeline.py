"""A Dask pipeline with an ndview kernel on every block, zero-copy.

A big-endian float64 array (as it comes out of a FITS or network file) is
split into blocks on a `distributed.LocalCluster` with two worker
processes. On every block, inside the worker, ndview views the block's
memory without copying (`ndview.View(block)`), decodes it to native
float64 (`astype("<f8")`, into Rust-owned memory) and hands that memory
back to NumPy without copying (`np.asarray`). Dask then reduces. The result
equals NumPy's on the whole array.

Run: python python/examples/dask_pipeline.py
"""
import sys

import numpy as np


def decode_block(block):
    """Big-endian block -> native float64, with ndview."""
    import ndview

    view = ndview.View(block)  # zero-copy over the worker's block
    if block.size:
        assert np.shares_memory(np.asarray(view), block)
    native = view.astype("<f8")  # the decode kernel: one pass, Rust-owned output
    out = np.asarray(native)  # zero-copy: NumPy reads ndview's memory
    assert not out.flags.owndata
    return out


def block_sums(block):
    """One partial sum per block, computed by ndview's kernel."""
    import ndview

    return np.array([[ndview.View(block).sum()]])


def run(n_workers=2, n=1024, chunk=256, seed=0):
    """Runs the pipeline on a fresh local cluster; returns
    (dask_total, numpy_total, dask_column_means, numpy_column_means)."""
    import dask.array as da
    from distributed import Client, LocalCluster

    rng = np.random.default_rng(seed)
    data = rng.standard_normal((n, n)).astype(">f8")
    with LocalCluster(n_workers=n_workers, processes=True, threads_per_worker=1,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        x = da.from_array(data, chunks=(chunk, chunk))
        native = x.map_blocks(decode_block, dtype="<f8")
        partial = native.map_blocks(block_sums, chunks=(1, 1), dtype="<f8")
        total, means = client.compute([partial.sum(), native.mean(axis=0)], sync=True)
    reference = data.astype("<f8")
    return float(total), float(reference.sum()), np.asarray(means), reference.mean(axis=0)


def main():
    total, expected, means, expected_means = run()
    print(f"dask + ndview: sum = {total!r}")
    print(f"numpy:         sum = {expected!r}")
    ok = np.isclose(total, expected, rtol=1e-12, atol=1e-9) and np.allclose(means, expected_means)
    print("equal" if ok else "DIFFERENT")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
