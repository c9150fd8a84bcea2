//! [`NdArray`]: an owned, typed, C-ordered array — the container for results.
//!
//! Views borrow; computations need somewhere to put what they produce.
//! `NdArray<T>` is a `Vec<T>` plus a C-contiguous [`Layout`], and nothing
//! more: every operation on its elements goes through [`NdArray::view`] and
//! [`NdArray::view_mut`], so slicing, reductions, conversion and printing are
//! the views' and are not written twice. It is deliberately small — not a
//! second array library.
//!
//! ```
//! use ndview::{NdArray, NdView};
//! let data = [1.0f64, 2.0, 3.0, 4.0, 5.0, 6.0];
//! let v = NdView::from_slice(&data, &[2, 3])?;
//! // Any layout in, a C-ordered owned array out.
//! let t: NdArray<f64> = v.transpose().to_owned();
//! assert_eq!(t.shape(), &[3, 2]);
//! assert_eq!(t.into_vec(), vec![1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
//! # Ok::<(), ndview::Error>(())
//! ```

use alloc::format;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;
use core::mem::size_of;

use approx::{AbsDiffEq, RelativeEq, UlpsEq};

use crate::error::{Error, Result};
use crate::format::Element;
use crate::layout::{Layout, Order};
use crate::view::{NdView, NdViewMut};

/// An owned, C-ordered n-dimensional array of `T`.
///
/// ```
/// use ndview::NdArray;
/// let mut a = NdArray::<u32>::from_vec((0..6).collect(), &[2, 3])?;
/// a.view_mut()[[1, 2]] = 50;
/// assert_eq!(a.view()[[1, 2]], 50);
/// assert_eq!(a.to_string(), "[[0, 1, 2],\n [3, 4, 50]]");
/// # Ok::<(), ndview::Error>(())
/// ```
#[doc(alias = "ndarray")]
#[doc(alias = "Array")]
#[derive(Clone)]
pub struct NdArray<T: Element> {
    data: Vec<T>,
    /// Always C-contiguous from byte 0, with `data.len()` elements.
    layout: Layout,
}

impl<T: Element> NdArray<T> {
    /// An array of the given shape, every element zero (all bytes zero).
    ///
    /// # Panics
    ///
    /// If the shape's size in bytes overflows `isize` or it has more than
    /// [`MAX_DIMS`](crate::MAX_DIMS) axes, as `vec![x; n]` panics on a
    /// capacity overflow; [`NdArray::try_zeros`] returns an error instead.
    ///
    /// ```
    /// let a = ndview::NdArray::<f64>::zeros(&[3, 4]);
    /// assert_eq!((a.shape(), a.len()), (&[3usize, 4][..], 12));
    /// assert!(a.view().iter().all(|&x| x == 0.0));
    /// ```
    #[doc(alias = "np.zeros")]
    pub fn zeros(shape: &[usize]) -> Self {
        match Self::try_zeros(shape) {
            Ok(a) => a,
            Err(e) => panic!("NdArray::zeros({shape:?}): {e}"),
        }
    }

