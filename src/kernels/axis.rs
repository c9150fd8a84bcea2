//! Axis reductions (`sum_axis`, `mean_axis`, `min_axis`, `max_axis`,
//! `fold_axis`, `sum_axes`) along the input's memory order.
//!
//! The obvious loop — one lane along the axis per output element — reads a
//! column of a C matrix one cache line per element. Instead the output is
//! *broadcast* back over the reduced axes (stride 0 there) and walked as a
//! second operand of the input's [`Plan`]: axes in the input's memory order,
//! contiguous axes merged. Each inner run is then one of two kinds:
//!
//! * the output does not move along it (a reduced axis is innermost in
//!   memory): the run is one lane, reduced with the multi-accumulator lane
//!   loops of [`reduce`](super::reduce) into one output element;
//! * the output moves along it (a kept axis is innermost): the run is added
//!   element by element into a run of the output — for a leading axis, rows
//!   accumulated into the result row, which LLVM vectorizes.
//!
//! Either way the input is read once, in memory order, so the speed does
//! not depend on which axis is reduced.
//!
//! **Summation order** (what makes float results reproducible): each output
//! element's inputs are combined in the input's memory order. When the
//! reduced axis is innermost in memory, each lane is summed with eight
//! interleaved partial sums as [`NdView::sum`] does; otherwise each output
//! element is a left-to-right running sum along the axis, in the direction
//! of memory. Results depend only on the shape and the layout: the same
//! input gives the same bits every time (and with any number of threads,
//! see `par_sum_axis`).

use alloc::vec::Vec;
use core::mem::size_of;
use core::ops::{Add, Div};

use num_traits::{FromPrimitive, Zero};

use super::lane::{lane_at, Lane};
use super::plan::{Plan, Run};
use super::{int, reduce};
use crate::array::NdArray;
use crate::error::{Error, Result};
use crate::format::Element;
use crate::layout::Dims;
use crate::view::{NdView, NdViewMut};

/// Which axes are reduced: `true` at a reduced axis. Checked: every axis
/// below `ndim`, none repeated.
pub(crate) fn reduced_mask(axes: &[usize], ndim: usize) -> Result<Dims<bool>> {
    let mut mask = Dims::from_slice(&alloc::vec![false; ndim]);
    for &axis in axes {
        if axis >= ndim {
            return Err(Error::InvalidAxis {
                axis,
                ndim,
                reason: "the axis to reduce must be below the number of axes",
            });
        }
        if mask[axis] {
            return Err(Error::InvalidAxis {
                axis,
                ndim,
                reason: "an axis to reduce is given twice",
            });
        }
        mask[axis] = true;
    }
    Ok(mask)
}

/// The shape with the reduced axes removed (or kept with length 1).
pub(crate) fn reduced_shape(shape: &[usize], mask: &[bool], keepdims: bool) -> Dims<usize> {
    shape
        .iter()
        .zip(mask)
        .filter_map(|(&n, &r)| match (r, keepdims) {
            (false, _) => Some(n),
            (true, true) => Some(1),
            (true, false) => None,
        })
        .collect()
}

