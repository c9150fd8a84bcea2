//! [`NdView`] and [`NdViewMut`]: typed, aligned, native-order views.
//!
//! A typed view is a byte region whose elements are known to be `T`s: the
//! format is `T`'s native format, and the first element and every stride of
//! a non-trivial axis are multiples of `align_of::<T>()`. So every element
//! can be handed out as `&T` (or `&mut T`, when the view is mutable and its
//! layout unique). Strides stay in **bytes** and need not be multiples of
//! `size_of::<T>()`: a column of `f32` inside an array of 12-byte records is
//! a valid view.

use alloc::vec::Vec;
use core::marker::PhantomData;
use core::mem::{align_of, size_of};

use super::iter::{AxisIter, Iter, IterMut, Lanes};
use super::raw::{check_unique, split_region, RawView, RawViewMut};
use super::{check_aligned, layout_ops, layout_queries};
use crate::error::Result;
use crate::format::{Element, Format};
use crate::layout::{Layout, Order};

/// A read-only typed view: `&'a` elements of type `T` at strided byte
/// positions of a region.
///
/// Cloning is cheap: it copies the small header, never the elements.
///
/// ```
/// use ndview::NdView;
/// let data: Vec<u32> = (0..12).collect();
/// let v = NdView::from_slice(&data, &[3, 4])?;
/// assert_eq!(v[[1, 2]], 6);
/// let col = v.slice(&"::-1, 1".parse()?)?;
/// assert_eq!(col.to_vec(), vec![9, 5, 1]);
/// # Ok::<(), ndview::Error>(())
/// ```
pub struct NdView<'a, T: Element> {
    pub(crate) bytes: &'a [u8],
    pub(crate) layout: Layout,
    pub(crate) _elements: PhantomData<&'a [T]>,
}

impl<T: Element> Clone for NdView<'_, T> {
    fn clone(&self) -> Self {
        NdView {
            bytes: self.bytes,
            layout: self.layout.clone(),
            _elements: PhantomData,
        }
    }
}

/// A mutable typed view: `&'a mut` elements of type `T`.
///
/// Its region is borrowed exclusively and its layout is unique (no two
/// elements share a byte), so every element can be handed out as `&mut T`.
///
/// ```
/// use ndview::NdViewMut;
/// let mut buf = *b"hello world";
/// let mut m = NdViewMut::from_slice_mut(&mut buf, &[11])?;
/// m[[6]] = b'W';
/// assert_eq!(&buf, b"hello World");
/// # Ok::<(), ndview::Error>(())
/// ```
pub struct NdViewMut<'a, T: Element> {
    pub(crate) bytes: &'a mut [u8],
    pub(crate) layout: Layout,
    pub(crate) _elements: PhantomData<&'a mut [T]>,
}

/// Checks what a typed view of `layout` over `region` needs: the elements
/// lie in the region and are aligned for `T`.
fn checked_typed_layout<T: Element>(region: &[u8], layout: Layout) -> Result<Layout> {
    layout.check_region(size_of::<T>(), region.len())?;
    check_aligned(&layout, region.as_ptr(), align_of::<T>(), || T::NAME.into())?;
    Ok(layout)
}

/// `ShapeMismatch` unless a slice of `len` elements is exactly the
/// elements of the C-contiguous `layout` (a longer one is not a silent
/// prefix).
fn exact_length(operation: &'static str, len: usize, layout: &Layout) -> Result<()> {
    if len == layout.len() {
        return Ok(());
    }
    Err(crate::Error::ShapeMismatch {
        operation,
        found: alloc::vec![len],
        requested: layout.shape().to_vec(),
        reason: alloc::format!(
            "the slice has {len} elements but the shape has {}; slice it to the length first \
             if a prefix is meant",
            layout.len()
        ),
    })
}

/// `&[T]` of the `len` elements starting `at` bytes into `region`.
///
/// The caller has checked that the elements are inside the region and
/// aligned (a validated typed layout that is dense there).
fn elements_at<T: Element>(region: &[u8], at: usize, len: usize) -> &[T] {
    if len == 0 {
        return &[];
    }
    bytemuck::cast_slice(&region[at..at + len * size_of::<T>()])
}

