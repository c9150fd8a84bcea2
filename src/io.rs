//! Vectored I/O of strided views: a view's elements go to a
//! [`Write`] and come from a [`Read`] in
//! logical C order, without an intermediate copy.
//!
//! [`RawView::contiguous_runs`] splits the elements, in C order, into the
//! fewest byte slices of the region that hold them: one slice for a
//! C-contiguous view, one per row for a view whose rows are contiguous
//! (`v[:, 1:3]`), one per element when the last axis is strided (`v[:, 1]`,
//! `v[::-1]`). [`RawView::write_to`] hands those slices to
//! [`Write::write_vectored`] in batches, so
//! a strided view goes to a socket or a file the way Python's
//! `socket.send(memoryview)` sends a contiguous one.
//! [`RawViewMut::read_from`] fills a view with
//! [`Read::read_exact`] per run.
//!
//! `.npy` files are written on top of this by [`npy::write`](crate::npy::write).

use std::io::{self, IoSlice, Read, Write};

use crate::layout::{Dims, Layout};
use crate::{Element, NdView, NdViewMut, RawView, RawViewMut};

/// How many slices [`RawView::write_to`] passes to one `write_vectored`
/// call (Linux's `IOV_MAX` is 1024; most writers take far fewer at once).
const BATCH: usize = 64;

/// The byte ranges of the contiguous runs of a layout, in logical C order:
/// the index arithmetic behind [`ContiguousRuns`], shared with
/// [`RawViewMut::read_from`].
#[derive(Clone, Debug)]
struct RunRanges {
    /// The outer axes that are iterated (length > 1, merged where possible).
    shape: Dims<usize>,
    /// Their byte strides.
    strides: Dims<isize>,
    /// The current position on the outer axes.
    index: Dims<usize>,
    /// Byte offset of the next raw run.
    at: isize,
    /// Bytes in one raw run (the merged inner block).
    run_len: usize,
    /// Raw runs not yet yielded (before merging adjacent ones).
    remaining: usize,
}

impl RunRanges {
    fn new(layout: &Layout, itemsize: usize) -> RunRanges {
        let mut ranges = RunRanges {
            shape: Dims::new(),
            strides: Dims::new(),
            index: Dims::new(),
            at: layout.offset() as isize, // fits by the layout invariants
            run_len: itemsize,
            remaining: 0,
        };
        if layout.is_empty() || itemsize == 0 {
            return ranges;
        }
        // Fold the trailing axes that continue the inner block into it.
        let mut outer = layout.ndim();
        while outer > 0 {
            let (n, s) = (layout.shape()[outer - 1], layout.strides()[outer - 1]);
            if n == 1 {
                outer -= 1;
            } else if usize::try_from(s).is_ok_and(|s| s == ranges.run_len) {
                // (n · run_len) ≤ the span + itemsize, which fits in isize.
                ranges.run_len *= n;
                outer -= 1;
            } else {
                break;
            }
        }
        // Keep the other axes of length > 1, merging an axis into the one
        // inside it when it steps over exactly that axis.
        for (&n, &s) in layout.shape()[..outer]
            .iter()
            .zip(&layout.strides()[..outer])
        {
            if n == 1 {
                continue;
            }
            ranges.shape.push(n);
            ranges.strides.push(s);
        }
        let mut k = ranges.shape.len();
        while k > 1 {
            let (n_in, s_in, s_out) = (
                ranges.shape[k - 1],
                ranges.strides[k - 1],
                ranges.strides[k - 2],
            );
            // n_in · s_in is within the span, so it does not overflow.
            if s_out == s_in * n_in as isize {
                ranges.shape[k - 2] *= n_in;
                ranges.strides[k - 2] = s_in;
                ranges.shape.remove(k - 1);
                ranges.strides.remove(k - 1);
            }
            k -= 1;
        }
        ranges.index = Dims::zeros(ranges.shape.len());
        ranges.remaining = ranges.shape.iter().product();
        ranges
    }

    /// The byte offset of the next raw run, and a step past it.
    fn next_raw(&mut self) -> Option<usize> {
        if self.remaining == 0 {
            return None;
        }
        let at = self.at as usize; // in the region: the layout was checked
        self.remaining -= 1;
        if self.remaining > 0 {
            for k in (0..self.shape.len()).rev() {
                if self.index[k] + 1 < self.shape[k] {
                    self.index[k] += 1;
                    self.at += self.strides[k];
                    break;
                }
                // (n - 1) · stride is within the span.
                self.at -= self.strides[k] * (self.shape[k] - 1) as isize;
                self.index[k] = 0;
            }
        }
        Some(at)
    }
}

