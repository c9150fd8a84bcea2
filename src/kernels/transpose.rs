//! The blocked transpose: copying a view that is dense along a different
//! axis in the source than in the destination (a transposed or permuted
//! view copied out in C order).
//!
//! Done naively, one side is read or written with a large stride and every
//! element costs a cache line. The copy here is arranged so that every
//! cache line is touched once, whole, on both sides:
//!
//! * **micro-blocks** of `B × B` items, where `B` items fill one 64-byte
//!   line: a micro-block reads `B` whole source lines and writes `B` whole
//!   destination lines, transposing in registers (SSE2 unpacks on x86-64
//!   for 4- and 8-byte items, which every x86-64 CPU has; a plain element
//!   loop for other sizes and targets). Because no line is revisited, the
//!   L1 set conflicts of power-of-two row pitches (every row of a 16 KiB
//!   pitch maps to the same cache set) no longer matter;
//! * **strips** of [`STRIP`] destination rows, so that the writes form a
//!   handful of sequential streams the prefetcher can follow;
//! * **tiles** of [`TILE_COLS`] source rows by one page of each, so that the
//!   source pages a tile touches stay in the TLB while its strips are
//!   walked;
//! * for outputs of [`STREAM_MIN_BYTES`] or more, **streaming stores**
//!   (`movntdq`, see [`stream`](super::stream)), which write whole lines to
//!   memory without reading them first; this needs the
//!   destination lines aligned, so it is used when the destination row
//!   pitch is a multiple of 64 bytes, with the columns before the first
//!   line boundary copied element by element.
//!
//! Everything not covered by whole micro-blocks (the edges) is copied by an
//! element loop. With it the transposed copy into a buffer went from 0.46
//! to 0.17–0.18 × ndarray's time (`bash benches/report.sh --runs 3`); how
//! the parts were chosen is in docs/performance.md.

use core::mem::size_of;

use super::plan::{Plan, Run};
use super::stream::STREAM_MIN_BYTES;
use crate::layout::Dims;

/// Destination rows per strip: 16 write streams (many more thrash the L1
/// TLB and the prefetcher's stream table; tuning in docs/performance.md).
const STRIP: usize = 16;

/// Source rows (destination columns) per tile (tuning in
/// docs/performance.md).
const TILE_COLS: usize = 32;

/// Bytes of each source row per tile: one 4 KiB page.
const TILE_ROW_BYTES: usize = 4096;

/// The bytes of one cache line.
const LINE: usize = 64;

/// A register transpose of one micro-block.
trait MicroBlock {
    /// Items per side: one cache line of items.
    const SIDE: usize;
    /// Whether [`MicroBlock::copy`] can write with streaming stores.
    const STREAMS: bool;

    /// Copies the `SIDE × SIDE` block: item `(k, i)` of the destination,
    /// at `dst + k * d_row + i * size`, gets item `(k, i)` of the source,
    /// at `src + k * size + i * s_col`. Streams when `stream` (then every
    /// destination row of the block starts on a cache line).
    ///
    /// # Safety
    ///
    /// Every one of those items is a valid, writable resp. readable item;
    /// the two regions do not overlap; with `stream`, `Self::STREAMS`
    /// holds and each `dst + k * d_row` is 64-byte aligned.
    unsafe fn copy(dst: *mut u8, d_row: isize, src: *const u8, s_col: isize, stream: bool);
}

/// The portable micro-block: an element loop in destination order.
struct Elements<T>(core::marker::PhantomData<T>);

impl<T: Copy> MicroBlock for Elements<T> {
    const SIDE: usize = if size_of::<T>() >= LINE {
        1
    } else {
        LINE / size_of::<T>()
    };
    const STREAMS: bool = false;

