//! The fast paths of the kernels (merged axes, memory order, dense lanes,
//! blocked transposes) against the plain index-by-index walk of the
//! reference model, over random layouts: empty, length-1 axes, zero and
//! negative strides included.

mod common;

use common::model::{indices, offset_of};
use ndview::{Format, NdView, NdViewMut, Order, RawView, RawViewMut};
use proptest::prelude::*;

/// A random layout that fits a region: shape, strides (multiples of
/// `unit`), the offset of element zero and the region length needed.
fn layout(
    max_ndim: usize,
    unit: isize,
) -> impl Strategy<Value = (Vec<usize>, Vec<isize>, usize, usize)> {
    (0..=max_ndim)
        .prop_flat_map(move |nd| {
            (
                proptest::collection::vec(0usize..=5, nd),
                proptest::collection::vec(-6isize..=6, nd),
                0usize..3,
            )
        })
        .prop_map(move |(shape, strides, slack)| {
            let strides: Vec<isize> = strides.iter().map(|s| s * unit).collect();
            let (mut low, mut high) = (0isize, 0isize);
            for (&n, &s) in shape.iter().zip(&strides) {
                if n > 0 {
                    let reach = (n as isize - 1) * s;
                    if reach < 0 {
                        low += reach;
                    } else {
                        high += reach;
                    }
                }
            }
            let offset = (-low) as usize + slack * unit as usize;
            let region = offset + high as usize + unit as usize + slack * unit as usize;
            (shape, strides, offset, region)
        })
}

/// The elements of a typed layout, index by index in C order.
fn model_elements<T: Copy>(
    data: &[T],
    shape: &[usize],
    strides: &[isize],
    offset: usize,
) -> Vec<T> {
    let size = std::mem::size_of::<T>() as i128;
    indices(shape)
        .iter()
        .map(|i| data[(offset_of(strides, offset, i) / size) as usize])
        .collect()
}

