//! `ndview.View`: a `memoryview` with NumPy's indexing, records, any cast
//! and the crate's kernels; and the module functions `zeros` and
//! `from_dlpack`.
//!
//! A `View` is an owner ([`Storage`], shared by every view derived from
//! it), a format and a layout relative to the owner's region. Derived views
//! (`v[1:3]`, `v.T`, `v.field("x")`) share the owner, so the original
//! object stays alive as long as any of them. `release()` drops this
//! view's share (refused while consumers hold exported buffers, as
//! `memoryview.release()` refuses).

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::ffi::c_int;
use core::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use pyo3::exceptions::{PyBufferError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};
use pyo3::{ffi, IntoPyObjectExt};

use super::buffer::{region_slice, BufferGuard};
use super::errors::to_py_err;
use super::export::{check_request, fill, ExportInfo, Exported};
use super::key::{parse_key, Key};
use super::storage::{OwnedBytes, Owner, Storage};
use super::{dlpack, values};
use crate::error::Error;
use crate::format::Format;
use crate::layout::{Layout, Order};
use crate::view::{RawView, RawViewMut};

/// A strided view of any buffer: Python's `memoryview` with n-D NumPy
/// indexing, records and fields, any cast, `T`, `reshape` without copy,
/// `broadcast_to`, `astype`, `sum` and DLPack.
///
/// From Rust, a `View` is what to return to Python: build one over
/// Rust-owned memory with [`View::zeros`] or over any exporter with
/// [`View::import`], read it with [`View::with_raw`], write it with
/// [`View::try_write`] (refused while Python holds exported buffers).
///
/// ```
/// use pyo3::prelude::*;
/// use ndview::python::View;
/// # pyo3::Python::initialize();
/// Python::attach(|py| -> PyResult<()> {
///     let z = View::zeros(py, "<f8", &[2, 3], ndview::Order::C)?;
///     z.try_write(|mut m| m.set(&[1, 2], &ndview::Scalar::Float(5.0)))??;
///     let total = z.with_raw(|v| Ok(v.typed::<f64>().unwrap().sum()))?;
///     assert_eq!(total, 5.0);
///     Ok(())
/// }).unwrap();
/// ```
#[pyclass(frozen, module = "ndview", name = "View", weakref)]
pub struct View {
    /// `None` once released. The lock also orders `release` against new
    /// exports.
    owner: Mutex<Option<Arc<Storage>>>,
    /// Buffers handed out by `__getbuffer__` and not yet released.
    exports: AtomicUsize,
    format: Format,
    /// Relative to the owner's region.
    layout: Layout,
    readonly: bool,
    /// Built on the first export (or `format` query), then never moved.
    export: OnceLock<ExportInfo>,
}

/// The bit of `Storage::exports` that marks a Rust write in progress.
const WRITING: usize = 1 << (usize::BITS - 1);

fn released() -> PyErr {
    PyValueError::new_err("operation forbidden on released ndview.View object")
}

impl View {
    fn new(owner: Arc<Storage>, format: Format, layout: Layout, readonly: bool) -> PyResult<View> {
        if !readonly && !owner.is_writable() {
            return Err(PyBufferError::new_err(
                "the owner of these bytes is read-only",
            ));
        }
        Ok(View {
            owner: Mutex::new(Some(owner)),
            exports: AtomicUsize::new(0),
            format,
            layout,
            readonly,
            export: OnceLock::new(),
        })
    }

    fn export_info(&self) -> &ExportInfo {
        self.export
            .get_or_init(|| ExportInfo::new(&self.format, &self.layout))
    }

    fn storage(&self) -> PyResult<Arc<Storage>> {
        self.owner
            .lock()
            .map_err(|_| released())?
            .clone()
            .ok_or_else(released)
    }

    /// A view over `obj`'s buffer (any exporter), writable if `writable`.
    ///
    /// # Errors
    ///
    /// As [`BufferGuard::acquire`].
    ///
    /// ```
    /// use pyo3::prelude::*;
    /// # pyo3::Python::initialize();
    /// Python::attach(|py| {
    ///     let b = pyo3::types::PyBytes::new(py, b"abcd");
    ///     let v = ndview::python::View::import(b.as_any(), false).unwrap();
    ///     assert_eq!(v.with_raw(|r| Ok(r.len())).unwrap(), 4);
    /// });
    /// ```
    pub fn import(obj: &Bound<'_, PyAny>, writable: bool) -> PyResult<View> {
        let guard = BufferGuard::acquire(obj, writable)?;
        let format = guard.format().clone();
        let layout = guard.layout().clone();
        View::new(
            Arc::new(Storage::new(Owner::Buffer(guard))),
            format,
            layout,
            !writable,
        )
    }

