//! [`AlignedBytes`]: a heap byte buffer whose first byte is 64-byte aligned.
//!
//! A `Vec<u8>` is only 1-byte aligned, so a typed view of `f64`s read into
//! one may be refused as [`Misaligned`](crate::Error::Misaligned) on some
//! allocators. NumPy aligns its allocations and the data of `.npy` files to
//! 64 bytes (a cache line, and enough for every SIMD load); files read by
//! [`npy::load`](crate::npy::load) and members inflated from `.npz`
//! archives land in an `AlignedBytes`, so their typed views always work.
//!
//! This is the only allocation code of the crate: one `alloc_zeroed` and
//! one `dealloc` with the same [`core::alloc::Layout`], and two slice
//! constructions over the allocation.

use alloc::alloc::{alloc_zeroed, dealloc, handle_alloc_error};
use core::alloc::Layout as AllocLayout;
use core::fmt;
use core::ops::{Deref, DerefMut};
use core::ptr::NonNull;

use crate::error::{Error, Result};

/// A 64-byte block: its only use is a well-aligned dangling pointer for the
/// empty buffer.
#[repr(C, align(64))]
struct Block([u8; 64]);

/// An owned, zero-initialized byte buffer whose first byte is aligned to
/// [`AlignedBytes::ALIGN`] (64) bytes. It dereferences to `[u8]`, so it is a
/// [`Storage`](crate::raw_array::Storage) for [`RawArray`](crate::RawArray)
/// (and its default one).
///
/// ```
/// use ndview::raw_array::AlignedBytes;
/// let mut b = AlignedBytes::zeroed(24)?;
/// assert_eq!(b.as_ptr() as usize % 64, 0);
/// b[..8].copy_from_slice(&1.5f64.to_ne_bytes());
/// assert_eq!((b.len(), b[8]), (24, 0));
/// # Ok::<(), ndview::Error>(())
/// ```
pub struct AlignedBytes {
    /// Start of the allocation (or a dangling, aligned pointer when `len`
    /// is 0); always a multiple of `ALIGN`.
    ptr: NonNull<u8>,
    /// Number of initialized bytes, the size of the allocation.
    len: usize,
}

// SAFETY: `AlignedBytes` owns its allocation exclusively, like a
// `Box<[u8]>`; bytes have no thread affinity, so moving it to another
// thread or sharing `&AlignedBytes` (which only reads) is as safe as for
// `Box<[u8]>`.
unsafe impl Send for AlignedBytes {}
// SAFETY: as above: `&AlignedBytes` only gives `&[u8]`.
unsafe impl Sync for AlignedBytes {}

impl AlignedBytes {
    /// The alignment of the first byte: 64, NumPy's `.npy` data alignment
    /// and a cache line.
    pub const ALIGN: usize = 64;

    fn alloc_layout(len: usize) -> Result<AllocLayout> {
        AllocLayout::from_size_align(len, Self::ALIGN)
            .map_err(|_| Error::overflow("the size of an aligned buffer"))
    }

