//! Zero-copy conversions between [`NdView`] / [`NdViewMut`] and `ndarray`'s
//! `ArrayView` / `ArrayViewMut` (feature `ndarray`).
//!
//! Both sides describe the same thing: a pointer, a shape and strides. They
//! count differently: `ndarray` points at the first *logical* element and
//! counts strides in elements; `ndview` borrows a byte region, counts
//! strides in bytes and places element `[0, …, 0]` at a byte offset inside
//! the region. Converting computes the region as the lowest to the highest
//! byte the elements reach, which is where negative strides need care.
//!
//! | direction | method | refuses |
//! | --- | --- | --- |
//! | `NdView` → `ArrayView<IxDyn>` | [`NdView::to_ndarray`], `TryFrom` | byte strides that are not a multiple of `size_of::<T>()` |
//! | `NdViewMut` → `ArrayViewMut<IxDyn>` | [`NdViewMut::into_ndarray`], `TryFrom` | the same, and layouts `ndarray` cannot prove unique |
//! | `ArrayView<D>` → `NdView` | [`NdView::from_ndarray`], `TryFrom` | views with gaps between their elements |
//! | `&Array<D>` → `NdView` | [`NdView::from_array`] | nothing |
//! | `ArrayViewMut<D>` → `NdViewMut` | [`NdViewMut::from_ndarray_mut`], `TryFrom` | views with gaps |
//! | `&mut Array<D>` → `NdViewMut` | [`NdViewMut::from_array_mut`] | nothing |
//!
//! **Why gaps are refused from an `ArrayView`.** An `ndview` view borrows
//! its whole region, including the bytes between its elements, and hands
//! it out ([`NdView::bytes`]). An `ArrayView` of every other element does
//! not borrow the elements in between: safe `ndarray` code
//! (`multi_slice_mut`) can hand them to another thread as an
//! `ArrayViewMut`, and reading them through the region would be a data
//! race. So only *dense* views — whose elements fill their byte range, in
//! any axis order and with any signs (C, F, transposed, reversed) — convert
//! from `ArrayView`. A strided selection of an owned array converts through
//! a borrow of the array itself ([`NdView::from_array`]), which covers the
//! whole allocation.
//!
//! ```
//! use ndarray::{s, Array2};
//! use ndview::NdView;
//! let a = Array2::from_shape_fn((3, 4), |(i, j)| (10 * i + j) as f64);
//! let rev = a.slice(s![..;-1, ..]);
//! let v = NdView::from_ndarray(rev.view())?;          // negative strides, zero-copy
//! assert_eq!((v.strides(), v[[0, 1]]), (&[-32, 8][..], 21.0));
//! assert_eq!(v.as_ptr(), rev.as_ptr());
//! let back = v.to_ndarray()?;
//! assert_eq!(back, rev.into_dyn());
//! # Ok::<(), ndview::Error>(())
//! ```

use ::ndarray::{Array, ArrayView, ArrayViewMut, Dimension, IxDyn, ShapeBuilder};
use alloc::format;
use alloc::string::ToString;
use core::mem::size_of;

use crate::error::{Error, Result};
use crate::layout::{Dims, Layout};
use crate::{Element, NdView, NdViewMut};

fn unrepresentable(operation: &'static str, reason: alloc::string::String) -> Error {
    Error::Unrepresentable { operation, reason }
}

/// `ndarray`'s strides (elements, as `usize` two's complement) for a view's
/// byte strides, or `Unrepresentable` if one is not a whole number of
/// elements. The stride of an axis of length 0 or 1 is never used; it is
/// set to 0 when it is not a multiple.
fn element_strides<T>(operation: &'static str, layout: &Layout) -> Result<Dims<usize>> {
    let size = size_of::<T>() as isize;
    layout
        .shape()
        .iter()
        .zip(layout.strides())
        .enumerate()
        .map(|(axis, (&n, &s))| {
            if s % size == 0 {
                Ok((s / size) as usize)
            } else if n <= 1 {
                Ok(0)
            } else {
                Err(unrepresentable(
                    operation,
                    format!(
                        "the byte stride {s} of axis {axis} is not a multiple of the element size {size}, and ndarray counts strides in elements"
                    ),
                ))
            }
        })
        .collect()
}