    /// Zeroed memory owned by Rust, of `format` elements shaped `shape` in
    /// `order`, writable from Python.
    ///
    /// # Errors
    ///
    /// `ValueError` for a format that does not parse or a size that
    /// overflows; `MemoryError` if the allocation fails.
    ///
    /// ```
    /// use pyo3::prelude::*;
    /// # pyo3::Python::initialize();
    /// Python::attach(|py| {
    ///     let z = ndview::python::View::zeros(py, "<i4", &[2, 2], ndview::Order::F).unwrap();
    ///     assert_eq!(z.with_raw(|r| Ok(r.strides().to_vec())).unwrap(), [4, 8]);
    /// });
    /// ```
    pub fn zeros(_py: Python<'_>, format: &str, shape: &[usize], order: Order) -> PyResult<View> {
        let format = Format::parse(format).map_err(to_py_err)?;
        let layout = Layout::contiguous(shape, format.itemsize(), order).map_err(to_py_err)?;
        let nbytes = layout.byte_range(format.itemsize()).map_err(to_py_err)?.1 as usize;
        let nbytes = if layout.is_empty() { 0 } else { nbytes };
        let bytes = OwnedBytes::for_output(nbytes)
            .ok_or_else(|| pyo3::exceptions::PyMemoryError::new_err("ndview.zeros"))?
            .share();
        View::new(
            Arc::new(Storage::new(Owner::Owned(bytes))),
            format,
            layout,
            false,
        )
    }

    /// Calls `f` with a [`RawView`] of this view's bytes.
    ///
    /// Read the view before running Python code inside `f` (creating
    /// Python objects can run a garbage collection, and with it any
    /// `__del__`): Python code could write the bytes while the view is in
    /// use. The methods of `View` copy or decode first and build Python
    /// objects after (docs/safety.md, "Python buffers").
    ///
    /// # Errors
    ///
    /// `ValueError` if the view was released; whatever `f` returns.
    ///
    /// See [`View::import`].
    pub fn with_raw<R>(&self, f: impl FnOnce(&RawView<'_>) -> PyResult<R>) -> PyResult<R> {
        let storage = self.storage()?;
        let (start, len) = storage.region();
        // SAFETY: `storage` (kept alive for this call) owns `len` readable
        // bytes from `start` that never move; that no one writes them during
        // the call is the promise docs/safety.md ("Python buffers")
        // explains: we hold the GIL, so Python code cannot run.
        let bytes = unsafe { region_slice(start, len) };
        let view = RawView::with_layout_of(bytes, self.format.clone(), self.layout.clone())
            .map_err(to_py_err)?;
        f(&view)
    }

    /// Calls `f` with a [`RawViewMut`] of this view's bytes.
    ///
    /// # Errors
    ///
    /// `BufferError` if the view is read-only or Python holds exported
    /// buffers of it or of any `View` derived from the same import or
    /// allocation (as `bytearray` refuses to resize while exported);
    /// `ValueError` if it was released or its elements overlap (a broadcast
    /// view).
    ///
    /// See [`View`] for an example.
    pub fn try_write<R>(&self, f: impl FnOnce(RawViewMut<'_>) -> R) -> PyResult<R> {
        if self.readonly {
            return Err(PyBufferError::new_err("ndview.View: the view is read-only"));
        }
        let guard = self.owner.lock().map_err(|_| released())?;
        let storage = guard.as_ref().ok_or_else(released)?;
        // Mark the storage as being written: every `View` of it then refuses
        // new exports until we are done, and we refuse if any is out.
        if let Err(n) =
            storage
                .exports
                .compare_exchange(0, WRITING, Ordering::AcqRel, Ordering::Acquire)
        {
            return Err(PyBufferError::new_err(alloc::format!(
                "ndview.View: cannot write from Rust while Python holds {n} exported buffer(s) of these bytes"
            )));
        }
        struct Unmark<'s>(&'s AtomicUsize);
        impl Drop for Unmark<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(WRITING, Ordering::AcqRel);
            }
        }
        let _unmark = Unmark(&storage.exports);
        let (start, len) = storage.region();
        // SAFETY: the owner is writable (a writable view is only made over a
        // writable owner), alive while `guard` is held, and no buffer of
        // this view is exported; that no other object writes the same bytes
        // concurrently is the caller's promise (docs/safety.md).
        let bytes = unsafe {
            core::slice::from_raw_parts_mut(super::buffer::non_null_or_dangling(start, len), len)
        };
        let l = &self.layout;
        let m = RawViewMut::from_parts(
            bytes,
            self.format.clone(),
            l.shape(),
            l.strides(),
            l.offset(),
        )
        .map_err(to_py_err)?;
        Ok(f(m))
    }

    /// A new view of the same owner, made by `op`.
    fn derive(
        &self,
        op: impl for<'a> FnOnce(&RawView<'a>) -> crate::Result<RawView<'a>>,
    ) -> PyResult<View> {
        let storage = self.storage()?;
        let layout_and_format = self.with_raw(|v| {
            let d = op(v).map_err(to_py_err)?;
            // A derived view may describe a different slice of the region:
            // re-anchor its offset at the owner's region start.
            let shift = d.bytes().as_ptr() as usize - v.bytes().as_ptr() as usize;
            let layout =
                Layout::new(d.shape(), d.strides(), d.offset() + shift).map_err(to_py_err)?;
            Ok((layout, d.format().clone()))
        })?;
        let (layout, format) = layout_and_format;
        View::new(storage, format, layout, self.readonly)
    }

    /// A view over fresh Rust-owned memory holding `shape` in C order.
    fn owned(format: Format, shape: &[usize], owned: OwnedBytes) -> PyResult<View> {
        let layout = Layout::contiguous(shape, format.itemsize(), Order::C).map_err(to_py_err)?;
        View::new(
            Arc::new(Storage::new(Owner::Owned(owned.share()))),
            format,
            layout,
            false,
        )
    }
}

