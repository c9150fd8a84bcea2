#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]
#![warn(missing_docs)]

extern crate alloc;

mod array;
pub mod convert;
pub mod error;
pub mod format;
pub mod interop;
#[cfg(feature = "std")]
pub mod io;
mod kernels;
pub mod layout;
pub mod npy;
#[cfg(feature = "npz")]
pub mod npz;
pub mod raw_array;
#[cfg(feature = "safetensors")]
pub mod safetensors;
pub mod view;

pub use array::NdArray;
pub use convert::Casting;
pub use error::{Error, Result};
pub use format::{ByteOrder, Element, Field, Format, Kind, Scalar};
pub use kernels::zip::{IntoNdProducer, NdProducer, Zip};
pub use layout::index::NewAxis;
pub use layout::{Index, IndexItem, SliceSpec};
pub use layout::{Layout, Order, MAX_DIMS};
pub use raw_array::RawArray;
pub use view::{NdView, NdViewMut, RawView, RawViewMut};
#[cfg(feature = "python")]
pub mod python;

/// The examples of docs/files.md ("Files at any size"), run as doc tests.
#[cfg(all(doctest, feature = "mmap", feature = "npz", feature = "safetensors"))]
#[doc = include_str!("../docs/files.md")]
pub struct FilesGuideDoctests;
