//! Elements as Python values: scalars, `tolist`, `sum`, and the temporary
//! `astype` decoder.
//!
//! Scalars follow `memoryview.tolist()` (ints, floats, bools, bytes) and
//! NumPy where memoryview has no answer: complex numbers are `complex`,
//! records are tuples of their fields, sub-arrays are lists.

use alloc::vec::Vec;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyComplex, PyList, PyTuple};
use pyo3::IntoPyObjectExt;

use super::storage::OwnedBytes;
use crate::error::Error;
use crate::format::{ByteOrder, Format, Kind, Scalar};
use crate::layout::Order;
use crate::view::RawView;

/// A decoded element as a Python object.
pub(crate) fn scalar_to_py<'py>(py: Python<'py>, value: &Scalar) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Scalar::Bool(b) => b.into_bound_py_any(py)?,
        Scalar::Int(i) => i.into_bound_py_any(py)?,
        Scalar::UInt(u) => u.into_bound_py_any(py)?,
        Scalar::Float(f) => f.into_bound_py_any(py)?,
        Scalar::Complex(re, im) => PyComplex::from_doubles(py, *re, *im).into_any(),
        Scalar::Bytes(b) => PyBytes::new(py, b).into_any(),
        Scalar::Record(fields) => {
            let items = fields
                .iter()
                .map(|(_, v)| scalar_to_py(py, v))
                .collect::<PyResult<Vec<_>>>()?;
            PyTuple::new(py, items)?.into_any()
        }
        Scalar::Array(items) => {
            let items = items
                .iter()
                .map(|v| scalar_to_py(py, v))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any()
        }
    })
}

/// The elements as nested lists (a 0-d view gives its one value).
pub(crate) fn to_list<'py>(py: Python<'py>, view: &RawView<'_>) -> PyResult<Bound<'py, PyAny>> {
    let format = view.format();
    let itemsize = format.itemsize();
    let bytes = view.to_bytes(Order::C);
    let mut values = Vec::with_capacity(view.len());
    for chunk in bytes.chunks_exact(itemsize.max(1)).take(view.len()) {
        values.push(scalar_to_py(
            py,
            &format.decode(chunk).map_err(super::to_py_err)?,
        )?);
    }
    if itemsize == 0 {
        let empty = Scalar::Bytes(Vec::new());
        values.resize_with(view.len(), || {
            scalar_to_py(py, &empty).expect("bytes convert")
        });
    }
    nest(py, view.shape(), &mut values.into_iter())
}

fn nest<'py>(
    py: Python<'py>,
    shape: &[usize],
    values: &mut impl Iterator<Item = Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    match shape.split_first() {
        None => Ok(values.next().expect("one value per element")),
        Some((&n, rest)) => {
            let items = (0..n)
                .map(|_| nest(py, rest, values))
                .collect::<PyResult<Vec<_>>>()?;
            Ok(PyList::new(py, items)?.into_any())
        }
    }
}

/// `sum()` of a numeric view, as NumPy sums: integers in 64 bits
/// (wrapping), floats and complex numbers in `f64`.
///
/// Aligned native `f64`, `f32`, `i64`, `i32` views take the typed kernels
/// (one traversal plan, vectorized); others decode element by element.
pub(crate) fn sum<'py>(py: Python<'py>, view: &RawView<'_>) -> PyResult<Bound<'py, PyAny>> {
    if let Ok(t) = view.typed::<f64>() {
        return t.sum().into_bound_py_any(py);
    }
    if let Ok(t) = view.typed::<f32>() {
        return (t.sum() as f64).into_bound_py_any(py);
    }
    if let Ok(t) = view.typed::<i64>() {
        return t
            .fold(0i64, |a, &x| a.wrapping_add(x))
            .into_bound_py_any(py);
    }
    if let Ok(t) = view.typed::<i32>() {
        return t
            .fold(0i64, |a, &x| a.wrapping_add(x as i64))
            .into_bound_py_any(py);
    }
    let format = view.format();
    let not_numeric = || {
        super::to_py_err(Error::CastNotAllowed {
            from: format.to_string(),
            to: "a number".into(),
            casting: crate::Casting::Unsafe,
            reason: "sum needs a numeric format".into(),
        })
    };
    let bytes = view.to_bytes(Order::C);
    let items = bytes
        .chunks_exact(format.itemsize().max(1))
        .take(view.len());
    let decode = |c: &[u8]| format.decode(c).map_err(super::to_py_err);
    match format.kind() {
        Kind::Bool | Kind::Signed => {
            let mut acc = 0i64;
            for c in items {
                acc = acc.wrapping_add(match decode(c)? {
                    Scalar::Int(i) => i,
                    Scalar::Bool(b) => b as i64,
                    _ => return Err(not_numeric()),
                });
            }
            acc.into_bound_py_any(py)
        }
        Kind::Unsigned => {
            let mut acc = 0u64;
            for c in items {
                let Scalar::UInt(u) = decode(c)? else {
                    return Err(not_numeric());
                };
                acc = acc.wrapping_add(u);
            }
            acc.into_bound_py_any(py)
        }
        Kind::Float => {
            let mut acc = 0f64;
            for c in items {
                let Scalar::Float(f) = decode(c)? else {
                    return Err(not_numeric());
                };
                acc += f;
            }
            acc.into_bound_py_any(py)
        }
        Kind::Complex => {
            let (mut re, mut im) = (0f64, 0f64);
            for c in items {
                let Scalar::Complex(r, i) = decode(c)? else {
                    return Err(not_numeric());
                };
                re += r;
                im += i;
            }
            Ok(PyComplex::from_doubles(py, re, im).into_any())
        }
        _ => Err(not_numeric()),
    }
}

