//! `.npz` archives (feature `npz`): NumPy's zip files of `.npy` members,
//! mapped with stored members zero-copy, or read into memory.
//!
//! An `.npz` is a zip archive whose members are `.npy` files named
//! `<name>.npy`. A *stored* member's bytes are the `.npy` file itself,
//! somewhere inside the archive: [`map`] gives views straight into the
//! mapped archive at that offset — what NumPy's `np.load(mmap_mode=…)`
//! silently does not do for `.npz`. A *deflated* member
//! (`np.savez_compressed`) is inflated, on first use, into 64-byte-aligned
//! memory owned by the archive.
//!
//! Inside a zip a member's data may start at any byte, so a stored member
//! written by NumPy is usually not aligned for its type: its byte view
//! always works, [`RawView::typed`] reports
//! [`Error::Misaligned`], and conversion
//! (`astype`) reads it at any alignment. [`save`] aligns the data of stored
//! members to 64 bytes in the archive, so archives it writes map to typed
//! views.
//!
//! # Hostile archives
//!
//! The directory is read with the `zip` crate and every member's data
//! range is checked against the archive's length before anything is read.
//! Refused with [`Error::InvalidHeader`]: damaged directories, data ranges
//! past the end, stored members whose two sizes disagree, deflated members
//! that claim to expand more than deflate can (1032:1), a member that
//! inflates to more or fewer bytes than declared (inflation stops at the
//! declared size: a zip bomb allocates only what its directory admits),
//! CRC mismatches of inflated members, encrypted members and other
//! compression methods. [`load`] checks the CRC of every member; [`map`]
//! does not read stored members at all (that is the point), so call
//! [`Npz::verify`] to check them.
//!
//! ```
//! use ndview::NdView;
//! let path = std::env::temp_dir().join(format!("ndview-doc-npz-{}.npz", std::process::id()));
//! let x = [1.0f64, 2.0, 3.0, 4.0];
//! let y = [7u8, 8, 9];
//! ndview::npz::save(&path, &[("x", NdView::from_slice(&x, &[2, 2])?.raw()), ("y", NdView::from_slice(&y, &[3])?.raw())], false)?;
//! let z = ndview::npz::load(&path)?;
//! assert_eq!(z.names(), ["x", "y"]);
//! assert_eq!(z.get("x")?.typed::<f64>()?[[1, 0]], 3.0);
//! # std::fs::remove_file(&path).ok();
//! # Ok::<(), ndview::Error>(())
//! ```

mod directory;

use alloc::format;
use alloc::string::ToString;
use alloc::vec::Vec;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::Path;
use std::sync::OnceLock;

use directory::{invalid, read_directory, Entry, Method};

use crate::error::{Error, Result};
use crate::raw_array::{AlignedBytes, RawArray, Storage};
use crate::RawView;

/// One member: where it is, and (for deflated members) its inflated bytes
/// once asked for.
struct Member {
    entry: Entry,
    inflated: OnceLock<Result<AlignedBytes>>,
}

/// An open `.npz` archive: the archive's bytes in a storage `S` (a memory
/// map from [`map`], aligned memory from [`load`]) and its members.
///
/// ```
/// use ndview::NdView;
/// let path = std::env::temp_dir().join(format!("ndview-doc-npz-type-{}.npz", std::process::id()));
/// let a = [1i32, 2, 3, 4, 5, 6];
/// ndview::npz::save(&path, &[("a", NdView::from_slice(&a, &[2, 3])?.raw())], true)?;
/// let z = ndview::npz::load(&path)?;
/// let m = z.get("a")?;
/// assert_eq!((m.shape(), m.typed::<i32>()?.sum()), (&[2, 3][..], 21));
/// # std::fs::remove_file(&path).ok();
/// # Ok::<(), ndview::Error>(())
/// ```
pub struct Npz<S = AlignedBytes> {
    bytes: S,
    members: Vec<Member>,
}

