//! Comparing views: `PartialEq` (same shape, equal elements, whatever the
//! layouts) and the `approx` traits for float views.
//!
//! Like `memoryview.__eq__`, raw views compare *values*: two views with the
//! same shape are equal when their elements decode to equal scalars, so a
//! big-endian `>i4` view can equal a little-endian `<i4` one, and a float
//! NaN is never equal to itself.

use approx::{AbsDiffEq, RelativeEq, UlpsEq};

use super::raw::{RawView, RawViewMut};
use super::typed::{NdView, NdViewMut};
use crate::format::{Element, Kind};

impl PartialEq for RawView<'_> {
    /// ```
    /// use ndview::{Format, RawView};
    /// let le = RawView::new(&[1, 0, 2, 0], Format::parse("<u2")?, &[2])?;
    /// let be = RawView::new(&[0, 1, 0, 2], Format::parse(">u2")?, &[2])?;
    /// assert_eq!(le, be);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    fn eq(&self, other: &RawView<'_>) -> bool {
        if self.shape() != other.shape() {
            return false;
        }
        let (a_size, b_size) = (self.itemsize(), other.itemsize());
        let a_offsets = super::iter::Offsets::new(&self.layout);
        let b_offsets = super::iter::Offsets::new(&other.layout);
        // Same format and exact kinds: compare bytes, no decoding needed.
        let bytewise = self.format == other.format
            && !matches!(
                self.format.kind(),
                Kind::Float | Kind::Complex | Kind::Record | Kind::Array
            );
        a_offsets.zip(b_offsets).all(|(a, b)| {
            let (x, y) = (&self.bytes[a..a + a_size], &other.bytes[b..b + b_size]);
            if bytewise {
                x == y
            } else {
                match (self.format.decode(x), other.format.decode(y)) {
                    (Ok(x), Ok(y)) => x == y,
                    _ => false,
                }
            }
        })
    }
}

impl PartialEq for RawViewMut<'_> {
    fn eq(&self, other: &RawViewMut<'_>) -> bool {
        self.view() == other.view()
    }
}

impl<T: Element + PartialEq> PartialEq<NdView<'_, T>> for NdView<'_, T> {
    /// ```
    /// let a = ndview::NdView::from_slice(&[1, 2, 3, 4], &[2, 2])?;
    /// let b = ndview::NdView::from_slice(&[1, 3, 2, 4], &[2, 2])?;
    /// assert_eq!(a, b.transpose());
    /// assert_ne!(a, b);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    fn eq(&self, other: &NdView<'_, T>) -> bool {
        self.shape() == other.shape() && self.iter().eq(other.iter())
    }
}

impl<T: Element + PartialEq> PartialEq<NdViewMut<'_, T>> for NdViewMut<'_, T> {
    fn eq(&self, other: &NdViewMut<'_, T>) -> bool {
        self.view() == other.view()
    }
}

impl<T: Element + PartialEq> PartialEq<NdView<'_, T>> for NdViewMut<'_, T> {
    fn eq(&self, other: &NdView<'_, T>) -> bool {
        self.view() == *other
    }
}

impl<T: Element + AbsDiffEq> AbsDiffEq for NdView<'_, T>
where
    T::Epsilon: Copy,
{
    type Epsilon = T::Epsilon;

    fn default_epsilon() -> T::Epsilon {
        T::default_epsilon()
    }

    /// ```
    /// use approx::assert_abs_diff_eq;
    /// let a = ndview::NdView::from_slice(&[1.0, 2.0], &[2])?;
    /// let b = ndview::NdView::from_slice(&[1.0, 2.0 + 1e-12], &[2])?;
    /// assert_abs_diff_eq!(a, b, epsilon = 1e-9);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    fn abs_diff_eq(&self, other: &Self, epsilon: T::Epsilon) -> bool {
        self.shape() == other.shape()
            && self
                .iter()
                .zip(other.iter())
                .all(|(x, y)| x.abs_diff_eq(y, epsilon))
    }
}

impl<T: Element + RelativeEq> RelativeEq for NdView<'_, T>
where
    T::Epsilon: Copy,
{
    fn default_max_relative() -> T::Epsilon {
        T::default_max_relative()
    }

    /// ```
    /// use approx::assert_relative_eq;
    /// let a = ndview::NdView::from_slice(&[1.0f32, 1e6], &[2])?;
    /// let b = ndview::NdView::from_slice(&[1.0f32, 1e6 + 0.05], &[2])?;
    /// assert_relative_eq!(a, b, max_relative = 1e-6);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    fn relative_eq(&self, other: &Self, epsilon: T::Epsilon, max_relative: T::Epsilon) -> bool {
        self.shape() == other.shape()
            && self
                .iter()
                .zip(other.iter())
                .all(|(x, y)| x.relative_eq(y, epsilon, max_relative))
    }
}

impl<T: Element + UlpsEq> UlpsEq for NdView<'_, T>
where
    T::Epsilon: Copy,
{
    fn default_max_ulps() -> u32 {
        T::default_max_ulps()
    }

    /// ```
    /// use approx::assert_ulps_eq;
    /// let a = ndview::NdView::from_slice(&[1.0f64], &[1])?;
    /// let b = ndview::NdView::from_slice(&[1.0f64 + f64::EPSILON], &[1])?;
    /// assert_ulps_eq!(a, b, max_ulps = 1);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    fn ulps_eq(&self, other: &Self, epsilon: T::Epsilon, max_ulps: u32) -> bool {
        self.shape() == other.shape()
            && self
                .iter()
                .zip(other.iter())
                .all(|(x, y)| x.ulps_eq(y, epsilon, max_ulps))
    }
}
