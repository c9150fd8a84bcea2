//! The kernels as methods of the views: `view.sum()`, `view.dot(&other)`,
//! `view.fold_memory_order(..)`, `m.fill(x)`, `m.map_inplace(..)`, ….
//!
//! This is where a typed view's invariant — its layout is valid for `T`
//! over its region, and unique when mutable — is handed to the loops, so it
//! is also where the `unsafe` calls into [`lane`](super::lane) and
//! [`copy`](super::copy) are justified.

use alloc::vec::Vec;
use core::ops::{Add, Div, Mul};

use num_traits::{FromPrimitive, One, Zero};

use super::lane::{self, Lane, LaneMut};
use super::{copy, int, reduce};
use crate::error::{Error, Result};
use crate::format::Element;
use crate::layout::{Layout, Order};
use crate::view::{NdView, NdViewMut, RawView, RawViewMut};

fn same_shape(operation: &'static str, found: &[usize], requested: &[usize]) -> Result<()> {
    if found == requested {
        return Ok(());
    }
    Err(Error::ShapeMismatch {
        operation,
        found: found.to_vec(),
        requested: requested.to_vec(),
        reason: "both views must have the same shape".into(),
    })
}

impl<'a, T: Element> NdView<'a, T> {
    /// Every lane (inner run) of the view, in memory order or in logical
    /// C order.
    #[inline]
    pub(crate) fn for_each_lane(&self, memory_order: bool, f: impl FnMut(Lane<'a, T>)) {
        // SAFETY: a typed view's layout is valid for `T` over its region
        // (every element inside, aligned, a valid `T`): the view invariant.
        unsafe { lane::for_each_lane(self.bytes, &self.layout, memory_order, f) }
    }

    /// The sum of all elements (zero for an empty view), for any layout.
    ///
    /// The elements are visited in memory order (axes flipped and sorted
    /// by stride, contiguous axes merged). Each contiguous run is summed
    /// with eight interleaved partial sums — element `i` of the run goes to
    /// partial `i % 8` — combined as `((p0+p1)+(p2+p3))+((p4+p5)+(p6+p7))`,
    /// and the runs' sums are added in memory order. So a float sum may
    /// differ in the last bits from a left-to-right loop (it is usually more
    /// accurate), and depends only on the layout.
    ///
    /// Integer sums wrap around on overflow (they are computed modulo
    /// 2^bits, like NumPy's `sum(dtype=...)` in the element's own type), in
    /// debug builds as well: a sum never panics. Convert first (or use
    /// [`mean`](Self::mean), which sums exactly) when the true value may
    /// not fit `T`.
    ///
    /// ```
    /// let data: Vec<f64> = (0..12).map(f64::from).collect();
    /// let v = ndview::NdView::from_slice(&data, &[3, 4])?;
    /// assert_eq!(v.sum(), 66.0);
    /// assert_eq!(v.slice(&"::-1, 1::2".parse()?)?.sum(), 1.0 + 3.0 + 5.0 + 7.0 + 9.0 + 11.0);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    ///
    /// Views over ~256 KiB are first cut in halves along the outermost
    /// axis of the walk, recursively down to pieces of ~128 KiB; the
    /// pieces' sums are added up that binary tree (first half + second
    /// half). The tree depends only on the shape and layout, which is what
    /// lets `par_sum` (feature `rayon`) give the same bits on any number of
    /// threads.
    pub fn sum(&self) -> T
    where
        T: Zero + Add<Output = T>,
    {
        super::parallel::tree_reduce(self, &|v| v.leaf_sum(), &int::wrapping_add)
    }

    /// The sum of one piece of the tree of `sum`: lane sums added in
    /// memory order.
    pub(crate) fn leaf_sum(&self) -> T
    where
        T: Zero + Add<Output = T>,
    {
        let mut total = T::zero();
        self.for_each_lane(true, |l| {
            total = int::wrapping_add(total, reduce::sum_lane(&l));
        });
        total
    }

    /// The product of all elements (one for an empty view), in memory order.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1u64, 2, 3, 4, 5], &[5])?;
    /// assert_eq!(v.product(), 120);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn product(&self) -> T
    where
        T: One + Mul<Output = T>,
    {
        let mut total = T::one();
        self.for_each_lane(true, |l| total = total * reduce::product_lane(&l));
        total
    }

    /// The smallest element, `None` for an empty view. A NaN propagates, as
    /// in NumPy's `min`.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[3.0, -1.0, 2.0], &[3])?;
    /// assert_eq!(v.min(), Some(-1.0));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn min(&self) -> Option<T>
    where
        T: PartialOrd,
    {
        let mut m = None;
        self.for_each_lane(true, |l| m = reduce::min_lane(&l, m));
        m
    }

    /// The largest element, `None` for an empty view. A NaN propagates.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[3, -1, 2], &[3])?;
    /// assert_eq!(v.max(), Some(3));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn max(&self) -> Option<T>
    where
        T: PartialOrd,
    {
        let mut m = None;
        self.for_each_lane(true, |l| m = reduce::max_lane(&l, m));
        m
    }

    /// The arithmetic mean, `None` for an empty view or when the element
    /// count is not representable in `T` (checked before anything is
    /// summed).
    ///
    /// Floats: [`sum`](Self::sum) divided by the count. Integers: the exact
    /// sum, accumulated in 128 bits (it cannot overflow there), divided by
    /// the count with truncation toward zero, like `/` on `T`. The result
    /// always fits `T`, and nothing panics or wraps: the mean of 255 `2u8`
    /// is 2.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1.0f32, 2.0, 6.0], &[3])?;
    /// assert_eq!(v.mean(), Some(3.0));
    /// let bytes = ndview::NdView::from_slice(&[200u8, 250, 255], &[3])?;
    /// assert_eq!(bytes.mean(), Some(235)); // 705 / 3, summed without overflow
    /// assert_eq!(ndview::NdView::from_slice(&[1u8; 300], &[300])?.mean(), None); // 300 is no u8
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn mean(&self) -> Option<T>
    where
        T: Zero + Add<Output = T> + Div<Output = T> + FromPrimitive,
    {
        if self.is_empty() {
            return None;
        }
        // The count first: a sum of more elements than `T` can count would
        // be meaningless (and for integers could overflow).
        let count = T::from_usize(self.len())?;
        if int::widen(T::zero()).is_some() {
            // Integers: the exact sum (|sum| < 2^127 for any count that fits
            // `isize`), divided in 128 bits; the mean lies between the
            // smallest and largest element, so it fits `T`.
            let sum = self.fold_memory_order(0i128, |acc, &x| {
                // Always `Some` here: `T` is an integer (checked above).
                acc + int::widen(x).unwrap_or(0)
            });
            let n = i128::try_from(self.len()).ok()?;
            return T::from_i128(sum / n);
        }
        Some(self.sum() / count)
    }

    /// `Σ self[i]·other[i]` over every index, in the memory order of `self`.
    ///
    /// # Errors
    ///
    /// [`Error::ShapeMismatch`] unless both views have the same shape.
    ///
    /// ```
    /// let a = ndview::NdView::from_slice(&[1.0, 2.0, 3.0, 4.0], &[2, 2])?;
    /// assert_eq!(a.dot(&a.transpose())?, 1.0 + 3.0 * 2.0 * 2.0 + 16.0);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn dot(&self, other: &NdView<'_, T>) -> Result<T>
    where
        T: Zero + Add<Output = T> + Mul<Output = T>,
    {
        same_shape("dot", self.shape(), other.shape())?;
        let mut total = T::zero();
        // SAFETY: both are typed views: valid layouts for `T` over their
        // regions; the shapes are equal (checked above).
        unsafe {
            lane::for_each_lane2(
                (self.bytes, &self.layout),
                (other.bytes, &other.layout),
                |a, b| total = total + reduce::dot_lanes(&a, &b),
            );
        }
        Ok(total)
    }

    /// Folds every element in logical C order — the same as
    /// `self.iter().fold(init, f)`, which also takes this fast path.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1, 2, 3, 4], &[2, 2])?;
    /// let digits = v.transpose().fold(0, |acc, &x| acc * 10 + x);
    /// assert_eq!(digits, 1324);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn fold<B>(&self, init: B, f: impl FnMut(B, &'a T) -> B) -> B {
        self.fold_lanes(false, init, f)
    }

