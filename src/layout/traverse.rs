//! Orders and walks for the loops: memory-order sorting, axis merging and
//! the odometer over element offsets.
//!
//! A kernel that visits every element wants two things from a layout: an
//! axis order in which consecutive elements are close in memory, and as few
//! axes as possible so that its inner loop is long. The helpers here give
//! both, without allocating for up to [`INLINE_DIMS`](super::INLINE_DIMS)
//! axes:
//!
//! * [`Layout::to_memory_order`] flips negative strides and sorts the axes
//!   by decreasing |stride|: a C-order walk of the result is a walk through
//!   memory, and [`Layout::dense_block`] uses it to find elements that fill
//!   one block of bytes.
//! * [`Layout::coalesce`] merges axes that step over each other evenly,
//!   keeping the C-order sequence of offsets, and
//!   [`Layout::innermost_run`] is its last axis: the inner loop.
//! * [`Offsets`] and [`Layout::for_each_offset`] walk the element offsets
//!   in C order with an odometer (one add per element, one subtract per
//!   carry).
//!
//! Kernels combine them: `layout.to_memory_order().coalesce()` is the
//! fastest order when the order of the visit does not matter.
//!
//! Offsets from [`Offsets`] and [`Layout::for_each_offset`] are **relative
//! to the first element** `[0, …, 0]` (whose byte position in the region is
//! [`Layout::offset`]); measured that way they always fit in `isize`, since
//! they lie within the span of the layout.
//!
//! Related: [`Layout::is_unique`] (aliasing) normalises axes the same way;
//! [`Layout::is_c_contiguous`] is the density test used on the memory
//! order.

use core::iter::FusedIterator;

use super::{Dims, Layout};

impl Layout {
    /// The same elements with negative strides flipped (the offset moves to
    /// the lowest element) and the axes sorted by decreasing |stride|
    /// (stable), so that a C-order walk of the result visits memory in
    /// increasing order.
    ///
    /// Axes of length 1 take part in the sort but do not matter for the
    /// walk. An empty layout is returned with its axes sorted and its
    /// strides and offset unchanged. If flipping would move the offset below
    /// 0 (a layout that reaches below its region start, which no region can
    /// hold), the negative strides are kept as they are; a stride of length
    /// 1 that cannot be negated (`isize::MIN`) is kept too.
    ///
    /// ```
    /// use ndview::Layout;
    /// // A transposed, reversed view of a 2×3 array of 4-byte items.
    /// let l = Layout::new(&[3, 2], &[-4, 12], 8).unwrap();
    /// let m = l.to_memory_order();
    /// assert_eq!((m.shape(), m.strides(), m.offset()), (&[2, 3][..], &[12, 4][..], 0));
    /// assert!(m.is_c_contiguous(4));
    /// ```
    pub fn to_memory_order(&self) -> Layout {
        let mut out = self.clone();
        if !self.is_empty() {
            // Lowest byte: offset + Σ (n-1)·s over negative strides; each term
            // and the sum fit by the span invariant.
            let reach_below: isize = self
                .shape
                .iter()
                .zip(self.strides.iter())
                .filter(|&(_, &s)| s < 0)
                .map(|(&n, &s)| (n as isize - 1) * s)
                .sum();
            let lowest = self.offset as isize + reach_below;
            if lowest >= 0 {
                out.offset = lowest as usize;
                for s in out.strides.iter_mut() {
                    if *s < 0 {
                        *s = s.checked_neg().unwrap_or(*s);
                    }
                }
            }
        }
        // Stable insertion sort by decreasing |stride|: no allocation.
        for i in 1..out.ndim() {
            let mut j = i;
            while j > 0 && out.strides[j - 1].unsigned_abs() < out.strides[j].unsigned_abs() {
                out.strides.swap(j - 1, j);
                out.shape.swap(j - 1, j);
                j -= 1;
            }
        }
        out
    }

