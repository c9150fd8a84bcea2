//! Mutable sub-views that are alive at the same time: [`AxisIterMut`]
//! (the sub-views along one axis, like `outer_iter_mut`) and [`LanesMut`]
//! (the 1-d lanes along one axis).
//!
//! ## The disjointness rule
//!
//! Every live [`NdViewMut`] owns its own `&mut [u8]` region exclusively;
//! that is the whole soundness argument of the mutable views, and it needs
//! no `unsafe` here. So mutable sub-views that exist at the same time must
//! live in *disjoint byte ranges*, and these iterators are built only from
//! [`NdViewMut::split_at_mut`] (which cuts the region in two) and
//! [`index_axis`](NdViewMut::index_axis): no pointer is ever copied.
//!
//! Cutting sub-view `i` off the others works when the blocks along the axis
//! do not interleave. Along an axis of length `n > 1` and byte stride `s`,
//! each block spans `itemsize + Σ (n_j - 1)·|s_j|` bytes (over the block's
//! axes `j`); the blocks are disjoint exactly when `|s|` is at least that
//! span. The geometry is the same at every step, so this is checked once,
//! when the iterator is made, and the iterator is refused with
//! [`Error::Overlap`] otherwise (an empty view always passes).
//!
//! * The rows of a C-order matrix are contiguous blocks one after the
//!   other: `axis_iter_mut(0)` and `lanes_mut(1)` work.
//! * Its columns interleave: every row holds one element of each column, so
//!   no column can own a byte range without owning parts of the others.
//!   `axis_iter_mut(1)` and `lanes_mut(0)` are refused. Take the columns one
//!   at a time with [`column_mut`](NdViewMut::column_mut) /
//!   [`index_axis_mut`](NdViewMut::index_axis_mut), or write them all at
//!   once with [`Zip`](crate::Zip) or an element loop.
//! * A Fortran-order matrix is the mirror image: columns work, rows are
//!   refused.
//!
//! For lanes the rule applies to every non-lane axis in turn (the lanes are
//! cut off block by block in C order of the other axes). It is sufficient,
//! not necessary: lanes whose own byte ranges are disjoint can still be
//! refused when the blocks of an outer axis interleave (a layout such as
//! strides `[2, 4, 1]` with shape `[2, 2, 2]` and lanes along the last axis).

use alloc::vec::Vec;
use core::iter::FusedIterator;
use core::mem::size_of;

use super::NdViewMut;
use crate::error::{Error, Result};
use crate::format::Element;
use crate::layout::Layout;

/// `InvalidAxis` unless `axis < ndim`.
fn check_axis(axis: usize, ndim: usize) -> Result<()> {
    if axis < ndim {
        return Ok(());
    }
    Err(Error::InvalidAxis {
        axis,
        ndim,
        reason: "the axis is out of range",
    })
}

/// `span + (n - 1) * |s|`, the bytes a block reaches once axis `(n, s)` is
/// added to it; `Overflow` if that does not fit (impossible for a valid
/// non-empty layout, checked anyway).
fn widen_span(span: usize, n: usize, s: isize) -> Result<usize> {
    (n.saturating_sub(1))
        .checked_mul(s.unsigned_abs())
        .and_then(|reach| reach.checked_add(span))
        .ok_or_else(|| Error::overflow("the byte span of a sub-view"))
}

/// The bytes one block spans along `outer` when it is made of the axes
/// `inner` of `layout`: the itemsize plus `(n_j - 1)·|s_j|` for each.
fn block_span(
    layout: &Layout,
    itemsize: usize,
    mut inner: impl Iterator<Item = usize>,
) -> Result<usize> {
    inner.try_fold(itemsize, |span, j| {
        widen_span(span, layout.shape()[j], layout.strides()[j])
    })
}

/// Whether the blocks along an axis of length `n` and stride `s`, each
/// spanning `span` bytes, lie in disjoint byte ranges.
fn blocks_disjoint(n: usize, s: isize, span: usize) -> bool {
    n <= 1 || s.unsigned_abs() >= span
}

