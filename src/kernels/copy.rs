//! Copying elements between strided layouts: copy-out, assignment.
//!
//! One routine serves every copy: pair the destination's and the source's
//! elements in a two-operand [`Plan`], walk it in the destination's memory
//! order (so writes stream), merge contiguous axes, and pick the loop:
//!
//! * both sides dense along the inner run → one `memcpy` per run (a whole
//!   C-contiguous view is a single run, so a single `memcpy`);
//! * the source is dense along some *other* axis (a transposed or permuted
//!   view) → a cache-blocked transpose over that axis and the inner one:
//!   tiles small enough that the source lines a tile touches stay in L1
//!   while the destination is written sequentially;
//! * otherwise → an element loop per run.

use core::mem::size_of;
use core::ptr;

use alloc::vec::Vec;

use super::plan::{Plan, Run};
use super::{buffer::output_vec, transpose};
use crate::layout::{Dims, Layout, Order};

/// Dense byte strides of `shape` in `order` for items of `itemsize` bytes.
/// The caller knows the total size fits in `isize` (it is the size of an
/// existing view's elements), so the products cannot overflow.
fn dense_strides(shape: &[usize], itemsize: usize, order: Order) -> Dims<isize> {
    let mut strides = Dims::zeros(shape.len());
    let mut step = itemsize as isize;
    let mut fill = |k: usize| {
        strides[k] = step;
        step = step.wrapping_mul(shape[k].max(1) as isize);
    };
    match order {
        Order::C => (0..shape.len()).rev().for_each(&mut fill),
        Order::F => (0..shape.len()).for_each(&mut fill),
    }
    strides
}

/// Where a copy writes: the choice of loop depends on it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dest {
    /// A new allocation whose pages the copy faults in. The kernel zeroes
    /// each page as it is first touched, so streaming stores would write
    /// every line twice: `to_vec` of `[::-1, ::-1]` of 2048² `f64` took
    /// 0.55 × ndarray's time streamed and 0.47–0.48 plain (`bash
    /// benches/report.sh --runs 3`). The transpose still gains from
    /// streaming there (docs/performance.md).
    Fresh,
    /// Memory that already exists (`copy_to_slice`, `assign`).
    Existing,
}

/// The elements of a layout over `region`, copied out densely in `order`.
///
/// # Safety
///
/// Every element of `layout` lies inside `region` and, read as a `T`, is
/// aligned and valid; `itemsize == size_of::<T>()`.
pub(crate) unsafe fn copy_out<T: Copy>(region: &[u8], layout: &Layout, order: Order) -> Vec<T> {
    let n = layout.len();
    let mut out: Vec<T> = output_vec(n);
    let strides = dense_strides(layout.shape(), size_of::<T>(), order);
    let plan = Plan::new(
        layout.shape(),
        [&strides, layout.strides()],
        [0, layout.offset() as isize],
    );
    // SAFETY: the destination is `n` fresh, uniquely-addressed slots of
    // `out`'s spare capacity (dense strides of `layout`'s shape), the
    // source is `layout` over `region` (caller's promise), and a fresh
    // allocation does not overlap `region`.
    unsafe {
        copy_plan::<T>(
            out.as_mut_ptr().cast(),
            region.as_ptr(),
            plan,
            size_of::<T>(),
            Dest::Fresh,
        );
        // The plan pairs every destination slot with exactly one source
        // element, so all `n` are initialized now.
        out.set_len(n);
    }
    out
}

/// The element bytes of a layout over `region`, copied out in `order`
/// (`memoryview.tobytes(order)`), for items of any size.
///
/// # Safety
///
/// Every element's `itemsize` bytes lie inside `region`.
pub(crate) unsafe fn copy_out_bytes(
    region: &[u8],
    layout: &Layout,
    itemsize: usize,
    order: Order,
) -> Vec<u8> {
    // A broadcast view (stride 0) can have far more elements than its
    // region has bytes: refuse a product that no allocation can hold, as
    // `Vec::with_capacity` does for `copy_out`.
    let total = layout
        .len()
        .checked_mul(itemsize)
        .filter(|&t| isize::try_from(t).is_ok())
        .expect("capacity overflow");
    let mut out: Vec<u8> = output_vec(total);
    let strides = dense_strides(layout.shape(), itemsize, order);
    let plan = Plan::new(
        layout.shape(),
        [&strides, layout.strides()],
        [0, layout.offset() as isize],
    );
    let (dst, src) = (out.as_mut_ptr(), region.as_ptr());
    // SAFETY: as in `copy_out`, for items of `itemsize` bytes.
    unsafe {
        copy_plan_bytes(dst, src, plan, itemsize, Dest::Fresh);
        out.set_len(total);
    }
    out
}

