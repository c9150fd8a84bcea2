//! Splitting a planned walk into tasks, and (feature `rayon`) running them
//! on all cores with the same results, bit for bit, for any thread count.
//!
//! A view is cut in two along the **outermost axis of its planned walk**
//! (the axis longer than 1 with the largest |stride|: outermost in memory
//! order), never inside an inner run, while each half keeps at least
//! [`PAR_MIN_BYTES`] of work. The cuts depend only on the shape and the
//! layout, never on the number of threads, so a reduction combines the same
//! partial results in the same fixed binary tree whether the halves run on
//! one thread or on many. The serial [`NdView::sum`] uses the very same
//! tree (below the threshold it is one leaf: a plain lane walk), so
//! `par_sum() == sum()` holds bit for bit as well.
//!
//! Written outputs are split into disjoint sub-views (`split_at_mut`), so
//! each task owns its part of the region; no raw pointer crosses a thread.

use crate::format::Element;
use crate::view::NdView;

/// Bytes of work below which a loop is one task (and the least a task
/// gets): about 128 KiB, so that a task pays for rayon's hand-off (a few
/// µs) many times over, and small views cost no more than a serial loop.
/// (Under Miri, 256 bytes, so that tests with a few elements split.)
pub(crate) const PAR_MIN_BYTES: usize = if cfg!(miri) { 256 } else { 128 * 1024 };

/// The axis a split cuts: the outermost axis of the planned walk, i.e. the
/// axis longer than 1 with the largest |stride| (the first on a tie).
pub(crate) fn split_axis(layout: &crate::layout::Layout) -> Option<usize> {
    let mut best: Option<usize> = None;
    for k in 0..layout.ndim() {
        if layout.shape()[k] < 2 {
            continue;
        }
        let s = layout.strides()[k].unsigned_abs();
        if best.map_or(true, |b| s > layout.strides()[b].unsigned_abs()) {
            best = Some(k);
        }
    }
    best
}

/// The two halves of the view's outermost planned axis, when each keeps
/// at least [`PAR_MIN_BYTES`] of elements.
pub(crate) fn halves<'a, T: Element>(v: &NdView<'a, T>) -> Option<(NdView<'a, T>, NdView<'a, T>)> {
    let bytes = v.len().saturating_mul(core::mem::size_of::<T>());
    if bytes < 2 * PAR_MIN_BYTES {
        return None;
    }
    let axis = split_axis(&v.layout)?;
    v.split_at(axis, v.shape()[axis] / 2).ok()
}

/// Reduces the view in the fixed tree of [`halves`]: `leaf` on each piece,
/// `combine(first, second)` up the tree. Serial.
pub(crate) fn tree_reduce<'a, T: Element, R>(
    v: &NdView<'a, T>,
    leaf: &impl Fn(&NdView<'a, T>) -> R,
    combine: &impl Fn(R, R) -> R,
) -> R {
    match halves(v) {
        None => leaf(v),
        Some((a, b)) => {
            let x = tree_reduce(&a, leaf, combine);
            let y = tree_reduce(&b, leaf, combine);
            combine(x, y)
        }
    }
}