    /// Folds every element in memory order (axes flipped and sorted by
    /// stride): the fastest walk, for work whose result does not depend on
    /// the order.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1u32, 2, 3, 4], &[2, 2])?;
    /// assert_eq!(v.transpose().fold_memory_order(0, |acc, &x| acc + x), 10);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn fold_memory_order<B>(&self, init: B, f: impl FnMut(B, &'a T) -> B) -> B {
        self.fold_lanes(true, init, f)
    }

    /// Folds lane by lane, in memory or logical order.
    #[inline]
    fn fold_lanes<B>(&self, memory_order: bool, init: B, mut f: impl FnMut(B, &'a T) -> B) -> B {
        let mut acc = Some(init);
        self.for_each_lane(memory_order, |l| {
            let mut a = acc
                .take()
                .expect("the accumulator is put back after each lane");
            match l {
                Lane::Dense(xs) => a = xs.iter().fold(a, &mut f),
                Lane::Strided(s) => {
                    for i in 0..s.len() {
                        a = f(a, s.at_ref(i));
                    }
                }
            }
            acc = Some(a);
        });
        acc.expect("the accumulator is put back after each lane")
    }

    /// Calls `f` on every element in memory order.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1, 2, 3], &[3])?;
    /// let mut n = 0;
    /// v.flip(0)?.for_each_memory_order(|&x| n += x);
    /// assert_eq!(n, 6);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn for_each_memory_order(&self, mut f: impl FnMut(&'a T)) {
        self.fold_memory_order((), |(), x| f(x));
    }

    /// Calls `f` on every pair of elements at the same index of `self` and
    /// `other`, in the memory order of `self` (NumPy's `nditer` / `ndarray`'s
    /// `Zip` for two operands).
    ///
    /// # Errors
    ///
    /// [`Error::ShapeMismatch`] unless both views have the same shape.
    ///
    /// ```
    /// let a = ndview::NdView::from_slice(&[1, 2, 3, 4], &[2, 2])?;
    /// let mut same = 0;
    /// a.for_each2(&a.transpose().transpose(), |x, y| same += usize::from(x == y))?;
    /// assert_eq!(same, 4);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn for_each2<'b, U: Element>(
        &self,
        other: &NdView<'b, U>,
        mut f: impl FnMut(&'a T, &'b U),
    ) -> Result<()> {
        same_shape("for_each2", self.shape(), other.shape())?;
        // SAFETY: both are typed views with equal shapes (checked above).
        unsafe {
            lane::for_each_lane2(
                (self.bytes, &self.layout),
                (other.bytes, &other.layout),
                |a, b| {
                    let n = a.len();
                    for i in 0..n {
                        f(a.at_ref(i), b.at_ref(i));
                    }
                },
            );
        }
        Ok(())
    }

    /// `f` applied to every element, collected in logical C order.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1, 2, 3, 4], &[2, 2])?;
    /// assert_eq!(v.transpose().map_to_vec(|&x| x * 10), [10, 30, 20, 40]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn map_to_vec<U>(&self, mut f: impl FnMut(&'a T) -> U) -> Vec<U> {
        let mut out = super::buffer::output_vec(self.len());
        self.for_each_lane(false, |l| match l {
            Lane::Dense(xs) => out.extend(xs.iter().map(&mut f)),
            Lane::Strided(s) => out.extend((0..s.len()).map(|i| f(s.at_ref(i)))),
        });
        out
    }

    /// Copies the elements, in `order`, into `out`, which must hold exactly
    /// [`len`](Self::len) elements.
    ///
    /// # Errors
    ///
    /// [`Error::ShapeMismatch`] if `out.len() != self.len()`.
    ///
    /// ```
    /// use ndview::{NdView, Order};
    /// let v = NdView::from_slice(&[1, 2, 3, 4, 5, 6], &[2, 3])?;
    /// let mut out = [0; 6];
    /// v.copy_to_slice(&mut out, Order::F)?;
    /// assert_eq!(out, [1, 4, 2, 5, 3, 6]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn copy_to_slice(&self, out: &mut [T], order: Order) -> Result<()> {
        same_shape("copy_to_slice", &[out.len()], &[self.len()])?;
        let dense = Layout::contiguous(self.shape(), core::mem::size_of::<T>(), order)?;
        // SAFETY: `dense` is a unique layout of `self`'s shape over `out`
        // (exactly `len` elements, aligned because `out` is a `[T]`); the
        // source is a typed view; `out` is borrowed mutably, so it cannot
        // overlap the view's shared region.
        unsafe {
            copy::assign::<T>(
                bytemuck::cast_slice_mut(out),
                &dense,
                self.bytes,
                &self.layout,
            );
        }
        Ok(())
    }
}

