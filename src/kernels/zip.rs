//! [`Zip`]: one loop over 1 to 6 typed views at once, with broadcasting.
//!
//! `Zip::from(&mut out).and(&a)?.and(&b)?` pairs element `[i, j, …]` of
//! every operand: the first operand sets the shape, each later one is
//! broadcast to it by NumPy's rules (or the call fails with
//! [`Error::ShapeMismatch`](crate::Error::ShapeMismatch)). The closure of
//! [`for_each`](Zip::for_each) takes one argument per operand — `&mut T`
//! for a written operand, `&U` for a read one.
//!
//! The walk is the crate's one [`Plan`](super::plan): the axes are put in
//! the memory order of the first operand (ties broken by the others),
//! length-1 axes are dropped, axes contiguous in every operand are merged,
//! and when an operand is dense along another axis than the first one
//! (`out = a + b.T`) the two axes are walked in cache blocks. Each inner run
//! has a fast path when every operand is dense along it: a plain indexed
//! loop with constant steps, which LLVM vectorizes.
//!
//! Unlike `ndarray`'s `Zip` (one fast path: all operands C or all F), the
//! plan sorts, flips and merges axes for any mix of layouts.
//!
//! The operand types are a tuple in the type (`Zip<(P1, P2, …)>`, as in
//! `ndarray`), so each arity has its own `for_each`, `fold` and
//! `map_collect` with a closure of that many arguments; a macro writes the
//! six of them.

use core::mem::size_of;

use super::plan::{block_inner, Plan, Run, BLOCK_OUTER};
use crate::array::NdArray;
use crate::error::{Error, Result};
use crate::format::Element;
use crate::layout::{Dims, Layout};
use crate::view::{NdView, NdViewMut};

mod private {
    /// Only this crate's views are producers.
    pub trait Sealed {}
}

/// One operand of a [`Zip`]: a typed view that is read (items `&'a T`)
/// or written (items `&'a mut T`). Implemented by [`NdView`] and
/// [`NdViewMut`]; sealed.
pub trait NdProducer: private::Sealed + Sized {
    /// What the closure receives for each element: `&'a T` or `&'a mut T`.
    type Item;
    #[doc(hidden)]
    const ITEMSIZE: usize;
    #[doc(hidden)]
    fn layout(&self) -> &Layout;
    #[doc(hidden)]
    fn base(&mut self) -> *mut u8;
    /// # Safety
    ///
    /// `at` is the address of an element of this producer, and (for a
    /// written producer) no other reference to that element is live.
    #[doc(hidden)]
    unsafe fn item(at: *mut u8) -> Self::Item;
    #[doc(hidden)]
    fn broadcast(self, shape: &[usize]) -> Result<Self>;
    #[doc(hidden)]
    fn can_split(&self, axis: usize, index: usize) -> bool;
    #[doc(hidden)]
    fn split(self, axis: usize, index: usize) -> (Self, Self);
}

/// What [`Zip::from`] and [`Zip::and`] accept: `&NdView`, `&mut NdViewMut`,
/// `&NdViewMut` (read), `&NdArray`, `&mut NdArray`, or a view by value.
pub trait IntoNdProducer {
    /// The producer the value becomes.
    type Output: NdProducer;
    /// Converts the value (a cheap header copy; no element is touched).
    fn into_producer(self) -> Self::Output;
}

impl<T: Element> private::Sealed for NdView<'_, T> {}
impl<T: Element> private::Sealed for NdViewMut<'_, T> {}

impl<'a, T: Element> NdProducer for NdView<'a, T> {
    type Item = &'a T;
    const ITEMSIZE: usize = size_of::<T>();
    #[inline]
    fn layout(&self) -> &Layout {
        &self.layout
    }
    #[inline]
    fn base(&mut self) -> *mut u8 {
        // Only ever read through (`item` makes shared references).
        self.bytes.as_ptr().cast_mut()
    }
    #[inline(always)]
    unsafe fn item(at: *mut u8) -> &'a T {
        // SAFETY: `at` is an element of a typed view (caller's promise):
        // aligned, inside a region borrowed for `'a`, a valid `T`.
        unsafe { &*at.cast::<T>() }
    }
    fn broadcast(self, shape: &[usize]) -> Result<Self> {
        self.broadcast_to(shape)
    }
    fn can_split(&self, axis: usize, index: usize) -> bool {
        axis < self.ndim() && index <= self.shape()[axis]
    }
    fn split(self, axis: usize, index: usize) -> (Self, Self) {
        self.split_at(axis, index)
            .expect("the split was checked by can_split")
    }
}