    /// A buffer of `len` zero bytes.
    ///
    /// Large buffers come straight from the operating system's zeroed pages
    /// (`calloc`-like), so their zeros cost nothing until written.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] if `len` rounded up to 64 exceeds `isize::MAX`.
    /// An allocation failure aborts, as for `Vec`.
    ///
    /// ```
    /// let b = ndview::raw_array::AlignedBytes::zeroed(100)?;
    /// assert!(b.iter().all(|&x| x == 0));
    /// assert!(ndview::raw_array::AlignedBytes::zeroed(usize::MAX).is_err());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn zeroed(len: usize) -> Result<Self> {
        let layout = Self::alloc_layout(len)?;
        if len == 0 {
            return Ok(AlignedBytes {
                ptr: NonNull::<Block>::dangling().cast(),
                len: 0,
            });
        }
        // SAFETY: `layout` has a non-zero size (len > 0) and a valid
        // power-of-two alignment (checked by `from_size_align`).
        let raw = unsafe { alloc_zeroed(layout) };
        let Some(ptr) = NonNull::new(raw) else {
            handle_alloc_error(layout)
        };
        Ok(AlignedBytes { ptr, len })
    }

    /// A 64-byte-aligned copy of `bytes`.
    ///
    /// # Errors
    ///
    /// As [`AlignedBytes::zeroed`].
    ///
    /// ```
    /// let b = ndview::raw_array::AlignedBytes::copy_from(b"abc")?;
    /// assert_eq!(&b[..], b"abc");
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn copy_from(bytes: &[u8]) -> Result<Self> {
        let mut out = Self::zeroed(bytes.len())?;
        out.copy_from_slice(bytes);
        Ok(out)
    }

    /// The whole file at `path`, read into 64-byte-aligned memory (`what`
    /// names the kind of file in an overflow error).
    #[cfg(any(feature = "npz", feature = "safetensors"))]
    pub(crate) fn read_file(path: &std::path::Path, what: &'static str) -> Result<Self> {
        use std::io::Read;
        let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, &e, "opening"))?;
        let len = file
            .metadata()
            .map_err(|e| Error::io(path, &e, "reading the file size"))?
            .len();
        let len = usize::try_from(len).map_err(|_| Error::overflow(what))?;
        let mut bytes = Self::zeroed(len)?;
        file.read_exact(&mut bytes)
            .map_err(|e| Error::io(path, &e, "reading"))?;
        Ok(bytes)
    }
}

impl Drop for AlignedBytes {
    fn drop(&mut self) {
        if self.len == 0 {
            return;
        }
        let layout = AllocLayout::from_size_align(self.len, Self::ALIGN)
            .expect("the layout was valid when the buffer was allocated");
        // SAFETY: `ptr` was returned by `alloc_zeroed` with this same layout
        // (same `len`, same alignment) and is freed only here, once.
        unsafe { dealloc(self.ptr.as_ptr(), layout) }
    }
}

impl Deref for AlignedBytes {
    type Target = [u8];
    #[inline]
    fn deref(&self) -> &[u8] {
        // SAFETY: `ptr` points to `len` initialized (zeroed, then written
        // only through `&mut [u8]`) bytes owned by `self`, or is a dangling
        // aligned pointer with `len == 0`; `len ≤ isize::MAX`
        // (`from_size_align`). The borrow of `self` keeps them alive and
        // unmodified.
        unsafe { core::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl DerefMut for AlignedBytes {
    #[inline]
    fn deref_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `deref`, and `&mut self` makes this the only
        // reference to the bytes for its lifetime.
        unsafe { core::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl Clone for AlignedBytes {
    fn clone(&self) -> Self {
        Self::copy_from(self).expect("the same size was allocated before")
    }
}

impl Default for AlignedBytes {
    fn default() -> Self {
        AlignedBytes {
            ptr: NonNull::<Block>::dangling().cast(),
            len: 0,
        }
    }
}

impl fmt::Debug for AlignedBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlignedBytes")
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

impl PartialEq for AlignedBytes {
    fn eq(&self, other: &Self) -> bool {
        self[..] == other[..]
    }
}

impl Eq for AlignedBytes {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_size_is_aligned_zeroed_and_writable() {
        for len in [0usize, 1, 7, 63, 64, 65, 1000, 4096 + 3] {
            let mut b = AlignedBytes::zeroed(len).unwrap();
            assert_eq!(b.as_ptr() as usize % AlignedBytes::ALIGN, 0, "len {len}");
            assert_eq!(b.len(), len);
            assert!(b.iter().all(|&x| x == 0));
            for (i, x) in b.iter_mut().enumerate() {
                *x = i as u8;
            }
            let c = b.clone();
            assert_eq!(c, b);
            assert_eq!(c.as_ptr() as usize % AlignedBytes::ALIGN, 0);
            assert!(c.iter().enumerate().all(|(i, &x)| x == i as u8));
        }
    }

    #[test]
    fn sizes_past_isize_are_overflow_errors() {
        for len in [usize::MAX, isize::MAX as usize, isize::MAX as usize - 62] {
            assert!(matches!(
                AlignedBytes::zeroed(len),
                Err(Error::Overflow { .. })
            ));
        }
    }

    #[test]
    fn default_is_empty_and_aligned() {
        let d = AlignedBytes::default();
        assert!(d.is_empty());
        assert_eq!(d.as_ptr() as usize % 64, 0);
    }
}
