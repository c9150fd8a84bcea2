//! Borrowed access for loops: rows and columns, `&mut self` forms of the
//! layout operations, read methods on mutable views, and element strides
//! for BLAS-style kernels.
//!
//! The layout operations of a mutable view consume it (the result takes
//! the region over). In a loop that is a `reborrow()` at every step; the
//! `_mut` forms here borrow the view instead, so it is usable again once
//! the sub-view is dropped:
//!
//! ```
//! let mut d = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
//! let mut m = ndview::NdViewMut::from_slice_mut(&mut d, &[2, 3])?;
//! for j in 0..3 {
//!     m.column_mut(j)?.map_inplace(|x| *x *= (j + 1) as f64);
//! }
//! assert_eq!(m.view().to_vec(), [1.0, 4.0, 9.0, 4.0, 10.0, 18.0]);
//! # Ok::<(), ndview::Error>(())
//! ```

use core::mem::size_of;

use num_traits::{FromPrimitive, Zero};

use super::{NdView, NdViewMut, RawView};
use crate::array::NdArray;
use crate::error::{Error, Result};
use crate::format::Element;
use crate::layout::{Dims, Index, Layout};

/// The strides in elements, when every byte stride is a multiple of the
/// itemsize.
fn element_strides_of(layout: &Layout, itemsize: usize) -> Option<Dims<isize>> {
    if itemsize == 0 {
        return None;
    }
    let size = itemsize as isize;
    layout
        .strides()
        .iter()
        .map(|&s| (s % size == 0).then_some(s / size))
        .collect()
}

/// Checks that a view is 2-d for `row`/`column`.
fn check_2d(ndim: usize, axis: usize) -> Result<()> {
    if ndim == 2 {
        return Ok(());
    }
    Err(Error::InvalidAxis {
        axis,
        ndim,
        reason: "rows and columns are those of a 2-d view",
    })
}

/// An index as `isize` (an index beyond `isize::MAX` is out of bounds of
/// any axis).
fn signed(index: usize) -> isize {
    isize::try_from(index).unwrap_or(isize::MAX)
}

impl<'a, T: Element> NdView<'a, T> {
    /// The strides in **elements** — what BLAS-style kernels
    /// (`matrixmultiply::dgemm`, `cblas_*` with a leading dimension) take —
    /// when every byte stride is a multiple of `size_of::<T>()`; `None`
    /// otherwise (a field of a packed record). No allocation up to six axes.
    ///
    /// ```
    /// let data = [0.0f64; 12];
    /// let v = ndview::NdView::from_slice(&data, &[3, 4])?;
    /// assert_eq!(&v.element_strides().unwrap()[..], &[4, 1]);
    /// assert_eq!(&v.transpose().element_strides().unwrap()[..], &[1, 4]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn element_strides(&self) -> Option<Dims<isize>> {
        element_strides_of(&self.layout, size_of::<T>())
    }

    /// Row `i` of a 2-d view, a 1-d view.
    ///
    /// # Errors
    ///
    /// [`Error::IndexOutOfBounds`] if `i` is not below the number of rows;
    /// [`Error::InvalidAxis`] unless the view is 2-d.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1, 2, 3, 4, 5, 6], &[2, 3])?;
    /// assert_eq!(v.row(1)?.to_vec(), [4, 5, 6]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn row(&self, i: usize) -> Result<NdView<'a, T>> {
        check_2d(self.ndim(), 0)?;
        self.index_axis(0, signed(i))
    }

    /// Column `j` of a 2-d view, a 1-d view.
    ///
    /// # Errors
    ///
    /// [`Error::IndexOutOfBounds`] if `j` is not below the number of
    /// columns; [`Error::InvalidAxis`] unless the view is 2-d.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1, 2, 3, 4, 5, 6], &[2, 3])?;
    /// assert_eq!(v.column(2)?.to_vec(), [3, 6]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn column(&self, j: usize) -> Result<NdView<'a, T>> {
        check_2d(self.ndim(), 1)?;
        self.index_axis(1, signed(j))
    }
}

