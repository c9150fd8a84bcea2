//! `Debug` (the header: format, shape, strides, offset) and `Display` (the
//! elements in nested brackets, like NumPy prints them, with `...` for the
//! middle of long axes once a view has more than [`SUMMARY_THRESHOLD`]
//! elements).

use core::fmt;

use super::raw::{RawView, RawViewMut};
use super::typed::{NdView, NdViewMut};
use crate::format::scalar::write_py_f32;
use crate::format::{Element, Kind, Scalar};
use crate::layout::Layout;

/// Views with more elements than this print only the first and last
/// [`EDGE_ITEMS`] positions of each long axis (NumPy's `threshold`).
pub const SUMMARY_THRESHOLD: usize = 1000;
/// Positions shown at each end of a summarized axis (NumPy's `edgeitems`).
pub const EDGE_ITEMS: usize = 3;

/// Writes the elements of `layout` in nested brackets; `element` writes the
/// element at a byte offset.
fn write_nested(
    f: &mut fmt::Formatter<'_>,
    layout: &Layout,
    element: &mut dyn FnMut(&mut fmt::Formatter<'_>, usize) -> fmt::Result,
) -> fmt::Result {
    if layout.is_empty() {
        return f.write_str("[]");
    }
    let summarize = layout.len() > SUMMARY_THRESHOLD;
    write_axis(f, layout, 0, layout.offset() as isize, summarize, element)
}

fn write_axis(
    f: &mut fmt::Formatter<'_>,
    layout: &Layout,
    axis: usize,
    offset: isize,
    summarize: bool,
    element: &mut dyn FnMut(&mut fmt::Formatter<'_>, usize) -> fmt::Result,
) -> fmt::Result {
    let ndim = layout.ndim();
    if axis == ndim {
        return element(f, offset as usize);
    }
    let (n, stride) = (layout.shape()[axis], layout.strides()[axis]);
    let elided = summarize && n > 2 * EDGE_ITEMS;
    f.write_str("[")?;
    // The positions shown: all, or the first and last EDGE_ITEMS with `...`
    // between them. The elided middle is skipped arithmetically, so printing
    // costs O(items shown) however long the axis is.
    let (head, tail_start) = if elided {
        (EDGE_ITEMS, n - EDGE_ITEMS)
    } else {
        (n, n)
    };
    for i in (0..head).chain(tail_start..n) {
        if elided && i == tail_start {
            f.write_str("...")?;
            write_separator(f, ndim - axis, axis)?;
        }
        // An element offset of a checked layout: within the region.
        write_axis(
            f,
            layout,
            axis + 1,
            offset + i as isize * stride,
            summarize,
            element,
        )?;
        if i + 1 < n {
            write_separator(f, ndim - axis, axis)?;
        }
    }
    f.write_str("]")
}

/// `", "` between elements; between sub-arrays a comma, as many newlines as
/// the sub-arrays have dimensions, and an indent to the bracket depth.
fn write_separator(f: &mut fmt::Formatter<'_>, remaining_axes: usize, axis: usize) -> fmt::Result {
    if remaining_axes == 1 {
        return f.write_str(", ");
    }
    f.write_str(",")?;
    for _ in 0..remaining_axes - 1 {
        f.write_str("\n")?;
    }
    for _ in 0..=axis {
        f.write_str(" ")?;
    }
    Ok(())
}

fn debug_header(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    format: &dyn fmt::Display,
    layout: &Layout,
) -> fmt::Result {
    write!(
        f,
        "{name} {{ format: {format}, shape: {:?}, strides: {:?}, offset: {} }}",
        layout.shape(),
        layout.strides(),
        layout.offset()
    )
}

impl fmt::Debug for RawView<'_> {
    /// ```
    /// use ndview::{Format, RawView};
    /// let v = RawView::new(&[0u8; 8], Format::parse("<f4")?, &[2])?;
    /// assert_eq!(format!("{v:?}"), "RawView { format: <f4, shape: [2], strides: [4], offset: 0 }");
    /// # Ok::<(), ndview::Error>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_header(f, "RawView", &self.format, &self.layout)
    }
}

