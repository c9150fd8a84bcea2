//! Views: a byte region, a [`Layout`] and an element format, combined.
//!
//! This is the one place where bytes become elements. Like `std::mdspan`, a
//! view adds nothing to its three parts but the guarantee that they fit
//! together, checked once at construction:
//!
//! * [`RawView`] / [`RawViewMut`] — any [`Format`](crate::Format), any
//!   alignment, any byte order: the `memoryview` analogue. Elements are
//!   bytes, decoded on request.
//! * [`NdView`] / [`NdViewMut`] — typed, aligned, native order: elements
//!   are `&T` / `&mut T` for an [`Element`](crate::Element) type `T`.
//!
//! Every layout operation (slicing, transposition, reshape, …) is a
//! [`Layout`] operation plus a copy of the small header; no byte is copied
//! and the result borrows the same region for the same lifetime.
//!
//! ## The safety model
//!
//! * A view's region is a `&'a [u8]` or a `&'a mut [u8]`: the borrow checker
//!   keeps the buffer alive and unresized while the view exists — Python's
//!   "memoryview has been detached" is a compile error here.
//! * A mutable view owns its whole region exclusively, and its layout is
//!   unique (no two elements share a byte), so handing out one `&mut T` per
//!   element is sound. [`NdViewMut::split_at_mut`] splits the *region* too,
//!   which is why it refuses splits whose halves interleave in memory.
//! * A typed view's first element and the strides of its non-trivial axes
//!   are multiples of `align_of::<T>()` (NumPy's ALIGNED rule), so every
//!   element is aligned; its format is `T`'s, so every element is a `T`.
//!
//! The buffer cannot be resized, or written through another path, while a
//! view of it exists:
//!
//! ```compile_fail
//! let mut buf = vec![0u8; 16];
//! let v = ndview::NdView::from_slice(&buf, &[16]).unwrap();
//! buf.push(1); // error: `buf` is borrowed by `v`
//! assert_eq!(v.len(), 16);
//! ```
//!
//! ```compile_fail
//! let mut buf = [0u8; 4];
//! let mut m = ndview::NdViewMut::from_slice_mut(&mut buf, &[4]).unwrap();
//! buf[0] = 1; // error: `buf` is mutably borrowed by `m`
//! m[[0]] = 2;
//! ```
//!
//! Views are `Send` and `Sync` when their elements are (every [`Element`](crate::Element)
//! is), so the halves of [`NdViewMut::split_at_mut`] can go to scoped
//! threads.

mod borrow;
mod cast;
mod cmp;
mod fmt;
mod iter;
mod iter_mut;
mod raw;
mod typed;

pub use iter::{AxisIter, Iter, IterMut, Lanes};
pub use iter_mut::{AxisIterMut, LanesMut};
pub(crate) use raw::check_unique;
pub use raw::{RawView, RawViewMut};
pub use typed::{NdView, NdViewMut};

use crate::error::{Error, Result};
use crate::layout::Layout;

