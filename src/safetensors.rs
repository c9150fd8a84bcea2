//! safetensors files (feature `safetensors`): tensors mapped zero-copy,
//! their dtypes as element formats.
//!
//! A safetensors file is an 8-byte little-endian header length, a JSON
//! header (name → dtype, shape, data offsets) and the tensors' bytes, each
//! C-contiguous and little-endian. The header is read and validated by the
//! `safetensors` crate (offsets contiguous and inside the file, sizes equal
//! to shape × dtype, no overflow); [`map`] then gives each tensor as a
//! [`RawArray`] over its bytes in the map, without reading them.
//!
//! | safetensors dtype | format | typed as |
//! | --- | --- | --- |
//! | `BOOL` | `?` | `u8` via `view_as`, or the raw view |
//! | `U8` `I8` | `B` `b` | `u8` `i8` |
//! | `U16` `I16` `U32` `I32` `U64` `I64` | `<u2` `<i2` `<u4` `<i4` `<u8` `<i8` | `u16` … `i64` |
//! | `F16` `F32` `F64` | `<f2` `<f4` `<f8` | `half::f16` `f32` `f64` |
//! | `BF16` | `<bf16` (bfloat16, see docs/formats.md) | `half::bf16` (feature `half`, which `safetensors` enables) |
//! | `F8_E4M3` `F8_E5M2` `F8_E8M0`, `F4`, `F6_E2M3`, `F6_E3M2` | — | an [`Error::InvalidFormat`] naming the dtype |
//!
//! A tensor is typed when its data offset is aligned for its type; the
//! Python `safetensors` package pads the header to 8 bytes, so files it
//! writes (and [`save`]) map to typed views. Others convert with `astype`
//! at any alignment.
//!
//! ```
//! use ndview::NdView;
//! let path = std::env::temp_dir().join(format!("ndview-doc-st-{}.safetensors", std::process::id()));
//! let w: Vec<f32> = (0..6).map(|x| x as f32).collect();
//! ndview::safetensors::save(&path, &[("weight", NdView::from_slice(&w, &[2, 3])?.raw())])?;
//! // SAFETY: only this program uses the file.
//! let t = unsafe { ndview::safetensors::map(&path) }?;
//! assert_eq!(t.names(), ["weight"]);
//! assert_eq!(t.get("weight")?.typed::<f32>()?[[1, 2]], 5.0);
//! # drop(t); std::fs::remove_file(&path).ok();
//! # Ok::<(), ndview::Error>(())
//! ```

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use std::fs::File;
use std::path::Path;

use ::safetensors::tensor::{Metadata, SafeTensorError, View};

/// The safetensors dtypes (re-exported from the `safetensors` crate).
pub use ::safetensors::Dtype;

use crate::error::{Error, Result};
use crate::format::{ByteOrder, Format, Kind};
use crate::layout::Order;
use crate::raw_array::{AlignedBytes, RawArray, Storage};
use crate::RawView;

/// The element format of a safetensors dtype.
///
/// # Errors
///
/// [`Error::InvalidFormat`] naming the dtype for those with no element
/// format here: 8-bit floats and the sub-byte types.
///
/// ```
/// use ndview::{safetensors::dtype_format, Format};
/// use ndview::safetensors::Dtype;
/// assert_eq!(dtype_format(Dtype::F32)?, Format::of::<f32>());
/// assert!(dtype_format(Dtype::F8_E4M3).unwrap_err().to_string().contains("F8_E4M3"));
/// # Ok::<(), ndview::Error>(())
/// ```
pub fn dtype_format(dtype: Dtype) -> Result<Format> {
    let spelling = match dtype {
        Dtype::BOOL => "?",
        Dtype::U8 => "B",
        Dtype::I8 => "b",
        Dtype::U16 => "<u2",
        Dtype::I16 => "<i2",
        Dtype::U32 => "<u4",
        Dtype::I32 => "<i4",
        Dtype::U64 => "<u8",
        Dtype::I64 => "<i8",
        Dtype::F16 => "<f2",
        Dtype::F32 => "<f4",
        Dtype::F64 => "<f8",
        Dtype::BF16 => "<bf16",
        other => {
            return Err(unsupported(
                other,
                "8-bit floats and sub-byte types have no element format here; read the raw bytes of the file if you must",
            ))
        }
    };
    Format::parse(spelling)
}

