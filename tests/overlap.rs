//! Aliasing: `Layout::is_unique` never accepts a layout whose elements
//! overlap (checked against the naive model and against NumPy's exact
//! internal-overlap solver), and accepts every layout made from a
//! contiguous array by slicing, permuting, flipping, inserting axes or
//! selecting fields.

#[path = "common/miri_sample.rs"]
mod miri_sample;
#[path = "common/model.rs"]
mod model;

use miri_sample::{at_least, sample};

use ndview::{Layout, Order};
use proptest::prelude::*;

/// The offset that puts the lowest byte of the layout at 0.
fn lowest_at_zero(shape: &[usize], strides: &[isize]) -> usize {
    if shape.contains(&0) {
        return 0;
    }
    shape
        .iter()
        .zip(strides)
        .map(|(&n, &s)| (s * (n as isize - 1)).min(0).unsigned_abs())
        .sum()
}

fn refused(l: &Layout, itemsize: usize) -> bool {
    l.overlap_reason(itemsize)
        .is_some_and(|r| r.starts_with("uniqueness could not be proven"))
}

fn small_layout() -> impl Strategy<Value = (Vec<usize>, Vec<isize>, usize, usize)> {
    (0usize..=5)
        .prop_flat_map(|rank| {
            (
                prop::collection::vec(0usize..=4, rank),
                prop::collection::vec(-12isize..=12, rank),
                1usize..=8,
                0usize..=3,
            )
        })
        .prop_map(|(shape, strides, itemsize, extra)| {
            let offset = lowest_at_zero(&shape, &strides) + extra;
            (shape, strides, itemsize, offset)
        })
}

/// A C-contiguous array sliced (start, step per axis), permuted, with
/// axes of length 1 inserted and possibly a narrower field selected:
/// (shape, strides, offset, itemsize) of the result.
fn derived_layout() -> impl Strategy<Value = (Vec<usize>, Vec<isize>, usize, usize)> {
    (
        prop::collection::vec((1usize..=5, 0usize..5, -3isize..=3), 1..=4),
        prop::sample::select(vec![1usize, 2, 4, 8]),
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        prop::collection::vec((any::<prop::sample::Index>(), -50isize..=50), 0..=2),
    )
        .prop_map(|(axes, itemsize, perm_seed, field, inserted)| {
            let parent: Vec<usize> = axes.iter().map(|a| a.0).collect();
            let base = Layout::contiguous(&parent, itemsize, Order::C).unwrap();
            let mut offset = 0isize;
            let mut shape = Vec::new();
            let mut strides = Vec::new();
            for (k, &(n, start, step)) in axes.iter().enumerate() {
                let step = if step == 0 { 1 } else { step };
                let start = (start % n) as isize;
                let len = if step > 0 {
                    (n as isize - start + step - 1) / step
                } else {
                    start / -step + 1
                };
                let s = base.strides()[k];
                offset += start * s;
                shape.push(len as usize);
                strides.push(s * step);
            }
            // A permutation from the seed (Fisher-Yates with a fixed walk).
            let mut order: Vec<usize> = (0..shape.len()).collect();
            let mut seed = perm_seed.index(usize::MAX / 2) | 1;
            for i in (1..order.len()).rev() {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                order.swap(i, (seed >> 33) % (i + 1));
            }
            let mut shape: Vec<usize> = order.iter().map(|&k| shape[k]).collect();
            let mut strides: Vec<isize> = order.iter().map(|&k| strides[k]).collect();
            for (at, s) in inserted {
                let at = at.index(shape.len() + 1);
                shape.insert(at, 1);
                strides.insert(at, s);
            }
            let item = field.index(itemsize) + 1; // a field of 1..=itemsize bytes
            let field_offset = (itemsize - item) as isize;
            (shape, strides, (offset + field_offset) as usize, item)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if cfg!(miri) { 4 } else { 2000 }))]

    #[test]
    fn unique_layouts_have_no_overlap((shape, strides, itemsize, offset) in small_layout()) {
        let l = Layout::new(&shape, &strides, offset).unwrap();
        let overlaps = model::has_overlap(&shape, &strides, offset, itemsize);
        if l.is_unique(itemsize) {
            prop_assert!(!overlaps, "{:?} itemsize {} said unique", l, itemsize);
        } else {
            // Small layouts are decided exactly: a refusal is an overlap.
            prop_assert!(overlaps, "{:?} itemsize {}: {:?}", l, itemsize, l.overlap_reason(itemsize));
        }
        prop_assert_eq!(l.overlap_reason(itemsize).is_none(), l.is_unique(itemsize));
    }

    #[test]
    fn layouts_derived_from_contiguous_are_unique((shape, strides, offset, itemsize) in derived_layout()) {
        let l = Layout::new(&shape, &strides, offset).unwrap();
        prop_assert!(!model::has_overlap(&shape, &strides, offset, itemsize));
        prop_assert!(l.is_unique(itemsize), "{:?} itemsize {}: {:?}", l, itemsize, l.overlap_reason(itemsize));
        // Without the exact solver: the sufficient test alone accepts them.
        let quick = format!("{:?}", l.uniqueness_with_max_work(itemsize, 0));
        prop_assert!(quick == "Unique", "{}", quick);
    }
}

fn parse_list<T: std::str::FromStr>(s: &str) -> Vec<T>
where
    T::Err: std::fmt::Debug,
{
    if s.is_empty() {
        return Vec::new();
    }
    s.split(',').map(|v| v.parse().unwrap()).collect()
}