impl<T: Element> NdViewMut<'_, T> {
    /// Every lane of the view (mutable), in memory order, paired with the
    /// matching lane of `src` when given.
    #[inline]
    fn for_each_lane_mut<'b, U: Element>(
        &mut self,
        src: Option<&NdView<'b, U>>,
        f: impl FnMut(LaneMut<'_, T>, Option<Lane<'b, U>>),
    ) {
        // SAFETY: a mutable typed view's layout is valid for `T` over its
        // exclusively borrowed region and unique (the view invariant); a
        // source is a typed view of the same shape (checked by callers).
        unsafe {
            lane::for_each_lane_mut(
                (&mut *self.bytes, &self.layout),
                src.map(|s| (s.bytes, &s.layout)),
                f,
            );
        }
    }

    /// Sets every element to `value`.
    ///
    /// ```
    /// let mut data = [0u16; 6];
    /// let mut m = ndview::NdViewMut::from_slice_mut(&mut data, &[2, 3])?;
    /// m.reborrow().slice(&":, 1".parse()?)?.fill(7);
    /// assert_eq!(data, [0, 7, 0, 0, 7, 0]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn fill(&mut self, value: T) {
        self.for_each_lane_mut::<T>(None, |l, _| match l {
            LaneMut::Dense(xs) => xs.fill(value),
            LaneMut::Strided(mut s) => {
                for i in 0..s.len() {
                    *s.at_mut(i) = value;
                }
            }
        });
    }

    /// Calls `f` on every element, mutably, in memory order.
    ///
    /// ```
    /// let mut data = [1, 2, 3, 4];
    /// let mut m = ndview::NdViewMut::from_slice_mut(&mut data, &[2, 2])?;
    /// m.map_inplace(|x| *x *= 10);
    /// assert_eq!(data, [10, 20, 30, 40]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn map_inplace(&mut self, mut f: impl FnMut(&mut T)) {
        self.for_each_lane_mut::<T>(None, |l, _| match l {
            LaneMut::Dense(xs) => xs.iter_mut().for_each(&mut f),
            LaneMut::Strided(mut s) => {
                for i in 0..s.len() {
                    f(s.at_mut(i));
                }
            }
        });
    }

    /// Calls `f(self[i], other[i])` for every index, in the memory order of
    /// `self` (`ndarray`'s `zip_mut_with`).
    ///
    /// # Errors
    ///
    /// [`Error::ShapeMismatch`] unless both views have the same shape.
    ///
    /// ```
    /// use ndview::{NdView, NdViewMut};
    /// let mut acc = [1.0, 2.0, 3.0, 4.0];
    /// let add = [10.0, 20.0, 30.0, 40.0];
    /// let mut m = NdViewMut::from_slice_mut(&mut acc, &[2, 2])?;
    /// m.zip_mut_with(&NdView::from_slice(&add, &[2, 2])?.transpose(), |a, &b| *a += b)?;
    /// assert_eq!(acc, [11.0, 32.0, 23.0, 44.0]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn zip_mut_with<U: Element>(
        &mut self,
        other: &NdView<'_, U>,
        mut f: impl FnMut(&mut T, &U),
    ) -> Result<()> {
        same_shape("zip_mut_with", self.shape(), other.shape())?;
        self.for_each_lane_mut(Some(other), |l, o| {
            // Present: a source was given.
            let Some(o) = o else { return };
            match l {
                LaneMut::Dense(xs) => {
                    for (i, x) in xs.iter_mut().enumerate() {
                        f(x, o.at_ref(i));
                    }
                }
                LaneMut::Strided(mut s) => {
                    for i in 0..s.len() {
                        f(s.at_mut(i), o.at_ref(i));
                    }
                }
            }
        });
        Ok(())
    }

    /// Copies `source` into this view, element by element at equal indices:
    /// one `memcpy` per contiguous run, a cache-blocked transpose when the
    /// layouts disagree on which axis is dense.
    ///
    /// # Errors
    ///
    /// [`Error::ShapeMismatch`] unless both views have the same shape.
    ///
    /// ```
    /// use ndview::{NdView, NdViewMut};
    /// let src = [1, 2, 3, 4, 5, 6];
    /// let mut dst = [0; 6];
    /// let mut m = NdViewMut::from_slice_mut(&mut dst, &[3, 2])?;
    /// m.assign(&NdView::from_slice(&src, &[2, 3])?.transpose())?;
    /// assert_eq!(dst, [1, 4, 2, 5, 3, 6]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn assign(&mut self, source: &NdView<'_, T>) -> Result<()> {
        same_shape("assign", self.shape(), source.shape())?;
        // SAFETY: the destination is a mutable typed view (valid, unique,
        // exclusively borrowed region), the source a typed view of the same
        // shape; an exclusive and a shared borrow cannot overlap.
        unsafe { copy::assign::<T>(self.bytes, &self.layout, source.bytes, &source.layout) };
        Ok(())
    }
}