impl Iterator for RunRanges {
    type Item = core::ops::Range<usize>;

    fn next(&mut self) -> Option<Self::Item> {
        let start = self.next_raw()?;
        let mut end = start + self.run_len;
        // Runs that happen to follow each other in memory are one run.
        while self.remaining > 0 && self.at == end as isize {
            self.next_raw();
            end += self.run_len;
        }
        Some(start..end)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (usize::from(self.remaining > 0), Some(self.remaining))
    }
}

/// The element bytes of a view in logical C order, as the fewest slices of
/// its region: the iterator of [`RawView::contiguous_runs`].
///
/// It borrows the region for `'a` and allocates nothing for views of up to
/// [`INLINE_DIMS`](crate::layout::dims::INLINE_DIMS) axes.
///
/// ```
/// use ndview::{Format, RawView};
/// let v = RawView::new(b"abcdef", Format::parse("B")?, &[2, 3])?;
/// let runs: Vec<&[u8]> = v.slice(&"::-1, 1:".parse()?)?.contiguous_runs().collect();
/// assert_eq!(runs, [&b"ef"[..], &b"bc"[..]]);
/// # Ok::<(), ndview::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ContiguousRuns<'a> {
    bytes: &'a [u8],
    ranges: RunRanges,
}

impl<'a> Iterator for ContiguousRuns<'a> {
    type Item = &'a [u8];

    #[inline]
    fn next(&mut self) -> Option<&'a [u8]> {
        self.ranges.next().map(|r| &self.bytes[r])
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ranges.size_hint()
    }
}

impl core::iter::FusedIterator for ContiguousRuns<'_> {}

/// Writes all of `bufs` with `write_vectored`, resuming after partial
/// writes (by hand: `IoSlice::advance_slices` is newer than the MSRV).
fn write_all_vectored<W: Write + ?Sized>(w: &mut W, bufs: &[&[u8]]) -> io::Result<()> {
    let (mut first, mut skip) = (0, 0);
    let mut slices = [IoSlice::new(&[]); BATCH];
    while first < bufs.len() {
        let pending = &bufs[first..];
        let n = pending.len().min(BATCH);
        slices[0] = IoSlice::new(&pending[0][skip..]);
        for (slot, buf) in slices[1..n].iter_mut().zip(&pending[1..n]) {
            *slot = IoSlice::new(buf);
        }
        let mut written = match w.write_vectored(&slices[..n]) {
            Ok(0) => {
                return Err(io::Error::new(
                    io::ErrorKind::WriteZero,
                    "failed to write the whole view",
                ))
            }
            Ok(written) => written,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        // Consume `written` bytes: whole buffers first, then part of one.
        while first < bufs.len() {
            let left = bufs[first].len() - skip;
            if written < left {
                skip += written;
                break;
            }
            written -= left;
            first += 1;
            skip = 0;
        }
    }
    Ok(())
}

impl<'a> RawView<'a> {
    /// The view's element bytes in logical C order, as the fewest slices of
    /// the region (adjacent runs are merged): one for a C-contiguous view,
    /// one per row when rows are contiguous, one per element when the last
    /// axis is strided or reversed, none for an empty view.
    ///
    /// Concatenated, the runs are [`to_bytes(Order::C)`](RawView::to_bytes).
    ///
    /// ```
    /// use ndview::{Format, RawView, Order};
    /// let data: Vec<u8> = (0..12).collect();
    /// let v = RawView::new(&data, Format::parse("<u2")?, &[2, 3])?;
    /// assert_eq!(v.contiguous_runs().count(), 1);
    /// let cols = v.slice(&":, 1:".parse()?)?;
    /// let runs: Vec<&[u8]> = cols.contiguous_runs().collect();
    /// assert_eq!(runs, [&data[2..6], &data[8..12]]);
    /// assert_eq!(runs.concat(), cols.to_bytes(Order::C));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn contiguous_runs(&self) -> ContiguousRuns<'a> {
        ContiguousRuns {
            bytes: self.bytes,
            ranges: RunRanges::new(&self.layout, self.format.itemsize()),
        }
    }

    /// Writes the elements in logical C order to `w` with
    /// [`write_vectored`](Write::write_vectored), straight from the region
    /// (no copy), in batches of contiguous runs, resuming after partial
    /// writes.
    ///
    /// # Errors
    ///
    /// The writer's errors (`Interrupted` is retried), and
    /// [`WriteZero`](io::ErrorKind::WriteZero) if it accepts no more bytes.
    ///
    /// ```
    /// use ndview::{Format, RawView};
    /// let v = RawView::new(b"abcdef", Format::parse("B")?, &[2, 3])?;
    /// let mut out = Vec::new();
    /// v.transpose().write_to(&mut out)?;
    /// assert_eq!(out, b"adbecf");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_to<W: Write + ?Sized>(&self, w: &mut W) -> io::Result<()> {
        let mut runs = self.contiguous_runs();
        let mut batch: [&[u8]; BATCH] = [&[]; BATCH];
        loop {
            let mut n = 0;
            for (slot, run) in batch.iter_mut().zip(&mut runs) {
                *slot = run;
                n += 1;
            }
            if n == 0 {
                return Ok(());
            }
            write_all_vectored(w, &batch[..n])?;
        }
    }
}