/// The member name NumPy shows for a zip entry: `x.npy` is `x`.
fn array_name(entry_name: &str) -> &str {
    entry_name.strip_suffix(".npy").unwrap_or(entry_name)
}

/// Inflates a deflated member into aligned memory of exactly its declared
/// size and checks its CRC.
fn inflate(entry: &Entry, raw: &[u8]) -> Result<AlignedBytes> {
    let mut out = AlignedBytes::zeroed(entry.size)?;
    let mut decoder = flate2::read::DeflateDecoder::new(raw);
    let lie = |what: &str| {
        invalid(format!(
            "the member {:?} inflates to {what} than its declared {} bytes",
            entry.name, entry.size
        ))
    };
    decoder.read_exact(&mut out).map_err(|e| match e.kind() {
        std::io::ErrorKind::UnexpectedEof => lie("fewer bytes"),
        _ => invalid(format!("the member {:?} does not inflate: {e}", entry.name)),
    })?;
    let mut one = [0u8; 1];
    if decoder.read(&mut one).map_or(true, |n| n > 0) {
        return Err(lie("more bytes"));
    }
    check_crc(entry, &out)?;
    Ok(out)
}

fn check_crc(entry: &Entry, data: &[u8]) -> Result<()> {
    let mut crc = flate2::Crc::new();
    crc.update(data);
    if crc.sum() != entry.crc32 {
        return Err(invalid(format!(
            "the CRC-32 of the member {:?} is {:#010x}, the directory says {:#010x}",
            entry.name,
            crc.sum(),
            entry.crc32
        )));
    }
    Ok(())
}

impl<S: Storage> Npz<S> {
    /// An archive over bytes already in memory (or mapped): reads the
    /// directory, nothing else.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidHeader`] for a damaged or hostile archive (see the
    /// [module docs](self)).
    ///
    /// ```
    /// use ndview::{npz::Npz, NdView};
    /// let path = std::env::temp_dir().join(format!("ndview-doc-npz-bytes-{}.npz", std::process::id()));
    /// ndview::npz::save(&path, &[("v", NdView::from_slice(&[1u16, 2], &[2])?.raw())], false)?;
    /// let z = Npz::from_storage(std::fs::read(&path).unwrap())?;
    /// assert_eq!(z.get("v")?.view().len(), 2);
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn from_storage(bytes: S) -> Result<Self> {
        let members = read_directory(bytes.as_bytes())?
            .into_iter()
            .map(|entry| Member {
                entry,
                inflated: OnceLock::new(),
            })
            .collect();
        Ok(Npz { bytes, members })
    }

    /// The array names, in archive order (`x.npy` is listed as `x`, as
    /// NumPy's `NpzFile.files` does).
    ///
    /// ```
    /// use ndview::NdView;
    /// let path = std::env::temp_dir().join(format!("ndview-doc-npz-names-{}.npz", std::process::id()));
    /// let v = NdView::from_slice(&[0u8; 2], &[2])?.raw();
    /// ndview::npz::save(&path, &[("b", v.clone()), ("a", v)], false)?;
    /// assert_eq!(ndview::npz::load(&path)?.names(), ["b", "a"]);
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn names(&self) -> Vec<&str> {
        self.members
            .iter()
            .map(|m| array_name(&m.entry.name))
            .collect()
    }

    /// The number of members.
    ///
    /// ```
    /// use ndview::NdView;
    /// let path = std::env::temp_dir().join(format!("ndview-doc-npz-len-{}.npz", std::process::id()));
    /// ndview::npz::save(&path, &[], false)?;
    /// assert!(ndview::npz::load(&path)?.is_empty());
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether the archive has no members.
    ///
    /// ```
    /// # let path = std::env::temp_dir().join(format!("ndview-doc-npz-empty-{}.npz", std::process::id()));
    /// # ndview::npz::save(&path, &[], true)?;
    /// assert_eq!(ndview::npz::load(&path)?.len(), 0);
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    fn member(&self, name: &str) -> Result<&Member> {
        self.members
            .iter()
            .find(|m| array_name(&m.entry.name) == name || m.entry.name == name)
            .ok_or_else(|| Error::InvalidIndex {
                reason: format!(
                    "the archive has no array named {name:?} (it has {:?})",
                    self.names()
                ),
            })
    }