impl<'a, T: Element> NdProducer for NdViewMut<'a, T> {
    type Item = &'a mut T;
    const ITEMSIZE: usize = size_of::<T>();
    #[inline]
    fn layout(&self) -> &Layout {
        &self.layout
    }
    #[inline]
    fn base(&mut self) -> *mut u8 {
        self.bytes.as_mut_ptr()
    }
    #[inline(always)]
    unsafe fn item(at: *mut u8) -> &'a mut T {
        // SAFETY: `at` is an element of a mutable typed view, whose region
        // is borrowed exclusively for `'a` and whose layout is unique; the
        // caller hands out each element once.
        unsafe { &mut *at.cast::<T>() }
    }
    fn broadcast(self, shape: &[usize]) -> Result<Self> {
        if self.shape() == shape {
            return Ok(self);
        }
        Err(Error::ShapeMismatch {
            operation: "Zip::and",
            found: self.shape().to_vec(),
            requested: shape.to_vec(),
            reason: "a written operand must have the zip's shape: it cannot be broadcast".into(),
        })
    }
    fn can_split(&self, axis: usize, index: usize) -> bool {
        split_is_disjoint(&self.layout, size_of::<T>(), axis, index)
    }
    fn split(self, axis: usize, index: usize) -> (Self, Self) {
        self.split_at_mut(axis, index)
            .expect("the split was checked by can_split")
    }
}

/// Whether splitting `axis` before `index` leaves halves in disjoint byte
/// ranges (what `split_at_mut` needs).
pub(crate) fn split_is_disjoint(
    layout: &Layout,
    itemsize: usize,
    axis: usize,
    index: usize,
) -> bool {
    let Ok((a, b)) = layout.split_at(axis, index) else {
        return false;
    };
    if a.is_empty() || b.is_empty() {
        return true;
    }
    match (a.byte_range(itemsize), b.byte_range(itemsize)) {
        (Ok((lo1, end1)), Ok((lo2, end2))) => end1 <= lo2 || end2 <= lo1,
        _ => false,
    }
}

impl<'b, T: Element> IntoNdProducer for &NdView<'b, T> {
    type Output = NdView<'b, T>;
    fn into_producer(self) -> NdView<'b, T> {
        self.clone()
    }
}
impl<'a, T: Element> IntoNdProducer for NdView<'a, T> {
    type Output = NdView<'a, T>;
    fn into_producer(self) -> NdView<'a, T> {
        self
    }
}
impl<'a, 'b, T: Element> IntoNdProducer for &'a mut NdViewMut<'b, T> {
    type Output = NdViewMut<'a, T>;
    fn into_producer(self) -> NdViewMut<'a, T> {
        self.reborrow()
    }
}
impl<'a, T: Element> IntoNdProducer for NdViewMut<'a, T> {
    type Output = NdViewMut<'a, T>;
    fn into_producer(self) -> NdViewMut<'a, T> {
        self
    }
}
impl<'a, 'b, T: Element> IntoNdProducer for &'a NdViewMut<'b, T> {
    type Output = NdView<'a, T>;
    fn into_producer(self) -> NdView<'a, T> {
        self.view()
    }
}
impl<'a, T: Element> IntoNdProducer for &'a NdArray<T> {
    type Output = NdView<'a, T>;
    fn into_producer(self) -> NdView<'a, T> {
        self.view()
    }
}
impl<'a, T: Element> IntoNdProducer for &'a mut NdArray<T> {
    type Output = NdViewMut<'a, T>;
    fn into_producer(self) -> NdViewMut<'a, T> {
        self.view_mut()
    }
}