fn transpose_order<T: Copy>(shape: &[usize], c_order: &[T]) -> Vec<T> {
    // The same elements in Fortran order: walk the reversed shape.
    let rev: Vec<usize> = shape.iter().rev().copied().collect();
    indices(&rev)
        .iter()
        .map(|ri| {
            let i: Vec<usize> = ri.iter().rev().copied().collect();
            let flat = i.iter().zip(shape).fold(0, |acc, (&k, &n)| acc * n + k);
            c_order[flat]
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if cfg!(miri) { 8 } else { 512 }))]

    #[test]
    fn reductions_and_copies_match_the_model((shape, strides, offset, region) in layout(5, 8)) {
        let data: Vec<i64> = (0..region as i64 / 8).map(|x| x * 7 - 40).collect();
        let v = NdView::<i64>::from_parts(bytemuck::cast_slice(&data), &shape, &strides, offset).unwrap();
        let expected = model_elements(&data, &shape, &strides, offset);
        prop_assert_eq!(v.sum(), expected.iter().sum::<i64>());
        prop_assert_eq!(v.iter().sum::<i64>(), expected.iter().sum::<i64>());
        let signs: Vec<i64> = data.iter().map(|x| if x % 3 == 0 { -1 } else { 1 }).collect();
        let sv = NdView::<i64>::from_parts(bytemuck::cast_slice(&signs), &shape, &strides, offset).unwrap();
        prop_assert_eq!(sv.product(), model_elements(&signs, &shape, &strides, offset).iter().product::<i64>());
        prop_assert_eq!(v.min(), expected.iter().copied().min());
        prop_assert_eq!(v.max(), expected.iter().copied().max());
        prop_assert_eq!(v.to_vec(), expected.clone());
        prop_assert_eq!(v.iter().copied().collect::<Vec<_>>(), expected.clone());
        prop_assert_eq!(v.iter().fold(Vec::new(), |mut acc, &x| { acc.push(x); acc }), expected.clone());
        prop_assert_eq!(v.fold(Vec::new(), |mut acc, &x| { acc.push(x); acc }), expected.clone());
        prop_assert_eq!(v.map_to_vec(|&x| x * 2), expected.iter().map(|x| x * 2).collect::<Vec<_>>());
        let f = transpose_order(&shape, &expected);
        prop_assert_eq!(v.to_vec_in(Order::F), f.clone());
        let mut out = vec![0i64; v.len()];
        v.copy_to_slice(&mut out, Order::F).unwrap();
        prop_assert_eq!(out, f);
        let mut memory = v.fold_memory_order(Vec::new(), |mut acc, &x| { acc.push(x); acc });
        let mut sorted = expected.clone();
        memory.sort_unstable();
        sorted.sort_unstable();
        prop_assert_eq!(memory, sorted);
        prop_assert_eq!(v.dot(&v).unwrap(), expected.iter().map(|x| x * x).sum::<i64>());
        // Partly consumed iterators leave the fast path and stay correct.
        let mut it = v.iter();
        let first = it.next().copied();
        prop_assert_eq!(first, expected.first().copied());
        prop_assert_eq!(it.sum::<i64>(), expected.iter().skip(1).sum::<i64>());
    }

    #[test]
    fn float_sums_match_within_rounding((shape, strides, offset, region) in layout(4, 8)) {
        let data: Vec<f64> = (0..region / 8).map(|x| (x as f64).sin() * 1e3).collect();
        let v = NdView::<f64>::from_parts(bytemuck::cast_slice(&data), &shape, &strides, offset).unwrap();
        let expected: f64 = model_elements(&data, &shape, &strides, offset).iter().sum();
        prop_assert!((v.sum() - expected).abs() <= 1e-9 * (1.0 + expected.abs()));
    }

    #[test]
    fn mutable_kernels_write_exactly_the_model(
        (shape, strides, offset, region) in layout(4, 8),
        src_perm in 0usize..24,
    ) {
        let mut data: Vec<i64> = vec![-1; region / 8];
        let Ok(mut m) = NdViewMut::<i64>::from_parts_mut(bytemuck::cast_slice_mut(&mut data), &shape, &strides, offset) else {
            // Aliasing layouts are refused; nothing to check here.
            return Ok(());
        };
        let n = m.len();
        // A source of the same shape with another layout: a permuted,
        // C-contiguous buffer viewed back in the destination's shape.
        let nd = shape.len();
        let mut perm: Vec<usize> = (0..nd).collect();
        if nd > 1 {
            perm.rotate_left(src_perm % nd);
        }
        let permuted_shape: Vec<usize> = perm.iter().map(|&k| shape[k]).collect();
        let src_data: Vec<i64> = (0..n as i64).map(|x| x * 3 + 1).collect();
        let base = NdView::from_slice(&src_data, &permuted_shape).unwrap();
        let mut inverse = vec![0; nd];
        for (k, &p) in perm.iter().enumerate() {
            inverse[p] = k;
        }
        let src = base.permute_axes(&inverse).unwrap();
        prop_assert_eq!(src.shape(), &shape[..]);
        let src_elems = src.to_vec();

        m.assign(&src).unwrap();
        let written = m.to_vec();
        prop_assert_eq!(&written, &src_elems);
        m.map_inplace(|x| *x += 1);
        m.zip_mut_with(&src, |x, &y| *x -= 2 * y).unwrap();
        let expected_after: Vec<i64> = src_elems.iter().map(|y| y + 1 - 2 * y).collect();
        prop_assert_eq!(m.to_vec(), expected_after.clone());
        m.fill(9);
        prop_assert!(m.iter().all(|&x| x == 9));
        drop(m);
        // Nothing outside the view was touched.
        let touched: std::collections::BTreeSet<usize> = indices(&shape)
            .iter()
            .map(|i| (offset_of(&strides, offset, i) / 8) as usize)
            .collect();
        for (k, &x) in data.iter().enumerate() {
            prop_assert_eq!(x, if touched.contains(&k) { 9 } else { -1 });
        }
    }

    #[test]
    fn raw_copies_match_the_model_for_every_itemsize(
        (shape, strides, offset, region) in layout(4, 1),
        which in 0usize..6,
        scale in 1isize..4,
    ) {
        let (format, size) = [("B", 1), ("<u2", 2), ("3s", 3), ("<u4", 4), ("<f8", 8), ("<c16", 16)][which];
        let strides: Vec<isize> = strides.iter().map(|s| s * size as isize * scale).collect();
        let offset = offset * size * scale as usize;
        let region = region * size * scale as usize + size;
        let data: Vec<u8> = (0..region).map(|x| (x * 31 % 251) as u8).collect();
        let v = RawView::from_parts(&data, Format::parse(format).unwrap(), &shape, &strides, offset).unwrap();
        let mut expected = Vec::new();
        for i in indices(&shape) {
            let at = offset_of(&strides, offset, &i) as usize;
            expected.extend_from_slice(&data[at..at + size]);
        }
        prop_assert_eq!(v.to_bytes(Order::C), expected.clone());
        let mut out = vec![0u8; region];
        if let Ok(mut m) = RawViewMut::from_parts(&mut out, Format::parse(format).unwrap(), &shape, &strides, offset) {
            m.assign(&v).unwrap();
            prop_assert_eq!(m.to_bytes(Order::C), expected);
        }
    }
}

