//! Layout operations that select or rearrange axes without touching bytes:
//! NumPy basic indexing ([`Layout::slice`]), the transpose family, new and
//! removed axes, broadcasting, splitting and diagonals.
//!
//! Every operation returns a new [`Layout`] and leaves its input alone. All
//! of them except [`broadcast_to`](Layout::broadcast_to) (stride 0) and
//! [`insert_axis`](Layout::insert_axis) reach a subset of the bytes the
//! input reaches, so the [invariants](super) carry over; the arithmetic is
//! checked anyway and each result is re-validated, so no input panics.
//! Up to [`INLINE_DIMS`](super::INLINE_DIMS) axes nothing allocates on the
//! success path.
//!
//! The no-copy reshape lives in `reshape.rs`; index parsing in
//! [`index`](super::index).

use alloc::format;

use super::dims::Dims;
use super::index::{Index, IndexItem, SliceSpec};
use super::{check_ndim, Layout};
use crate::error::{Error, Result};

/// `offset + delta` as a layout offset.
#[inline]
fn moved_offset(offset: isize, delta: isize) -> Result<isize> {
    offset
        .checked_add(delta)
        .ok_or_else(|| Error::overflow("the byte offset of the result"))
}

/// The final offset: it must be a non-negative `isize`.
#[inline]
fn final_offset(offset: isize) -> Result<usize> {
    usize::try_from(offset)
        .map_err(|_| Error::overflow("the byte offset of the result (it is negative)"))
}

/// `i` wrapped like a Python index into an axis of `len`, if in range.
#[inline]
fn wrap_index(i: isize, len: usize) -> Option<usize> {
    let n = isize::try_from(len).ok()?;
    let k = if i < 0 { i.checked_add(n)? } else { i };
    if (0..n).contains(&k) {
        Some(k as usize)
    } else {
        None
    }
}

/// A slice normalised against an axis: NumPy's `(start, len, step)` after
/// `PySlice_Unpack`, `PySlice_AdjustIndices` and the empty fix-up
/// (`len == 0` ⇒ `start == 0`, `step == 1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct AxisSlice {
    pub(crate) start: isize,
    pub(crate) len: usize,
    pub(crate) step: isize,
}

/// Applies Python's slice rules to an axis of length `len`. In strict mode
/// a bound that Python would clamp is an error.
#[inline]
pub(crate) fn normalize_slice(spec: &SliceSpec, len: usize, strict: bool) -> Result<AxisSlice> {
    let n = isize::try_from(len).map_err(|_| Error::overflow("an axis length"))?;
    let step = spec.step.unwrap_or(1);
    if step == 0 {
        return Err(Error::InvalidIndex {
            reason: "slice step cannot be zero".into(),
        });
    }
    let step = step.max(-isize::MAX);
    let adjust = |v: isize, what: &str| -> Result<isize> {
        // v + n cannot overflow: v < 0 <= n.
        let wrapped = if v < 0 { v + n } else { v };
        let clamped = if wrapped < 0 {
            if step < 0 {
                -1
            } else {
                0
            }
        } else if wrapped >= n {
            if step < 0 {
                n - 1
            } else {
                n
            }
        } else {
            wrapped
        };
        if strict && clamped != wrapped {
            return Err(Error::InvalidIndex {
                reason: format!(
                    "the slice {what} {v} is outside an axis of length {len} (strict mode refuses to clamp it)"
                ),
            });
        }
        Ok(clamped)
    };
    let start = match spec.start {
        Some(v) => adjust(v, "start")?,
        None if step < 0 => n - 1,
        None => 0,
    };
    let stop = match spec.stop {
        Some(v) => adjust(v, "stop")?,
        None if step < 0 => -1,
        None => n,
    };
    // start, stop ∈ [-1, n]: the differences cannot overflow.
    let count = if step > 0 && start < stop {
        (stop - start - 1) / step + 1
    } else if step < 0 && stop < start {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    };
    if count <= 0 {
        return Ok(AxisSlice {
            start: 0,
            len: 0,
            step: 1,
        });
    }
    Ok(AxisSlice {
        start,
        len: count as usize,
        step,
    })
}

/// The stride of a sliced axis: `stride * step`. For results of length ≤ 1
/// the stride is never used to reach an element, so an overflowing product
/// keeps the old stride instead of failing (NumPy wraps it).
#[inline]
fn sliced_stride(stride: isize, s: AxisSlice) -> Result<isize> {
    match stride.checked_mul(s.step) {
        Some(v) => Ok(v),
        None if s.len <= 1 => Ok(stride),
        None => Err(Error::overflow("the stride of a sliced axis")),
    }
}

fn invalid_axis(axis: usize, ndim: usize, reason: &'static str) -> Error {
    Error::InvalidAxis { axis, ndim, reason }
}

impl Layout {
    /// Re-validates a computed layout (cheap, allocation-free).
    fn checked(shape: Dims<usize>, strides: Dims<isize>, offset: usize) -> Result<Layout> {
        let layout = Layout {
            shape,
            strides,
            offset,
        };
        layout.check_invariants()?;
        Ok(layout)
    }