/// The queries every view answers from its layout and itemsize.
///
/// `$setup` is doc-test code that binds a view `v` of shape `[2, 3, 4]`
/// with one-byte elements, C-contiguous from byte 0.
macro_rules! layout_queries {
    ($setup:literal) => {
        /// The shape: the length of every axis.
        ///
        /// ```
        #[doc = $setup]
        /// assert_eq!(v.shape(), &[2, 3, 4]);
        /// ```
        #[inline]
        pub fn shape(&self) -> &[usize] {
            self.layout.shape()
        }

        /// The strides, in bytes (negative and zero allowed).
        ///
        /// ```
        #[doc = $setup]
        /// assert_eq!(v.strides(), &[12, 4, 1]);
        /// ```
        #[inline]
        pub fn strides(&self) -> &[isize] {
            self.layout.strides()
        }

        /// Byte position of element `[0, …, 0]` inside the region.
        ///
        /// ```
        #[doc = $setup]
        /// assert_eq!(v.offset(), 0);
        /// ```
        #[inline]
        pub fn offset(&self) -> usize {
            self.layout.offset()
        }

        /// The number of axes.
        ///
        /// ```
        #[doc = $setup]
        /// assert_eq!(v.ndim(), 3);
        /// ```
        #[inline]
        pub fn ndim(&self) -> usize {
            self.layout.ndim()
        }

        /// The number of elements.
        ///
        /// ```
        #[doc = $setup]
        /// assert_eq!(v.len(), 24);
        /// ```
        #[inline]
        pub fn len(&self) -> usize {
            self.layout.len()
        }

        /// Whether the view has no element (some axis has length 0).
        ///
        /// ```
        #[doc = $setup]
        /// assert!(!v.is_empty());
        /// ```
        #[inline]
        pub fn is_empty(&self) -> bool {
            self.layout.is_empty()
        }

        /// Bytes of the elements: `len() * itemsize()` (NumPy's `nbytes`).
        /// A broadcast view counts every element, so this can exceed the
        /// region; it saturates at `usize::MAX` rather than wrap.
        ///
        /// ```
        #[doc = $setup]
        /// assert_eq!(v.nbytes(), 24 * v.itemsize());
        /// ```
        #[inline]
        pub fn nbytes(&self) -> usize {
            self.len().saturating_mul(self.itemsize())
        }

        /// The layout: shape, byte strides and offset.
        ///
        /// ```
        #[doc = $setup]
        /// assert_eq!(v.layout().shape(), v.shape());
        /// ```
        #[inline]
        pub fn layout(&self) -> &$crate::layout::Layout {
            &self.layout
        }

        /// C (row-major) contiguity with NumPy's rules (axes of length 1
        /// ignored, empty views contiguous).
        ///
        /// ```
        #[doc = $setup]
        /// assert!(v.is_c_contiguous());
        /// ```
        #[inline]
        pub fn is_c_contiguous(&self) -> bool {
            self.layout.is_c_contiguous(self.itemsize())
        }

        /// Fortran (column-major) contiguity with NumPy's rules.
        ///
        /// ```
        #[doc = $setup]
        /// assert!(!v.is_f_contiguous());
        /// ```
        #[inline]
        pub fn is_f_contiguous(&self) -> bool {
            self.layout.is_f_contiguous(self.itemsize())
        }

        /// C or Fortran contiguous.
        ///
        /// ```
        #[doc = $setup]
        /// assert!(v.is_contiguous());
        /// ```
        #[inline]
        pub fn is_contiguous(&self) -> bool {
            self.layout.is_contiguous(self.itemsize())
        }
    };
}