/// How an axis reduction combines elements: a whole lane into one output
/// element, or a run of inputs into a run of outputs element by element.
pub(crate) trait AxisReducer<T, B> {
    fn lane(&mut self, acc: &mut B, lane: Lane<'_, T>);
    fn element(&mut self, acc: &mut B, x: &T);
}

/// Reduces the view along the `mask` axes into a fresh C-ordered array
/// whose elements start at `init`.
fn reduce_into<T: Element, B: Element>(
    view: &NdView<'_, T>,
    mask: &[bool],
    init: B,
    keep_order: Option<usize>,
    r: impl AxisReducer<T, B>,
) -> NdArray<B> {
    let out_shape = reduced_shape(view.shape(), mask, false);
    let data: Vec<B> = alloc::vec![init; out_shape.iter().product()];
    let mut out = NdArray::from_vec(data, &out_shape)
        .expect("a sub-shape of a view's shape has a valid C layout for an element type");
    reduce_into_view(view, mask, &mut out.view_mut(), keep_order, r);
    out
}

/// Reduces the view along the `mask` axes into `out` (the view's shape
/// without those axes; its elements hold the initial values).
pub(crate) fn reduce_into_view<T: Element, B: Element>(
    view: &NdView<'_, T>,
    mask: &[bool],
    out: &mut NdViewMut<'_, B>,
    keep_order: Option<usize>,
    mut r: impl AxisReducer<T, B>,
) {
    // The output seen from the input's shape: stride 0 along reduced axes.
    let mut out_strides = Dims::<isize>::new();
    let mut kept = out.layout.strides().iter();
    for &m in mask {
        out_strides.push(if m { 0 } else { *kept.next().unwrap_or(&0) });
    }
    if view.is_empty() {
        return;
    }
    let mut plan = Plan::new(
        view.shape(),
        [view.layout.strides(), &out_strides],
        // Offsets fit in `isize` by the layout invariants.
        [view.layout.offset() as isize, out.layout.offset() as isize],
    );
    plan.memory_order_keeping(0, keep_order).coalesce();
    let input = view.bytes.as_ptr();
    let out_base = out.bytes.as_mut_ptr();
    // Dense input rows that go into the same dense output run, in walk
    // order, not yet added: up to `GROUP` are added in one pass over the
    // output (each output element still meets them in order).
    let mut pending = Pending::<T, B>::new();
    let run = |run: Run<2>| {
        // SAFETY: `run.starts[0]` and the run's positions are elements of
        // the view's validated typed layout.
        let xs: Lane<'_, T> =
            unsafe { lane_at(input.offset(run.starts[0]), run.len, run.strides[0]) };
        // SAFETY: an element of `out`'s validated layout over its region.
        let first = unsafe { out_base.offset(run.starts[1]) };
        let o_stride = run.strides[1];
        if o_stride == size_of::<B>() as isize {
            if let Lane::Dense(row) = xs {
                pending.push(&mut r, first.cast::<B>(), row);
                return;
            }
        }
        pending.flush(&mut r);
        if o_stride == 0 {
            // SAFETY: an element of `out`, which is borrowed exclusively;
            // no other reference to it is live (the pending rows were
            // flushed).
            let acc = unsafe { &mut *first.cast::<B>() };
            r.lane(acc, xs);
            return;
        }
        for i in 0..run.len {
            // SAFETY: element `i` of the run in `out`: distinct elements
            // of a unique layout, one reference at a time.
            let o = unsafe { &mut *first.offset(i as isize * o_stride).cast::<B>() };
            r.element(o, xs.at_ref(i));
        }
    };
    match output_block(&plan, size_of::<B>()) {
        Some((k, m, inner)) => plan.for_each_run_blocked(k, m, inner, run),
        None => plan.for_each_run(run),
    }
    pending.flush(&mut r);
}

/// How many input rows are added into an output run in one pass.
const GROUP: usize = 4;

/// Input rows waiting to be added into one dense output run.
struct Pending<T, B> {
    out: *mut B,
    len: usize,
    rows: [*const T; GROUP],
    count: usize,
}

impl<T: Element, B: Element> Pending<T, B> {
    fn new() -> Self {
        Pending {
            out: core::ptr::null_mut(),
            len: 0,
            rows: [core::ptr::null(); GROUP],
            count: 0,
        }
    }

    /// Queues `row` for the output run at `out`; adds the queue first if
    /// it belongs to another output run, and when it is full.
    #[inline(always)]
    fn push(&mut self, r: &mut impl AxisReducer<T, B>, out: *mut B, row: &[T]) {
        if self.count > 0 && (self.out != out || self.len != row.len()) {
            self.flush(r);
        }
        self.out = out;
        self.len = row.len();
        self.rows[self.count] = row.as_ptr();
        self.count += 1;
        if self.count == GROUP {
            self.flush(r);
        }
    }