    /// NumPy basic indexing: the sub-layout `a[index]`.
    ///
    /// * An integer selects one position and removes its axis (negative
    ///   counts from the end).
    /// * A slice `start:stop:step` keeps the axis, with Python's clamping
    ///   (`PySlice_AdjustIndices`) and negative steps; in [strict
    ///   mode](Index::strict) a bound Python would clamp is an error.
    /// * `...` stands for as many full slices as needed (at most one).
    /// * `None` inserts an axis of length 1 and stride 0.
    /// * Axes not covered by the index are kept whole.
    ///
    /// The offset of the result is the byte position of its element
    /// `[0, …, 0]`. As in NumPy, an empty slice does not move the offset
    /// along its axis (its stride is the old one), so the offset of an empty
    /// result still points at an element of a non-empty input. An *empty*
    /// input keeps its offset whatever the index (NumPy moves it for
    /// integers, possibly past the data): results never point outside the
    /// region the input was checked against.
    ///
    /// The stride of a sliced axis is `stride * step`. When the result has
    /// at most one position along that axis, the stride is never used to
    /// reach an element, so if `stride * step` overflows `isize` the axis
    /// keeps the *old* stride instead of failing. CPython (`memoryview`) and
    /// NumPy report the wrapped product there; only such length-≤1 axes can
    /// differ, and no element offset does. (A longer result cannot
    /// overflow: its stride is the distance between two elements of the
    /// input.)
    ///
    /// # Errors
    ///
    /// * [`Error::IndexOutOfBounds`] for an integer outside its axis (`axis`
    ///   is the input's axis, `index` the value as given);
    /// * [`Error::InvalidIndex`] for step 0, two ellipses, more integers and
    ///   slices than axes, or (strict) a bound outside its axis;
    /// * [`Error::TooManyDims`] if new axes push the result past
    ///   [`MAX_DIMS`](crate::MAX_DIMS);
    /// * [`Error::Overflow`] if an offset or stride overflows (hostile
    ///   layouts only).
    ///
    /// ```
    /// use ndview::{s, Layout, Order};
    /// let a = Layout::contiguous(&[2, 3, 4], 4, Order::C)?;
    /// let b = a.slice(&s![1, ..;2, 1..3])?;
    /// assert_eq!((b.shape(), b.strides(), b.offset()), (&[2, 2][..], &[32, 4][..], 52));
    /// let r = a.slice(&"::-1, None, -1".parse()?)?;
    /// assert_eq!((r.shape(), r.strides(), r.offset()), (&[2, 1, 4][..], &[-48, 0, 4][..], 80));
    /// // One position left, and 2^62 * 4 overflows: the old stride is kept
    /// // (CPython and NumPy would report the wrapped product, 0).
    /// let wide = Layout::new(&[2], &[1 << 62], 0)?;
    /// let one = wide.slice(&"::4".parse()?)?;
    /// assert_eq!((one.shape(), one.strides()), (&[1][..], &[1 << 62][..]));
    /// assert!(matches!(Layout::new(&[3], &[1 << 61], 0)?.slice(&"::8".parse()?), Ok(_)));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[inline]
    pub fn slice(&self, index: &Index) -> Result<Layout> {
        self.slice_items(index.items(), index.is_strict())
    }