fn elements_at_mut<T: Element>(region: &mut [u8], at: usize, len: usize) -> &mut [T] {
    if len == 0 {
        return &mut [];
    }
    bytemuck::cast_slice_mut(&mut region[at..at + len * size_of::<T>()])
}

/// Byte offset of the lowest element when the elements fill one gap-free
/// block in some axis order (any signs), for `as_slice_memory_order`.
fn dense_start(layout: &Layout, itemsize: usize) -> Option<usize> {
    if layout.is_empty() {
        return Some(0);
    }
    layout.dense_block(itemsize)
}

impl<'a, T: Element> NdView<'a, T> {
    /// A C-contiguous view of `data` with the given shape (NumPy's
    /// `frombuffer(...).reshape(shape)`); `data` has exactly as many
    /// elements as the shape.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfBounds`](crate::Error::OutOfBounds) if `data` is too short;
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) if it is longer
    /// (a silent prefix would hide bugs: slice `data` first if a prefix is
    /// meant, as NumPy `reshape` and ndarray `from_shape_vec` also refuse
    /// it); [`Error::Overflow`](crate::Error::Overflow) /
    /// [`Error::TooManyDims`](crate::Error::TooManyDims) for hostile shapes.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1.0f64, 2.0, 3.0, 4.0], &[2, 2])?;
    /// assert_eq!(v[[1, 0]], 3.0);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[doc(alias = "frombuffer")]
    pub fn from_slice(data: &'a [T], shape: &[usize]) -> Result<Self> {
        let bytes: &'a [u8] = bytemuck::cast_slice(data);
        let layout = Layout::contiguous(shape, size_of::<T>(), Order::C)?;
        layout.check_region(size_of::<T>(), bytes.len())?;
        exact_length("from_slice", data.len(), &layout)?;
        Ok(NdView {
            bytes,
            layout,
            _elements: PhantomData,
        })
    }

    /// A C-contiguous view of `bytes` from byte 0, reinterpreted as `T`s.
    ///
    /// # Errors
    ///
    /// [`Error::Misaligned`](crate::Error::Misaligned) if `bytes` does not start at a multiple of
    /// `align_of::<T>()`; [`Error::OutOfBounds`](crate::Error::OutOfBounds) if it is too short.
    ///
    /// ```
    /// use ndview::NdView;
    /// let words = [1u64, 2];
    /// let v = NdView::<u64>::from_bytes(bytemuck::cast_slice(&words), &[2])?;
    /// assert_eq!(v.to_vec(), vec![1, 2]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn from_bytes(bytes: &'a [u8], shape: &[usize]) -> Result<Self> {
        let layout = Layout::contiguous(shape, size_of::<T>(), Order::C)?;
        Ok(NdView {
            layout: checked_typed_layout::<T>(bytes, layout)?,
            bytes,
            _elements: PhantomData,
        })
    }

    /// A view from its parts: shape, strides in **bytes** (negative and
    /// zero allowed; not necessarily multiples of `size_of::<T>()`), and the
    /// byte offset of element `[0, …, 0]`.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfBounds`](crate::Error::OutOfBounds), [`Error::Misaligned`](crate::Error::Misaligned), [`Error::Overflow`](crate::Error::Overflow),
    /// [`Error::TooManyDims`](crate::Error::TooManyDims), [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) (strides and shape
    /// of different lengths).
    ///
    /// ```
    /// use ndview::NdView;
    /// // the `y` column of three 12-byte records {x: f32, y: f32, z: f32}
    /// let records = [0.0f32, 1.0, 2.0, 10.0, 11.0, 12.0, 20.0, 21.0, 22.0];
    /// let bytes: &[u8] = bytemuck::cast_slice(&records);
    /// let y = NdView::<f32>::from_parts(bytes, &[3], &[12], 4)?;
    /// assert_eq!(y.to_vec(), vec![1.0, 11.0, 21.0]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn from_parts(
        bytes: &'a [u8],
        shape: &[usize],
        strides: &[isize],
        offset: usize,
    ) -> Result<Self> {
        let layout = Layout::new(shape, strides, offset)?;
        Ok(NdView {
            layout: checked_typed_layout::<T>(bytes, layout)?,
            bytes,
            _elements: PhantomData,
        })
    }

    /// Bytes of one element: `size_of::<T>()`.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[0u16; 3], &[3])?;
    /// assert_eq!(v.itemsize(), 2);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[inline]
    pub fn itemsize(&self) -> usize {
        size_of::<T>()
    }

    /// Always `true` for a typed view (alignment is checked when it is
    /// made); present so that typed and raw views answer the same queries.
    ///
    /// ```
    /// assert!(ndview::NdView::from_slice(&[0u64; 2], &[2])?.is_aligned());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[inline]
    pub fn is_aligned(&self) -> bool {
        self.layout
            .is_aligned(self.bytes.as_ptr() as usize, align_of::<T>())
    }

    /// The element format: `T`'s native format.
    ///
    /// ```
    /// use ndview::{Format, NdView};
    /// assert_eq!(NdView::from_slice(&[0f64], &[1])?.format(), Format::parse("d")?);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn format(&self) -> Format {
        Format::of::<T>()
    }

    /// The element at `index`, or `None` if the index is outside the shape
    /// or has the wrong length.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1u8, 2, 3, 4], &[2, 2])?;
    /// assert_eq!(v.get(&[1, 1]), Some(&4));
    /// assert_eq!(v.get(&[2, 0]), None);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[inline]
    pub fn get(&self, index: &[usize]) -> Option<&'a T> {
        let at = self.layout.byte_offset_of(index)?;
        // SAFETY: `at` is the offset of an element inside the shape; the
        // layout was checked against the region (so `at + size_of::<T>()`
        // is in bounds) and for `T`'s alignment, and every bit pattern is a
        // valid `T` (`Element: Pod`).
        Some(unsafe { self.element(at) })
    }

    /// # Safety
    ///
    /// `at` must be the byte offset of an element of this view.
    #[inline]
    pub(crate) unsafe fn element(&self, at: usize) -> &'a T {
        // SAFETY: by the caller's promise `at..at + size_of::<T>()` is an
        // aligned element inside the region, which is borrowed for `'a`.
        unsafe { &*self.bytes.as_ptr().add(at).cast::<T>() }
    }

    /// The elements in logical (C) order; double-ended and exact-size.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1, 2, 3, 4, 5, 6], &[2, 3])?;
    /// let t: Vec<i32> = v.transpose().iter().copied().collect();
    /// assert_eq!(t, [1, 4, 2, 5, 3, 6]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[inline]
    pub fn iter(&self) -> Iter<'a, T> {
        Iter::new(self.bytes, &self.layout)
    }

    /// The elements copied out in logical C order.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1, 2, 3, 4], &[2, 2])?;
    /// assert_eq!(v.transpose().to_vec(), vec![1, 3, 2, 4]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[doc(alias = "tolist")]
    #[doc(alias = "ravel")]
    #[doc(alias = "flatten")]
    pub fn to_vec(&self) -> Vec<T> {
        self.to_vec_in(Order::C)
    }

    /// The element bytes copied out in `order` (`tobytes`): native byte
    /// order, `len() * size_of::<T>()` bytes.
    ///
    /// ```
    /// use ndview::{NdView, Order};
    /// let v = NdView::from_slice(&[1u16, 2], &[2])?;
    /// assert_eq!(v.to_bytes(Order::C), [1u16.to_ne_bytes(), 2u16.to_ne_bytes()].concat());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[doc(alias = "tobytes")]
    pub fn to_bytes(&self, order: Order) -> Vec<u8> {
        self.raw().to_bytes(order)
    }

    /// The elements copied out in `order` (F: the first index varies
    /// fastest).
    ///
    /// ```
    /// use ndview::Order;
    /// let v = ndview::NdView::from_slice(&[1, 2, 3, 4], &[2, 2])?;
    /// assert_eq!(v.to_vec_in(Order::F), vec![1, 3, 2, 4]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[doc(alias = "ascontiguousarray")]
    #[doc(alias = "asfortranarray")]
    pub fn to_vec_in(&self, order: Order) -> Vec<T> {
        crate::kernels::methods::copy_out(self, order)
    }

    /// The elements as one slice, when the view is C-contiguous (so that
    /// slice order is logical order); `None` otherwise.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1, 2, 3, 4], &[2, 2])?;
    /// assert_eq!(v.as_slice(), Some(&[1, 2, 3, 4][..]));
    /// assert_eq!(v.transpose().as_slice(), None);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn as_slice(&self) -> Option<&'a [T]> {
        if !self.is_c_contiguous() {
            return None;
        }
        Some(elements_at(self.bytes, self.layout.offset(), self.len()))
    }

    /// The elements as one slice in *memory* order, when they fill a dense
    /// block in some axis order (transposed and reversed views included);
    /// `None` otherwise. Good for order-free work like sums.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1, 2, 3, 4], &[2, 2])?;
    /// let t = v.transpose().flip(0)?;
    /// assert_eq!(t.as_slice_memory_order(), Some(&[1, 2, 3, 4][..]));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn as_slice_memory_order(&self) -> Option<&'a [T]> {
        let start = dense_start(&self.layout, size_of::<T>())?;
        Some(elements_at(self.bytes, start, self.len()))
    }

    /// The same view with a runtime format: a [`RawView`] of `T`'s native
    /// format.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1u16, 2], &[2])?;
    /// assert_eq!(v.raw().format().itemsize(), 2);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn raw(&self) -> RawView<'a> {
        RawView {
            bytes: self.bytes,
            format: Format::of::<T>(),
            layout: self.layout.clone(),
        }
    }

    /// The whole byte region the view borrows.
    ///
    /// ```
    /// let data = [1u16, 2];
    /// let v = ndview::NdView::from_slice(&data, &[2])?;
    /// assert_eq!(v.bytes().len(), 4);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[inline]
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Pointer to element `[0, …, 0]`.
    ///
    /// ```
    /// let data = [1u16, 2, 3];
    /// let v = ndview::NdView::from_slice(&data, &[3])?.flip(0)?;
    /// assert_eq!(v.as_ptr(), &data[2] as *const u16);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[inline]
    pub fn as_ptr(&self) -> *const T {
        self.bytes
            .as_ptr()
            .wrapping_add(self.layout.offset())
            .cast::<T>()
    }

    /// The sub-views along axis 0 (rows of a matrix).
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1, 2, 3, 4], &[2, 2])?;
    /// let rows: Vec<Vec<i32>> = v.outer_iter().map(|r| r.to_vec()).collect();
    /// assert_eq!(rows, [[1, 2], [3, 4]]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    ///
    /// # Panics
    ///
    /// On a 0-d view, which has no axis 0.
    pub fn outer_iter(&self) -> AxisIter<'a, T> {
        self.axis_iter(0)
            .expect("outer_iter needs a view with at least one axis")
    }

    /// The sub-views along `axis`: `index_axis(axis, 0)`, `index_axis(axis, 1)`, ….
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`](crate::Error::InvalidAxis) if `axis >= ndim`.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1, 2, 3, 4], &[2, 2])?;
    /// let cols: Vec<Vec<i32>> = v.axis_iter(1)?.map(|c| c.to_vec()).collect();
    /// assert_eq!(cols, [[1, 3], [2, 4]]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn axis_iter(&self, axis: usize) -> Result<AxisIter<'a, T>> {
        AxisIter::new(self.bytes, &self.layout, axis)
    }

    /// The 1-d lanes along `axis`: one view for every position of the other
    /// axes (rows for `axis = ndim - 1`), in C order of those positions.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`](crate::Error::InvalidAxis) if `axis >= ndim`.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1, 2, 3, 4, 5, 6], &[2, 3])?;
    /// let sums: Vec<i32> = v.lanes(1)?.map(|row| row.iter().sum()).collect();
    /// assert_eq!(sums, [6, 15]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn lanes(&self, axis: usize) -> Result<Lanes<'a, T>> {
        Lanes::new(self.bytes, &self.layout, axis)
    }

    /// Broadcasts to `shape` (NumPy rules; stride 0 for repeated axes).
    ///
    /// # Errors
    ///
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) when incompatible; [`Error::Overflow`](crate::Error::Overflow).
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1, 2], &[2])?;
    /// assert_eq!(v.broadcast_to(&[3, 2])?.to_vec(), [1, 2, 1, 2, 1, 2]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn broadcast_to(&self, shape: &[usize]) -> Result<NdView<'a, T>> {
        let layout = self.layout.broadcast_to(shape)?;
        Ok(self.with_layout(layout))
    }

    /// The two halves of `axis` split before `index`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`](crate::Error::InvalidAxis) or [`Error::IndexOutOfBounds`](crate::Error::IndexOutOfBounds).
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[1, 2, 3], &[3])?;
    /// let (a, b) = v.split_at(0, 1)?;
    /// assert_eq!((a.to_vec(), b.to_vec()), (vec![1], vec![2, 3]));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn split_at(&self, axis: usize, index: usize) -> Result<(NdView<'a, T>, NdView<'a, T>)> {
        let (a, b) = self.layout.split_at(axis, index)?;
        Ok((self.with_layout(a), self.with_layout(b)))
    }

    #[inline]
    pub(crate) fn with_layout(&self, layout: Layout) -> NdView<'a, T> {
        NdView {
            bytes: self.bytes,
            layout,
            _elements: PhantomData,
        }
    }

    layout_queries!(
        "let data = [0u8; 24];\nlet v = ndview::NdView::from_slice(&data, &[2, 3, 4]).unwrap();"
    );
    layout_ops!(
        "let data = [0u8; 24];\nlet v = ndview::NdView::from_slice(&data, &[2, 3, 4]).unwrap();",
        [&self] self
    );
}