/// [`tree_reduce`] with the two halves of every split run by `rayon::join`:
/// the same tree, so the same result for any number of threads.
#[cfg(feature = "rayon")]
pub(crate) fn par_tree_reduce<'a, T: Element + Sync, R: Send>(
    v: &NdView<'a, T>,
    leaf: &(impl Fn(&NdView<'a, T>) -> R + Sync),
    combine: &(impl Fn(R, R) -> R + Sync),
) -> R {
    match halves(v) {
        None => leaf(v),
        Some((a, b)) => {
            let (x, y) = rayon::join(
                || par_tree_reduce(&a, leaf, combine),
                || par_tree_reduce(&b, leaf, combine),
            );
            combine(x, y)
        }
    }
}

#[cfg(feature = "rayon")]
mod methods {
    use core::ops::{Add, Div};

    use num_traits::{FromPrimitive, Zero};

    use super::{par_tree_reduce, split_axis, PAR_MIN_BYTES};
    use crate::array::NdArray;
    use crate::error::Result;
    use crate::format::Element;
    use crate::kernels::axis::{reduce_into_view, reduced_mask, reduced_shape, Summer};
    use crate::kernels::zip::split_is_disjoint;
    use crate::view::{NdView, NdViewMut};

    impl<T: Element + Send + Sync> NdView<'_, T> {
        /// [`sum`](Self::sum) on all cores (feature `rayon`): the same
        /// value, bit for bit, for any number of threads, and equal to
        /// `sum()`. Views under ~256 KiB are summed on the calling thread.
        ///
        /// ```
        /// let data: Vec<f64> = (0..100_000).map(|i| (i % 7) as f64 * 0.1).collect();
        /// let v = ndview::NdView::from_slice(&data, &[1000, 100])?;
        /// assert_eq!(v.par_sum().to_bits(), v.sum().to_bits());
        /// # Ok::<(), ndview::Error>(())
        /// ```
        pub fn par_sum(&self) -> T
        where
            T: Zero + Add<Output = T>,
        {
            par_tree_reduce(self, &|v| v.leaf_sum(), &crate::kernels::int::wrapping_add)
        }

        /// [`mean`](Self::mean) on all cores: `par_sum() / len`.
        ///
        /// ```
        /// let v = ndview::NdView::from_slice(&[1.0, 2.0, 6.0], &[3])?;
        /// assert_eq!(v.par_mean(), Some(3.0));
        /// # Ok::<(), ndview::Error>(())
        /// ```
        pub fn par_mean(&self) -> Option<T>
        where
            T: Zero + Add<Output = T> + Div<Output = T> + FromPrimitive,
        {
            if self.is_empty() {
                return None;
            }
            Some(self.par_sum() / T::from_usize(self.len())?)
        }

        /// [`min`](Self::min) on all cores; `None` for an empty view.
        ///
        /// ```
        /// let v = ndview::NdView::from_slice(&[3, 1, 2], &[3])?;
        /// assert_eq!(v.par_min(), Some(1));
        /// # Ok::<(), ndview::Error>(())
        /// ```
        pub fn par_min(&self) -> Option<T>
        where
            T: PartialOrd,
        {
            self.par_extreme(true)
        }

        /// [`max`](Self::max) on all cores; `None` for an empty view.
        ///
        /// ```
        /// let v = ndview::NdView::from_slice(&[3, 1, 2], &[3])?;
        /// assert_eq!(v.par_max(), Some(3));
        /// # Ok::<(), ndview::Error>(())
        /// ```
        pub fn par_max(&self) -> Option<T>
        where
            T: PartialOrd,
        {
            self.par_extreme(false)
        }

        fn par_extreme(&self, smaller: bool) -> Option<T>
        where
            T: PartialOrd,
        {
            let leaf = |v: &NdView<'_, T>| if smaller { v.min() } else { v.max() };
            // The first half's value comes first, as in the serial walk.
            let combine = |a: Option<T>, b: Option<T>| match (a, b) {
                (Some(a), Some(b)) => {
                    let pair = [a, b];
                    let merged = NdView::from_slice(&pair, &[2]).ok()?;
                    if smaller {
                        merged.min()
                    } else {
                        merged.max()
                    }
                }
                (a, b) => a.or(b),
            };
            par_tree_reduce(self, &leaf, &combine)
        }

        /// [`sum_axis`](Self::sum_axis) on all cores (feature `rayon`): the
        /// same bits as `sum_axis`. The view and the result are split along
        /// a kept axis (the outermost in memory), so each output element is
        /// computed by one task exactly as the serial loop computes it.
        ///
        /// # Errors
        ///
        /// [`Error::InvalidAxis`](crate::Error::InvalidAxis) if `axis >= ndim`.
        ///
        /// ```
        /// let data: Vec<f32> = (0..60_000).map(|i| (i % 13) as f32).collect();
        /// let v = ndview::NdView::from_slice(&data, &[600, 100])?;
        /// assert_eq!(v.par_sum_axis(0)?, v.sum_axis(0)?);
        /// # Ok::<(), ndview::Error>(())
        /// ```
        pub fn par_sum_axis(&self, axis: usize) -> Result<NdArray<T>>
        where
            T: Zero + Add<Output = T>,
        {
            let mask = reduced_mask(&[axis], self.ndim())?;
            let shape = reduced_shape(self.shape(), &mask, false);
            let mut out = NdArray::<T>::try_zeros(&shape)?;
            par_sum_axis_into(self, axis, &mask, out.view_mut());
            Ok(out)
        }

        /// [`mean_axis`](Self::mean_axis) on all cores: `par_sum_axis`
        /// divided by the axis length.
        ///
        /// # Errors
        ///
        /// As [`mean_axis`](Self::mean_axis).
        ///
        /// ```
        /// let v = ndview::NdView::from_slice(&[1.0, 2.0, 3.0, 5.0], &[2, 2])?;
        /// assert_eq!(v.par_mean_axis(0)?.into_vec(), [2.0, 3.5]);
        /// # Ok::<(), ndview::Error>(())
        /// ```
        pub fn par_mean_axis(&self, axis: usize) -> Result<NdArray<T>>
        where
            T: Zero + Add<Output = T> + Div<Output = T> + FromPrimitive,
        {
            let s = self.par_sum_axis(axis)?;
            let n = self.shape()[axis];
            let count = (n > 0).then(|| T::from_usize(n)).flatten().ok_or(
                crate::Error::InvalidAxis {
                    axis,
                    ndim: self.ndim(),
                    reason:
                        "the mean needs a non-empty axis whose length the element type can hold",
                },
            )?;
            let shape = crate::layout::Dims::from_slice(s.shape());
            let data: alloc::vec::Vec<T> = s.into_vec().into_iter().map(|x| x / count).collect();
            NdArray::from_vec(data, &shape)
        }

        /// [`to_owned`](Self::to_owned) on all cores (feature `rayon`): the
        /// new C-ordered array and the view are split together.
        ///
        /// ```
        /// let data: Vec<u32> = (0..100_000).collect();
        /// let v = ndview::NdView::from_slice(&data, &[1000, 100])?.transpose();
        /// assert_eq!(v.par_to_owned(), v.to_owned());
        /// # Ok::<(), ndview::Error>(())
        /// ```
        pub fn par_to_owned(&self) -> NdArray<T> {
            let mut out = NdArray::<T>::zeros(self.shape());
            par_assign(out.view_mut(), self.clone());
            out
        }
    }

    /// Copies `src` into `dst` (same shape), splitting both along the
    /// outermost axis of `dst`.
    fn par_assign<T: Element + Send + Sync>(dst: NdViewMut<'_, T>, src: NdView<'_, T>) {
        let bytes = dst.len().saturating_mul(2 * core::mem::size_of::<T>());
        if bytes >= 2 * PAR_MIN_BYTES {
            if let Some(axis) = split_axis(&dst.layout) {
                let mid = dst.shape()[axis] / 2;
                if split_is_disjoint(&dst.layout, core::mem::size_of::<T>(), axis, mid) {
                    let (s1, s2) = src
                        .split_at(axis, mid)
                        .expect("same shape as the destination");
                    let (d1, d2) = dst
                        .split_at_mut(axis, mid)
                        .expect("checked by split_is_disjoint");
                    rayon::join(|| par_assign(d1, s1), || par_assign(d2, s2));
                    return;
                }
            }
        }
        let mut dst = dst;
        dst.assign(&src).expect("same shape");
    }

    /// Sums `v` along `axis` into `out`, splitting both along the kept axis
    /// with the largest stride (never one whose halves would change which
    /// axis is innermost in memory, so every output element is summed
    /// exactly as in the serial loop).
    fn par_sum_axis_into<T>(v: &NdView<'_, T>, axis: usize, mask: &[bool], out: NdViewMut<'_, T>)
    where
        T: Element + Send + Sync + Zero + Add<Output = T>,
    {
        let bytes = v.len().saturating_mul(core::mem::size_of::<T>());
        if bytes >= 2 * PAR_MIN_BYTES {
            if let Some(k) = kept_split_axis(v, axis) {
                let mid = v.shape()[k] / 2;
                let out_k = if k > axis { k - 1 } else { k };
                if split_is_disjoint(&out.layout, core::mem::size_of::<T>(), out_k, mid) {
                    let (a, b) = v.split_at(k, mid).expect("an axis of the view");
                    let (oa, ob) = out
                        .split_at_mut(out_k, mid)
                        .expect("checked by split_is_disjoint");
                    rayon::join(
                        || par_sum_axis_into(&a, axis, mask, oa),
                        || par_sum_axis_into(&b, axis, mask, ob),
                    );
                    return;
                }
            }
        }
        let mut out = out;
        reduce_into_view(v, mask, &mut out, None, Summer);
    }

    /// The kept axis to split for an axis reduction: the one longer than 1
    /// with the largest |stride|, unless halving it would leave a half of
    /// length 1 while it is the innermost axis in memory.
    fn kept_split_axis<T: Element>(v: &NdView<'_, T>, axis: usize) -> Option<usize> {
        let (shape, strides) = (v.shape(), v.strides());
        let live = |k: usize| k != axis && shape[k] >= 2;
        let k = (0..v.ndim())
            .filter(|&k| live(k))
            .max_by_key(|&k| (strides[k].unsigned_abs(), core::cmp::Reverse(k)))?;
        let innermost = (0..v.ndim())
            .filter(|&j| shape[j] >= 2)
            .min_by_key(|&j| strides[j].unsigned_abs());
        if innermost == Some(k) && shape[k] < 4 {
            return None;
        }
        Some(k)
    }
}

