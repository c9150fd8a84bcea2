//! [`RawView`] and [`RawViewMut`]: runtime-format views, the `memoryview`
//! analogue.
//!
//! A raw view pairs a byte region with a [`Format`] and a [`Layout`]. It
//! accepts any format (records, big-endian, odd sizes) and any alignment,
//! because it never turns bytes into references to typed values: elements
//! are byte slices ([`get_bytes`](RawView::get_bytes)) or decoded
//! [`Scalar`]s ([`get`](RawView::get)). [`typed`](RawView::typed) turns it
//! into an [`NdView`](crate::NdView) once format and alignment allow.

use alloc::vec::Vec;

use super::{layout_ops, layout_queries};
use crate::error::{Error, Result};
use crate::format::{Format, Kind, Scalar};
use crate::layout::{Layout, Order};

/// A read-only strided view of a byte region with a runtime [`Format`]:
/// the `memoryview` of this crate.
///
/// Cloning is cheap: it copies the small header, never the bytes.
///
/// ```
/// use ndview::{Format, RawView, Order};
/// let data = b"hello world";
/// let mv = RawView::new(data, Format::parse("B")?, &[data.len()])?;
/// let ell = mv.slice(&"1:4".parse()?)?;
/// assert_eq!(ell.to_bytes(Order::C), b"ell");
/// assert_eq!(ell.bytes().as_ptr(), data.as_ptr()); // the same memory
/// # Ok::<(), ndview::Error>(())
/// ```
#[derive(Clone)]
pub struct RawView<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) format: Format,
    pub(crate) layout: Layout,
}

/// A mutable strided view of a byte region with a runtime [`Format`].
///
/// It owns its region exclusively for `'a`, and its layout is unique: no two
/// elements share a byte (aliasing layouts are refused with
/// [`Error::Overlap`]). It has no `broadcast_to`, which would alias.
///
/// ```
/// use ndview::{Format, RawViewMut, Scalar};
/// let mut buf = *b"hello world";
/// let mut m = RawViewMut::new(&mut buf, Format::parse("B")?, &[11])?;
/// m.set(&[6], &Scalar::UInt(b'W' as u64))?;
/// assert_eq!(&buf, b"hello World");
/// # Ok::<(), ndview::Error>(())
/// ```
pub struct RawViewMut<'a> {
    pub(crate) bytes: &'a mut [u8],
    pub(crate) format: Format,
    pub(crate) layout: Layout,
}

/// Checks that a layout fits a region for a format: the shared part of every
/// raw constructor.
fn checked_layout(
    region_len: usize,
    format: &Format,
    shape: &[usize],
    strides: Option<&[isize]>,
    offset: usize,
) -> Result<Layout> {
    let layout = match strides {
        Some(strides) => Layout::new(shape, strides, offset)?,
        None => Layout::contiguous(shape, format.itemsize(), Order::C)?,
    };
    layout.check_region(format.itemsize(), region_len)?;
    Ok(layout)
}

/// `Overlap` unless no two elements of `layout` share a byte.
pub(crate) fn check_unique(layout: &Layout, itemsize: usize) -> Result<()> {
    if layout.is_unique(itemsize) {
        return Ok(());
    }
    Err(Error::Overlap {
        reason: layout.overlap_reason(itemsize).unwrap_or_else(|| {
            alloc::string::String::from("uniqueness of the elements could not be proven")
        }),
    })
}

/// Decodes the element at `index` of a raw view's parts.
fn decode_at(bytes: &[u8], format: &Format, layout: &Layout, index: &[usize]) -> Result<Scalar> {
    let at = element_offset(layout, index)?;
    format.decode(&bytes[at..at + format.itemsize()])
}

/// Byte offset of `index`, with an error that names the offending axis.
pub(crate) fn element_offset(layout: &Layout, index: &[usize]) -> Result<usize> {
    if index.len() != layout.ndim() {
        return Err(Error::InvalidIndex {
            reason: alloc::format!(
                "{} indices given for a view of {} dimensions",
                index.len(),
                layout.ndim()
            ),
        });
    }
    if let Some((axis, (&i, &len))) = index
        .iter()
        .zip(layout.shape())
        .enumerate()
        .find(|(_, (&i, &n))| i >= n)
    {
        return Err(Error::IndexOutOfBounds {
            axis,
            index: isize::try_from(i).unwrap_or(isize::MAX),
            len,
        });
    }
    // In bounds, and the layout was checked against the region.
    layout
        .byte_offset_of(index)
        .ok_or_else(|| Error::overflow("an element offset"))
}

