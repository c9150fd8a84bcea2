//! `.npy` files on disk: [`load`] into aligned memory, [`save`] any view,
//! and (feature `mmap`) [`map`], [`map_mut`] and [`create`] — arrays whose
//! bytes are the file's pages.
//!
//! Opening a mapped file is O(1): the header is parsed and checked against
//! the file's length, and nothing else is read or allocated; pages are read
//! by the operating system when an element is first touched. The mapping
//! functions are `unsafe fn` because the file is shared with every other
//! process: docs/safety.md ("Memory-mapped files") explains why and what
//! the caller promises.
//!
//! Saving streams: a contiguous view is written straight from its bytes; any
//! other goes out in C order, copied out a bounded chunk (4 MiB) at a time
//! through the crate's copy kernels, so saving a strided view of a huge map
//! never holds a second copy in memory.

use alloc::format;
use alloc::vec;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;

use super::view::{data_layout, file_header};
use super::{header_bytes, parse_header_prefix, Header};
use crate::error::{Error, Result};
use crate::layout::{Layout, Order};
use crate::raw_array::{AlignedBytes, RawArray};
use crate::RawView;

/// Bytes copied out per write when a view is not contiguous.
const SAVE_CHUNK_BYTES: usize = 4 << 20;

/// The length of the whole header (magic, version, length field and the
/// text) announced by its first bytes, or `None` when they are too few or
/// wrong (then [`parse_header_prefix`] says what is wrong).
fn announced_header_len(prefix: &[u8]) -> Option<u64> {
    if prefix.len() < 8 || &prefix[..6] != super::MAGIC {
        return None;
    }
    match (prefix[6], prefix[7]) {
        (1, 0) if prefix.len() >= 10 => {
            Some(10 + u64::from(u16::from_le_bytes([prefix[8], prefix[9]])))
        }
        (2, 0) | (3, 0) if prefix.len() >= 12 => Some(
            12 + u64::from(u32::from_le_bytes([
                prefix[8], prefix[9], prefix[10], prefix[11],
            ])),
        ),
        _ => None,
    }
}

/// Reads and parses the header at the start of `file`, leaving the file
/// positioned at the first byte after it. Never allocates more than the
/// file holds.
fn read_header(file: &mut File, path: &Path, file_len: u64) -> Result<Header> {
    let read = |file: &mut File, buf: &mut [u8]| {
        file.read_exact(buf)
            .map_err(|e| Error::io(path, &e, "reading the .npy header"))
    };
    let mut buf = vec![0u8; usize::try_from(file_len.min(12)).unwrap_or(12)];
    read(file, &mut buf)?;
    let total = announced_header_len(&buf).map_or(0, |n| n.min(file_len));
    if total > buf.len() as u64 {
        let start = buf.len();
        buf.resize(
            usize::try_from(total).map_err(|_| Error::overflow("the header length"))?,
            0,
        );
        read(file, &mut buf[start..])?;
    }
    let header = parse_header_prefix(&buf)?;
    // `parse_header_prefix` read exactly `data_offset` bytes of header.
    debug_assert_eq!(header.data_offset, buf.len());
    Ok(header)
}

/// The data length of `header`, checked against the bytes the file has
/// after the header.
fn checked_data_len(header: &Header, path: &Path, file_len: u64) -> Result<usize> {
    let need = header.data_len()?;
    let have = file_len.saturating_sub(header.data_offset as u64);
    if (need as u64) > have {
        return Err(Error::InvalidHeader {
            reason: format!(
                "{}: the shape {:?} needs {need} bytes of data but the file has {have} after the header (truncated?)",
                path.display(),
                header.shape
            ),
        });
    }
    Ok(need)
}

fn open(path: &Path) -> Result<(File, u64)> {
    let file = File::open(path).map_err(|e| Error::io(path, &e, "opening"))?;
    let len = file
        .metadata()
        .map_err(|e| Error::io(path, &e, "reading the file size"))?
        .len();
    Ok((file, len))
}

