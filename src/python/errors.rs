//! `Error` to Python exceptions, with the crate's messages.
//!
//! The mapping is CONTRACT.md's: index errors are `IndexError`, everything a
//! caller asked for that has no zero-copy answer is `ValueError`, I/O is
//! `OSError`. Refusals of the buffer protocol itself are raised as
//! `BufferError` where they happen (`export`, `buffer`, `dlpack`).

use pyo3::exceptions::{PyIndexError, PyOSError, PyTypeError, PyValueError};
use pyo3::PyErr;

use crate::Error;

/// The Python exception for an ndview [`Error`]; the message is the
/// error's `Display`.
///
/// ```
/// use ndview::Error;
/// let e = ndview::python::to_py_err(Error::IndexOutOfBounds { axis: 0, index: 4, len: 4 });
/// # pyo3::Python::initialize();
/// pyo3::Python::attach(|py| {
///     assert!(e.is_instance_of::<pyo3::exceptions::PyIndexError>(py));
///     assert_eq!(e.value(py).to_string(), "index 4 is out of bounds for axis 0 with size 4");
/// });
/// ```
pub fn to_py_err(error: Error) -> PyErr {
    let message = error.to_string();
    match error {
        Error::IndexOutOfBounds { .. } => PyIndexError::new_err(message),
        // NumPy: "too many indices for array" is an IndexError.
        Error::InvalidIndex { ref reason } if reason.contains("too many") => {
            PyIndexError::new_err(message)
        }
        Error::FormatMismatch { .. } => PyTypeError::new_err(message),
        Error::Io { .. } => PyOSError::new_err(message),
        _ => PyValueError::new_err(message),
    }
}

/// So that `?` turns an ndview [`Error`] into the Python exception
/// [`to_py_err`] names.
///
/// ```
/// fn first(v: &ndview::RawView<'_>) -> pyo3::PyResult<ndview::Scalar> {
///     Ok(v.get(&[0])?)
/// }
/// let v = ndview::RawView::new(&[], "B".parse().unwrap(), &[0]).unwrap();
/// assert!(first(&v).is_err());
/// ```
impl From<Error> for PyErr {
    fn from(error: Error) -> PyErr {
        to_py_err(error)
    }
}