    /// The `.npy` bytes of a member: a slice of the archive for a stored
    /// member, its inflated bytes (inflated now, the first time) for a
    /// deflated one.
    fn npy_bytes<'s>(&'s self, member: &'s Member) -> Result<&'s [u8]> {
        let raw = member.entry.raw(self.bytes.as_bytes());
        match member.entry.method {
            Method::Stored => Ok(raw),
            Method::Deflated => member
                .inflated
                .get_or_init(|| inflate(&member.entry, raw))
                .as_ref()
                .map(|b| &b[..])
                .map_err(Clone::clone),
        }
    }

    /// The array `name` (with or without `.npy`): an owner borrowing the
    /// archive, whose [`view`](RawArray::view) is zero-copy over the map for
    /// stored members. Deflated members are inflated the first time they
    /// are asked for and kept.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidIndex`] if there is no such member;
    /// [`Error::InvalidHeader`] for a member that is not a valid `.npy`
    /// file, inflates wrongly or fails its CRC.
    ///
    /// ```
    /// use ndview::{NdView, Order};
    /// let path = std::env::temp_dir().join(format!("ndview-doc-npz-get-{}.npz", std::process::id()));
    /// let a: Vec<u16> = (0..6).collect();
    /// ndview::npz::save(&path, &[("a", NdView::from_slice(&a, &[2, 3])?.raw().transpose())], false)?;
    /// let z = ndview::npz::load(&path)?;
    /// assert_eq!(z.get("a")?.view().shape(), &[3, 2]);
    /// assert_eq!(z.get("a.npy")?.typed::<u16>()?.to_vec(), [0, 3, 1, 4, 2, 5]);
    /// assert!(z.get("b").is_err());
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn get(&self, name: &str) -> Result<RawArray<&[u8]>> {
        let member = self.member(name)?;
        let bytes = self.npy_bytes(member)?;
        let view = crate::npy::view(bytes)?;
        RawArray::with_layout(bytes, view.format().clone(), view.layout().clone())
    }

    /// Checks the CRC-32 of every member against the directory (reading
    /// all of them; deflated members are inflated and kept).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidHeader`] naming the first member whose bytes do not
    /// match.
    ///
    /// ```
    /// use ndview::NdView;
    /// let path = std::env::temp_dir().join(format!("ndview-doc-npz-verify-{}.npz", std::process::id()));
    /// ndview::npz::save(&path, &[("a", NdView::from_slice(&[1u8, 2, 3], &[3])?.raw())], false)?;
    /// let mut bytes = std::fs::read(&path).unwrap();
    /// ndview::npz::Npz::from_storage(bytes.clone())?.verify()?;
    /// // Damage the member's data (the only place these three bytes occur).
    /// let at = bytes.windows(3).position(|w| w == [1, 2, 3]).unwrap();
    /// bytes[at] = 9;
    /// assert!(ndview::npz::Npz::from_storage(bytes)?.verify().is_err());
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn verify(&self) -> Result<()> {
        for member in &self.members {
            match member.entry.method {
                // Inflation checks the CRC.
                Method::Deflated => self.npy_bytes(member).map(drop)?,
                Method::Stored => {
                    check_crc(&member.entry, member.entry.raw(self.bytes.as_bytes()))?
                }
            }
        }
        Ok(())
    }