fn unsupported(dtype: Dtype, why: &str) -> Error {
    let name = format!("{dtype:?}");
    Error::InvalidFormat {
        format: name.clone(),
        position: 0,
        reason: format!("the safetensors dtype {name} is not supported: {why}"),
    }
}

/// The safetensors dtype of an element format.
///
/// # Errors
///
/// [`Error::Unrepresentable`] for formats safetensors has no dtype for
/// (complex numbers, records, strings, pointers).
///
/// ```
/// use ndview::{safetensors::format_dtype, Format};
/// use ndview::safetensors::Dtype;
/// assert_eq!(format_dtype(&Format::parse(">i4")?)?, Dtype::I32); // bytes are swapped on save
/// assert!(format_dtype(&Format::parse("<c16")?).is_err());
/// # Ok::<(), ndview::Error>(())
/// ```
pub fn format_dtype(format: &Format) -> Result<Dtype> {
    let dtype = match (format.kind(), format.itemsize()) {
        (Kind::Bool, 1) => Some(Dtype::BOOL),
        (Kind::Unsigned, 1) => Some(Dtype::U8),
        (Kind::Unsigned, 2) => Some(Dtype::U16),
        (Kind::Unsigned, 4) => Some(Dtype::U32),
        (Kind::Unsigned, 8) => Some(Dtype::U64),
        (Kind::Signed, 1) => Some(Dtype::I8),
        (Kind::Signed, 2) => Some(Dtype::I16),
        (Kind::Signed, 4) => Some(Dtype::I32),
        (Kind::Signed, 8) => Some(Dtype::I64),
        (Kind::Float, 2) => Some(Dtype::F16),
        (Kind::Float, 4) => Some(Dtype::F32),
        (Kind::Float, 8) => Some(Dtype::F64),
        (Kind::BFloat, 2) => Some(Dtype::BF16),
        _ => None,
    };
    dtype.ok_or_else(|| Error::Unrepresentable {
        operation: "safetensors::save",
        reason: format!("the format {format} has no safetensors dtype"),
    })
}

fn header_error(e: SafeTensorError) -> Error {
    Error::InvalidHeader {
        reason: format!("invalid safetensors header: {e}"),
    }
}

/// One tensor: its dtype, shape and the byte range of its data in the file.
struct Tensor {
    name: String,
    dtype: Dtype,
    shape: Vec<usize>,
    start: usize,
    end: usize,
}

/// An open safetensors file: its bytes in a storage `S` (a memory map from
/// [`map`], aligned memory from [`load`]) and its tensors.
///
/// ```
/// use ndview::NdView;
/// let path = std::env::temp_dir().join(format!("ndview-doc-st-type-{}.safetensors", std::process::id()));
/// ndview::safetensors::save(&path, &[("b", NdView::from_slice(&[1i64, 2], &[2])?.raw())])?;
/// let t = ndview::safetensors::load(&path)?;
/// assert_eq!(t.get("b")?.typed::<i64>()?.sum(), 3);
/// # std::fs::remove_file(&path).ok();
/// # Ok::<(), ndview::Error>(())
/// ```
pub struct SafeTensors<S = AlignedBytes> {
    bytes: S,
    tensors: Vec<Tensor>,
    metadata: Vec<(String, String)>,
}

