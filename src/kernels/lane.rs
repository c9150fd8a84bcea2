//! Lanes: the inner runs of a plan, handed to loops as safe values.
//!
//! A [`Lane`] is either a dense `&[T]` (stride equal to the element size, the
//! case LLVM vectorizes) or a [`StridedLane`] (pointer, length, byte
//! stride). Loops are written against these two, so the `unsafe` needed to
//! turn a validated layout into element references lives here and in
//! [`plan`](super::plan) only.

use core::marker::PhantomData;
use core::mem::size_of;

use super::plan::{Plan, Run};
use crate::format::Element;
use crate::layout::Layout;

/// One inner run of a typed view's elements.
pub(crate) enum Lane<'a, T> {
    /// Consecutive elements in increasing address order.
    Dense(&'a [T]),
    /// Elements `stride` bytes apart (any sign, zero included).
    Strided(StridedLane<'a, T>),
}

/// `len` elements of type `T`, `stride` bytes apart, from `first`.
#[derive(Clone, Copy)]
pub(crate) struct StridedLane<'a, T> {
    first: *const u8,
    len: usize,
    stride: isize,
    _elements: PhantomData<&'a T>,
}

impl<'a, T: Copy> StridedLane<'a, T> {
    /// The number of elements.
    #[inline(always)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Element `i`; `i` must be below [`len`](Self::len) (checked).
    #[inline(always)]
    pub(crate) fn at(&self, i: usize) -> T {
        assert!(i < self.len);
        // SAFETY: `i < len`, and every one of the lane's `len` positions is
        // an aligned, initialized `T` inside a region borrowed for `'a`
        // (the invariant `lanes` establishes).
        unsafe { *self.first.offset(i as isize * self.stride).cast::<T>() }
    }

    /// Elements `i .. i + 4`; `i + 4` must not exceed [`len`](Self::len)
    /// (checked once for the four).
    #[inline(always)]
    pub(crate) fn at4(&self, i: usize) -> [T; 4] {
        assert!(i + 4 <= self.len);
        let first = self.first.wrapping_offset(i as isize * self.stride);
        // SAFETY: positions `i .. i + 4` are below `len`, so each is an
        // aligned, initialized `T` inside the region (as in `at`).
        core::array::from_fn(|k| unsafe { *first.offset(k as isize * self.stride).cast::<T>() })
    }

    /// A reference to element `i`; `i` must be below [`len`](Self::len)
    /// (checked).
    #[inline(always)]
    pub(crate) fn at_ref(&self, i: usize) -> &'a T {
        assert!(i < self.len);
        // SAFETY: as in `at`; the region is borrowed for `'a`.
        unsafe { &*self.first.offset(i as isize * self.stride).cast::<T>() }
    }
}

impl<'a, T: Copy> Lane<'a, T> {
    /// The number of elements.
    #[inline(always)]
    pub(crate) fn len(&self) -> usize {
        match self {
            Lane::Dense(xs) => xs.len(),
            Lane::Strided(s) => s.len(),
        }
    }

    /// A reference to element `i` (checked).
    #[inline(always)]
    pub(crate) fn at_ref(&self, i: usize) -> &'a T {
        match self {
            Lane::Dense(xs) => &xs[i],
            Lane::Strided(s) => s.at_ref(i),
        }
    }
}

/// A lane of mutable elements: the [`Lane`] of a mutable view.
pub(crate) enum LaneMut<'a, T> {
    /// Consecutive elements in increasing address order.
    Dense(&'a mut [T]),
    /// Elements `stride` bytes apart; never zero apart (mutable layouts are
    /// unique).
    Strided(StridedLaneMut<'a, T>),
}

/// `len` mutable elements of type `T`, `stride` bytes apart, from `first`.
pub(crate) struct StridedLaneMut<'a, T> {
    first: *mut u8,
    len: usize,
    stride: isize,
    _elements: PhantomData<&'a mut T>,
}

