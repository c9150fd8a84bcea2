//! Where elements live: shape, byte strides and a byte offset.
//!
//! A [`Layout`] is the *layout mapping* of `std::mdspan`: it maps an index
//! `[i0, i1, …]` to the byte offset `offset + Σ ik·stride[k]` inside some
//! byte region. It knows nothing about the region's bytes or the element
//! format — only about itemsize where an answer depends on it (contiguity,
//! bounds). Everything here is pure, safe, checked arithmetic: a hostile
//! shape or stride is an [`Error::Overflow`] or [`Error::OutOfBounds`],
//! never a panic and never a wrapped offset.
//!
//! Strides are always in **bytes** and may be negative or zero. The offset
//! is the byte position of element `[0, 0, …, 0]`, which with negative
//! strides is not the lowest byte the layout reaches.
//!
//! Related modules: [`index`] (NumPy-style index expressions), [`dims`]
//! (inline storage so that common ranks never allocate); the operations
//! (slicing, transposition, reshape, broadcast) and the aliasing check are
//! `impl Layout` blocks in their own files.
//!
//! ## Invariants
//!
//! Every `Layout` value satisfies, by construction:
//!
//! * `shape.len() == strides.len() <= MAX_DIMS`;
//! * every axis length and the element count fit in `isize`;
//! * the offset fits in `isize`;
//! * unless the layout is empty, the *span* `Σ |stride[k]|·(shape[k]-1)`
//!   fits in `isize`.
//!
//! Whether the layout fits a given region is a separate question:
//! [`Layout::check_region`].

pub mod dims;
pub mod index;
mod ops;
mod overlap;
mod reshape;
pub mod traverse;

pub use dims::{Dims, INLINE_DIMS};
pub use index::{Index, IndexItem, SliceSpec};
pub use overlap::{Uniqueness, DEFAULT_MAX_WORK};

use crate::error::{Error, Result};

/// The largest number of axes a layout may have (NumPy's `NPY_MAXDIMS`).
pub const MAX_DIMS: usize = 64;

/// Memory order of a contiguous layout, or the logical order of a
/// traversal.
///
/// ```
/// use ndview::{Layout, Order};
/// let c = Layout::contiguous(&[2, 3], 4, Order::C).unwrap();
/// let f = Layout::contiguous(&[2, 3], 4, Order::F).unwrap();
/// assert_eq!(c.strides(), &[12, 4]);
/// assert_eq!(f.strides(), &[4, 8]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Order {
    /// Row-major: the last index varies fastest.
    #[default]
    C,
    /// Column-major: the first index varies fastest.
    F,
}

/// Shape, byte strides and byte offset of an n-dimensional view.
///
/// See the [module documentation](self) for the invariants every value
/// satisfies.
///
/// ```
/// use ndview::Layout;
/// let l = Layout::new(&[2, 3], &[12, 4], 0).unwrap();
/// assert_eq!(l.byte_offset_of(&[1, 2]), Some(20));
/// assert!(l.is_c_contiguous(4));
/// assert!(l.check_region(4, 24).is_ok());
/// assert!(l.check_region(4, 23).is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Layout {
    pub(crate) shape: Dims<usize>,
    pub(crate) strides: Dims<isize>,
    pub(crate) offset: usize,
}

impl core::fmt::Debug for Layout {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Layout")
            .field("shape", &&self.shape[..])
            .field("strides", &&self.strides[..])
            .field("offset", &self.offset)
            .finish()
    }
}