    /// The storage holding the archive's bytes.
    ///
    /// ```
    /// # let path = std::env::temp_dir().join(format!("ndview-doc-npz-storage-{}.npz", std::process::id()));
    /// # ndview::npz::save(&path, &[], false)?;
    /// let z = ndview::npz::load(&path)?;
    /// assert_eq!(z.storage().len() as u64, std::fs::metadata(&path).unwrap().len());
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn storage(&self) -> &S {
        &self.bytes
    }
}

/// Reads a whole `.npz` file into memory, checks the CRC of every member
/// and inflates the deflated ones.
///
/// # Errors
///
/// [`Error::Io`] (path and OS reason) if the file cannot be read;
/// [`Error::InvalidHeader`] for a damaged or hostile archive.
///
/// ```
/// use ndview::NdView;
/// let path = std::env::temp_dir().join(format!("ndview-doc-npz-load-{}.npz", std::process::id()));
/// ndview::npz::save(&path, &[("w", NdView::from_slice(&[0.5f32; 6], &[3, 2])?.raw())], true)?;
/// let z = ndview::npz::load(&path)?;
/// assert_eq!(z.get("w")?.typed::<f32>()?.sum(), 3.0);
/// # std::fs::remove_file(&path).ok();
/// # Ok::<(), ndview::Error>(())
/// ```
pub fn load(path: impl AsRef<Path>) -> Result<Npz<AlignedBytes>> {
    let bytes = AlignedBytes::read_file(path.as_ref(), "the size of an .npz file")?;
    let npz = Npz::from_storage(bytes)?;
    npz.verify()?;
    Ok(npz)
}

/// Maps an `.npz` archive read-only (features `npz` and `mmap`): O(1) in the
/// data — only the directory and local headers are read. Stored members
/// are views straight into the map; deflated ones are inflated on first
/// [`get`](Npz::get). CRCs of stored members are not checked (that would
/// read them): call [`Npz::verify`] for that.
///
/// # Safety
///
/// As [`npy::map`](crate::npy::map): the file must not be truncated or
/// modified while the archive lives.
///
/// # Errors
///
/// [`Error::Io`] (path and OS reason) if the file cannot be opened or
/// mapped; [`Error::InvalidHeader`] for a damaged or hostile archive.
///
/// ```
/// use ndview::NdView;
/// let path = std::env::temp_dir().join(format!("ndview-doc-npz-map-{}.npz", std::process::id()));
/// let x = [1.0f64, 2.0, 3.0];
/// ndview::npz::save(&path, &[("x", NdView::from_slice(&x, &[3])?.raw())], false)?;
/// // SAFETY: only this program uses the file.
/// let z = unsafe { ndview::npz::map(&path) }?;
/// let m = z.get("x")?;
/// assert_eq!(m.typed::<f64>()?.sum(), 6.0); // aligned: `save` aligns stored members
/// assert!(z.storage().as_ptr() <= m.view().bytes().as_ptr()); // inside the map
/// # drop(m); drop(z); std::fs::remove_file(&path).ok();
/// # Ok::<(), ndview::Error>(())
/// ```
#[cfg(feature = "mmap")]
pub unsafe fn map(path: impl AsRef<Path>) -> Result<Npz<memmap2::Mmap>> {
    let path = path.as_ref();
    let file = File::open(path).map_err(|e| Error::io(path, &e, "opening"))?;
    // SAFETY: the caller promises that the file is neither truncated nor
    // modified while the map lives (this function's contract).
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| Error::io(path, &e, "mapping"))?;
    Npz::from_storage(map)
}

/// The zip data alignment of stored members: NumPy's `.npy` data
/// alignment, so that the data of a member (64-byte-aligned inside its
/// `.npy` file) is 64-byte-aligned in the archive, and so in a map.
const STORED_ALIGN: u16 = 64;