fn parse_format(format: &str) -> PyResult<Format> {
    Format::parse(format).map_err(to_py_err)
}

fn parse_order(order: &str) -> PyResult<Order> {
    match order {
        "C" | "c" => Ok(Order::C),
        "F" | "f" => Ok(Order::F),
        _ => Err(PyValueError::new_err(alloc::format!(
            "order must be 'C' or 'F', not {order:?}"
        ))),
    }
}

/// A shape argument: an int or a sequence of ints.
fn shape_arg(shape: &Bound<'_, PyAny>) -> PyResult<Vec<usize>> {
    if let Ok(n) = shape.extract::<usize>() {
        return Ok(alloc::vec![n]);
    }
    shape
        .extract::<Vec<usize>>()
        .map_err(|_| PyTypeError::new_err("a shape is an int or a sequence of non-negative ints"))
}

#[pymethods]
impl View {
    /// View(obj, writable=False)
    /// --
    ///
    /// A zero-copy view of any buffer exporter. Read-only unless
    /// writable=True, which asks the exporter for a writable buffer
    /// (BufferError if it refuses).
    #[new]
    #[pyo3(signature = (obj, writable = false))]
    fn py_new(obj: &Bound<'_, PyAny>, writable: bool) -> PyResult<View> {
        View::import(obj, writable)
    }

    /// The element format, as a PEP 3118 / struct string.
    #[getter]
    fn format(&self) -> &str {
        self.export_info().format_str()
    }

    /// Bytes per element.
    #[getter]
    fn itemsize(&self) -> usize {
        self.format.itemsize()
    }

