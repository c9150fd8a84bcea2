"""ndview inside a distributed engine: a dask.array on a LocalCluster with
two worker processes runs an ndview kernel on every block."""
import os
import sys

import numpy as np
import pytest

pytest.importorskip("dask.array")
pytest.importorskip("distributed")

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "examples"))
import dask_pipeline  # noqa: E402


def test_blocks_decode_with_ndview_equal_to_numpy():
    total, expected, means, expected_means = dask_pipeline.run(n_workers=2, n=1024, chunk=256)
    # The partial sums are added in a different order than NumPy's pairwise
    # sum, so equal up to rounding; the column means per block are exact
    # decodes of the same numbers.
    assert total == pytest.approx(expected, rel=1e-12, abs=1e-9)
    np.testing.assert_allclose(means, expected_means, rtol=1e-13, atol=1e-15)


def test_the_kernel_is_zero_copy_on_a_block():
    block = np.arange(12, dtype=">f8").reshape(3, 4)[:, ::-1]
    out = dask_pipeline.decode_block(block)
    assert out.dtype == np.dtype("<f8") and (out == block).all()
    assert dask_pipeline.block_sums(block)[0, 0] == block.sum()