impl fmt::Debug for RawViewMut<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_header(f, "RawViewMut", &self.format, &self.layout)
    }
}

impl<T: Element> fmt::Debug for NdView<'_, T> {
    /// ```
    /// let v = ndview::NdView::from_slice(&[1u8, 2], &[2])?;
    /// assert_eq!(format!("{v:?}"), "NdView { format: u8, shape: [2], strides: [1], offset: 0 }");
    /// # Ok::<(), ndview::Error>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_header(f, "NdView", &T::NAME, &self.layout)
    }
}

impl<T: Element> fmt::Debug for NdViewMut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_header(f, "NdViewMut", &T::NAME, &self.layout)
    }
}

impl fmt::Display for RawView<'_> {
    /// The decoded elements in nested brackets.
    ///
    /// ```
    /// use ndview::{Format, RawView};
    /// let v = RawView::new(&[1, 2, 3, 4, 5, 6], Format::parse("B")?, &[2, 3])?;
    /// assert_eq!(v.to_string(), "[[1, 2, 3],\n [4, 5, 6]]");
    /// # Ok::<(), ndview::Error>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let itemsize = self.itemsize();
        // `f4` elements print at their own precision, as `NdView<f32>` and
        // NumPy's `float32` do (`0.1`, not `0.10000000149011612`).
        let single = self.format.kind() == Kind::Float && itemsize == 4;
        write_nested(f, &self.layout, &mut |f, at| match self
            .format
            .decode(&self.bytes[at..at + itemsize])
        {
            Ok(Scalar::Float(x)) if single => write_py_f32(f, x as f32),
            Ok(value) => write!(f, "{value}"),
            Err(_) => f.write_str("?"),
        })
    }
}

impl fmt::Display for RawViewMut<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.view(), f)
    }
}

impl<T: Element + fmt::Display> fmt::Display for NdView<'_, T> {
    /// The elements in nested brackets, NumPy style; long views are
    /// summarized with `...`.
    ///
    /// ```
    /// let data: Vec<u16> = (0..2000).collect();
    /// let v = ndview::NdView::from_slice(&data, &[2000])?;
    /// assert_eq!(v.to_string(), "[0, 1, 2, ..., 1997, 1998, 1999]");
    /// # Ok::<(), ndview::Error>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_nested(f, &self.layout, &mut |f, at| {
            // SAFETY: `at` is the offset of an element of this view.
            let x = unsafe { self.element(at) };
            fmt::Display::fmt(x, f)
        })
    }
}

impl<T: Element + fmt::Display> fmt::Display for NdViewMut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.view(), f)
    }
}

#[cfg(test)]
mod tests {
    use crate::NdView;
    use alloc::string::ToString;

    #[test]
    fn three_d_blocks_are_separated_by_blank_lines() {
        let data: alloc::vec::Vec<u8> = (0..8).collect();
        let v = NdView::from_slice(&data, &[2, 2, 2]).unwrap();
        assert_eq!(
            v.to_string(),
            "[[[0, 1],\n  [2, 3]],\n\n [[4, 5],\n  [6, 7]]]"
        );
    }

    #[test]
    fn zero_d_and_empty() {
        let v = NdView::from_slice(&[7u8], &[]).unwrap();
        assert_eq!(v.to_string(), "7");
        let e = NdView::<u8>::from_slice(&[], &[3, 0]).unwrap();
        assert_eq!(e.to_string(), "[]");
    }

    #[test]
    fn summarized_rows_elide_the_middle_of_every_long_axis() {
        let data: alloc::vec::Vec<u32> = (0..100 * 20).collect();
        let v = NdView::from_slice(&data, &[100, 20]).unwrap();
        let s = v.to_string();
        assert!(s.starts_with("[[0, 1, 2, ..., 17, 18, 19],\n [20, 21, 22, ..., 37, 38, 39],"));
        assert!(s.contains(",\n ...,\n [1940,"));
        assert_eq!(s.lines().count(), 7);
    }
}
