//! [`Storage`] and [`StorageMut`]: what a [`RawArray`](crate::RawArray) can
//! keep its bytes in.
//!
//! Anything that dereferences to `[u8]` is a storage: `Vec<u8>`,
//! `Box<[u8]>`, `Arc<[u8]>`, `&[u8]`, [`AlignedBytes`](super::AlignedBytes),
//! `memmap2::Mmap`; anything that also dereferences mutably is a writable
//! one (`Vec<u8>`, `Box<[u8]>`, `&mut [u8]`, `AlignedBytes`,
//! `memmap2::MmapMut`). The traits are safe: a storage whose length
//! changed after the array was made is caught when a view is made (see
//! [`RawArray::view`](crate::RawArray::view)), never trusted.

use core::ops::{Deref, DerefMut};

/// Read access to the bytes of an array's storage.
///
/// Implemented for every `S: Deref<Target = [u8]>`. The bytes must stay
/// the same length for as long as the array holds the storage.
///
/// ```
/// use std::sync::Arc;
/// use ndview::raw_array::Storage;
/// let shared: Arc<[u8]> = Arc::from(&b"abc"[..]);
/// assert_eq!(shared.as_bytes(), b"abc");
/// ```
pub trait Storage {
    /// The whole byte region.
    fn as_bytes(&self) -> &[u8];
}

impl<S: Deref<Target = [u8]> + ?Sized> Storage for S {
    #[inline]
    fn as_bytes(&self) -> &[u8] {
        self
    }
}

/// Write access to the bytes of an array's storage.
///
/// Implemented for every `S: DerefMut<Target = [u8]>`.
///
/// ```
/// use ndview::raw_array::StorageMut;
/// let mut v = vec![0u8; 3];
/// v.as_bytes_mut()[1] = 9;
/// assert_eq!(v, [0, 9, 0]);
/// ```
pub trait StorageMut: Storage {
    /// The whole byte region, writable.
    fn as_bytes_mut(&mut self) -> &mut [u8];
}

impl<S: DerefMut<Target = [u8]> + ?Sized> StorageMut for S {
    #[inline]
    fn as_bytes_mut(&mut self) -> &mut [u8] {
        self
    }
}
