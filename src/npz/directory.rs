//! The members of a zip archive held in memory: where each one's bytes
//! are, read with the `zip` crate from the central directory and the local
//! headers, and checked against the archive's length.
//!
//! Nothing here reads member data: listing an archive of a thousand
//! members costs the directory, not the data.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use std::io::Cursor;

use zip::CompressionMethod;

use crate::error::{Error, Result};

/// How a member's bytes are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    /// As they are: a zero-copy view is possible.
    Stored,
    /// Deflate-compressed: inflated on first use.
    Deflated,
}

/// One member: its name and the byte range of its (compressed) data in
/// the archive, checked to lie inside it.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub(crate) name: String,
    pub(crate) method: Method,
    pub(crate) data_start: usize,
    pub(crate) compressed_size: usize,
    pub(crate) size: usize,
    pub(crate) crc32: u32,
}

impl Entry {
    /// The member's bytes as they are in the archive (compressed or not).
    pub(crate) fn raw<'a>(&self, archive: &'a [u8]) -> &'a [u8] {
        // In bounds: checked by `read_directory` against this archive's length.
        &archive[self.data_start..self.data_start + self.compressed_size]
    }
}

/// Deflate cannot expand data more than about 1032 to 1; a member that
/// claims more lies (and would make us allocate what it claims).
const MAX_DEFLATE_RATIO: u64 = 1032;

pub(crate) fn invalid(reason: String) -> Error {
    Error::InvalidHeader {
        reason: format!("invalid .npz archive: {reason}"),
    }
}

/// Reads the directory of the zip archive `bytes`.
///
/// # Errors
///
/// [`Error::InvalidHeader`] for anything that is not a well-formed archive
/// of stored or deflated members inside `bytes`: a damaged directory,
/// encrypted members, other compression methods, data ranges past the end,
/// stored members whose two sizes differ, deflated members that claim to
/// expand more than deflate can.
pub(crate) fn read_directory(bytes: &[u8]) -> Result<Vec<Entry>> {
    let zip_err = |what: &str, e: zip::result::ZipError| invalid(format!("{what}: {e}"));
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| zip_err("reading the directory", e))?;
    let mut entries = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let file = archive
            .by_index_raw(i)
            .map_err(|e| zip_err("reading a local header", e))?;
        let name = file.name().to_string();
        if file.encrypted() {
            return Err(invalid(format!("the member {name:?} is encrypted")));
        }
        if file.is_dir() {
            continue;
        }
        let method = match file.compression() {
            CompressionMethod::Stored => Method::Stored,
            CompressionMethod::Deflated => Method::Deflated,
            other => {
                return Err(invalid(format!(
                    "the member {name:?} uses the compression method {other}; only stored and deflated members are read"
                )))
            }
        };
        let (start, csize, size) = (file.data_start(), file.compressed_size(), file.size());
        let end = start.checked_add(csize);
        if end.map_or(true, |end| end > bytes.len() as u64) {
            return Err(invalid(format!(
                "the member {name:?} claims {csize} bytes from offset {start}, past the end of the archive ({} bytes)",
                bytes.len()
            )));
        }
        if method == Method::Stored && csize != size {
            return Err(invalid(format!(
                "the stored member {name:?} has compressed size {csize} but size {size}"
            )));
        }
        if method == Method::Deflated && size > csize.saturating_mul(MAX_DEFLATE_RATIO) + 64 {
            return Err(invalid(format!(
                "the deflated member {name:?} claims to expand {csize} bytes to {size}, more than deflate can"
            )));
        }
        let to_usize = |n: u64| usize::try_from(n).map_err(|_| Error::overflow("a member size"));
        entries.push(Entry {
            name,
            method,
            data_start: to_usize(start)?,
            compressed_size: to_usize(csize)?,
            size: to_usize(size)?,
            crc32: file.crc32(),
        });
    }
    Ok(entries)
}
