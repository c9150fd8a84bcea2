//! The conversion methods of the views: `astype`, `convert_into`,
//! `sum_as`, `mean_as`, `min_as`, `max_as`.
//!
//! Each call checks the casting level once, picks the monomorphized loop
//! for the source's (kind, size) once, and hands the source's region and
//! layout to [`kernels::convert`](crate::kernels::convert).

use alloc::format;
use alloc::string::ToString;
use core::ops::{Add, Div};

use num_traits::{FromPrimitive, Zero};

use super::numeric::{Bool8, Exact};
use super::rules::{self, Num, NumKind};
use super::{CastTarget, Casting};
use crate::array::NdArray;
use crate::error::{Error, Result};
use crate::format::{ByteOrder, Format};
use crate::kernels::buffer::output_vec;
use crate::kernels::convert::{self as kernel, Source};
use crate::kernels::lane::Lane;
use crate::kernels::reduce;
use crate::layout::{Layout, Order};
use crate::view::{NdView, NdViewMut, RawView};

/// Runs `$body` with `$S` the native Rust type of the numeric source `$num`
/// (a [`Num`] that `rules::check` accepted), or returns the error of a
/// type whose feature is off.
macro_rules! with_source_type {
    ($num:expr, $from:expr, $to:expr, $casting:expr, |$S:ident| $body:expr) => {{
        let num: Num = $num;
        match (num.kind, num.size) {
            (NumKind::Bool, _) => {
                type $S = Bool8;
                $body
            }
            (NumKind::Unsigned, 1) => {
                type $S = u8;
                $body
            }
            (NumKind::Unsigned, 2) => {
                type $S = u16;
                $body
            }
            (NumKind::Unsigned, 4) => {
                type $S = u32;
                $body
            }
            (NumKind::Unsigned, 8) => {
                type $S = u64;
                $body
            }
            (NumKind::Signed, 1) => {
                type $S = i8;
                $body
            }
            (NumKind::Signed, 2) => {
                type $S = i16;
                $body
            }
            (NumKind::Signed, 4) => {
                type $S = i32;
                $body
            }
            (NumKind::Signed, 8) => {
                type $S = i64;
                $body
            }
            (NumKind::Float, 4) => {
                type $S = f32;
                $body
            }
            (NumKind::Float, 8) => {
                type $S = f64;
                $body
            }
            #[cfg(feature = "half")]
            (NumKind::Float, 2) => {
                type $S = half::f16;
                $body
            }
            #[cfg(feature = "half")]
            (NumKind::BFloat, 2) => {
                type $S = half::bf16;
                $body
            }
            #[cfg(feature = "complex")]
            (NumKind::Complex, 8) => {
                type $S = num_complex::Complex<f32>;
                $body
            }
            #[cfg(feature = "complex")]
            (NumKind::Complex, 16) => {
                type $S = num_complex::Complex<f64>;
                $body
            }
            _ => return Err(missing_feature(num, $from, $to, $casting)),
        }
    }};
}

/// The error for a source type whose Rust type is behind a feature.
fn missing_feature(num: Num, from: &Format, to: &Format, casting: Casting) -> Error {
    let feature = if num.kind == NumKind::Complex {
        "complex"
    } else {
        "half"
    };
    Error::CastNotAllowed {
        from: from.to_string(),
        to: to.to_string(),
        casting,
        reason: format!("reading this format needs ndview's `{feature}` feature"),
    }
}

