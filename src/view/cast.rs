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
use super::raw::{check_unique, RawView, RawViewMut};
use super::typed::{NdView, NdViewMut};
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

/// The layout of `memoryview.cast(format, shape)` for a view of `layout`
/// with items of `itemsize` bytes (the region check is the caller's).
fn cast_layout(
    layout: &Layout,
    itemsize: usize,
    format: &Format,
    shape: &[usize],
) -> Result<Layout> {
    if !layout.is_c_contiguous(itemsize) {
        return Err(Error::NotContiguous {
            operation: "cast",
            required: "C-contiguous",
        });
    }
    let mut out = Layout::contiguous(shape, format.itemsize(), Order::C)?;
    let new_bytes = out
        .len()
        .checked_mul(format.itemsize())
        .ok_or_else(|| Error::overflow("the bytes of the new shape"))?;
    // Cannot overflow: the view's elements lie inside its region.
    let old_bytes = layout.len() * itemsize;
    if new_bytes != old_bytes {
        return Err(Error::ShapeMismatch {
            operation: "cast",
            found: layout.shape().to_vec(),
            requested: shape.to_vec(),
            reason: alloc::format!(
                "the view has {old_bytes} bytes, but {} elements of {} bytes need {new_bytes}",
                out.len(),
                format.itemsize()
            ),
        });
    }
    out.offset = layout.offset();
    Ok(out)
}

/// `FormatMismatch` unless `format` is `T`'s native format, `Misaligned`
/// unless `layout` over a region at `base` is aligned for `T`.
fn check_typed<T: Element>(format: &Format, layout: &Layout, base: *const u8) -> Result<()> {
    let expected = Format::of::<T>();
    if *format != expected {
        return Err(Error::FormatMismatch {
            expected: expected.to_string(),
            found: format.to_string(),
            operation: "typed",
        });
    }
    check_aligned(layout, base, align_of::<T>(), || {
        alloc::format!("{} ({})", T::NAME, format)
    })
}

/// The format and layout of field `name` of a record view.
fn field_layout(format: &Format, layout: &Layout, name: &str) -> Result<(Format, Layout)> {
    let field = format.field(name).ok_or_else(|| Error::UnknownField {
        name: name.into(),
        format: format.to_string(),
    })?;
    let mut out = layout.clone();
    out.offset = out
        .offset
        .checked_add(field.offset)
        .ok_or_else(|| Error::overflow("the field offset"))?;
    Ok((field.format.clone(), out))
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
        let layout = cast_layout(&self.layout, self.itemsize(), &format, shape)?;
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
    #[doc(alias = "view")]
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
    #[doc(alias = "frombuffer")]
    pub fn typed<T: Element>(&self) -> Result<NdView<'a, T>> {
        check_typed::<T>(&self.format, &self.layout, self.bytes.as_ptr())?;
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
        let (format, layout) = field_layout(&self.format, &self.layout, name)?;
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

/// Reinterpreting a mutable view. Each consumes the view (like the layout
/// operations of mutable views; call [`reborrow`](RawViewMut::reborrow)
/// first to keep it) and keeps the guarantee that no two elements share a
/// byte.
impl<'a> RawViewMut<'a> {
    /// [`RawView::cast`] for a mutable view.
    ///
    /// # Errors
    ///
    /// As [`RawView::cast`].
    ///
    /// ```
    /// use ndview::{Format, RawViewMut};
    /// let mut buf = [0u8; 4];
    /// let m = RawViewMut::new(&mut buf, Format::parse("<u2")?, &[2])?;
    /// let mut bytes = m.cast(Format::parse("B")?, &[4])?;
    /// bytes.get_bytes_mut(&[3]).unwrap()[0] = 9;
    /// assert_eq!(buf, [0, 0, 0, 9]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn cast(self, format: Format, shape: &[usize]) -> Result<RawViewMut<'a>> {
        let layout = cast_layout(&self.layout, self.itemsize(), &format, shape)?;
        layout.check_region(format.itemsize(), self.bytes.len())?;
        Ok(RawViewMut {
            bytes: self.bytes,
            format,
            layout,
        })
    }

    /// [`RawView::view_as`] for a mutable view.
    ///
    /// # Errors
    ///
    /// As [`RawView::view_as`].
    ///
    /// ```
    /// use ndview::{Format, RawViewMut};
    /// let mut buf = [0u8; 8];
    /// let m = RawViewMut::new(&mut buf, Format::parse("<u4")?, &[2])?;
    /// assert_eq!(m.view_as(Format::parse("<u2")?)?.shape(), &[4]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[doc(alias = "view")]
    pub fn view_as(self, format: Format) -> Result<RawViewMut<'a>> {
        let layout = view_dtype_layout(&self.layout, self.itemsize(), format.itemsize())?;
        layout.check_region(format.itemsize(), self.bytes.len())?;
        // Rows that were disjoint blocks of bytes are cut into smaller
        // disjoint pieces, so the result is unique; checked all the same,
        // since a mutable view rests on it.
        check_unique(&layout, format.itemsize())?;
        Ok(RawViewMut {
            bytes: self.bytes,
            format,
            layout,
        })
    }

    /// [`RawView::field`] for a mutable view: writes through it land in
    /// that field of every record.
    ///
    /// # Errors
    ///
    /// As [`RawView::field`].
    ///
    /// ```
    /// use ndview::{Format, RawViewMut, Scalar};
    /// let mut records = [0u8; 10];
    /// let m = RawViewMut::new(&mut records, Format::parse("T{<i:a:B:b:}")?, &[2])?;
    /// let mut b = m.field("b")?;
    /// b.set(&[1], &Scalar::UInt(7))?;
    /// assert_eq!(records[9], 7);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn field(self, name: &str) -> Result<RawViewMut<'a>> {
        let (format, layout) = field_layout(&self.format, &self.layout, name)?;
        layout.check_region(format.itemsize(), self.bytes.len())?;
        // A field lies inside its record, and records do not overlap.
        Ok(RawViewMut {
            bytes: self.bytes,
            format,
            layout,
        })
    }

    /// The same view as mutable `T`s.
    ///
    /// # Errors
    ///
    /// As [`RawView::typed`].
    ///
    /// ```
    /// use ndview::{Format, RawViewMut};
    /// let mut words = [1u32, 2, 3];
    /// let m = RawViewMut::new(bytemuck::cast_slice_mut(&mut words), Format::of::<u32>(), &[3])?;
    /// let mut t = m.typed_mut::<u32>()?;
    /// t[[2]] = 30;
    /// assert_eq!(words, [1, 2, 30]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn typed_mut<T: Element>(self) -> Result<NdViewMut<'a, T>> {
        check_typed::<T>(&self.format, &self.layout, self.bytes.as_ptr())?;
        Ok(NdViewMut {
            bytes: self.bytes,
            layout: self.layout,
            _elements: PhantomData,
        })
    }
}
