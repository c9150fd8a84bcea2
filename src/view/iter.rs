//! Iterators over typed views: elements ([`Iter`], [`IterMut`]), sub-views
//! along an axis ([`AxisIter`]) and 1-d lanes ([`Lanes`]).
//!
//! All of them walk byte offsets with [`Offsets`], an odometer over the
//! layout that updates the offset incrementally (one add per step, one
//! multiply-free carry per axis wrap). The fast paths for whole-view work
//! (`fold`, `sum`, copy-out) live in [`kernels`](crate::kernels).

use core::iter::FusedIterator;
use core::marker::PhantomData;

use super::typed::NdView;
use crate::error::{Error, Result};
use crate::format::Element;
use crate::layout::{Dims, Layout};

/// One end of an [`Offsets`] walk: a multi-index and its byte offset.
#[derive(Clone, Debug)]
struct Cursor {
    index: Dims<usize>,
    offset: isize,
}

/// The byte offsets of a layout's elements in logical C order, from both
/// ends.
#[derive(Clone, Debug)]
pub(crate) struct Offsets {
    shape: Dims<usize>,
    strides: Dims<isize>,
    front: Cursor,
    back: Cursor,
    remaining: usize,
}

impl Offsets {
    pub(crate) fn new(layout: &Layout) -> Offsets {
        let remaining = layout.len();
        let offset = layout.offset() as isize;
        let front = Cursor {
            index: Dims::zeros(layout.ndim()),
            offset,
        };
        let mut back = front.clone();
        if remaining > 0 {
            for (k, (&n, &s)) in layout.shape().iter().zip(layout.strides()).enumerate() {
                back.index[k] = n - 1;
                // Within the span of the layout: no overflow by invariant.
                back.offset += (n as isize - 1) * s;
            }
        }
        Offsets {
            shape: layout.shape.clone(),
            strides: layout.strides.clone(),
            front,
            back,
            remaining,
        }
    }
}

impl Offsets {
    /// The layout still to walk, when nothing has been taken from either
    /// end yet.
    fn untouched_layout(&self) -> Option<Layout> {
        let total: usize = self.shape.iter().product();
        (self.remaining == total && self.front.index.iter().all(|&i| i == 0)).then(|| Layout {
            shape: self.shape.clone(),
            strides: self.strides.clone(),
            offset: self.front.offset as usize,
        })
    }
}

impl Iterator for Offsets {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let at = self.front.offset;
        if self.remaining > 0 {
            let c = &mut self.front;
            for k in (0..self.shape.len()).rev() {
                let s = self.strides[k];
                if c.index[k] + 1 < self.shape[k] {
                    c.index[k] += 1;
                    c.offset += s;
                    break;
                }
                c.offset -= (self.shape[k] as isize - 1) * s;
                c.index[k] = 0;
            }
        }
        Some(at as usize)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl DoubleEndedIterator for Offsets {
    #[inline]
    fn next_back(&mut self) -> Option<usize> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let at = self.back.offset;
        if self.remaining > 0 {
            let c = &mut self.back;
            for k in (0..self.shape.len()).rev() {
                let s = self.strides[k];
                if c.index[k] > 0 {
                    c.index[k] -= 1;
                    c.offset -= s;
                    break;
                }
                c.index[k] = self.shape[k] - 1;
                c.offset += (self.shape[k] as isize - 1) * s;
            }
        }
        Some(at as usize)
    }
}

impl ExactSizeIterator for Offsets {}
impl FusedIterator for Offsets {}

/// The elements of an [`NdView`] in logical C order, by reference.
///
/// ```
/// let v = ndview::NdView::from_slice(&[1, 2, 3, 4], &[2, 2])?;
/// let mut it = v.iter();
/// assert_eq!(it.len(), 4);
/// assert_eq!((it.next(), it.next_back()), (Some(&1), Some(&4)));
/// # Ok::<(), ndview::Error>(())
/// ```
pub struct Iter<'a, T: Element> {
    region: &'a [u8],
    offsets: Offsets,
    _elements: PhantomData<&'a T>,
}

impl<'a, T: Element> Iter<'a, T> {
    pub(crate) fn new(region: &'a [u8], layout: &Layout) -> Iter<'a, T> {
        Iter {
            region,
            offsets: Offsets::new(layout),
            _elements: PhantomData,
        }
    }
}

impl<T: Element> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Iter {
            region: self.region,
            offsets: self.offsets.clone(),
            _elements: PhantomData,
        }
    }
}

impl<'a, T: Element> Iterator for Iter<'a, T> {
    type Item = &'a T;

