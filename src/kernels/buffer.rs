//! Fresh output buffers for copy-out.
//!
//! A large `to_vec` spends most of its time not copying but faulting in the
//! pages of the new vector: 32 MiB of 4 KiB pages is 8,192 page faults,
//! ~18 ms on the benchmark machine, against ~3 ms for the copy itself.
//! NumPy asks Linux for transparent huge pages on every allocation of
//! 4 MiB or more (`madvise(MADV_HUGEPAGE)`, see `numpy/_core/src/multiarray/alloc.c`),
//! which makes the same faults ~6× cheaper; so does [`output_vec`]. The
//! advice is a hint about memory we own and have not touched yet: it does
//! not change its contents, and where the kernel refuses it (THP disabled,
//! a non-anonymous mapping) nothing changes.

use alloc::vec::Vec;

/// An empty vector with capacity for `len` items, its pages marked for
/// transparent huge pages where the platform supports the hint.
///
/// # Panics
///
/// As `Vec::with_capacity`: if `len` items exceed `isize::MAX` bytes.
pub(crate) fn output_vec<T>(len: usize) -> Vec<T> {
    let out: Vec<T> = Vec::with_capacity(len);
    hint::huge_pages(
        out.as_ptr().cast(),
        out.capacity() * core::mem::size_of::<T>(),
    );
    out
}

#[cfg(all(
    feature = "std",
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64"),
    not(miri)
))]
mod hint {
    use core::ffi::{c_int, c_void};

    extern "C" {
        // POSIX `madvise`, from the C library `std` already links.
        fn madvise(addr: *mut c_void, len: usize, advice: c_int) -> c_int;
    }

    /// `MADV_HUGEPAGE` of <linux/mman.h>: the same value on x86-64 and AArch64.
    const MADV_HUGEPAGE: c_int = 14;

    /// The transparent huge page size on x86-64 and (4 KiB-page) AArch64.
    const HUGE_PAGE: usize = 2 << 20;

    /// Allocations of at least this many bytes get the hint (NumPy's
    /// threshold: below two huge pages it buys little).
    const MIN_BYTES: usize = 4 << 20;

    /// Advises the kernel to back the whole huge pages inside
    /// `[start, start + len)` with huge pages.
    pub(super) fn huge_pages(start: *const u8, len: usize) {
        if len < MIN_BYTES {
            return;
        }
        let first = (start as usize).next_multiple_of(HUGE_PAGE);
        let end = (start as usize + len) / HUGE_PAGE * HUGE_PAGE;
        if end > first {
            // SAFETY: `[first, end)` lies inside an allocation we own and
            // have not handed out; `MADV_HUGEPAGE` changes how its future
            // page faults are served, never its contents or validity. A
            // failure (`EINVAL` where THP is off) leaves everything as it
            // was, so the result is ignored.
            unsafe {
                madvise(first as *mut c_void, end - first, MADV_HUGEPAGE);
            }
        }
    }
}

#[cfg(not(all(
    feature = "std",
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64"),
    not(miri)
)))]
mod hint {
    /// No hint on this platform (or under Miri, which cannot call C).
    pub(super) fn huge_pages(_start: *const u8, _len: usize) {}
}