impl Layout {
    /// A layout from its parts, checked against the [invariants](self).
    ///
    /// # Errors
    ///
    /// * [`Error::TooManyDims`] with more than [`MAX_DIMS`] axes;
    /// * [`Error::ShapeMismatch`] if `shape` and `strides` differ in length;
    /// * [`Error::Overflow`] if the element count, the offset or the span
    ///   does not fit in `isize`.
    ///
    /// ```
    /// use ndview::{Error, Layout};
    /// assert!(Layout::new(&[3], &[-8], 16).is_ok());
    /// assert!(matches!(Layout::new(&[usize::MAX, 2], &[1, 1], 0), Err(Error::Overflow { .. })));
    /// ```
    pub fn new(shape: &[usize], strides: &[isize], offset: usize) -> Result<Layout> {
        check_ndim(shape.len()).map_err(|e| e.with_shape(shape))?;
        if shape.len() != strides.len() {
            return Err(Error::ShapeMismatch {
                operation: "layout",
                found: shape.to_vec(),
                requested: alloc::vec![strides.len()],
                reason: alloc::format!(
                    "{} axes in the shape but {} strides",
                    shape.len(),
                    strides.len()
                ),
            });
        }
        let layout = Layout {
            shape: Dims::from_slice(shape),
            strides: Dims::from_slice(strides),
            offset,
        };
        layout.check_invariants().map_err(|e| e.with_shape(shape))?;
        Ok(layout)
    }

    /// A contiguous layout from offset 0, in C or Fortran order, with the
    /// strides NumPy assigns (`_array_fill_strides`: axes of length 0 are
    /// skipped in the products).
    ///
    /// # Errors
    ///
    /// [`Error::TooManyDims`], or [`Error::Overflow`] if the byte size does
    /// not fit in `isize`.
    ///
    /// ```
    /// use ndview::{Layout, Order};
    /// let l = Layout::contiguous(&[2, 0, 3], 8, Order::C).unwrap();
    /// assert_eq!(l.strides(), &[24, 24, 8]);
    /// ```
    pub fn contiguous(shape: &[usize], itemsize: usize, order: Order) -> Result<Layout> {
        let named = |e: Error| e.with_shape(shape);
        check_ndim(shape.len()).map_err(named)?;
        let strides = fill_strides(shape, itemsize, order).map_err(named)?;
        let layout = Layout {
            shape: Dims::from_slice(shape),
            strides,
            offset: 0,
        };
        layout.check_invariants().map_err(named)?;
        Ok(layout)
    }

    /// The shape: the length of every axis.
    ///
    /// ```
    /// let l = ndview::Layout::new(&[2, 3], &[3, 1], 0).unwrap();
    /// assert_eq!(l.shape(), &[2, 3]);
    /// ```
    #[inline]
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// The strides, in bytes.
    ///
    /// ```
    /// let l = ndview::Layout::new(&[2, 3], &[3, 1], 0).unwrap();
    /// assert_eq!(l.strides(), &[3, 1]);
    /// ```
    #[inline]
    pub fn strides(&self) -> &[isize] {
        &self.strides
    }

    /// Byte position of element `[0, …, 0]` in the region.
    ///
    /// ```
    /// let l = ndview::Layout::new(&[4], &[-1], 3).unwrap();
    /// assert_eq!(l.offset(), 3);
    /// ```
    #[inline]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The number of axes.
    ///
    /// ```
    /// assert_eq!(ndview::Layout::new(&[], &[], 0).unwrap().ndim(), 0);
    /// ```
    #[inline]
    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    /// The number of elements (1 for a 0-d layout).
    ///
    /// ```
    /// assert_eq!(ndview::Layout::new(&[2, 3], &[3, 1], 0).unwrap().len(), 6);
    /// ```
    #[inline]
    pub fn len(&self) -> usize {
        // Cannot overflow: the element count fits in `isize` by invariant.
        self.shape.iter().product()
    }