#[test]
fn blocked_transposes_cover_tile_edges() {
    // Sizes that are not multiples of the tile side, 2-D and 3-D.
    for &(rows, cols) in &[(1, 70), (70, 1), (33, 65), (64, 64), (97, 31)] {
        let data: Vec<f64> = (0..rows * cols).map(|x| x as f64).collect();
        let v = NdView::from_slice(&data, &[rows, cols]).unwrap();
        let t = v.transpose();
        let expected: Vec<f64> = (0..cols)
            .flat_map(|j| (0..rows).map(move |i| (i * cols + j) as f64))
            .collect();
        assert_eq!(t.to_vec(), expected, "{rows}x{cols}");
        assert_eq!(v.to_vec_in(Order::F), expected);
        let mut out = vec![0.0; rows * cols];
        let mut m = NdViewMut::from_slice_mut(&mut out, &[cols, rows]).unwrap();
        m.assign(&t).unwrap();
        assert_eq!(out, expected);
    }
    let (a, b, c) = (5, 40, 37);
    let data: Vec<u16> = (0..(a * b * c) as u16).collect();
    let v = NdView::from_slice(&data, &[a, b, c]).unwrap();
    for perm in [[2, 0, 1], [1, 2, 0], [2, 1, 0], [0, 2, 1]] {
        let p = v.permute_axes(&perm).unwrap();
        let expected: Vec<u16> = indices(p.shape())
            .iter()
            .map(|i| *p.get(i).unwrap())
            .collect();
        assert_eq!(p.to_vec(), expected, "{perm:?}");
        let bytes = p.raw().to_bytes(Order::C);
        assert_eq!(bytes, bytemuck::cast_slice::<u16, u8>(&expected));
    }
}