/// The sub-views of an [`NdViewMut`] along one axis, all mutable and alive
/// at the same time (the axis is removed from each). Made by
/// [`NdViewMut::axis_iter_mut`], [`NdViewMut::outer_iter_mut`] and their
/// consuming forms.
///
/// Each step cuts the next sub-view's bytes off the remaining region with
/// [`NdViewMut::split_at_mut`], from the front or from the back: every
/// live mutable view owns its own bytes. So the sub-views must not
/// interleave in memory: along an axis of length `n > 1` and byte stride
/// `s`, `|s|` must be at least the bytes one sub-view spans (`itemsize`
/// plus `(n_j - 1)·|s_j|` over its axes). The rows of a C-order matrix
/// pass; its columns (every row holds one element of each) are refused
/// with [`Error::Overlap`] when the iterator is made — take them one at a
/// time with [`NdViewMut::column_mut`], or write them all with
/// [`Zip`](crate::Zip).
///
/// ```
/// let mut d = [0u8; 6];
/// let mut m = ndview::NdViewMut::from_slice_mut(&mut d, &[3, 2])?;
/// let mut rows = m.outer_iter_mut()?;
/// assert_eq!(rows.len(), 3);
/// let (mut first, mut last) = (rows.next().unwrap(), rows.next_back().unwrap());
/// first.fill(1);
/// last.fill(3);
/// assert_eq!(d, [1, 1, 0, 0, 3, 3]);
/// # Ok::<(), ndview::Error>(())
/// ```
pub struct AxisIterMut<'a, T: Element> {
    /// The sub-views not yet handed out, still with the axis (`None` once
    /// the last one is gone).
    rest: Option<NdViewMut<'a, T>>,
    axis: usize,
    remaining: usize,
}

impl<'a, T: Element> AxisIterMut<'a, T> {
    fn new(view: NdViewMut<'a, T>, axis: usize) -> Result<Self> {
        let layout = view.layout();
        check_axis(axis, layout.ndim())?;
        let (n, s) = (layout.shape()[axis], layout.strides()[axis]);
        if !layout.is_empty() {
            let others = (0..layout.ndim()).filter(|&j| j != axis);
            let span = block_span(layout, size_of::<T>(), others)?;
            if !blocks_disjoint(n, s, span) {
                return Err(Error::Overlap {
                    reason: alloc::format!(
                        "the sub-views along axis {axis} interleave in memory (stride {s} < span \
                         {span} of one sub-view), and each live mutable view owns its bytes: \
                         iterate along an axis with a larger stride, or take the sub-views one \
                         at a time with index_axis_mut (column_mut for a matrix), or write them \
                         all with Zip"
                    ),
                });
            }
        }
        Ok(AxisIterMut {
            rest: Some(view),
            axis,
            remaining: n,
        })
    }

    /// Cuts the first (or, `from_back`, the last) remaining sub-view off
    /// the remaining view and returns it with the axis removed.
    fn take(&mut self, from_back: bool) -> Option<NdViewMut<'a, T>> {
        if self.remaining == 0 {
            return None;
        }
        let view = self.rest.take()?;
        let block = if self.remaining == 1 {
            view
        } else {
            let at = if from_back { self.remaining - 1 } else { 1 };
            // Cannot fail: the axis is in range, `at` is inside it, and the
            // blocks along it were found disjoint when the iterator was made
            // (the remaining view has the same geometry).
            let (front, back) = view
                .split_at_mut(self.axis, at)
                .expect("checked when the iterator was made");
            let (block, rest) = if from_back {
                (back, front)
            } else {
                (front, back)
            };
            self.rest = Some(rest);
            block
        };
        self.remaining -= 1;
        // Cannot fail: the block has length 1 along the axis.
        Some(
            block
                .index_axis(self.axis, 0)
                .expect("a block of length 1 along the axis"),
        )
    }
}

impl<'a, T: Element> Iterator for AxisIterMut<'a, T> {
    type Item = NdViewMut<'a, T>;

    fn next(&mut self) -> Option<NdViewMut<'a, T>> {
        self.take(false)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<T: Element> DoubleEndedIterator for AxisIterMut<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.take(true)
    }
}

impl<T: Element> ExactSizeIterator for AxisIterMut<'_, T> {}
impl<T: Element> FusedIterator for AxisIterMut<'_, T> {}

/// The 1-d lanes of an [`NdViewMut`] along one axis, all mutable and alive
/// at the same time: one lane for every position of the other axes, in C
/// order of those positions. Made by [`NdViewMut::lanes_mut`] and
/// [`NdViewMut::into_lanes_mut`].
///
/// The lane axis is moved last, and the rest is cut depth-first, one axis
/// per level, with [`NdViewMut::split_at_mut`]: a stack of at most `ndim`
/// remaining views. Every live lane owns its own bytes, so for every other
/// axis the blocks along it (made of the axes after it, the lane axis
/// last) must not interleave, the rule of [`AxisIterMut`]. Rows of a
/// C-order matrix pass; its columns are refused with [`Error::Overlap`]
/// when the iterator is made (use [`NdViewMut::column_mut`] one at a time
/// or [`Zip`](crate::Zip)). The rule is sufficient, not necessary: lanes
/// whose own bytes are apart can be refused when an outer axis' blocks
/// interleave.
///
/// Each lane costs a region split and a few layout copies, independent of
/// its length: for many short lanes, a whole-view [`Zip`](crate::Zip) or
/// `map_inplace` is much faster (see `benches/iter_mut.rs`).
///
/// ```
/// let mut d = [0i32; 6];
/// let mut m = ndview::NdViewMut::from_slice_mut(&mut d, &[2, 3])?;
/// for (i, mut row) in m.lanes_mut(1)?.enumerate() {
///     row.fill(i as i32 + 1);
/// }
/// assert_eq!(d, [1, 1, 1, 2, 2, 2]);
/// # Ok::<(), ndview::Error>(())
/// ```
pub struct LanesMut<'a, T: Element> {
    /// Remaining views, deepest last; each has the lane axis last, and the
    /// top one is the next block to cut (or the next lane when 1-d).
    stack: Vec<NdViewMut<'a, T>>,
    remaining: usize,
}

