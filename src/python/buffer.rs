//! Import: any exporter's buffer, checked, behind a guard that releases it.
//!
//! [`BufferGuard::acquire`] asks the exporter for its full PEP 3118
//! description (`PyBUF_FULL_RO`, plus `PyBUF_WRITABLE` on request) and
//! accepts it only if the crate's own rules accept it:
//!
//! * the format parses ([`Format::parse`]) and its size is the `itemsize`
//!   the exporter claims;
//! * at most [`crate::MAX_DIMS`] axes, no negative lengths, and
//!   `len` is the element count times the itemsize, as PEP 3118 requires;
//! * no suboffsets (PIL-style indirect arrays have no strided
//!   description);
//! * shape and strides locate a region that fits the address space
//!   ([`region::locate`](super::region::locate)).
//!
//! Anything else is an exception and the buffer is released at once. The
//! guard releases it on drop (`PyBuffer_Release`, which needs the GIL, so
//! the drop attaches to the interpreter), and [`BufferGuard::view`] hands
//! out a [`RawView`] that borrows the guard: the view cannot outlive the
//! buffer.

use alloc::boxed::Box;
use alloc::format;
use core::ffi::CStr;

use pyo3::exceptions::PyBufferError;
use pyo3::prelude::*;
use pyo3::{ffi, PyErr};

use super::errors::to_py_err;
use super::pep3118::with_trailing_padding;
use super::region::{locate, Located};
use crate::error::Error;
use crate::format::Format;
use crate::layout::{Layout, Order, MAX_DIMS};
use crate::view::{RawView, RawViewMut};

/// An exporter's buffer, acquired and checked; released on drop.
///
/// ```
/// use pyo3::prelude::*;
/// use ndview::python::BufferGuard;
/// # pyo3::Python::initialize();
/// Python::attach(|py| -> PyResult<()> {
///     let data = pyo3::types::PyByteArray::new(py, &[1, 2, 3, 4]);
///     let guard = BufferGuard::acquire(data.as_any(), false)?;
///     let v = guard.view();
///     assert_eq!((v.shape(), v.format().to_string()), (&[4usize][..], "|u1".to_string()));
///     assert_eq!(v.bytes(), &[1, 2, 3, 4]);
///     Ok(())
/// }).unwrap();
/// ```
pub struct BufferGuard {
    /// Boxed so its address is stable: `PyBuffer_Release` wants the same
    /// struct that `PyObject_GetBuffer` filled.
    raw: Box<ffi::Py_buffer>,
    format: Format,
    located: Located,
}

// SAFETY: the guard only reads the `Py_buffer` fields after acquisition and
// releases it with the GIL held (`Drop`); the bytes are shared memory whose
// concurrent use is governed by the exporter's promise (docs/safety.md).
unsafe impl Send for BufferGuard {}
// SAFETY: as above; `&BufferGuard` only gives read access.
unsafe impl Sync for BufferGuard {}

impl BufferGuard {
    /// Acquires `obj`'s buffer, writable if `writable`.
    ///
    /// # Errors
    ///
    /// The exporter's own exception (`TypeError` for an object without the
    /// buffer protocol, `BufferError` for a read-only object asked for a
    /// writable buffer); `BufferError` for suboffsets or a description that
    /// contradicts itself (itemsize, `len`, negative lengths); `ValueError`
    /// for a format that does not parse, more than 64 axes, or sizes that
    /// overflow.
    pub fn acquire(obj: &Bound<'_, PyAny>, writable: bool) -> PyResult<BufferGuard> {
        let mut raw = Box::new(ffi::Py_buffer::new());
        let flags = ffi::PyBUF_FULL_RO | if writable { ffi::PyBUF_WRITABLE } else { 0 };
        // SAFETY: `obj` is a live object (we hold the GIL through `Bound`);
        // `raw` is a valid, zeroed `Py_buffer` that outlives the call.
        if unsafe { ffi::PyObject_GetBuffer(obj.as_ptr(), &mut *raw, flags) } != 0 {
            return Err(PyErr::fetch(obj.py()));
        }
        // From here on `Acquired` releases the buffer if checking fails.
        let acquired = Acquired(Some(raw));
        let raw = acquired.0.as_deref().expect("just stored");
        if writable && raw.readonly != 0 {
            return Err(PyBufferError::new_err(
                "the exporter returned a read-only buffer for a writable request",
            ));
        }
        let (format, located) = describe(raw)?;
        let raw = acquired.take();
        Ok(BufferGuard {
            raw,
            format,
            located,
        })
    }

