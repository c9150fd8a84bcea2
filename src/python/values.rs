//! Elements as Python values: scalars, `tolist`, `sum`, and `astype`.
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

/// The elements converted to the numeric scalar `to`, in C order, in fresh
/// memory, with NumPy's `unsafe` casting (Rust `as` semantics: floats to
/// integers saturate, NaN is 0, integers wrap).
///
/// Same-kind, same-size pairs (a byte-order change or none) are one pass
/// over the source, read in place when it is C-contiguous, written once.
/// Every other pair goes through the crate's conversion kernel
/// ([`RawView::convert_into`]) straight into the output memory, then a
/// byte swap in place if `to` is in the foreign byte order. Only `bool`
/// targets (not an [`Element`](crate::Element)) are decoded element by
/// element.
pub(crate) fn astype_owned(view: &RawView<'_>, to: &Format) -> PyResult<OwnedBytes> {
    let from = view.format();
    let numeric = |f: &Format| {
        f.is_scalar()
            && matches!(
                f.kind(),
                Kind::Bool
                    | Kind::Signed
                    | Kind::Unsigned
                    | Kind::Float
                    | Kind::BFloat
                    | Kind::Complex
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
    let n = to.itemsize();
    let part = if to.kind() == Kind::Complex { n / 2 } else { n };
    if from.kind() == to.kind() && from.itemsize() == n {
        let copied;
        let source: &[u8] = if view.is_c_contiguous() && !view.is_empty() {
            &view.bytes()[view.offset()..view.offset() + view.nbytes()]
        } else {
            copied = view.to_bytes(Order::C);
            &copied
        };
        let swap =
            from.byte_order() != to.byte_order() && from.byte_order() != ByteOrder::NotApplicable;
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
    let mut owned = view
        .len()
        .checked_mul(n)
        .and_then(OwnedBytes::for_output)
        .ok_or_else(no_memory)?;
    let out = owned.as_mut_slice();
    if !convert_native(view, to, out)? {
        decode_each(view, to, out)?;
        return Ok(owned);
    }
    let foreign = match to.byte_order() {
        ByteOrder::Little => cfg!(target_endian = "big"),
        ByteOrder::Big => cfg!(target_endian = "little"),
        _ => false,
    };
    if foreign && part > 1 {
        for item in out.chunks_exact_mut(part) {
            item.reverse();
        }
    }
    Ok(owned)
}

/// Converts `view` into `out` (C order, `view.len()` elements of `to`'s
/// size, aligned for every element type) as the native-order type of
/// `to`'s kind and size, through the conversion kernel. `false` (with `out`
/// untouched) for a target with no [`CastTarget`](crate::convert::CastTarget)
/// type: `bool`.
fn convert_native(view: &RawView<'_>, to: &Format, out: &mut [u8]) -> PyResult<bool> {
    fn go<T: crate::convert::CastTarget>(view: &RawView<'_>, out: &mut [u8]) -> crate::Result<()> {
        let mut dst = crate::NdViewMut::<T>::from_bytes_mut(out, view.shape())?;
        view.convert_into(&mut dst, crate::Casting::Unsafe)
    }
    let done = match (to.kind(), to.itemsize()) {
        (Kind::Signed, 1) => go::<i8>(view, out),
        (Kind::Signed, 2) => go::<i16>(view, out),
        (Kind::Signed, 4) => go::<i32>(view, out),
        (Kind::Signed, 8) => go::<i64>(view, out),
        (Kind::Unsigned, 1) => go::<u8>(view, out),
        (Kind::Unsigned, 2) => go::<u16>(view, out),
        (Kind::Unsigned, 4) => go::<u32>(view, out),
        (Kind::Unsigned, 8) => go::<u64>(view, out),
        (Kind::Float, 2) => go::<half::f16>(view, out),
        (Kind::BFloat, 2) => go::<half::bf16>(view, out),
        (Kind::Float, 4) => go::<f32>(view, out),
        (Kind::Float, 8) => go::<f64>(view, out),
        (Kind::Complex, 8) => go::<num_complex::Complex<f32>>(view, out),
        (Kind::Complex, 16) => go::<num_complex::Complex<f64>>(view, out),
        _ => return Ok(false),
    };
    done.map_err(super::to_py_err)?;
    Ok(true)
}

/// The element-by-element decoder, for targets the kernel has no type for
/// (`bool`: any non-zero value is true).
fn decode_each(view: &RawView<'_>, to: &Format, out: &mut [u8]) -> PyResult<()> {
    let from = view.format();
    let copied = view.to_bytes(Order::C);
    let n = to.itemsize();
    for (src, dst) in copied
        .chunks_exact(from.itemsize().max(1))
        .zip(out.chunks_exact_mut(n))
    {
        to.encode(&convert(from.decode(src)?, to.kind()), dst)?;
    }
    Ok(())
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