#[test]
fn agrees_with_numpy_internal_overlap() {
    let text = include_str!("data/overlap_cases.txt");
    let (mut cases, mut numpy_overlap, mut numpy_unique) = (0, 0, 0);
    let (mut wrongly_unique, mut wrongly_refused, mut unknown) = (Vec::new(), Vec::new(), 0);
    let mut needed_solver = 0;
    for line in sample(text.lines().filter(|l| !l.starts_with('#'))) {
        let parts: Vec<&str> = line.split(';').collect();
        let shape: Vec<usize> = parse_list(parts[0]);
        let strides: Vec<isize> = parse_list(parts[1]);
        let itemsize: usize = parts[2].parse().unwrap();
        let overlap = parts[3] == "1";
        let l = Layout::new(&shape, &strides, lowest_at_zero(&shape, &strides)).unwrap();
        cases += 1;
        let unique = l.is_unique(itemsize);
        if overlap {
            numpy_overlap += 1;
            if unique {
                wrongly_unique.push(line);
            }
        } else {
            numpy_unique += 1;
            let quick = format!("{:?}", l.uniqueness_with_max_work(itemsize, 0));
            needed_solver += usize::from(quick.starts_with("Unknown"));
            if !unique {
                wrongly_refused.push(line);
                unknown += usize::from(refused(&l, itemsize));
            }
        }
    }
    println!(
        "{cases} NumPy cases: {numpy_overlap} overlap, {numpy_unique} unique; \
         said unique on overlap: {}; refused unique: {} ({unknown} at the work bound); \
         unique cases proven by the exact solver (not the quick test): {needed_solver}",
        wrongly_unique.len(),
        wrongly_refused.len()
    );
    assert!(cases >= at_least(2000));
    assert!(wrongly_unique.is_empty(), "said unique: {wrongly_unique:?}");
    assert!(wrongly_refused.is_empty(), "refused: {wrongly_refused:?}");
}

#[test]
fn named_traps() {
    // Stride 0 on an axis longer than 1 (broadcast) — but not on length 1.
    let b = Layout::new(&[3, 4], &[0, 8], 0).unwrap();
    assert_eq!(
        b.overlap_reason(8).unwrap(),
        "axis 0 has stride 0 and length 3, so elements [0, 0] and [1, 0] both reach byte 0"
    );
    assert!(Layout::new(&[1, 4], &[0, 8], 0).unwrap().is_unique(8));
    // Overlapping strides: a sliding window.
    assert!(!Layout::new(&[4, 4], &[1, 1], 0).unwrap().is_unique(1));
    // Partial-element overlap: 4-byte items two bytes apart.
    let p = Layout::new(&[3], &[2], 0).unwrap();
    assert!(p.is_unique(2) && !p.is_unique(4));
    assert!(p
        .overlap_reason(4)
        .unwrap()
        .contains("each element is 4 bytes"));
    // Interleavings: offsets 0, 2, 4, 3, 5, 7.
    let i = Layout::new(&[2, 3], &[3, 2], 0).unwrap();
    assert!(i.is_unique(1) && !i.is_unique(2));
    // Negative strides.
    assert!(Layout::new(&[3, 4], &[-16, -4], 44).unwrap().is_unique(4));
    assert!(!Layout::new(&[3, 3], &[-2, 2], 4).unwrap().is_unique(1));
    // Strides near isize::MAX with small shapes: no overflow.
    let big = isize::MAX / 3;
    let h = Layout::new(&[2, 2, 2], &[big, -(big / 2), 7], big as usize).unwrap();
    assert!(h.is_unique(7) && !h.is_unique(8));
    assert!(!Layout::new(&[2], &[isize::MAX], 0)
        .unwrap()
        .is_unique(usize::MAX));
    // 64 axes of length 1 and 2.
    let shape: Vec<usize> = (0..64).map(|k| if k < 60 { 2 } else { 1 }).collect();
    let strides: Vec<isize> = (0..64)
        .map(|k| if k < 60 { 1 << (59 - k) } else { -3 })
        .collect();
    let l = Layout::new(&shape, &strides, 0).unwrap();
    assert!(l.is_unique(1) && !l.is_unique(2));
    // Empty and 0-d.
    assert!(Layout::new(&[0, 3], &[0, 0], 0).unwrap().is_unique(8));
    assert!(Layout::new(&[], &[], 0).unwrap().is_unique(8));
}

#[test]
fn hard_strides_are_decided_exactly() {
    // Strides from the hard example in the header of NumPy's mem_overlap.c.
    // With no work allowed the answer is "unknown" (and refused); with the
    // default bound it is exact and agrees with the model.
    let strides = [36674, 61119, 85569, 12223];
    let l = Layout::new(&[7, 9, 11, 13], &strides, 0).unwrap();
    assert!(format!("{:?}", l.uniqueness_with_max_work(1, 0)).starts_with("Unknown"));
    assert!(refused_with_zero_work_is_not_unique(&l));
    for shape in [[7, 9, 11, 13], [2, 3, 3, 4], [3, 3, 3, 3], [2, 2, 5, 9]] {
        let l = Layout::new(&shape, &strides, 0).unwrap();
        for itemsize in [1, 2, 7, 100, 5000, 12224] {
            let overlaps = model::has_overlap(&shape, &strides, 0, itemsize);
            assert!(!refused(&l, itemsize), "{shape:?} itemsize {itemsize}");
            assert_eq!(
                l.is_unique(itemsize),
                !overlaps,
                "{shape:?} itemsize {itemsize}"
            );
        }
    }
}

fn refused_with_zero_work_is_not_unique(l: &Layout) -> bool {
    !matches!(
        format!("{:?}", l.uniqueness_with_max_work(1, 0)).as_str(),
        "Unique"
    )
}