/// Lock-step iteration over 1 to 6 typed views, later ones broadcast to
/// the first one's shape.
///
/// ```
/// use ndview::{NdArray, NdView, Zip};
/// let a = NdView::from_slice(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3])?;
/// let row = NdView::from_slice(&[10.0, 20.0, 30.0], &[3])?;
/// let mut out = NdArray::<f64>::zeros(&[2, 3]);
/// Zip::from(&mut out.view_mut()).and(&a)?.and(&row)?.for_each(|o, &x, &r| *o = x + r);
/// assert_eq!(out.into_vec(), [11.0, 22.0, 33.0, 14.0, 25.0, 36.0]);
/// // A new array, and a fold, from read-only operands.
/// let prod: NdArray<f64> = Zip::from(&a).and(&row)?.map_collect(|&x, &r| x * r);
/// assert_eq!(prod.view()[[1, 2]], 180.0);
/// let dot = Zip::from(&a).and(&a.transpose().transpose())?.fold(0.0, |acc, &x, &y| acc + x * y);
/// assert_eq!(dot, 91.0);
/// # Ok::<(), ndview::Error>(())
/// ```
pub struct Zip<P> {
    parts: P,
    shape: Dims<usize>,
}

impl<P: NdProducer> Zip<(P,)> {
    /// A zip of one operand, which sets the shape: `&mut NdViewMut` (or
    /// `&mut NdArray`) to write, `&NdView` (or `&NdArray`) to read.
    ///
    /// ```
    /// let mut d = [1, 2, 3];
    /// let mut m = ndview::NdViewMut::from_slice_mut(&mut d, &[3])?;
    /// ndview::Zip::from(&mut m).for_each(|x| *x *= 2);
    /// assert_eq!(d, [2, 4, 6]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub fn from<I: IntoNdProducer<Output = P>>(operand: I) -> Self {
        let p = operand.into_producer();
        let shape = Dims::from_slice(p.layout().shape());
        Zip { parts: (p,), shape }
    }
}

impl<P> Zip<P> {
    /// The shape of the iteration: the first operand's.
    ///
    /// ```
    /// let v = ndview::NdView::from_slice(&[0u8; 6], &[2, 3])?;
    /// assert_eq!(ndview::Zip::from(&v).shape(), &[2, 3]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }
}

/// The number of elements of `shape`.
#[cfg(feature = "rayon")]
fn count(shape: &[usize]) -> usize {
    shape.iter().product()
}

/// Walks `N` operands of one shape along the plan and calls `f` with every
/// inner run (first-element offsets, length, strides of each operand).
///
/// The plan follows operand 0's memory (ties broken by the others), merges
/// contiguous axes and, when an operand is dense along another axis than
/// the inner one, walks in cache blocks.
#[inline(always)]
fn walk_runs<const N: usize>(
    shape: &[usize],
    layouts: [&Layout; N],
    itemsizes: [usize; N],
    run: impl FnMut(Run<N>),
) {
    let mut plan = Plan::new(
        shape,
        layouts.map(|l| l.strides()),
        // Offsets fit in `isize` by the layout invariants.
        layouts.map(|l| l.offset() as isize),
    );
    plan.memory_order(0).coalesce();
    match plan.blocking_axis(itemsizes) {
        Some((k, size)) => plan.for_each_run_blocked(k, BLOCK_OUTER, block_inner(size), run),
        None => plan.for_each_run(run),
    }
}

/// The loop of a zip: every tuple of paired elements of the producers
/// `$p` (of types `$P`) handed to `$f`, along [`walk_runs`]. A run along
/// which every operand is dense takes a loop with constant steps, which
/// LLVM vectorizes; other runs step by each operand's stride.
///
/// The caller guarantees what the `SAFETY` comment inside names: every
/// producer is a typed view of the zip's shape (a valid layout over its
/// region), written ones unique and exclusively borrowed.
macro_rules! zip_loop {
    ($shape:expr, $f:ident; $($P:ty => $p:ident $a:ident $b:ident),+) => {{
        let bases = [$($p.base()),+];
        walk_runs($shape, [$($p.layout()),+], [$(<$P as NdProducer>::ITEMSIZE),+], |run| {
            // SAFETY: the runs of the plan reach only elements of the
            // producers' validated layouts, each tuple once, so every
            // pointer below is an element inside its region and every
            // `&mut` item is the only reference to its element; written
            // producers do not overlap read ones (exclusive borrows).
            unsafe {
                let [$($a),+] = core::array::from_fn(|op| bases[op].offset(run.starts[op]));
                let [$($b),+] = run.strides;
                if $($b == <$P as NdProducer>::ITEMSIZE as isize)&&+ {
                    for k in 0..run.len {
                        $f($(<$P as NdProducer>::item($a.add(k * <$P as NdProducer>::ITEMSIZE))),+);
                    }
                } else {
                    for k in 0..run.len as isize {
                        $f($(<$P as NdProducer>::item($a.offset(k * $b))),+);
                    }
                }
            }
        });
    }};
}