    /// [`NdArray::zeros`], with an error for shapes that cannot exist.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] if the size in bytes overflows `isize`;
    /// [`Error::TooManyDims`] for more than [`MAX_DIMS`](crate::MAX_DIMS)
    /// axes.
    ///
    /// ```
    /// use ndview::{Error, NdArray};
    /// assert!(matches!(NdArray::<u64>::try_zeros(&[1 << 40, 1 << 30]), Err(Error::Overflow { .. })));
    /// assert_eq!(NdArray::<u8>::try_zeros(&[2, 0])?.len(), 0);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn try_zeros(shape: &[usize]) -> Result<Self> {
        let layout = Layout::contiguous(shape, size_of::<T>(), Order::C)?;
        let data = vec![T::zeroed(); layout.len()];
        Ok(NdArray { data, layout })
    }

    /// Takes ownership of `data` as an array of the given shape, in C order,
    /// without copying.
    ///
    /// # Errors
    ///
    /// [`Error::ShapeMismatch`] if `data.len()` is not the number of
    /// elements of `shape`; [`Error::Overflow`] / [`Error::TooManyDims`] for
    /// hostile shapes.
    ///
    /// ```
    /// use ndview::{Error, NdArray};
    /// let a = NdArray::from_vec(vec![1u8, 2, 3, 4], &[2, 2])?;
    /// assert_eq!(a.view()[[1, 0]], 3);
    /// assert!(matches!(NdArray::from_vec(vec![1u8, 2, 3], &[2, 2]), Err(Error::ShapeMismatch { .. })));
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "from_shape_vec")]
    pub fn from_vec(data: Vec<T>, shape: &[usize]) -> Result<Self> {
        let layout = Layout::contiguous(shape, size_of::<T>(), Order::C)?;
        if layout.len() != data.len() {
            return Err(Error::ShapeMismatch {
                operation: "NdArray::from_vec",
                found: vec![data.len()],
                requested: shape.to_vec(),
                reason: format!(
                    "{} elements given, the shape has {}",
                    data.len(),
                    layout.len()
                ),
            });
        }
        Ok(NdArray { data, layout })
    }

    /// The length of each axis.
    ///
    /// ```
    /// assert_eq!(ndview::NdArray::<u8>::zeros(&[2, 5]).shape(), &[2, 5]);
    /// ```
    pub fn shape(&self) -> &[usize] {
        self.layout.shape()
    }

    /// The number of axes.
    ///
    /// ```
    /// assert_eq!(ndview::NdArray::<u8>::zeros(&[2, 5]).ndim(), 2);
    /// ```
    pub fn ndim(&self) -> usize {
        self.layout.ndim()
    }

    /// The number of elements.
    ///
    /// ```
    /// assert_eq!(ndview::NdArray::<u8>::zeros(&[2, 5]).len(), 10);
    /// ```
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Whether the array has no elements (some axis has length 0).
    ///
    /// ```
    /// assert!(ndview::NdArray::<u8>::zeros(&[2, 0]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// A read-only view of the whole array (C-contiguous).
    ///
    /// ```
    /// let a = ndview::NdArray::from_vec(vec![1i32, 2, 3], &[3])?;
    /// assert_eq!(a.view().sum(), 6);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn view(&self) -> NdView<'_, T> {
        NdView {
            bytes: bytemuck::cast_slice(&self.data),
            layout: self.layout.clone(),
            _elements: PhantomData,
        }
    }

    /// A mutable view of the whole array (C-contiguous).
    ///
    /// ```
    /// let mut a = ndview::NdArray::<f32>::zeros(&[2, 2]);
    /// a.view_mut().fill(1.5);
    /// assert_eq!(a.into_vec(), vec![1.5; 4]);
    /// ```
    pub fn view_mut(&mut self) -> NdViewMut<'_, T> {
        NdViewMut {
            bytes: bytemuck::cast_slice_mut(&mut self.data),
            layout: self.layout.clone(),
            _elements: PhantomData,
        }
    }

    /// The elements in C order.
    ///
    /// ```
    /// let a = ndview::NdArray::from_vec(vec![1u8, 2, 3, 4], &[2, 2])?;
    /// assert_eq!(a.as_slice(), &[1, 2, 3, 4]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn as_slice(&self) -> &[T] {
        &self.data
    }

    /// The elements in C order, mutably.
    ///
    /// ```
    /// let mut a = ndview::NdArray::<u8>::zeros(&[3]);
    /// a.as_mut_slice()[1] = 7;
    /// assert_eq!(a.as_slice(), &[0, 7, 0]);
    /// ```
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        &mut self.data
    }

    /// The elements in C order, without copying.
    ///
    /// ```
    /// let a = ndview::NdArray::<u8>::zeros(&[2, 2]);
    /// assert_eq!(a.into_vec(), vec![0; 4]);
    /// ```
    #[doc(alias = "into_raw_vec")]
    pub fn into_vec(self) -> Vec<T> {
        self.data
    }

    /// Builds an array from a C-ordered `Vec` and a layout already known to
    /// be C-contiguous for exactly `data.len()` elements.
    pub(crate) fn from_parts_unchecked(data: Vec<T>, layout: Layout) -> Self {
        debug_assert_eq!(layout.len(), data.len());
        debug_assert!(layout.is_c_contiguous(size_of::<T>()));
        NdArray { data, layout }
    }
}

impl<'a, T: Element> NdView<'a, T> {
    /// An owned C-ordered copy of the view, whatever its layout (NumPy's
    /// `ascontiguousarray` / `copy()`), through the fast copy-out.
    ///
    /// This is an inherent method: it shadows the `ToOwned` that `Clone`
    /// would give, which returned another view.
    ///
    /// ```
    /// let data: Vec<u16> = (0..6).collect();
    /// let v = ndview::NdView::from_slice(&data, &[2, 3])?;
    /// let o = v.slice(&"::-1, ::2".parse()?)?.to_owned();
    /// assert_eq!((o.shape(), o.as_slice()), (&[2usize, 2][..], &[3u16, 5, 0, 2][..]));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[doc(alias = "ascontiguousarray")]
    #[doc(alias = "copy")]
    #[allow(clippy::should_implement_trait)]
    pub fn to_owned(&self) -> NdArray<T> {
        let data = self.to_vec();
        // The view's shape is valid for T, so its C layout is too.
        let layout = Layout::contiguous(self.shape(), size_of::<T>(), Order::C)
            .expect("a view's shape has a valid C layout");
        NdArray::from_parts_unchecked(data, layout)
    }
}