/// The byte range `start..end` of the region a non-empty typed layout
/// reaches, with `start` its lowest element.
fn reached(layout: &Layout, itemsize: usize) -> Result<(usize, usize)> {
    let (low, end) = layout.byte_range(itemsize)?;
    // A view's layout lies inside its region: both are non-negative.
    Ok((low as usize, end as usize))
}

/// The byte strides of an `ndarray` view and the bytes from its lowest
/// element to element `[0, …, 0]` and to the end of its highest element.
struct Span {
    byte_strides: Dims<isize>,
    below: usize,
    len: usize,
    dense: bool,
}

fn span_of<T>(shape: &[usize], strides: &[isize]) -> Result<Span> {
    let overflow = || Error::overflow("the byte span of an ndarray view");
    let size = size_of::<T>();
    let mut byte_strides = Dims::new();
    let (mut below, mut above) = (0usize, 0usize);
    let mut axes: Dims<(usize, usize)> = Dims::new();
    for (&n, &s) in shape.iter().zip(strides) {
        let b = s.checked_mul(size as isize).ok_or_else(overflow)?;
        byte_strides.push(b);
        if n > 1 && b != 0 {
            let reach = b.unsigned_abs().checked_mul(n - 1).ok_or_else(overflow)?;
            if b < 0 {
                below = below.checked_add(reach).ok_or_else(overflow)?;
            } else {
                above = above.checked_add(reach).ok_or_else(overflow)?;
            }
            axes.push((b.unsigned_abs(), n));
        }
    }
    let len = below
        .checked_add(above)
        .and_then(|l| l.checked_add(size))
        .filter(|&l| l <= isize::MAX as usize)
        .ok_or_else(overflow)?;
    // Dense: sorted by stride, each axis steps over exactly the block of
    // the axes inside it, so the elements fill `len` bytes.
    axes.sort_unstable();
    let mut block = size;
    let mut dense = true;
    for &(stride, n) in axes.iter() {
        if stride != block {
            dense = false;
            break;
        }
        block = block.saturating_mul(n);
    }
    Ok(Span {
        byte_strides,
        below,
        len,
        dense,
    })
}

fn gaps_refused(operation: &'static str) -> Error {
    unrepresentable(
        operation,
        "the ndarray view has gaps between its elements, which it does not borrow; convert a borrow of the owned array instead (from_array)"
            .to_string(),
    )
}

