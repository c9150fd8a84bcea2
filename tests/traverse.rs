//! Traversal helpers against the naive model: memory order and coalescing
//! keep the elements, the odometer visits them in C order.

#[path = "common/model.rs"]
mod model;

use ndview::Layout;
use proptest::prelude::*;

/// Random layouts (rank 0..=6, lengths 0..=4, strides -12..=12), with an
/// offset at, above or (sometimes) below the lowest byte.
fn layout() -> impl Strategy<Value = Layout> {
    (0usize..=6)
        .prop_flat_map(|rank| {
            (
                prop::collection::vec(0usize..=4, rank),
                prop::collection::vec(-12isize..=12, rank),
                0usize..=40,
            )
        })
        .prop_map(|(shape, strides, offset)| Layout::new(&shape, &strides, offset).unwrap())
}

fn model_offsets(l: &Layout) -> Vec<i128> {
    model::offsets(l.shape(), l.strides(), l.offset())
}

fn sorted(mut v: Vec<i128>) -> Vec<i128> {
    v.sort_unstable();
    v
}

fn lowest(l: &Layout) -> i128 {
    model_offsets(l)
        .into_iter()
        .min()
        .unwrap_or(l.offset() as i128)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if cfg!(miri) { 4 } else { 1000 }))]

    #[test]
    fn memory_order_keeps_the_elements(l in layout()) {
        let m = l.to_memory_order();
        prop_assert_eq!(sorted(model_offsets(&m)), sorted(model_offsets(&l)));
        if !l.is_empty() && lowest(&l) >= 0 {
            prop_assert_eq!(m.offset() as i128, lowest(&l));
            // Axes that matter are in decreasing |stride| order, all >= 0.
            let axes: Vec<isize> = m.shape().iter().zip(m.strides())
                .filter(|&(&n, _)| n > 1).map(|(_, &s)| s).collect();
            prop_assert!(axes.iter().all(|&s| s >= 0));
            prop_assert!(axes.windows(2).all(|w| w[0] >= w[1]));
        }
    }

    #[test]
    fn coalesce_keeps_the_c_order_sequence(l in layout()) {
        let c = l.coalesce();
        prop_assert!(c.ndim() >= 1 && c.ndim() <= l.ndim().max(1));
        prop_assert_eq!(c.offset(), l.offset());
        prop_assert_eq!(model_offsets(&c), model_offsets(&l));
        prop_assert_eq!(c.coalesce(), c.clone());
        let (n, s) = l.innermost_run();
        prop_assert_eq!((n, s), (c.shape()[c.ndim() - 1], c.strides()[c.ndim() - 1]));
    }

    #[test]
    fn offsets_walk_in_c_order(l in layout()) {
        let expected: Vec<i128> = model_offsets(&l).into_iter()
            .map(|o| o - l.offset() as i128).collect();
        let walked: Vec<i128> = l.offsets().map(|o| o as i128).collect();
        prop_assert_eq!(&walked, &expected);
        prop_assert_eq!(l.offsets().len(), expected.len());
        let mut visited = Vec::new();
        l.for_each_offset(|o| visited.push(o as i128));
        prop_assert_eq!(&visited, &expected);
    }

    #[test]
    fn dense_block_means_one_gap_free_block(l in layout(), itemsize in 1usize..=4) {
        let offs = sorted(model_offsets(&l));
        let dense_from = |start: i128| offs.iter().enumerate()
            .all(|(k, &o)| o == start + (k * itemsize) as i128);
        match l.dense_block(itemsize) {
            Some(start) => prop_assert!(dense_from(start as i128)),
            None => prop_assert!(offs.is_empty() || offs[0] < 0 || !dense_from(offs[0])),
        }
    }
}

#[test]
fn to_memory_order_finds_the_block_of_a_permuted_flipped_array() {
    // A 2×3×4 C array of 8-byte items, transposed (2, 0, 1) and flipped on
    // the new axis 1 (the old axis 0).
    let l = Layout::new(&[4, 2, 3], &[8, -96, 32], 96).unwrap();
    let m = l.to_memory_order();
    assert_eq!(m.shape(), &[2, 3, 4]);
    assert_eq!(m.strides(), &[96, 32, 8]);
    assert_eq!(m.offset(), 0);
    assert!(m.is_c_contiguous(8));
    assert_eq!(l.dense_block(8), Some(0));
    assert_eq!(m.coalesce().shape(), &[24]);
    assert_eq!(m.innermost_run(), (24, 8));
}

#[test]
fn walks_many_axes() {
    let shape = [2usize; 12];
    let strides: Vec<isize> = (0..12).map(|k| 1 << (11 - k)).collect();
    let l = Layout::new(&shape, &strides, 0).unwrap();
    let walked: Vec<isize> = l.offsets().collect();
    assert_eq!(walked, (0..4096).collect::<Vec<isize>>());
    assert_eq!(l.innermost_run(), (4096, 1));
    let reversed = Layout::new(
        &shape,
        &strides.iter().map(|s| -s).collect::<Vec<_>>(),
        4095,
    )
    .unwrap();
    let mut visited = Vec::new();
    reversed.for_each_offset(|o| visited.push(o));
    assert_eq!(visited, (0..4096).map(|k| -k).collect::<Vec<isize>>());
    assert_eq!(reversed.dense_block(1), Some(0));
}