/// TEMPORARY (until the `convert` branch lands `RawView::astype`): the
/// elements converted to the numeric scalar `to`, in C order, in fresh
/// memory, with NumPy's `unsafe` casting (Rust `as` semantics: floats to
/// integers saturate, NaN is 0, integers wrap). Same-kind, same-size pairs
/// (a byte-order change or none) are one pass over the source, read in
/// place when it is C-contiguous, written once.
pub(crate) fn astype_owned(view: &RawView<'_>, to: &Format) -> PyResult<OwnedBytes> {
    let from = view.format();
    let numeric = |f: &Format| {
        f.is_scalar()
            && matches!(
                f.kind(),
                Kind::Bool | Kind::Signed | Kind::Unsigned | Kind::Float | Kind::Complex
            )
    };
    if !numeric(from) || !numeric(to) {
        return Err(super::to_py_err(Error::CastNotAllowed {
            from: from.to_string(),
            to: to.to_string(),
            casting: crate::Casting::Unsafe,
            reason: "only numeric scalar formats convert".into(),
        }));
    }
    let no_memory = || pyo3::exceptions::PyMemoryError::new_err("ndview.View.astype");
    let copied;
    let source: &[u8] = if view.is_c_contiguous() && !view.is_empty() {
        &view.bytes()[view.offset()..view.offset() + view.nbytes()]
    } else {
        copied = view.to_bytes(Order::C);
        &copied
    };
    let n = to.itemsize();
    if from.kind() == to.kind() && from.itemsize() == n {
        let swap =
            from.byte_order() != to.byte_order() && from.byte_order() != ByteOrder::NotApplicable;
        let part = if to.kind() == Kind::Complex { n / 2 } else { n };
        let owned = match (swap, part) {
            (false, _) => OwnedBytes::swapped::<1>(source),
            (true, 2) => OwnedBytes::swapped::<2>(source),
            (true, 4) => OwnedBytes::swapped::<4>(source),
            (true, 8) => OwnedBytes::swapped::<8>(source),
            (true, _) => {
                let mut o = OwnedBytes::for_output(source.len()).ok_or_else(no_memory)?;
                let out = o.as_mut_slice();
                out.copy_from_slice(source);
                for item in out.chunks_exact_mut(part) {
                    item.reverse();
                }
                Some(o)
            }
        };
        return owned.ok_or_else(no_memory);
    }
    let count = source.len() / from.itemsize().max(1);
    let mut owned = count
        .checked_mul(n)
        .and_then(OwnedBytes::for_output)
        .ok_or_else(no_memory)?;
    let out = owned.as_mut_slice();
    for (src, dst) in source
        .chunks_exact(from.itemsize())
        .zip(out.chunks_exact_mut(n))
    {
        let value = convert(from.decode(src)?, to.kind());
        match (value, to.kind(), n) {
            (Scalar::UInt(bits), Kind::Signed | Kind::Unsigned, _) => {
                let le = bits.to_le_bytes();
                dst.copy_from_slice(&le[..n]);
                if to.byte_order() == ByteOrder::Big {
                    dst.reverse();
                }
            }
            (Scalar::Float(x), Kind::Float, 4) => {
                to.encode(&Scalar::Float((x as f32) as f64), dst)
                    .or_else(|_| to.encode(&Scalar::Float(x.signum() * f64::INFINITY), dst))?;
            }
            (Scalar::Float(x), Kind::Float, 2) => {
                to.encode(&Scalar::Float(x), dst)
                    .or_else(|_| to.encode(&Scalar::Float(x.signum() * f64::INFINITY), dst))?;
            }
            (v, _, _) => to.encode(&v, dst)?,
        }
    }
    Ok(owned)
}

/// Copies the elements in `order` into `out` (exactly `nbytes` bytes)
/// through the typed copy kernels (memcpy runs, the blocked transpose);
/// `false`, with `out` untouched, when the itemsize is not 1, 2, 4 or 8 or
/// the view or `out` is not aligned for it.
pub(crate) fn copy_bytes_into(view: &RawView<'_>, order: Order, out: &mut [u8]) -> bool {
    fn go<T: crate::Element>(view: &RawView<'_>, order: Order, out: &mut [u8]) -> bool {
        let Ok(as_t) = view.view_as(Format::of::<T>()) else {
            return false;
        };
        let Ok(typed) = as_t.typed::<T>() else {
            return false;
        };
        let Ok(out) = bytemuck::try_cast_slice_mut::<u8, T>(out) else {
            return false;
        };
        typed.copy_to_slice(out, order).is_ok()
    }
    match view.itemsize() {
        1 => go::<u8>(view, order, out),
        2 => go::<u16>(view, order, out),
        4 => go::<u32>(view, order, out),
        8 => go::<u64>(view, order, out),
        _ => false,
    }
}

/// One value converted to `kind` with `as` semantics; integers come back as
/// their two's-complement bits in a `UInt`.
fn convert(value: Scalar, kind: Kind) -> Scalar {
    let (re, im, int): (f64, f64, Option<i128>) = match value {
        Scalar::Bool(b) => (b as u8 as f64, 0.0, Some(b as i128)),
        Scalar::Int(i) => (i as f64, 0.0, Some(i as i128)),
        Scalar::UInt(u) => (u as f64, 0.0, Some(u as i128)),
        Scalar::Float(f) => (f, 0.0, None),
        Scalar::Complex(r, i) => (r, i, None),
        other => return other,
    };
    match kind {
        Kind::Bool => Scalar::Bool(re != 0.0 || im != 0.0),
        Kind::Signed | Kind::Unsigned => {
            let i = int.unwrap_or(re as i64 as i128);
            Scalar::UInt(i as u64)
        }
        Kind::Float => Scalar::Float(re),
        _ => Scalar::Complex(re, im),
    }
}
