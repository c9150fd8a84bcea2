//! Inner loops of the reductions, one per lane kind.
//!
//! Dense lanes are summed with eight interleaved partial sums (element `i`
//! goes to partial `i % 8`), combined pairwise at the end of the lane:
//! `((p0 + p4) + (p2 + p6)) + ((p1 + p5) + (p3 + p7))`, then the tail (the
//! elements past the last multiple of eight, summed left to right). The
//! eight independent dependency chains let the CPU overlap the additions and
//! LLVM turn them into vector adds; the pairwise combination keeps the
//! rounding error of floats lower than one running sum. Long dense lanes
//! also prefetch 4 KiB ahead, which keeps more line misses in flight than
//! the hardware prefetcher does (one core's read bandwidth is bounded by
//! them). Strided lanes use
//! four partial sums the same way. Lane results are added to a running
//! total in the order the lanes come (memory order for whole-view
//! reductions). So float results can differ from a left-to-right sum in the
//! last bits, and do not depend on anything but the layout.

use core::ops::{Add, Mul};

use num_traits::{One, Zero};

use super::int;
use super::lane::{Lane, StridedLane};
use crate::format::Element;

/// Partial sums for dense lanes.
const DENSE_ACC: usize = 8;

/// Dense lanes of at least this many bytes are read with software
/// prefetches [`PREFETCH_AHEAD`] bytes ahead (of the lane's first part). A single core's streaming
/// read bandwidth is bounded by how many line misses it has in flight; the
/// hardware prefetcher alone keeps too few. With it the dense sums went
/// from 0.97–1.00 to 0.78–0.86 × ndarray's time (`bash benches/report.sh
/// --runs 3`; the distance is tuned in docs/performance.md). In shorter
/// lanes there is little to prefetch ahead.
const PREFETCH_MIN_BYTES: usize = 2 * PREFETCH_AHEAD;

/// How far ahead dense lanes prefetch.
const PREFETCH_AHEAD: usize = 4096;

/// Asks the CPU to start loading the line at `at` into L1. A hint: `at`
/// need not point into anything (past the end of a lane it is ignored).
#[inline(always)]
fn prefetch(at: *const u8) {
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    // SAFETY: `prefetcht0` does not access memory as far as the program is
    // concerned and never faults, for any address; SSE is in the x86-64
    // baseline.
    #[allow(unused_unsafe)]
    unsafe {
        use core::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(at.cast());
    }
    #[cfg(not(all(target_arch = "x86_64", not(miri))))]
    let _ = at;
}

/// The sum of a lane's elements; integers wrap around (see [`int`]).
#[inline]
pub(crate) fn sum_lane<T: Element + Zero + Add<Output = T>>(lane: &Lane<'_, T>) -> T {
    reduce_lane(lane, T::zero(), int::wrapping_add)
}

/// The product of a lane's elements.
#[inline]
pub(crate) fn product_lane<T: Copy + One + Mul<Output = T>>(lane: &Lane<'_, T>) -> T {
    reduce_lane(lane, T::one(), |a, b| a * b)
}