impl<'a, T: Element> NdViewMut<'a, T> {
    /// A C-contiguous mutable view of `data` with the given shape.
    ///
    /// # Errors
    ///
    /// As [`NdView::from_slice`].
    ///
    /// ```
    /// let mut data = [0i32; 4];
    /// let mut m = ndview::NdViewMut::from_slice_mut(&mut data, &[2, 2])?;
    /// m[[1, 0]] = 7;
    /// assert_eq!(data, [0, 0, 7, 0]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn from_slice_mut(data: &'a mut [T], shape: &[usize]) -> Result<Self> {
        let bytes: &'a mut [u8] = bytemuck::cast_slice_mut(data);
        let layout = Layout::contiguous(shape, size_of::<T>(), Order::C)?;
        layout.check_region(size_of::<T>(), bytes.len())?;
        exact_length("from_slice_mut", bytes.len() / size_of::<T>(), &layout)?;
        Ok(NdViewMut {
            bytes,
            layout,
            _elements: PhantomData,
        })
    }

    /// A C-contiguous mutable view of `bytes` from byte 0, as `T`s.
    ///
    /// # Errors
    ///
    /// As [`NdView::from_bytes`].
    ///
    /// ```
    /// let mut words = [0u32; 2];
    /// let mut m = ndview::NdViewMut::<u32>::from_bytes_mut(bytemuck::cast_slice_mut(&mut words), &[2])?;
    /// m.fill(9);
    /// assert_eq!(words, [9, 9]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn from_bytes_mut(bytes: &'a mut [u8], shape: &[usize]) -> Result<Self> {
        let layout = Layout::contiguous(shape, size_of::<T>(), Order::C)?;
        Ok(NdViewMut {
            layout: checked_typed_layout::<T>(bytes, layout)?,
            bytes,
            _elements: PhantomData,
        })
    }

    /// A mutable view from its parts (strides in bytes), refusing layouts
    /// whose elements would alias.
    ///
    /// # Errors
    ///
    /// As [`NdView::from_parts`], and [`Error::Overlap`](crate::Error::Overlap) if two elements
    /// share a byte.
    ///
    /// ```
    /// use ndview::{Error, NdViewMut};
    /// let mut region = [0u8; 8];
    /// assert!(matches!(
    ///     NdViewMut::<u8>::from_parts_mut(&mut region, &[3], &[0], 0),
    ///     Err(Error::Overlap { .. })
    /// ));
    /// let mut evens = NdViewMut::<u8>::from_parts_mut(&mut region, &[4], &[2], 0)?;
    /// evens.fill(1);
    /// assert_eq!(region, [1, 0, 1, 0, 1, 0, 1, 0]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn from_parts_mut(
        bytes: &'a mut [u8],
        shape: &[usize],
        strides: &[isize],
        offset: usize,
    ) -> Result<Self> {
        let layout = checked_typed_layout::<T>(bytes, Layout::new(shape, strides, offset)?)?;
        check_unique(&layout, size_of::<T>())?;
        Ok(NdViewMut {
            bytes,
            layout,
            _elements: PhantomData,
        })
    }

    /// Bytes of one element: `size_of::<T>()`.
    ///
    /// ```
    /// let mut d = [0u16; 3];
    /// assert_eq!(ndview::NdViewMut::from_slice_mut(&mut d, &[3])?.itemsize(), 2);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[inline]
    pub fn itemsize(&self) -> usize {
        size_of::<T>()
    }

    /// A read-only view of the same elements, borrowing this one.
    ///
    /// ```
    /// let mut d = [1, 2];
    /// let m = ndview::NdViewMut::from_slice_mut(&mut d, &[2])?;
    /// assert_eq!(m.view().to_vec(), [1, 2]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn view(&self) -> NdView<'_, T> {
        NdView {
            bytes: self.bytes,
            layout: self.layout.clone(),
            _elements: PhantomData,
        }
    }

    /// A shorter-lived mutable view of the same elements, so that a
    /// consuming operation can be applied while keeping this one.
    ///
    /// ```
    /// let mut d = [1, 2, 3, 4];
    /// let mut m = ndview::NdViewMut::from_slice_mut(&mut d, &[2, 2])?;
    /// m.reborrow().transpose().index_axis(0, 1)?.fill(0);
    /// assert_eq!(m.view().to_vec(), [1, 0, 3, 0]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn reborrow(&mut self) -> NdViewMut<'_, T> {
        NdViewMut {
            bytes: self.bytes,
            layout: self.layout.clone(),
            _elements: PhantomData,
        }
    }

    /// Turns the view into a read-only one for the whole lifetime `'a`.
    ///
    /// ```
    /// let mut d = [1, 2];
    /// let v = ndview::NdViewMut::from_slice_mut(&mut d, &[2])?.into_view();
    /// assert_eq!(v[[1]], 2);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn into_view(self) -> NdView<'a, T> {
        NdView {
            bytes: self.bytes,
            layout: self.layout,
            _elements: PhantomData,
        }
    }

    /// The same view with a runtime format.
    ///
    /// ```
    /// let mut d = [1u8, 2];
    /// let r = ndview::NdViewMut::from_slice_mut(&mut d, &[2])?.into_raw();
    /// assert_eq!(r.len(), 2);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn into_raw(self) -> RawViewMut<'a> {
        RawViewMut {
            bytes: self.bytes,
            format: Format::of::<T>(),
            layout: self.layout,
        }
    }

    /// The element at `index`, or `None` if it is outside the shape.
    ///
    /// ```
    /// let mut d = [1, 2];
    /// let m = ndview::NdViewMut::from_slice_mut(&mut d, &[2])?;
    /// assert_eq!(m.get(&[1]), Some(&2));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[inline]
    pub fn get(&self, index: &[usize]) -> Option<&T> {
        let at = self.layout.byte_offset_of(index)?;
        // SAFETY: an element inside the checked region, aligned for `T`;
        // `&self` keeps every `&mut` to it from existing meanwhile.
        Some(unsafe { &*self.bytes.as_ptr().add(at).cast::<T>() })
    }

    /// The element at `index`, mutable, or `None` if it is outside the
    /// shape.
    ///
    /// ```
    /// let mut d = [1, 2];
    /// let mut m = ndview::NdViewMut::from_slice_mut(&mut d, &[2])?;
    /// *m.get_mut(&[0]).unwrap() += 10;
    /// assert_eq!(d, [11, 2]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[inline]
    pub fn get_mut(&mut self, index: &[usize]) -> Option<&mut T> {
        let at = self.layout.byte_offset_of(index)?;
        // SAFETY: an element inside the checked region, aligned for `T`;
        // `&mut self` makes the returned reference the only one into the
        // region, and every bit pattern is a valid `T`.
        Some(unsafe { &mut *self.bytes.as_mut_ptr().add(at).cast::<T>() })
    }

    /// The elements in logical C order.
    ///
    /// ```
    /// let mut d = [1, 2, 3];
    /// let m = ndview::NdViewMut::from_slice_mut(&mut d, &[3])?;
    /// assert_eq!(m.iter().sum::<i32>(), 6);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn iter(&self) -> Iter<'_, T> {
        Iter::new(self.bytes, &self.layout)
    }

    /// The elements in logical C order, mutable.
    ///
    /// ```
    /// let mut d = [1, 2, 3, 4];
    /// let mut m = ndview::NdViewMut::from_slice_mut(&mut d, &[2, 2])?;
    /// for (k, x) in m.reborrow().transpose().iter_mut().enumerate() { *x = k as i32; }
    /// assert_eq!(d, [0, 2, 1, 3]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn iter_mut(&mut self) -> IterMut<'_, T> {
        IterMut::new(self.bytes, &self.layout)
    }

    /// The elements as one slice when C-contiguous; `None` otherwise.
    ///
    /// ```
    /// let mut d = [1, 2];
    /// let m = ndview::NdViewMut::from_slice_mut(&mut d, &[2])?;
    /// assert_eq!(m.as_slice(), Some(&[1, 2][..]));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn as_slice(&self) -> Option<&[T]> {
        if !self.is_c_contiguous() {
            return None;
        }
        Some(elements_at(self.bytes, self.layout.offset(), self.len()))
    }

    /// The elements as one mutable slice when C-contiguous; `None`
    /// otherwise.
    ///
    /// ```
    /// let mut d = [1, 2];
    /// let mut m = ndview::NdViewMut::from_slice_mut(&mut d, &[2])?;
    /// m.as_slice_mut().unwrap()[0] = 5;
    /// assert_eq!(d, [5, 2]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn as_slice_mut(&mut self) -> Option<&mut [T]> {
        if !self.is_c_contiguous() {
            return None;
        }
        let (at, len) = (self.layout.offset(), self.len());
        Some(elements_at_mut(self.bytes, at, len))
    }

    /// The elements as one mutable slice in memory order when they fill a
    /// dense block in some axis order; `None` otherwise.
    ///
    /// ```
    /// let mut d = [1, 2, 3, 4];
    /// let mut m = ndview::NdViewMut::from_slice_mut(&mut d, &[2, 2])?.transpose();
    /// m.as_slice_memory_order_mut().unwrap().reverse();
    /// assert_eq!(d, [4, 3, 2, 1]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn as_slice_memory_order_mut(&mut self) -> Option<&mut [T]> {
        let start = dense_start(&self.layout, size_of::<T>())?;
        let len = self.len();
        Some(elements_at_mut(self.bytes, start, len))
    }

    /// The elements copied out in logical C order.
    ///
    /// ```
    /// let mut d = [1, 2, 3, 4];
    /// let m = ndview::NdViewMut::from_slice_mut(&mut d, &[2, 2])?;
    /// assert_eq!(m.to_vec(), [1, 2, 3, 4]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[doc(alias = "tolist")]
    #[doc(alias = "ravel")]
    #[doc(alias = "flatten")]
    pub fn to_vec(&self) -> Vec<T> {
        self.view().to_vec()
    }

    /// The elements copied out in `order`.
    ///
    /// ```
    /// use ndview::{NdViewMut, Order};
    /// let mut d = [1, 2, 3, 4];
    /// let m = NdViewMut::from_slice_mut(&mut d, &[2, 2])?;
    /// assert_eq!(m.to_vec_in(Order::F), [1, 3, 2, 4]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[doc(alias = "ascontiguousarray")]
    #[doc(alias = "asfortranarray")]
    pub fn to_vec_in(&self, order: Order) -> Vec<T> {
        self.view().to_vec_in(order)
    }

    /// The format of the elements: `T`'s native format.
    ///
    /// ```
    /// let mut d = [0.0f32; 2];
    /// let m = ndview::NdViewMut::from_slice_mut(&mut d, &[2])?;
    /// assert_eq!(m.format(), ndview::Format::of::<f32>());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn format(&self) -> Format {
        Format::of::<T>()
    }

    /// The two halves of `axis` split before `index`, as two mutable views
    /// over disjoint parts of the region — for example to hand each half to
    /// its own thread.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`](crate::Error::InvalidAxis), [`Error::IndexOutOfBounds`](crate::Error::IndexOutOfBounds), or
    /// [`Error::Overlap`](crate::Error::Overlap) when the halves' bytes interleave in
    /// memory (split along an axis with a larger stride instead).
    ///
    /// ```
    /// let mut d = [0u32; 8];
    /// let m = ndview::NdViewMut::from_slice_mut(&mut d, &[4, 2])?;
    /// let (mut top, mut bottom) = m.split_at_mut(0, 2)?;
    /// std::thread::scope(|s| {
    ///     s.spawn(|| top.fill(1));
    ///     s.spawn(|| bottom.fill(2));
    /// });
    /// assert_eq!(d, [1, 1, 1, 1, 2, 2, 2, 2]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn split_at_mut(
        self,
        axis: usize,
        index: usize,
    ) -> Result<(NdViewMut<'a, T>, NdViewMut<'a, T>)> {
        let ((a, a_bytes), (b, b_bytes)) =
            split_region(self.bytes, &self.layout, size_of::<T>(), axis, index)?;
        Ok((
            NdViewMut {
                bytes: a_bytes,
                layout: a,
                _elements: PhantomData,
            },
            NdViewMut {
                bytes: b_bytes,
                layout: b,
                _elements: PhantomData,
            },
        ))
    }

    #[inline]
    pub(crate) fn with_layout(self, layout: Layout) -> NdViewMut<'a, T> {
        NdViewMut {
            bytes: self.bytes,
            layout,
            _elements: PhantomData,
        }
    }

    layout_queries!(
        "let mut data = [0u8; 24];\nlet v = ndview::NdViewMut::from_slice_mut(&mut data, &[2, 3, 4]).unwrap();"
    );
    layout_ops!(
        "let mut data = [0u8; 24];\nlet v = ndview::NdViewMut::from_slice_mut(&mut data, &[2, 3, 4]).unwrap();",
        [self] self
    );
}

