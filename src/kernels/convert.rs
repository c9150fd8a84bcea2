//! Conversion loops: any numeric source — any byte order, alignment and
//! layout — decoded chunk by chunk through a small scratch block.
//!
//! This is NumPy's buffered iteration, on the one plan of
//! [`plan`](super::plan): the source's inner runs are cut into chunks of
//! at most [`CHUNK`] elements; each chunk is *loaded* into an aligned
//! stack array of native values (a `memcpy` when the run is dense,
//! unaligned loads otherwise, then a byte swap if the data's order is
//! foreign), *converted* by a tight loop (`S::cast_slice`, which LLVM
//! vectorizes, or `half`'s slice conversion for `f16`/`bf16`) and
//! *stored* or *reduced*. So byte swapping, unaligned access and widening
//! happen on dense L1-resident blocks and nothing of the size of the view
//! is ever allocated, except the result of `astype` itself.
//!
//! The element types are generic parameters: the caller picks `S` (from
//! the source format) and `T` once per call.

use core::any::TypeId;
use core::mem::size_of;

use super::lane::{self, LaneMut};
use super::plan::{Plan, Run};
use crate::convert::numeric::{Exact, Numeric};
use crate::layout::Layout;

/// Elements per chunk: 4 KiB of `f64`, at most 8 KiB of `Complex<f64>`.
pub(crate) const CHUNK: usize = 512;

/// A numeric source: the region, a layout validated against it for
/// elements of `size_of::<S>()` bytes (no alignment needed), and whether
/// the bytes are in the foreign byte order.
pub(crate) struct Source<'a> {
    pub(crate) region: &'a [u8],
    pub(crate) layout: &'a Layout,
    pub(crate) swap: bool,
}

/// The `len` elements at byte offsets `first + k * stride` of `region`, in
/// native order: the region's own bytes when they are dense, aligned and
/// native (no copy), else loaded into `buf`.
///
/// The offsets are those of elements of a layout validated against
/// `region` for elements of `size_of::<S>()` bytes (the [`Source`]
/// invariant); this is checked in debug builds and relied on in release.
#[inline(always)]
fn chunk<'r, S: Numeric>(
    region: &'r [u8],
    first: isize,
    stride: isize,
    len: usize,
    buf: &'r mut [S; CHUNK],
    swap: bool,
) -> &'r [S] {
    let size = size_of::<S>();
    if !swap && stride == size as isize {
        let start = first as usize;
        if let Ok(xs) = bytemuck::try_cast_slice::<u8, S>(&region[start..start + len * size]) {
            return xs;
        }
    }
    let out = &mut buf[..len];
    load(region, first, stride, out, swap);
    out
}

/// Loads the `out.len()` elements at byte offsets `first + k * stride` of
/// `region` into `out`, in native order (see [`chunk`]).
#[inline(always)]
fn load<S: Numeric>(region: &[u8], first: isize, stride: isize, out: &mut [S], swap: bool) {
    let size = size_of::<S>();
    if stride == size as isize {
        // A dense run: one bounds-checked memcpy.
        let start = first as usize;
        let bytes = bytemuck::cast_slice_mut::<S, u8>(out);
        bytes.copy_from_slice(&region[start..start + bytes.len()]);
    } else {
        let base = region.as_ptr();
        for (k, x) in out.iter_mut().enumerate() {
            let at = first + k as isize * stride;
            debug_assert!(at >= 0 && at as usize + size <= region.len());
            // SAFETY: `at` is the byte offset of an element of a layout
            // validated against `region` for `size`-byte elements, so the
            // `size` bytes from there are inside `region` (and the offset
            // arithmetic cannot overflow: it stays within the span).
            // `read_unaligned` needs no alignment, and every bit pattern
            // is a valid `S` (`Pod`).
            *x = unsafe { base.offset(at).cast::<S>().read_unaligned() };
        }
    }
    if swap {
        for x in out.iter_mut() {
            *x = x.swap_bytes();
        }
    }
}