/// `dst[i] = src[i]` for every index of two same-shaped layouts of `T`s.
///
/// # Safety
///
/// Every element of `dst_layout` is an aligned `T` slot inside `dst`, and
/// `dst_layout` is unique; every element of `src_layout` is an aligned,
/// valid `T` inside `src`; `dst` and `src` do not overlap.
pub(crate) unsafe fn assign<T: Copy>(
    dst: &mut [u8],
    dst_layout: &Layout,
    src: &[u8],
    src_layout: &Layout,
) {
    debug_assert_eq!(dst_layout.shape(), src_layout.shape());
    let plan = Plan::new(
        dst_layout.shape(),
        [dst_layout.strides(), src_layout.strides()],
        [dst_layout.offset() as isize, src_layout.offset() as isize],
    );
    // SAFETY: forwarded from the caller.
    unsafe {
        copy_plan::<T>(
            dst.as_mut_ptr(),
            src.as_ptr(),
            plan,
            size_of::<T>(),
            Dest::Existing,
        )
    }
}

/// Like [`assign`] for items of `itemsize` bytes of any alignment.
///
/// # Safety
///
/// As [`assign`], with `itemsize`-byte items and no alignment requirement.
pub(crate) unsafe fn assign_bytes(
    dst: &mut [u8],
    dst_layout: &Layout,
    src: &[u8],
    src_layout: &Layout,
    itemsize: usize,
) {
    let plan = Plan::new(
        dst_layout.shape(),
        [dst_layout.strides(), src_layout.strides()],
        [dst_layout.offset() as isize, src_layout.offset() as isize],
    );
    let (d, s) = (dst.as_mut_ptr(), src.as_ptr());
    // SAFETY: forwarded from the caller.
    unsafe { copy_plan_bytes(d, s, plan, itemsize, Dest::Existing) }
}

/// [`copy_plan`] for items of `itemsize` bytes of any alignment: common
/// sizes go through byte arrays (alignment 1, so every offset is aligned,
/// and the element loops copy whole items), others through `memcpy`s.
///
/// # Safety
///
/// As [`copy_plan`], with `itemsize`-byte items and no alignment.
unsafe fn copy_plan_bytes(
    dst: *mut u8,
    src: *const u8,
    plan: Plan<2>,
    itemsize: usize,
    dest: Dest,
) {
    // SAFETY: forwarded; byte arrays have alignment 1.
    unsafe {
        match itemsize {
            1 => copy_plan::<u8>(dst, src, plan, 1, dest),
            2 => copy_plan::<[u8; 2]>(dst, src, plan, 2, dest),
            4 => copy_plan::<[u8; 4]>(dst, src, plan, 4, dest),
            8 => copy_plan::<[u8; 8]>(dst, src, plan, 8, dest),
            16 => copy_plan::<[u8; 16]>(dst, src, plan, 16, dest),
            _ => copy_plan_any_size(dst, src, plan, itemsize),
        }
    }
}