/// Writes arrays as an `.npz` archive that `np.load` reads: each view as a
/// member `<name>.npy` (see [`npy::save`](crate::npy::save) for how views
/// become `.npy` files), deflated when `compress` is true
/// (`np.savez_compressed`), stored otherwise (`np.savez`). Stored members'
/// data is aligned to 64 bytes inside the archive, so [`map`] gives typed
/// views of them. Members of 4 GiB or more use Zip64 records.
///
/// # Errors
///
/// [`Error::Io`] for the operating system's failures;
/// [`Error::Unrepresentable`] for a format with no NumPy dtype;
/// [`Error::InvalidIndex`] for a repeated name.
///
/// ```
/// use ndview::NdView;
/// let path = std::env::temp_dir().join(format!("ndview-doc-npz-save-{}.npz", std::process::id()));
/// let a: Vec<i64> = (0..12).collect();
/// let v = NdView::from_slice(&a, &[3, 4])?;
/// ndview::npz::save(&path, &[("a", v.raw()), ("at", v.raw().transpose())], true)?;
/// let z = ndview::npz::load(&path)?;
/// assert_eq!(z.get("at")?.typed::<i64>()?[[3, 0]], 3);
/// # std::fs::remove_file(&path).ok();
/// # Ok::<(), ndview::Error>(())
/// ```
pub fn save(path: impl AsRef<Path>, arrays: &[(&str, RawView<'_>)], compress: bool) -> Result<()> {
    use zip::write::SimpleFileOptions;
    let path = path.as_ref();
    for (i, (name, _)) in arrays.iter().enumerate() {
        if arrays[..i].iter().any(|(other, _)| other == name) {
            return Err(Error::InvalidIndex {
                reason: format!("the name {name:?} is given twice"),
            });
        }
    }
    let file = File::create(path).map_err(|e| Error::io(path, &e, "creating"))?;
    let mut zip = zip::ZipWriter::new(BufWriter::with_capacity(1 << 16, file));
    let io = |e: std::io::Error| Error::io(path, &e, "writing");
    let zip_io = |e: zip::result::ZipError| match e {
        zip::result::ZipError::Io(e) => io(e),
        other => Error::Io {
            path: path.display().to_string(),
            reason: format!("writing the archive: {other}"),
        },
    };
    for (name, view) in arrays {
        let (descr, fortran, shape) = crate::npy::view_file_header(view)?;
        let header = crate::npy::header_bytes(&descr, fortran, &shape)?;
        let size = header.len() as u64 + view.nbytes() as u64;
        let options = SimpleFileOptions::default()
            .large_file(size >= u64::from(u32::MAX))
            .compression_method(if compress {
                zip::CompressionMethod::Deflated
            } else {
                zip::CompressionMethod::Stored
            });
        let options = if compress {
            options
        } else {
            options.with_alignment(STORED_ALIGN)
        };
        zip.start_file(format!("{name}.npy"), options)
            .map_err(zip_io)?;
        zip.write_all(&header).map_err(io)?;
        crate::npy::write_view_elements(view, fortran, &mut zip).map_err(io)?;
    }
    let mut out = zip.finish().map_err(zip_io)?;
    out.flush().map_err(io)
}

/// The member names as stored in the zip directory (`x.npy`), for tests.
#[cfg(test)]
fn entry_names<S: Storage>(npz: &Npz<S>) -> Vec<alloc::string::String> {
    npz.members.iter().map(|m| m.entry.name.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_drop_the_npy_suffix_only() {
        assert_eq!(array_name("x.npy"), "x");
        assert_eq!(array_name("x.npy.npy"), "x.npy");
        assert_eq!(array_name("x"), "x");
    }

    #[test]
    fn members_are_npy_files_named_like_numpy() {
        let dir = std::env::temp_dir().join(format!("ndview-npz-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.npz");
        let v = crate::NdView::from_slice(&[1u8, 2], &[2]).unwrap();
        save(&p, &[("first", v.raw())], false).unwrap();
        let z = load(&p).unwrap();
        assert_eq!(entry_names(&z), ["first.npy"]);
        std::fs::remove_dir_all(&dir).ok();
    }
}