/// Calls `f(done, chunk)` for consecutive chunks of the source's elements,
/// decoded into native `S`; `done` counts the elements before the chunk.
/// In C order, or in memory order (for work whose result does not depend
/// on the order) when `memory_order` is set. `f` returns `false` to stop.
#[inline(always)]
pub(crate) fn for_each_chunk<S: Numeric>(
    src: &Source<'_>,
    memory_order: bool,
    mut f: impl FnMut(usize, &[S]) -> bool,
) {
    let mut plan = Plan::<1>::of_layout(src.layout);
    if memory_order {
        plan.memory_order(0);
    }
    plan.coalesce();
    let mut buf = [S::zeroed(); CHUNK];
    let mut done = 0usize;
    let mut go = true;
    plan.for_each_run(|run: Run<1>| {
        let mut i = 0;
        while go && i < run.len {
            let m = (run.len - i).min(CHUNK);
            let first = run.starts[0] + i as isize * run.strides[0];
            go = f(
                done,
                chunk(src.region, first, run.strides[0], m, &mut buf, src.swap),
            );
            done += m;
            i += m;
        }
    });
}

/// Appends the source's elements, in C order and cast to `T`, to `out`.
/// With `check`, stops at the first element whose value changes and
/// returns its C-order position and value.
pub(crate) fn extend_cast<S: Numeric, T: Numeric>(
    src: &Source<'_>,
    out: &mut alloc::vec::Vec<T>,
    check: bool,
) -> Option<(usize, Exact)> {
    let mut lossy = None;
    for_each_chunk::<S>(src, false, |done, chunk| {
        let at = out.len();
        S::cast_extend(chunk, out);
        if check {
            if let Some(k) = first_change(chunk, &out[at..]) {
                lossy = Some((done + k, chunk[k].exact()));
                return false;
            }
        }
        true
    });
    lossy
}

/// The position of the first `k` where `cast[k]` is not `chunk[k]`'s value.
fn first_change<S: Numeric, T: Numeric>(chunk: &[S], cast: &[T]) -> Option<usize> {
    chunk
        .iter()
        .zip(cast)
        .position(|(s, t)| !s.exact().same(t.exact()))
}

/// Converts the source into a destination of the same shape: a typed,
/// aligned, native-order layout over `dst` (unique, as a mutable view's).
/// Walks the destination's memory order, or C order when `check` is set
/// (so the first changed element found is the first in C order), and then
/// returns its position (C order) and value; the destination is written
/// up to there.
///
/// # Safety
///
/// `dst_layout` is a valid typed layout for `T` over `dst` (every element
/// inside, aligned) with no two elements sharing a byte — the invariant of
/// `NdViewMut<T>`; its shape is the source's.
pub(crate) unsafe fn convert_into<S: Numeric, T: Numeric + crate::Element>(
    src: &Source<'_>,
    dst: &mut [u8],
    dst_layout: &Layout,
    check: bool,
) -> Option<(usize, Exact)> {
    debug_assert_eq!(src.layout.shape(), dst_layout.shape());
    let mut plan = Plan::new(
        dst_layout.shape(),
        [dst_layout.strides(), src.layout.strides()],
        [dst_layout.offset() as isize, src.layout.offset() as isize],
    );
    if !check {
        plan.memory_order(0);
    }
    plan.coalesce();
    // Checked conversion goes one run at a time, in C order.
    let (group, piece) = if check { (1, CHUNK) } else { (GROUP, TILE) };
    let mut scratch = Scratch {
        buf: [S::zeroed(); CHUNK],
        cast: [T::zeroed(); CHUNK],
        done: 0,
        lossy: None,
    };
    let base = dst.as_mut_ptr();
    let mut queue = [Run {
        starts: [0; 2],
        len: 0,
        strides: [0; 2],
    }; GROUP];
    let mut queued = 0;
    plan.for_each_run(|run: Run<2>| {
        queue[queued] = run;
        queued += 1;
        if queued == group {
            // SAFETY: runs of the plan over the caller's layouts (the
            // caller's promise, forwarded).
            unsafe { convert_runs(src, base, &queue[..queued], piece, check, &mut scratch) };
            queued = 0;
        }
    });
    // SAFETY: as above.
    unsafe { convert_runs(src, base, &queue[..queued], piece, check, &mut scratch) };
    scratch.lossy
}