/// Copies the pairs of a `[dst, src]` plan of `T` items; `dest` says
/// whether the destination is a fresh allocation (see [`Dest`]).
///
/// # Safety
///
/// Every destination offset of `plan` (relative to `dst`) is an aligned,
/// writable `T` slot and no two coincide; every source offset (relative to
/// `src`) is an aligned, valid `T`; the regions do not overlap;
/// `itemsize == size_of::<T>()`.
unsafe fn copy_plan<T: Copy>(
    dst: *mut u8,
    src: *const u8,
    mut plan: Plan<2>,
    itemsize: usize,
    dest: Dest,
) {
    debug_assert_eq!(itemsize, size_of::<T>());
    #[cfg(not(target_arch = "x86_64"))]
    let _ = dest; // only x86-64 has streaming stores
    if plan.len() == 0 {
        // Nothing to copy; the strides of an empty layout may be anything.
        return;
    }
    plan.memory_order(0).coalesce();
    let size = itemsize as isize;
    let nd = plan.shape().len();
    let (d_inner, s_inner) = match nd {
        0 => (size, size),
        _ => (plan.strides(0)[nd - 1], plan.strides(1)[nd - 1]),
    };
    if d_inner == size && s_inner == size {
        plan.for_each_run(|run: Run<2>| {
            // SAFETY: the run's `len` items are consecutive on both sides,
            // inside their regions (caller's promise), and the regions are
            // disjoint.
            unsafe {
                ptr::copy_nonoverlapping(
                    src.offset(run.starts[1]),
                    dst.offset(run.starts[0]),
                    run.len * itemsize,
                );
            }
        });
        return;
    }
    if nd >= 2 && d_inner == size {
        // The source axis (other than the inner one) that is dense, if any;
        // one dense backwards (a reversed transpose) is flipped to forwards,
        // which walks the destination backwards along it instead.
        let dense_axis = (0..nd - 1)
            .rev()
            .find(|&k| plan.strides(1)[k].unsigned_abs() == itemsize);
        if let Some(a) = dense_axis {
            if plan.strides(1)[a] < 0 {
                plan.flip(a);
            }
            // SAFETY: forwarded.
            unsafe { transpose::copy_transposed::<T>(dst, src, &plan, a) };
            return;
        }
    }
    // A large existing dense destination written from a strided or
    // reversed source: streaming stores save the read of every destination
    // line (but not in a fresh allocation: see `Dest::Fresh`).
    #[cfg(target_arch = "x86_64")]
    if d_inner == size
        && dest == Dest::Existing
        && (itemsize == 4 || itemsize == 8)
        && nd > 0
        && super::stream::worth_streaming(plan.len() * itemsize, plan.shape()[nd - 1] * itemsize)
    {
        plan.for_each_run(|run: Run<2>| {
            let (d, s) = (run.starts[0], run.starts[1]);
            // SAFETY: the run's `len` destination items are consecutive
            // (`d_inner == size`) and its source items `strides[1]` apart,
            // all items of the plan (caller's promise); the source is
            // initialized bytes (a `&[u8]` region).
            unsafe {
                super::stream::gather_run::<T>(
                    dst.offset(d),
                    src.offset(s),
                    run.len,
                    run.strides[1],
                )
            };
        });
        super::stream::fence();
        return;
    }
    plan.for_each_run(|run: Run<2>| {
        let (mut d, mut s) = (run.starts[0], run.starts[1]);
        for _ in 0..run.len {
            // SAFETY: `d` and `s` are element offsets of the plan (caller's
            // promise on each one).
            unsafe { *dst.offset(d).cast::<T>() = *src.offset(s).cast::<T>() };
            d += run.strides[0];
            s += run.strides[1];
        }
    });
}

/// [`copy_plan`] for items of a size without a dedicated array type.
///
/// # Safety
///
/// As [`copy_plan`], with `itemsize`-byte items and no alignment.
unsafe fn copy_plan_any_size(dst: *mut u8, src: *const u8, mut plan: Plan<2>, itemsize: usize) {
    if plan.len() == 0 {
        return;
    }
    plan.memory_order(0).coalesce();
    let size = itemsize as isize;
    plan.for_each_run(|run: Run<2>| {
        if run.strides == [size, size] {
            // SAFETY: consecutive items on both sides (caller's promise).
            unsafe {
                ptr::copy_nonoverlapping(
                    src.offset(run.starts[1]),
                    dst.offset(run.starts[0]),
                    run.len * itemsize,
                )
            };
            return;
        }
        let (mut d, mut s) = (run.starts[0], run.starts[1]);
        for _ in 0..run.len {
            // SAFETY: element offsets of the plan (caller's promise).
            unsafe { ptr::copy_nonoverlapping(src.offset(s), dst.offset(d), itemsize) };
            d += run.strides[0];
            s += run.strides[1];
        }
    });
}