    /// Adds the queued rows, in order, into their output run.
    #[inline(always)]
    fn flush(&mut self, r: &mut impl AxisReducer<T, B>) {
        let n = core::mem::take(&mut self.count);
        if n == 0 {
            return;
        }
        // SAFETY: `out` is a dense run of `len` elements of the output (a
        // unique layout, borrowed exclusively; no other reference to them
        // is live).
        let os = unsafe { core::slice::from_raw_parts_mut(self.out, self.len) };
        let (rows, len) = (self.rows, self.len);
        // SAFETY: for `i < n`, a dense run of `len` input elements of the
        // view, queued from its lanes since the last flush.
        let row = |i: usize| unsafe { core::slice::from_raw_parts(rows[i], len) };
        if n == GROUP {
            let (a, b, c, d) = (row(0), row(1), row(2), row(3));
            for ((((o, a), b), c), d) in os.iter_mut().zip(a).zip(b).zip(c).zip(d) {
                r.element(o, a);
                r.element(o, b);
                r.element(o, c);
                r.element(o, d);
            }
        } else {
            for i in 0..n {
                for (o, x) in os.iter_mut().zip(row(i)) {
                    r.element(o, x);
                }
            }
        }
    }
}

/// Output runs longer than this many bytes are accumulated in blocks.
const OUTPUT_BLOCK_MIN: usize = if cfg!(miri) { 64 } else { 256 * 1024 };

/// Bytes of the output accumulated at a time when blocking: stays in L1.
const OUTPUT_BLOCK: usize = if cfg!(miri) { 32 } else { 8 * 1024 };

/// When rows are accumulated into an output row longer than L2 (a
/// leading axis reduced, long kept axes), every input row would stream
/// the whole output through the caches again. Blocking the reduced axis
/// nearest the inner one against the inner axis — all of its positions
/// for one L1-sized piece of the output, then the next piece — reads the
/// input once and keeps the output piece in L1. The order in which each
/// output element meets its inputs is unchanged (so are the bits).
fn output_block(plan: &Plan<2>, out_itemsize: usize) -> Option<(usize, usize, usize)> {
    let nd = plan.shape().len();
    if nd < 2 || plan.strides(1)[nd - 1] == 0 {
        return None;
    }
    let row_bytes = plan.shape()[nd - 1].saturating_mul(out_itemsize);
    if row_bytes <= OUTPUT_BLOCK_MIN {
        return None;
    }
    let k = (0..nd - 1).rev().find(|&k| plan.strides(1)[k] == 0)?;
    Some((
        k,
        plan.shape()[k],
        (OUTPUT_BLOCK / out_itemsize.max(1)).max(1),
    ))
}

pub(crate) struct Summer;
impl<T: Element + Zero + Add<Output = T>> AxisReducer<T, T> for Summer {
    #[inline(always)]
    fn lane(&mut self, acc: &mut T, lane: Lane<'_, T>) {
        *acc = int::wrapping_add(*acc, reduce::sum_lane(&lane));
    }
    #[inline(always)]
    fn element(&mut self, acc: &mut T, x: &T) {
        *acc = int::wrapping_add(*acc, *x);
    }
}

/// The NaN-propagating choice of `min`/`max` (as the whole-view ones).
#[inline(always)]
#[allow(clippy::eq_op)]
fn pick<T: PartialOrd + Copy>(m: T, x: T, smaller: bool) -> T {
    let better = if smaller { x < m } else { x > m };
    if m != m {
        m
    } else if better || x != x {
        x
    } else {
        m
    }
}

struct Extreme {
    smaller: bool,
}
impl<T: Copy + PartialOrd> AxisReducer<T, T> for Extreme {
    #[inline(always)]
    fn lane(&mut self, acc: &mut T, lane: Lane<'_, T>) {
        let m = if self.smaller {
            reduce::min_lane(&lane, Some(*acc))
        } else {
            reduce::max_lane(&lane, Some(*acc))
        };
        // Some: the accumulator was given.
        if let Some(m) = m {
            *acc = m;
        }
    }
    #[inline(always)]
    fn element(&mut self, acc: &mut T, x: &T) {
        *acc = pick(*acc, *x, self.smaller);
    }
}

struct Folder<F>(F);
impl<T: Copy, B: Copy, F: FnMut(B, &T) -> B> AxisReducer<T, B> for Folder<F> {
    #[inline(always)]
    fn lane(&mut self, acc: &mut B, lane: Lane<'_, T>) {
        for i in 0..lane.len() {
            *acc = (self.0)(*acc, lane.at_ref(i));
        }
    }
    #[inline(always)]
    fn element(&mut self, acc: &mut B, x: &T) {
        *acc = (self.0)(*acc, x);
    }
}

impl<'a, T: Element> NdView<'a, T> {
    /// The sums along `axis`: an array of the view's shape without that
    /// axis (NumPy's `a.sum(axis=k)`).
    ///
    /// The input is read once in memory order whichever the axis (see the
    /// module notes for the summation order); the same input always gives
    /// the same bits. An empty axis sums to zero.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`] if `axis >= ndim`.
    ///
    /// ```
    /// let data: Vec<f64> = (0..6).map(f64::from).collect();
    /// let v = ndview::NdView::from_slice(&data, &[2, 3])?;
    /// assert_eq!(v.sum_axis(0)?.into_vec(), [3.0, 5.0, 7.0]);
    /// assert_eq!(v.sum_axis(1)?.into_vec(), [3.0, 12.0]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn sum_axis(&self, axis: usize) -> Result<NdArray<T>>
    where
        T: Zero + Add<Output = T>,
    {
        self.sum_axes(&[axis])
    }

    /// The sums over several axes at once (NumPy's `axis=(0, 2)`); the
    /// result has the view's shape without them. No axes: a copy.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`] for an axis `>= ndim` or one given twice.
    ///
    /// ```
    /// let data: Vec<u32> = (0..24).collect();
    /// let v = ndview::NdView::from_slice(&data, &[2, 3, 4])?;
    /// let s = v.sum_axes(&[0, 2])?;
    /// assert_eq!(s.into_vec(), [60, 92, 124]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn sum_axes(&self, axes: &[usize]) -> Result<NdArray<T>>
    where
        T: Zero + Add<Output = T>,
    {
        let mask = reduced_mask(axes, self.ndim())?;
        Ok(reduce_into(self, &mask, T::zero(), None, Summer))
    }

