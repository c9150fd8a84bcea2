//! Inline small-rank storage for shapes, strides and index lists.
//!
//! Almost every array a numeric program touches has six axes or fewer, so
//! [`Dims`] keeps up to [`INLINE_DIMS`] values inline and spills to the heap
//! only beyond that. Layout operations of common ranks therefore never
//! allocate (a test with a counting allocator guards this).

use alloc::vec::Vec;
use core::fmt;
use core::ops::{Deref, DerefMut};

/// How many values [`Dims`] stores without allocating.
// Six, not eight: every layout operation moves two of these around, and
// the smaller header measured ~35% faster slicing (docs/performance.md).
pub const INLINE_DIMS: usize = 6;

/// A short list of `Copy` values (shape, strides, axis numbers), stored
/// inline up to [`INLINE_DIMS`] entries.
///
/// It dereferences to a slice, so everything a slice offers works on it.
///
/// ```
/// use ndview::layout::Dims;
/// let d: Dims<usize> = Dims::from_slice(&[2, 3, 4]);
/// assert_eq!(&d[..], &[2, 3, 4]);
/// assert_eq!(d.iter().product::<usize>(), 24);
/// ```
#[derive(Clone)]
pub struct Dims<T: Copy + Default> {
    repr: Repr<T>,
}

// `len` is a `u32`, not a `u8`: the enum is then 56 bytes either way, but
// its tag and length fill one aligned word, so the compiler copies a `Dims`
// in 4-byte pieces instead of byte by byte where a copy cannot be a plain
// `memcpy` (a volatile read, as in criterion's `black_box`). Measured on
// the rank-4 slice benchmark: 63 ns with `u8`, 45 ns with `u32`.
#[derive(Clone)]
enum Repr<T: Copy + Default> {
    Inline { len: u32, buf: [T; INLINE_DIMS] },
    Heap(Vec<T>),
}

impl<T: Copy + Default> Dims<T> {
    /// An empty list.
    ///
    /// ```
    /// let d = ndview::layout::Dims::<isize>::new();
    /// assert!(d.is_empty());
    /// ```
    pub fn new() -> Self {
        Dims {
            repr: Repr::Inline {
                len: 0,
                buf: [T::default(); INLINE_DIMS],
            },
        }
    }

    /// A list of `len` default values (zeros for numbers).
    ///
    /// ```
    /// let d = ndview::layout::Dims::<usize>::zeros(3);
    /// assert_eq!(&d[..], &[0, 0, 0]);
    /// ```
    #[inline]
    pub fn zeros(len: usize) -> Self {
        if len <= INLINE_DIMS {
            Dims {
                repr: Repr::Inline {
                    len: len as u32,
                    buf: [T::default(); INLINE_DIMS],
                },
            }
        } else {
            Dims {
                repr: Repr::Heap(alloc::vec![T::default(); len]),
            }
        }
    }

    /// A copy of `values`.
    ///
    /// ```
    /// let d = ndview::layout::Dims::from_slice(&[1isize, -2]);
    /// assert_eq!(d.len(), 2);
    /// ```
    #[inline]
    pub fn from_slice(values: &[T]) -> Self {
        let mut d = Self::zeros(values.len());
        d.copy_from_slice(values);
        d
    }

    /// Appends a value, spilling to the heap past [`INLINE_DIMS`].
    ///
    /// ```
    /// let mut d = ndview::layout::Dims::<usize>::new();
    /// for i in 0..10 { d.push(i); }
    /// assert_eq!(d.len(), 10);
    /// assert_eq!(d[9], 9);
    /// ```
    pub fn push(&mut self, value: T) {
        match &mut self.repr {
            Repr::Inline { len, buf } if (*len as usize) < INLINE_DIMS => {
                buf[*len as usize] = value;
                *len += 1;
            }
            Repr::Inline { len, buf } => {
                let mut v = Vec::with_capacity(2 * INLINE_DIMS);
                v.extend_from_slice(&buf[..*len as usize]);
                v.push(value);
                self.repr = Repr::Heap(v);
            }
            Repr::Heap(v) => v.push(value),
        }
    }