impl<T: Element> NdViewMut<'_, T> {
    /// An owned C-ordered copy of the view; see [`NdView::to_owned`].
    ///
    /// ```
    /// let mut data = [1u8, 2, 3, 4];
    /// let m = ndview::NdViewMut::from_slice_mut(&mut data, &[2, 2])?;
    /// assert_eq!(m.to_owned().into_vec(), vec![1, 2, 3, 4]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub fn to_owned(&self) -> NdArray<T> {
        self.view().to_owned()
    }
}

impl<T: Element> From<NdArray<T>> for Vec<T> {
    fn from(a: NdArray<T>) -> Vec<T> {
        a.into_vec()
    }
}

impl<T: Element + fmt::Debug> fmt::Debug for NdArray<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NdArray")
            .field("shape", &self.shape())
            .field("data", &self.view())
            .finish()
    }
}

impl<T: Element + fmt::Display> fmt::Display for NdArray<T> {
    /// The elements in nested brackets, like the views.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.view(), f)
    }
}

impl<T: Element + PartialEq> PartialEq for NdArray<T> {
    /// Same shape and equal elements (NaN is not equal to itself).
    ///
    /// ```
    /// use ndview::NdArray;
    /// let a = NdArray::from_vec(vec![1u8, 2], &[2])?;
    /// assert_eq!(a, NdArray::from_vec(vec![1u8, 2], &[2])?);
    /// assert_ne!(a, NdArray::from_vec(vec![1u8, 2], &[1, 2])?);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    fn eq(&self, other: &Self) -> bool {
        self.shape() == other.shape() && self.data == other.data
    }
}

impl<'b, T: Element + PartialEq> PartialEq<NdView<'b, T>> for NdArray<T> {
    fn eq(&self, other: &NdView<'b, T>) -> bool {
        self.view() == *other
    }
}

impl<T: Element + AbsDiffEq> AbsDiffEq for NdArray<T>
where
    T::Epsilon: Copy,
{
    type Epsilon = T::Epsilon;

    fn default_epsilon() -> T::Epsilon {
        T::default_epsilon()
    }

    /// ```
    /// use approx::assert_abs_diff_eq;
    /// let a = ndview::NdArray::from_vec(vec![1.0, 2.0], &[2])?;
    /// let b = ndview::NdArray::from_vec(vec![1.0, 2.0 + 1e-12], &[2])?;
    /// assert_abs_diff_eq!(a, b, epsilon = 1e-9);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    fn abs_diff_eq(&self, other: &Self, epsilon: T::Epsilon) -> bool {
        self.view().abs_diff_eq(&other.view(), epsilon)
    }
}

impl<T: Element + RelativeEq> RelativeEq for NdArray<T>
where
    T::Epsilon: Copy,
{
    fn default_max_relative() -> T::Epsilon {
        T::default_max_relative()
    }

    fn relative_eq(&self, other: &Self, epsilon: T::Epsilon, max_relative: T::Epsilon) -> bool {
        self.view()
            .relative_eq(&other.view(), epsilon, max_relative)
    }
}

impl<T: Element + UlpsEq> UlpsEq for NdArray<T>
where
    T::Epsilon: Copy,
{
    fn default_max_ulps() -> u32 {
        T::default_max_ulps()
    }

    fn ulps_eq(&self, other: &Self, epsilon: T::Epsilon, max_ulps: u32) -> bool {
        self.view().ulps_eq(&other.view(), epsilon, max_ulps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_sized_axes_and_rank_zero() {
        let a = NdArray::<f64>::zeros(&[]);
        assert_eq!((a.len(), a.ndim()), (1, 0));
        let e = NdArray::<u16>::zeros(&[0, 3]);
        assert!(e.is_empty());
        assert_eq!(e.view().shape(), &[0, 3]);
    }

    #[test]
    fn to_owned_of_a_transposed_view_is_c_ordered() {
        let data: Vec<i64> = (0..24).collect();
        let v = NdView::from_slice(&data, &[2, 3, 4]).unwrap();
        let p = v.permute_axes(&[2, 0, 1]).unwrap();
        let o = p.to_owned();
        assert_eq!(o.shape(), &[4, 2, 3]);
        assert_eq!(o.as_slice(), p.to_vec().as_slice());
        assert!(o.view().is_c_contiguous());
    }

    #[test]
    fn from_vec_length_mismatch_names_both_counts() {
        let e = NdArray::from_vec(vec![0u8; 5], &[2, 3]).unwrap_err();
        assert!(e.to_string().contains("5 elements given, the shape has 6"));
    }

    #[test]
    #[should_panic(expected = "NdArray::zeros")]
    fn zeros_panics_on_overflowing_shapes() {
        let _ = NdArray::<u64>::zeros(&[usize::MAX, 2]);
    }
}