    #[inline(always)]
    unsafe fn copy(dst: *mut u8, d_row: isize, src: *const u8, s_col: isize, _stream: bool) {
        let size = size_of::<T>() as isize;
        for k in 0..Self::SIDE as isize {
            for i in 0..Self::SIDE as isize {
                // SAFETY: `(k, i)` is an item of the block (caller's promise).
                unsafe {
                    let item = src
                        .offset(k * size + i * s_col)
                        .cast::<T>()
                        .read_unaligned();
                    dst.offset(k * d_row + i * size)
                        .cast::<T>()
                        .write_unaligned(item);
                }
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    //! SSE2 micro-blocks (part of the x86-64 baseline: no runtime check).
    //! The unpacks move bits and do no arithmetic, so any 4- or 8-byte
    //! items (floats included, NaN payloads kept) go through them.

    use core::arch::x86_64::{
        __m128i, _mm_loadu_si128, _mm_storeu_si128, _mm_unpackhi_epi32, _mm_unpackhi_epi64,
        _mm_unpacklo_epi32, _mm_unpacklo_epi64,
    };

    use super::MicroBlock;

    /// Loads 16 bytes from `src + offset`.
    ///
    /// # Safety
    ///
    /// The 16 bytes are readable.
    #[inline(always)]
    unsafe fn load(src: *const u8, offset: isize) -> __m128i {
        // SAFETY: caller's promise; `loadu` has no alignment requirement.
        unsafe { _mm_loadu_si128(src.offset(offset).cast()) }
    }

    /// Stores 16 bytes at `dst + offset`, streaming if `stream`.
    ///
    /// # Safety
    ///
    /// The 16 bytes are writable; with `stream`, 16-byte aligned.
    #[inline(always)]
    unsafe fn store(dst: *mut u8, offset: isize, value: __m128i, stream: bool) {
        // SAFETY: caller's promise.
        unsafe {
            let p = dst.offset(offset).cast::<__m128i>();
            if stream {
                crate::kernels::stream::store_16(p, value)
            } else {
                _mm_storeu_si128(p, value)
            }
        }
    }

    /// 8 × 8 blocks of 8-byte items as 2 × 2 unpacks.
    pub(super) struct Items8;

    impl MicroBlock for Items8 {
        const SIDE: usize = 8;
        const STREAMS: bool = true;

        #[inline(always)]
        unsafe fn copy(dst: *mut u8, d_row: isize, src: *const u8, s_col: isize, stream: bool) {
            // Two destination rows at a time, each written front to back,
            // so at most two lines are being filled at once.
            for k in (0..8isize).step_by(2) {
                for i in (0..8isize).step_by(2) {
                    // SAFETY: items (k..k+2, i..i+2) of the block; 16 bytes
                    // at a line start plus a multiple of 16 are aligned when
                    // streaming (caller's promise).
                    unsafe {
                        let a0 = load(src, k * 8 + i * s_col);
                        let a1 = load(src, k * 8 + (i + 1) * s_col);
                        store(dst, k * d_row + i * 8, _mm_unpacklo_epi64(a0, a1), stream);
                        store(
                            dst,
                            (k + 1) * d_row + i * 8,
                            _mm_unpackhi_epi64(a0, a1),
                            stream,
                        );
                    }
                }
            }
        }
    }

    /// 16 × 16 blocks of 4-byte items as 4 × 4 unpack transposes.
    pub(super) struct Items4;

    impl MicroBlock for Items4 {
        const SIDE: usize = 16;
        const STREAMS: bool = true;

        #[inline(always)]
        unsafe fn copy(dst: *mut u8, d_row: isize, src: *const u8, s_col: isize, stream: bool) {
            for k in (0..16isize).step_by(4) {
                for i in (0..16isize).step_by(4) {
                    // SAFETY: items (k..k+4, i..i+4) of the block; alignment
                    // as for `Items8`.
                    unsafe {
                        let a0 = load(src, k * 4 + i * s_col);
                        let a1 = load(src, k * 4 + (i + 1) * s_col);
                        let a2 = load(src, k * 4 + (i + 2) * s_col);
                        let a3 = load(src, k * 4 + (i + 3) * s_col);
                        // a_j = [x_j0, x_j1, x_j2, x_j3]; out_m = [x_0m, x_1m, x_2m, x_3m].
                        let t0 = _mm_unpacklo_epi32(a0, a1); // x00 x10 x01 x11
                        let t1 = _mm_unpacklo_epi32(a2, a3); // x20 x30 x21 x31
                        let t2 = _mm_unpackhi_epi32(a0, a1); // x02 x12 x03 x13
                        let t3 = _mm_unpackhi_epi32(a2, a3); // x22 x32 x23 x33
                        let o = i * 4;
                        store(dst, k * d_row + o, _mm_unpacklo_epi64(t0, t1), stream);
                        store(dst, (k + 1) * d_row + o, _mm_unpackhi_epi64(t0, t1), stream);
                        store(dst, (k + 2) * d_row + o, _mm_unpacklo_epi64(t2, t3), stream);
                        store(dst, (k + 3) * d_row + o, _mm_unpackhi_epi64(t2, t3), stream);
                    }
                }
            }
        }
    }
}

/// The blocked transpose over axis `a` (dense in the source) and the inner
/// axis (dense in the destination) of a memory-ordered, coalesced plan;
/// the other axes are walked outside.
///
/// # Safety
///
/// As `copy_plan` in the parent module: every destination offset of `plan`
/// is a writable `T` slot and no two coincide, every source offset is a
/// valid `T`, the regions do not overlap. Items need not be aligned.
pub(crate) unsafe fn copy_transposed<T: Copy>(
    dst: *mut u8,
    src: *const u8,
    plan: &Plan<2>,
    a: usize,
) {
    #[cfg(target_arch = "x86_64")]
    match size_of::<T>() {
        // SAFETY: forwarded; the micro-block handles items of this size.
        8 => return unsafe { walk::<T, sse2::Items8>(dst, src, plan, a) },
        // SAFETY: as above.
        4 => return unsafe { walk::<T, sse2::Items4>(dst, src, plan, a) },
        _ => {}
    }
    // SAFETY: forwarded; `Elements<T>` handles any `T`.
    unsafe { walk::<T, Elements<T>>(dst, src, plan, a) }
}

/// One 2-D transpose: `rows × cols` items; the destination is dense along
/// columns, the source along rows.
#[derive(Clone, Copy)]
struct Block {
    rows: usize,
    cols: usize,
    d_row: isize,
    s_col: isize,
}

/// Walks the outer axes and transposes each 2-D block with micro-blocks `M`.
///
/// # Safety
///
/// As [`copy_transposed`]; `size_of::<T>()` is the item size `M` handles.
unsafe fn walk<T: Copy, M: MicroBlock>(dst: *mut u8, src: *const u8, plan: &Plan<2>, a: usize) {
    let shape = plan.shape();
    let nd = shape.len();
    let inner = nd - 1;
    let size = size_of::<T>();
    debug_assert_eq!(plan.strides(0)[inner], size as isize);
    debug_assert_eq!(plan.strides(1)[a], size as isize);
    let block = Block {
        rows: shape[a],
        cols: shape[inner],
        d_row: plan.strides(0)[a],
        s_col: plan.strides(1)[inner],
    };
    // Streaming needs every destination row of a micro-block to start on a
    // line, which a line-multiple row pitch gives (given one aligned row).
    let stream = M::STREAMS
        && plan.len().saturating_mul(size) >= STREAM_MIN_BYTES
        && block.d_row.unsigned_abs() % LINE == 0;
    // The remaining axes, walked by a plan of their own with a final axis of
    // length 1 so that every run is one combination of outer indices.
    let mut outer_shape = Dims::<usize>::new();
    let (mut outer_d, mut outer_s) = (Dims::<isize>::new(), Dims::<isize>::new());
    for k in (0..inner).filter(|&k| k != a) {
        outer_shape.push(shape[k]);
        outer_d.push(plan.strides(0)[k]);
        outer_s.push(plan.strides(1)[k]);
    }
    outer_shape.push(1);
    outer_d.push(0);
    outer_s.push(0);
    let outer = Plan::new(
        &outer_shape,
        [&outer_d, &outer_s],
        [plan.start(0), plan.start(1)],
    );
    outer.for_each_run(|run: Run<2>| {
        // SAFETY: the block at this outer index is part of the plan.
        unsafe {
            let (d, s) = (dst.offset(run.starts[0]), src.offset(run.starts[1]));
            transpose_block::<T, M>(d, s, block, stream);
        }
    });
    #[cfg(target_arch = "x86_64")]
    if stream {
        super::stream::fence();
    }
}

/// Transposes one 2-D block: whole micro-blocks in tiles and strips, the
/// edges element by element.
///
/// # Safety
///
/// Item `(r, c)` at `dst + r * d_row + c * size` is writable and at
/// `src + r * size + c * s_col` readable, for every `r < rows`, `c < cols`;
/// no overlap. With `stream`, `M::STREAMS` and `d_row % 64 == 0`.
unsafe fn transpose_block<T: Copy, M: MicroBlock>(
    dst: *mut u8,
    src: *const u8,
    b: Block,
    stream: bool,
) {
    let size = size_of::<T>();
    let side = M::SIDE;
    // Streaming starts the micro-blocks at the first column on a line
    // boundary; a destination that is not item-aligned has none.
    let first = if stream {
        let misalign = dst as usize % LINE;
        (misalign % size == 0).then(|| (LINE - misalign) % LINE / size)
    } else {
        Some(0)
    };
    let (stream, first) = match first {
        Some(f) => (stream, f.min(b.cols)),
        None => (false, 0),
    };
    let body_rows = b.rows - b.rows % side;
    let body_cols = (b.cols - first) - (b.cols - first) % side;
    let (c_start, c_end) = (first, first + body_cols);
    let tile_rows = (TILE_ROW_BYTES / size).max(side);
    let strip = STRIP.max(side);
    let at = |r: usize, c: usize| {
        let (r, c) = (r as isize, c as isize);
        (
            r * b.d_row + c * size as isize,
            r * size as isize + c * b.s_col,
        )
    };
    for c0 in (c_start..c_end).step_by(TILE_COLS.max(side)) {
        let c1 = (c0 + TILE_COLS.max(side)).min(c_end);
        for r0 in (0..body_rows).step_by(tile_rows) {
            let r1 = (r0 + tile_rows).min(body_rows);
            for s0 in (r0..r1).step_by(strip) {
                let s1 = (s0 + strip).min(r1);
                for c in (c0..c1).step_by(side) {
                    for r in (s0..s1).step_by(side) {
                        let (d, s) = at(r, c);
                        // SAFETY: `r + side <= body_rows <= rows` and
                        // `c + side <= c_end <= cols`, so the micro-block's
                        // items are items of the block; when streaming,
                        // `dst + c * size` is on a line and `d_row` a line
                        // multiple, so every row of it starts on a line.
                        unsafe { M::copy(dst.offset(d), b.d_row, src.offset(s), b.s_col, stream) };
                    }
                }
            }
        }
    }
    // The edges: the columns outside the body for the body rows, then the
    // rows below the body for every column.
    let edge = |rows: core::ops::Range<usize>, cols: core::ops::Range<usize>| {
        for r in rows {
            for c in cols.clone() {
                let (d, s) = at(r, c);
                // SAFETY: `(r, c)` is an item of the block.
                unsafe {
                    let item = src.offset(s).cast::<T>().read_unaligned();
                    dst.offset(d).cast::<T>().write_unaligned(item);
                }
            }
        }
    };
    edge(0..body_rows, 0..c_start);
    edge(0..body_rows, c_end..b.cols);
    edge(body_rows..b.rows, 0..b.cols);
}
