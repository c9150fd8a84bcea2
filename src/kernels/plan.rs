//! Loop plans: how to walk one or more same-shaped strided operands with as
//! few, and as long, inner runs as possible.
//!
//! A [`Plan`] holds a shape and, for each of its `N` operands, byte strides
//! and the byte offset of element `[0, …, 0]`. Two rewrites keep the *pairing*
//! of elements across operands (element `i` of one operand still meets
//! element `i` of the others) while changing the order of the walk:
//!
//! * [`Plan::memory_order`] flips axes whose stride is negative in the
//!   leading operand and sorts the axes by that operand's stride, so the
//!   walk follows its memory;
//! * [`Plan::coalesce`] drops axes of length 1 and merges neighbouring axes
//!   that are contiguous with each other in *every* operand, so that a
//!   C-contiguous array of any shape becomes one run.
//!
//! Ordered work (copy-out in C order, `iter().fold`) only coalesces; order-free
//! work (sums, fills, assignment, copy into a dense destination) sorts first.
//! This is the job NumPy's `nditer` and `ndarray`'s `Zip` do. All of it is
//! O(ndim²) at worst on at most 64 axes, and allocation-free up to six axes (`INLINE_DIMS`).

use crate::layout::{Dims, Layout};

/// The walk over `N` same-shaped operands.
#[derive(Clone, Debug)]
pub(crate) struct Plan<const N: usize> {
    shape: Dims<usize>,
    strides: [Dims<isize>; N],
    starts: [isize; N],
}

/// One inner run: the byte offset of its first element in every operand,
/// its length, and every operand's byte stride along it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Run<const N: usize> {
    pub starts: [isize; N],
    pub len: usize,
    pub strides: [isize; N],
}

impl<const N: usize> Plan<N> {
    /// A plan over `shape` for operands with the given byte strides and
    /// offsets of element `[0, …, 0]`. Every stride list has `shape.len()`
    /// entries.
    pub(crate) fn new(shape: &[usize], strides: [&[isize]; N], starts: [isize; N]) -> Self {
        Plan {
            shape: Dims::from_slice(shape),
            strides: strides.map(Dims::from_slice),
            starts,
        }
    }

    /// A one-operand plan over a validated layout.
    pub(crate) fn of_layout(layout: &Layout) -> Plan<1> {
        // The offset fits in `isize` by the layout's invariants.
        Plan::new(
            layout.shape(),
            [layout.strides()],
            [layout.offset() as isize],
        )
    }

    /// The number of elements.
    pub(crate) fn len(&self) -> usize {
        self.shape.iter().product()
    }

    /// Reorders the walk to follow operand `lead`'s memory: axes with a
    /// negative stride there are flipped in every operand, and axes are
    /// sorted by decreasing stride (stable, so ties keep logical order).
    ///
    /// Ties in the lead operand (a broadcast axis, stride 0) are broken by
    /// the other operands' strides in turn, and an axis the lead does not
    /// move along is flipped when no operand walks it forwards, so every
    /// operand follows its memory as far as the lead allows.
    pub(crate) fn memory_order(&mut self, lead: usize) -> &mut Self {
        self.memory_order_keeping(lead, None)
    }

    /// [`memory_order`](Self::memory_order), except that axis `keep` (an
    /// axis of the plan as it stands) is never flipped: for ordered folds
    /// along that axis.
    pub(crate) fn memory_order_keeping(&mut self, lead: usize, keep: Option<usize>) -> &mut Self {
        if self.len() == 0 {
            return self;
        }
        for k in 0..self.shape.len() {
            // Axes of length 1 are never flipped: it would change nothing,
            // and their stride may be anything, `isize::MIN` included.
            if self.shape[k] <= 1 || keep == Some(k) {
                continue;
            }
            let lead_stride = self.strides[lead][k];
            let backwards = lead_stride < 0
                || (lead_stride == 0
                    && self.strides.iter().all(|s| s[k] <= 0)
                    && self.strides.iter().any(|s| s[k] < 0));
            if backwards {
                self.flip(k);
            }
        }
        // Insertion sort: ndim is small and the input is often sorted.
        for i in 1..self.shape.len() {
            let mut j = i;
            while j > 0 && self.goes_before(lead, j, j - 1) {
                self.shape.swap(j - 1, j);
                for op in 0..N {
                    self.strides[op].swap(j - 1, j);
                }
                j -= 1;
            }
        }
        self
    }

