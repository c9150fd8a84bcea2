//! Memory-mapped owners (feature `mmap`): access hints and flushing for
//! [`RawArray`]s over `memmap2::Mmap` / `MmapMut`.
//!
//! A mapped array is read by page faults. Telling the kernel how it will
//! be read lets it read ahead (sequential scans), stop reading ahead
//! (random gathers) or start reading now (data about to be used): the
//! `madvise` hints, which change speed and never contents.

use memmap2::{Mmap, MmapMut};

use super::RawArray;
use crate::error::{Error, Result};

/// How a mapped array is about to be read: an `madvise` hint to the
/// operating system. Hints never change the bytes, only when they are
/// read from disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AccessHint {
    /// Front to back: read ahead aggressively, drop pages soon after
    /// (`MADV_SEQUENTIAL`).
    Sequential,
    /// Scattered reads: do not read ahead (`MADV_RANDOM`).
    Random,
    /// The whole map will be needed soon: start reading it now
    /// (`MADV_WILLNEED`).
    WillNeed,
    /// No particular pattern: the default read-ahead (`MADV_NORMAL`).
    Normal,
}

#[cfg(unix)]
fn advice(hint: AccessHint) -> memmap2::Advice {
    match hint {
        AccessHint::Sequential => memmap2::Advice::Sequential,
        AccessHint::Random => memmap2::Advice::Random,
        AccessHint::WillNeed => memmap2::Advice::WillNeed,
        AccessHint::Normal => memmap2::Advice::Normal,
    }
}

fn advise_error(e: &std::io::Error) -> Error {
    Error::Io {
        path: alloc::string::String::new(),
        reason: alloc::format!("madvise on a mapped array: {e}"),
    }
}

impl RawArray<Mmap> {
    /// Tells the operating system how the array is about to be read (a
    /// no-op on platforms without `madvise`).
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if the operating system refuses the hint.
    ///
    /// ```
    /// use ndview::{raw_array::AccessHint, NdView};
    /// let path = std::env::temp_dir().join(format!("ndview-doc-advise-{}.npy", std::process::id()));
    /// ndview::npy::save(&path, &NdView::from_slice(&[1.0f64; 512], &[512])?.raw())?;
    /// // SAFETY: only this program uses the file.
    /// let m = unsafe { ndview::npy::map(&path) }?;
    /// m.advise(AccessHint::Sequential)?;
    /// assert_eq!(m.typed::<f64>()?.sum(), 512.0);
    /// # drop(m); std::fs::remove_file(&path).ok();
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn advise(&self, hint: AccessHint) -> Result<()> {
        #[cfg(unix)]
        if !self.storage().is_empty() {
            self.storage()
                .advise(advice(hint))
                .map_err(|e| advise_error(&e))?;
        }
        #[cfg(not(unix))]
        let _ = hint;
        Ok(())
    }
}

impl RawArray<MmapMut> {
    /// As [`RawArray::<Mmap>::advise`](RawArray::advise), for a writable map.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if the operating system refuses the hint.
    ///
    /// ```
    /// use ndview::{raw_array::AccessHint, Format, Order};
    /// let path = std::env::temp_dir().join(format!("ndview-doc-advise-mut-{}.npy", std::process::id()));
    /// // SAFETY: the file is new and only this program uses it.
    /// let mut c = unsafe { ndview::npy::create(&path, Format::parse("<u1")?, &[4096], Order::C) }?;
    /// c.advise(AccessHint::Random)?;
    /// c.typed_mut::<u8>()?.fill(1);
    /// # drop(c); std::fs::remove_file(&path).ok();
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn advise(&self, hint: AccessHint) -> Result<()> {
        #[cfg(unix)]
        if !self.storage().is_empty() {
            self.storage()
                .advise(advice(hint))
                .map_err(|e| advise_error(&e))?;
        }
        #[cfg(not(unix))]
        let _ = hint;
        Ok(())
    }

    /// Writes the modified pages back to the file now and waits for it
    /// (`msync`); without it the operating system writes them when it
    /// likes, at the latest when the map is dropped and the pages evicted.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] with the operating system's reason.
    ///
    /// ```
    /// use ndview::{Format, Order};
    /// let path = std::env::temp_dir().join(format!("ndview-doc-flush-{}.npy", std::process::id()));
    /// // SAFETY: the file is new and only this program uses it.
    /// let mut c = unsafe { ndview::npy::create(&path, Format::parse("<i2")?, &[8], Order::C) }?;
    /// c.typed_mut::<i16>()?.fill(-1);
    /// c.flush()?;
    /// assert_eq!(ndview::npy::load(&path)?.typed::<i16>()?.sum(), -8);
    /// # drop(c); std::fs::remove_file(&path).ok();
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn flush(&self) -> Result<()> {
        self.storage().flush().map_err(|e| Error::Io {
            path: alloc::string::String::new(),
            reason: alloc::format!("flushing a mapped array: {e}"),
        })
    }
}