impl<'a, T: Element> NdView<'a, T> {
    /// The same elements as an `ndarray::ArrayView` with dynamic rank,
    /// without copying: the element `[0, …, 0]` has the same address, and
    /// negative strides stay negative.
    ///
    /// # Errors
    ///
    /// [`Error::Unrepresentable`] if a byte stride is not a multiple of
    /// `size_of::<T>()` (a view cast from a record field, say): `ndarray`
    /// counts strides in elements.
    ///
    /// ```
    /// use ndview::NdView;
    /// let data = [1u32, 2, 3, 4, 5, 6];
    /// let v = NdView::from_slice(&data, &[2, 3])?.slice(&"::-1, 1:".parse()?)?;
    /// let a = v.to_ndarray()?;
    /// assert_eq!(a.strides(), &[-3, 1]);
    /// assert_eq!(a, ndarray::arr2(&[[5, 6], [2, 3]]).into_dyn());
    /// assert_eq!(a.as_ptr(), v.as_ptr());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn to_ndarray(&self) -> Result<ArrayView<'a, T, IxDyn>> {
        const OP: &str = "NdView::to_ndarray";
        let layout = self.layout();
        let strides = element_strides::<T>(OP, layout)?;
        let shape = IxDyn(layout.shape());
        if layout.is_empty() {
            return ArrayView::from_shape(shape, &[])
                .map_err(|e| unrepresentable(OP, e.to_string()));
        }
        let (start, end) = reached(layout, size_of::<T>())?;
        let elems: &'a [T] = bytemuck::try_cast_slice(&self.bytes()[start..end])
            .map_err(|e| unrepresentable(OP, format!("{e:?}")))?;
        ArrayView::from_shape(shape.strides(IxDyn(&strides)), elems)
            .map_err(|e| unrepresentable(OP, e.to_string()))
    }

    /// A view of the same elements as an `ndarray::ArrayView` of any rank,
    /// without copying, for views whose elements fill their byte range
    /// (C or F order, transposed, reversed; see the
    /// [module docs](self) for why gaps are refused).
    ///
    /// # Errors
    ///
    /// [`Error::Unrepresentable`] for a view with gaps between its
    /// elements (use [`from_array`](NdView::from_array));
    /// [`Error::Overflow`] for sizes that overflow.
    ///
    /// ```
    /// use ndarray::{array, s};
    /// use ndview::NdView;
    /// let a = array![[1i64, 2], [3, 4]];
    /// let t = NdView::from_ndarray(a.t())?;
    /// assert_eq!((t.strides(), t[[0, 1]]), (&[8, 16][..], 3));
    /// assert!(NdView::from_ndarray(a.slice(s![.., ..1])).is_err()); // gaps
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn from_ndarray<D: Dimension>(a: ArrayView<'a, T, D>) -> Result<NdView<'a, T>> {
        let span = span_of::<T>(a.shape(), a.strides())?;
        if a.is_empty() {
            return NdView::from_slice(&[], a.shape());
        }
        if !span.dense {
            return Err(gaps_refused("NdView::from_ndarray"));
        }
        // SAFETY: `a` is non-empty, so `as_ptr` points at element
        // [0, …, 0] inside its allocation, and the lowest element lies
        // `span.below` bytes below it in the same allocation. The `span.len`
        // bytes from there are exactly the bytes of the view's elements
        // (dense), which `a` borrows shared for `'a`; they are initialized
        // because `T: Pod` has no padding, and `len <= isize::MAX`.
        let region: &'a [u8] = unsafe {
            let low = a.as_ptr().cast::<u8>().sub(span.below);
            core::slice::from_raw_parts(low, span.len)
        };
        NdView::from_parts(region, a.shape(), &span.byte_strides, span.below)
    }

    /// A view of the elements of an owned `ndarray::Array`, however strided
    /// (after `slice_collapse`, say), without copying. The region is the
    /// array's own memory between its lowest and highest element, which the
    /// borrow covers.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] for sizes that overflow.
    ///
    /// ```
    /// use ndarray::{s, Array2};
    /// use ndview::NdView;
    /// let mut a = Array2::from_shape_fn((3, 4), |(i, j)| (10 * i + j) as u16);
    /// a.slice_collapse(s![.., 1..;2]);
    /// let v = NdView::from_array(&a)?;
    /// assert_eq!(v.to_vec(), [1, 3, 11, 13, 21, 23]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn from_array<D: Dimension>(a: &'a Array<T, D>) -> Result<NdView<'a, T>> {
        let span = span_of::<T>(a.shape(), a.strides())?;
        if a.is_empty() {
            return NdView::from_slice(&[], a.shape());
        }
        // SAFETY: as in `from_ndarray`, except that the region may include
        // bytes between the elements: they belong to the same owned
        // allocation (initialized `T`s), which `a` borrows shared for `'a`,
        // so no one writes them meanwhile.
        let region: &'a [u8] = unsafe {
            let low = a.as_ptr().cast::<u8>().sub(span.below);
            core::slice::from_raw_parts(low, span.len)
        };
        NdView::from_parts(region, a.shape(), &span.byte_strides, span.below)
    }
}