/// Distinct-looking bytes, so that a misplaced item shows.
fn pattern(len: usize) -> Vec<u8> {
    (0..len as u32)
        .map(|x| (x.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect()
}

/// The transpose of a `rows × cols` matrix of `itemsize`-byte items,
/// assigned into a C-order buffer that starts `shift` bytes into its
/// allocation, against the model.
fn check_raw_transpose(itemsize: usize, rows: usize, cols: usize, shift: usize) {
    let format = Format::parse(&format!("{itemsize}s")).unwrap();
    let data = pattern(rows * cols * itemsize);
    let v = RawView::new(&data, format.clone(), &[rows, cols]).unwrap();
    let t = v.transpose();
    let mut expected = Vec::with_capacity(data.len());
    for i in 0..cols {
        for j in 0..rows {
            expected.extend_from_slice(t.get_bytes(&[i, j]).unwrap());
        }
    }
    let mut buf = vec![0u8; shift + data.len()];
    let mut m = RawViewMut::new(&mut buf[shift..], format, &[cols, rows]).unwrap();
    m.assign(&t).unwrap();
    let case = format!("itemsize {itemsize}, {rows}x{cols}, shift {shift}");
    assert!(buf[shift..] == expected[..], "{case}");
    assert!(t.to_bytes(Order::C) == expected, "{case}");
}

#[test]
fn transposes_match_the_model_across_micro_blocks_strips_and_tiles() {
    // Micro-blocks are one cache line of items a side (64, 32, 16, 8, 4
    // items), strips 16 rows, tiles 64 columns by 4 KiB of rows: sizes
    // below, at and across each, with destinations that start off a line
    // and, for `shift` 1, off an item boundary.
    if cfg!(miri) {
        // Enough to run every micro-block once (the SSE2 ones and the
        // portable one, 32 items a side for 2-byte items), on and off a line.
        for itemsize in [1, 2, 4, 8, 16] {
            for shift in [0, 1] {
                check_raw_transpose(itemsize, 17, 20, shift);
            }
        }
        check_raw_transpose(2, 33, 34, 0);
        return;
    }
    let sizes = [
        (1, 70),
        (17, 9),
        (40, 70),
        (130, 67),
        (600, 33),
        (33, 1100),
        (9, 2100),
    ];
    for itemsize in [1, 2, 4, 8, 16] {
        for &(rows, cols) in &sizes {
            for shift in [0, 1, itemsize, 40] {
                check_raw_transpose(itemsize, rows, cols, shift);
            }
        }
    }
}

#[test]
#[cfg_attr(miri, ignore = "copies 10 MiB arrays element by element in the model")]
fn large_transposes_match_the_model() {
    // Outputs past the streaming-store threshold (8 MiB), with row pitches
    // that are (1032, 2048 items) and are not (1100 items) line multiples,
    // and destinations on and off a line.
    let (rows, cols) = (1032, 1100);
    let data: Vec<f64> = (0..rows * cols).map(|x| x as f64).collect();
    let t = NdView::from_slice(&data, &[rows, cols])
        .unwrap()
        .transpose();
    let expected = by_index(&t);
    assert!(t.to_vec() == expected);
    for shift in [0, 1, 3] {
        let mut out = vec![0.0; shift + rows * cols];
        let mut m = NdViewMut::from_slice_mut(&mut out[shift..], &[cols, rows]).unwrap();
        m.assign(&t).unwrap();
        assert!(out[shift..] == expected[..], "shift {shift}");
    }
    let back = NdView::from_slice(&expected, &[cols, rows])
        .unwrap()
        .transpose();
    assert!(back.to_vec() == data);

    let (rows, cols) = (2048, 1100);
    let data: Vec<f32> = (0..rows * cols).map(|x| x as f32).collect();
    let t = NdView::from_slice(&data, &[rows, cols])
        .unwrap()
        .transpose();
    let expected = by_index(&t);
    assert!(t.to_vec() == expected);

    // The benchmark's 3-D permutation, at a size past the threshold.
    let (a, b, c) = (40, 256, 130);
    let data: Vec<u64> = (0..(a * b * c) as u64).collect();
    let p = NdView::from_slice(&data, &[a, b, c])
        .unwrap()
        .permute_axes(&[2, 0, 1])
        .unwrap();
    let expected: Vec<u64> = (0..c)
        .flat_map(|k| (0..a).flat_map(move |i| (0..b).map(move |j| ((i * b + j) * c + k) as u64)))
        .collect();
    assert!(p.to_vec() == expected);
}

/// A 2-D or 3-D shape large enough to reach the transpose's micro-blocks,
/// an axis permutation, axes to reverse, an item size and a destination
/// shift.
fn transpose_case() -> impl Strategy<Value = (Vec<usize>, Vec<usize>, Vec<bool>, usize, usize)> {
    let side = if cfg!(miri) { 20 } else { 70 };
    (2usize..=3)
        .prop_flat_map(move |nd| {
            let max = if nd == 2 { side } else { side / 3 };
            (
                proptest::collection::vec(1usize..=max, nd),
                Just((0..nd).collect::<Vec<_>>()).prop_shuffle(),
                proptest::collection::vec(any::<bool>(), nd),
                prop_oneof![Just(1usize), Just(2), Just(4), Just(8), Just(16)],
                0usize..3,
            )
        })
        .prop_map(|(shape, perm, flips, itemsize, shift)| {
            let shift = [0, 1, itemsize][shift];
            (shape, perm, flips, itemsize, shift)
        })
}

proptest! {
    #[test]
    fn permuted_copies_match_the_index_by_index_walk(
        (shape, perm, flips, itemsize, shift) in transpose_case()
    ) {
        let format = Format::parse(&format!("{itemsize}s")).unwrap();
        let n: usize = shape.iter().product();
        let data = pattern(n * itemsize);
        let index: Vec<&str> = flips.iter().map(|&f| if f { "::-1" } else { ":" }).collect();
        let v = RawView::new(&data, format.clone(), &shape)
            .unwrap()
            .slice(&index.join(",").parse().unwrap())
            .unwrap()
            .permute_axes(&perm)
            .unwrap();
        let mut expected = Vec::with_capacity(data.len());
        for i in indices(v.shape()) {
            expected.extend_from_slice(v.get_bytes(&i).unwrap());
        }
        prop_assert!(v.to_bytes(Order::C) == expected);
        let mut buf = vec![0u8; shift + data.len()];
        let mut m = RawViewMut::new(&mut buf[shift..], format, v.shape()).unwrap();
        m.assign(&v).unwrap();
        prop_assert!(buf[shift..] == expected[..]);
    }
}

/// The elements of `v` in C order, index by index.
fn by_index<T: ndview::Element>(v: &NdView<'_, T>) -> Vec<T> {
    indices(v.shape())
        .iter()
        .map(|i| *v.get(i).unwrap())
        .collect()
}

#[test]
#[cfg_attr(miri, ignore = "copies 10 MiB arrays element by element in the model")]
fn large_strided_copies_match_the_model() {
    // Past the streaming threshold (8 MiB of output in runs of 1 KiB or
    // more): reversed and strided sources into destinations that start on,
    // next to and off a 16-byte boundary.
    let data: Vec<f64> = (0..2048 * 1100).map(|x| x as f64).collect();
    let v = NdView::from_slice(&data, &[2048, 1100]).unwrap();
    let f32s: Vec<f32> = (0..2048 * 2048).map(|x| x as f32).collect();
    let w = NdView::from_slice(&f32s, &[2048, 2048]).unwrap();
    let reversed = v.slice(&"::-1, ::-1".parse().unwrap()).unwrap();
    let strided = v.slice(&":, ::2".parse().unwrap()).unwrap();
    let reversed32 = w.slice(&":, ::-1".parse().unwrap()).unwrap();
    for view in [&reversed, &strided] {
        let expected = by_index(view);
        assert!(view.to_vec() == expected);
        for shift in [0, 1] {
            let mut out = vec![0.0; shift + view.len()];
            view.copy_to_slice(&mut out[shift..], Order::C).unwrap();
            assert!(out[shift..] == expected[..], "shift {shift}");
        }
        let mut bytes = vec![0u8; 3 + view.len() * 8];
        let format = view.raw().format().clone();
        let mut m = RawViewMut::new(&mut bytes[3..], format, view.shape()).unwrap();
        m.assign(&view.raw()).unwrap();
        assert!(bytes[3..] == *bytemuck::cast_slice::<f64, u8>(&expected));
    }
    let expected = by_index(&reversed32);
    assert!(reversed32.to_vec() == expected);
    for shift in [0, 1, 2, 3] {
        let mut out = vec![0.0f32; shift + reversed32.len()];
        reversed32
            .copy_to_slice(&mut out[shift..], Order::C)
            .unwrap();
        assert!(out[shift..] == expected[..], "shift {shift}");
    }
}

#[test]
fn reversed_and_strided_copies_at_every_destination_alignment() {
    // Small, so that Miri runs it; under Miri the streaming thresholds are
    // lowered so that these take the streaming path.
    let data: Vec<f64> = (0..20 * 24).map(|x| x as f64).collect();
    let f32s: Vec<f32> = (0..20 * 40).map(|x| x as f32).collect();
    let v = NdView::from_slice(&data, &[20, 24]).unwrap();
    let w = NdView::from_slice(&f32s, &[20, 40]).unwrap();
    let reversed = v.slice(&":, ::-1".parse().unwrap()).unwrap();
    let strided = w.slice(&"::-1, ::2".parse().unwrap()).unwrap();
    let expected = by_index(&reversed);
    for shift in 0..3 {
        let mut out = vec![0.0; shift + reversed.len()];
        reversed.copy_to_slice(&mut out[shift..], Order::C).unwrap();
        assert!(out[shift..] == expected[..], "shift {shift}");
    }
    let expected = by_index(&strided);
    for shift in 0..5 {
        let mut out = vec![0.0f32; shift + strided.len()];
        strided.copy_to_slice(&mut out[shift..], Order::C).unwrap();
        assert!(out[shift..] == expected[..], "shift {shift}");
    }
}

#[test]
fn long_dense_lanes_sum_like_the_model() {
    // Lanes of 8 KiB and more take the prefetching loop; integers in f64
    // sum exactly, so any lost or repeated chunk shows. Under Miri the
    // prefetch instruction is compiled out and 1024 already takes that loop,
    // so the long lanes (which cost most of an hour there) are skipped.
    let sizes: &[usize] = if cfg!(miri) {
        &[1023, 1024, 1025, 1031]
    } else {
        &[1023, 1024, 1025, 1031, 4096, 20_000]
    };
    for &n in sizes {
        let data: Vec<f64> = (0..3 * n).map(|x| (x % 1000) as f64).collect();
        let v = NdView::from_slice(&data, &[3, n]).unwrap();
        let expected: f64 = data.iter().sum();
        assert_eq!(v.sum(), expected, "n = {n}");
        let half = v.slice(&":, :-1".parse().unwrap()).unwrap();
        let expected: f64 = (0..3)
            .map(|r| data[r * n..(r + 1) * n - 1].iter().sum::<f64>())
            .sum();
        assert_eq!(half.sum(), expected, "n = {n}");
        let ints: Vec<u32> = (0..8 * n as u32).map(|x| x % 7).collect();
        let w = NdView::from_slice(&ints, &[8 * n]).unwrap();
        assert_eq!(w.sum(), ints.iter().sum::<u32>(), "n = {n}");
        let bytes: Vec<u8> = (0..8 * n).map(|x| (x % 7) as u8).collect();
        let b = NdView::from_slice(&bytes, &[8 * n]).unwrap();
        let expected: u64 = bytes.iter().map(|&x| u64::from(x)).sum();
        assert_eq!(b.fold(0u64, |a, &x| a + u64::from(x)), expected, "n = {n}");
    }
}

/// Defect 6 of issue 13: `[1u8; 300].mean()` panicked in debug builds
/// ("attempt to add with overflow") although `mean` documents `None` for a
/// count that `u8` cannot hold, and `[2u8; 255].mean()` was `Some(0)` in
/// release builds. Integer sums wrap (documented); means sum exactly.
#[test]
fn integer_sum_and_mean_never_overflow() {
    let ones = [1u8; 300];
    let v = NdView::from_slice(&ones, &[300]).unwrap();
    assert_eq!(v.mean(), None);
    assert_eq!(v.sum(), 300u32 as u8);
    let twos = [2u8; 255];
    let v = NdView::from_slice(&twos, &[255]).unwrap();
    assert_eq!(v.mean(), Some(2));
    assert_eq!(v.sum(), 254);
    let big = [i64::MAX, i64::MAX, i64::MAX - 2];
    let v = NdView::from_slice(&big, &[3]).unwrap();
    assert_eq!(v.sum(), i64::MAX.wrapping_mul(3).wrapping_sub(2));
    assert_eq!(v.mean(), Some(i64::MAX - 1));
    let neg = [-128i8, -128, -127];
    let v = NdView::from_slice(&neg, &[3]).unwrap();
    assert_eq!(v.sum(), -383i32 as i8); // -383 modulo 256, as an i8: -127
    assert_eq!(v.mean(), Some(-127)); // -383 / 3, truncated toward zero
    let huge = [u64::MAX; 4];
    let v = NdView::from_slice(&huge, &[2, 2]).unwrap();
    assert_eq!(v.mean(), Some(u64::MAX));
    // A broadcast view of 2^40 elements: the count fits u64, the exact sum
    // does not fit u64 but does fit 128 bits.
    let one = NdView::from_slice(&[u64::MAX], &[1]).unwrap();
    if !cfg!(miri) {
        let b = one.broadcast_to(&[1 << 12, 1 << 12]).unwrap();
        assert_eq!(b.mean(), Some(u64::MAX));
        assert_eq!(b.sum(), u64::MAX.wrapping_mul(1 << 24)); // modulo 2^64
    }
    // Floats are unchanged.
    let f = NdView::from_slice(&[0.5f32, 1.5], &[2]).unwrap();
    assert_eq!((f.sum(), f.mean()), (2.0, Some(1.0)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if cfg!(miri) { 8 } else { 256 }))]

    /// Integer sums are the model's wrapping sum, means the model's exact
    /// mean (None once the count does not fit), over random layouts.
    #[test]
    fn integer_sums_wrap_and_means_are_exact_like_the_model(
        (shape, strides, offset, region) in layout(4, 1),
        seed in any::<u8>(),
    ) {
        let data: Vec<u8> = (0..region).map(|x| (x as u8).wrapping_mul(37).wrapping_add(seed)).collect();
        let v = NdView::<u8>::from_parts(&data, &shape, &strides, offset).unwrap();
        let expected = model_elements(&data, &shape, &strides, offset);
        prop_assert_eq!(v.sum(), expected.iter().fold(0u8, |a, &x| a.wrapping_add(x)));
        let mean = |xs: &[i128]| -> Option<i128> {
            (!xs.is_empty()).then(|| xs.iter().sum::<i128>() / xs.len() as i128)
        };
        let wide: Vec<i128> = expected.iter().map(|&x| i128::from(x)).collect();
        let want = if expected.len() > 255 { None } else { mean(&wide).map(|m| m as u8) };
        prop_assert_eq!(v.mean(), want);
        let signed: &[i8] = bytemuck::cast_slice(&data);
        let s = NdView::<i8>::from_parts(bytemuck::cast_slice(signed), &shape, &strides, offset).unwrap();
        let expected = model_elements(signed, &shape, &strides, offset);
        prop_assert_eq!(s.sum(), expected.iter().fold(0i8, |a, &x| a.wrapping_add(x)));
        let wide: Vec<i128> = expected.iter().map(|&x| i128::from(x)).collect();
        let want = if expected.len() > 127 { None } else { mean(&wide).map(|m| m as i8) };
        prop_assert_eq!(s.mean(), want);
    }
}
