//! Where the bytes of a foreign description (a `Py_buffer`, a DLPack
//! tensor) start and end.
//!
//! Both protocols describe an array by the address of element `[0, …, 0]`
//! and byte strides that may be negative, so the lowest byte can lie
//! *before* that address. The crate's views want a region that starts at
//! its lowest byte and an offset into it. [`locate`] turns one into the
//! other with checked arithmetic: shapes and strides that overflow, or
//! reach below address 0 or past the end of the address space, are errors
//! before any slice is formed. Whether the bytes in between really belong
//! to the exporter is the exporter's promise (PEP 3118, DLPack); nothing
//! in a process can check that.

use crate::error::{Error, Result};
use crate::layout::Layout;

/// A located region: `len` bytes from address `start`, and the layout of
/// the elements inside it.
#[derive(Clone, Debug)]
pub struct Located {
    /// Address of the lowest byte any element reaches (the element address
    /// itself for an empty layout).
    pub start: usize,
    /// Bytes from `start` to one past the highest byte reached.
    pub len: usize,
    /// Shape and byte strides as given; offset of element `[0, …, 0]`
    /// from `start`.
    pub layout: Layout,
}

/// Locates the region of elements of `itemsize` bytes, shaped `shape` with
/// byte `strides`, whose element `[0, …, 0]` is at address `first`.
///
/// # Errors
///
/// [`Error::TooManyDims`], [`Error::ShapeMismatch`] (shape and strides of
/// different lengths), [`Error::Overflow`] (sizes, spans, or an address
/// range that wraps or exceeds `isize::MAX` bytes).
///
/// ```
/// use ndview::python::region::locate;
/// // Three 8-byte elements walked backwards from address 0x1010.
/// let r = locate(0x1010, 8, &[3], &[-8])?;
/// assert_eq!((r.start, r.len, r.layout.offset()), (0x1000, 24, 16));
/// assert!(locate(8, 8, &[3], &[-8]).is_err()); // reaches below address 0
/// # Ok::<(), ndview::Error>(())
/// ```
pub fn locate(
    first: usize,
    itemsize: usize,
    shape: &[usize],
    strides: &[isize],
) -> Result<Located> {
    let relative = Layout::new(shape, strides, 0)?;
    let (low, end) = relative.byte_range(itemsize)?;
    // `low <= 0 <= end` for a layout at offset 0.
    let below = low.unsigned_abs();
    let start = first
        .checked_sub(below)
        .ok_or_else(|| Error::overflow("the lowest address of the buffer"))?;
    let len = below
        .checked_add(end as usize)
        .filter(|&n| n <= isize::MAX as usize)
        .ok_or_else(|| Error::overflow("the byte span of the buffer"))?;
    start
        .checked_add(len)
        .ok_or_else(|| Error::overflow("the highest address of the buffer"))?;
    // Every element lies in `[start, start + len)` by construction.
    let layout = Layout::new(shape, strides, below)?;
    debug_assert!(layout.check_region(itemsize, len).is_ok());
    Ok(Located { start, len, layout })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_start_at_the_lowest_byte() {
        let r = locate(1000, 4, &[2, 3], &[-12, 4]).unwrap();
        assert_eq!((r.start, r.len, r.layout.offset()), (988, 24, 12));
        let empty = locate(1000, 4, &[0, 3], &[-12, 4]).unwrap();
        assert_eq!((empty.start, empty.len), (1000, 0));
        let zero_d = locate(1000, 4, &[], &[]).unwrap();
        assert_eq!((zero_d.start, zero_d.len), (1000, 4));
    }

    #[test]
    fn hostile_descriptions_are_errors() {
        assert!(locate(usize::MAX - 4, 8, &[1], &[8]).is_err());
        assert!(locate(16, 8, &[4], &[isize::MIN / 2]).is_err());
        assert!(locate(0, 1, &[2, usize::MAX / 2], &[1, 1]).is_err());
        assert!(locate(0, 1, &[3], &[1, 1]).is_err());
    }
}