impl<'a> RawView<'a> {
    fn source(&self, num: Num) -> Source<'_> {
        Source {
            region: self.bytes,
            layout: &self.layout,
            swap: num.order != ByteOrder::NATIVE && num.order != ByteOrder::NotApplicable,
        }
    }

    /// Decodes and converts every element into a new C-ordered array of
    /// `T`, NumPy's `astype`: any numeric format, either byte order, any
    /// alignment, any layout (packed record fields, negative and zero
    /// strides). The shape is the view's.
    ///
    /// Which pairs `casting` allows is `np.can_cast(from, to, casting)`
    /// ([`can_cast`](super::can_cast)); values convert as Rust `as` does
    /// (see [the module documentation](super)), the same on every platform.
    ///
    /// The conversion runs in chunks through a small stack buffer: nothing
    /// but the result is allocated.
    ///
    /// # Errors
    ///
    /// * [`Error::CastNotAllowed`] if the level forbids the pair, or the
    ///   format is not a number (records, `s`, `c`, `x`, `P`);
    /// * [`Error::LossyCast`] with [`Casting::SameValue`], naming the first
    ///   element (C order) whose value would change.
    ///
    /// ```
    /// use ndview::{Casting, Format, RawView};
    /// // Big-endian doubles from a file, at an odd address.
    /// let mut bytes = vec![0u8];
    /// for x in [1.5f64, -2.0, 1e300] {
    ///     bytes.extend(x.to_be_bytes());
    /// }
    /// let raw = RawView::from_parts(&bytes, Format::parse(">f8")?, &[3], &[8], 1)?;
    /// let x = raw.astype::<f64>(Casting::Equiv)?;
    /// assert_eq!(x.into_vec(), vec![1.5, -2.0, 1e300]);
    /// let y = raw.astype::<f32>(Casting::SameKind)?; // rounds: 1e300 -> inf
    /// assert_eq!(y.view()[[2]], f32::INFINITY);
    /// assert!(raw.astype::<f32>(Casting::SameValue).is_err());
    /// assert_eq!(raw.astype::<i8>(Casting::Unsafe)?.into_vec(), vec![1, -2, i8::MAX]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[doc(alias = "np.asarray")]
    #[doc(alias = "np.ndarray.astype")]
    #[doc(alias = "frombuffer")]
    #[doc(alias = "ascontiguousarray")]
    pub fn astype<T: CastTarget>(&self, casting: Casting) -> Result<NdArray<T>> {
        let to = Format::of::<T>();
        let num = rules::check(&self.format, &to, casting)?;
        let layout = Layout::contiguous(self.shape(), core::mem::size_of::<T>(), Order::C)?;
        let check = casting == Casting::SameValue;
        if !self.dense_inner_axis() {
            // A strided inner axis (a transposed source): convert into a
            // zeroed array (lazily zeroed pages for primitive types) in
            // groups of runs that share the source's cache lines.
            let mut out =
                NdArray::<T>::from_parts_unchecked(alloc::vec![T::zeroed(); self.len()], layout);
            self.convert_into(&mut out.view_mut(), casting)?;
            return Ok(out);
        }
        let mut out = output_vec::<T>(self.len());
        let lossy = with_source_type!(num, &self.format, &to, casting, |S| {
            kernel::extend_cast::<S, T>(&self.source(num), &mut out, check)
        });
        if let Some((at, value)) = lossy {
            return Err(self.lossy(at, value, &to));
        }
        Ok(NdArray::from_parts_unchecked(out, layout))
    }

    /// Decodes and converts every element into `out`, a typed view of the
    /// same shape (any layout): NumPy's `np.copyto(out, src,
    /// casting=...)`. See [`astype`](Self::astype) for the rules.
    ///
    /// # Errors
    ///
    /// [`Error::ShapeMismatch`] if the shapes differ, and the errors of
    /// [`astype`](Self::astype). With [`Casting::SameValue`] the elements
    /// before the changed one (C order) have been written.
    ///
    /// ```
    /// use ndview::{Casting, Format, NdArray, RawView};
    /// let words: Vec<u8> = (0u16..6).flat_map(|v| v.to_be_bytes()).collect();
    /// let src = RawView::new(&words, Format::parse(">u2")?, &[2, 3])?;
    /// let mut out = NdArray::<f32>::zeros(&[3, 2]);
    /// src.transpose().convert_into(&mut out.view_mut(), Casting::Safe)?;
    /// assert_eq!(out.into_vec(), vec![0.0, 3.0, 1.0, 4.0, 2.0, 5.0]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[doc(alias = "copyto")]
    pub fn convert_into<T: CastTarget>(
        &self,
        out: &mut NdViewMut<'_, T>,
        casting: Casting,
    ) -> Result<()> {
        if self.shape() != out.shape() {
            return Err(Error::ShapeMismatch {
                operation: "convert_into",
                found: self.shape().to_vec(),
                requested: out.shape().to_vec(),
                reason: "the destination must have the source's shape".into(),
            });
        }
        let to = Format::of::<T>();
        let num = rules::check(&self.format, &to, casting)?;
        let check = casting == Casting::SameValue;
        let lossy = with_source_type!(num, &self.format, &to, casting, |S| {
            // SAFETY: an `NdViewMut<T>`'s layout is a valid, unique typed
            // layout for `T` over its region (the view invariant); the
            // shapes are equal (checked above).
            unsafe {
                kernel::convert_into::<S, T>(&self.source(num), out.bytes, &out.layout, check)
            }
        });
        match lossy {
            Some((at, value)) => Err(self.lossy(at, value, &to)),
            None => Ok(()),
        }
    }

    /// Whether the last axis longer than 1 is dense (or there is none): a
    /// C-order walk then reads consecutive bytes.
    fn dense_inner_axis(&self) -> bool {
        self.shape()
            .iter()
            .zip(self.strides())
            .rev()
            .find(|(&n, _)| n > 1)
            .map_or(true, |(_, &s)| s == self.itemsize() as isize)
    }

    /// The `LossyCast` error for the element at C-order position `at`.
    fn lossy(&self, at: usize, value: Exact, to: &Format) -> Error {
        let mut index = alloc::vec![0usize; self.ndim()];
        let mut rest = at;
        for (i, &n) in index.iter_mut().zip(self.shape()).rev() {
            *i = rest % n;
            rest /= n;
        }
        let value = self
            .get(&index)
            .map_or_else(|_| value.show(), |s| s.to_string());
        Error::LossyCast {
            index,
            value,
            to: to.to_string(),
        }
    }

    /// Folds the elements converted to `T` with `SameKind`, chunk by chunk.
    fn fold_as<T: CastTarget, A: Copy>(&self, init: A, f: impl FnMut(A, &[T]) -> A) -> Result<A> {
        let to = Format::of::<T>();
        let casting = Casting::SameKind;
        let num = rules::check(&self.format, &to, casting)?;
        Ok(with_source_type!(num, &self.format, &to, casting, |S| {
            kernel::fold_cast::<S, T, A>(&self.source(num), init, f)
        }))
    }

    /// The sum of all elements, each converted to `T` with
    /// [`Casting::SameKind`] — of any numeric format, byte order, alignment
    /// and layout, without copying the view (NumPy's
    /// `a.sum(dtype=T)`). Zero for an empty view.
    ///
    /// Elements are visited in memory order and summed as
    /// [`NdView::sum`] sums: eight interleaved partial sums per chunk.
    ///
    /// # Errors
    ///
    /// [`Error::CastNotAllowed`] if `SameKind` forbids the source format
    /// to `T` (e.g. floats into an integer sum) or it is not a number.
    ///
    /// ```
    /// use ndview::{Format, RawView};
    /// // A packed record field: `x` at offset 4 of 12-byte records.
    /// let mut rec = Vec::new();
    /// for k in 0..4u32 {
    ///     rec.extend(k.to_le_bytes());
    ///     rec.extend((k as f64 * 0.5).to_le_bytes());
    /// }
    /// let recs = RawView::new(&rec, Format::parse("T{<I:id:<d:x:}")?, &[4])?;
    /// assert_eq!(recs.field("x")?.sum_as::<f64>()?, 3.0);
    /// assert_eq!(recs.field("id")?.sum_as::<u64>()?, 6);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[doc(alias = "sum")]
    pub fn sum_as<T>(&self) -> Result<T>
    where
        T: CastTarget + Zero + Add<Output = T>,
    {
        self.fold_as(T::zero(), |acc, chunk: &[T]| {
            acc + reduce::sum_lane(&Lane::Dense(chunk))
        })
    }

    /// The mean of all elements converted to `T` with `SameKind` (`None`
    /// for an empty view): [`sum_as`](Self::sum_as) divided by the count.
    ///
    /// # Errors
    ///
    /// As [`sum_as`](Self::sum_as).
    ///
    /// ```
    /// use ndview::{Format, RawView};
    /// let bytes: Vec<u8> = [1u16, 2, 3, 6].iter().flat_map(|v| v.to_be_bytes()).collect();
    /// let v = RawView::new(&bytes, Format::parse(">u2")?, &[4])?;
    /// assert_eq!(v.mean_as::<f64>()?, Some(3.0));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[doc(alias = "mean")]
    pub fn mean_as<T>(&self) -> Result<Option<T>>
    where
        T: CastTarget + Zero + Add<Output = T> + Div<Output = T> + FromPrimitive,
    {
        let sum = self.sum_as::<T>()?;
        if self.is_empty() {
            return Ok(None);
        }
        Ok(T::from_usize(self.len()).map(|n| sum / n))
    }

    /// The smallest element converted to `T` with `SameKind` (`None` for
    /// an empty view; a NaN, once met, wins, as in [`NdView::min`] and
    /// NumPy's `min`).
    ///
    /// # Errors
    ///
    /// As [`sum_as`](Self::sum_as).
    ///
    /// ```
    /// use ndview::{Format, RawView};
    /// let bytes: Vec<u8> = [5i32, -7, 3].iter().flat_map(|v| v.to_be_bytes()).collect();
    /// let v = RawView::new(&bytes, Format::parse(">i4")?, &[3])?;
    /// assert_eq!(v.min_as::<i64>()?, Some(-7));
    /// assert_eq!(v.max_as::<f64>()?, Some(5.0));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[doc(alias = "min")]
    pub fn min_as<T: CastTarget + PartialOrd>(&self) -> Result<Option<T>> {
        self.fold_as(None, |acc, chunk: &[T]| {
            reduce::min_lane(&Lane::Dense(chunk), acc)
        })
    }

    /// The largest element converted to `T` with `SameKind`; see
    /// [`min_as`](Self::min_as).
    ///
    /// # Errors
    ///
    /// As [`sum_as`](Self::sum_as).
    ///
    /// ```
    /// use ndview::{Format, RawView};
    /// let v = RawView::new(&[3u8, 9, 1], Format::parse("B")?, &[3])?;
    /// assert_eq!(v.max_as::<u16>()?, Some(9));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[doc(alias = "max")]
    pub fn max_as<T: CastTarget + PartialOrd>(&self) -> Result<Option<T>> {
        self.fold_as(None, |acc, chunk: &[T]| {
            reduce::max_lane(&Lane::Dense(chunk), acc)
        })
    }
}

impl<T: CastTarget> NdView<'_, T> {
    /// The elements converted to `U` in a new C-ordered array, under
    /// `casting`: [`RawView::astype`] of this view.
    ///
    /// # Errors
    ///
    /// As [`RawView::astype`].
    ///
    /// ```
    /// use ndview::{Casting, NdView};
    /// let data = [1.0f64, 2.5, -3.0];
    /// let v = NdView::from_slice(&data[..], &[3])?;
    /// assert_eq!(v.astype::<f32>(Casting::SameKind)?.into_vec(), vec![1.0f32, 2.5, -3.0]);
    /// assert!(v.astype::<i32>(Casting::SameKind).is_err());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn astype<U: CastTarget>(&self, casting: Casting) -> Result<NdArray<U>> {
        self.raw().astype::<U>(casting)
    }
}