impl<'a> RawView<'a> {
    /// A C-contiguous view of `bytes` from byte 0 with the given element
    /// format and shape. The region may be longer than the elements need.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfBounds`] if `bytes` is too short;
    /// [`Error::Overflow`] / [`Error::TooManyDims`] for hostile shapes.
    ///
    /// ```
    /// use ndview::{Format, RawView};
    /// let v = RawView::new(&[0u8; 12], Format::parse("<i2")?, &[2, 3])?;
    /// assert_eq!(v.strides(), &[6, 2]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[doc(alias = "frombuffer")]
    #[doc(alias = "memoryview")]
    pub fn new(bytes: &'a [u8], format: Format, shape: &[usize]) -> Result<Self> {
        let layout = checked_layout(bytes.len(), &format, shape, None, 0)?;
        Ok(RawView {
            bytes,
            format,
            layout,
        })
    }

    /// A view from its parts: `strides` in bytes (negative and zero
    /// allowed), `offset` the byte position of element `[0, …, 0]`.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfBounds`] if some element's bytes fall outside `bytes`;
    /// [`Error::Overflow`], [`Error::TooManyDims`] or
    /// [`Error::ShapeMismatch`] (strides and shape of different lengths).
    ///
    /// ```
    /// use ndview::{Format, RawView, Order};
    /// // every other byte, backwards
    /// let v = RawView::from_parts(b"abcdef", Format::parse("B")?, &[3], &[-2], 4)?;
    /// assert_eq!(v.to_bytes(Order::C), b"eca");
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn from_parts(
        bytes: &'a [u8],
        format: Format,
        shape: &[usize],
        strides: &[isize],
        offset: usize,
    ) -> Result<Self> {
        let layout = checked_layout(bytes.len(), &format, shape, Some(strides), offset)?;
        Ok(RawView {
            bytes,
            format,
            layout,
        })
    }

