//! [`RawArray`]: owned bytes in any [`Storage`], plus a [`Format`] and a
//! [`Layout`] — the owner that files, archives and bridges hand out.
//!
//! Views borrow a byte region someone else owns. When a function *opens* a
//! file it must return the owner as well as the view: a heap buffer the
//! file was read into, a memory map, an archive member. `RawArray<S>` is
//! that owner. It checks its layout against its storage once, when it is
//! made, and then hands out views that borrow it: [`RawArray::view`] (any
//! storage) and [`RawArray::view_mut`] (writable storage). It adds nothing
//! else: slicing, conversion, sums and printing are the views'.
//!
//! | storage `S` | from | writable |
//! | --- | --- | --- |
//! | [`AlignedBytes`] (the default) | [`npy::load`](crate::npy::load), inflated `.npz` members | yes |
//! | `Vec<u8>`, `Box<[u8]>` | your own bytes | yes |
//! | `Arc<[u8]>`, `&[u8]` | shared or borrowed bytes; `.npz`/safetensors members | no |
//! | `memmap2::Mmap` / `MmapMut` (feature `mmap`) | `npy::map` / `map_mut` / `create` | `MmapMut` |
//!
//! `RawArray<S>` is `Send` / `Sync` exactly when `S` is.
//!
//! ```
//! use ndview::{Format, Order, RawArray};
//! let bytes: Vec<u8> = (0u16..6).flat_map(u16::to_le_bytes).collect();
//! let mut a = RawArray::new(bytes, Format::parse("<u2")?, &[2, 3])?;
//! a.typed_mut::<u16>()?[[1, 2]] = 50;
//! assert_eq!(a.typed::<u16>()?.transpose().to_vec(), [0, 3, 1, 4, 2, 50]);
//! assert_eq!(a.into_storage()[10..], [50, 0]);
//! # Ok::<(), ndview::Error>(())
//! ```

mod aligned;
#[cfg(feature = "mmap")]
mod mapped;
mod storage;

pub use aligned::AlignedBytes;
#[cfg(feature = "mmap")]
pub use mapped::AccessHint;
pub use storage::{Storage, StorageMut};

use core::fmt;

#[allow(unused_imports)] // `Error` is named by the docs' links
use crate::error::{Error, Result};
use crate::format::{Element, Format};
use crate::layout::Layout;
use crate::view::check_unique;
use crate::view::{NdView, NdViewMut, RawView, RawViewMut};

/// An n-dimensional array of any [`Format`] that owns its bytes, kept in
/// a storage `S` (64-byte-aligned heap memory by default).
///
/// ```
/// use std::sync::Arc;
/// use ndview::{Format, RawArray};
/// let shared: Arc<[u8]> = Arc::from(vec![1u8, 2, 3, 4, 5, 6]);
/// let a = RawArray::from_parts(shared.clone(), Format::parse("B")?, &[3, 2], &[1, 3], 0)?;
/// assert_eq!(a.view().to_bytes(ndview::Order::C), [1, 4, 2, 5, 3, 6]);
/// # Ok::<(), ndview::Error>(())
/// ```
#[derive(Clone)]
pub struct RawArray<S = AlignedBytes> {
    storage: S,
    format: Format,
    /// Checked against `storage` (and its length at that time, `region_len`)
    /// when the array was made.
    layout: Layout,
    region_len: usize,
}