    /// Whether some axis has length 0.
    ///
    /// ```
    /// assert!(ndview::Layout::new(&[2, 0], &[3, 1], 0).unwrap().is_empty());
    /// ```
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.shape.contains(&0)
    }

    /// The bytes the layout reaches relative to the region start, as
    /// `(lowest, end)` with `end` exclusive: every element `[i…]` occupies
    /// `byte_offset_of(i) .. byte_offset_of(i) + itemsize` inside it. An
    /// empty layout reaches nothing: `(offset, offset)`.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] if `end` does not fit in `isize`.
    ///
    /// ```
    /// let l = ndview::Layout::new(&[3], &[-4], 8).unwrap();
    /// assert_eq!(l.byte_range(4).unwrap(), (0, 12));
    /// ```
    pub fn byte_range(&self, itemsize: usize) -> Result<(isize, isize)> {
        let offset = self.offset as isize; // fits by invariant
        if self.is_empty() {
            return Ok((offset, offset));
        }
        let (mut low, mut high) = (0isize, 0isize);
        for (&n, &s) in self.shape.iter().zip(self.strides.iter()) {
            // (n - 1) * |s| fits by the span invariant, and so do the sums.
            let reach = (n as isize - 1) * s;
            if reach < 0 {
                low += reach;
            } else {
                high += reach;
            }
        }
        let itemsize = isize::try_from(itemsize).map_err(|_| Error::overflow("the itemsize"))?;
        let end = offset
            .checked_add(high)
            .and_then(|e| e.checked_add(itemsize))
            .ok_or_else(|| Error::overflow("the end of the byte range"))?;
        Ok((offset + low, end))
    }

    /// Checks that every element's `itemsize` bytes lie inside a region of
    /// `region_len` bytes. An empty layout only needs `offset <= region_len`.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfBounds`] with the reached range, or [`Error::Overflow`].
    ///
    /// ```
    /// use ndview::{Error, Layout};
    /// let l = Layout::new(&[4], &[4], 0).unwrap();
    /// assert!(matches!(l.check_region(1, 11), Err(Error::OutOfBounds { end: 13, .. })));
    /// ```
    pub fn check_region(&self, itemsize: usize, region_len: usize) -> Result<()> {
        let (lowest, end) = self.byte_range(itemsize)?;
        if lowest < 0 || end as usize > region_len || (self.is_empty() && self.offset > region_len)
        {
            return Err(Error::OutOfBounds {
                lowest: lowest as i128,
                end: end as i128,
                region_len,
            });
        }
        Ok(())
    }

    /// Byte offset of the element at `index`, or `None` if the index has
    /// the wrong length, is outside the shape, or reaches below byte 0.
    ///
    /// ```
    /// let l = ndview::Layout::new(&[2, 3], &[-12, 4], 12).unwrap();
    /// assert_eq!(l.byte_offset_of(&[1, 1]), Some(4));
    /// assert_eq!(l.byte_offset_of(&[2, 0]), None);
    /// ```
    #[inline]
    pub fn byte_offset_of(&self, index: &[usize]) -> Option<usize> {
        if index.len() != self.ndim() {
            return None;
        }
        let mut at = self.offset as isize;
        for ((&i, &n), &s) in index.iter().zip(self.shape.iter()).zip(self.strides.iter()) {
            if i >= n {
                return None;
            }
            // i < n, so |i * s| <= span and the partial sums stay within
            // offset ± span: no overflow by invariant.
            at += i as isize * s;
        }
        usize::try_from(at).ok()
    }

    /// Byte offset of the element at `index` without checking the index
    /// against the shape.
    ///
    /// This is safe to call with any index — the arithmetic wraps instead of
    /// panicking — but the result is meaningful only for an index inside the
    /// shape. Use [`byte_offset_of`](Self::byte_offset_of) unless the index
    /// is known to be in bounds.
    ///
    /// ```
    /// let l = ndview::Layout::new(&[2, 3], &[12, 4], 0).unwrap();
    /// assert_eq!(l.byte_offset_unchecked(&[1, 2]), 20);
    /// ```
    #[inline]
    pub fn byte_offset_unchecked(&self, index: &[usize]) -> isize {
        let mut at = self.offset as isize;
        for (&i, &s) in index.iter().zip(self.strides.iter()) {
            at = at.wrapping_add((i as isize).wrapping_mul(s));
        }
        at
    }

    /// C (row-major) contiguity with NumPy's rules: axes of length 1 are
    /// ignored, an empty layout is contiguous, and the strides must equal
    /// the ones a dense C array of this itemsize has.
    ///
    /// ```
    /// let l = ndview::Layout::new(&[3, 1], &[4, 100], 0).unwrap();
    /// assert!(l.is_c_contiguous(4));
    /// ```
    pub fn is_c_contiguous(&self, itemsize: usize) -> bool {
        self.is_empty()
            || dense_in_order(self.shape.iter().zip(self.strides.iter()).rev(), itemsize)
    }

    /// Fortran (column-major) contiguity with NumPy's rules; see
    /// [`is_c_contiguous`](Self::is_c_contiguous).
    ///
    /// ```
    /// let l = ndview::Layout::new(&[3, 2], &[4, 12], 0).unwrap();
    /// assert!(l.is_f_contiguous(4) && !l.is_c_contiguous(4));
    /// ```
    pub fn is_f_contiguous(&self, itemsize: usize) -> bool {
        self.is_empty() || dense_in_order(self.shape.iter().zip(self.strides.iter()), itemsize)
    }

    /// C or Fortran contiguous.
    ///
    /// ```
    /// let l = ndview::Layout::new(&[3], &[-4], 8).unwrap();
    /// assert!(!l.is_contiguous(4));
    /// ```
    pub fn is_contiguous(&self, itemsize: usize) -> bool {
        self.is_c_contiguous(itemsize) || self.is_f_contiguous(itemsize)
    }

    /// NumPy's ALIGNED rule for a region starting at address `base_addr`:
    /// the first element's address and every stride of an axis longer than 1
    /// are multiples of `align`. Empty layouts are aligned; `align` 0 or 1
    /// always is.
    ///
    /// ```
    /// let l = ndview::Layout::new(&[2, 3], &[6, 2], 0).unwrap();
    /// assert!(l.is_aligned(0, 2));
    /// assert!(!l.is_aligned(0, 4));
    /// assert!(!l.is_aligned(2, 4));
    /// ```
    pub fn is_aligned(&self, base_addr: usize, align: usize) -> bool {
        if align <= 1 || self.is_empty() {
            return true;
        }
        let mut acc = base_addr.wrapping_add(self.offset);
        for (&n, &s) in self.shape.iter().zip(self.strides.iter()) {
            if n > 1 {
                acc |= s as usize;
            }
        }
        acc % align == 0
    }

    /// Checks the invariants listed in the [module docs](self).
    pub(crate) fn check_invariants(&self) -> Result<()> {
        check_ndim(self.ndim())?;
        if isize::try_from(self.offset).is_err() {
            return Err(Error::overflow("the byte offset"));
        }
        let mut count: usize = 1;
        for &n in self.shape.iter() {
            if isize::try_from(n).is_err() {
                return Err(Error::overflow("an axis length"));
            }
            count = count
                .checked_mul(n)
                .filter(|&c| isize::try_from(c).is_ok())
                .ok_or_else(|| Error::overflow("the number of elements"))?;
        }
        if count == 0 {
            return Ok(());
        }
        let mut span: isize = 0;
        for (&n, &s) in self.shape.iter().zip(self.strides.iter()) {
            let reach = (n as isize - 1)
                .checked_mul(s)
                .and_then(isize::checked_abs)
                .ok_or_else(|| Error::overflow("the byte span of an axis"))?;
            span = span
                .checked_add(reach)
                .ok_or_else(|| Error::overflow("the byte span of the layout"))?;
        }
        Ok(())
    }
}