impl<S: Storage> SafeTensors<S> {
    /// Reads the header of a safetensors file held in `bytes` (nothing
    /// else is read).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidHeader`] for a malformed header or offsets that do
    /// not tile the file's data exactly (the `safetensors` crate's checks).
    ///
    /// ```
    /// let file = b"<\x00\x00\x00\x00\x00\x00\x00{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00";
    /// let t = ndview::safetensors::SafeTensors::from_storage(&file[..])?;
    /// assert_eq!(t.get("test")?.shape(), &[2, 2]);
    /// assert!(ndview::safetensors::SafeTensors::from_storage(&file[..80]).is_err()); // truncated
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn from_storage(bytes: S) -> Result<Self> {
        let (n, meta): (usize, Metadata) =
            ::safetensors::SafeTensors::read_metadata(bytes.as_bytes()).map_err(header_error)?;
        // `read_metadata` checked that 8 + n + the data length is the
        // buffer's length.
        let data_start = 8 + n;
        let tensors = meta
            .offset_keys()
            .into_iter()
            .filter_map(|name| {
                let info = meta.info(&name)?;
                let (s, e) = info.data_offsets;
                Some(Tensor {
                    dtype: info.dtype,
                    shape: info.shape.clone(),
                    start: data_start + s,
                    end: data_start + e,
                    name,
                })
            })
            .collect();
        let mut metadata: Vec<(String, String)> = meta
            .metadata()
            .iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        metadata.sort();
        Ok(SafeTensors {
            bytes,
            tensors,
            metadata,
        })
    }

    /// The tensor names, in the order of their data in the file.
    ///
    /// ```
    /// use ndview::NdView;
    /// let path = std::env::temp_dir().join(format!("ndview-doc-st-names-{}.safetensors", std::process::id()));
    /// let v = NdView::from_slice(&[0u8; 2], &[2])?.raw();
    /// ndview::safetensors::save(&path, &[("b", v.clone()), ("a", v)])?;
    /// let mut names = ndview::safetensors::load(&path)?.names().into_iter().map(String::from).collect::<Vec<_>>();
    /// names.sort();
    /// assert_eq!(names, ["a", "b"]);
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn names(&self) -> Vec<&str> {
        self.tensors.iter().map(|t| t.name.as_str()).collect()
    }

