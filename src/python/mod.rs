//! The Python bridge (feature `python`): any buffer into Rust zero-copy,
//! Rust-owned bytes out to `memoryview` / NumPy zero-copy, and DLPack.
//!
//! Both directions meet in one place, [`View`]: a frozen Python class that
//! owns the bytes' *owner* (an imported exporter's buffer, a DLPack tensor
//! or memory allocated here) and describes them with a [`Format`](crate::Format)
//! and a [`Layout`](crate::Layout). Every view operation of the crate
//! (slicing, transposition, reshape, casts, fields) is available on it and
//! returns a new `View` of the same owner; nothing is copied.
//!
//! * [`buffer`] — import: [`BufferGuard`] acquires any exporter's buffer with
//!   its full PEP 3118 description, checks it with the crate's own `Format`
//!   and `Layout` rules (a lying exporter is an error, not undefined
//!   behaviour) and releases it on drop.
//! * [`region`] — where a foreign description's bytes start and end.
//! * `storage` — the owners a `View` can hold.
//! * [`pep3118`] — the format string a `View` exports, which NumPy reads
//!   back as the same dtype.
//! * `view` — the `View` class and the module functions; `export` — its
//!   `__getbuffer__`; `dlpack` — `__dlpack__` and `from_dlpack`; `key` —
//!   Python index keys; `errors` — `Error` to Python exceptions.
//!
//! Reading any exporter from Rust, records and byte orders included:
//!
//! ```
//! use ndview::python::BufferGuard;
//! use pyo3::prelude::*;
//!
//! fn total(obj: &Bound<'_, PyAny>) -> PyResult<f64> {
//!     let guard = BufferGuard::acquire(obj, false)?; // full PEP 3118 info, checked
//!     Ok(guard.view().typed::<f64>()?.sum())        // checked format and alignment
//! }
//!
//! # pyo3::Python::initialize();
//! Python::attach(|py| -> PyResult<()> {
//!     let a = py.import("array")?.call_method1("array", ("d", vec![1.5, 2.5]))?;
//!     assert_eq!(total(&a)?, 4.0);
//!     let bytes = pyo3::types::PyBytes::new(py, b"12345678");
//!     assert!(total(bytes.as_any()).is_err()); // `B`, not `d`: a TypeError
//!     Ok(())
//! })
//! .unwrap();
//! ```
//!
//! The `ndview` Python package (`python/` in the repository) is a thin
//! `cdylib` that calls [`register`]. Why borrowing Python memory from Rust
//! is sound here, and what stays the caller's promise: docs/safety.md,
//! "Python buffers".

pub mod buffer;
mod dlpack;
mod errors;
mod export;
mod key;
pub mod pep3118;
pub mod region;
mod storage;
mod values;
mod view;

pub use buffer::BufferGuard;
pub use errors::to_py_err;
pub use view::{register, View};