impl<T: Element> NdViewMut<'_, T> {
    /// The strides in elements; see [`NdView::element_strides`].
    ///
    /// ```
    /// let mut d = [0u16; 6];
    /// let m = ndview::NdViewMut::from_slice_mut(&mut d, &[2, 3])?;
    /// assert_eq!(&m.element_strides().unwrap()[..], &[3, 1]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn element_strides(&self) -> Option<Dims<isize>> {
        element_strides_of(&self.layout, size_of::<T>())
    }

    /// Row `i` of a 2-d view, read-only, borrowing this one.
    ///
    /// # Errors
    ///
    /// As [`NdView::row`].
    ///
    /// ```
    /// let mut d = [1, 2, 3, 4];
    /// let m = ndview::NdViewMut::from_slice_mut(&mut d, &[2, 2])?;
    /// assert_eq!(m.row(1)?.to_vec(), [3, 4]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn row(&self, i: usize) -> Result<NdView<'_, T>> {
        check_2d(self.ndim(), 0)?;
        self.view().index_axis(0, signed(i))
    }

    /// Column `j` of a 2-d view, read-only, borrowing this one.
    ///
    /// # Errors
    ///
    /// As [`NdView::column`].
    ///
    /// ```
    /// let mut d = [1, 2, 3, 4];
    /// let m = ndview::NdViewMut::from_slice_mut(&mut d, &[2, 2])?;
    /// assert_eq!(m.column(1)?.to_vec(), [2, 4]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn column(&self, j: usize) -> Result<NdView<'_, T>> {
        check_2d(self.ndim(), 1)?;
        self.view().index_axis(1, signed(j))
    }

    /// Row `i` of a 2-d view, mutable, borrowing this one (`&mut self`):
    /// the view is usable again when the row is dropped.
    ///
    /// # Errors
    ///
    /// As [`NdView::row`].
    ///
    /// ```
    /// let mut d = [0; 4];
    /// let mut m = ndview::NdViewMut::from_slice_mut(&mut d, &[2, 2])?;
    /// m.row_mut(0)?.fill(1);
    /// m.row_mut(1)?.fill(2);
    /// assert_eq!(d, [1, 1, 2, 2]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn row_mut(&mut self, i: usize) -> Result<NdViewMut<'_, T>> {
        check_2d(self.ndim(), 0)?;
        self.reborrow().index_axis(0, signed(i))
    }

    /// Column `j` of a 2-d view, mutable, borrowing this one.
    ///
    /// # Errors
    ///
    /// As [`NdView::column`].
    ///
    /// ```
    /// let mut d = [0; 4];
    /// let mut m = ndview::NdViewMut::from_slice_mut(&mut d, &[2, 2])?;
    /// m.column_mut(1)?.fill(7);
    /// assert_eq!(d, [0, 7, 0, 7]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn column_mut(&mut self, j: usize) -> Result<NdViewMut<'_, T>> {
        check_2d(self.ndim(), 1)?;
        self.reborrow().index_axis(1, signed(j))
    }

    /// [`index_axis`](Self::index_axis) borrowing the view instead of
    /// consuming it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`] or [`Error::IndexOutOfBounds`].
    ///
    /// ```
    /// let mut d = [0u8; 8];
    /// let mut m = ndview::NdViewMut::from_slice_mut(&mut d, &[2, 2, 2])?;
    /// m.index_axis_mut(2, -1)?.fill(5);
    /// assert_eq!(d, [0, 5, 0, 5, 0, 5, 0, 5]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn index_axis_mut(&mut self, axis: usize, index: isize) -> Result<NdViewMut<'_, T>> {
        self.reborrow().index_axis(axis, index)
    }

    /// [`slice`](Self::slice) borrowing the view instead of consuming it.
    ///
    /// # Errors
    ///
    /// As [`slice`](Self::slice).
    ///
    /// ```
    /// let mut d = [0u8; 6];
    /// let mut m = ndview::NdViewMut::from_slice_mut(&mut d, &[2, 3])?;
    /// m.slice_mut(&"::-1, 1:".parse()?)?.fill(1);
    /// m.slice_mut(&"0, ::2".parse()?)?.fill(2);
    /// assert_eq!(d, [2, 1, 2, 0, 1, 1]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn slice_mut(&mut self, index: &Index) -> Result<NdViewMut<'_, T>> {
        self.reborrow().slice(index)
    }

    /// The sum of all elements; see [`NdView::sum`].
    ///
    /// ```
    /// let mut d = [1, 2, 3];
    /// assert_eq!(ndview::NdViewMut::from_slice_mut(&mut d, &[3])?.sum(), 6);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn sum(&self) -> T
    where
        T: Zero + core::ops::Add<Output = T>,
    {
        self.view().sum()
    }

    /// The smallest element; see [`NdView::min`].
    ///
    /// ```
    /// let mut d = [3, 1, 2];
    /// assert_eq!(ndview::NdViewMut::from_slice_mut(&mut d, &[3])?.min(), Some(1));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn min(&self) -> Option<T>
    where
        T: PartialOrd,
    {
        self.view().min()
    }

    /// The largest element; see [`NdView::max`].
    ///
    /// ```
    /// let mut d = [3, 1, 2];
    /// assert_eq!(ndview::NdViewMut::from_slice_mut(&mut d, &[3])?.max(), Some(3));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn max(&self) -> Option<T>
    where
        T: PartialOrd,
    {
        self.view().max()
    }

    /// The mean; see [`NdView::mean`].
    ///
    /// ```
    /// let mut d = [1.0, 2.0];
    /// assert_eq!(ndview::NdViewMut::from_slice_mut(&mut d, &[2])?.mean(), Some(1.5));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn mean(&self) -> Option<T>
    where
        T: Zero + core::ops::Add<Output = T> + core::ops::Div<Output = T> + FromPrimitive,
    {
        self.view().mean()
    }

    /// The sums along `axis`; see [`NdView::sum_axis`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`] if `axis >= ndim`.
    ///
    /// ```
    /// let mut d = [1, 2, 3, 4];
    /// let m = ndview::NdViewMut::from_slice_mut(&mut d, &[2, 2])?;
    /// assert_eq!(m.sum_axis(0)?.into_vec(), [4, 6]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn sum_axis(&self, axis: usize) -> Result<NdArray<T>>
    where
        T: Zero + core::ops::Add<Output = T>,
    {
        self.view().sum_axis(axis)
    }

    /// The means along `axis`; see [`NdView::mean_axis`].
    ///
    /// # Errors
    ///
    /// As [`NdView::mean_axis`].
    ///
    /// ```
    /// let mut d = [1.0, 2.0, 3.0, 4.0];
    /// let m = ndview::NdViewMut::from_slice_mut(&mut d, &[2, 2])?;
    /// assert_eq!(m.mean_axis(1)?.into_vec(), [1.5, 3.5]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn mean_axis(&self, axis: usize) -> Result<NdArray<T>>
    where
        T: Zero + core::ops::Add<Output = T> + core::ops::Div<Output = T> + FromPrimitive,
    {
        self.view().mean_axis(axis)
    }
}

impl RawView<'_> {
    /// The strides in elements of the format's itemsize, when every byte
    /// stride is a multiple of it; `None` otherwise.
    ///
    /// ```
    /// use ndview::{Format, RawView};
    /// let bytes = [0u8; 24];
    /// let v = RawView::new(&bytes, Format::parse("<u2")?, &[3, 4])?;
    /// assert_eq!(&v.element_strides().unwrap()[..], &[4, 1]);
    /// // The middle byte pairs of 3-byte records: strides of 3 bytes.
    /// let f = RawView::from_parts(&bytes, Format::parse("<u2")?, &[8], &[3], 0)?;
    /// assert_eq!(f.element_strides(), None);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn element_strides(&self) -> Option<Dims<isize>> {
        element_strides_of(&self.layout, self.itemsize())
    }
}