    /// The number of tensors.
    ///
    /// ```
    /// # let path = std::env::temp_dir().join(format!("ndview-doc-st-len-{}.safetensors", std::process::id()));
    /// ndview::safetensors::save(&path, &[])?;
    /// assert!(ndview::safetensors::load(&path)?.is_empty());
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.tensors.len()
    }

    /// Whether the file has no tensors.
    ///
    /// ```
    /// # let path = std::env::temp_dir().join(format!("ndview-doc-st-empty-{}.safetensors", std::process::id()));
    /// # ndview::safetensors::save(&path, &[])?;
    /// assert_eq!(ndview::safetensors::load(&path)?.len(), 0);
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.tensors.is_empty()
    }

    /// The free-form `__metadata__` of the header, sorted by key.
    ///
    /// ```
    /// let json = br#"{"__metadata__":{"format":"pt"}}"#;
    /// let mut file = (json.len() as u64).to_le_bytes().to_vec();
    /// file.extend(json);
    /// let t = ndview::safetensors::SafeTensors::from_storage(file)?;
    /// assert_eq!(t.metadata(), [("format".to_string(), "pt".to_string())]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn metadata(&self) -> &[(String, String)] {
        &self.metadata
    }

    /// The safetensors dtype of the tensor `name`, also for dtypes that
    /// [`get`](Self::get) refuses.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidIndex`] if there is no such tensor.
    ///
    /// ```
    /// use ndview::NdView;
    /// # let path = std::env::temp_dir().join(format!("ndview-doc-st-dtype-{}.safetensors", std::process::id()));
    /// ndview::safetensors::save(&path, &[("x", NdView::from_slice(&[1u16], &[1])?.raw())])?;
    /// assert_eq!(ndview::safetensors::load(&path)?.dtype("x")?, ndview::safetensors::Dtype::U16);
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn dtype(&self, name: &str) -> Result<Dtype> {
        Ok(self.tensor(name)?.dtype)
    }

    fn tensor(&self, name: &str) -> Result<&Tensor> {
        self.tensors
            .iter()
            .find(|t| t.name == name)
            .ok_or_else(|| Error::InvalidIndex {
                reason: format!("the file has no tensor named {name:?}"),
            })
    }

    /// The tensor `name` as an array borrowing the file's bytes: C order,
    /// its format from the dtype; zero-copy over the map.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidIndex`] if there is no such tensor;
    /// [`Error::InvalidFormat`] naming the dtype for 8-bit floats and
    /// sub-byte types.
    ///
    /// ```
    /// use ndview::{NdView, Order};
    /// # let path = std::env::temp_dir().join(format!("ndview-doc-st-get-{}.safetensors", std::process::id()));
    /// let w = [1.0f64, 2.0, 3.0, 4.0];
    /// ndview::safetensors::save(&path, &[("w", NdView::from_slice(&w, &[2, 2])?.raw().transpose())])?;
    /// let t = ndview::safetensors::load(&path)?;
    /// assert_eq!(t.get("w")?.typed::<f64>()?.to_vec(), [1.0, 3.0, 2.0, 4.0]);
    /// assert!(t.get("nope").is_err());
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn get(&self, name: &str) -> Result<RawArray<&[u8]>> {
        let t = self.tensor(name)?;
        let format = dtype_format(t.dtype)?;
        // In bounds: `read_metadata` checked the offsets against the file.
        let bytes = &self.bytes.as_bytes()[t.start..t.end];
        RawArray::new(bytes, format, &t.shape)
    }

    /// The storage holding the file's bytes.
    ///
    /// ```
    /// # let path = std::env::temp_dir().join(format!("ndview-doc-st-storage-{}.safetensors", std::process::id()));
    /// # ndview::safetensors::save(&path, &[])?;
    /// let t = ndview::safetensors::load(&path)?;
    /// assert_eq!(t.storage().len() as u64, std::fs::metadata(&path).unwrap().len());
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn storage(&self) -> &S {
        &self.bytes
    }
}

/// Reads a whole safetensors file into 64-byte-aligned memory.
///
/// # Errors
///
/// [`Error::Io`] (path and OS reason) if the file cannot be read;
/// [`Error::InvalidHeader`] for a malformed file.
///
/// ```
/// use ndview::NdView;
/// # let path = std::env::temp_dir().join(format!("ndview-doc-st-load-{}.safetensors", std::process::id()));
/// ndview::safetensors::save(&path, &[("x", NdView::from_slice(&[1u32, 2, 3], &[3])?.raw())])?;
/// assert_eq!(ndview::safetensors::load(&path)?.get("x")?.typed::<u32>()?.sum(), 6);
/// # std::fs::remove_file(&path).ok();
/// # Ok::<(), ndview::Error>(())
/// ```
pub fn load(path: impl AsRef<Path>) -> Result<SafeTensors<AlignedBytes>> {
    let bytes = AlignedBytes::read_file(path.as_ref(), "the size of a safetensors file")?;
    SafeTensors::from_storage(bytes)
}