    /// The element format.
    ///
    /// ```
    /// # use pyo3::prelude::*;
    /// # pyo3::Python::initialize();
    /// # Python::attach(|py| {
    /// let b = pyo3::types::PyBytes::new(py, b"ab");
    /// let g = ndview::python::BufferGuard::acquire(b.as_any(), false).unwrap();
    /// assert_eq!(g.format(), &ndview::Format::parse("B").unwrap());
    /// # });
    /// ```
    pub fn format(&self) -> &Format {
        &self.format
    }

    /// The layout of the elements inside the buffer's region (offset from its lowest byte).
    ///
    /// ```
    /// # use pyo3::prelude::*;
    /// # pyo3::Python::initialize();
    /// # Python::attach(|py| {
    /// let b = pyo3::types::PyBytes::new(py, b"ab");
    /// let g = ndview::python::BufferGuard::acquire(b.as_any(), false).unwrap();
    /// assert_eq!(g.layout().shape(), &[2]);
    /// # });
    /// ```
    pub fn layout(&self) -> &Layout {
        &self.located.layout
    }

    /// Whether the exporter granted a writable buffer.
    ///
    /// ```
    /// # use pyo3::prelude::*;
    /// # pyo3::Python::initialize();
    /// # Python::attach(|py| {
    /// let b = pyo3::types::PyByteArray::new(py, b"ab");
    /// assert!(ndview::python::BufferGuard::acquire(b.as_any(), true).unwrap().is_writable());
    /// # });
    /// ```
    pub fn is_writable(&self) -> bool {
        self.raw.readonly == 0
    }

    /// The region (start address, length) the elements lie in.
    pub(crate) fn region(&self) -> (*mut u8, usize) {
        (self.located.start as *mut u8, self.located.len)
    }

    /// A view of the buffer, borrowing the guard.
    ///
    /// See [`acquire`](Self::acquire) for an example.
    pub fn view(&self) -> RawView<'_> {
        let (start, len) = self.region();
        // SAFETY: `acquire` located `len` bytes from `start` from the
        // exporter's description; PEP 3118 makes the exporter keep them
        // valid until `PyBuffer_Release`, which only `Drop` calls, and the
        // returned view borrows `self`.
        let bytes = unsafe { region_slice(start, len) };
        RawView::with_layout_of(bytes, self.format.clone(), self.located.layout.clone())
            .expect("the layout was checked against this region by `acquire`")
    }

    /// A mutable view of the buffer, borrowing the guard exclusively.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] if the buffer is read-only;
    /// [`Error::Overlap`] if elements of the layout share bytes.
    ///
    /// ```
    /// # use pyo3::prelude::*;
    /// # pyo3::Python::initialize();
    /// # Python::attach(|py| {
    /// let b = pyo3::types::PyByteArray::new(py, &[0, 0]);
    /// let mut g = ndview::python::BufferGuard::acquire(b.as_any(), true).unwrap();
    /// g.view_mut().unwrap().get_bytes_mut(&[1]).unwrap()[0] = 7;
    /// drop(g);
    /// assert_eq!(b.to_vec(), [0, 7]);
    /// # });
    /// ```
    pub fn view_mut(&mut self) -> crate::Result<RawViewMut<'_>> {
        if !self.is_writable() {
            return Err(Error::InvalidValue {
                format: self.format.to_string(),
                value: "a mutable view".into(),
                reason: "the exporter granted a read-only buffer".into(),
            });
        }
        let (start, len) = self.region();
        // SAFETY: as in `view`; the exporter granted write access
        // (`readonly == 0`), and `&mut self` makes this the only view made
        // through this guard.
        let bytes =
            unsafe { core::slice::from_raw_parts_mut(non_null_or_dangling(start, len), len) };
        let l = &self.located.layout;
        RawViewMut::from_parts(
            bytes,
            self.format.clone(),
            l.shape(),
            l.strides(),
            l.offset(),
        )
    }
}