    /// Inserts a value at `at`, shifting the rest right.
    ///
    /// # Panics
    ///
    /// If `at > self.len()` (a caller bug; layout code checks axes first).
    ///
    /// ```
    /// let mut d = ndview::layout::Dims::from_slice(&[1usize, 3]);
    /// d.insert(1, 2);
    /// assert_eq!(&d[..], &[1, 2, 3]);
    /// ```
    pub fn insert(&mut self, at: usize, value: T) {
        assert!(at <= self.len(), "insert position past the end");
        self.push(value);
        self[at..].rotate_right(1);
    }

    /// Removes and returns the value at `at`, shifting the rest left.
    ///
    /// # Panics
    ///
    /// If `at >= self.len()` (a caller bug; layout code checks axes first).
    ///
    /// ```
    /// let mut d = ndview::layout::Dims::from_slice(&[1usize, 2, 3]);
    /// assert_eq!(d.remove(0), 1);
    /// assert_eq!(&d[..], &[2, 3]);
    /// ```
    pub fn remove(&mut self, at: usize) -> T {
        let value = self[at];
        self[at..].rotate_left(1);
        self.truncate(self.len() - 1);
        value
    }

    /// Shortens the list to `len` values (no effect if it is shorter).
    ///
    /// ```
    /// let mut d = ndview::layout::Dims::from_slice(&[1usize, 2, 3]);
    /// d.truncate(1);
    /// assert_eq!(&d[..], &[1]);
    /// ```
    pub fn truncate(&mut self, new_len: usize) {
        match &mut self.repr {
            Repr::Inline { len, .. } => {
                if new_len < *len as usize {
                    *len = new_len as u32;
                }
            }
            Repr::Heap(v) => v.truncate(new_len),
        }
    }

    /// Whether the values live on the heap (more than [`INLINE_DIMS`] were
    /// stored at some point).
    ///
    /// ```
    /// let d = ndview::layout::Dims::<usize>::zeros(9);
    /// assert!(d.spilled());
    /// ```
    pub fn spilled(&self) -> bool {
        matches!(self.repr, Repr::Heap(_))
    }
}

impl<T: Copy + Default> Default for Dims<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Copy + Default> Deref for Dims<T> {
    type Target = [T];
    #[inline]
    fn deref(&self) -> &[T] {
        match &self.repr {
            Repr::Inline { len, buf } => &buf[..*len as usize],
            Repr::Heap(v) => v,
        }
    }
}

impl<T: Copy + Default> DerefMut for Dims<T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut [T] {
        match &mut self.repr {
            Repr::Inline { len, buf } => &mut buf[..*len as usize],
            Repr::Heap(v) => v,
        }
    }
}

impl<T: Copy + Default + PartialEq> PartialEq for Dims<T> {
    fn eq(&self, other: &Self) -> bool {
        self[..] == other[..]
    }
}

impl<T: Copy + Default + Eq> Eq for Dims<T> {}

impl<T: Copy + Default + core::hash::Hash> core::hash::Hash for Dims<T> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self[..].hash(state)
    }
}

impl<T: Copy + Default + fmt::Debug> fmt::Debug for Dims<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Copy + Default> FromIterator<T> for Dims<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut d = Dims::new();
        for v in iter {
            d.push(v);
        }
        d
    }
}

impl<T: Copy + Default> From<&[T]> for Dims<T> {
    fn from(values: &[T]) -> Self {
        Dims::from_slice(values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spills_past_inline_capacity_and_keeps_values() {
        let mut d = Dims::<usize>::new();
        for i in 0..INLINE_DIMS {
            d.push(i);
            assert!(!d.spilled());
        }
        d.push(100);
        assert!(d.spilled());
        assert_eq!(d.len(), INLINE_DIMS + 1);
        assert_eq!(d[INLINE_DIMS], 100);
        assert_eq!(d[3], 3);
    }

    #[test]
    fn insert_and_remove_shift() {
        let mut d = Dims::from_slice(&[1isize, 2, 3]);
        d.insert(0, 0);
        d.insert(4, 4);
        assert_eq!(&d[..], &[0, 1, 2, 3, 4]);
        assert_eq!(d.remove(2), 2);
        assert_eq!(&d[..], &[0, 1, 3, 4]);
    }
}