impl<'a, T: Element> NdViewMut<'a, T> {
    /// The same elements as an `ndarray::ArrayViewMut` with dynamic rank,
    /// without copying; see [`NdView::to_ndarray`].
    ///
    /// # Errors
    ///
    /// [`Error::Unrepresentable`] if a byte stride is not a multiple of
    /// `size_of::<T>()`, or if `ndarray`'s (more conservative) uniqueness
    /// test refuses the layout.
    ///
    /// ```
    /// use ndview::NdViewMut;
    /// let mut data = [0u8; 6];
    /// let m = NdViewMut::from_slice_mut(&mut data, &[2, 3])?;
    /// let mut a = m.transpose().into_ndarray()?;
    /// a[[2, 0]] = 9;
    /// assert_eq!(data, [0, 0, 9, 0, 0, 0]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn into_ndarray(self) -> Result<ArrayViewMut<'a, T, IxDyn>> {
        const OP: &str = "NdViewMut::into_ndarray";
        let raw = self.into_raw();
        let strides = element_strides::<T>(OP, &raw.layout)?;
        let shape = IxDyn(raw.layout.shape());
        if raw.layout.is_empty() {
            return ArrayViewMut::from_shape(shape, &mut [])
                .map_err(|e| unrepresentable(OP, e.to_string()));
        }
        let (start, end) = reached(&raw.layout, size_of::<T>())?;
        let elems: &'a mut [T] = bytemuck::try_cast_slice_mut(&mut raw.bytes[start..end])
            .map_err(|e| unrepresentable(OP, format!("{e:?}")))?;
        ArrayViewMut::from_shape(shape.strides(IxDyn(&strides)), elems)
            .map_err(|e| unrepresentable(OP, e.to_string()))
    }

    /// A mutable view of the same elements as a dense
    /// `ndarray::ArrayViewMut`, without copying; see
    /// [`NdView::from_ndarray`].
    ///
    /// # Errors
    ///
    /// [`Error::Unrepresentable`] for a view with gaps between its
    /// elements (use [`from_array_mut`](NdViewMut::from_array_mut));
    /// [`Error::Overflow`].
    ///
    /// ```
    /// use ndarray::{array, Axis};
    /// use ndview::NdViewMut;
    /// let mut a = array![[1i32, 2], [3, 4]];
    /// let mut flipped = a.view_mut();
    /// flipped.invert_axis(Axis(1));
    /// let mut m = NdViewMut::from_ndarray_mut(flipped)?;
    /// m[[1, 0]] = 40;
    /// assert_eq!(a, array![[1, 2], [3, 40]]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn from_ndarray_mut<D: Dimension>(
        mut a: ArrayViewMut<'a, T, D>,
    ) -> Result<NdViewMut<'a, T>> {
        let span = span_of::<T>(a.shape(), a.strides())?;
        if a.is_empty() {
            return NdViewMut::from_slice_mut(<&mut [T]>::default(), a.shape());
        }
        if !span.dense {
            return Err(gaps_refused("NdViewMut::from_ndarray_mut"));
        }
        let ptr = a.as_mut_ptr();
        // SAFETY: as in `NdView::from_ndarray`; `a` borrows the elements
        // exclusively for `'a` and is consumed here, so this is the only
        // reference to those bytes, which are exactly the region (dense).
        let region: &'a mut [u8] = unsafe {
            let low = ptr.cast::<u8>().sub(span.below);
            core::slice::from_raw_parts_mut(low, span.len)
        };
        NdViewMut::from_parts_mut(region, a.shape(), &span.byte_strides, span.below)
    }

    /// A mutable view of the elements of an owned `ndarray::Array`, however
    /// strided, without copying; see [`NdView::from_array`].
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] for sizes that overflow.
    ///
    /// ```
    /// use ndarray::{array, s};
    /// use ndview::NdViewMut;
    /// let mut a = array![[1u8, 2, 3], [4, 5, 6]];
    /// a.slice_collapse(s![.., ..;2]);
    /// NdViewMut::from_array_mut(&mut a)?.fill(0);
    /// assert_eq!(a, array![[0, 0], [0, 0]]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn from_array_mut<D: Dimension>(a: &'a mut Array<T, D>) -> Result<NdViewMut<'a, T>> {
        let span = span_of::<T>(a.shape(), a.strides())?;
        if a.is_empty() {
            return NdViewMut::from_slice_mut(<&mut [T]>::default(), a.shape());
        }
        let ptr = a.as_mut_ptr();
        // SAFETY: as in `NdView::from_array`; `a` is borrowed exclusively
        // for `'a`, so the whole allocation, gaps included, is ours.
        let region: &'a mut [u8] = unsafe {
            let low = ptr.cast::<u8>().sub(span.below);
            core::slice::from_raw_parts_mut(low, span.len)
        };
        NdViewMut::from_parts_mut(region, a.shape(), &span.byte_strides, span.below)
    }
}