impl Drop for BufferGuard {
    fn drop(&mut self) {
        // Without an interpreter (after finalization) the exporter's memory
        // is gone anyway; there is nothing left to release.
        let _ = Python::try_attach(|_| {
            // SAFETY: `raw` was filled by a successful `PyObject_GetBuffer`
            // and is released exactly once, here, with the GIL held.
            unsafe { ffi::PyBuffer_Release(&mut *self.raw) };
        });
    }
}

/// A buffer between acquisition and the end of its checks: released if
/// the checks fail.
struct Acquired(Option<Box<ffi::Py_buffer>>);

impl Acquired {
    fn take(mut self) -> Box<ffi::Py_buffer> {
        self.0.take().expect("taken once")
    }
}

impl Drop for Acquired {
    fn drop(&mut self) {
        if let Some(mut raw) = self.0.take() {
            // SAFETY: filled by a successful `PyObject_GetBuffer`; we are
            // inside `acquire`, so the GIL is held.
            unsafe { ffi::PyBuffer_Release(&mut *raw) };
        }
    }
}

/// `len` bytes from `start` as a slice (a dangling, aligned pointer for an
/// empty region, whose start may be null).
///
/// # Safety
///
/// For `len > 0`, `start .. start + len` must be readable memory that is
/// not written through any other path for the lifetime `'a`.
pub(crate) unsafe fn region_slice<'a>(start: *mut u8, len: usize) -> &'a [u8] {
    // SAFETY: the caller's promise; an empty slice only needs a non-null,
    // aligned pointer.
    unsafe { core::slice::from_raw_parts(non_null_or_dangling(start, len), len) }
}

pub(crate) fn non_null_or_dangling(start: *mut u8, len: usize) -> *mut u8 {
    if len == 0 || start.is_null() {
        core::ptr::NonNull::dangling().as_ptr()
    } else {
        start
    }
}

/// `Format::parse`, remembered for the few short strings exporters use
/// over and over (`d`, `<f`, `B`, …): parsing is a good part of the cost of
/// `View(a)`.
fn parse_cached(s: &str) -> crate::Result<Format> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    const SHORT: usize = 8;
    const ENTRIES: usize = 64;
    static CACHE: OnceLock<Mutex<HashMap<alloc::string::String, Format>>> = OnceLock::new();
    if s.len() > SHORT {
        return Format::parse(s);
    }
    let cache = CACHE.get_or_init(Default::default);
    if let Some(f) = cache.lock().ok().and_then(|c| c.get(s).cloned()) {
        return Ok(f);
    }
    let f = Format::parse(s)?;
    if let Ok(mut c) = cache.lock() {
        if c.len() < ENTRIES {
            c.insert(s.into(), f.clone());
        }
    }
    Ok(f)
}

/// The exporter's format string, when it is UTF-8.
fn format_text(raw: &ffi::Py_buffer) -> Option<alloc::string::String> {
    if raw.format.is_null() {
        return None;
    }
    // SAFETY: as in `describe`.
    let text = unsafe { CStr::from_ptr(raw.format) };
    text.to_str().ok().map(Into::into)
}

fn protocol_error(what: impl core::fmt::Display) -> PyErr {
    PyBufferError::new_err(format!("the exporter's buffer is inconsistent: {what}"))
}