// ---- Conversion on all cores (feature `rayon`) ----

#[cfg(feature = "rayon")]
mod convert {
    use super::{split_axis, PAR_MIN_BYTES};
    use crate::array::NdArray;
    use crate::convert::{CastTarget, Casting};
    use crate::error::Result;
    use crate::kernels::zip::split_is_disjoint;
    use crate::view::{NdView, NdViewMut, RawView};

    impl RawView<'_> {
        /// [`astype`](Self::astype) on all cores (feature `rayon`): the new
        /// C-ordered array and the source are split together along the
        /// array's outermost axis (≥ ~128 KiB per task) and each part is
        /// converted with [`convert_into`](Self::convert_into); the same
        /// elements as `astype`. `Casting::SameValue` runs on the calling
        /// thread, so that its error names the first changed element.
        ///
        /// # Errors
        ///
        /// As [`astype`](Self::astype).
        ///
        /// ```
        /// use ndview::{Casting, Format, RawView};
        /// let bytes: Vec<u8> = (0..200_000u32).flat_map(|x| x.to_be_bytes()).collect();
        /// let v = RawView::new(&bytes, Format::parse(">u4")?, &[500, 400])?.transpose();
        /// let a = v.par_astype::<f64>(Casting::Safe)?;
        /// assert_eq!(a, v.astype::<f64>(Casting::Safe)?);
        /// # Ok::<(), ndview::Error>(())
        /// ```
        pub fn par_astype<T: CastTarget + Send + Sync>(
            &self,
            casting: Casting,
        ) -> Result<NdArray<T>> {
            if casting == Casting::SameValue {
                return self.astype(casting);
            }
            let mut out = NdArray::<T>::try_zeros(self.shape())?;
            par_convert(self.clone(), out.view_mut(), casting)?;
            Ok(out)
        }
    }

    impl<T: crate::Element> NdView<'_, T> {
        /// [`astype`](Self::astype) on all cores (feature `rayon`); see
        /// [`RawView::par_astype`].
        ///
        /// # Errors
        ///
        /// As [`astype`](Self::astype).
        ///
        /// ```
        /// use ndview::{Casting, NdView};
        /// let data: Vec<i32> = (0..100_000).collect();
        /// let v = NdView::from_slice(&data, &[250, 400])?;
        /// assert_eq!(v.par_astype::<f64>(Casting::Safe)?, v.astype::<f64>(Casting::Safe)?);
        /// # Ok::<(), ndview::Error>(())
        /// ```
        pub fn par_astype<U: CastTarget + Send + Sync>(
            &self,
            casting: Casting,
        ) -> Result<NdArray<U>> {
            self.raw().par_astype::<U>(casting)
        }
    }

    /// Converts `src` into `dst` (same shape), splitting both along the
    /// outermost axis of `dst` while each half keeps enough work.
    fn par_convert<T: CastTarget + Send + Sync>(
        src: RawView<'_>,
        dst: NdViewMut<'_, T>,
        casting: Casting,
    ) -> Result<()> {
        let bytes = dst
            .len()
            .saturating_mul(core::mem::size_of::<T>() + src.itemsize());
        if bytes >= 2 * PAR_MIN_BYTES {
            if let Some(axis) = split_axis(&dst.layout) {
                let mid = dst.shape()[axis] / 2;
                if split_is_disjoint(&dst.layout, core::mem::size_of::<T>(), axis, mid) {
                    let (s1, s2) = src.split_at(axis, mid)?;
                    let (d1, d2) = dst.split_at_mut(axis, mid)?;
                    let (a, b) = rayon::join(
                        || par_convert(s1, d1, casting),
                        || par_convert(s2, d2, casting),
                    );
                    return a.and(b);
                }
            }
        }
        let mut dst = dst;
        src.convert_into(&mut dst, casting)
    }
}
