//! Reinterpreting a view's bytes: `memoryview.cast`, `ndarray.view(dtype)`,
//! typed views and record fields.
//!
//! Each operation keeps the bytes and computes a new layout, or says why no
//! layout over the same bytes exists:
//!
//! | operation | model | needs |
//! | --- | --- | --- |
//! | [`cast`](RawView::cast) | `memoryview.cast(fmt, shape)` | C-contiguous view, equal byte totals |
//! | [`view_as`](RawView::view_as) | `ndarray.view(dtype)` | same itemsize, or a contiguous last axis whose bytes divide |
//! | [`typed`](RawView::typed) | — | `T`'s native format, aligned first element and strides |
//! | [`field`](RawView::field) | `arr["name"]` | a record format with that field |

use alloc::string::ToString;
use alloc::vec::Vec;
use core::marker::PhantomData;
use core::mem::align_of;

use super::check_aligned;
use super::raw::RawView;
use super::typed::NdView;
use crate::error::{Error, Result};
use crate::format::{Element, Format};
use crate::layout::{Layout, Order};

/// The layout of `ndarray.view(new)` for a view of `layout` with items of
/// `old` bytes (NumPy's `_check_compatibility_with_new_dtype`).
fn view_dtype_layout(layout: &Layout, old: usize, new: usize) -> Result<Layout> {
    if old == new {
        return Ok(layout.clone());
    }
    let ndim = layout.ndim();
    if ndim == 0 {
        return Err(Error::Unrepresentable {
            operation: "view_as",
            reason: alloc::format!(
                "a 0-d view can only be viewed with a format of the same itemsize ({old}), not {new}"
            ),
        });
    }
    let last = layout.shape()[ndim - 1];
    if last != 1 && !layout.is_empty() && layout.strides()[ndim - 1] != old as isize {
        return Err(Error::Unrepresentable {
            operation: "view_as",
            reason: alloc::format!(
                "to change to an itemsize of {new} from {old}, the last axis must be contiguous (its stride is {}, not {old})",
                layout.strides()[ndim - 1]
            ),
        });
    }
    let mismatch = |reason: alloc::string::String| Error::ShapeMismatch {
        operation: "view_as",
        found: layout.shape().to_vec(),
        requested: Vec::new(),
        reason,
    };
    let new_last = if new < old {
        if old % new != 0 {
            return Err(mismatch(alloc::format!(
                "the new itemsize {new} must divide the old itemsize {old}"
            )));
        }
        last.checked_mul(old / new)
            .ok_or_else(|| Error::overflow("the new last axis"))?
    } else {
        let bytes = last
            .checked_mul(old)
            .ok_or_else(|| Error::overflow("the bytes of the last axis"))?;
        if bytes % new != 0 {
            return Err(mismatch(alloc::format!(
                "the new itemsize {new} must divide the {bytes} bytes of the last axis"
            )));
        }
        bytes / new
    };
    let mut out = layout.clone();
    out.shape[ndim - 1] = new_last;
    out.strides[ndim - 1] = isize::try_from(new).map_err(|_| Error::overflow("the itemsize"))?;
    out.check_invariants()?;
    Ok(out)
}