    /// Whether axis `a` should be walked outside axis `b`: a larger stride
    /// in the lead operand, or on a tie, in the first other operand that
    /// tells them apart.
    fn goes_before(&self, lead: usize, a: usize, b: usize) -> bool {
        let order = core::iter::once(lead).chain((0..N).filter(|&op| op != lead));
        for op in order {
            let (sa, sb) = (
                self.strides[op][a].unsigned_abs(),
                self.strides[op][b].unsigned_abs(),
            );
            if sa != sb {
                return sa > sb;
            }
        }
        false
    }

    /// Walks axis `k` backwards in every operand (pairs are unchanged).
    /// The axis is longer than 1 (so its strides are those of real steps).
    pub(crate) fn flip(&mut self, k: usize) -> &mut Self {
        debug_assert!(self.shape[k] > 1);
        let last = self.shape[k] as isize - 1;
        for op in 0..N {
            // Within the operand's span: no overflow by the layout
            // invariants each operand satisfies.
            self.starts[op] += last * self.strides[op][k];
            self.strides[op][k] = -self.strides[op][k];
        }
        self
    }

    /// Drops axes of length 1 and merges axis `k` into axis `k + 1` wherever
    /// `stride[k] == stride[k + 1] * shape[k + 1]` holds for every operand.
    /// The C-order sequence of element pairs is unchanged.
    pub(crate) fn coalesce(&mut self) -> &mut Self {
        if self.len() == 0 {
            return self;
        }
        let mut shape = Dims::<usize>::new();
        let mut strides: [Dims<isize>; N] = core::array::from_fn(|_| Dims::new());
        for k in 0..self.shape.len() {
            let n = self.shape[k];
            if n == 1 {
                continue;
            }
            let last = shape.len();
            // Merge the kept outer axis `last - 1` with this one.
            let mergeable = last > 0
                && (0..N).all(|op| {
                    (n as isize)
                        .checked_mul(self.strides[op][k])
                        .is_some_and(|s| s == strides[op][last - 1])
                });
            if mergeable {
                shape[last - 1] *= n;
                for (op, st) in strides.iter_mut().enumerate() {
                    st[last - 1] = self.strides[op][k];
                }
            } else {
                shape.push(n);
                for (op, st) in strides.iter_mut().enumerate() {
                    st.push(self.strides[op][k]);
                }
            }
        }
        self.shape = shape;
        self.strides = strides;
        self
    }

    /// The shape as it stands (after any rewrites).
    pub(crate) fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// Operand `op`'s strides as they stand.
    pub(crate) fn strides(&self, op: usize) -> &[isize] {
        &self.strides[op]
    }

    /// Operand `op`'s offset of the first element as it stands.
    pub(crate) fn start(&self, op: usize) -> isize {
        self.starts[op]
    }

    /// Calls `f` once per inner run, outer axes in C order. A 0-d plan is
    /// one run of length 1; an empty plan has none.
    #[inline]
    pub(crate) fn for_each_run(&self, mut f: impl FnMut(Run<N>)) {
        if self.len() == 0 {
            return;
        }
        let nd = self.shape.len();
        if nd == 0 {
            f(Run {
                starts: self.starts,
                len: 1,
                strides: [0; N],
            });
            return;
        }
        let inner = nd - 1;
        let len = self.shape[inner];
        let inner_strides: [isize; N] = core::array::from_fn(|op| self.strides[op][inner]);
        let mut starts = self.starts;
        if nd == 1 {
            f(Run {
                starts,
                len,
                strides: inner_strides,
            });
            return;
        }
        if nd == 2 {
            // The common case, without the odometer's bookkeeping.
            for _ in 0..self.shape[0] {
                f(Run {
                    starts,
                    len,
                    strides: inner_strides,
                });
                for (op, s) in starts.iter_mut().enumerate() {
                    *s += self.strides[op][0];
                }
            }
            return;
        }
        let mut index = Dims::<usize>::zeros(inner);
        loop {
            f(Run {
                starts,
                len,
                strides: inner_strides,
            });
            // Odometer over the outer axes; every offset it produces is an
            // element's, so within the span: no overflow.
            let mut k = inner;
            loop {
                if k == 0 {
                    return;
                }
                k -= 1;
                if index[k] + 1 < self.shape[k] {
                    index[k] += 1;
                    for (op, s) in starts.iter_mut().enumerate() {
                        *s += self.strides[op][k];
                    }
                    break;
                }
                let back = (self.shape[k] - 1) as isize;
                for (op, s) in starts.iter_mut().enumerate() {
                    *s -= back * self.strides[op][k];
                }
                index[k] = 0;
            }
        }
    }
}

// ---- Round 3: cache blocking for n-operand walks (zips, reductions) ----

/// The cache-line size the blocked walk is tuned for.
const LINE: usize = 64;