    #[inline]
    fn next(&mut self) -> Option<&'a T> {
        let at = self.offsets.next()?;
        // SAFETY: `at` is the offset of an element of a typed view whose
        // layout was checked against the region (borrowed for `'a`) and
        // for `T`'s alignment.
        Some(unsafe { &*self.region.as_ptr().add(at).cast::<T>() })
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.offsets.size_hint()
    }

    /// Walks whole lanes instead of single offsets when nothing has been
    /// taken from the iterator yet, so `iter().sum()`, `for_each`, `count`
    /// and friends run the kernels' fast loops (in logical C order).
    #[inline]
    fn fold<B, F>(self, init: B, mut f: F) -> B
    where
        F: FnMut(B, &'a T) -> B,
    {
        if let Some(layout) = self.offsets.untouched_layout() {
            let view = NdView {
                bytes: self.region,
                layout,
                _elements: PhantomData,
            };
            return view.fold(init, f);
        }
        let mut acc = init;
        for x in self {
            acc = f(acc, x);
        }
        acc
    }
}

impl<T: Element> DoubleEndedIterator for Iter<'_, T> {
    #[inline]
    fn next_back(&mut self) -> Option<Self::Item> {
        let at = self.offsets.next_back()?;
        // SAFETY: as in `next`.
        Some(unsafe { &*self.region.as_ptr().add(at).cast::<T>() })
    }
}

impl<T: Element> ExactSizeIterator for Iter<'_, T> {}
impl<T: Element> FusedIterator for Iter<'_, T> {}

/// The elements of an [`NdViewMut`](crate::NdViewMut) in logical C order,
/// by mutable reference.
///
/// ```
/// let mut d = [1, 2, 3];
/// let mut m = ndview::NdViewMut::from_slice_mut(&mut d, &[3])?;
/// m.iter_mut().rev().take(1).for_each(|x| *x = 0);
/// assert_eq!(d, [1, 2, 0]);
/// # Ok::<(), ndview::Error>(())
/// ```
pub struct IterMut<'a, T: Element> {
    base: *mut u8,
    offsets: Offsets,
    _elements: PhantomData<&'a mut T>,
}

// SAFETY: `IterMut` hands out `&'a mut T` to distinct elements; sending it
// is sending those, which needs `T: Send` (every `Element` is).
unsafe impl<T: Element> Send for IterMut<'_, T> {}
// SAFETY: `&IterMut` gives no access to elements at all.
unsafe impl<T: Element> Sync for IterMut<'_, T> {}

impl<'a, T: Element> IterMut<'a, T> {
    /// `layout` must be unique and checked against `region` for `T`.
    pub(crate) fn new(region: &'a mut [u8], layout: &Layout) -> IterMut<'a, T> {
        IterMut {
            base: region.as_mut_ptr(),
            offsets: Offsets::new(layout),
            _elements: PhantomData,
        }
    }
}

impl<'a, T: Element> Iterator for IterMut<'a, T> {
    type Item = &'a mut T;

    #[inline]
    fn next(&mut self) -> Option<&'a mut T> {
        let at = self.offsets.next()?;
        // SAFETY: `at` is the offset of an aligned element inside the
        // region, which the iterator borrows exclusively for `'a`. The
        // layout is unique, and every offset is yielded once, so no two
        // returned references overlap.
        Some(unsafe { &mut *self.base.add(at).cast::<T>() })
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.offsets.size_hint()
    }
}

impl<T: Element> DoubleEndedIterator for IterMut<'_, T> {
    #[inline]
    fn next_back(&mut self) -> Option<Self::Item> {
        let at = self.offsets.next_back()?;
        // SAFETY: as in `next`; front and back never yield the same offset.
        Some(unsafe { &mut *self.base.add(at).cast::<T>() })
    }
}

impl<T: Element> ExactSizeIterator for IterMut<'_, T> {}
impl<T: Element> FusedIterator for IterMut<'_, T> {}

/// Checks `axis < ndim` and returns the layout with `axis` removed (its
/// offset is that of position 0 on the axis), the axis' length and stride.
/// For an empty layout every stride becomes 0, so that walking the rest
/// never computes an offset outside the region.
fn split_off_axis(layout: &Layout, axis: usize) -> Result<(Layout, usize, isize)> {
    if axis >= layout.ndim() {
        return Err(Error::InvalidAxis {
            axis,
            ndim: layout.ndim(),
            reason: "the axis is out of range",
        });
    }
    let mut rest = layout.clone();
    let len = rest.shape.remove(axis);
    let mut stride = rest.strides.remove(axis);
    if layout.is_empty() {
        // The strides of an empty layout are unconstrained (their products
        // may overflow); its sub-views are all empty and sit at its offset.
        stride = 0;
        rest.strides.fill(0);
    }
    Ok((rest, len, stride))
}

/// The sub-views of an [`NdView`] along one axis.
///
/// ```
/// let v = ndview::NdView::from_slice(&[1, 2, 3, 4, 5, 6], &[3, 2])?;
/// let last = v.outer_iter().next_back().unwrap();
/// assert_eq!(last.to_vec(), [5, 6]);
/// # Ok::<(), ndview::Error>(())
/// ```
pub struct AxisIter<'a, T: Element> {
    region: &'a [u8],
    rest: Layout,
    stride: isize,
    front: usize,
    back: usize,
    _elements: PhantomData<&'a [T]>,
}