#[cfg(feature = "rayon")]
use super::parallel::{split_axis, PAR_MIN_BYTES};

macro_rules! zip_and {
    ($($P:ident $p:ident),+) => {
        impl<$($P: NdProducer),+> Zip<($($P,)+)> {
            /// Adds an operand, broadcast to the zip's shape (NumPy's rules).
            ///
            /// # Errors
            ///
            /// [`Error::ShapeMismatch`] if the operand does not broadcast to
            /// the zip's shape (a written operand must have it exactly).
            pub fn and<Q: IntoNdProducer>(self, operand: Q) -> Result<Zip<($($P,)+ Q::Output,)>> {
                let q = operand.into_producer().broadcast(&self.shape)?;
                let ($($p,)+) = self.parts;
                Ok(Zip { parts: ($($p,)+ q,), shape: self.shape })
            }
        }
    };
}

macro_rules! zip_arity {
    ($($P:ident $p:ident $a:ident $b:ident),+) => {

        impl<$($P: NdProducer),+> Zip<($($P,)+)> {
            /// Calls `f` with every tuple of paired elements, in the memory
            /// order of the first operand (cache-blocked when another operand
            /// is dense along a different axis).
            #[inline]
            pub fn for_each(self, mut f: impl FnMut($($P::Item),+)) {
                let ($(mut $p,)+) = self.parts;
                zip_loop!(&self.shape, f; $($P => $p $a $b),+);
            }

            /// Folds every tuple of paired elements into an accumulator, in
            /// the order [`for_each`](Self::for_each) visits them.
            pub fn fold<B>(self, init: B, mut f: impl FnMut(B, $($P::Item),+) -> B) -> B {
                let mut acc = Some(init);
                self.for_each(|$($p),+| {
                    let a = acc.take().expect("the accumulator is put back after each step");
                    acc = Some(f(a, $($p),+));
                });
                acc.expect("the accumulator is put back after each step")
            }

            /// A new C-ordered array of the zip's shape holding `f` of every
            /// tuple of paired elements. The walk follows the new array's
            /// memory (blocked when an operand is transposed).
            ///
            /// # Panics
            ///
            /// If the new array cannot be allocated (its size in bytes
            /// overflows `isize`), as [`NdArray::zeros`].
            pub fn map_collect<R: Element>(self, mut f: impl FnMut($($P::Item),+) -> R) -> NdArray<R> {
                let mut out = NdArray::<R>::zeros(&self.shape);
                let mut o = out.view_mut();
                let ($(mut $p,)+) = self.parts;
                let mut g = |o: &mut R, $($p: $P::Item),+| *o = f($($p),+);
                zip_loop!(&self.shape, g; NdViewMut<'_, R> => o out_at out_step, $($P => $p $a $b),+);
                drop(o);
                out
            }
        }

        #[cfg(feature = "rayon")]
        impl<$($P: NdProducer + Send),+> Zip<($($P,)+)> {
            /// [`for_each`](Self::for_each) on all cores (feature `rayon`).
            ///
            /// The outermost axis of the planned walk is halved recursively
            /// (each operand split into disjoint sub-views) while a half
            /// keeps at least ~128 KiB of work; below that, or when a
            /// written operand cannot be split into disjoint halves, the
            /// loop runs on the calling thread.
            pub fn par_for_each<F>(self, f: F)
            where
                F: Fn($($P::Item),+) + Sync + Send,
            {
                self.par_walk(&f);
            }

            fn par_walk<F>(self, f: &F)
            where
                F: Fn($($P::Item),+) + Sync + Send,
            {
                match self.halves() {
                    Ok((x, y)) => {
                        rayon::join(|| x.par_walk(f), || y.par_walk(f));
                    }
                    Err(whole) => whole.for_each(|$($p),+| f($($p),+)),
                }
            }

            /// The two halves of the outermost planned axis, or the zip
            /// unchanged when it is too small or cannot be split.
            fn halves(self) -> core::result::Result<(Self, Self), Self> {
                let bytes = count(&self.shape).saturating_mul(0 $(+ $P::ITEMSIZE)+);
                if bytes < 2 * PAR_MIN_BYTES {
                    return Err(self);
                }
                let Some(axis) = split_axis(self.parts.0.layout()) else {
                    return Err(self);
                };
                let mid = self.shape[axis] / 2;
                self.halves_at(axis, mid)
            }

            /// [`map_collect`](Self::map_collect) on all cores (feature
            /// `rayon`): the new array and the operands are split together,
            /// as in [`par_for_each`](Self::par_for_each).
            ///
            /// # Panics
            ///
            /// As [`map_collect`](Self::map_collect).
            pub fn par_map_collect<R, F>(self, f: F) -> NdArray<R>
            where
                R: Element + Send,
                F: Fn($($P::Item),+) -> R + Sync + Send,
            {
                let mut out = NdArray::<R>::zeros(&self.shape);
                par_collect_into(out.view_mut(), self, &f);
                out
            }
        }

        #[cfg(feature = "rayon")]
        #[allow(non_snake_case)]
        fn par_collect_into<R, F, $($P),+>(out: NdViewMut<'_, R>, zip: Zip<($($P,)+)>, f: &F)
        where
            R: Element + Send,
            $($P: NdProducer + Send,)+
            F: Fn($($P::Item),+) -> R + Sync + Send,
        {
            let bytes = count(&zip.shape).saturating_mul(size_of::<R>() $(+ $P::ITEMSIZE)+);
            let mut zip = zip;
            let axis = split_axis(&out.layout);
            if let (true, Some(axis)) = (bytes >= 2 * PAR_MIN_BYTES, axis) {
                let mid = zip.shape[axis] / 2;
                // `out` is a C-contiguous sub-view: splitting its outermost
                // axis always gives disjoint halves.
                if out.can_split(axis, mid) {
                    match zip.halves_at(axis, mid) {
                        Ok((x, y)) => {
                            let (ox, oy) = out.split(axis, mid);
                            rayon::join(|| par_collect_into(ox, x, f), || par_collect_into(oy, y, f));
                            return;
                        }
                        Err(whole) => zip = whole,
                    }
                }
            }
            // The serial leaf: the same loop as `map_collect`, into `out`.
            let mut o = out;
            let ($(mut $p,)+) = zip.parts;
            let g = |o: &mut R, $($p: $P::Item),+| *o = f($($p),+);
            zip_loop!(&zip.shape, g; NdViewMut<'_, R> => o out_at out_step, $($P => $p $a $b),+);
        }

        #[cfg(feature = "rayon")]
        impl<$($P: NdProducer + Send),+> Zip<($($P,)+)> {
            /// Halves at a given axis and index, or the zip back.
            fn halves_at(self, axis: usize, mid: usize) -> core::result::Result<(Self, Self), Self> {
                let ($($p,)+) = &self.parts;
                if !($($p.can_split(axis, mid))&&+) {
                    return Err(self);
                }
                let ($($p,)+) = self.parts;
                $(let ($a, $b) = $p.split(axis, mid);)+
                let mut first = self.shape.clone();
                first[axis] = mid;
                let mut second = self.shape;
                second[axis] -= mid;
                Ok((Zip { parts: ($($a,)+), shape: first }, Zip { parts: ($($b,)+), shape: second }))
            }
        }
    };
}

mod arity1 {
    use super::*;
    zip_arity!(P1 p1 a1 b1);
    zip_and!(P1 p1);
}
mod arity2 {
    use super::*;
    zip_arity!(P1 p1 a1 b1, P2 p2 a2 b2);
    zip_and!(P1 p1, P2 p2);
}
mod arity3 {
    use super::*;
    zip_arity!(P1 p1 a1 b1, P2 p2 a2 b2, P3 p3 a3 b3);
    zip_and!(P1 p1, P2 p2, P3 p3);
}
mod arity4 {
    use super::*;
    zip_arity!(P1 p1 a1 b1, P2 p2 a2 b2, P3 p3 a3 b3, P4 p4 a4 b4);
    zip_and!(P1 p1, P2 p2, P3 p3, P4 p4);
}
mod arity5 {
    use super::*;
    zip_arity!(P1 p1 a1 b1, P2 p2 a2 b2, P3 p3 a3 b3, P4 p4 a4 b4, P5 p5 a5 b5);
    zip_and!(P1 p1, P2 p2, P3 p3, P4 p4, P5 p5);
}
mod arity6 {
    use super::*;
    zip_arity!(P1 p1 a1 b1, P2 p2 a2 b2, P3 p3 a3 b3, P4 p4 a4 b4, P5 p5 a5 b5, P6 p6 a6 b6);
}