/// Positions along the blocked outer axis per tile, for
/// [`Plan::for_each_run_blocked`]: the tile's rows of the other operands
/// (one page each for long rows) stay in the TLB while the next tile
/// revisits them.
/// (Under Miri, 4, so that tests with few elements take the blocked walk.)
pub(crate) const BLOCK_OUTER: usize = if cfg!(miri) { 4 } else { 64 };

/// The shortest inner axis worth blocking against (Miri: 8, as above).
const BLOCK_MIN_INNER: usize = if cfg!(miri) { 8 } else { 2 * LINE };

/// The inner length of a tile, for an operand of `itemsize` bytes that is
/// dense along the blocked axis: as many positions as it has lines in
/// flight, one cache line's worth (8 for f64). Its rows are a power-of-two
/// apart in the common case, so they compete for one cache set: few of
/// them at a time, each read whole before it is evicted.
pub(crate) fn block_inner(itemsize: usize) -> usize {
    (LINE / itemsize.max(1)).clamp(4, 64)
}

impl<const N: usize> Plan<N> {
    /// After [`memory_order`](Self::memory_order) and
    /// [`coalesce`](Self::coalesce): an outer axis along which some operand
    /// is dense (|stride| equal to its itemsize) while it is not dense along
    /// the inner axis — the case where a plain walk reads that operand one
    /// element per cache line. Returns the axis and that operand's itemsize. Blocking it against the inner axis
    /// ([`for_each_run_blocked`](Self::for_each_run_blocked)) reads whole
    /// lines. `None` when no operand needs it, or the axes are too short
    /// to gain from it.
    pub(crate) fn blocking_axis(&self, itemsizes: [usize; N]) -> Option<(usize, usize)> {
        let nd = self.shape.len();
        if nd < 2 || self.shape[nd - 1] < BLOCK_MIN_INNER {
            return None;
        }
        let inner = nd - 1;
        (0..N).find_map(|op| {
            if self.strides[op][inner].unsigned_abs() <= itemsizes[op] {
                return None;
            }
            (0..inner)
                .rev()
                .find(|&k| {
                    self.shape[k] >= 2 * BLOCK_OUTER
                        && self.strides[op][k].unsigned_abs() == itemsizes[op]
                })
                .map(|k| (k, itemsizes[op]))
        })
    }

