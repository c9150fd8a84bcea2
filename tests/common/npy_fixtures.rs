//! The `.npy` files NumPy wrote for the tests (`tests/data/gen_npy.py`) and
//! what it recorded about each.

use super::aligned::AlignedBytes;
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

/// The bytes of `tests/data/npy/<file>`, in a buffer aligned for every
/// element type (the data of a `.npy` file starts at a multiple of 64, so
/// typed views of it need the buffer's alignment, which a `Vec<u8>` does
/// not promise: see [`AlignedBytes`]).
pub fn read(file: &str) -> AlignedBytes {
    AlignedBytes::read(&format!(
        "{}/tests/data/npy/{file}",
        env!("CARGO_MANIFEST_DIR")
    ))
}

/// A `.npy` file with the given version, a raw header (its length field
/// computed) and `data` zero bytes: the builder of the hostile-file tests.
pub fn npy_file(version: u8, header: &[u8], data: usize) -> Vec<u8> {
    let mut out = b"\x93NUMPY".to_vec();
    out.extend_from_slice(&[version, 0]);
    if version == 1 {
        out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    } else {
        out.extend_from_slice(&(header.len() as u32).to_le_bytes());
    }
    out.extend_from_slice(header);
    out.resize(out.len() + data, 0);
    out
}

/// A header dictionary as NumPy writes it, from the Python literals of its
/// three values.
pub fn header_dict(descr: &str, fortran: &str, shape: &str) -> String {
    format!("{{'descr': {descr}, 'fortran_order': {fortran}, 'shape': {shape}, }}\n")
}