impl<'a, T: Element> LanesMut<'a, T> {
    fn new(view: NdViewMut<'a, T>, axis: usize) -> Result<Self> {
        let layout = view.layout();
        let ndim = layout.ndim();
        check_axis(axis, ndim)?;
        // The other axes in order, then the lane axis.
        let order: Vec<usize> = (0..ndim).filter(|&j| j != axis).chain([axis]).collect();
        let lanes = order[..ndim - 1]
            .iter()
            .try_fold(1usize, |count, &j| count.checked_mul(layout.shape()[j]))
            .ok_or_else(|| Error::overflow("the number of lanes"))?;
        if !layout.is_empty() {
            check_lane_blocks(layout, size_of::<T>(), &order)?;
        }
        let mut stack = Vec::with_capacity(ndim);
        if lanes > 0 {
            // Cannot fail: `order` is a permutation of `0..ndim`.
            stack.push(view.permute_axes(&order).expect("a permutation"));
        }
        Ok(LanesMut {
            stack,
            remaining: lanes,
        })
    }
}

/// `Overlap` unless, for every non-lane axis of `order` (the lane axis
/// last), the blocks along it are disjoint, each block being made of the
/// axes after it in `order`.
fn check_lane_blocks(layout: &Layout, itemsize: usize, order: &[usize]) -> Result<()> {
    let lane = order[order.len() - 1];
    let mut span = block_span(layout, itemsize, core::iter::once(lane))?;
    for &k in order[..order.len() - 1].iter().rev() {
        let (n, s) = (layout.shape()[k], layout.strides()[k]);
        if !blocks_disjoint(n, s, span) {
            return Err(Error::Overlap {
                reason: alloc::format!(
                    "the lanes along axis {lane} interleave in memory: the blocks along axis {k} \
                     are {} bytes apart but each spans {span} bytes, and each live mutable lane \
                     owns its bytes; take the lanes one at a time with index_axis_mut \
                     (column_mut for a matrix's columns), or write them all with Zip",
                    s.unsigned_abs()
                ),
            });
        }
        span = widen_span(span, n, s)?;
    }
    Ok(())
}

impl<'a, T: Element> Iterator for LanesMut<'a, T> {
    type Item = NdViewMut<'a, T>;

    fn next(&mut self) -> Option<NdViewMut<'a, T>> {
        while let Some(top) = self.stack.pop() {
            if top.ndim() == 1 {
                self.remaining -= 1;
                return Some(top);
            }
            // Every non-lane axis is non-empty (else there is no lane and
            // the stack starts empty), so the leading axis has a block 0.
            let block = if top.shape()[0] > 1 {
                // Cannot fail: the blocks along every non-lane axis were
                // found disjoint when the iterator was made, and `top` has
                // the geometry of a sub-view of the permuted view.
                let (block, rest) = top
                    .split_at_mut(0, 1)
                    .expect("checked when the iterator was made");
                self.stack.push(rest);
                block
            } else {
                top
            };
            // Cannot fail: the block has length 1 along axis 0.
            self.stack
                .push(block.index_axis(0, 0).expect("a block of length 1"));
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<T: Element> ExactSizeIterator for LanesMut<'_, T> {}
impl<T: Element> FusedIterator for LanesMut<'_, T> {}

impl<'a, T: Element> NdViewMut<'a, T> {
    /// The sub-views along `axis` (the axis removed from each), mutable and
    /// alive at the same time, borrowing this view.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`] if `axis >= ndim`; [`Error::Overlap`] when
    /// the sub-views interleave in memory, so that they cannot each own a
    /// byte range (the columns of a C-order matrix: see [`AxisIterMut`]).
    ///
    /// ```
    /// let mut d = [0u8; 6];
    /// // The columns of a Fortran-order 2×3 matrix are contiguous.
    /// let mut m = ndview::NdViewMut::from_slice_mut(&mut d, &[3, 2])?.transpose();
    /// // Its rows interleave: each holds every second byte.
    /// assert!(matches!(m.axis_iter_mut(0), Err(ndview::Error::Overlap { .. })));
    /// for (j, mut col) in m.axis_iter_mut(1)?.enumerate() {
    ///     col.fill(j as u8);
    /// }
    /// assert_eq!(d, [0, 0, 1, 1, 2, 2]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn axis_iter_mut(&mut self, axis: usize) -> Result<AxisIterMut<'_, T>> {
        self.reborrow().into_axis_iter_mut(axis)
    }

    /// The sub-views along axis 0 (the rows of a matrix), mutable and alive
    /// at the same time, borrowing this view: `axis_iter_mut(0)`.
    ///
    /// # Errors
    ///
    /// As [`axis_iter_mut`](Self::axis_iter_mut) (a 0-d view has no axis 0).
    ///
    /// ```
    /// let mut d = [0u16; 8];
    /// let mut m = ndview::NdViewMut::from_slice_mut(&mut d, &[2, 2, 2])?;
    /// for (i, mut plane) in m.outer_iter_mut()?.enumerate() {
    ///     plane.fill(i as u16 * 10);
    /// }
    /// assert_eq!(d, [0, 0, 0, 0, 10, 10, 10, 10]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn outer_iter_mut(&mut self) -> Result<AxisIterMut<'_, T>> {
        self.axis_iter_mut(0)
    }

