//! Zero-copy conversions between this crate's views and other crates'
//! array types, each behind the feature of the same name.
//!
//! * `ndarray`: [`NdView`](crate::NdView) ⇄ `ndarray::ArrayView` and
//!   [`NdViewMut`](crate::NdViewMut) ⇄ `ndarray::ArrayViewMut`, see the
//!   `ndarray` module (built with `--features ndarray`).

#[cfg(feature = "ndarray")]
pub mod ndarray;
