//! The `.npy` files NumPy wrote for the tests (`tests/data/gen_npy.py`) and
//! what it recorded about each.

use ndview::npy::{Descr, DescrField};

/// One file of `tests/data/npy/` and NumPy's account of it.
pub struct Fixture {
    pub file: &'static str,
    pub descr: Descr,
    pub shape: Vec<usize>,
    pub fortran_order: bool,
    pub version: (u8, u8),
    pub data_offset: usize,
    pub itemsize: usize,
    /// What `Descr::to_format_string` must give.
    pub format: &'static str,
}

/// What `tests/data/gen_npy.py` recorded about each file.
pub fn fixtures() -> Vec<Fixture> {
    include!("../data/npy/manifest.rs")
}

/// The bytes of `tests/data/npy/<file>`.
pub fn read(file: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/npy/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}