/// Layout operations that return a new view of the same region.
///
/// The receiver is `[&self] self` for shared views (the result borrows the
/// same region for the same lifetime) and `[self] self` for mutable ones (the
/// result takes the region over; use `reborrow()` first to keep the
/// original). The trailing `self` is passed in separately because macro
/// hygiene keeps a `self` written inside the macro apart from the caller's.
macro_rules! layout_ops {
    ($setup:literal, [$($recv:tt)+] $this:ident) => {
        /// A zero-copy sub-view selected by a NumPy-style [`Index`](crate::Index):
        /// integers, `start:stop:step` slices (clamped like Python; negative
        /// steps), `...` and new axes.
        ///
        /// # Errors
        ///
        /// [`Error::IndexOutOfBounds`](crate::Error::IndexOutOfBounds) for an
        /// integer outside its axis; [`Error::InvalidIndex`](crate::Error::InvalidIndex)
        /// for too many items, two ellipses, a zero step or (strict indices)
        /// a bound outside its axis; [`Error::TooManyDims`](crate::Error::TooManyDims).
        ///
        /// ```
        #[doc = $setup]
        /// let s = v.slice(&"1, ::-1, None, 1:3".parse()?)?;
        /// assert_eq!(s.shape(), &[3, 1, 2]);
        /// assert_eq!(s.strides(), &[-4, 0, 1]);
        /// # Ok::<(), ndview::Error>(())
        /// ```
        #[inline]
        pub fn slice($($recv)+, index: &$crate::layout::Index) -> $crate::Result<Self> {
            let layout = $this.layout.slice(index)?;
            Ok($this.with_layout(layout))
        }

        /// The sub-view at position `index` of `axis` (negative counts from
        /// the end); the axis is removed.
        ///
        /// # Errors
        ///
        /// [`Error::InvalidAxis`](crate::Error::InvalidAxis) or
        /// [`Error::IndexOutOfBounds`](crate::Error::IndexOutOfBounds).
        ///
        /// ```
        #[doc = $setup]
        /// assert_eq!(v.index_axis(1, -1)?.shape(), &[2, 4]);
        /// # Ok::<(), ndview::Error>(())
        /// ```
        pub fn index_axis($($recv)+, axis: usize, index: isize) -> $crate::Result<Self> {
            let layout = $this.layout.index_axis(axis, index)?;
            Ok($this.with_layout(layout))
        }

        /// The axes in reverse order (NumPy's `.T`).
        ///
        /// ```
        #[doc = $setup]
        /// let t = v.transpose();
        /// assert_eq!(t.shape(), &[4, 3, 2]);
        /// assert!(t.is_f_contiguous());
        /// ```
        pub fn transpose($($recv)+) -> Self {
            let layout = $this.layout.transpose();
            $this.with_layout(layout)
        }

        /// The axes in the order given: axis `k` of the result is axis
        /// `axes[k]` of this view.
        ///
        /// # Errors
        ///
        /// [`Error::InvalidAxis`](crate::Error::InvalidAxis) unless `axes` is
        /// a permutation of `0..ndim`.
        ///
        /// ```
        #[doc = $setup]
        /// assert_eq!(v.permute_axes(&[2, 0, 1])?.shape(), &[4, 2, 3]);
        /// # Ok::<(), ndview::Error>(())
        /// ```
        pub fn permute_axes($($recv)+, axes: &[usize]) -> $crate::Result<Self> {
            let layout = $this.layout.permute_axes(axes)?;
            Ok($this.with_layout(layout))
        }

        /// Axes `a` and `b` exchanged.
        ///
        /// # Errors
        ///
        /// [`Error::InvalidAxis`](crate::Error::InvalidAxis) for an axis out of range.
        ///
        /// ```
        #[doc = $setup]
        /// assert_eq!(v.swap_axes(0, 2)?.shape(), &[4, 3, 2]);
        /// # Ok::<(), ndview::Error>(())
        /// ```
        pub fn swap_axes($($recv)+, a: usize, b: usize) -> $crate::Result<Self> {
            let layout = $this.layout.swap_axes(a, b)?;
            Ok($this.with_layout(layout))
        }

        /// `axis` reversed (`[..., ::-1, ...]`).
        ///
        /// # Errors
        ///
        /// [`Error::InvalidAxis`](crate::Error::InvalidAxis) for an axis out of range.
        ///
        /// ```
        #[doc = $setup]
        /// let f = v.flip(2)?;
        /// assert_eq!((f.strides()[2], f.offset()), (-1, 3));
        /// # Ok::<(), ndview::Error>(())
        /// ```
        pub fn flip($($recv)+, axis: usize) -> $crate::Result<Self> {
            let layout = $this.layout.flip(axis)?;
            Ok($this.with_layout(layout))
        }

        /// A new axis of length 1 at position `axis` (NumPy's `newaxis`).
        ///
        /// # Errors
        ///
        /// [`Error::InvalidAxis`](crate::Error::InvalidAxis) if `axis > ndim`;
        /// [`Error::TooManyDims`](crate::Error::TooManyDims).
        ///
        /// ```
        #[doc = $setup]
        /// assert_eq!(v.insert_axis(1)?.shape(), &[2, 1, 3, 4]);
        /// # Ok::<(), ndview::Error>(())
        /// ```
        pub fn insert_axis($($recv)+, axis: usize) -> $crate::Result<Self> {
            let layout = $this.layout.insert_axis(axis)?;
            Ok($this.with_layout(layout))
        }

        /// `axis` removed; it must have length 1.
        ///
        /// # Errors
        ///
        /// [`Error::InvalidAxis`](crate::Error::InvalidAxis) if the axis is out
        /// of range or longer than 1.
        ///
        /// ```
        #[doc = $setup]
        /// assert!(v.remove_axis(0).is_err());
        /// ```
        pub fn remove_axis($($recv)+, axis: usize) -> $crate::Result<Self> {
            let layout = $this.layout.remove_axis(axis)?;
            Ok($this.with_layout(layout))
        }

        /// Every axis of length 1 removed.
        ///
        /// ```
        #[doc = $setup]
        /// assert_eq!(v.squeeze().shape(), &[2, 3, 4]);
        /// ```
        pub fn squeeze($($recv)+) -> Self {
            let layout = $this.layout.squeeze();
            $this.with_layout(layout)
        }

        /// The same elements in a new shape, without copying: NumPy's
        /// `reshape(..., copy=False)`, elements taken in `order`.
        ///
        /// # Errors
        ///
        /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) if the element
        /// counts differ; [`Error::Unrepresentable`](crate::Error::Unrepresentable)
        /// if the new shape has no strides over the same bytes (for example a
        /// transposed view flattened in C order), with the axes that cannot merge.
        ///
        /// ```
        #[doc = $setup]
        /// use ndview::Order;
        /// let r = v.reshape(&[6, 4], Order::C)?;
        /// assert_eq!(r.strides(), &[4, 1]);
        /// assert!(r.transpose().reshape(&[24], Order::C).is_err());
        /// # Ok::<(), ndview::Error>(())
        /// ```
        pub fn reshape($($recv)+, shape: &[usize], order: $crate::Order) -> $crate::Result<Self> {
            let layout = $this.layout.reshape(shape, order, $this.itemsize())?;
            Ok($this.with_layout(layout))
        }

        /// The diagonal of axes `axis1` and `axis2` (both removed; the
        /// diagonal becomes the last axis), starting `offset` places right
        /// of the main diagonal (NumPy's `diagonal(offset, axis1, axis2)`).
        ///
        /// # Errors
        ///
        /// [`Error::InvalidAxis`](crate::Error::InvalidAxis) for axes out of
        /// range or equal.
        ///
        /// ```
        #[doc = $setup]
        /// let d = v.diagonal(1, 2, 0)?;
        /// assert_eq!((d.shape(), d.strides()), (&[2, 3][..], &[12, 5][..]));
        /// # Ok::<(), ndview::Error>(())
        /// ```
        pub fn diagonal($($recv)+, axis1: usize, axis2: usize, offset: isize) -> $crate::Result<Self> {
            let layout = $this.layout.diagonal(axis1, axis2, offset)?;
            Ok($this.with_layout(layout))
        }
    };
}

pub(crate) use {layout_ops, layout_queries};

/// `Misaligned` unless `layout` is aligned for `align` over a region that
/// starts at `base`; names the first offending part.
pub(crate) fn check_aligned(
    layout: &Layout,
    base: *const u8,
    align: usize,
    target: impl FnOnce() -> alloc::string::String,
) -> Result<()> {
    let addr = base as usize;
    if layout.is_aligned(addr, align) {
        return Ok(());
    }
    let first = addr.wrapping_add(layout.offset());
    let stride = if first % align == 0 {
        layout
            .shape()
            .iter()
            .zip(layout.strides())
            .enumerate()
            .find(|(_, (&n, &s))| n > 1 && s.rem_euclid(align as isize) != 0)
            .map(|(axis, (_, &s))| (axis, s))
    } else {
        None
    };
    Err(Error::Misaligned {
        target: target(),
        required: align,
        offset: layout.offset(),
        stride,
        region_misalignment: addr % align.max(1),
    })
}
