//! Byte buffers aligned for every element type: what fixtures are loaded
//! into before typed views are made of them.
//!
//! A `Vec<u8>` (from `std::fs::read`, a hex string, …) only promises
//! 1-byte alignment. Natively the allocator happens to return 8- or
//! 16-byte aligned blocks, so `typed::<u16>()` on such bytes works by luck;
//! Miri gives `u8` allocations exactly the alignment they ask for, and the
//! same test fails with `Misaligned`. Tests that make typed views of loaded
//! bytes load them with [`AlignedBytes`] instead.

use std::ops::{Deref, DerefMut};

/// Bytes whose first byte is 16-byte aligned (the largest alignment of an
/// `Element`), backed by `u128` words.
#[derive(Clone)]
pub struct AlignedBytes {
    words: Vec<u128>,
    len: usize,
}

impl AlignedBytes {
    /// A copy of `bytes` in an aligned buffer.
    pub fn copy_of(bytes: &[u8]) -> AlignedBytes {
        let mut out = AlignedBytes::zeroed(bytes.len());
        out.copy_from_slice(bytes);
        out
    }

    /// `len` zero bytes.
    pub fn zeroed(len: usize) -> AlignedBytes {
        AlignedBytes {
            words: vec![0; len.div_ceil(16)],
            len,
        }
    }

    /// The contents of the file at `path`.
    pub fn read(path: &str) -> AlignedBytes {
        AlignedBytes::copy_of(&std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}")))
    }

    /// The bytes as a `Vec<u8>` (to modify them in ways a slice cannot).
    pub fn to_vec(&self) -> Vec<u8> {
        self.deref().to_vec()
    }
}

impl Deref for AlignedBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &bytemuck::cast_slice(&self.words)[..self.len]
    }
}

impl DerefMut for AlignedBytes {
    fn deref_mut(&mut self) -> &mut [u8] {
        &mut bytemuck::cast_slice_mut(&mut self.words)[..self.len]
    }
}

impl PartialEq<AlignedBytes> for Vec<u8> {
    fn eq(&self, other: &AlignedBytes) -> bool {
        self[..] == other[..]
    }
}

impl std::fmt::Debug for AlignedBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.deref().fmt(f)
    }
}