    /// [`slice`](Self::slice) with strict semantics whatever the index's
    /// flag: a slice bound outside its axis is an [`Error::InvalidIndex`]
    /// instead of being clamped.
    ///
    /// # Errors
    ///
    /// As [`slice`](Self::slice).
    ///
    /// ```
    /// use ndview::{s, Layout, Order};
    /// let a = Layout::contiguous(&[5], 1, Order::C)?;
    /// assert_eq!(a.slice(&s![1000..])?.len(), 0);
    /// assert!(a.slice_checked(&s![1000..]).is_err());
    /// assert_eq!(a.slice_checked(&s![-5..5])?.len(), 5);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn slice_checked(&self, index: &Index) -> Result<Layout> {
        self.slice_items(index.items(), true)
    }

    #[inline]
    fn slice_items(&self, items: &[IndexItem], strict: bool) -> Result<Layout> {
        let ndim = self.ndim();
        let (mut consumed, mut ints, mut new_axes, mut ellipses) = (0usize, 0usize, 0usize, 0usize);
        for item in items {
            match item {
                IndexItem::Int(_) => {
                    consumed += 1;
                    ints += 1;
                }
                IndexItem::Slice(_) => consumed += 1,
                IndexItem::Ellipsis => ellipses += 1,
                IndexItem::NewAxis => new_axes += 1,
            }
        }
        if ellipses > 1 {
            return Err(Error::InvalidIndex {
                reason: "an index can only have a single ellipsis ('...')".into(),
            });
        }
        if consumed > ndim {
            return Err(Error::InvalidIndex {
                reason: format!(
                    "too many indices: the layout has {ndim} axes, but {consumed} were indexed"
                ),
            });
        }
        let out_ndim = ndim - ints + new_axes;
        check_ndim(out_ndim)?;

        // The result is sized once and filled by position: no `push` (and
        // no inline-or-heap check) per axis.
        let mut out = Layout {
            shape: Dims::zeros(out_ndim),
            strides: Dims::zeros(out_ndim),
            offset: self.offset,
        };
        let (in_shape, in_strides) = (&self.shape[..], &self.strides[..]);
        let (shape, strides) = (&mut out.shape[..], &mut out.strides[..]);
        let mut offset = self.offset as isize;
        let (mut axis, mut k) = (0usize, 0usize);
        for item in items {
            match *item {
                IndexItem::Int(i) => {
                    let n = in_shape[axis];
                    // Not `ok_or(Error::…)`: that builds the error eagerly
                    // and drops it (a call) on every success.
                    let Some(pos) = wrap_index(i, n) else {
                        return Err(Error::IndexOutOfBounds {
                            axis,
                            index: i,
                            len: n,
                        });
                    };
                    let delta = (pos as isize)
                        .checked_mul(in_strides[axis])
                        .ok_or_else(|| Error::overflow("the byte offset of the result"))?;
                    offset = moved_offset(offset, delta)?;
                    axis += 1;
                }
                IndexItem::Slice(spec) => {
                    let s = normalize_slice(&spec, in_shape[axis], strict)?;
                    let stride = in_strides[axis];
                    if s.len > 0 {
                        let delta = s
                            .start
                            .checked_mul(stride)
                            .ok_or_else(|| Error::overflow("the byte offset of the result"))?;
                        offset = moved_offset(offset, delta)?;
                    }
                    shape[k] = s.len;
                    strides[k] = sliced_stride(stride, s)?;
                    axis += 1;
                    k += 1;
                }
                IndexItem::Ellipsis => {
                    let whole = ndim - consumed;
                    shape[k..k + whole].copy_from_slice(&in_shape[axis..axis + whole]);
                    strides[k..k + whole].copy_from_slice(&in_strides[axis..axis + whole]);
                    axis += whole;
                    k += whole;
                }
                IndexItem::NewAxis => {
                    shape[k] = 1;
                    strides[k] = 0;
                    k += 1;
                }
            }
        }
        // Axes the index does not mention are kept whole. The check skips
        // two `memcpy` calls when the index covers every axis.
        if axis < ndim {
            shape[k..].copy_from_slice(&in_shape[axis..]);
            strides[k..].copy_from_slice(&in_strides[axis..]);
        }
        // A sub-layout keeps the invariants: no more elements, no larger
        // span, and an offset that is one of the input's element positions
        // (checked to be a non-negative `isize` above), so no re-check.
        // An empty input keeps its offset: no element exists to point at;
        // NumPy would still move the offset for integers, possibly past the
        // region.
        if !self.is_empty() {
            out.offset = final_offset(offset)?;
        }
        debug_assert!(out.check_invariants().is_ok());
        Ok(out)
    }

    /// The sub-layout at position `index` of `axis`, with that axis removed
    /// (`a[..., index, ...]`); a negative index counts from the end.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`] if `axis >= ndim`; [`Error::IndexOutOfBounds`]
    /// if `index` is outside the axis.
    ///
    /// ```
    /// use ndview::{Layout, Order};
    /// let a = Layout::contiguous(&[3, 4], 2, Order::C)?;
    /// let row = a.index_axis(0, -1)?;
    /// assert_eq!((row.shape(), row.strides(), row.offset()), (&[4][..], &[2][..], 16));
    /// assert!(a.index_axis(1, 4).is_err());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn index_axis(&self, axis: usize, index: isize) -> Result<Layout> {
        let ndim = self.ndim();
        if axis >= ndim {
            return Err(invalid_axis(axis, ndim, "the axis is out of range"));
        }
        let n = self.shape[axis];
        let k = wrap_index(index, n).ok_or(Error::IndexOutOfBounds {
            axis,
            index,
            len: n,
        })?;
        let offset = if self.is_empty() {
            self.offset // as in `slice`: no element to point at
        } else {
            let delta = (k as isize)
                .checked_mul(self.strides[axis])
                .ok_or_else(|| Error::overflow("the byte offset of the result"))?;
            final_offset(moved_offset(self.offset as isize, delta)?)?
        };
        let mut shape = self.shape.clone();
        let mut strides = self.strides.clone();
        shape.remove(axis);
        strides.remove(axis);
        Layout::checked(shape, strides, offset)
    }

    /// The axes in reverse order (NumPy's `a.T`).
    ///
    /// ```
    /// use ndview::{Layout, Order};
    /// let t = Layout::contiguous(&[2, 3, 4], 4, Order::C)?.transpose();
    /// assert_eq!((t.shape(), t.strides()), (&[4, 3, 2][..], &[4, 16, 48][..]));
    /// assert!(t.is_f_contiguous(4));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn transpose(&self) -> Layout {
        let mut out = self.clone();
        out.shape.reverse();
        out.strides.reverse();
        out
    }

    /// The axes in the order `axes`: axis `k` of the result is axis
    /// `axes[k]` of the input (NumPy's `a.transpose(axes)`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`] unless `axes` is a permutation of `0..ndim`
    /// (wrong length, an axis out of range, or a repeated axis).
    ///
    /// ```
    /// use ndview::{Layout, Order};
    /// let a = Layout::contiguous(&[2, 3, 4], 4, Order::C)?;
    /// let p = a.permute_axes(&[1, 0, 2])?;
    /// assert_eq!((p.shape(), p.strides()), (&[3, 2, 4][..], &[16, 48, 4][..]));
    /// assert!(a.permute_axes(&[0, 0, 1]).is_err());
    /// assert!(a.permute_axes(&[0, 1]).is_err());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn permute_axes(&self, axes: &[usize]) -> Result<Layout> {
        let ndim = self.ndim();
        if axes.len() != ndim {
            return Err(invalid_axis(
                axes.len(),
                ndim,
                "axes don't match the layout: a permutation needs one entry per axis",
            ));
        }
        let mut seen = 0u64; // ndim <= 64 by invariant
        for &a in axes {
            if a >= ndim {
                return Err(invalid_axis(a, ndim, "the axis is out of range"));
            }
            if seen & (1 << a) != 0 {
                return Err(invalid_axis(a, ndim, "repeated axis in the permutation"));
            }
            seen |= 1 << a;
        }
        let mut out = self.clone();
        for (k, &a) in axes.iter().enumerate() {
            out.shape[k] = self.shape[a];
            out.strides[k] = self.strides[a];
        }
        Ok(out)
    }

    /// Axes `a` and `b` exchanged (NumPy's `swapaxes`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`] if either axis is out of range.
    ///
    /// ```
    /// use ndview::{Layout, Order};
    /// let s = Layout::contiguous(&[2, 3], 8, Order::C)?.swap_axes(0, 1)?;
    /// assert_eq!((s.shape(), s.strides()), (&[3, 2][..], &[8, 24][..]));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn swap_axes(&self, a: usize, b: usize) -> Result<Layout> {
        let ndim = self.ndim();
        for axis in [a, b] {
            if axis >= ndim {
                return Err(invalid_axis(axis, ndim, "the axis is out of range"));
            }
        }
        let mut out = self.clone();
        out.shape.swap(a, b);
        out.strides.swap(a, b);
        Ok(out)
    }

    /// `axis` reversed (NumPy's `np.flip(a, axis)`, `a[..., ::-1, ...]`):
    /// the stride is negated and the offset moves to the last element of
    /// the axis. An empty axis keeps the offset.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`] if `axis >= ndim`.
    ///
    /// ```
    /// use ndview::{Layout, Order};
    /// let f = Layout::contiguous(&[3, 4], 2, Order::C)?.flip(1)?;
    /// assert_eq!((f.strides(), f.offset()), (&[8, -2][..], 6));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn flip(&self, axis: usize) -> Result<Layout> {
        let ndim = self.ndim();
        if axis >= ndim {
            return Err(invalid_axis(axis, ndim, "the axis is out of range"));
        }
        let mut index = Dims::<IndexItem>::new();
        for k in 0..ndim {
            let step = if k == axis { Some(-1) } else { None };
            index.push(IndexItem::Slice(SliceSpec::new(None, None, step)));
        }
        self.slice_items(&index, false)
    }

    /// A new axis of length 1 (and stride 0) at position `axis`
    /// (NumPy's `np.expand_dims`, `a[..., None, ...]`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`] if `axis > ndim`; [`Error::TooManyDims`] past
    /// [`MAX_DIMS`](crate::MAX_DIMS).
    ///
    /// ```
    /// use ndview::{Layout, Order};
    /// let e = Layout::contiguous(&[2, 3], 4, Order::C)?.insert_axis(1)?;
    /// assert_eq!((e.shape(), e.strides()), (&[2, 1, 3][..], &[12, 0, 4][..]));
    /// assert!(e.is_c_contiguous(4));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn insert_axis(&self, axis: usize) -> Result<Layout> {
        let ndim = self.ndim();
        if axis > ndim {
            return Err(invalid_axis(
                axis,
                ndim,
                "a new axis can go at positions 0 to ndim only",
            ));
        }
        check_ndim(ndim + 1)?;
        let mut out = self.clone();
        out.shape.insert(axis, 1);
        out.strides.insert(axis, 0);
        Ok(out)
    }

    /// `axis` removed; it must have length 1 (NumPy's `np.squeeze(a, axis)`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`] if `axis >= ndim` or its length is not 1.
    ///
    /// ```
    /// use ndview::Layout;
    /// let l = Layout::new(&[2, 1, 3], &[3, 99, 1], 0)?;
    /// assert_eq!(l.remove_axis(1)?.shape(), &[2, 3]);
    /// assert!(l.remove_axis(0).is_err());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn remove_axis(&self, axis: usize) -> Result<Layout> {
        let ndim = self.ndim();
        if axis >= ndim {
            return Err(invalid_axis(axis, ndim, "the axis is out of range"));
        }
        if self.shape[axis] != 1 {
            return Err(invalid_axis(
                axis,
                ndim,
                "cannot remove an axis whose length is not 1",
            ));
        }
        let mut out = self.clone();
        out.shape.remove(axis);
        out.strides.remove(axis);
        Ok(out)
    }

    /// Every axis of length 1 removed (NumPy's `np.squeeze(a)`).
    ///
    /// ```
    /// use ndview::Layout;
    /// let l = Layout::new(&[1, 2, 1, 3, 1], &[0, 3, 7, 1, 5], 0)?;
    /// let s = l.squeeze();
    /// assert_eq!((s.shape(), s.strides()), (&[2, 3][..], &[3, 1][..]));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn squeeze(&self) -> Layout {
        let mut shape = Dims::new();
        let mut strides = Dims::new();
        for (&n, &s) in self.shape.iter().zip(self.strides.iter()) {
            if n != 1 {
                shape.push(n);
                strides.push(s);
            }
        }
        Layout {
            shape,
            strides,
            offset: self.offset,
        }
    }

    /// The layout broadcast to `shape` with NumPy's rules: axes are aligned
    /// at the end; an input axis of length 1 becomes the requested length
    /// with stride 0; equal lengths keep their stride; missing leading axes
    /// get stride 0. The offset is unchanged.
    ///
    /// # Errors
    ///
    /// * [`Error::ShapeMismatch`] if `shape` has fewer axes than the
    ///   layout, or an axis longer than 1 differs from the requested length;
    /// * [`Error::TooManyDims`], or [`Error::Overflow`] if the requested
    ///   element count does not fit in `isize`.
    ///
    /// ```
    /// use ndview::{Layout, Order};
    /// let row = Layout::contiguous(&[4], 2, Order::C)?;
    /// let b = row.broadcast_to(&[3, 4])?;
    /// assert_eq!((b.shape(), b.strides()), (&[3, 4][..], &[0, 2][..]));
    /// assert!(row.broadcast_to(&[3, 5]).is_err());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn broadcast_to(&self, shape: &[usize]) -> Result<Layout> {
        check_ndim(shape.len()).map_err(|e| e.with_shape(shape))?;
        let ndim = self.ndim();
        let mismatch = |reason: alloc::string::String| Error::ShapeMismatch {
            operation: "broadcast_to",
            found: self.shape.to_vec(),
            requested: shape.to_vec(),
            reason,
        };
        if shape.len() < ndim {
            return Err(mismatch(format!(
                "the layout has {ndim} axes but only {} were asked for; broadcasting can add axes, not remove them",
                shape.len()
            )));
        }
        let lead = shape.len() - ndim;
        let mut strides = Dims::zeros(shape.len());
        for k in 0..ndim {
            let (n, want) = (self.shape[k], shape[lead + k]);
            if n == want {
                strides[lead + k] = self.strides[k];
            } else if n != 1 {
                return Err(mismatch(format!(
                    "axis {k} has length {n}, which is neither 1 nor the requested {want} (axis {} of the result)",
                    lead + k
                )));
            }
        }
        Layout::checked(Dims::from_slice(shape), strides, self.offset)
    }

    /// Splits `axis` at `index` into `[..index]` and `[index..]` (both
    /// exactly NumPy's slices of those bounds).
    ///
    /// The second part's offset moves by `index * stride`, except when it
    /// is empty (`index == len`, or another axis has length 0): then, as
    /// NumPy does for an empty slice, its offset stays where it was, so it
    /// never points past the bytes the input reaches.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`] if `axis >= ndim`;
    /// [`Error::IndexOutOfBounds`] if `index > len`.
    ///
    /// ```
    /// use ndview::{Layout, Order};
    /// let a = Layout::contiguous(&[5, 2], 4, Order::C)?;
    /// let (top, bottom) = a.split_at(0, 2)?;
    /// assert_eq!((top.shape(), top.offset()), (&[2, 2][..], 0));
    /// assert_eq!((bottom.shape(), bottom.offset()), (&[3, 2][..], 16));
    /// let (all, none) = a.split_at(0, 5)?;
    /// assert_eq!((all.len(), none.len(), none.offset()), (10, 0, 0));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn split_at(&self, axis: usize, index: usize) -> Result<(Layout, Layout)> {
        let ndim = self.ndim();
        if axis >= ndim {
            return Err(invalid_axis(axis, ndim, "the axis is out of range"));
        }
        let n = self.shape[axis];
        if index > n {
            return Err(Error::IndexOutOfBounds {
                axis,
                index: isize::try_from(index).unwrap_or(isize::MAX),
                len: n,
            });
        }
        let mut first = self.clone();
        first.shape[axis] = index;
        let mut second = self.clone();
        second.shape[axis] = n - index;
        if !second.is_empty() {
            let delta = (index as isize)
                .checked_mul(self.strides[axis])
                .ok_or_else(|| Error::overflow("the byte offset of the result"))?;
            second.offset = final_offset(moved_offset(self.offset as isize, delta)?)?;
        }
        Ok((first, second))
    }

    /// NumPy's `a.diagonal(offset, axis1, axis2)`: the two axes are removed
    /// and a new **last** axis runs along the diagonal, with stride
    /// `stride[axis1] + stride[axis2]` and length
    /// `max(0, min(n1 - max(0, -offset), n2 - max(0, offset)))`. A positive
    /// `offset` starts above the main diagonal (at `[0, offset]`), a negative
    /// one below (at `[-offset, 0]`). An empty result keeps the input's
    /// offset (NumPy moves it to the would-be start, which may be outside
    /// the data).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAxis`] if an axis is out of range or
    /// `axis1 == axis2`.
    ///
    /// ```
    /// use ndview::{Layout, Order};
    /// let a = Layout::contiguous(&[3, 4], 8, Order::C)?;
    /// let d = a.diagonal(0, 1, 1)?;
    /// assert_eq!((d.shape(), d.strides(), d.offset()), (&[3][..], &[40][..], 8));
    /// let below = a.diagonal(0, 1, -2)?;
    /// assert_eq!((below.shape(), below.offset()), (&[1][..], 64));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn diagonal(&self, axis1: usize, axis2: usize, offset: isize) -> Result<Layout> {
        let ndim = self.ndim();
        for axis in [axis1, axis2] {
            if axis >= ndim {
                return Err(invalid_axis(axis, ndim, "the axis is out of range"));
            }
        }
        if axis1 == axis2 {
            return Err(invalid_axis(
                axis2,
                ndim,
                "the diagonal needs two different axes",
            ));
        }
        let (n1, n2) = (self.shape[axis1], self.shape[axis2]);
        let (s1, s2) = (self.strides[axis1], self.strides[axis2]);
        // Axis lengths fit in isize by invariant.
        let (n1, n2) = (n1 as isize, n2 as isize);
        let (skip, skip_stride, len) = if offset >= 0 {
            (offset, s2, n1.min(n2.saturating_sub(offset)))
        } else {
            let k = offset.checked_neg().unwrap_or(isize::MAX);
            (k, s1, n2.min(n1.saturating_sub(k)))
        };
        let len = len.max(0) as usize;
        let mut start = self.offset as isize;
        if len > 0 && !self.is_empty() {
            let delta = skip
                .checked_mul(skip_stride)
                .ok_or_else(|| Error::overflow("the byte offset of the result"))?;
            start = moved_offset(start, delta)?;
        }
        let stride = match s1.checked_add(s2) {
            Some(s) => s,
            None if len <= 1 => 0,
            None => return Err(Error::overflow("the stride of the diagonal")),
        };
        let mut shape = Dims::new();
        let mut strides = Dims::new();
        for k in (0..ndim).filter(|&k| k != axis1 && k != axis2) {
            shape.push(self.shape[k]);
            strides.push(self.strides[k]);
        }
        shape.push(len);
        strides.push(stride);
        Layout::checked(shape, strides, final_offset(start)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Order;
    use crate::s;
    use alloc::vec;
    use alloc::vec::Vec;

    fn parts(l: &Layout) -> (Vec<usize>, Vec<isize>, usize) {
        (l.shape().to_vec(), l.strides().to_vec(), l.offset())
    }

    fn a() -> Layout {
        Layout::contiguous(&[2, 3, 4], 4, Order::C).unwrap()
    }
    fn b() -> Layout {
        Layout::contiguous(&[3, 4], 2, Order::C).unwrap()
    }
    fn v() -> Layout {
        Layout::contiguous(&[10], 1, Order::C).unwrap()
    }

    fn sl(l: &Layout, idx: &str) -> Result<Layout> {
        l.slice(&idx.parse().unwrap())
    }

    #[test]
    fn slices_match_numpy_vectors() {
        // numpy-views.md §8.
        type Case = (
            Layout,
            &'static str,
            &'static [usize],
            &'static [isize],
            usize,
        );
        let cases: &[Case] = &[
            (a(), "1, ::2, 1:3", &[2, 2], &[32, 4], 52),
            (b(), "::-1, ::-2", &[3, 2], &[-8, -4], 22),
            (v(), "-3:-1", &[2], &[1], 7),
            (v(), "5:100", &[5], &[1], 5),
            (v(), "7:2", &[0], &[1], 0),
            (v(), "100:-100:-3", &[4], &[-3], 9),
            (a(), "-1, ..., -2", &[3], &[16], 56),
            (b(), ":, None, 1:3", &[3, 1, 2], &[8, 0, 2], 2),
            (a(), "1, ..., ::3", &[3, 2], &[16, 12], 48),
            (b(), "::-1, ::-1", &[3, 4], &[-8, -2], 22),
            (b(), "1:2, :", &[1, 4], &[8, 2], 8),
            (b(), "2:3, 1:2", &[1, 1], &[8, 2], 18),
        ];
        for (l, idx, shape, strides, offset) in cases {
            let r = sl(l, idx).unwrap();
            assert_eq!(
                parts(&r),
                (shape.to_vec(), strides.to_vec(), *offset),
                "{idx}"
            );
        }
        let rev = sl(&v(), "::-1").unwrap();
        assert_eq!(parts(&sl(&rev, "7:2").unwrap()), (vec![0], vec![-1], 9));
        let z = Layout::new(&[], &[], 0).unwrap();
        assert_eq!(
            parts(&sl(&z, "None, None").unwrap()),
            (vec![1, 1], vec![0, 0], 0)
        );
        assert_eq!(parts(&sl(&z, "...").unwrap()), (vec![], vec![], 0));
        let e = Layout::new(&[2, 0, 3], &[12, 12, 4], 0).unwrap();
        assert_eq!(
            parts(&sl(&e, ":, :, ::2").unwrap()),
            (vec![2, 0, 2], vec![12, 12, 8], 0)
        );
        assert_eq!(parts(&sl(&a(), "").unwrap()), parts(&a()));
    }

    #[test]
    fn slice_errors() {
        assert_eq!(
            sl(&b(), "3").unwrap_err(),
            Error::IndexOutOfBounds {
                axis: 0,
                index: 3,
                len: 3
            }
        );
        assert_eq!(
            sl(&b(), "0, -5").unwrap_err(),
            Error::IndexOutOfBounds {
                axis: 1,
                index: -5,
                len: 4
            }
        );
        assert!(matches!(
            sl(&b(), "0, 0, 0"),
            Err(Error::InvalidIndex { .. })
        ));
        let two = Index::new(&[IndexItem::Ellipsis, IndexItem::Int(0), IndexItem::Ellipsis]);
        assert!(matches!(a().slice(&two), Err(Error::InvalidIndex { .. })));
        let zero = Index::new(&[IndexItem::Slice(SliceSpec::new(None, None, Some(0)))]);
        assert!(matches!(v().slice(&zero), Err(Error::InvalidIndex { .. })));
        let many = Index::new(&[IndexItem::NewAxis; 65]);
        assert!(matches!(
            v().slice(&many),
            Err(Error::TooManyDims { ndim: 66, .. })
        ));
        let z = Layout::new(&[], &[], 0).unwrap();
        assert!(matches!(sl(&z, "0"), Err(Error::InvalidIndex { .. })));
    }

    #[test]
    fn strict_mode_refuses_what_python_clamps() {
        let strict = |idx: &str| v().slice_checked(&idx.parse().unwrap());
        for ok in ["0:10", "-10:", ":-10", "9:-11:-1", "::-1", "10:", "5:2"] {
            assert!(strict(ok).is_ok(), "{ok}");
        }
        for bad in ["11:", "0:11", "-11:", "10::-1", "-12::-1", "1000:"] {
            assert!(
                matches!(strict(bad), Err(Error::InvalidIndex { .. })),
                "{bad}"
            );
        }
        assert!(v().slice(&s![1000..].strict()).is_err());
        assert!(v().slice(&s![1000..]).is_ok());
        assert!(matches!(
            v().slice_checked(&s![10]),
            Err(Error::IndexOutOfBounds { .. })
        ));
    }

    #[test]
    fn hostile_strides_do_not_panic() {
        let l = Layout::new(&[3], &[isize::MAX / 2], 0).unwrap();
        let r = l.slice(&s![1..;5]).unwrap();
        assert_eq!(r.shape(), &[1]);
        let e = Layout::new(&[0, 5], &[isize::MAX, isize::MIN], 10).unwrap();
        assert!(matches!(e.slice(&s![.., 4]), Err(Error::Overflow { .. })));
        let neg = Layout::new(&[3], &[-8], 8).unwrap();
        assert!(matches!(neg.slice(&s![2..]), Err(Error::Overflow { .. })));
        let big = Layout::new(&[2], &[isize::MAX], isize::MAX as usize).unwrap();
        assert!(big.index_axis(0, 1).is_err());
        let one = Layout::new(&[1, 1], &[isize::MIN, isize::MIN], 0).unwrap();
        assert_eq!(one.diagonal(0, 1, 0).unwrap().shape(), &[1]);
        assert_eq!(one.flip(0).unwrap().shape(), &[1, 1]);
    }

    #[test]
    fn empty_inputs_keep_their_offset() {
        // NumPy would move these to 12 and 20, past a 0-byte region.
        let e = Layout::new(&[2, 0, 3], &[12, 12, 4], 0).unwrap();
        assert_eq!(parts(&sl(&e, "1, :, 2").unwrap()), (vec![0], vec![12], 0));
        assert_eq!(e.index_axis(0, 1).unwrap().offset(), 0);
        assert_eq!(e.split_at(2, 1).unwrap().1.offset(), 0);
        assert_eq!(e.diagonal(0, 2, 1).unwrap().offset(), 0);
        assert!(e.slice(&s![1]).unwrap().check_region(4, 0).is_ok());
    }

    #[test]
    fn index_axis_removes_the_axis() {
        assert_eq!(
            parts(&a().index_axis(1, -1).unwrap()),
            (vec![2, 4], vec![48, 4], 32)
        );
        assert_eq!(
            a().index_axis(2, 4).unwrap_err(),
            Error::IndexOutOfBounds {
                axis: 2,
                index: 4,
                len: 4
            }
        );
        assert!(matches!(
            a().index_axis(3, 0),
            Err(Error::InvalidAxis { axis: 3, .. })
        ));
    }

    #[test]
    fn transpose_family() {
        assert_eq!(parts(&a().transpose()), (vec![4, 3, 2], vec![4, 16, 48], 0));
        assert_eq!(
            parts(&a().permute_axes(&[1, 0, 2]).unwrap()),
            (vec![3, 2, 4], vec![16, 48, 4], 0)
        );
        assert!(matches!(
            a().permute_axes(&[0, 1]),
            Err(Error::InvalidAxis { .. })
        ));
        assert!(matches!(
            a().permute_axes(&[0, 0, 1]),
            Err(Error::InvalidAxis { axis: 0, .. })
        ));
        assert!(matches!(
            a().permute_axes(&[0, 1, 3]),
            Err(Error::InvalidAxis { axis: 3, .. })
        ));
        assert_eq!(
            parts(&a().swap_axes(0, 2).unwrap()),
            (vec![4, 3, 2], vec![4, 16, 48], 0)
        );
        assert!(matches!(
            a().swap_axes(0, 3),
            Err(Error::InvalidAxis { axis: 3, .. })
        ));
        assert_eq!(
            parts(&a().flip(0).unwrap()),
            (vec![2, 3, 4], vec![-48, 16, 4], 48)
        );
        let e = Layout::new(&[0, 2], &[8, 4], 4).unwrap();
        assert_eq!(parts(&e.flip(0).unwrap()), (vec![0, 2], vec![8, 4], 4));
        assert!(a().flip(3).is_err());
    }

    #[test]
    fn axes_in_and_out() {
        assert_eq!(
            parts(&b().insert_axis(2).unwrap()),
            (vec![3, 4, 1], vec![8, 2, 0], 0)
        );
        assert!(matches!(b().insert_axis(3), Err(Error::InvalidAxis { .. })));
        let full = Layout::new(&[1; 64], &[0; 64], 0).unwrap();
        assert!(matches!(
            full.insert_axis(0),
            Err(Error::TooManyDims { .. })
        ));
        let u = b().insert_axis(0).unwrap();
        assert_eq!(parts(&u.remove_axis(0).unwrap()), parts(&b()));
        assert!(matches!(u.remove_axis(1), Err(Error::InvalidAxis { .. })));
        assert!(matches!(u.remove_axis(3), Err(Error::InvalidAxis { .. })));
        assert_eq!(parts(&u.insert_axis(3).unwrap().squeeze()), parts(&b()));
    }

    #[test]
    fn broadcasting() {
        let row = b().index_axis(0, 0).unwrap();
        assert_eq!(
            parts(&row.broadcast_to(&[2, 4]).unwrap()),
            (vec![2, 4], vec![0, 2], 0)
        );
        assert!(matches!(
            row.broadcast_to(&[3, 5]),
            Err(Error::ShapeMismatch { .. })
        ));
        assert!(matches!(
            b().broadcast_to(&[]),
            Err(Error::ShapeMismatch { .. })
        ));
        let col = Layout::new(&[3, 1], &[8, 2], 0).unwrap();
        assert_eq!(
            parts(&col.broadcast_to(&[2, 3, 5]).unwrap()),
            (vec![2, 3, 5], vec![0, 8, 0], 0)
        );
        let z = Layout::new(&[], &[], 4).unwrap();
        assert_eq!(
            parts(&z.broadcast_to(&[2, 0, 3]).unwrap()),
            (vec![2, 0, 3], vec![0, 0, 0], 4)
        );
        assert!(matches!(
            z.broadcast_to(&[usize::MAX, 2]),
            Err(Error::Overflow { .. })
        ));
        assert!(matches!(
            z.broadcast_to(&[1; 65]),
            Err(Error::TooManyDims { .. })
        ));
    }

    #[test]
    fn split_at_is_two_slices() {
        let (l, r) = a().split_at(2, 1).unwrap();
        assert_eq!(parts(&l), parts(&sl(&a(), ":, :, :1").unwrap()));
        assert_eq!(parts(&r), parts(&sl(&a(), ":, :, 1:").unwrap()));
        let (l, r) = a().split_at(0, 2).unwrap();
        assert_eq!(parts(&l), parts(&a()));
        assert_eq!(parts(&r), parts(&sl(&a(), "2:").unwrap()));
        let (l, _) = a().split_at(1, 0).unwrap();
        assert_eq!(parts(&l), parts(&sl(&a(), ":, :0").unwrap()));
        assert_eq!(
            a().split_at(1, 4).unwrap_err(),
            Error::IndexOutOfBounds {
                axis: 1,
                index: 4,
                len: 3
            }
        );
        assert!(matches!(a().split_at(3, 0), Err(Error::InvalidAxis { .. })));
    }

    #[test]
    fn diagonals_follow_numpy() {
        // np.arange(24, dtype='<i4').reshape(2, 3, 4).diagonal(offset, axis1, axis2)
        assert_eq!(
            parts(&a().diagonal(1, 2, 0).unwrap()),
            (vec![2, 3], vec![48, 20], 0)
        );
        assert_eq!(
            parts(&a().diagonal(1, 2, 1).unwrap()),
            (vec![2, 3], vec![48, 20], 4)
        );
        assert_eq!(
            parts(&a().diagonal(0, 2, -1).unwrap()),
            (vec![3, 1], vec![16, 52], 48)
        );
        assert_eq!(
            parts(&a().diagonal(2, 0, 0).unwrap()),
            (vec![3, 2], vec![16, 52], 0)
        );
        assert_eq!(
            parts(&a().diagonal(1, 2, 4).unwrap()),
            (vec![2, 0], vec![48, 20], 0)
        );
        assert_eq!(
            parts(&a().diagonal(1, 2, -5).unwrap()),
            (vec![2, 0], vec![48, 20], 0)
        );
        assert_eq!(
            parts(&a().diagonal(1, 2, isize::MIN).unwrap()),
            (vec![2, 0], vec![48, 20], 0)
        );
        assert!(matches!(
            a().diagonal(1, 1, 0),
            Err(Error::InvalidAxis { .. })
        ));
        assert!(matches!(
            a().diagonal(1, 3, 0),
            Err(Error::InvalidAxis { .. })
        ));
    }
}
