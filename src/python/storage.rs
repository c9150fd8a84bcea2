//! The owners a [`View`](super::View) can hold: whatever keeps its bytes
//! alive and in place.
//!
//! * [`Owner::Buffer`] — another exporter's buffer ([`BufferGuard`]),
//!   which holds a reference to that object until the guard drops;
//! * [`Owner::Owned`] — 16-byte-aligned memory allocated here
//!   (`ndview.zeros`, `astype`);
//! * [`Owner::DlPack`] — a tensor imported through DLPack, whose deleter
//!   runs on drop.
//!
//! Every variant's region is fixed for its whole life: nothing here can
//! resize or move bytes, which is what lets Python hold raw pointers into
//! them.

use alloc::vec::Vec;
use core::sync::atomic::AtomicUsize;

use super::buffer::BufferGuard;
use super::dlpack::ImportedTensor;

/// What keeps a view's bytes alive, shared by every `View` derived from
/// one import or allocation, with the count of buffers Python holds of any
/// of them.
pub(crate) struct Storage {
    owner: Owner,
    /// `Py_buffer`s exported by any `View` of this storage and not yet
    /// released: Rust writes (`View::try_write`) are refused while it is
    /// not zero.
    pub(crate) exports: AtomicUsize,
}

/// The owners.
pub(crate) enum Owner {
    Buffer(BufferGuard),
    Owned(SharedBytes),
    DlPack(ImportedTensor),
}

impl Storage {
    pub(crate) fn new(owner: Owner) -> Storage {
        Storage {
            owner,
            exports: AtomicUsize::new(0),
        }
    }

    /// The region: start address and length in bytes.
    pub(crate) fn region(&self) -> (*mut u8, usize) {
        match &self.owner {
            Owner::Buffer(g) => g.region(),
            Owner::Owned(o) => (o.ptr, o.len),
            Owner::DlPack(t) => t.region(),
        }
    }

    /// Whether the owner allows writes into the region.
    pub(crate) fn is_writable(&self) -> bool {
        match &self.owner {
            Owner::Buffer(g) => g.is_writable(),
            Owner::Owned(_) => true,
            Owner::DlPack(t) => t.is_writable(),
        }
    }
}

/// Bytes on the heap, 16-byte aligned (enough for every element type), to
/// fill before they are shared. (To become the `RawArray` storage of the
/// `files` issue when that lands.)
pub(crate) struct OwnedBytes {
    /// `u128` words: the alignment, in safe code.
    words: Vec<u128>,
    len: usize,
}

impl OwnedBytes {
    /// `len` zero bytes, their pages hinted for transparent huge pages as
    /// the copy kernels' outputs are (a large output costs more in page
    /// faults than in writes). `None` if the allocator refuses: a Python
    /// `MemoryError`, not an abort of the interpreter.
    pub(crate) fn for_output(len: usize) -> Option<OwnedBytes> {
        let words = len.div_ceil(16);
        // Probe first: `output_vec` aborts on failure, like `Vec`.
        Vec::<u128>::new().try_reserve_exact(words).ok()?;
        let mut v = crate::kernels::buffer::output_vec::<u128>(words);
        v.resize(words, 0);
        Some(OwnedBytes { words: v, len })
    }

    /// `source` with the bytes of every `N`-byte item reversed (`N = 1`:
    /// a plain copy), written once into fresh huge-page-hinted memory —
    /// no zero fill first. `None` if the allocator refuses.
    pub(crate) fn swapped<const N: usize>(source: &[u8]) -> Option<OwnedBytes> {
        let len = source.len();
        let words = len.div_ceil(16);
        Vec::<u128>::new().try_reserve_exact(words).ok()?;
        let mut v = crate::kernels::buffer::output_vec::<u128>(words);
        let swap16 = |chunk: &[u8]| {
            let mut w = [0u8; 16];
            w[..chunk.len()].copy_from_slice(chunk);
            // A constant byte permutation: one shuffle instruction.
            u128::from_ne_bytes(core::array::from_fn(|i| w[Reverse::<N>::INDEX[i]]))
        };
        let whole = source.chunks_exact(16);
        let rest = whole.remainder();
        // `extend` from an exact-size iterator writes each word once.
        v.extend(whole.map(swap16));
        if !rest.is_empty() {
            v.push(swap16(rest));
        }
        Some(OwnedBytes { words: v, len })
    }

    /// The bytes, to fill before the memory is shared.
    pub(crate) fn as_mut_slice(&mut self) -> &mut [u8] {
        &mut bytemuck::cast_slice_mut(&mut self.words)[..self.len]
    }

    /// The bytes as shared memory: from here on only through a raw pointer
    /// (Python writes through it).
    pub(crate) fn share(mut self) -> SharedBytes {
        let ptr = self.words.as_mut_ptr().cast::<u8>();
        SharedBytes {
            _words: self.words,
            ptr,
            len: self.len,
        }
    }
}

/// The permutation of a 16-byte word that reverses each `N`-byte item.
struct Reverse<const N: usize>;

impl<const N: usize> Reverse<N> {
    const INDEX: [usize; 16] = {
        let mut index = [0; 16];
        let mut i = 0;
        while i < 16 {
            index[i] = i - i % N + (N - 1 - i % N);
            i += 1;
        }
        index
    };
}

/// Owned bytes that Python and Rust reach through one raw pointer.
pub(crate) struct SharedBytes {
    /// Owns the allocation; never touched again until drop.
    _words: Vec<u128>,
    ptr: *mut u8,
    len: usize,
}

// SAFETY: `SharedBytes` owns its allocation like a `Vec`; the pointer is
// into that allocation.
unsafe impl Send for SharedBytes {}
// SAFETY: `&SharedBytes` hands out only the pointer; reads and writes
// through it follow the views' rules (docs/safety.md, "Python buffers").
unsafe impl Sync for SharedBytes {}