/// [`NdView::to_ndarray`].
impl<'a, T: Element> TryFrom<NdView<'a, T>> for ArrayView<'a, T, IxDyn> {
    type Error = Error;

    fn try_from(v: NdView<'a, T>) -> Result<Self> {
        v.to_ndarray()
    }
}

/// [`NdView::from_ndarray`].
impl<'a, T: Element, D: Dimension> TryFrom<ArrayView<'a, T, D>> for NdView<'a, T> {
    type Error = Error;

    fn try_from(a: ArrayView<'a, T, D>) -> Result<Self> {
        NdView::from_ndarray(a)
    }
}

/// [`NdViewMut::into_ndarray`].
impl<'a, T: Element> TryFrom<NdViewMut<'a, T>> for ArrayViewMut<'a, T, IxDyn> {
    type Error = Error;

    fn try_from(v: NdViewMut<'a, T>) -> Result<Self> {
        v.into_ndarray()
    }
}

/// [`NdViewMut::from_ndarray_mut`].
impl<'a, T: Element, D: Dimension> TryFrom<ArrayViewMut<'a, T, D>> for NdViewMut<'a, T> {
    type Error = Error;

    fn try_from(a: ArrayViewMut<'a, T, D>) -> Result<Self> {
        NdViewMut::from_ndarray_mut(a)
    }
}

// ---- Round 3 (compute): fixed-rank conversions for kernels ----

impl<'a, T: Element> NdView<'a, T> {
    /// [`to_ndarray`](Self::to_ndarray) in a fixed rank (`Ix2` for an
    /// `ArrayView2`, …), for kernels written against a rank.
    ///
    /// # Errors
    ///
    /// As [`to_ndarray`](Self::to_ndarray), and
    /// [`Error::ShapeMismatch`] if the view's rank is not `D`'s.
    ///
    /// ```
    /// use ndarray::{ArrayView2, Ix2};
    /// use ndview::NdView;
    /// let data = [1.0f64, 2.0, 3.0, 4.0, 5.0, 6.0];
    /// let v = NdView::from_slice(&data, &[2, 3])?;
    /// let a: ArrayView2<'_, f64> = v.transpose().to_ndarray_dim::<Ix2>()?;
    /// assert_eq!(a.dim(), (3, 2));
    /// assert_eq!(a.sum_axis(ndarray::Axis(0)).to_vec(), [6.0, 15.0]);
    /// assert!(v.to_ndarray_dim::<ndarray::Ix1>().is_err());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn to_ndarray_dim<D: Dimension>(&self) -> Result<ArrayView<'a, T, D>> {
        let a = self.to_ndarray()?;
        let found = a.shape().to_vec();
        a.into_dimensionality::<D>()
            .map_err(|e| Error::ShapeMismatch {
                operation: "NdView::to_ndarray_dim",
                found,
                requested: alloc::vec::Vec::new(),
                reason: format!("the view's rank is not the requested one ({e})"),
            })
    }
}