impl RawViewMut<'_> {
    /// Fills the elements in logical C order from `r`, with one
    /// [`read_exact`](Read::read_exact) per contiguous run (see
    /// [`RawView::contiguous_runs`]).
    ///
    /// # Errors
    ///
    /// The reader's errors, [`UnexpectedEof`](io::ErrorKind::UnexpectedEof)
    /// when it ends before the view is full (the elements read so far keep
    /// their new values).
    ///
    /// ```
    /// use ndview::{Format, RawViewMut};
    /// let mut buf = [0u8; 6];
    /// let m = RawViewMut::new(&mut buf, Format::parse("B")?, &[2, 3])?;
    /// m.transpose().read_from(&mut &b"adbecf"[..])?;
    /// assert_eq!(&buf, b"abcdef");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_from<R: Read + ?Sized>(&mut self, r: &mut R) -> io::Result<()> {
        for range in RunRanges::new(&self.layout, self.format.itemsize()) {
            r.read_exact(&mut self.bytes[range])?;
        }
        Ok(())
    }

    /// Writes the elements in logical C order to `w`; see
    /// [`RawView::write_to`].
    ///
    /// # Errors
    ///
    /// As [`RawView::write_to`].
    ///
    /// ```
    /// use ndview::{Format, RawViewMut};
    /// let mut buf = *b"abcd";
    /// let m = RawViewMut::new(&mut buf, Format::parse("B")?, &[2, 2])?;
    /// let mut out = Vec::new();
    /// m.write_to(&mut out)?;
    /// assert_eq!(out, b"abcd");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_to<W: Write + ?Sized>(&self, w: &mut W) -> io::Result<()> {
        self.view().write_to(w)
    }
}

impl<T: Element> NdView<'_, T> {
    /// Writes the elements' bytes (native order) in logical C order to `w`;
    /// see [`RawView::write_to`].
    ///
    /// # Errors
    ///
    /// As [`RawView::write_to`].
    ///
    /// ```
    /// use ndview::NdView;
    /// let data = [1u16, 2, 3, 4];
    /// let v = NdView::from_slice(&data, &[2, 2])?;
    /// let mut out = Vec::new();
    /// v.transpose().write_to(&mut out)?;
    /// assert_eq!(out, bytemuck::cast_slice::<u16, u8>(&[1, 3, 2, 4]));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_to<W: Write + ?Sized>(&self, w: &mut W) -> io::Result<()> {
        self.raw().write_to(w)
    }
}

impl<T: Element> NdViewMut<'_, T> {
    /// Fills the elements in logical C order from the native-order bytes
    /// `r` gives; see [`RawViewMut::read_from`].
    ///
    /// # Errors
    ///
    /// As [`RawViewMut::read_from`].
    ///
    /// ```
    /// use ndview::NdViewMut;
    /// let mut data = [0u16; 3];
    /// let mut m = NdViewMut::from_slice_mut(&mut data, &[3])?;
    /// m.read_from(&mut bytemuck::cast_slice::<u16, u8>(&[7, 8, 9]))?;
    /// assert_eq!(data, [7, 8, 9]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_from<R: Read + ?Sized>(&mut self, r: &mut R) -> io::Result<()> {
        self.reborrow().into_raw().read_from(r)
    }
}