    /// A view of `bytes` with a layout checked elsewhere.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfBounds`] or [`Error::Overflow`] unless the layout fits
    /// the region for this format's itemsize.
    ///
    /// ```
    /// use ndview::{Format, Layout, RawView};
    /// let l = Layout::new(&[2], &[4], 0)?;
    /// let v = RawView::with_layout_of(&[0u8; 8], Format::parse("<f4")?, l)?;
    /// assert_eq!(v.len(), 2);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn with_layout_of(bytes: &'a [u8], format: Format, layout: Layout) -> Result<Self> {
        layout.check_region(format.itemsize(), bytes.len())?;
        Ok(RawView {
            bytes,
            format,
            layout,
        })
    }

    /// The element format.
    ///
    /// ```
    /// use ndview::{Format, RawView};
    /// let v = RawView::new(&[0u8; 8], Format::parse("<f8")?, &[])?;
    /// assert_eq!(v.format(), &Format::parse("<f8")?);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[inline]
    pub fn format(&self) -> &Format {
        &self.format
    }

    /// Bytes of one element.
    ///
    /// ```
    /// use ndview::{Format, RawView};
    /// let v = RawView::new(&[0u8; 8], Format::parse("<f8")?, &[])?;
    /// assert_eq!(v.itemsize(), 8);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[inline]
    pub fn itemsize(&self) -> usize {
        self.format.itemsize()
    }

    /// The whole byte region the view borrows (the `.obj` of a
    /// `memoryview`): slicing never changes it.
    ///
    /// ```
    /// use ndview::{Format, RawView};
    /// let data = [1u8, 2, 3];
    /// let v = RawView::new(&data, Format::parse("B")?, &[3])?;
    /// assert_eq!(v.slice(&"2:".parse()?)?.bytes(), &data);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[inline]
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Pointer to the first byte of element `[0, …, 0]` (which, with
    /// negative strides, is not the lowest byte of the view).
    ///
    /// ```
    /// use ndview::{Format, RawView};
    /// let data = [1u8, 2, 3];
    /// let v = RawView::new(&data, Format::parse("B")?, &[3])?.slice(&"1:".parse()?)?;
    /// assert_eq!(v.as_ptr(), data[1..].as_ptr());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[inline]
    pub fn as_ptr(&self) -> *const u8 {
        self.bytes.as_ptr().wrapping_add(self.layout.offset())
    }

    /// NumPy's ALIGNED flag: the first element's address and every stride
    /// of an axis longer than 1 are multiples of the alignment NumPy uses
    /// for the dtype. For a scalar (or a sub-array of scalars) that is the
    /// [natural alignment](Format::natural_alignment) of its type, whatever
    /// the byte-order prefix (`<u4`: 4). For a record it is the record's
    /// own [`alignment`](Format::alignment): 1 for a packed record (NumPy's
    /// `.npy` records, `T{B:a:<i:b:}`), the largest field alignment for a
    /// native `@` struct — as NumPy's `dtype.alignment`.
    ///
    /// This is a query, not what typed access relies on:
    /// [`typed`](RawView::typed) checks the alignment of `T` itself.
    ///
    /// ```
    /// use ndview::{Format, RawView};
    /// let words = [0u32; 4];
    /// let bytes: &[u8] = bytemuck::cast_slice(&words);
    /// let v = RawView::new(bytes, Format::parse("<u4")?, &[4])?;
    /// assert!(v.is_aligned());
    /// let odd = RawView::from_parts(bytes, Format::parse("<u4")?, &[3], &[4], 1)?;
    /// assert!(!odd.is_aligned());
    /// // A packed record is aligned anywhere; its `<i` field is not.
    /// let rec = RawView::from_parts(bytes, Format::parse("T{B:a:<i:b:}")?, &[2], &[5], 1)?;
    /// assert!(rec.is_aligned());
    /// assert!(!rec.field("b")?.is_aligned());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[inline]
    pub fn is_aligned(&self) -> bool {
        self.layout.is_aligned(
            self.bytes.as_ptr() as usize,
            aligned_flag_alignment(&self.format),
        )
    }

    /// The bytes of the element at `index`, or `None` if the index is
    /// outside the shape or has the wrong length.
    ///
    /// ```
    /// use ndview::{Format, RawView};
    /// let v = RawView::new(b"abcdef", Format::parse("2s")?, &[3])?;
    /// assert_eq!(v.get_bytes(&[1]), Some(&b"cd"[..]));
    /// assert_eq!(v.get_bytes(&[3]), None);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[inline]
    pub fn get_bytes(&self, index: &[usize]) -> Option<&'a [u8]> {
        let at = self.layout.byte_offset_of(index)?;
        self.bytes.get(at..at + self.itemsize())
    }

    /// The element at `index`, decoded by the format (the
    /// `memoryview.__getitem__` / `struct.unpack` of this crate).
    ///
    /// # Errors
    ///
    /// [`Error::IndexOutOfBounds`] / [`Error::InvalidIndex`] for a bad
    /// index; [`Error::InvalidFormat`] if the format cannot be decoded.
    ///
    /// ```
    /// use ndview::{Format, RawView, Scalar};
    /// let v = RawView::new(&[0, 1, 0, 2], Format::parse(">h")?, &[2])?;
    /// assert_eq!(v.get(&[1])?, Scalar::Int(2));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[doc(alias = "item")]
    #[doc(alias = "tolist")]
    pub fn get(&self, index: &[usize]) -> Result<Scalar> {
        decode_at(self.bytes, &self.format, &self.layout, index)
    }

    /// Copies the elements out in `order` (C: row-major, F: column-major),
    /// one `itemsize` run per element (`memoryview.tobytes`).
    ///
    /// ```
    /// use ndview::{Format, RawView, Order};
    /// let v = RawView::new(b"abcdef", Format::parse("B")?, &[2, 3])?;
    /// assert_eq!(v.to_bytes(Order::F), b"adbecf");
    /// assert_eq!(v.transpose().to_bytes(Order::C), b"adbecf");
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[doc(alias = "tobytes")]
    pub fn to_bytes(&self, order: Order) -> Vec<u8> {
        self.copy_out_bytes(order)
    }

    /// Broadcasts to `shape` with NumPy's rules: axes of length 1 and new
    /// leading axes repeat with stride 0. Read-only views only: the result
    /// aliases.
    ///
    /// # Errors
    ///
    /// [`Error::ShapeMismatch`] when the shapes are incompatible;
    /// [`Error::Overflow`] when the element count overflows.
    ///
    /// ```
    /// use ndview::{Format, RawView};
    /// let v = RawView::new(&[1u8, 2, 3], Format::parse("B")?, &[3])?;
    /// let b = v.broadcast_to(&[2, 3])?;
    /// assert_eq!(b.strides(), &[0, 1]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn broadcast_to(&self, shape: &[usize]) -> Result<RawView<'a>> {
        let layout = self.layout.broadcast_to(shape)?;
        Ok(self.with_layout(layout))
    }

    /// The two halves of `axis` split before position `index`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`] or [`Error::IndexOutOfBounds`] (`index > len`).
    ///
    /// ```
    /// use ndview::{Format, RawView};
    /// let v = RawView::new(b"abcdef", Format::parse("B")?, &[2, 3])?;
    /// let (l, r) = v.split_at(1, 1)?;
    /// assert_eq!((l.shape(), r.shape()), (&[2, 1][..], &[2, 2][..]));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn split_at(&self, axis: usize, index: usize) -> Result<(RawView<'a>, RawView<'a>)> {
        let (a, b) = self.layout.split_at(axis, index)?;
        Ok((self.with_layout(a), self.with_layout(b)))
    }

    #[inline]
    pub(crate) fn with_layout(&self, layout: Layout) -> RawView<'a> {
        RawView {
            bytes: self.bytes,
            format: self.format.clone(),
            layout,
        }
    }

    layout_queries!(
        "let data = [0u8; 24];\nlet v = ndview::RawView::new(&data, ndview::Format::parse(\"B\").unwrap(), &[2, 3, 4]).unwrap();"
    );
    layout_ops!(
        "let data = [0u8; 24];\nlet v = ndview::RawView::new(&data, ndview::Format::parse(\"B\").unwrap(), &[2, 3, 4]).unwrap();",
        [&self] self
    );
}