impl<T: Copy> StridedLaneMut<'_, T> {
    /// The number of elements.
    #[inline(always)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Element `i`, mutably; `i` must be below [`len`](Self::len) (checked).
    #[inline(always)]
    pub(crate) fn at_mut(&mut self, i: usize) -> &mut T {
        assert!(i < self.len);
        // SAFETY: `i < len`; the lane's positions are distinct (the layout is
        // unique), aligned `T`s inside a region borrowed exclusively for the
        // lane's lifetime, and `&mut self` makes this the only reference
        // handed out at a time.
        unsafe { &mut *self.first.offset(i as isize * self.stride).cast::<T>() }
    }
}

/// Builds the lane of one operand of a run.
///
/// # Safety
///
/// The run's `len` positions from `first`, `stride` bytes apart, are aligned,
/// initialized `T`s readable for `'a`.
#[inline(always)]
pub(crate) unsafe fn lane_at<'a, T>(first: *const u8, len: usize, stride: isize) -> Lane<'a, T> {
    if stride == size_of::<T>() as isize || len == 1 {
        // SAFETY: consecutive, aligned, initialized `T`s readable for `'a`
        // (caller's promise); every bit pattern is a `T` (`Element: Pod`).
        Lane::Dense(unsafe { core::slice::from_raw_parts(first.cast::<T>(), len) })
    } else {
        Lane::Strided(StridedLane {
            first,
            len,
            stride,
            _elements: PhantomData,
        })
    }
}