/// Reads a `.npy` file into 64-byte-aligned memory: the array owns its
/// bytes, which hold just the data (offset 0), in the file's order (C or
/// Fortran). Typed views of it never fail for alignment.
///
/// The header is read first and checked against the file's length, so a
/// hostile header cannot make it allocate more than the file holds.
///
/// # Errors
///
/// [`Error::Io`] (naming the path and the operating system's reason) if
/// the file cannot be opened or read; the errors of
/// [`parse_header`](super::parse_header) for a malformed header; an
/// [`Error::InvalidHeader`] if the file is shorter than its shape needs.
///
/// ```
/// use ndview::{NdView, Order};
/// let path = std::env::temp_dir().join(format!("ndview-doc-load-{}.npy", std::process::id()));
/// let data = [1.0f64, 2.0, 3.0, 4.0, 5.0, 6.0];
/// ndview::npy::save(&path, &NdView::from_slice(&data, &[2, 3])?.raw())?;
/// let a = ndview::npy::load(&path)?;
/// assert_eq!(a.shape(), &[2, 3]);
/// assert_eq!(a.typed::<f64>()?.sum(), 21.0);
/// # std::fs::remove_file(&path).ok();
/// # Ok::<(), ndview::Error>(())
/// ```
pub fn load(path: impl AsRef<Path>) -> Result<RawArray> {
    let path = path.as_ref();
    let (mut file, file_len) = open(path)?;
    let header = read_header(&mut file, path, file_len)?;
    let data_len = checked_data_len(&header, path, file_len)?;
    let (format, file_layout) = data_layout(&header)?;
    let mut storage = AlignedBytes::zeroed(data_len)?;
    file.read_exact(&mut storage)
        .map_err(|e| Error::io(path, &e, "reading the .npy data"))?;
    let layout = Layout::new(file_layout.shape(), file_layout.strides(), 0)?;
    RawArray::with_layout(storage, format, layout)
}

/// Writes any view as a `.npy` file that NumPy reads back: the header
/// NumPy would write (byte for byte, see [`write`](super::write) for the
/// descr and `fortran_order` rules), then the elements.
///
/// C- or F-contiguous views are written straight from their bytes; any
/// other view is copied out in C order, 4 MiB at a time, so memory use
/// stays bounded whatever the view's size.
///
/// # Errors
///
/// [`Error::Io`] for the operating system's failures (creating, writing);
/// [`Error::Unrepresentable`] for a format with no NumPy dtype (pointers
/// `P`, half-precision complex, overlapping record fields).
///
/// ```
/// use ndview::{NdView, Order};
/// let path = std::env::temp_dir().join(format!("ndview-doc-save-{}.npy", std::process::id()));
/// let data: Vec<u16> = (0..12).collect();
/// let v = NdView::from_slice(&data, &[3, 4])?;
/// ndview::npy::save(&path, &v.raw().slice(&"::2, ::-1".parse()?)?)?;
/// let back = ndview::npy::load(&path)?;
/// assert_eq!(back.typed::<u16>()?.to_vec(), [3, 2, 1, 0, 11, 10, 9, 8]);
/// # std::fs::remove_file(&path).ok();
/// # Ok::<(), ndview::Error>(())
/// ```
pub fn save(path: impl AsRef<Path>, view: &RawView<'_>) -> Result<()> {
    let path = path.as_ref();
    let (descr, fortran, shape) = file_header(view)?;
    let header = header_bytes(&descr, fortran, &shape)?;
    let file = File::create(path).map_err(|e| Error::io(path, &e, "creating"))?;
    let mut w = BufWriter::with_capacity(1 << 16, file);
    let written = w
        .write_all(&header)
        .and_then(|()| write_elements(view, fortran, &mut w))
        .and_then(|()| w.flush());
    written.map_err(|e| Error::io(path, &e, "writing"))
}

/// Writes the elements of `view` in file order: its memory order when it
/// is F-contiguous and saved as `fortran_order`, C order otherwise.
pub(crate) fn write_elements<W: Write + ?Sized>(
    view: &RawView<'_>,
    fortran: bool,
    w: &mut W,
) -> io::Result<()> {
    if fortran || view.is_c_contiguous() {
        // One block from element [0, …, 0] on (positive strides).
        let start = view.offset();
        return w.write_all(&view.bytes()[start..start + view.nbytes()]);
    }
    write_c_order_chunked(view, w)
}

/// C-order copy-out of a non-contiguous view, at most about
/// `SAVE_CHUNK_BYTES` at a time: whole blocks of the first axis, or one
/// sub-view at a time when a single slice along it is larger.
fn write_c_order_chunked<W: Write + ?Sized>(view: &RawView<'_>, w: &mut W) -> io::Result<()> {
    let nbytes = view.nbytes();
    if nbytes <= SAVE_CHUNK_BYTES || view.ndim() <= 1 {
        if view.ndim() <= 1 && nbytes > SAVE_CHUNK_BYTES {
            // A long 1-d strided view: its runs are single elements; batch
            // them through the vectored writer without a copy.
            return view.write_to(w);
        }
        return w.write_all(&view.to_bytes(Order::C));
    }
    let rows = view.shape()[0];
    let row_bytes = nbytes / rows;
    let to_io = |e: Error| io::Error::new(io::ErrorKind::InvalidInput, e);
    if row_bytes > SAVE_CHUNK_BYTES {
        for i in 0..rows {
            let sub = view.index_axis(0, i as isize).map_err(to_io)?;
            write_c_order_chunked(&sub, w)?;
        }
        return Ok(());
    }
    let per_chunk = SAVE_CHUNK_BYTES / row_bytes;
    let mut rest = view.clone();
    while !rest.shape().is_empty() && rest.shape()[0] > 0 {
        let take = per_chunk.min(rest.shape()[0]);
        let (head, tail) = rest.split_at(0, take).map_err(to_io)?;
        w.write_all(&head.to_bytes(Order::C))?;
        rest = tail;
    }
    Ok(())
}