/// The elements of a typed view, copied out in `order`.
pub(crate) fn copy_out<T: Element>(view: &NdView<'_, T>, order: Order) -> Vec<T> {
    // SAFETY: a typed view's layout is valid for `T` over its region.
    unsafe { copy::copy_out::<T>(view.bytes, &view.layout, order) }
}

impl RawView<'_> {
    /// The element bytes copied out in `order` (`memoryview.tobytes`).
    pub(crate) fn copy_out_bytes(&self, order: Order) -> Vec<u8> {
        // SAFETY: a raw view's elements lie inside its region (checked at
        // construction and preserved by every operation).
        unsafe { copy::copy_out_bytes(self.bytes, &self.layout, self.itemsize(), order) }
    }
}

impl RawViewMut<'_> {
    /// Copies `source`'s elements (same shape and itemsize) into this view.
    ///
    /// # Errors
    ///
    /// [`Error::ShapeMismatch`] unless the shapes are equal;
    /// [`Error::FormatMismatch`] unless the formats are equal.
    ///
    /// ```
    /// use ndview::{Format, Order, RawView, RawViewMut};
    /// let f = Format::parse("<u2")?;
    /// let src = [1u8, 0, 2, 0, 3, 0, 4, 0];
    /// let mut dst = [0u8; 8];
    /// let mut m = RawViewMut::new(&mut dst, f.clone(), &[2, 2])?;
    /// m.assign(&RawView::new(&src, f, &[2, 2])?.transpose())?;
    /// assert_eq!(dst, [1, 0, 3, 0, 2, 0, 4, 0]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn assign(&mut self, source: &RawView<'_>) -> Result<()> {
        same_shape("assign", self.shape(), source.shape())?;
        if self.format() != source.format() {
            return Err(Error::FormatMismatch {
                expected: alloc::string::ToString::to_string(self.format()),
                found: alloc::string::ToString::to_string(source.format()),
                operation: "assign",
            });
        }
        // SAFETY: both layouts lie inside their regions; the destination is
        // unique (mutable views are) and exclusively borrowed, so it cannot
        // overlap the shared source region; equal formats, equal itemsize.
        unsafe {
            copy::assign_bytes(
                self.bytes,
                &self.layout,
                source.bytes,
                &source.layout,
                self.itemsize(),
            );
        }
        Ok(())
    }
}
