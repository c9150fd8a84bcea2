//! DLPack both ways: `View.__dlpack__` and `ndview.from_dlpack`.
//!
//! The few `#[repr(C)]` structs of `dlpack.h` (v1.0) are written here.
//! Exports make a versioned (`"dltensor_versioned"`) capsule when the
//! consumer's `max_version` is at least 1.0 and a legacy (`"dltensor"`)
//! one otherwise. The managed tensor owns a share of the view's storage,
//! so the bytes live until the consumer calls the deleter; an unconsumed
//! capsule calls it from its destructor. A consumer that takes the tensor
//! renames the capsule (`"used_…"`), after which the destructor does
//! nothing.
//!
//! DLPack describes fewer arrays than PEP 3118: strides are counted in
//! elements, types are native-order numbers. What it cannot describe is a
//! `BufferError` that says why (the axis whose byte stride is not a
//! multiple of the itemsize, a record format, a foreign byte order).

use alloc::boxed::Box;
use alloc::format;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::ffi::{c_void, CStr};

use pyo3::exceptions::{PyBufferError, PyTypeError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::errors::to_py_err;
use super::region::{locate, Located};
use super::storage::{Owner, Storage};
use super::View;
use crate::format::{ByteOrder, Format, Kind};
use crate::view::RawView;

/// `kDLCPU`.
pub(crate) const CPU: i32 = 1;
const READ_ONLY: u64 = 1;
const VERSIONED: &CStr = c"dltensor_versioned";
const USED_VERSIONED: &CStr = c"used_dltensor_versioned";
const LEGACY: &CStr = c"dltensor";
const USED_LEGACY: &CStr = c"used_dltensor";

#[repr(C)]
#[derive(Clone, Copy)]
struct DLDevice {
    device_type: i32,
    device_id: i32,
}

#[repr(C)]
#[derive(Clone, Copy)]
struct DLDataType {
    code: u8,
    bits: u8,
    lanes: u16,
}

#[repr(C)]
struct DLTensor {
    data: *mut c_void,
    device: DLDevice,
    ndim: i32,
    dtype: DLDataType,
    shape: *mut i64,
    strides: *mut i64,
    byte_offset: u64,
}

#[repr(C)]
struct DLManagedTensor {
    dl_tensor: DLTensor,
    manager_ctx: *mut c_void,
    deleter: Option<unsafe extern "C" fn(*mut DLManagedTensor)>,
}

#[repr(C)]
struct DLPackVersion {
    major: u32,
    minor: u32,
}

#[repr(C)]
struct DLManagedTensorVersioned {
    version: DLPackVersion,
    manager_ctx: *mut c_void,
    deleter: Option<unsafe extern "C" fn(*mut DLManagedTensorVersioned)>,
    flags: u64,
    dl_tensor: DLTensor,
}

// dlpack.h `DLDataTypeCode`.
const INT: u8 = 0;
const UINT: u8 = 1;
const FLOAT: u8 = 2;
const COMPLEX: u8 = 5;
const BOOL: u8 = 6;

/// The DLPack type of a format, or why there is none.
fn dtype_of(format: &Format) -> Result<DLDataType, alloc::string::String> {
    if !format.is_scalar() {
        return Err(format!(
            "DLPack has no type for the record or sub-array format {format}"
        ));
    }
    if format.byte_order() != ByteOrder::NotApplicable && !format.is_native_order() {
        return Err(format!(
            "DLPack types are native-endian; {format} has the foreign byte order"
        ));
    }
    let code = match format.kind() {
        Kind::Bool => BOOL,
        Kind::Signed => INT,
        Kind::Unsigned => UINT,
        Kind::Float => FLOAT,
        Kind::Complex => COMPLEX,
        _ => return Err(format!("DLPack has no type for the format {format}")),
    };
    let bits = u8::try_from(format.itemsize() * 8)
        .map_err(|_| format!("DLPack has no {}-byte type", format.itemsize()))?;
    Ok(DLDataType {
        code,
        bits,
        lanes: 1,
    })
}

/// The format of a DLPack type (native order).
fn format_of(t: DLDataType) -> PyResult<Format> {
    let o = if cfg!(target_endian = "little") {
        '<'
    } else {
        '>'
    };
    let s = match (t.code, t.bits, t.lanes) {
        (BOOL, 8, 1) => "|b1".into(),
        (INT, 8, 1) => "|i1".into(),
        (UINT, 8, 1) => "|u1".into(),
        (INT, 16 | 32 | 64, 1) => format!("{o}i{}", t.bits / 8),
        (UINT, 16 | 32 | 64, 1) => format!("{o}u{}", t.bits / 8),
        (FLOAT, 16 | 32 | 64, 1) => format!("{o}f{}", t.bits / 8),
        (COMPLEX, 64 | 128, 1) => format!("{o}c{}", t.bits / 8),
        (code, bits, lanes) => {
            return Err(PyBufferError::new_err(format!(
                "ndview cannot view DLPack type code {code}, {bits} bits, {lanes} lanes"
            )))
        }
    };
    Format::parse(&s).map_err(to_py_err)
}

/// What an exported managed tensor owns: shape, strides and a share of the
/// storage.
struct Context {
    _shape: Vec<i64>,
    _strides: Vec<i64>,
    _storage: Arc<Storage>,
}

/// A managed tensor and its context in one allocation (the tensor first,
/// so a pointer to it is a pointer to the whole).
#[repr(C)]
struct Export<M> {
    managed: M,
    context: Context,
}

unsafe extern "C" fn delete_legacy(m: *mut DLManagedTensor) {
    // SAFETY: `m` came from `Box::into_raw` of an `Export<DLManagedTensor>`
    // in `export` (first field, `repr(C)`), and DLPack calls the deleter once.
    drop(unsafe { Box::from_raw(m.cast::<Export<DLManagedTensor>>()) });
}

unsafe extern "C" fn delete_versioned(m: *mut DLManagedTensorVersioned) {
    // SAFETY: as in `delete_legacy`, for the versioned struct.
    drop(unsafe { Box::from_raw(m.cast::<Export<DLManagedTensorVersioned>>()) });
}

unsafe extern "C" fn destroy_legacy_capsule(capsule: *mut ffi::PyObject) {
    // SAFETY: called by Python with a live capsule. A consumer that took
    // the tensor renamed the capsule, so `IsValid` fails and we do nothing;
    // otherwise we still own the tensor and run its deleter once.
    unsafe {
        if ffi::PyCapsule_IsValid(capsule, LEGACY.as_ptr()) == 1 {
            let m = ffi::PyCapsule_GetPointer(capsule, LEGACY.as_ptr()).cast::<DLManagedTensor>();
            if let Some(d) = (*m).deleter {
                d(m);
            }
        }
    }
}

unsafe extern "C" fn destroy_versioned_capsule(capsule: *mut ffi::PyObject) {
    // SAFETY: as in `destroy_legacy_capsule`.
    unsafe {
        if ffi::PyCapsule_IsValid(capsule, VERSIONED.as_ptr()) == 1 {
            let m = ffi::PyCapsule_GetPointer(capsule, VERSIONED.as_ptr())
                .cast::<DLManagedTensorVersioned>();
            if let Some(d) = (*m).deleter {
                d(m);
            }
        }
    }
}

/// A DLPack capsule for `view`, owning a share of `storage`.
pub(crate) fn export<'py>(
    py: Python<'py>,
    view: &RawView<'_>,
    storage: Arc<Storage>,
    readonly: bool,
    versioned: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let format = view.format();
    let dtype = dtype_of(format).map_err(PyBufferError::new_err)?;
    let itemsize = format.itemsize() as isize;
    let mut strides = Vec::with_capacity(view.ndim());
    for (axis, &s) in view.strides().iter().enumerate() {
        if s % itemsize != 0 {
            return Err(PyBufferError::new_err(format!(
                "DLPack strides count elements: the byte stride {s} of axis {axis} \
                 is not a multiple of the itemsize {itemsize}"
            )));
        }
        strides.push((s / itemsize) as i64);
    }
    let mut shape: Vec<i64> = view.shape().iter().map(|&n| n as i64).collect();
    let tensor = DLTensor {
        // The address of element [0, …, 0]; within the region by the
        // view's invariant (`wrapping_add` needs no unsafe).
        data: view
            .bytes()
            .as_ptr()
            .wrapping_add(view.offset())
            .cast_mut()
            .cast(),
        device: DLDevice {
            device_type: CPU,
            device_id: 0,
        },
        ndim: view.ndim() as i32,
        dtype,
        shape: shape.as_mut_ptr(),
        strides: strides.as_mut_ptr(),
        byte_offset: 0,
    };
    // The vectors' heap buffers do not move when the vectors move into the
    // context, so the pointers above stay valid.
    let context = Context {
        _shape: shape,
        _strides: strides,
        _storage: storage,
    };
    let (ptr, name, destructor): (*mut c_void, &CStr, ffi::PyCapsule_Destructor) = if versioned {
        let e = Box::new(Export {
            managed: DLManagedTensorVersioned {
                version: DLPackVersion { major: 1, minor: 0 },
                manager_ctx: core::ptr::null_mut(),
                deleter: Some(delete_versioned),
                flags: if readonly { READ_ONLY } else { 0 },
                dl_tensor: tensor,
            },
            context,
        });
        (
            Box::into_raw(e).cast(),
            VERSIONED,
            destroy_versioned_capsule,
        )
    } else {
        let e = Box::new(Export {
            managed: DLManagedTensor {
                dl_tensor: tensor,
                manager_ctx: core::ptr::null_mut(),
                deleter: Some(delete_legacy),
            },
            context,
        });
        (Box::into_raw(e).cast(), LEGACY, destroy_legacy_capsule)
    };
    // SAFETY: `ptr` is a live managed tensor, `name` a static C string, and
    // `destructor` matches the tensor's kind.
    let capsule = unsafe { ffi::PyCapsule_New(ptr, name.as_ptr(), Some(destructor)) };
    if capsule.is_null() {
        // SAFETY: the capsule was not made, so we still own the tensor.
        unsafe {
            if versioned {
                delete_versioned(ptr.cast());
            } else {
                delete_legacy(ptr.cast());
            }
        }
        return Err(PyErr::fetch(py));
    }
    // SAFETY: a new, owned reference.
    Ok(unsafe { Bound::from_owned_ptr(py, capsule) })
}