    /// [`sum_axis`](Self::sum_axis) keeping the axis with length 1
    /// (NumPy's `keepdims=True`), so the result broadcasts against the view.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`] if `axis >= ndim`.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1, 2, 3, 4], &[2, 2])?;
    /// let s = v.sum_axis_keepdims(1)?;
    /// assert_eq!((s.shape(), s.as_slice()), (&[2usize, 1][..], &[3, 7][..]));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn sum_axis_keepdims(&self, axis: usize) -> Result<NdArray<T>>
    where
        T: Zero + Add<Output = T>,
    {
        let s = self.sum_axis(axis)?;
        let mask = reduced_mask(&[axis], self.ndim())?;
        let shape = reduced_shape(self.shape(), &mask, true);
        NdArray::from_vec(s.into_vec(), &shape)
    }

    /// The means along `axis` (the sums divided by the axis length).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`] if `axis >= ndim`, or if the axis is empty
    /// (no mean exists; NumPy returns NaN with a warning) or its length is
    /// not representable in `T`.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1.0, 2.0, 3.0, 5.0], &[2, 2])?;
    /// assert_eq!(v.mean_axis(0)?.into_vec(), [2.0, 3.5]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn mean_axis(&self, axis: usize) -> Result<NdArray<T>>
    where
        T: Zero + Add<Output = T> + Div<Output = T> + FromPrimitive,
    {
        let s = self.sum_axis(axis)?;
        let n = self.shape()[axis];
        let count = (n > 0)
            .then(|| T::from_usize(n))
            .flatten()
            .ok_or(Error::InvalidAxis {
                axis,
                ndim: self.ndim(),
                reason: "the mean needs a non-empty axis whose length the element type can hold",
            })?;
        let shape: Dims<usize> = Dims::from_slice(s.shape());
        let data: Vec<T> = s.into_vec().into_iter().map(|x| x / count).collect();
        NdArray::from_vec(data, &shape)
    }

    /// The smallest elements along `axis`; a NaN propagates, as in
    /// [`min`](Self::min).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`] if `axis >= ndim`, or if the axis is empty
    /// and the result is not (a minimum of nothing does not exist; NumPy
    /// raises `ValueError`).
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[3, 1, 2, 5, 0, 4], &[2, 3])?;
    /// assert_eq!(v.min_axis(0)?.into_vec(), [3, 0, 2]);
    /// assert_eq!(v.min_axis(1)?.into_vec(), [1, 0]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn min_axis(&self, axis: usize) -> Result<NdArray<T>>
    where
        T: PartialOrd,
    {
        self.extreme_axis(axis, true)
    }

    /// The largest elements along `axis`; a NaN propagates.
    ///
    /// # Errors
    ///
    /// As [`min_axis`](Self::min_axis).
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[3, 1, 2, 5, 0, 4], &[2, 3])?;
    /// assert_eq!(v.max_axis(0)?.into_vec(), [5, 1, 4]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn max_axis(&self, axis: usize) -> Result<NdArray<T>>
    where
        T: PartialOrd,
    {
        self.extreme_axis(axis, false)
    }

    fn extreme_axis(&self, axis: usize, smaller: bool) -> Result<NdArray<T>>
    where
        T: PartialOrd,
    {
        let mask = reduced_mask(&[axis], self.ndim())?;
        let n = self.shape()[axis];
        if n == 0 {
            let shape = reduced_shape(self.shape(), &mask, false);
            if shape.iter().product::<usize>() == 0 {
                return NdArray::try_zeros(&shape);
            }
            return Err(Error::InvalidAxis {
                axis,
                ndim: self.ndim(),
                reason: "a minimum or maximum along an empty axis does not exist",
            });
        }
        // Start from the first position along the axis, reduce the rest
        // into it.
        let (first, rest) = self.split_at(axis, 1)?;
        let mut out = first.remove_axis(axis)?.to_owned();
        reduce_into_view(&rest, &mask, &mut out.view_mut(), None, Extreme { smaller });
        Ok(out)
    }

    /// Folds along `axis`: element `j` of the result is
    /// `f(…f(f(init, &v[0, j]), &v[1, j])…)` (for `axis = 0`), the elements
    /// taken in index order along the axis. The other axes are walked in
    /// memory order, so a fold along a leading axis still reads memory
    /// sequentially.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`] if `axis >= ndim`.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1u8, 2, 3, 4, 5, 6], &[2, 3])?;
    /// let f = v.fold_axis(0, 0u64, |acc, &x| acc * 10 + x as u64)?;
    /// assert_eq!(f.into_vec(), [14, 25, 36]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn fold_axis<B: Element>(
        &self,
        axis: usize,
        init: B,
        f: impl FnMut(B, &T) -> B,
    ) -> Result<NdArray<B>> {
        let mask = reduced_mask(&[axis], self.ndim())?;
        Ok(reduce_into(self, &mask, init, Some(axis), Folder(f)))
    }
}