impl<'a, T: Element> AxisIter<'a, T> {
    pub(crate) fn new(region: &'a [u8], layout: &Layout, axis: usize) -> Result<Self> {
        let (rest, len, stride) = split_off_axis(layout, axis)?;
        Ok(AxisIter {
            region,
            rest,
            stride,
            front: 0,
            back: len,
            _elements: PhantomData,
        })
    }

    fn view_at(&self, i: usize) -> NdView<'a, T> {
        let mut layout = self.rest.clone();
        // Position `i` of the axis is an element offset of the parent, so
        // the sum is within the region: no overflow.
        layout.offset = (layout.offset as isize + i as isize * self.stride) as usize;
        NdView {
            bytes: self.region,
            layout,
            _elements: PhantomData,
        }
    }
}

impl<'a, T: Element> Iterator for AxisIter<'a, T> {
    type Item = NdView<'a, T>;

    fn next(&mut self) -> Option<NdView<'a, T>> {
        if self.front == self.back {
            return None;
        }
        self.front += 1;
        Some(self.view_at(self.front - 1))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
}

impl<T: Element> DoubleEndedIterator for AxisIter<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front == self.back {
            return None;
        }
        self.back -= 1;
        Some(self.view_at(self.back))
    }
}

impl<T: Element> ExactSizeIterator for AxisIter<'_, T> {}
impl<T: Element> FusedIterator for AxisIter<'_, T> {}

/// The 1-d lanes of an [`NdView`] along one axis, one per position of the
/// other axes, in C order of those positions.
///
/// ```
/// let v = ndview::NdView::from_slice(&[1, 2, 3, 4], &[2, 2])?;
/// let cols: Vec<Vec<i32>> = v.lanes(0)?.map(|c| c.to_vec()).collect();
/// assert_eq!(cols, [[1, 3], [2, 4]]);
/// # Ok::<(), ndview::Error>(())
/// ```
pub struct Lanes<'a, T: Element> {
    region: &'a [u8],
    starts: Offsets,
    len: usize,
    stride: isize,
    _elements: PhantomData<&'a [T]>,
}

impl<'a, T: Element> Lanes<'a, T> {
    pub(crate) fn new(region: &'a [u8], layout: &Layout, axis: usize) -> Result<Self> {
        let (rest, len, stride) = split_off_axis(layout, axis)?;
        Ok(Lanes {
            region,
            starts: Offsets::new(&rest),
            len,
            stride,
            _elements: PhantomData,
        })
    }

    fn lane_at(&self, start: usize) -> NdView<'a, T> {
        let mut shape = Dims::new();
        shape.push(self.len);
        let mut strides = Dims::new();
        strides.push(self.stride);
        NdView {
            bytes: self.region,
            layout: Layout {
                shape,
                strides,
                offset: start,
            },
            _elements: PhantomData,
        }
    }
}

impl<'a, T: Element> Iterator for Lanes<'a, T> {
    type Item = NdView<'a, T>;

    fn next(&mut self) -> Option<NdView<'a, T>> {
        let start = self.starts.next()?;
        Some(self.lane_at(start))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.starts.size_hint()
    }
}

impl<T: Element> DoubleEndedIterator for Lanes<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let start = self.starts.next_back()?;
        Some(self.lane_at(start))
    }
}

impl<T: Element> ExactSizeIterator for Lanes<'_, T> {}
impl<T: Element> FusedIterator for Lanes<'_, T> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(layout: &Layout) -> alloc::vec::Vec<usize> {
        let mut out = alloc::vec::Vec::new();
        let n = layout.len();
        let shape = layout.shape();
        for flat in 0..n {
            let mut rem = flat;
            let mut index = alloc::vec![0; shape.len()];
            for k in (0..shape.len()).rev() {
                index[k] = rem % shape[k];
                rem /= shape[k];
            }
            out.push(layout.byte_offset_of(&index).unwrap());
        }
        out
    }

    #[test]
    fn offsets_match_the_model_from_both_ends() {
        let layouts = [
            Layout::new(&[2, 3, 4], &[-48, 16, 4], 96).unwrap(),
            Layout::new(&[3, 1, 2], &[0, 7, -1], 5).unwrap(),
            Layout::new(&[], &[], 3).unwrap(),
            Layout::new(&[4, 0], &[1, 1], 0).unwrap(),
        ];
        for l in &layouts {
            let expected = model(l);
            assert_eq!(Offsets::new(l).collect::<alloc::vec::Vec<_>>(), expected);
            let mut back: alloc::vec::Vec<_> = Offsets::new(l).rev().collect();
            back.reverse();
            assert_eq!(back, expected);
            // meeting in the middle
            let mut it = Offsets::new(l);
            let mut front = alloc::vec::Vec::new();
            let mut tail = alloc::vec::Vec::new();
            while let Some(x) = it.next() {
                front.push(x);
                match it.next_back() {
                    Some(x) => tail.push(x),
                    None => break,
                }
            }
            tail.reverse();
            front.extend(tail);
            assert_eq!(front, expected);
        }
    }
}