impl<S: Storage> RawArray<S> {
    /// A C-contiguous array of `format` and `shape` from byte 0 of
    /// `storage` (which may be longer than the elements need).
    ///
    /// # Errors
    ///
    /// [`Error::OutOfBounds`] if the storage is too short;
    /// [`Error::Overflow`] / [`Error::TooManyDims`] for hostile shapes.
    ///
    /// ```
    /// use ndview::{Error, Format, RawArray};
    /// let a = RawArray::new(vec![0u8; 24], Format::parse("<f8")?, &[3])?;
    /// assert_eq!(a.strides(), &[8]);
    /// assert!(matches!(RawArray::new(vec![0u8; 23], Format::parse("<f8")?, &[3]), Err(Error::OutOfBounds { .. })));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn new(storage: S, format: Format, shape: &[usize]) -> Result<Self> {
        let layout = Layout::contiguous(shape, format.itemsize(), crate::Order::C)?;
        Self::with_layout(storage, format, layout)
    }

    /// An array from its parts: `strides` in bytes (negative and zero
    /// allowed), `offset` the byte position of element `[0, …, 0]` in the
    /// storage, as [`RawView::from_parts`].
    ///
    /// # Errors
    ///
    /// [`Error::OutOfBounds`] if some element's bytes fall outside the
    /// storage; [`Error::Overflow`], [`Error::TooManyDims`] or
    /// [`Error::ShapeMismatch`] (strides and shape of different lengths).
    ///
    /// ```
    /// use ndview::{Format, RawArray};
    /// let a = RawArray::from_parts(vec![0u8; 64], Format::parse("<u2")?, &[4, 4], &[2, 8], 0)?;
    /// assert!(a.view().is_f_contiguous());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn from_parts(
        storage: S,
        format: Format,
        shape: &[usize],
        strides: &[isize],
        offset: usize,
    ) -> Result<Self> {
        let layout = Layout::new(shape, strides, offset)?;
        Self::with_layout(storage, format, layout)
    }

    /// An array of `storage` with a layout made elsewhere.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfBounds`] / [`Error::Overflow`] unless the layout fits
    /// the storage for this format's itemsize.
    ///
    /// ```
    /// use ndview::{Format, Layout, Order, RawArray};
    /// let l = Layout::contiguous(&[2, 2], 4, Order::F)?;
    /// let a = RawArray::with_layout(vec![0u8; 16], Format::parse("<i4")?, l)?;
    /// assert_eq!(a.strides(), &[4, 8]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn with_layout(storage: S, format: Format, layout: Layout) -> Result<Self> {
        let region_len = storage.as_bytes().len();
        layout.check_region(format.itemsize(), region_len)?;
        Ok(RawArray {
            storage,
            format,
            layout,
            region_len,
        })
    }

    /// The bytes of the storage, checked to be the region the layout was
    /// validated against.
    fn region(&self) -> &[u8] {
        let bytes = self.storage.as_bytes();
        assert_eq!(
            bytes.len(),
            self.region_len,
            "RawArray: the storage changed its length after the array was made"
        );
        bytes
    }

    /// A read-only view of the whole array, borrowing it.
    ///
    /// # Panics
    ///
    /// Only if the storage broke the [`Storage`] contract by changing its
    /// length since the array was made.
    ///
    /// ```
    /// use ndview::{Format, Order, RawArray};
    /// let a = RawArray::new(b"abcdef".to_vec(), Format::parse("B")?, &[2, 3])?;
    /// assert_eq!(a.view().slice(&"::-1, 0".parse()?)?.to_bytes(Order::C), b"da");
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn view(&self) -> RawView<'_> {
        RawView {
            bytes: self.region(),
            format: self.format.clone(),
            layout: self.layout.clone(),
        }
    }

    /// A typed view, when the format is `T`'s and the elements are aligned
    /// for it.
    ///
    /// # Errors
    ///
    /// [`Error::FormatMismatch`] or [`Error::Misaligned`], as
    /// [`RawView::typed`].
    ///
    /// ```
    /// use ndview::{Format, RawArray};
    /// let a = RawArray::new(7u32.to_ne_bytes().to_vec(), Format::of::<u32>(), &[1])?;
    /// assert_eq!(a.typed::<u32>()?[[0]], 7);
    /// assert!(a.typed::<i32>().is_err());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn typed<T: Element>(&self) -> Result<NdView<'_, T>> {
        self.view().typed()
    }

    /// The element format.
    ///
    /// ```
    /// use ndview::{Format, RawArray};
    /// let a = RawArray::new(vec![0u8; 4], Format::parse("<f4")?, &[])?;
    /// assert_eq!(a.format(), &Format::parse("<f4")?);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn format(&self) -> &Format {
        &self.format
    }

    /// The layout: shape, byte strides, offset.
    ///
    /// ```
    /// use ndview::{Format, RawArray};
    /// let a = RawArray::new(vec![0u8; 6], Format::parse("B")?, &[2, 3])?;
    /// assert_eq!(a.layout().strides(), &[3, 1]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The length of each axis.
    ///
    /// ```
    /// use ndview::{Format, RawArray};
    /// assert_eq!(RawArray::new(vec![0u8; 6], Format::parse("B")?, &[2, 3])?.shape(), &[2, 3]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn shape(&self) -> &[usize] {
        self.layout.shape()
    }

    /// The byte strides.
    ///
    /// ```
    /// use ndview::{Format, RawArray};
    /// assert_eq!(RawArray::new(vec![0u8; 12], Format::parse("<i2")?, &[2, 3])?.strides(), &[6, 2]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn strides(&self) -> &[isize] {
        self.layout.strides()
    }

    /// The byte position of element `[0, …, 0]` in the storage.
    ///
    /// ```
    /// use ndview::{Format, RawArray};
    /// let a = RawArray::from_parts(vec![0u8; 8], Format::parse("B")?, &[2], &[-1], 5)?;
    /// assert_eq!(a.offset(), 5);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn offset(&self) -> usize {
        self.layout.offset()
    }

    /// The number of axes.
    ///
    /// ```
    /// use ndview::{Format, RawArray};
    /// assert_eq!(RawArray::new(vec![0u8; 6], Format::parse("B")?, &[2, 3])?.ndim(), 2);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn ndim(&self) -> usize {
        self.layout.ndim()
    }

    /// The number of elements.
    ///
    /// ```
    /// use ndview::{Format, RawArray};
    /// assert_eq!(RawArray::new(vec![0u8; 6], Format::parse("B")?, &[2, 3])?.len(), 6);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.layout.len()
    }

    /// Whether the array has no elements.
    ///
    /// ```
    /// use ndview::{Format, RawArray};
    /// assert!(RawArray::new(Vec::new(), Format::parse("B")?, &[0, 3])?.is_empty());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.layout.is_empty()
    }

    /// The number of bytes of the elements (`len × itemsize`), which may be
    /// less than the storage holds.
    ///
    /// ```
    /// use ndview::{Format, RawArray};
    /// assert_eq!(RawArray::new(vec![0u8; 100], Format::parse("<f8")?, &[3])?.nbytes(), 24);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn nbytes(&self) -> usize {
        // Cannot overflow: the layout was checked to fit the region.
        self.layout.len() * self.format.itemsize()
    }

    /// The storage.
    ///
    /// ```
    /// use ndview::{Format, RawArray};
    /// let a = RawArray::new(vec![1u8, 2], Format::parse("B")?, &[2])?;
    /// assert_eq!(a.storage(), &vec![1, 2]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn storage(&self) -> &S {
        &self.storage
    }

    /// Gives the storage back.
    ///
    /// ```
    /// use ndview::{Format, RawArray};
    /// let a = RawArray::new(vec![1u8, 2], Format::parse("B")?, &[2])?;
    /// assert_eq!(a.into_storage(), vec![1, 2]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn into_storage(self) -> S {
        self.storage
    }
}

