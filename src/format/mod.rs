//! What one element is. (Placeholder: the format issue replaces this file.)

use crate::error::Result;

/// What one element is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Format {
    itemsize: usize,
}

impl Format {
    /// Parses a format string.
    ///
    /// # Errors
    ///
    /// Never, yet.
    ///
    /// ```
    /// assert_eq!(ndview::Format::parse("B").unwrap().itemsize(), 1);
    /// ```
    pub fn parse(_s: &str) -> Result<Format> {
        Ok(Format { itemsize: 1 })
    }

    /// The element size in bytes.
    ///
    /// ```
    /// assert_eq!(ndview::Format::parse("B").unwrap().itemsize(), 1);
    /// ```
    pub fn itemsize(&self) -> usize {
        self.itemsize
    }
}

/// Typed elements.
///
/// # Safety
///
/// Placeholder.
pub unsafe trait Element: bytemuck::Pod {}