    /// The same C-order sequence of element offsets with as few axes as
    /// possible.
    ///
    /// Precisely: axes of length 1 are dropped, then adjacent axes `k`,
    /// `k + 1` are merged into one of length `shape[k]·shape[k+1]` and
    /// stride `stride[k+1]` while `stride[k] == stride[k+1]·shape[k+1]`.
    /// The offset is unchanged. The result always has at least one axis:
    ///
    /// * an empty layout becomes shape `[0]`, stride `[0]`;
    /// * a layout of one element (0-d, or all axes of length 1) becomes
    ///   shape `[1]`, stride `[0]`.
    ///
    /// ```
    /// use ndview::{Layout, Order};
    /// let c = Layout::contiguous(&[2, 1, 3, 4], 8, Order::C).unwrap();
    /// let m = c.coalesce();
    /// assert_eq!((m.shape(), m.strides()), (&[24][..], &[8][..]));
    /// // Every other row of a 4×3 array: rows cannot merge.
    /// let rows = Layout::new(&[2, 3], &[24, 4], 0).unwrap();
    /// assert_eq!(rows.coalesce(), rows);
    /// assert_eq!(Layout::new(&[], &[], 5).unwrap().coalesce().shape(), &[1]);
    /// ```
    pub fn coalesce(&self) -> Layout {
        let mut shape: Dims<usize> = Dims::new();
        let mut strides: Dims<isize> = Dims::new();
        if self.is_empty() {
            shape.push(0);
            strides.push(0);
        } else {
            for (&n, &s) in self.shape.iter().zip(self.strides.iter()) {
                if n == 1 {
                    continue;
                }
                let last = shape.len().checked_sub(1);
                match last {
                    // `n as isize` fits: axis lengths fit in isize.
                    Some(k) if (n as isize).checked_mul(s) == Some(strides[k]) => {
                        // The product is at most the element count.
                        shape[k] *= n;
                        strides[k] = s;
                    }
                    _ => {
                        shape.push(n);
                        strides.push(s);
                    }
                }
            }
            if shape.is_empty() {
                shape.push(1);
                strides.push(0);
            }
        }
        // Same elements and the same span: the invariants still hold.
        Layout {
            shape,
            strides,
            offset: self.offset,
        }
    }

    /// Length and byte stride of the innermost axis after
    /// [`coalesce`](Self::coalesce): what a kernel's inner loop walks.
    /// `(0, 0)` for an empty layout, `(1, 0)` for a single element.
    ///
    /// ```
    /// use ndview::Layout;
    /// // Columns 1..3 of a 4×5 array of bytes, transposed back: 4 runs of 2.
    /// let l = Layout::new(&[4, 2], &[5, 1], 1).unwrap();
    /// assert_eq!(l.innermost_run(), (2, 1));
    /// assert_eq!(Layout::new(&[3, 2], &[2, 1], 0).unwrap().innermost_run(), (6, 1));
    /// ```
    pub fn innermost_run(&self) -> (usize, isize) {
        let c = self.coalesce();
        let k = c.ndim() - 1; // coalesce returns at least one axis
        (c.shape[k], c.strides[k])
    }

    /// The lowest byte offset when the elements fill one gap-free block of
    /// `len() · itemsize` bytes in some axis order (any stride signs), so
    /// that the block can be handed out as one slice; `None` otherwise. An
    /// empty layout is the empty block at its offset.
    ///
    /// ```
    /// use ndview::Layout;
    /// // Reversed rows of a 3×4 array of 2-byte items: still one block.
    /// let l = Layout::new(&[3, 4], &[-8, 2], 16).unwrap();
    /// assert_eq!(l.dense_block(2), Some(0));
    /// assert_eq!(Layout::new(&[3, 2], &[8, 2], 0).unwrap().dense_block(2), None);
    /// ```
    pub fn dense_block(&self, itemsize: usize) -> Option<usize> {
        if self.is_empty() {
            return Some(self.offset);
        }
        let m = self.to_memory_order();
        m.is_c_contiguous(itemsize).then_some(m.offset)
    }

    /// The byte offsets of the elements in C order, **relative to the first
    /// element** `[0, …, 0]`; see [`Offsets`].
    ///
    /// ```
    /// use ndview::Layout;
    /// let l = Layout::new(&[2, 3], &[-3, 1], 3).unwrap();
    /// assert_eq!(l.offsets().collect::<Vec<_>>(), [0, 1, 2, -3, -2, -1]);
    /// // Positions in the region: add the offset of the first element.
    /// let at: Vec<isize> = l.offsets().map(|o| l.offset() as isize + o).collect();
    /// assert_eq!(at, [3, 4, 5, 0, 1, 2]);
    /// ```
    pub fn offsets(&self) -> Offsets<'_> {
        Offsets {
            shape: &self.shape,
            strides: &self.strides,
            index: Dims::zeros(self.ndim()),
            current: 0,
            remaining: self.len(),
        }
    }

    /// Calls `f` with the byte offset of every element, in C order,
    /// relative to the first element (like [`offsets`](Self::offsets)),
    /// walking the [coalesced](Self::coalesce) layout with a plain inner
    /// loop. Allocation-free up to [`INLINE_DIMS`](super::INLINE_DIMS) axes.
    ///
    /// ```
    /// use ndview::Layout;
    /// let l = Layout::new(&[2, 2, 2], &[8, 4, 1], 0).unwrap();
    /// let mut seen = Vec::new();
    /// l.for_each_offset(|o| seen.push(o));
    /// assert_eq!(seen, [0, 1, 4, 5, 8, 9, 12, 13]);
    /// ```
    pub fn for_each_offset(&self, mut f: impl FnMut(isize)) {
        if self.is_empty() {
            return;
        }
        let mut c = self.coalesce();
        let k = c.ndim() - 1;
        let (n, s) = (c.shape[k], c.strides[k]);
        c.shape.truncate(k);
        c.strides.truncate(k);
        for base in c.offsets() {
            // Every offset below lies within the span: no overflow.
            let mut o = base;
            f(o);
            for _ in 1..n {
                o += s;
                f(o);
            }
        }
    }
}