    /// The length of every axis.
    #[getter]
    fn shape<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.layout.shape())
    }

    /// The byte strides of every axis.
    #[getter]
    fn strides<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.layout.strides())
    }

    /// The number of axes.
    #[getter]
    fn ndim(&self) -> usize {
        self.layout.ndim()
    }

    /// Bytes of the elements (len × itemsize).
    #[getter]
    fn nbytes(&self) -> usize {
        self.layout.len().saturating_mul(self.format.itemsize())
    }

    /// Whether the view refuses writes.
    #[getter]
    fn readonly(&self) -> bool {
        self.readonly
    }

    /// C (row-major) contiguity, NumPy's rules.
    #[getter]
    fn c_contiguous(&self) -> bool {
        self.layout.is_c_contiguous(self.format.itemsize())
    }

    /// Fortran (column-major) contiguity, NumPy's rules.
    #[getter]
    fn f_contiguous(&self) -> bool {
        self.layout.is_f_contiguous(self.format.itemsize())
    }

    /// C or Fortran contiguous.
    #[getter]
    fn contiguous(&self) -> bool {
        self.layout.is_contiguous(self.format.itemsize())
    }

    /// The axes reversed (a view).
    #[getter(T)]
    fn t(&self) -> PyResult<View> {
        self.derive(|v| Ok(v.transpose()))
    }

    fn __len__(&self) -> PyResult<usize> {
        self.storage()?;
        self.layout
            .shape()
            .first()
            .copied()
            .ok_or_else(|| PyTypeError::new_err("0-dim view has no length"))
    }

    fn __repr__(&self) -> String {
        let state = if self.storage().is_ok() {
            ""
        } else {
            "released "
        };
        alloc::format!(
            "<{state}ndview.View format={:?} shape={:?} strides={:?}{}>",
            self.export_info().format_str(),
            self.layout.shape(),
            self.layout.strides(),
            if self.readonly { "" } else { " writable" }
        )
    }

    /// NumPy basic indexing: ints, slices, ..., None and tuples of them;
    /// a string selects a record field. A view, or a Python value when
    /// every item is an integer.
    fn __getitem__<'py>(
        &self,
        py: Python<'py>,
        key: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        match parse_key(key)? {
            Key::Field(name) => self.field(&name)?.into_bound_py_any(py),
            Key::Index { index, scalar } => self.select(py, &index, scalar),
        }
    }

    /// The same as v[...], from NumPy index syntax in a string.
    fn index<'py>(&self, py: Python<'py>, expr: &str) -> PyResult<Bound<'py, PyAny>> {
        let index: crate::Index = expr.parse().map_err(to_py_err)?;
        let scalar = index
            .items()
            .iter()
            .all(|i| matches!(i, crate::IndexItem::Int(_)));
        self.select(py, &index, scalar)
    }

    /// The view of one record field.
    fn field(&self, name: &str) -> PyResult<View> {
        self.derive(|v| v.field(name))
    }

    /// memoryview.cast, generalized: the same bytes as `format` elements
    /// shaped `shape` (1-D over all bytes by default).
    #[pyo3(signature = (format, shape = None))]
    fn cast(&self, format: &str, shape: Option<&Bound<'_, PyAny>>) -> PyResult<View> {
        let format = parse_format(format)?;
        let shape = match shape {
            Some(s) => shape_arg(s)?,
            None => {
                let n = format.itemsize();
                if n == 0 || self.nbytes() % n != 0 {
                    return Err(to_py_err(Error::ShapeMismatch {
                        operation: "cast",
                        found: self.layout.shape().to_vec(),
                        requested: Vec::new(),
                        reason: alloc::format!(
                            "{} bytes are not a whole number of {n}-byte items",
                            self.nbytes()
                        ),
                    }));
                }
                alloc::vec![self.nbytes() / n]
            }
        };
        self.derive(|v| v.cast(format, &shape))
    }

    /// ndarray.view(dtype): the last axis reinterpreted as `format`.
    fn view(&self, format: &str) -> PyResult<View> {
        let format = parse_format(format)?;
        self.derive(|v| v.view_as(format))
    }

    /// The axes permuted (reversed without arguments).
    #[pyo3(signature = (*axes))]
    fn transpose(&self, axes: &Bound<'_, PyTuple>) -> PyResult<View> {
        if axes.is_empty() {
            return self.t();
        }
        let axes: Vec<usize> = if axes.len() == 1 && axes.get_item(0)?.extract::<usize>().is_err() {
            axes.get_item(0)?.extract()?
        } else {
            axes.extract()?
        };
        self.derive(|v| v.permute_axes(&axes))
    }

    /// A view with a new shape; ValueError if it needs a copy.
    #[pyo3(signature = (shape, order = "C"))]
    fn reshape(&self, shape: &Bound<'_, PyAny>, order: &str) -> PyResult<View> {
        let shape = shape_arg(shape)?;
        let order = parse_order(order)?;
        self.derive(|v| v.reshape(&shape, order))
    }

    /// The view broadcast to `shape` (zero strides, NumPy's rules).
    fn broadcast_to(&self, shape: &Bound<'_, PyAny>) -> PyResult<View> {
        let shape = shape_arg(shape)?;
        self.derive(|v| v.broadcast_to(&shape))
    }

    /// The elements' bytes in C ('C'), Fortran ('F') or memory ('A') order.
    #[pyo3(signature = (order = "C"))]
    fn tobytes<'py>(&self, py: Python<'py>, order: Option<&str>) -> PyResult<Bound<'py, PyBytes>> {
        let order = match order.unwrap_or("C") {
            "A" | "a" => {
                if self.f_contiguous() && !self.c_contiguous() {
                    Order::F
                } else {
                    Order::C
                }
            }
            o => parse_order(o)?,
        };
        self.with_raw(|v| {
            // Straight into the bytes object when the typed kernels can
            // (no Python code runs while `v` is read: see safety.md).
            PyBytes::new_with(py, v.nbytes(), |out| {
                if !values::copy_bytes_into(v, order, out) {
                    out.copy_from_slice(&v.to_bytes(order));
                }
                Ok(())
            })
        })
    }

    /// The elements as nested lists of Python values.
    fn tolist<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.with_raw(|v| values::to_list(py, v))
    }

    /// The elements converted to the numeric `format`, in new Rust-owned
    /// memory (C order).
    fn astype(&self, format: &str) -> PyResult<View> {
        let to = parse_format(format)?;
        let shape = self.layout.shape().to_vec();
        let owned = self.with_raw(|v| values::astype_owned(v, &to))?;
        View::owned(to, &shape, owned)
    }

    /// The sum of all elements (ints in 64 bits, floats in f64).
    fn sum<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.with_raw(|v| values::sum(py, v))
    }

    /// Drops this view's hold on the owner; BufferError while buffers of
    /// it are exported.
    fn release(&self) -> PyResult<()> {
        let mut owner = self.owner.lock().map_err(|_| released())?;
        let n = self.exports.load(Ordering::Acquire);
        if n > 0 {
            return Err(PyBufferError::new_err(alloc::format!(
                "ndview.View has {n} exported buffer(s)"
            )));
        }
        *owner = None;
        Ok(())
    }

    fn __enter__(slf: Py<Self>, py: Python<'_>) -> PyResult<Py<Self>> {
        slf.get().storage()?;
        let _ = py;
        Ok(slf)
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, _args: &Bound<'_, PyTuple>) -> PyResult<bool> {
        self.release()?;
        Ok(false)
    }

    /// memoryview equality: same shape and equal values element by element.
    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        let other_view;
        let other: &View = if let Ok(v) = other.cast::<View>() {
            other_view = v.clone();
            other_view.get()
        } else {
            match View::import(other, false) {
                Ok(v) => {
                    other_view = Bound::new(py, v)?;
                    other_view.get()
                }
                Err(_) => return Ok(false),
            }
        };
        if self.layout.shape() != other.layout.shape() {
            return Ok(false);
        }
        let a = self.tolist(py)?;
        let b = other.tolist(py)?;
        a.eq(b)
    }

    unsafe fn __getbuffer__(
        slf: Bound<'_, Self>,
        view: *mut ffi::Py_buffer,
        flags: c_int,
    ) -> PyResult<()> {
        let this = slf.get();
        let owner = this.owner.lock().map_err(|_| released())?;
        let storage = owner.as_ref().ok_or_else(released)?;
        let (start, _) = storage.region();
        let itemsize = this.format.itemsize();
        let exported = Exported {
            info: this.export_info(),
            first: start.wrapping_add(this.layout.offset()),
            nbytes: this.layout.len().saturating_mul(itemsize),
            itemsize,
            readonly: this.readonly,
            c_contiguous: this.layout.is_c_contiguous(itemsize),
            f_contiguous: this.layout.is_f_contiguous(itemsize),
        };
        check_request(&exported, flags)?;
        // Count the export on the storage unless Rust is writing it.
        storage
            .exports
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n & WRITING == 0).then_some(n + 1)
            })
            .map_err(|_| PyBufferError::new_err("ndview.View: Rust is writing these bytes"))?;
        this.exports.fetch_add(1, Ordering::AcqRel);
        // SAFETY: `view` is the consumer's buffer struct (buffer protocol);
        // the request was checked; `obj` = this frozen `View`, which owns
        // `export` and (unreleasable while exported) the storage.
        unsafe { fill(view, flags, slf.clone().into_any(), &exported) };
        Ok(())
    }

    unsafe fn __releasebuffer__(&self, _view: *mut ffi::Py_buffer) {
        self.exports.fetch_sub(1, Ordering::AcqRel);
        // The owner cannot have been released while this export was out.
        if let Ok(owner) = self.owner.lock() {
            if let Some(storage) = owner.as_ref() {
                storage.exports.fetch_sub(1, Ordering::AcqRel);
            }
        }
    }

    /// DLPack export: a versioned capsule when max_version >= (1, 0),
    /// a legacy one otherwise. BufferError for what DLPack cannot describe.
    #[pyo3(signature = (*, stream = None, max_version = None, dl_device = None, copy = None))]
    fn __dlpack__<'py>(
        &self,
        py: Python<'py>,
        stream: Option<&Bound<'py, PyAny>>,
        max_version: Option<(u32, u32)>,
        dl_device: Option<(i32, i32)>,
        copy: Option<bool>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if stream.is_some_and(|s| !s.is_none()) {
            return Err(PyBufferError::new_err(
                "ndview views live in CPU memory: stream must be None",
            ));
        }
        if dl_device.is_some_and(|d| d != (dlpack::CPU, 0)) {
            return Err(PyBufferError::new_err(
                "ndview views live in CPU memory (device (1, 0))",
            ));
        }
        if copy == Some(true) {
            return Err(PyBufferError::new_err(
                "ndview.View exports without copying (copy=True refused)",
            ));
        }
        let versioned = max_version.is_some_and(|(major, _)| major >= 1);
        let storage = self.storage()?;
        self.with_raw(|v| dlpack::export(py, v, storage, self.readonly, versioned))
    }

    /// (device type, device id): (1, 0), the CPU.
    fn __dlpack_device__(&self) -> (i32, i32) {
        (dlpack::CPU, 0)
    }
}