impl<'a> RawView<'a> {
    /// Reinterprets the bytes of a C-contiguous view with another format and
    /// shape: `memoryview.cast`, generalized to any pair of formats.
    ///
    /// # Errors
    ///
    /// [`Error::NotContiguous`] unless the view is C-contiguous;
    /// [`Error::ShapeMismatch`] unless the new shape holds exactly the
    /// view's bytes; [`Error::Overflow`] / [`Error::TooManyDims`].
    ///
    /// ```
    /// use ndview::{Format, RawView};
    /// let v = RawView::new(&[1, 0, 2, 0, 3, 0, 4, 0], Format::parse("<u2")?, &[2, 2])?;
    /// let flat = v.cast(Format::parse("B")?, &[8])?;
    /// assert_eq!(flat.shape(), &[8]);
    /// assert!(v.transpose().cast(Format::parse("B")?, &[8]).is_err());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn cast(&self, format: Format, shape: &[usize]) -> Result<RawView<'a>> {
        if !self.is_c_contiguous() {
            return Err(Error::NotContiguous {
                operation: "cast",
                required: "C-contiguous",
            });
        }
        let mut layout = Layout::contiguous(shape, format.itemsize(), Order::C)?;
        let new_bytes = layout
            .len()
            .checked_mul(format.itemsize())
            .ok_or_else(|| Error::overflow("the bytes of the new shape"))?;
        if new_bytes != self.nbytes() {
            return Err(Error::ShapeMismatch {
                operation: "cast",
                found: self.shape().to_vec(),
                requested: shape.to_vec(),
                reason: alloc::format!(
                    "the view has {} bytes but {} elements of {} bytes need {new_bytes}",
                    self.nbytes(),
                    layout.len(),
                    format.itemsize()
                ),
            });
        }
        layout.offset = self.layout.offset();
        layout.check_region(format.itemsize(), self.bytes.len())?;
        Ok(RawView {
            bytes: self.bytes,
            format,
            layout,
        })
    }

    /// Views the same bytes with another format, NumPy's
    /// `ndarray.view(dtype)`: with the same itemsize the shape and strides
    /// are kept; otherwise the last axis must be contiguous and is rescaled.
    ///
    /// # Errors
    ///
    /// [`Error::Unrepresentable`] for a 0-d view or a non-contiguous last
    /// axis (when the itemsize changes); [`Error::ShapeMismatch`] when the
    /// itemsizes do not divide as needed.
    ///
    /// ```
    /// use ndview::{Format, RawView};
    /// let v = RawView::new(&[0u8; 24], Format::parse("<u4")?, &[2, 3])?;
    /// assert_eq!(v.view_as(Format::parse("<u2")?)?.shape(), &[2, 6]);
    /// assert!(v.transpose().view_as(Format::parse("<u2")?).is_err());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn view_as(&self, format: Format) -> Result<RawView<'a>> {
        let layout = view_dtype_layout(&self.layout, self.itemsize(), format.itemsize())?;
        layout.check_region(format.itemsize(), self.bytes.len())?;
        Ok(RawView {
            bytes: self.bytes,
            format,
            layout,
        })
    }

    /// The same view as `T`s.
    ///
    /// # Errors
    ///
    /// [`Error::FormatMismatch`] unless the format is `T`'s native format;
    /// [`Error::Misaligned`] unless the first element and every stride of an
    /// axis longer than 1 are multiples of `align_of::<T>()`.
    ///
    /// ```
    /// use ndview::{Error, Format, RawView};
    /// let words = [1u32, 2, 3];
    /// let v = RawView::new(bytemuck::cast_slice(&words), Format::of::<u32>(), &[3])?;
    /// assert_eq!(v.typed::<u32>()?.to_vec(), [1, 2, 3]);
    /// assert!(matches!(v.typed::<f32>(), Err(Error::FormatMismatch { .. })));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn typed<T: Element>(&self) -> Result<NdView<'a, T>> {
        let expected = Format::of::<T>();
        if self.format != expected {
            return Err(Error::FormatMismatch {
                expected: expected.to_string(),
                found: self.format.to_string(),
            });
        }
        check_aligned(&self.layout, self.bytes.as_ptr(), align_of::<T>(), || {
            alloc::format!("{} ({})", T::NAME, self.format)
        })?;
        Ok(NdView {
            bytes: self.bytes,
            layout: self.layout.clone(),
            _elements: PhantomData,
        })
    }

    /// The field `name` of a record view, as a view of the field's format
    /// with the same shape and strides (NumPy's `arr["name"]`).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownField`] if the format has no field of that name.
    ///
    /// ```
    /// use ndview::{Format, RawView, Scalar};
    /// let records = [1u8, 0, 0, 0, 7, 2, 0, 0, 0, 9];
    /// let v = RawView::new(&records, Format::parse("T{<i:a:B:b:}")?, &[2])?;
    /// let a = v.field("a")?;
    /// assert_eq!((a.strides(), a.get(&[1])?), (&[5][..], Scalar::Int(2)));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn field(&self, name: &str) -> Result<RawView<'a>> {
        let field = self.format.field(name).ok_or_else(|| Error::UnknownField {
            name: name.into(),
            format: self.format.to_string(),
        })?;
        let mut layout = self.layout.clone();
        layout.offset = layout
            .offset
            .checked_add(field.offset)
            .ok_or_else(|| Error::overflow("the field offset"))?;
        let format = field.format.clone();
        layout.check_region(format.itemsize(), self.bytes.len())?;
        Ok(RawView {
            bytes: self.bytes,
            format,
            layout,
        })
    }
}

impl<'a, T: Element> NdView<'a, T> {
    /// The same bytes as `U`s, with NumPy's `view(dtype)` rule (see
    /// [`RawView::view_as`]) and `U`'s alignment checked.
    ///
    /// # Errors
    ///
    /// As [`RawView::view_as`] and [`RawView::typed`].
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1u32, 2], &[2])?;
    /// let halves = v.cast::<u16>()?;
    /// assert_eq!(halves.shape(), &[4]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn cast<U: Element>(&self) -> Result<NdView<'a, U>> {
        self.raw().view_as(Format::of::<U>())?.typed::<U>()
    }
}