/// Panics with the offending index, like slice indexing does.
#[cold]
#[track_caller]
fn index_out_of_bounds(index: &[usize], shape: &[usize]) -> ! {
    if index.len() != shape.len() {
        panic!(
            "index {index:?} has {} coordinates, but the view has {} dimensions (shape {shape:?}): \
             index with one coordinate per axis, or take a sub-view with `slice`",
            index.len(),
            shape.len()
        )
    }
    panic!("index {index:?} is out of bounds for a view of shape {shape:?}")
}

impl<T: Element, const N: usize> core::ops::Index<[usize; N]> for NdView<'_, T> {
    type Output = T;
    /// # Panics
    ///
    /// If the index is outside the shape or has the wrong length.
    #[inline]
    #[track_caller]
    fn index(&self, index: [usize; N]) -> &T {
        self.get(&index)
            .unwrap_or_else(|| index_out_of_bounds(&index, self.shape()))
    }
}

impl<T: Element> core::ops::Index<&[usize]> for NdView<'_, T> {
    type Output = T;
    #[inline]
    #[track_caller]
    fn index(&self, index: &[usize]) -> &T {
        self.get(index)
            .unwrap_or_else(|| index_out_of_bounds(index, self.shape()))
    }
}

impl<T: Element, const N: usize> core::ops::Index<[usize; N]> for NdViewMut<'_, T> {
    type Output = T;
    #[inline]
    #[track_caller]
    fn index(&self, index: [usize; N]) -> &T {
        self.get(&index)
            .unwrap_or_else(|| index_out_of_bounds(&index, self.shape()))
    }
}

impl<T: Element> core::ops::Index<&[usize]> for NdViewMut<'_, T> {
    type Output = T;
    #[inline]
    #[track_caller]
    fn index(&self, index: &[usize]) -> &T {
        self.get(index)
            .unwrap_or_else(|| index_out_of_bounds(index, self.shape()))
    }
}

impl<T: Element, const N: usize> core::ops::IndexMut<[usize; N]> for NdViewMut<'_, T> {
    #[inline]
    #[track_caller]
    fn index_mut(&mut self, index: [usize; N]) -> &mut T {
        let shape = self.layout.shape.clone();
        match self.get_mut(&index) {
            Some(x) => x,
            None => index_out_of_bounds(&index, &shape),
        }
    }
}

impl<T: Element> core::ops::IndexMut<&[usize]> for NdViewMut<'_, T> {
    #[inline]
    #[track_caller]
    fn index_mut(&mut self, index: &[usize]) -> &mut T {
        let shape = self.layout.shape.clone();
        match self.get_mut(index) {
            Some(x) => x,
            None => index_out_of_bounds(index, &shape),
        }
    }
}

impl<'a, T: Element> IntoIterator for &NdView<'a, T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;
    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}
