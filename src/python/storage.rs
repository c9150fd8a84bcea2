//! The owners a [`View`](super::View) can hold: whatever keeps its bytes
//! alive and in place.
//!
//! * [`Storage::Buffer`] — another exporter's buffer ([`BufferGuard`]),
//!   which holds a reference to that object until the guard drops;
//! * [`Storage::Owned`] — zeroed, 64-byte-aligned memory allocated here
//!   (`ndview.zeros`, `astype`);
//! * [`Storage::DlPack`] — a tensor imported through DLPack, whose deleter
//!   runs on drop.
//!
//! Every variant's region is fixed for its whole life: nothing here can
//! resize or move bytes, which is what lets Python hold raw pointers into
//! them.

use alloc::alloc::{alloc_zeroed, dealloc, Layout as AllocLayout};
use core::ptr::NonNull;

use super::buffer::BufferGuard;
use super::dlpack::ImportedTensor;

/// The alignment of memory allocated here: a cache line, enough for every
/// element type and for SIMD loads.
const OWNED_ALIGN: usize = 64;

/// What keeps a view's bytes alive.
pub(crate) enum Storage {
    Buffer(BufferGuard),
    Owned(OwnedBytes),
    DlPack(ImportedTensor),
}

impl Storage {
    /// The region: start address and length in bytes.
    pub(crate) fn region(&self) -> (*mut u8, usize) {
        match self {
            Storage::Buffer(g) => g.region(),
            Storage::Owned(o) => (o.ptr.as_ptr(), o.len),
            Storage::DlPack(t) => t.region(),
        }
    }

    /// Whether the owner allows writes into the region.
    pub(crate) fn is_writable(&self) -> bool {
        match self {
            Storage::Buffer(g) => g.is_writable(),
            Storage::Owned(_) => true,
            Storage::DlPack(t) => t.is_writable(),
        }
    }
}

/// Zeroed, 64-byte-aligned bytes on the heap. (To become the `RawArray`
/// storage of the `files` issue when that lands.)
pub(crate) struct OwnedBytes {
    ptr: NonNull<u8>,
    len: usize,
}

// SAFETY: `OwnedBytes` uniquely owns its allocation, like `Box<[u8]>`.
unsafe impl Send for OwnedBytes {}
// SAFETY: `&OwnedBytes` hands out only the pointer; reads and writes
// through it follow the views' rules (docs/safety.md, "Python buffers").
unsafe impl Sync for OwnedBytes {}

impl OwnedBytes {
    /// `len` zero bytes, or `None` if the allocator refuses.
    pub(crate) fn zeroed(len: usize) -> Option<OwnedBytes> {
        if len == 0 {
            return Some(OwnedBytes {
                ptr: NonNull::<[u8; OWNED_ALIGN]>::dangling().cast(),
                len,
            });
        }
        let layout = AllocLayout::from_size_align(len, OWNED_ALIGN).ok()?;
        // SAFETY: `layout` has a non-zero size.
        let ptr = NonNull::new(unsafe { alloc_zeroed(layout) })?;
        Some(OwnedBytes { ptr, len })
    }

    /// Bytes copied from `data` into fresh aligned memory.
    pub(crate) fn from_bytes(data: &[u8]) -> Option<OwnedBytes> {
        let owned = OwnedBytes::zeroed(data.len())?;
        // SAFETY: the allocation is `data.len()` bytes, unshared yet, and
        // cannot overlap `data`.
        unsafe { core::ptr::copy_nonoverlapping(data.as_ptr(), owned.ptr.as_ptr(), data.len()) };
        Some(owned)
    }
}

impl Drop for OwnedBytes {
    fn drop(&mut self) {
        if self.len > 0 {
            // SAFETY: allocated in `zeroed` with exactly this layout.
            unsafe {
                dealloc(
                    self.ptr.as_ptr(),
                    AllocLayout::from_size_align_unchecked(self.len, OWNED_ALIGN),
                )
            };
        }
    }
}