impl<'a> RawViewMut<'a> {
    /// A C-contiguous mutable view of `bytes` from byte 0.
    ///
    /// # Errors
    ///
    /// As [`RawView::new`].
    ///
    /// ```
    /// use ndview::{Format, RawViewMut};
    /// let mut buf = [0u8; 6];
    /// let m = RawViewMut::new(&mut buf, Format::parse("<u2")?, &[3])?;
    /// assert_eq!(m.len(), 3);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn new(bytes: &'a mut [u8], format: Format, shape: &[usize]) -> Result<Self> {
        let layout = checked_layout(bytes.len(), &format, shape, None, 0)?;
        Ok(RawViewMut {
            bytes,
            format,
            layout,
        })
    }

    /// A mutable view from its parts, as [`RawView::from_parts`], refusing
    /// layouts whose elements share a byte.
    ///
    /// # Errors
    ///
    /// As [`RawView::from_parts`], and [`Error::Overlap`] if two elements
    /// would alias (a zero stride on an axis longer than 1, overlapping
    /// strides, partially overlapping elements).
    ///
    /// ```
    /// use ndview::{Error, Format, RawViewMut};
    /// let mut region = [0u8; 16];
    /// let f = Format::parse("B")?;
    /// assert!(matches!(
    ///     RawViewMut::from_parts(&mut region, f.clone(), &[4, 4], &[1, 1], 0),
    ///     Err(Error::Overlap { .. })
    /// ));
    /// assert!(RawViewMut::from_parts(&mut region, f, &[4, 4], &[1, 4], 0).is_ok());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn from_parts(
        bytes: &'a mut [u8],
        format: Format,
        shape: &[usize],
        strides: &[isize],
        offset: usize,
    ) -> Result<Self> {
        let layout = checked_layout(bytes.len(), &format, shape, Some(strides), offset)?;
        check_unique(&layout, format.itemsize())?;
        Ok(RawViewMut {
            bytes,
            format,
            layout,
        })
    }

    /// The element format.
    ///
    /// ```
    /// use ndview::{Format, RawViewMut};
    /// let mut buf = [0u8; 2];
    /// let m = RawViewMut::new(&mut buf, Format::parse(">h")?, &[])?;
    /// assert_eq!(m.format().itemsize(), 2);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[inline]
    pub fn format(&self) -> &Format {
        &self.format
    }

    /// Bytes of one element.
    ///
    /// ```
    /// use ndview::{Format, RawViewMut};
    /// let mut buf = [0u8; 2];
    /// let m = RawViewMut::new(&mut buf, Format::parse(">h")?, &[])?;
    /// assert_eq!(m.itemsize(), 2);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[inline]
    pub fn itemsize(&self) -> usize {
        self.format.itemsize()
    }

    /// NumPy's ALIGNED flag; see [`RawView::is_aligned`].
    ///
    /// ```
    /// use ndview::{Format, RawViewMut};
    /// let mut buf = [0u8; 1];
    /// assert!(RawViewMut::new(&mut buf, Format::parse("B")?, &[1])?.is_aligned());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[inline]
    pub fn is_aligned(&self) -> bool {
        self.layout.is_aligned(
            self.bytes.as_ptr() as usize,
            aligned_flag_alignment(&self.format),
        )
    }

    /// A read-only view of the same elements, borrowing this one.
    ///
    /// ```
    /// use ndview::{Format, RawViewMut, Order};
    /// let mut buf = *b"abc";
    /// let m = RawViewMut::new(&mut buf, Format::parse("B")?, &[3])?;
    /// assert_eq!(m.view().to_bytes(Order::C), b"abc");
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn view(&self) -> RawView<'_> {
        RawView {
            bytes: self.bytes,
            format: self.format.clone(),
            layout: self.layout.clone(),
        }
    }

    /// A shorter-lived mutable view of the same elements, so that a
    /// consuming operation can be applied while keeping this one.
    ///
    /// ```
    /// use ndview::{Format, RawViewMut};
    /// let mut buf = [0u8; 4];
    /// let mut m = RawViewMut::new(&mut buf, Format::parse("B")?, &[2, 2])?;
    /// assert_eq!(m.reborrow().transpose().strides(), &[1, 2]);
    /// assert_eq!(m.strides(), &[2, 1]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn reborrow(&mut self) -> RawViewMut<'_> {
        RawViewMut {
            bytes: self.bytes,
            format: self.format.clone(),
            layout: self.layout.clone(),
        }
    }

    /// The whole byte region, read-only.
    ///
    /// ```
    /// use ndview::{Format, RawViewMut};
    /// let mut buf = [7u8; 4];
    /// let m = RawViewMut::new(&mut buf, Format::parse("B")?, &[2])?;
    /// assert_eq!(m.bytes(), &[7, 7, 7, 7]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn bytes(&self) -> &[u8] {
        self.bytes
    }

    /// The bytes of the element at `index`, mutable, or `None` if the index
    /// is outside the shape.
    ///
    /// ```
    /// use ndview::{Format, RawViewMut};
    /// let mut buf = *b"abcd";
    /// let mut m = RawViewMut::new(&mut buf, Format::parse("2s")?, &[2])?;
    /// m.get_bytes_mut(&[1]).unwrap().copy_from_slice(b"XY");
    /// assert_eq!(&buf, b"abXY");
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn get_bytes_mut(&mut self, index: &[usize]) -> Option<&mut [u8]> {
        let at = self.layout.byte_offset_of(index)?;
        let itemsize = self.itemsize();
        self.bytes.get_mut(at..at + itemsize)
    }

    /// The element at `index`, decoded; see [`RawView::get`].
    ///
    /// # Errors
    ///
    /// As [`RawView::get`].
    ///
    /// ```
    /// use ndview::{Format, RawViewMut, Scalar};
    /// let mut buf = [0u8, 5];
    /// let m = RawViewMut::new(&mut buf, Format::parse(">H")?, &[1])?;
    /// assert_eq!(m.get(&[0])?, Scalar::UInt(5));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[doc(alias = "item")]
    #[doc(alias = "tolist")]
    pub fn get(&self, index: &[usize]) -> Result<Scalar> {
        decode_at(self.bytes, &self.format, &self.layout, index)
    }

    /// Encodes `value` into the element at `index`.
    ///
    /// # Errors
    ///
    /// [`Error::IndexOutOfBounds`] / [`Error::InvalidIndex`] for a bad index;
    /// [`Error::InvalidValue`] if the value does not fit the format.
    ///
    /// ```
    /// use ndview::{Format, RawViewMut, Scalar};
    /// let mut buf = [0u8; 4];
    /// let mut m = RawViewMut::new(&mut buf, Format::parse(">h")?, &[2])?;
    /// m.set(&[1], &Scalar::Int(-2))?;
    /// assert_eq!(buf, [0, 0, 0xff, 0xfe]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn set(&mut self, index: &[usize], value: &Scalar) -> Result<()> {
        let at = element_offset(&self.layout, index)?;
        let itemsize = self.itemsize();
        self.format
            .encode(value, &mut self.bytes[at..at + itemsize])
    }

    /// Copies the elements out in `order`; see [`RawView::to_bytes`].
    ///
    /// ```
    /// use ndview::{Format, RawViewMut, Order};
    /// let mut buf = *b"abcd";
    /// let m = RawViewMut::new(&mut buf, Format::parse("B")?, &[2, 2])?;
    /// assert_eq!(m.to_bytes(Order::F), b"acbd");
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[doc(alias = "tobytes")]
    pub fn to_bytes(&self, order: Order) -> Vec<u8> {
        self.view().to_bytes(order)
    }

    /// The two halves of `axis` split before `index`, as two mutable views
    /// over disjoint parts of the region (so that they can go to different
    /// threads).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`], [`Error::IndexOutOfBounds`], or
    /// [`Error::Overlap`] when the halves' bytes interleave in
    /// memory (split along an axis with a larger stride instead).
    ///
    /// ```
    /// use ndview::{Format, RawViewMut};
    /// let mut buf = [0u8; 6];
    /// let m = RawViewMut::new(&mut buf, Format::parse("B")?, &[2, 3])?;
    /// let (top, bottom) = m.split_at_mut(0, 1)?;
    /// assert_eq!((top.len(), bottom.len()), (3, 3));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn split_at_mut(
        self,
        axis: usize,
        index: usize,
    ) -> Result<(RawViewMut<'a>, RawViewMut<'a>)> {
        let itemsize = self.itemsize();
        let ((a, a_bytes), (b, b_bytes)) =
            split_region(self.bytes, &self.layout, itemsize, axis, index)?;
        Ok((
            RawViewMut {
                bytes: a_bytes,
                format: self.format.clone(),
                layout: a,
            },
            RawViewMut {
                bytes: b_bytes,
                format: self.format,
                layout: b,
            },
        ))
    }

    #[inline]
    pub(crate) fn with_layout(self, layout: Layout) -> RawViewMut<'a> {
        RawViewMut {
            bytes: self.bytes,
            format: self.format,
            layout,
        }
    }

    layout_queries!(
        "let mut data = [0u8; 24];\nlet v = ndview::RawViewMut::new(&mut data, ndview::Format::parse(\"B\").unwrap(), &[2, 3, 4]).unwrap();"
    );
    layout_ops!(
        "let mut data = [0u8; 24];\nlet v = ndview::RawViewMut::new(&mut data, ndview::Format::parse(\"B\").unwrap(), &[2, 3, 4]).unwrap();",
        [self] self
    );
}

