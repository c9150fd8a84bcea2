//! Streaming stores: writing a large, dense destination without reading it
//! first.
//!
//! An ordinary store to a line that is not in cache first reads the line
//! from memory ("read for ownership"), so a copy into a destination that
//! does not fit in cache moves three bytes over the memory bus for every
//! byte copied: the source, the old destination, the new destination.
//! Streaming (non-temporal) stores write whole lines straight to memory
//! and skip the read. `memcpy` switches to them for large copies; here they
//! serve the copies `memcpy` cannot do: strided or reversed sources into an
//! existing dense destination ([`gather_run`]; a fresh allocation is
//! written with plain stores, see `Dest` in `copy.rs`) and the blocked
//! transpose (`transpose.rs`).
//!
//! They pay off only when the output is large ([`STREAM_MIN_BYTES`]: a
//! smaller result may still be in cache when the caller reads it) and is
//! written in long sequential runs ([`STREAM_MIN_RUN_BYTES`]: a line written
//! in pieces far apart in time is flushed partially, which costs far more
//! than it saves). They are x86-64 only (SSE2, part of its baseline); after
//! the last one, [`fence`] restores the usual store order.
//!
//! With them, copying `[::-1, ::-1]` of 2048² `f64` into a buffer went from
//! 0.96–1.13 to 0.53–0.56 × ndarray's time (`bash benches/report.sh
//! --runs 3`).

/// Outputs at least this large are written with streaming stores. (Under
/// Miri, small enough that the tests' arrays take these paths too.)
pub(crate) const STREAM_MIN_BYTES: usize = if cfg!(miri) { 1024 } else { 8 << 20 };

/// Dense destination runs at least this long are streamed.
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
pub(crate) const STREAM_MIN_RUN_BYTES: usize = if cfg!(miri) { 32 } else { 1024 };

/// Whether a copy of `total` bytes in dense destination runs of
/// `run_bytes` bytes each should stream.
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
pub(crate) fn worth_streaming(total: usize, run_bytes: usize) -> bool {
    cfg!(target_arch = "x86_64") && total >= STREAM_MIN_BYTES && run_bytes >= STREAM_MIN_RUN_BYTES
}

#[cfg(target_arch = "x86_64")]
pub(crate) use x86_64::{fence, gather_run, store_16};

#[cfg(target_arch = "x86_64")]
mod x86_64 {
    use core::arch::x86_64::{__m128i, _mm_set_epi32, _mm_set_epi64x};
    #[cfg(not(miri))]
    use core::arch::x86_64::{_mm_sfence, _mm_stream_si128};
    use core::mem::size_of;
    use core::ptr;

    /// Copies `len` items of `T` (4 or 8 bytes) from `src`, `s_step` bytes
    /// apart, to the consecutive items at `dst`: the items before the
    /// first 16-byte boundary of the destination and after the last one
    /// one by one, the rest 16 bytes per streaming store.
    ///
    /// # Safety
    ///
    /// The `len` source items are readable and initialized, the `len`
    /// destination items writable, and the two do not overlap;
    /// `size_of::<T>()` is 4 or 8. Call [`fence`] before the copy is
    /// published to another thread.
    pub(crate) unsafe fn gather_run<T: Copy>(
        dst: *mut u8,
        src: *const u8,
        len: usize,
        s_step: isize,
    ) {
        let size = size_of::<T>();
        debug_assert!(size == 4 || size == 8);
        let per_store = 16 / size;
        let misalign = dst as usize % 16;
        // Items before the first 16-byte boundary (none reachable if the
        // destination is not item-aligned: then everything goes one by one).
        let head = if misalign % size == 0 {
            ((16 - misalign) % 16 / size).min(len)
        } else {
            len
        };
        let body = (len - head) / per_store * per_store;
        let one = |i: usize| {
            // SAFETY: item `i < len` of both runs (caller's promise).
            unsafe {
                let item = ptr::read_unaligned(src.offset(i as isize * s_step).cast::<T>());
                ptr::write_unaligned(dst.add(i * size).cast::<T>(), item);
            }
        };
        (0..head).for_each(one);
        let mut i = head;
        while i < head + body {
            // SAFETY: items `i..i + per_store` are items of both runs; the
            // destination address is 16-byte aligned (`head` reached the
            // boundary and `per_store` items are 16 bytes); the source
            // bytes are initialized, so reading them as integers is sound.
            unsafe {
                let at = |k: usize| src.offset((i + k) as isize * s_step);
                let value: __m128i = if size == 8 {
                    let item = |k| ptr::read_unaligned(at(k).cast::<i64>());
                    _mm_set_epi64x(item(1), item(0))
                } else {
                    let item = |k| ptr::read_unaligned(at(k).cast::<i32>());
                    _mm_set_epi32(item(3), item(2), item(1), item(0))
                };
                store_16(dst.add(i * size).cast(), value);
            }
            i += per_store;
        }
        (head + body..len).for_each(one);
    }

    /// A streaming store of 16 bytes.
    ///
    /// # Safety
    ///
    /// `at` is writable for 16 bytes and 16-byte aligned.
    #[inline(always)]
    pub(crate) unsafe fn store_16(at: *mut __m128i, value: __m128i) {
        // SAFETY: caller's promise.
        #[cfg(not(miri))]
        unsafe {
            _mm_stream_si128(at, value)
        };
        // Miri cannot run `movntdq` (it is inline assembly); an ordinary
        // aligned store has the same precondition, which Miri then checks.
        // SAFETY: caller's promise.
        #[cfg(miri)]
        unsafe {
            at.write(value)
        };
    }

    /// Orders the streaming stores before any later store, so that another
    /// thread that sees the later store sees the copy (x86 keeps streaming
    /// stores out of its usual store order).
    #[inline]
    pub(crate) fn fence() {
        // SAFETY: `sfence` only orders stores; SSE is in the x86-64 baseline.
        #[cfg(not(miri))]
        unsafe {
            _mm_sfence()
        };
        #[cfg(miri)]
        core::sync::atomic::fence(core::sync::atomic::Ordering::SeqCst);
    }
}