#[cfg(feature = "mmap")]
pub use mapped::{create, map, map_mut};

#[cfg(feature = "mmap")]
mod mapped {
    use super::*;
    use memmap2::{Mmap, MmapMut};
    use std::fs::OpenOptions;

    use crate::format::Format;
    use crate::npy::{parse_header, Descr};

    /// Maps a `.npy` file read-only: the array's bytes are the file's
    /// pages, nothing is read or allocated up front (O(1) in the file's
    /// size), and element `[0, …, 0]` sits at the header's data offset.
    ///
    /// The whole file is the array's region; the header is checked against
    /// it, so a file shorter than its shape needs is an error, not a view
    /// that reads past the map. Typed views work when the header's data
    /// offset is a multiple of the type's alignment (NumPy pads headers to
    /// 64 bytes, and maps start on a page).
    ///
    /// # Safety
    ///
    /// The file must not be truncated or written to, by this or any other
    /// process, while the array (or a view of it) lives: a truncated file
    /// makes reads of the lost pages fault (`SIGBUS`), and bytes that change
    /// under a `&[u8]` break Rust's aliasing rules. Map only files your
    /// program controls (see docs/safety.md, "Memory-mapped files").
    ///
    /// # Errors
    ///
    /// [`Error::Io`] (path and OS reason) if the file cannot be opened or
    /// mapped; the header errors of [`parse_header`] (including a file
    /// shorter than its shape needs).
    ///
    /// ```
    /// use ndview::NdView;
    /// let path = std::env::temp_dir().join(format!("ndview-doc-map-{}.npy", std::process::id()));
    /// let data: Vec<f32> = (0..6).map(|x| x as f32).collect();
    /// ndview::npy::save(&path, &NdView::from_slice(&data, &[2, 3])?.raw())?;
    /// // SAFETY: the file was written above and nothing else touches it.
    /// let m = unsafe { ndview::npy::map(&path) }?;
    /// assert_eq!(m.typed::<f32>()?[[1, 2]], 5.0);
    /// # drop(m); std::fs::remove_file(&path).ok();
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub unsafe fn map(path: impl AsRef<Path>) -> Result<RawArray<Mmap>> {
        let path = path.as_ref();
        let (file, _) = open(path)?;
        // SAFETY: the caller promises that the file is neither truncated
        // nor modified while the map lives (this function's contract).
        let map = unsafe { Mmap::map(&file) }.map_err(|e| Error::io(path, &e, "mapping"))?;
        let header = parse_header(&map)?;
        let (format, layout) = data_layout(&header)?;
        RawArray::with_layout(map, format, layout)
    }

    /// Maps a `.npy` file writable and shared: writes through
    /// [`RawArray::view_mut`] / [`RawArray::typed_mut`] change the file
    /// (flushed by the operating system, or now with
    /// [`RawArray::flush`]).
    ///
    /// # Safety
    ///
    /// As [`map`]: no other process or handle may truncate, read-modify or
    /// write the file while the array lives (another writer would alias
    /// this array's `&mut` bytes).
    ///
    /// # Errors
    ///
    /// As [`map`]; [`Error::Io`] too when the file is not writable.
    ///
    /// ```
    /// use ndview::NdView;
    /// let path = std::env::temp_dir().join(format!("ndview-doc-map-mut-{}.npy", std::process::id()));
    /// ndview::npy::save(&path, &NdView::from_slice(&[0i64; 4], &[4])?.raw())?;
    /// {
    ///     // SAFETY: only this program uses the file.
    ///     let mut w = unsafe { ndview::npy::map_mut(&path) }?;
    ///     w.typed_mut::<i64>()?[[2]] = -7;
    /// }
    /// assert_eq!(ndview::npy::load(&path)?.typed::<i64>()?.to_vec(), [0, 0, -7, 0]);
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub unsafe fn map_mut(path: impl AsRef<Path>) -> Result<RawArray<MmapMut>> {
        let path = path.as_ref();
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .map_err(|e| Error::io(path, &e, "opening for writing"))?;
        // SAFETY: the caller promises exclusive use of the file while the
        // map lives (this function's contract).
        let map = unsafe { MmapMut::map_mut(&file) }.map_err(|e| Error::io(path, &e, "mapping"))?;
        let header = parse_header(&map)?;
        let (format, layout) = data_layout(&header)?;
        RawArray::with_layout(map, format, layout)
    }