/// Calls `f` with every pair of lanes of two same-shaped typed layouts,
/// walked in the memory order of the first.
///
/// # Safety
///
/// As [`for_each_lane`], for each layout over its own region; the shapes
/// are equal.
#[inline]
pub(crate) unsafe fn for_each_lane2<'a, 'b, T: Element, U: Element>(
    a: (&'a [u8], &Layout),
    b: (&'b [u8], &Layout),
    mut f: impl FnMut(Lane<'a, T>, Lane<'b, U>),
) {
    debug_assert_eq!(a.1.shape(), b.1.shape());
    let mut plan = Plan::new(
        a.1.shape(),
        [a.1.strides(), b.1.strides()],
        [a.1.offset() as isize, b.1.offset() as isize],
    );
    plan.memory_order(0).coalesce();
    let (pa, pb) = (a.0.as_ptr(), b.0.as_ptr());
    plan.for_each_run(|run: Run<2>| {
        // SAFETY: element offsets of validated typed layouts over their
        // regions (caller's promise).
        let (la, lb) = unsafe {
            (
                lane_at(pa.wrapping_offset(run.starts[0]), run.len, run.strides[0]),
                lane_at(pb.wrapping_offset(run.starts[1]), run.len, run.strides[1]),
            )
        };
        f(la, lb);
    });
}

/// Calls `f` with every lane of a unique typed layout over a mutable
/// region, in memory order, each paired with the matching lane of a shared
/// operand when one is given (`U = T` and `None` otherwise).
///
/// # Safety
///
/// As [`for_each_lane`] for both; in addition `dst.1` is unique (no two
/// elements share a byte), so the lanes handed out never alias.
#[inline]
pub(crate) unsafe fn for_each_lane_mut<'a, 'b, T: Element, U: Element>(
    dst: (&'a mut [u8], &Layout),
    src: Option<(&'b [u8], &Layout)>,
    mut f: impl FnMut(LaneMut<'a, T>, Option<Lane<'b, U>>),
) {
    let d_layout = dst.1;
    // Without a source the second operand mirrors the first and is never
    // read: it only keeps the plan two-operand.
    let s_layout = src.as_ref().map_or(d_layout, |s| s.1);
    debug_assert_eq!(d_layout.shape(), s_layout.shape());
    let mut plan = Plan::new(
        d_layout.shape(),
        [d_layout.strides(), s_layout.strides()],
        [d_layout.offset() as isize, s_layout.offset() as isize],
    );
    plan.memory_order(0).coalesce();
    let pd = dst.0.as_mut_ptr();
    let ps = src.as_ref().map(|s| s.0.as_ptr());
    plan.for_each_run(|run: Run<2>| {
        let first = pd.wrapping_offset(run.starts[0]);
        let lane = if run.strides[0] == size_of::<T>() as isize || run.len == 1 {
            // SAFETY: consecutive aligned `T`s inside the exclusively
            // borrowed region; runs of a unique layout are disjoint, and
            // `f` gets each run once, so no two live `&mut` overlap.
            LaneMut::Dense(unsafe { core::slice::from_raw_parts_mut(first.cast::<T>(), run.len) })
        } else {
            LaneMut::Strided(StridedLaneMut {
                first,
                len: run.len,
                stride: run.strides[0],
                _elements: PhantomData,
            })
        };
        // SAFETY: element offsets of the validated source layout.
        let other = ps
            .map(|p| unsafe { lane_at(p.wrapping_offset(run.starts[1]), run.len, run.strides[1]) });
        f(lane, other);
    });
}

/// Calls `f` with every lane of a typed layout over `region`.
///
/// With `memory_order`, lanes follow memory (axes flipped and sorted), for
/// work whose result does not depend on the order; otherwise lanes come in
/// logical C order. Neighbouring contiguous axes are merged either way.
///
/// # Safety
///
/// `layout` must be a valid typed layout for `T` over `region`: every
/// element's `size_of::<T>()` bytes lie inside `region` and every element's
/// address is a multiple of `align_of::<T>()` (what `NdView` guarantees).
#[inline]
pub(crate) unsafe fn for_each_lane<'a, T: Element>(
    region: &'a [u8],
    layout: &Layout,
    memory_order: bool,
    mut f: impl FnMut(Lane<'a, T>),
) {
    let mut plan = Plan::<1>::of_layout(layout);
    if memory_order {
        plan.memory_order(0);
    }
    plan.coalesce();
    let base = region.as_ptr();
    plan.for_each_run(|run: Run<1>| {
        // Offsets of elements of a layout validated against `region`: the
        // start lies inside it, so `add` stays in bounds.
        let first = base.wrapping_offset(run.starts[0]);
        if run.strides[0] == size_of::<T>() as isize || run.len == 1 {
            // SAFETY: the run's `len` elements are consecutive, aligned `T`s
            // inside `region` (caller's promise), borrowed for `'a`, and
            // every bit pattern is a valid `T` (`Element: Pod`).
            let dense = unsafe { core::slice::from_raw_parts(first.cast::<T>(), run.len) };
            f(Lane::Dense(dense));
        } else {
            f(Lane::Strided(StridedLane {
                first,
                len: run.len,
                stride: run.strides[0],
                _elements: PhantomData,
            }));
        }
    });
}

/// The mutable lane of `len` elements of `T` from `first`, `stride` bytes
/// apart: dense when the stride is the element size (or one element).
///
/// # Safety
///
/// The run's `len` positions are distinct, aligned, initialized `T`s inside
/// a region borrowed exclusively for `'a`, and no other reference to them
/// is live while the lane is (a run of a unique typed layout).
#[inline(always)]
pub(crate) unsafe fn lane_mut_at<'a, T>(
    first: *mut u8,
    len: usize,
    stride: isize,
) -> LaneMut<'a, T> {
    if stride == size_of::<T>() as isize || len == 1 {
        // SAFETY: consecutive aligned `T`s borrowed exclusively (caller's
        // promise).
        LaneMut::Dense(unsafe { core::slice::from_raw_parts_mut(first.cast::<T>(), len) })
    } else {
        LaneMut::Strided(StridedLaneMut {
            first,
            len,
            stride,
            _elements: PhantomData,
        })
    }
}