/// `Σ a[i]·b[i]` over a pair of lanes of equal length.
#[inline]
pub(crate) fn dot_lanes<T>(a: &Lane<'_, T>, b: &Lane<'_, T>) -> T
where
    T: Copy + Zero + Add<Output = T> + Mul<Output = T>,
{
    match (a, b) {
        (Lane::Dense(x), Lane::Dense(y)) => {
            let mut acc = [T::zero(); DENSE_ACC];
            let (xc, yc) = (x.chunks_exact(DENSE_ACC), y.chunks_exact(DENSE_ACC));
            let tail = xc
                .remainder()
                .iter()
                .zip(yc.remainder())
                .fold(T::zero(), |t, (&p, &q)| t + p * q);
            for (cx, cy) in xc.zip(yc) {
                for k in 0..DENSE_ACC {
                    acc[k] = acc[k] + cx[k] * cy[k];
                }
            }
            combine8(&acc) + tail
        }
        _ => {
            let n = a.len();
            let mut acc = [T::zero(); 4];
            let mut i = 0;
            while i + 4 <= n {
                for (k, slot) in acc.iter_mut().enumerate() {
                    *slot = *slot + lane_at(a, i + k) * lane_at(b, i + k);
                }
                i += 4;
            }
            let mut tail = T::zero();
            while i < n {
                tail = tail + lane_at(a, i) * lane_at(b, i);
                i += 1;
            }
            (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
        }
    }
}

/// Reduces a lane with an associative, commutative `op` whose identity is
/// `identity`, with interleaved partial results.
#[inline(always)]
fn reduce_lane<T: Copy>(lane: &Lane<'_, T>, identity: T, op: impl Fn(T, T) -> T) -> T {
    match lane {
        Lane::Dense(xs) => {
            let mut acc = [identity; DENSE_ACC];
            let chunks = xs.chunks_exact(DENSE_ACC);
            let tail = chunks.remainder().iter().fold(identity, |t, &x| op(t, x));
            let mut step = |c: &[T]| {
                for k in 0..DENSE_ACC {
                    acc[k] = op(acc[k], c[k]);
                }
            };
            if core::mem::size_of_val(*xs) >= PREFETCH_MIN_BYTES {
                // Prefetch only inside the lane: past its end lie bytes a
                // strided view does not read.
                let ahead = PREFETCH_AHEAD / core::mem::size_of_val(&xs[..DENSE_ACC]);
                let with = chunks.len() - ahead;
                let mut chunks = chunks;
                for c in chunks.by_ref().take(with) {
                    prefetch(c.as_ptr().cast::<u8>().wrapping_add(PREFETCH_AHEAD));
                    step(c);
                }
                chunks.for_each(step);
            } else {
                chunks.for_each(step);
            }
            // Halves first, then quarters: the combination SIMD registers
            // holding neighbouring partials do without shuffles.
            let half = [
                op(acc[0], acc[4]),
                op(acc[1], acc[5]),
                op(acc[2], acc[6]),
                op(acc[3], acc[7]),
            ];
            op(op(op(half[0], half[2]), op(half[1], half[3])), tail)
        }
        Lane::Strided(s) => reduce_strided(s, identity, op),
    }
}

#[inline(always)]
fn reduce_strided<T: Copy>(s: &StridedLane<'_, T>, identity: T, op: impl Fn(T, T) -> T) -> T {
    let n = s.len();
    let mut acc = [identity; 4];
    let mut i = 0;
    while i + 4 <= n {
        let x = s.at4(i);
        for k in 0..4 {
            acc[k] = op(acc[k], x[k]);
        }
        i += 4;
    }
    let mut tail = identity;
    while i < n {
        tail = op(tail, s.at(i));
        i += 1;
    }
    op(op(op(acc[0], acc[1]), op(acc[2], acc[3])), tail)
}

#[inline(always)]
fn combine8<T: Copy + Add<Output = T>>(acc: &[T; DENSE_ACC]) -> T {
    let half = [
        acc[0] + acc[4],
        acc[1] + acc[5],
        acc[2] + acc[6],
        acc[3] + acc[7],
    ];
    (half[0] + half[2]) + (half[1] + half[3])
}

#[inline(always)]
fn lane_at<T: Copy>(lane: &Lane<'_, T>, i: usize) -> T {
    *lane.at_ref(i)
}

/// The smallest element (`None` when empty); a NaN, once met, wins, as in
/// NumPy's `min`.
#[inline]
pub(crate) fn min_lane<T: Copy + PartialOrd>(lane: &Lane<'_, T>, acc: Option<T>) -> Option<T> {
    extreme_lane(lane, acc, |x, m| x < m)
}

/// The largest element (`None` when empty); NaN wins as in [`min_lane`].
#[inline]
pub(crate) fn max_lane<T: Copy + PartialOrd>(lane: &Lane<'_, T>, acc: Option<T>) -> Option<T> {
    extreme_lane(lane, acc, |x, m| x > m)
}

#[inline(always)]
fn extreme_lane<T: Copy + PartialOrd>(
    lane: &Lane<'_, T>,
    acc: Option<T>,
    better: impl Fn(&T, &T) -> bool,
) -> Option<T> {
    // `x != x` only for NaN-like values: keep the first one for good.
    #[allow(clippy::eq_op)]
    let pick = |m: T, x: T| {
        if m != m {
            m
        } else if better(&x, &m) || x != x {
            x
        } else {
            m
        }
    };
    let mut m = acc;
    let mut visit = |x: T| m = Some(m.map_or(x, |m| pick(m, x)));
    match lane {
        Lane::Dense(xs) => xs.iter().for_each(|&x| visit(x)),
        Lane::Strided(s) => (0..s.len()).for_each(|i| visit(s.at(i))),
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_sum_matches_every_length() {
        for n in 0..40 {
            let xs: alloc::vec::Vec<u64> = (1..=n).collect();
            assert_eq!(sum_lane(&Lane::Dense(&xs)), n * (n + 1) / 2);
            assert_eq!(
                product_lane(&Lane::Dense(&xs[..n.min(15) as usize])),
                (1..=n.min(15)).product::<u64>()
            );
        }
    }

    #[test]
    fn extremes_propagate_nan() {
        let xs = [3.0, f64::NAN, 1.0];
        assert!(min_lane(&Lane::Dense(&xs), None).unwrap().is_nan());
        assert!(max_lane(&Lane::Dense(&xs), None).unwrap().is_nan());
        assert_eq!(min_lane(&Lane::Dense(&[3.0, 1.0, 2.0]), None), Some(1.0));
        assert_eq!(
            max_lane(&Lane::Dense(&[3.0, 1.0, 2.0]), Some(5.0)),
            Some(5.0)
        );
        assert_eq!(min_lane::<f64>(&Lane::Dense(&[]), None), None);
    }

    #[test]
    fn dot_of_dense_lanes() {
        let a: alloc::vec::Vec<i64> = (0..21).collect();
        let expected: i64 = a.iter().map(|x| x * x).sum();
        assert_eq!(dot_lanes(&Lane::Dense(&a), &Lane::Dense(&a)), expected);
    }
}