    /// [`axis_iter_mut`](Self::axis_iter_mut) consuming the view: the
    /// sub-views live as long as the original region borrow `'a`.
    ///
    /// # Errors
    ///
    /// As [`axis_iter_mut`](Self::axis_iter_mut).
    ///
    /// ```
    /// let mut d = [1, 2, 3, 4];
    /// let m = ndview::NdViewMut::from_slice_mut(&mut d, &[2, 2])?;
    /// let rows: Vec<_> = m.into_axis_iter_mut(0)?.collect();
    /// assert_eq!(rows[1].to_vec(), [3, 4]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn into_axis_iter_mut(self, axis: usize) -> Result<AxisIterMut<'a, T>> {
        AxisIterMut::new(self, axis)
    }

    /// [`outer_iter_mut`](Self::outer_iter_mut) consuming the view.
    ///
    /// # Errors
    ///
    /// As [`axis_iter_mut`](Self::axis_iter_mut).
    ///
    /// ```
    /// let mut d = [0u8; 4];
    /// let m = ndview::NdViewMut::from_slice_mut(&mut d, &[2, 2])?;
    /// let (mut a, mut b) = {
    ///     let mut rows = m.into_outer_iter_mut()?;
    ///     (rows.next().unwrap(), rows.next().unwrap())
    /// };
    /// std::thread::scope(|s| {
    ///     s.spawn(|| a.fill(1));
    ///     s.spawn(|| b.fill(2));
    /// });
    /// assert_eq!(d, [1, 1, 2, 2]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn into_outer_iter_mut(self) -> Result<AxisIterMut<'a, T>> {
        self.into_axis_iter_mut(0)
    }

    /// The 1-d lanes along `axis` (one for every position of the other
    /// axes, in C order of those positions; rows for `axis = ndim - 1`),
    /// mutable and alive at the same time, borrowing this view.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`] if `axis >= ndim`; [`Error::Overlap`] when
    /// the lanes cannot each own a byte range (the columns of a C-order
    /// matrix, `lanes_mut(0)`: use [`column_mut`](Self::column_mut) one at
    /// a time or [`Zip`](crate::Zip); see [`LanesMut`]);
    /// [`Error::Overflow`] if the
    /// number of lanes does not fit in `usize`.
    ///
    /// ```
    /// let mut d = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    /// let mut m = ndview::NdViewMut::from_slice_mut(&mut d, &[2, 3])?;
    /// for mut row in m.lanes_mut(1)? {
    ///     let total = row.sum();
    ///     row.map_inplace(|x| *x /= total);
    /// }
    /// assert_eq!(m.row(0)?.to_vec(), [1.0 / 6.0, 2.0 / 6.0, 3.0 / 6.0]);
    /// assert!(matches!(m.lanes_mut(0), Err(ndview::Error::Overlap { .. })));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn lanes_mut(&mut self, axis: usize) -> Result<LanesMut<'_, T>> {
        self.reborrow().into_lanes_mut(axis)
    }

    /// [`lanes_mut`](Self::lanes_mut) consuming the view: the lanes live as
    /// long as the original region borrow `'a`.
    ///
    /// # Errors
    ///
    /// As [`lanes_mut`](Self::lanes_mut).
    ///
    /// ```
    /// let mut d = [0u32; 6];
    /// let m = ndview::NdViewMut::from_slice_mut(&mut d, &[3, 2])?;
    /// let mut lanes: Vec<_> = m.into_lanes_mut(1)?.collect();
    /// lanes[2][[1]] = 7;
    /// assert_eq!(d, [0, 0, 0, 0, 0, 7]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn into_lanes_mut(self, axis: usize) -> Result<LanesMut<'a, T>> {
        LanesMut::new(self, axis)
    }
}