/// Runs handed to [`convert_runs`] together (neighbours in the plan's
/// next-outer axis).
const GROUP: usize = 8;

/// The piece of each run converted before moving to the next run of a
/// group: 256 elements, so that a strided source whose neighbouring runs
/// share cache lines (a transposed array) touches at most 256 lines (16 KiB)
/// per piece and the next runs of the group find them in L1.
const TILE: usize = 256;

/// The stack state of [`convert_into`].
struct Scratch<S, T> {
    buf: [S; CHUNK],
    cast: [T; CHUNK],
    /// Elements converted so far (C order when checking).
    done: usize,
    lossy: Option<(usize, Exact)>,
}

/// Converts `runs` piece by piece: piece 0 of every run, then piece 1, ….
/// With `check`, stops at the first changed value (one run at a time).
///
/// # Safety
///
/// Each run's destination offsets (operand 0, from `base`) are elements
/// of a valid, unique typed layout for `T` over the exclusively borrowed
/// destination, and its source offsets (operand 1) elements of the
/// source's layout (the contract of [`convert_into`]).
unsafe fn convert_runs<S: Numeric, T: Numeric + crate::Element>(
    src: &Source<'_>,
    base: *mut u8,
    runs: &[Run<2>],
    piece: usize,
    check: bool,
    scratch: &mut Scratch<S, T>,
) {
    let longest = runs.iter().map(|r| r.len).max().unwrap_or(0);
    let mut i = 0;
    while i < longest && scratch.lossy.is_none() {
        for run in runs.iter().filter(|r| r.len > i) {
            let m = (run.len - i).min(piece);
            let first = run.starts[1] + i as isize * run.strides[1];
            let chunk = chunk(
                src.region,
                first,
                run.strides[1],
                m,
                &mut scratch.buf,
                src.swap,
            );
            // SAFETY: the piece's `m` destination positions are elements
            // of the unique typed layout over the exclusive destination
            // (caller's promise); runs are disjoint and this lane is
            // dropped before the next piece.
            let mut lane: LaneMut<'_, T> = unsafe {
                lane::lane_mut_at(
                    base.wrapping_offset(run.starts[0] + i as isize * run.strides[0]),
                    m,
                    run.strides[0],
                )
            };
            let out = match &mut lane {
                LaneMut::Dense(xs) => &mut xs[..],
                LaneMut::Strided(_) => &mut scratch.cast[..m],
            };
            S::cast_slice(chunk, out);
            let stop = if check {
                first_change(chunk, out)
            } else {
                None
            };
            let written = stop.unwrap_or(m);
            if let LaneMut::Strided(s) = &mut lane {
                for (k, &x) in scratch.cast[..written].iter().enumerate() {
                    *s.at_mut(k) = x;
                }
            }
            if let Some(k) = stop {
                scratch.lossy = Some((scratch.done + k, chunk[k].exact()));
                return;
            }
            scratch.done += m;
        }
        i += piece;
    }
}

/// Folds the source's elements, cast to `T`, chunk by chunk in memory
/// order: `acc = f(acc, chunk_of_T)`.
#[inline(always)]
pub(crate) fn fold_cast<S: Numeric, T: Numeric, A: Copy>(
    src: &Source<'_>,
    init: A,
    mut f: impl FnMut(A, &[T]) -> A,
) -> A {
    let mut cast = [T::zeroed(); CHUNK];
    let mut acc = init;
    // No cast when the types are the same: fold the decoded chunk itself.
    let same = TypeId::of::<S>() == TypeId::of::<T>();
    for_each_chunk::<S>(src, true, |_, chunk: &[S]| {
        if same {
            // The same type: a no-op reinterpretation that cannot fail.
            acc = f(acc, bytemuck::cast_slice::<S, T>(chunk));
        } else {
            let cast = &mut cast[..chunk.len()];
            S::cast_slice(chunk, cast);
            acc = f(acc, cast);
        }
        true
    });
    acc
}