/// The byte offsets of a layout's elements in C order, relative to the first
/// element `[0, …, 0]`, from [`Layout::offsets`].
///
/// An odometer: each step adds one stride, and a carry subtracts the span
/// of the axis that wrapped. It does not allocate for up to
/// [`INLINE_DIMS`](super::INLINE_DIMS) axes; the offsets always fit in
/// `isize` (they lie within the span of the layout).
///
/// ```
/// use ndview::Layout;
/// let l = Layout::new(&[2, 2], &[1, 2], 0).unwrap(); // Fortran order
/// let mut it = l.offsets();
/// assert_eq!(it.len(), 4);
/// assert_eq!(it.collect::<Vec<_>>(), [0, 2, 1, 3]);
/// ```
#[derive(Clone, Debug)]
pub struct Offsets<'a> {
    shape: &'a [usize],
    strides: &'a [isize],
    index: Dims<usize>,
    current: isize,
    remaining: usize,
}

impl Iterator for Offsets<'_> {
    type Item = isize;

    #[inline]
    fn next(&mut self) -> Option<isize> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let at = self.current;
        if self.remaining > 0 {
            // Not the last element, so some axis can still advance; the
            // running offset stays within the span of the layout.
            for k in (0..self.shape.len()).rev() {
                self.index[k] += 1;
                if self.index[k] < self.shape[k] {
                    self.current += self.strides[k];
                    break;
                }
                self.index[k] = 0;
                self.current -= (self.shape[k] as isize - 1) * self.strides[k];
            }
        }
        Some(at)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for Offsets<'_> {}

impl FusedIterator for Offsets<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_order_of_a_flipped_transpose() {
        let l = Layout::new(&[4, 1, 3], &[-1, 99, -4], 15).unwrap();
        let m = l.to_memory_order();
        assert_eq!(m.shape(), &[1, 3, 4]);
        assert_eq!(m.strides(), &[99, 4, 1]);
        assert_eq!(m.offset(), 4);
        assert!(m.is_c_contiguous(1));
        assert_eq!(l.dense_block(1), Some(4));
        assert_eq!(l.dense_block(2), None);
    }

    #[test]
    fn memory_order_below_the_region_keeps_signs() {
        let l = Layout::new(&[3], &[-4], 4).unwrap();
        let m = l.to_memory_order();
        assert_eq!(m, l);
        assert_eq!(l.dense_block(4), None);
        let unit = Layout::new(&[1, 2], &[isize::MIN, -1], 1).unwrap();
        assert_eq!(unit.to_memory_order().strides(), &[isize::MIN, 1]);
    }

    #[test]
    fn empty_layouts() {
        let l = Layout::new(&[2, 0], &[isize::MIN, 3], 7).unwrap();
        assert_eq!(l.to_memory_order().offset(), 7);
        assert_eq!(l.coalesce().shape(), &[0]);
        assert_eq!(l.innermost_run(), (0, 0));
        assert_eq!(l.offsets().count(), 0);
        let mut calls = 0;
        l.for_each_offset(|_| calls += 1);
        assert_eq!(calls, 0);
        assert_eq!(l.dense_block(8), Some(7));
    }

    #[test]
    fn zero_d_is_one_element() {
        let l = Layout::new(&[], &[], 3).unwrap();
        assert_eq!(l.offsets().collect::<alloc::vec::Vec<_>>(), [0]);
        assert_eq!(l.innermost_run(), (1, 0));
        let mut seen = alloc::vec::Vec::new();
        l.for_each_offset(|o| seen.push(o));
        assert_eq!(seen, [0]);
        assert_eq!(l.dense_block(4), Some(3));
    }

    #[test]
    fn coalesce_merges_broadcast_axes() {
        let l = Layout::new(&[2, 3, 4], &[0, 0, 8], 0).unwrap();
        let c = l.coalesce();
        assert_eq!((c.shape(), c.strides()), (&[6, 4][..], &[0, 8][..]));
    }

    #[test]
    fn huge_strides_walk_without_overflow() {
        let s = isize::MAX / 2;
        let l = Layout::new(&[2, 2], &[s, -s], 0).unwrap();
        assert_eq!(l.offsets().collect::<alloc::vec::Vec<_>>(), [0, -s, s, 0]);
    }
}
