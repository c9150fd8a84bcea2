//! Layout operations of rank ≤ 6 do not allocate on their success paths.
//!
//! A counting global allocator wraps the system one; the whole check is a
//! single `#[test]`, so no other test thread allocates while it counts.

use std::alloc::{GlobalAlloc, Layout as AllocLayout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use ndview::{Format, Index, Layout, NdView, Order, RawView};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// Delegates every call to `System`; it only counts. `GlobalAlloc` is an
// unsafe trait, so the delegation needs `unsafe` — the one place in these
// tests, forwarding the caller's guarantees unchanged.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: AllocLayout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which
        // is `System.alloc`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: AllocLayout) {
        // SAFETY: `ptr` came from `System.alloc` with this `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: AllocLayout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: as for `dealloc`, and `new_size` is the caller's valid size.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` and returns how many allocations it made.
fn allocations<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let out = f();
    (ALLOCATIONS.load(Ordering::SeqCst) - before, out)
}

#[test]
fn layout_operations_do_not_allocate() {
    // The counter works: an allocation is seen.
    let (seen, v) = allocations(|| std::hint::black_box(Vec::<u8>::with_capacity(16)));
    assert!(seen >= 1 && v.capacity() >= 16);
    // A rank-9 layout spills Dims to the heap, and that is counted too.
    let (spilled, _) = allocations(|| Layout::contiguous(&[1; 9], 1, Order::C).unwrap());
    assert!(spilled >= 1);

    // Everything that may allocate is prepared before counting.
    let c = Layout::contiguous(&[2, 3, 4, 5, 6, 7], 8, Order::C).unwrap();
    let small = Layout::contiguous(&[3, 4], 4, Order::C).unwrap();
    let row = Layout::contiguous(&[1, 7], 8, Order::C).unwrap();
    let index: Index = "1, ::-2, None, ..., 1:4, -1".parse().unwrap();
    let strict = index.clone().strict();
    let perm = [5, 0, 4, 1, 3, 2];
    let flat = [2 * 3 * 4, 5 * 6 * 7];
    let fortran = [7, 6, 5, 4, 3, 2];
    let spread = [2, 3, 4, 5, 6, 7];
    let strided = c.slice(&"..., ::2".parse().unwrap()).unwrap();

    let (n, checksum) = allocations(|| {
        let mut sum = 0usize;
        let s = c.slice(&index).unwrap();
        sum += s.len();
        sum += c.slice(&strict).unwrap().len();
        sum += c.slice_checked(&index).unwrap().len();
        sum += c.index_axis(3, -2).unwrap().len();
        let t = c.transpose();
        sum += t.len();
        sum += c.permute_axes(&perm).unwrap().len();
        sum += c.swap_axes(0, 5).unwrap().len();
        sum += c.flip(2).unwrap().len();
        sum += c
            .index_axis(0, 1)
            .unwrap()
            .insert_axis(5)
            .unwrap()
            .squeeze()
            .len();
        sum += c.reshape(&flat, Order::C, 8).unwrap().len();
        sum += t.reshape(&fortran, Order::F, 8).unwrap().len();
        // The no-copy path through non-contiguous layouts.
        sum += strided
            .reshape(&[2 * 3 * 4 * 5 * 6, 4], Order::C, 8)
            .unwrap()
            .len();
        let flipped = small.slice(&index_free_flip()).unwrap();
        sum += flipped.reshape(&[3, 2, 2], Order::C, 4).unwrap().len();
        sum += row.broadcast_to(&spread[4..]).unwrap().len();
        sum += small.broadcast_to(&[2, 3, 4]).unwrap().len();
        sum += c.split_at(1, 2).unwrap().1.len();
        sum += c.diagonal(0, 1, 0).unwrap().len();
        sum += usize::from(c.is_c_contiguous(8)) + usize::from(t.is_f_contiguous(8));
        sum += usize::from(s.is_contiguous(8)) + usize::from(c.is_aligned(0, 8));
        sum
    });
    assert!(checksum > 0);
    assert_eq!(n, 0, "layout operations allocated {n} times");

    // The views add nothing but the layout: the same operations on views,
    // their queries and the kernels that produce no vector allocate nothing.
    let data: Vec<f64> = (0..2 * 3 * 4 * 5 * 6 * 7).map(f64::from).collect();
    let format = Format::parse("<f8").unwrap();
    let (n, checksum) = allocations(|| {
        let v = NdView::from_slice(&data, &[2, 3, 4, 5, 6, 7]).unwrap();
        let r = RawView::new(
            bytemuck::cast_slice(&data),
            format.clone(),
            &[2, 3, 4, 5, 6, 7],
        )
        .unwrap();
        let mut sum = v.slice(&index).unwrap().sum();
        sum += v.transpose().reshape(&fortran, Order::F).unwrap().sum();
        sum += v.permute_axes(&perm).unwrap().iter().sum::<f64>();
        sum += v.get(&[1, 2, 3, 4, 5, 6]).copied().unwrap_or(0.0);
        sum += v.slice(&index).unwrap().max().unwrap_or(0.0);
        let s = r
            .slice(&index)
            .unwrap()
            .transpose()
            .view_as(format.clone())
            .unwrap();
        sum += s.len() as f64 + f64::from(u8::from(s.is_aligned()));
        sum
    });
    assert!(checksum > 0.0);
    assert_eq!(n, 0, "view operations allocated {n} times");
}

/// `small[:, ::-1]` without parsing (the Index is inline, built before use).
fn index_free_flip() -> Index {
    ndview::s![.., ..;-1]
}