impl<S: StorageMut> RawArray<S> {
    /// A mutable view of the whole array, or [`Error::Overlap`] if the
    /// layout lets two elements share a byte (zero or overlapping strides,
    /// which [`RawArray::from_parts`] accepts for reading).
    ///
    /// # Errors
    ///
    /// [`Error::Overlap`], as [`RawViewMut::from_parts`].
    ///
    /// ```
    /// use ndview::{Error, Format, RawArray};
    /// let mut b = RawArray::from_parts(vec![0u8; 3], Format::parse("B")?, &[2, 3], &[0, 1], 0)?;
    /// assert!(matches!(b.try_view_mut(), Err(Error::Overlap { .. })));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn try_view_mut(&mut self) -> Result<RawViewMut<'_>> {
        check_unique(&self.layout, self.format.itemsize())?;
        let region_len = self.region_len;
        let bytes = self.storage.as_bytes_mut();
        assert_eq!(
            bytes.len(),
            region_len,
            "RawArray: the storage changed its length after the array was made"
        );
        Ok(RawViewMut {
            bytes,
            format: self.format.clone(),
            layout: self.layout.clone(),
        })
    }

    /// A mutable view of the whole array, borrowing it exclusively.
    ///
    /// # Panics
    ///
    /// If the layout lets two elements share a byte (only possible for an
    /// array made by [`RawArray::from_parts`] with zero or overlapping
    /// strides; [`RawArray::try_view_mut`] returns the error instead), or
    /// if the storage changed its length since the array was made.
    ///
    /// ```
    /// use ndview::{Format, RawArray, Scalar};
    /// let mut a = RawArray::new(vec![0u8; 4], Format::parse(">u2")?, &[2])?;
    /// a.view_mut().set(&[1], &Scalar::UInt(258))?;
    /// assert_eq!(a.into_storage(), [0, 0, 1, 2]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn view_mut(&mut self) -> RawViewMut<'_> {
        match self.try_view_mut() {
            Ok(v) => v,
            Err(e) => panic!("RawArray::view_mut: {e}"),
        }
    }

    /// A typed mutable view.
    ///
    /// # Errors
    ///
    /// [`Error::Overlap`] for an aliasing layout, [`Error::FormatMismatch`]
    /// or [`Error::Misaligned`] as [`RawView::typed`].
    ///
    /// ```
    /// use ndview::{Format, RawArray};
    /// let mut a = RawArray::new(vec![0u8; 8], Format::of::<u32>(), &[2])?;
    /// a.typed_mut::<u32>()?.fill(3);
    /// assert_eq!(a.typed::<u32>()?.to_vec(), [3, 3]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn typed_mut<T: Element>(&mut self) -> Result<NdViewMut<'_, T>> {
        self.try_view_mut()?.typed_mut()
    }
}