impl View {
    fn select<'py>(
        &self,
        py: Python<'py>,
        index: &crate::Index,
        scalar: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let sub = self.derive(|v| v.slice(index))?;
        if scalar && sub.layout.ndim() == 0 {
            return sub.with_raw(|v| {
                let value = v.get(&[]).map_err(to_py_err)?;
                values::scalar_to_py(py, &value)
            });
        }
        sub.into_bound_py_any(py)
    }

    /// A view over a DLPack tensor's storage.
    pub(crate) fn from_storage(
        storage: Storage,
        format: Format,
        layout: Layout,
        readonly: bool,
    ) -> PyResult<View> {
        View::new(Arc::new(storage), format, layout, readonly)
    }
}

/// zeros(format, shape, order="C")
/// --
///
/// Zeroed memory owned by Rust, exported writable and zero-copy.
#[pyfunction]
#[pyo3(name = "zeros", signature = (format, shape, order = "C"))]
fn py_zeros(py: Python<'_>, format: &str, shape: &Bound<'_, PyAny>, order: &str) -> PyResult<View> {
    View::zeros(py, format, &shape_arg(shape)?, parse_order(order)?)
}

/// from_dlpack(obj)
/// --
///
/// A View of any DLPack producer's CPU tensor, zero-copy.
#[pyfunction]
#[pyo3(name = "from_dlpack")]
fn py_from_dlpack(obj: &Bound<'_, PyAny>) -> PyResult<View> {
    dlpack::import(obj)
}

/// Adds `View`, `zeros` and `from_dlpack` to a Python module (the `ndview`
/// package's module init calls this).
///
/// # Errors
///
/// Whatever adding to the module raises.
///
/// ```
/// use pyo3::prelude::*;
/// # pyo3::Python::initialize();
/// Python::attach(|py| {
///     let m = pyo3::types::PyModule::new(py, "ndview").unwrap();
///     ndview::python::register(&m).unwrap();
///     assert!(m.getattr("zeros").is_ok());
/// });
/// ```
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<View>()?;
    m.add_function(wrap_pyfunction!(py_zeros, m)?)?;
    m.add_function(wrap_pyfunction!(py_from_dlpack, m)?)?;
    Ok(())
}