/// A tensor taken from a DLPack producer; its deleter runs on drop.
pub(crate) struct ImportedTensor {
    managed: Managed,
    located: Located,
    writable: bool,
}

enum Managed {
    Legacy(*mut DLManagedTensor),
    Versioned(*mut DLManagedTensorVersioned),
}

// SAFETY: DLPack lets the owner of a managed tensor call its deleter from
// any thread; the bytes follow the views' rules (docs/safety.md).
unsafe impl Send for ImportedTensor {}
// SAFETY: as above; shared access only reads the description.
unsafe impl Sync for ImportedTensor {}

impl ImportedTensor {
    pub(crate) fn region(&self) -> (*mut u8, usize) {
        (self.located.start as *mut u8, self.located.len)
    }

    pub(crate) fn is_writable(&self) -> bool {
        self.writable
    }
}

impl Drop for ImportedTensor {
    fn drop(&mut self) {
        // SAFETY: we took ownership by renaming the capsule, so the deleter
        // is ours to call, once.
        unsafe {
            match self.managed {
                Managed::Legacy(m) => {
                    if let Some(d) = (*m).deleter {
                        d(m)
                    }
                }
                Managed::Versioned(m) => {
                    if let Some(d) = (*m).deleter {
                        d(m)
                    }
                }
            }
        }
    }
}

