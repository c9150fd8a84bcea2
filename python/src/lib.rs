//! The `ndview` Python extension module: everything lives in the
//! `ndview` crate's `python` module (feature `python`); this crate only
//! names the module.

use pyo3::prelude::*;

/// Strided n-dimensional views over any buffer, zero-copy.
#[pymodule]
#[pyo3(name = "ndview")]
fn ndview_py(m: &Bound<'_, PyModule>) -> PyResult<()> {
    ndview::python::register(m)
}