/// Reads and checks the exporter's description.
fn describe(raw: &ffi::Py_buffer) -> PyResult<(Format, Located)> {
    let ndim =
        usize::try_from(raw.ndim).map_err(|_| protocol_error(format!("ndim {}", raw.ndim)))?;
    if ndim > MAX_DIMS {
        return Err(to_py_err(Error::TooManyDims {
            ndim,
            max: MAX_DIMS,
            shape: Vec::new(),
        }));
    }
    if !raw.suboffsets.is_null() {
        // SAFETY: a non-null `suboffsets` has `ndim` entries (PEP 3118).
        let subs = unsafe { core::slice::from_raw_parts(raw.suboffsets, ndim) };
        if subs.iter().any(|&s| s >= 0) {
            return Err(PyBufferError::new_err(
                "the exporter's buffer has suboffsets (an indirect, PIL-style array): \
                 ndview views need one base address and byte strides",
            ));
        }
    }
    let format = if raw.format.is_null() {
        Format::parse("B")
    } else {
        // SAFETY: a non-null `format` is a NUL-terminated string that lives
        // as long as the buffer (PEP 3118).
        let text = unsafe { CStr::from_ptr(raw.format) };
        match text.to_str() {
            Ok(s) => parse_cached(s),
            Err(_) => Err(Error::InvalidFormat {
                format: text.to_string_lossy().into_owned(),
                position: 0,
                reason: "not UTF-8".into(),
            }),
        }
    }
    .map_err(to_py_err)?;
    // NumPy leaves out a record's trailing padding; its itemsize says it.
    let claimed = usize::try_from(raw.itemsize).unwrap_or(0);
    let format = match (claimed > format.itemsize(), format_text(raw)) {
        (true, Some(text)) => with_trailing_padding(&text, claimed)
            .map_err(to_py_err)?
            .unwrap_or(format),
        _ => format,
    };
    let itemsize = format.itemsize();
    if usize::try_from(raw.itemsize).ok() != Some(itemsize) {
        return Err(protocol_error(format!(
            "itemsize {} but its format {format} has {itemsize} bytes",
            raw.itemsize
        )));
    }
    let len = usize::try_from(raw.len).map_err(|_| protocol_error(format!("len {}", raw.len)))?;
    // Borrowed from the exporter where it gave them (no allocation: this is
    // most of the cost of `View(a)` otherwise).
    let one_axis;
    let shape: &[usize] = if ndim == 0 {
        &[]
    } else if raw.shape.is_null() {
        if itemsize == 0 || len % itemsize != 0 {
            return Err(protocol_error(format!(
                "no shape and len {len} with itemsize {itemsize}"
            )));
        }
        one_axis = [len / itemsize];
        &one_axis
    } else {
        // SAFETY: a non-null `shape` has `ndim` entries (PEP 3118).
        let s: &[isize] = unsafe { core::slice::from_raw_parts(raw.shape, ndim) };
        if let Some(n) = s.iter().find(|&&n| n < 0) {
            return Err(protocol_error(format!("axis length {n}")));
        }
        // Non-negative `isize`s are the same `usize`s.
        bytemuck::cast_slice(s)
    };
    let count = shape
        .iter()
        .try_fold(1usize, |acc, &n| acc.checked_mul(n))
        .and_then(|n| n.checked_mul(itemsize));
    if count != Some(len) {
        return Err(protocol_error(format!(
            "len {len} but shape {shape:?} of {itemsize}-byte items"
        )));
    }
    let c_order;
    let strides: &[isize] = if raw.strides.is_null() || ndim == 0 {
        c_order = Layout::contiguous(shape, itemsize, Order::C).map_err(to_py_err)?;
        c_order.strides()
    } else {
        // SAFETY: a non-null `strides` has `ndim` entries (PEP 3118).
        unsafe { core::slice::from_raw_parts(raw.strides, ndim) }
    };
    if raw.buf.is_null() && len > 0 {
        return Err(protocol_error("a null data pointer"));
    }
    let located = locate(raw.buf as usize, itemsize, shape, strides).map_err(to_py_err)?;
    Ok((format, located))
}