/// `ndview.from_dlpack(obj)`.
pub(crate) fn import(obj: &Bound<'_, PyAny>) -> PyResult<View> {
    let py = obj.py();
    let device: (i32, i32) = obj.call_method0("__dlpack_device__")?.extract()?;
    if device.0 != CPU {
        return Err(PyBufferError::new_err(format!(
            "ndview views CPU memory; the tensor is on DLPack device {device:?}"
        )));
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("max_version", (1, 0))?;
    let capsule = match obj.call_method("__dlpack__", (), Some(&kwargs)) {
        Ok(c) => c,
        Err(e) if e.is_instance_of::<PyTypeError>(py) => obj.call_method0("__dlpack__")?,
        Err(e) => return Err(e),
    };
    let cap = capsule.as_ptr();
    // SAFETY: `cap` is a live object; `IsValid` checks that it is a capsule
    // with that name, `GetPointer` then cannot fail, and renaming it makes
    // the tensor ours (the capsule's destructor will not delete it).
    let (managed, tensor, readonly) = unsafe {
        if ffi::PyCapsule_IsValid(cap, VERSIONED.as_ptr()) == 1 {
            let m = ffi::PyCapsule_GetPointer(cap, VERSIONED.as_ptr())
                .cast::<DLManagedTensorVersioned>();
            if ffi::PyCapsule_SetName(cap, USED_VERSIONED.as_ptr()) != 0 {
                return Err(PyErr::fetch(py));
            }
            let managed = Managed::Versioned(m);
            if (*m).version.major != 1 {
                drop(owned_for_cleanup(managed));
                return Err(PyBufferError::new_err("ndview reads DLPack 1.x tensors"));
            }
            (
                managed,
                &(*m).dl_tensor as *const DLTensor,
                (*m).flags & READ_ONLY != 0,
            )
        } else if ffi::PyCapsule_IsValid(cap, LEGACY.as_ptr()) == 1 {
            let m = ffi::PyCapsule_GetPointer(cap, LEGACY.as_ptr()).cast::<DLManagedTensor>();
            if ffi::PyCapsule_SetName(cap, USED_LEGACY.as_ptr()) != 0 {
                return Err(PyErr::fetch(py));
            }
            // No flags before DLPack 1.0: read-only, as NumPy imports it.
            (Managed::Legacy(m), &(*m).dl_tensor as *const DLTensor, true)
        } else {
            return Err(PyTypeError::new_err(
                "__dlpack__ did not return a DLPack capsule",
            ));
        }
    };
    // From here the tensor is ours: `owned` runs its deleter on any error.
    let mut owned = owned_for_cleanup(managed);
    // SAFETY: the producer keeps the tensor description valid until its
    // deleter runs, which only `owned` does.
    let t = unsafe { &*tensor };
    if t.device.device_type != CPU {
        return Err(PyBufferError::new_err("ndview views CPU memory only"));
    }
    let format = format_of(t.dtype)?;
    let ndim = usize::try_from(t.ndim)
        .ok()
        .filter(|&n| n <= crate::MAX_DIMS)
        .ok_or_else(|| PyBufferError::new_err(format!("a DLPack tensor with ndim {}", t.ndim)))?;
    let shape_raw: &[i64] = if ndim == 0 || t.shape.is_null() {
        &[]
    } else {
        // SAFETY: DLPack: a non-null `shape` has `ndim` entries.
        unsafe { core::slice::from_raw_parts(t.shape, ndim) }
    };
    let shape: Vec<usize> = shape_raw
        .iter()
        .map(|&n| {
            usize::try_from(n).map_err(|_| PyBufferError::new_err(format!("axis length {n}")))
        })
        .collect::<PyResult<_>>()?;
    let itemsize = format.itemsize();
    let strides: Vec<isize> = if t.strides.is_null() || ndim == 0 {
        crate::Layout::contiguous(&shape, itemsize, crate::Order::C)
            .map_err(to_py_err)?
            .strides()
            .to_vec()
    } else {
        // SAFETY: DLPack: a non-null `strides` has `ndim` entries.
        unsafe { core::slice::from_raw_parts(t.strides, ndim) }
            .iter()
            .map(|&s| {
                isize::try_from(s)
                    .ok()
                    .and_then(|s| s.checked_mul(itemsize as isize))
                    .ok_or_else(|| to_py_err(crate::Error::overflow("a DLPack stride")))
            })
            .collect::<PyResult<_>>()?
    };
    let first = (t.data as usize)
        .checked_add(usize::try_from(t.byte_offset).unwrap_or(usize::MAX))
        .ok_or_else(|| to_py_err(crate::Error::overflow("the DLPack data address")))?;
    if t.data.is_null() && shape.iter().all(|&n| n > 0) {
        return Err(PyBufferError::new_err(
            "a DLPack tensor with a null data pointer",
        ));
    }
    owned.located = locate(first, itemsize, &shape, &strides).map_err(to_py_err)?;
    owned.writable = !readonly;
    let layout = owned.located.layout.clone();
    View::from_storage(Storage::new(Owner::DlPack(owned)), format, layout, readonly)
}

fn owned_for_cleanup(managed: Managed) -> ImportedTensor {
    ImportedTensor {
        managed,
        located: Located {
            start: 0,
            len: 0,
            layout: crate::Layout::contiguous(&[0], 1, crate::Order::C).expect("empty layout"),
        },
        writable: false,
    }
}
