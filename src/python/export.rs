//! Export: what `View.__getbuffer__` hands to a consumer.
//!
//! The format string, shape and strides live in an [`ExportInfo`] built
//! once when the `View` is made; the `View` is frozen, so the pointers a
//! consumer receives stay valid for as long as its `Py_buffer` holds the
//! `View` (`obj`). [`check_request`] honours the request flags and refuses
//! with `BufferError` what this view cannot give without a copy — ndview
//! never copies behind a consumer's back.

use alloc::boxed::Box;
use alloc::ffi::CString;
use alloc::format;
use core::ffi::c_int;

use pyo3::exceptions::PyBufferError;
use pyo3::ffi;
use pyo3::prelude::*;

use super::pep3118::buffer_format;
use crate::format::Format;
use crate::layout::Layout;

/// The pieces of a `Py_buffer` that must not move while it is exported.
pub(crate) struct ExportInfo {
    format: CString,
    shape: Box<[ffi::Py_ssize_t]>,
    strides: Box<[ffi::Py_ssize_t]>,
}

impl ExportInfo {
    pub(crate) fn new(format: &Format, layout: &Layout) -> ExportInfo {
        // A NUL can only come from a field name; cut the string there
        // rather than fail (the consumer then sees a malformed format).
        let mut text = buffer_format(format);
        if let Some(nul) = text.find('\0') {
            text.truncate(nul);
        }
        let format = CString::new(text).unwrap_or_default();
        // Layout invariants keep every length and stride within `isize`.
        let shape = layout
            .shape()
            .iter()
            .map(|&n| n as ffi::Py_ssize_t)
            .collect();
        let strides = layout
            .strides()
            .iter()
            .map(|&s| s as ffi::Py_ssize_t)
            .collect();
        ExportInfo {
            format,
            shape,
            strides,
        }
    }

    /// The exported format string.
    pub(crate) fn format_str(&self) -> &str {
        self.format.to_str().unwrap_or("")
    }
}

/// What the view is, for the flag checks.
pub(crate) struct Exported<'a> {
    pub info: &'a ExportInfo,
    /// Address of element `[0, …, 0]`.
    pub first: *mut u8,
    pub nbytes: usize,
    pub itemsize: usize,
    pub readonly: bool,
    pub c_contiguous: bool,
    pub f_contiguous: bool,
}

fn wants(flags: c_int, what: c_int) -> bool {
    flags & what == what
}

/// Refuses a request this view cannot satisfy without a copy.
pub(crate) fn check_request(e: &Exported<'_>, flags: c_int) -> PyResult<()> {
    let refuse = |why: &str| Err(PyBufferError::new_err(format!("ndview.View: {why}")));
    if wants(flags, ffi::PyBUF_WRITABLE) && e.readonly {
        return refuse("the view is read-only (make it with View(obj, writable=True))");
    }
    if wants(flags, ffi::PyBUF_C_CONTIGUOUS) && !e.c_contiguous {
        return refuse("the view is not C-contiguous");
    }
    if wants(flags, ffi::PyBUF_F_CONTIGUOUS) && !e.f_contiguous {
        return refuse("the view is not Fortran-contiguous");
    }
    if wants(flags, ffi::PyBUF_ANY_CONTIGUOUS) && !(e.c_contiguous || e.f_contiguous) {
        return refuse("the view is not contiguous");
    }
    if !wants(flags, ffi::PyBUF_STRIDES) && !e.c_contiguous {
        return refuse("the view is not C-contiguous and the request has no strides");
    }
    Ok(())
}

/// Fills `view` for an accepted request.
///
/// # Safety
///
/// `view` must point to a `Py_buffer` the caller may write, `check_request`
/// must have accepted `flags`, and `obj` must keep `e.info` and the bytes
/// at `e.first` alive and in place until the buffer is released.
pub(crate) unsafe fn fill(
    view: *mut ffi::Py_buffer,
    flags: c_int,
    obj: Bound<'_, PyAny>,
    e: &Exported<'_>,
) {
    // SAFETY: the caller's promise: `view` is writable.
    let v = unsafe { &mut *view };
    v.buf = e.first.cast();
    v.len = e.nbytes as ffi::Py_ssize_t;
    v.itemsize = e.itemsize as ffi::Py_ssize_t;
    v.readonly = c_int::from(e.readonly);
    v.format = if wants(flags, ffi::PyBUF_FORMAT) {
        e.info.format.as_ptr().cast_mut()
    } else {
        core::ptr::null_mut()
    };
    if wants(flags, ffi::PyBUF_ND) {
        v.ndim = e.info.shape.len() as c_int;
        v.shape = e.info.shape.as_ptr().cast_mut();
    } else {
        // Without ND the consumer sees `len` bytes (checked C-contiguous).
        v.ndim = 1;
        v.shape = core::ptr::null_mut();
    }
    v.strides = if wants(flags, ffi::PyBUF_STRIDES) {
        e.info.strides.as_ptr().cast_mut()
    } else {
        core::ptr::null_mut()
    };
    v.suboffsets = core::ptr::null_mut();
    v.internal = core::ptr::null_mut();
    v.obj = obj.into_ptr();
}