/// Maps a safetensors file read-only (features `safetensors` and `mmap`):
/// the header is parsed, the tensors' bytes are not read.
///
/// # Safety
///
/// As [`npy::map`](crate::npy::map): the file must not be truncated or
/// modified while the result lives.
///
/// # Errors
///
/// [`Error::Io`] (path and OS reason) if the file cannot be opened or
/// mapped; [`Error::InvalidHeader`] for a malformed file.
///
/// ```
/// use ndview::NdView;
/// # let path = std::env::temp_dir().join(format!("ndview-doc-st-map-{}.safetensors", std::process::id()));
/// ndview::safetensors::save(&path, &[("x", NdView::from_slice(&[0.5f32; 4], &[4])?.raw())])?;
/// // SAFETY: only this program uses the file.
/// let t = unsafe { ndview::safetensors::map(&path) }?;
/// assert_eq!(t.get("x")?.typed::<f32>()?.sum(), 2.0);
/// # drop(t); std::fs::remove_file(&path).ok();
/// # Ok::<(), ndview::Error>(())
/// ```
#[cfg(feature = "mmap")]
pub unsafe fn map(path: impl AsRef<Path>) -> Result<SafeTensors<memmap2::Mmap>> {
    let path = path.as_ref();
    let file = File::open(path).map_err(|e| Error::io(path, &e, "opening"))?;
    // SAFETY: the caller promises that the file is neither truncated nor
    // modified while the map lives (this function's contract).
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| Error::io(path, &e, "mapping"))?;
    SafeTensors::from_storage(map)
}

/// A view to be saved: its dtype, shape and bytes in C order, little-endian.
struct Saved<'v> {
    dtype: Dtype,
    view: &'v RawView<'v>,
}

impl View for Saved<'_> {
    fn dtype(&self) -> Dtype {
        self.dtype
    }

    fn shape(&self) -> &[usize] {
        self.view.shape()
    }

    fn data(&self) -> Cow<'_, [u8]> {
        let v = self.view;
        let big = v.format().byte_order() == ByteOrder::Big;
        if v.is_c_contiguous() && !big {
            let start = v.offset();
            return Cow::Borrowed(&v.bytes()[start..start + v.nbytes()]);
        }
        let mut bytes = v.to_bytes(Order::C);
        if big {
            for item in bytes.chunks_exact_mut(v.itemsize()) {
                item.reverse();
            }
        }
        Cow::Owned(bytes)
    }

    fn data_len(&self) -> usize {
        self.view.nbytes()
    }
}

/// Writes views as a safetensors file: each in C order, little-endian
/// (big-endian views are byte-swapped as they are written), with the
/// header the `safetensors` crate writes (padded to 8 bytes, so every
/// tensor of 8 bytes or less per element is aligned in a map). C-contiguous
/// little-endian views are written from their bytes; others are copied
/// out one tensor at a time.
///
/// # Errors
///
/// [`Error::Unrepresentable`] for formats with no safetensors dtype;
/// [`Error::InvalidIndex`] for a repeated name; [`Error::Io`] for the
/// operating system's failures.
///
/// ```
/// use ndview::NdView;
/// # let path = std::env::temp_dir().join(format!("ndview-doc-st-save-{}.safetensors", std::process::id()));
/// let be: Vec<u8> = [1u16, 2, 3].iter().flat_map(|x| x.to_be_bytes()).collect();
/// let v = ndview::RawView::new(&be, ndview::Format::parse(">u2")?, &[3])?;
/// ndview::safetensors::save(&path, &[("be", v)])?;
/// assert_eq!(ndview::safetensors::load(&path)?.get("be")?.typed::<u16>()?.to_vec(), [1, 2, 3]);
/// # std::fs::remove_file(&path).ok();
/// # Ok::<(), ndview::Error>(())
/// ```
pub fn save(path: impl AsRef<Path>, tensors: &[(&str, RawView<'_>)]) -> Result<()> {
    let path = path.as_ref();
    let mut items = Vec::with_capacity(tensors.len());
    for (i, (name, view)) in tensors.iter().enumerate() {
        if tensors[..i].iter().any(|(other, _)| other == name) {
            return Err(Error::InvalidIndex {
                reason: format!("the name {name:?} is given twice"),
            });
        }
        let dtype = format_dtype(view.format())?;
        items.push((name.to_string(), Saved { dtype, view }));
    }
    ::safetensors::serialize_to_file(items, None, path).map_err(|e| match e {
        SafeTensorError::IoError(e) => Error::io(path, &e, "writing"),
        other => Error::Io {
            path: path.display().to_string(),
            reason: format!("writing a safetensors file: {other}"),
        },
    })
}