/// `TooManyDims` past [`MAX_DIMS`].
pub(crate) fn check_ndim(ndim: usize) -> Result<()> {
    if ndim > MAX_DIMS {
        return Err(Error::TooManyDims {
            ndim,
            max: MAX_DIMS,
            shape: alloc::vec::Vec::new(),
        });
    }
    Ok(())
}

/// Strides of a dense layout in `order` (NumPy's `_array_fill_strides`).
pub(crate) fn fill_strides(shape: &[usize], itemsize: usize, order: Order) -> Result<Dims<isize>> {
    let mut strides = Dims::zeros(shape.len());
    let mut step = isize::try_from(itemsize).map_err(|_| Error::overflow("the itemsize"))?;
    let mut fill = |k: usize| -> Result<()> {
        strides[k] = step;
        if shape[k] != 0 {
            step = isize::try_from(shape[k])
                .ok()
                .and_then(|n| step.checked_mul(n))
                .ok_or_else(|| Error::overflow("the strides of a contiguous layout"))?;
        }
        Ok(())
    };
    match order {
        Order::C => (0..shape.len()).rev().try_for_each(&mut fill)?,
        Order::F => (0..shape.len()).try_for_each(&mut fill)?,
    }
    Ok(strides)
}

/// NumPy's contiguity walk: axes in the order given (fastest first) must
/// have strides `itemsize, itemsize·n0, …`, skipping axes of length 1.
fn dense_in_order<'a>(axes: impl Iterator<Item = (&'a usize, &'a isize)>, itemsize: usize) -> bool {
    let mut expected = itemsize as isize;
    for (&n, &s) in axes {
        if n != 1 {
            if s != expected {
                return false;
            }
            // Overflow here means no later axis can match; wrapping is fine
            // because a mismatch is reported either way.
            expected = expected.wrapping_mul(n as isize);
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (shape, strides, itemsize, C-contiguous, F-contiguous)
    type FlagCase = (&'static [usize], &'static [isize], usize, bool, bool);

    #[test]
    fn contiguity_follows_numpy_vectors() {
        // From numpy-views.md §1.1.
        let cases: &[FlagCase] = &[
            (&[], &[], 8, true, true),
            (&[3], &[2], 1, false, false),
            (&[6], &[-1], 1, false, false),
            (&[1], &[5], 1, true, true),
            (&[0], &[2], 1, true, true),
            (&[3, 1], &[1, 0], 1, true, true),
            (&[1, 2], &[8, 4], 4, true, true),
            (&[2, 3], &[4, 8], 4, false, true),
            (&[2, 0, 3], &[-5, 7, 9], 4, true, true),
            (&[1, 4], &[0, 2], 2, true, true),
        ];
        for &(shape, strides, itemsize, c, f) in cases {
            let l = Layout::new(shape, strides, 0).unwrap();
            assert_eq!(l.is_c_contiguous(itemsize), c, "C {shape:?} {strides:?}");
            assert_eq!(l.is_f_contiguous(itemsize), f, "F {shape:?} {strides:?}");
        }
    }

    #[test]
    fn region_check_uses_lowest_and_highest_byte() {
        let l = Layout::new(&[3, 2], &[-8, 4], 16).unwrap();
        assert_eq!(l.byte_range(4).unwrap(), (0, 24));
        assert!(l.check_region(4, 24).is_ok());
        assert!(matches!(
            l.check_region(4, 23),
            Err(Error::OutOfBounds {
                lowest: 0,
                end: 24,
                region_len: 23
            })
        ));
        let below = Layout::new(&[3], &[-8], 8).unwrap();
        assert!(matches!(
            below.check_region(1, 100),
            Err(Error::OutOfBounds { lowest: -8, .. })
        ));
    }

    #[test]
    fn empty_layouts_need_only_a_valid_offset() {
        let l = Layout::new(&[0, 5], &[isize::MAX, isize::MIN], 10).unwrap();
        assert!(l.check_region(8, 10).is_ok());
        assert!(l.check_region(8, 9).is_err());
    }

    #[test]
    fn hostile_parts_are_errors() {
        assert!(matches!(
            Layout::new(&[usize::MAX], &[1], 0),
            Err(Error::Overflow { .. })
        ));
        assert!(matches!(
            Layout::new(&[3], &[isize::MAX], 0),
            Err(Error::Overflow { .. })
        ));
        assert!(matches!(
            Layout::new(&[2, 2], &[isize::MAX / 2 + 1, isize::MAX / 2 + 1], 0),
            Err(Error::Overflow { .. })
        ));
        assert!(matches!(
            Layout::new(&[2], &[isize::MIN], 0),
            Err(Error::Overflow { .. })
        ));
        assert!(matches!(
            Layout::new(&[1; 65], &[0; 65], 0),
            Err(Error::TooManyDims {
                ndim: 65,
                max: 64,
                ..
            })
        ));
        assert!(matches!(
            Layout::new(&[2], &[1, 1], 0),
            Err(Error::ShapeMismatch { .. })
        ));
        assert!(matches!(
            Layout::contiguous(&[1 << 40, 1 << 40], 8, Order::C),
            Err(Error::Overflow { .. })
        ));
    }

    #[test]
    fn aligned_rule_ignores_unit_axes() {
        let l = Layout::new(&[1, 4], &[3, 8], 0).unwrap();
        assert!(l.is_aligned(8, 8));
        assert!(!l.is_aligned(4, 8));
        assert!(Layout::new(&[0, 4], &[3, 3], 1).unwrap().is_aligned(1, 8));
    }
}