/// One half of a split: its layout over its own part of the region.
type Half<'a> = (Layout, &'a mut [u8]);

/// Splits `axis` of `layout` before `index` and the region between the two
/// halves' byte ranges, rebasing the second half's offset.
pub(crate) fn split_region<'a>(
    region: &'a mut [u8],
    layout: &Layout,
    itemsize: usize,
    axis: usize,
    index: usize,
) -> Result<(Half<'a>, Half<'a>)> {
    let (first, second) = layout.split_at(axis, index)?;
    let (lo1, end1) = first.byte_range(itemsize)?;
    let (lo2, end2) = second.byte_range(itemsize)?;
    let (first_empty, second_empty) = (first.is_empty(), second.is_empty());
    // Where to cut the region: every byte of the half that comes first in
    // memory lies before the cut, every byte of the other after it.
    let (cut, first_is_low) = if first_empty {
        (0, true)
    } else if second_empty {
        (region.len(), true)
    } else if end1 <= lo2 {
        (end1 as usize, true)
    } else if end2 <= lo1 {
        (end2 as usize, false)
    } else {
        return Err(Error::Overlap {
            reason: alloc::format!(
                "split_at_mut gives each half its own byte region, but the halves of axis {axis} interleave in memory (bytes {lo1}..{end1} and {lo2}..{end2}); split along an axis with a larger stride"
            ),
        });
    };
    let (low, high) = region.split_at_mut(cut);
    let rebase = |mut l: Layout| -> Layout {
        if l.is_empty() {
            l.offset = 0;
        } else {
            l.offset -= cut;
        }
        l
    };
    let empty_offset = |mut l: Layout| -> Layout {
        if l.is_empty() {
            l.offset = 0;
        }
        l
    };
    Ok(if first_is_low {
        ((empty_offset(first), low), (rebase(second), high))
    } else {
        ((rebase(first), high), (empty_offset(second), low))
    })
}

/// The alignment NumPy's ALIGNED flag checks for elements of `format`: a
/// record's (or a sub-array of records') own alignment, otherwise the
/// natural alignment of the element type.
fn aligned_flag_alignment(format: &Format) -> usize {
    let element = format.subarray().map_or(format, |(_, base)| base);
    if element.kind() == Kind::Record {
        format.alignment()
    } else {
        format.natural_alignment()
    }
}