impl<S: Storage> fmt::Debug for RawArray<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawArray")
            .field("format", &alloc::string::ToString::to_string(&self.format))
            .field("shape", &self.shape())
            .field("strides", &self.strides())
            .field("offset", &self.offset())
            .field("storage_len", &self.region_len)
            .finish()
    }
}

impl RawArray<AlignedBytes> {
    /// A C-ordered, 64-byte-aligned copy of any view: the owner of a view's
    /// elements.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] only for views whose size cannot be allocated.
    ///
    /// ```
    /// use ndview::{Format, RawArray, RawView};
    /// let v = RawView::new(b"abcdef", Format::parse("B")?, &[2, 3])?;
    /// let a = RawArray::copy_of(&v.transpose())?;
    /// assert_eq!((a.shape(), &a.storage()[..]), (&[3, 2][..], &b"adbecf"[..]));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn copy_of(view: &RawView<'_>) -> Result<Self> {
        let mut storage = AlignedBytes::zeroed(view.nbytes())?;
        let format = view.format().clone();
        let mut out = RawViewMut::new(&mut storage, format.clone(), view.shape())?;
        out.assign(view)?;
        Self::new(storage, format, view.shape())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::sync::Arc;
    use alloc::vec;
    use alloc::vec::Vec;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn owners_are_send_and_sync_when_their_storage_is() {
        assert_send_sync::<RawArray>();
        assert_send_sync::<RawArray<Vec<u8>>>();
        assert_send_sync::<RawArray<Arc<[u8]>>>();
        assert_send_sync::<RawArray<&[u8]>>();
    }

    #[test]
    fn views_see_the_storage_and_writes_reach_it() {
        let mut a =
            RawArray::new(AlignedBytes::zeroed(12).unwrap(), Format::of::<u32>(), &[3]).unwrap();
        a.typed_mut::<u32>().unwrap()[[2]] = 0xdead_beef;
        assert_eq!(
            a.view().get(&[2]).unwrap(),
            crate::Scalar::UInt(0xdead_beef)
        );
        assert_eq!(&a.storage()[8..], &0xdead_beefu32.to_ne_bytes());
    }

    #[test]
    fn aliasing_layouts_read_but_do_not_write() {
        let mut a = RawArray::from_parts(
            vec![1u8, 2],
            Format::parse("B").unwrap(),
            &[3, 2],
            &[0, 1],
            0,
        )
        .unwrap();
        assert_eq!(a.view().to_bytes(crate::Order::C), [1, 2, 1, 2, 1, 2]);
        assert!(matches!(a.try_view_mut(), Err(Error::Overlap { .. })));
        assert!(matches!(a.typed_mut::<u8>(), Err(Error::Overlap { .. })));
    }
}