    /// Creates (or truncates) a `.npy` file for an array of `format` and
    /// `shape` in C or Fortran `order`, and maps it writable: NumPy's
    /// `open_memmap(path, mode="w+")`.
    ///
    /// The file gets its full size with `set_len`, so on file systems with
    /// sparse files nothing is written but the header and creating a file
    /// larger than memory is instant; the data reads as zeros until written.
    /// The header is the one NumPy writes, and `np.load` reads the file.
    ///
    /// # Safety
    ///
    /// As [`map_mut`].
    ///
    /// # Errors
    ///
    /// [`Error::Io`] (path and OS reason: permissions, no space);
    /// [`Error::Unrepresentable`] for formats with no NumPy dtype and for
    /// top-level sub-array formats (give the sub-array's axes in `shape`
    /// instead); [`Error::Overflow`] for sizes past `isize::MAX`.
    ///
    /// ```
    /// use ndview::{Format, Order};
    /// let path = std::env::temp_dir().join(format!("ndview-doc-create-{}.npy", std::process::id()));
    /// {
    ///     // SAFETY: the file is new and only this program uses it.
    ///     let mut c = unsafe { ndview::npy::create(&path, Format::parse("<f4")?, &[1000, 3], Order::F) }?;
    ///     c.typed_mut::<f32>()?[[999, 2]] = 1.5;
    /// }
    /// let a = ndview::npy::load(&path)?;
    /// assert!(a.view().is_f_contiguous());
    /// assert_eq!(a.typed::<f32>()?.sum(), 1.5);
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub unsafe fn create(
        path: impl AsRef<Path>,
        format: Format,
        shape: &[usize],
        order: Order,
    ) -> Result<RawArray<MmapMut>> {
        let path = path.as_ref();
        if format.subarray().is_some() {
            return Err(Error::Unrepresentable {
                operation: "npy::create",
                reason: format!(
                    "the sub-array format {format} would add axes to the file's shape; pass them in the shape"
                ),
            });
        }
        let descr = Descr::from_format(&format)?;
        let layout = Layout::contiguous(shape, format.itemsize(), order)?;
        let header = header_bytes(&descr, order == Order::F, shape)?;
        let data_len = layout
            .len()
            .checked_mul(format.itemsize())
            .ok_or_else(|| Error::overflow("the data size of a new .npy file"))?;
        let total = header
            .len()
            .checked_add(data_len)
            .filter(|&n| isize::try_from(n).is_ok())
            .ok_or_else(|| Error::overflow("the size of a new .npy file"))?;
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)
            .map_err(|e| Error::io(path, &e, "creating"))?;
        file.write_all(&header)
            .map_err(|e| Error::io(path, &e, "writing the header"))?;
        file.set_len(total as u64)
            .map_err(|e| Error::io(path, &e, "setting the file size"))?;
        // SAFETY: the caller promises exclusive use of the file while the
        // map lives (this function's contract).
        let map = unsafe { MmapMut::map_mut(&file) }.map_err(|e| Error::io(path, &e, "mapping"))?;
        let layout = Layout::new(layout.shape(), layout.strides(), header.len())?;
        RawArray::with_layout(map, format, layout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, NdView};

    #[test]
    fn save_then_load_gives_aligned_owned_bytes() {
        let path =
            std::env::temp_dir().join(format!("ndview-unit-load-{}.npy", std::process::id()));
        let data: Vec<u16> = (0..30).collect();
        let v = NdView::from_slice(&data, &[5, 6]).unwrap();
        for view in [
            v.raw(),
            v.raw().transpose(),
            v.raw().slice(&"::-2, 1::3".parse().unwrap()).unwrap(),
        ] {
            save(&path, &view).unwrap();
            let a = load(&path).unwrap();
            assert_eq!(a.storage().as_ptr() as usize % AlignedBytes::ALIGN, 0);
            assert_eq!(
                (a.shape(), a.format()),
                (view.shape(), &Format::of::<u16>())
            );
            assert_eq!(a.view().to_bytes(Order::C), view.to_bytes(Order::C));
            assert_eq!(
                a.typed::<u16>().unwrap().to_vec(),
                view.typed::<u16>().unwrap().to_vec()
            );
        }
        std::fs::remove_file(&path).ok();
    }

    #[test]
    fn announced_lengths_follow_the_version() {
        let mut v1 = b"\x93NUMPY\x01\x00".to_vec();
        v1.extend(118u16.to_le_bytes());
        assert_eq!(announced_header_len(&v1), Some(128));
        let mut v2 = b"\x93NUMPY\x02\x00".to_vec();
        v2.extend(u32::MAX.to_le_bytes());
        assert_eq!(announced_header_len(&v2), Some(12 + u64::from(u32::MAX)));
        assert_eq!(announced_header_len(b"\x93NUMPY\x02\x00\x01"), None);
        assert_eq!(announced_header_len(b"NOTNPY\x01\x00\x00\x00"), None);
    }
}
