//! Comparing views: `PartialEq` (same shape, equal elements, whatever the
//! layouts) and the `approx` traits for float views.
//!
//! Like `memoryview.__eq__`, raw views compare *values*: two views with the
//! same shape are equal when their elements decode to equal values, so a
//! big-endian `>i4` view can equal a little-endian `<i4` one, and a float
//! NaN is never equal to itself. The rules are Python's:
//!
//! * **Numbers compare by value across kinds and sizes**: `True == 1 == 1.0`,
//!   `b` −1 ≠ `B` 255, `q` 5 == `Q` 5, and `1 + 0j == 1`. Integers and
//!   floats are compared *exactly* (as Python compares `int` with `float`),
//!   never through a lossy `as f64`: `q` 2⁵³ + 1 ≠ `d` 2⁵³.
//! * **Bools are decoded**: any non-zero byte is `True`, so `?` bytes
//!   `[1, 0, 2]` equal `[2, 0, 1]` (as in NumPy and `struct`; CPython's
//!   same-format fast path compares the raw `_Bool` bytes instead).
//! * **Byte strings** (`c`, `Ns`, void) equal only byte strings with the same
//!   bytes; they never equal numbers (`c` `b'a'` ≠ `B` 97).
//! * **Records** compare field by field in offset order: equal when they
//!   have the same number of fields, the same field names, and pairwise
//!   equal values under these rules. So `Lf5s` equals `hf5s` with the same
//!   values (both have fields `f0, f1, f2`), while CPython compares unnamed
//!   `struct` tuples and ignores names altogether.
//! * **Sub-arrays** compare element by element and must have the same shape.
//!
//! Elements of the same format whose bytes determine the value one to one
//! (integers, bytes) are compared as bytes, without decoding.

use approx::{AbsDiffEq, RelativeEq, UlpsEq};

use super::raw::{RawView, RawViewMut};
use super::typed::{NdView, NdViewMut};
use crate::format::{Element, Kind, Scalar};

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
        // Same format and kinds whose values are their bytes: compare bytes,
        // no decoding needed. Not bools: every non-zero byte is `true`.
        let bytewise = self.format == other.format
            && !matches!(
                self.format.kind(),
                Kind::Bool
                    | Kind::Float
                    | Kind::BFloat
                    | Kind::Complex
                    | Kind::Record
                    | Kind::Array
            );
        a_offsets.zip(b_offsets).all(|(a, b)| {
            let (x, y) = (&self.bytes[a..a + a_size], &other.bytes[b..b + b_size]);
            if bytewise {
                x == y
            } else {
                match (self.format.decode(x), other.format.decode(y)) {
                    (Ok(x), Ok(y)) => values_equal(&x, &y),
                    _ => false,
                }
            }
        })
    }
}

/// Python's `==` on two decoded elements (see the [module docs](self)).
fn values_equal(a: &Scalar, b: &Scalar) -> bool {
    match (a, b) {
        (Scalar::Bytes(x), Scalar::Bytes(y)) => x == y,
        (Scalar::Record(x), Scalar::Record(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((m, p), (n, q))| m == n && values_equal(p, q))
        }
        (Scalar::Array(x), Scalar::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| values_equal(p, q))
        }
        _ => match (Number::of(a), Number::of(b)) {
            (Some(x), Some(y)) => x.equals(y),
            _ => false,
        },
    }
}

/// A decoded number: integers (bools included) exactly, reals, complexes.
#[derive(Clone, Copy)]
enum Number {
    Int(i128),
    Real(f64),
    Complex(f64, f64),
}

impl Number {
    fn of(s: &Scalar) -> Option<Number> {
        Some(match *s {
            Scalar::Bool(b) => Number::Int(i128::from(b)),
            Scalar::Int(v) => Number::Int(i128::from(v)),
            Scalar::UInt(v) => Number::Int(i128::from(v)),
            Scalar::Float(x) => Number::Real(x),
            Scalar::Complex(re, im) => Number::Complex(re, im),
            _ => return None,
        })
    }

    fn equals(self, other: Number) -> bool {
        match (self, other) {
            (Number::Int(i), Number::Int(j)) => i == j,
            (Number::Int(i), Number::Real(x)) | (Number::Real(x), Number::Int(i)) => {
                int_equals_float(i, x)
            }
            (Number::Real(x), Number::Real(y)) => x == y,
            (Number::Complex(a, b), Number::Complex(c, d)) => a == c && b == d,
            (Number::Complex(re, im), n) | (n, Number::Complex(re, im)) => {
                im == 0.0 && n.equals(Number::Real(re))
            }
        }
    }
}

/// `i == x` exactly, as Python compares an `int` with a `float`: `x` must be
/// an integer (not NaN or infinite) with the same value.
fn int_equals_float(i: i128, x: f64) -> bool {
    /// 2^127: every integral float in `(-LIMIT, LIMIT)` is an exact `i128`.
    const LIMIT: f64 = 170_141_183_460_469_231_731_687_303_715_884_105_728.0;
    // In range, `x as i128` truncates; it round-trips only for integral `x`.
    x > -LIMIT && x < LIMIT && x as i128 as f64 == x && x as i128 == i
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