    /// Like [`for_each_run`](Self::for_each_run), but axis `k` and the inner
    /// axis are walked in tiles of `outer` positions along `k` by `inner`
    /// along the inner axis: runs are at most `inner` long, and within a
    /// tile the positions along `k` come in order. Every
    /// element is still visited exactly once (only the order changes), so
    /// this is for order-free work.
    #[inline]
    pub(crate) fn for_each_run_blocked(
        &self,
        k: usize,
        outer: usize,
        inner: usize,
        mut f: impl FnMut(Run<N>),
    ) {
        let nd = self.shape.len();
        if self.len() == 0 || nd < 2 || k + 1 >= nd || outer == 0 || inner == 0 {
            return self.for_each_run(f);
        }
        let last = nd - 1;
        let (m, n) = (self.shape[k], self.shape[last]);
        let step_k: [isize; N] = core::array::from_fn(|op| self.strides[op][k]);
        let step_i: [isize; N] = core::array::from_fn(|op| self.strides[op][last]);
        // The other axes, walked by the plain odometer: axes `k` and inner
        // shrunk to one position.
        let mut rest = self.clone();
        rest.shape[k] = 1;
        rest.shape[last] = 1;
        rest.for_each_run(|base| {
            let mut kb = 0;
            while kb < m {
                let k_end = (kb + outer).min(m);
                let mut ib = 0;
                while ib < n {
                    let len = inner.min(n - ib);
                    for kk in kb..k_end {
                        // Element offsets of the plan: within every
                        // operand's span, no overflow.
                        let starts = core::array::from_fn(|op| {
                            base.starts[op] + kk as isize * step_k[op] + ib as isize * step_i[op]
                        });
                        f(Run {
                            starts,
                            len,
                            strides: step_i,
                        });
                    }
                    ib += len;
                }
                kb = k_end;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn offsets<const N: usize>(plan: &Plan<N>) -> Vec<[isize; N]> {
        let mut out = Vec::new();
        plan.for_each_run(|run| {
            for i in 0..run.len as isize {
                out.push(core::array::from_fn(|op| {
                    run.starts[op] + i * run.strides[op]
                }));
            }
        });
        out
    }

    #[test]
    fn c_contiguous_coalesces_to_one_run() {
        let mut p = Plan::new(&[2, 3, 4], [&[96, 32, 8]], [0]);
        p.coalesce();
        assert_eq!((p.shape(), p.strides(0)), (&[24][..], &[8][..]));
    }

    #[test]
    fn transposed_becomes_contiguous_in_memory_order() {
        // A 3×4 C array of f64, transposed.
        let mut p = Plan::new(&[4, 3], [&[8, 32], &[24, 8]], [0, 0]);
        let before = offsets(&p);
        p.memory_order(0).coalesce();
        assert_eq!((p.shape(), p.strides(0)), (&[3, 4][..], &[32, 8][..]));
        let mut after = offsets(&p);
        let mut sorted = before.clone();
        sorted.sort();
        after.sort();
        assert_eq!(sorted, after, "pairs are kept");
    }

    #[test]
    fn negative_strides_flip_in_every_operand() {
        let mut p = Plan::new(&[3], [&[-8], &[8]], [16, 0]);
        p.memory_order(0);
        assert_eq!((p.start(0), p.strides(0)), (0, &[8][..]));
        assert_eq!((p.start(1), p.strides(1)), (16, &[-8][..]));
        assert_eq!(offsets(&p), [[0, 16], [8, 8], [16, 0]]);
    }

    #[test]
    fn merging_needs_every_operand() {
        let mut p = Plan::new(&[2, 3], [&[24, 8], &[8, 16]], [0, 0]);
        p.coalesce();
        assert_eq!(p.shape(), &[2, 3]);
    }

    #[test]
    fn zero_d_and_empty_plans() {
        let p = Plan::new(&[], [&[]], [5]);
        assert_eq!(offsets(&p), [[5]]);
        let mut e = Plan::new(&[3, 0], [&[8, 8]], [0]);
        e.memory_order(0).coalesce();
        assert!(offsets(&e).is_empty());
    }

    #[test]
    fn odometer_matches_nested_loops() {
        let p = Plan::new(&[2, 2, 3], [&[-100, 10, 1]], [200]);
        let mut expected = Vec::new();
        for i in 0..2isize {
            for j in 0..2isize {
                for k in 0..3isize {
                    expected.push([200 - 100 * i + 10 * j + k]);
                }
            }
        }
        assert_eq!(offsets(&p), expected);
    }

    #[test]
    fn broadcast_ties_follow_the_other_operands() {
        // The lead is broadcast along axis 0 (stride 0); the input is
        // dense along it: axis 0 goes inside, and a reversed broadcast
        // axis is flipped.
        let mut p = Plan::new(&[4, 3], [&[0, 8], &[-8, 32]], [0, 24]);
        p.memory_order(0);
        assert_eq!(
            (p.shape(), p.strides(0), p.strides(1)),
            (&[3, 4][..], &[8, 0][..], &[32, 8][..])
        );
        assert_eq!(p.start(1), 0);
    }

    #[test]
    fn blocked_walk_visits_every_element_once() {
        // out (C, 70×90) = in.T (in is C 90×70): in is dense along axis 0.
        let (m, n) = (140usize, 150usize);
        let mut p = Plan::new(
            &[m, n],
            [&[8 * n as isize, 8], &[8, 8 * m as isize]],
            [0, 0],
        );
        p.memory_order(0).coalesce();
        let (k, size) = p
            .blocking_axis([8, 8])
            .expect("the transposed operand asks for blocking");
        assert_eq!(k, 0);
        let mut seen = Vec::new();
        p.for_each_run_blocked(k, BLOCK_OUTER, block_inner(size), |run| {
            assert!(run.len <= block_inner(size));
            for i in 0..run.len as isize {
                seen.push([
                    run.starts[0] + i * run.strides[0],
                    run.starts[1] + i * run.strides[1],
                ]);
            }
        });
        let mut expected = offsets(&p);
        expected.sort();
        seen.sort();
        assert_eq!(seen, expected);
        // Three axes: the outer one walked by the odometer.
        let mut q = Plan::new(
            &[2, m, n],
            [
                &[8 * (m * n) as isize, 8 * n as isize, 8],
                &[8 * (m * n) as isize, 8, 8 * m as isize],
            ],
            [0, 0],
        );
        q.memory_order(0).coalesce();
        let (k, _) = q.blocking_axis([8, 8]).expect("blocking");
        let mut seen = Vec::new();
        q.for_each_run_blocked(k, 7, 5, |run| {
            for i in 0..run.len as isize {
                seen.push([
                    run.starts[0] + i * run.strides[0],
                    run.starts[1] + i * run.strides[1],
                ]);
            }
        });
        let mut expected = offsets(&q);
        expected.sort();
        seen.sort();
        assert_eq!(seen, expected);
    }
}
