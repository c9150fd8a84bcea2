//! The compute kernels — `Zip` with broadcasting, axis reductions, the
//! parallel loops — against the naive index-by-index reference model, over
//! random layouts (rank 0 to 6; zero, negative and length-0/1 axes;
//! broadcast operands), and parallel against serial bit for bit on pools
//! of 1, 2, 3 and 8 threads.

mod common;

use common::model::{indices, offset_of};
use ndview::{Error, NdArray, NdView, NdViewMut, Zip};
use proptest::prelude::*;

const CASES: u32 = if cfg!(miri) { 8 } else { 256 };

/// A random layout that fits a region: shape, strides (multiples of
/// `unit`), the offset of element zero and the region length needed.
fn layout_of(
    shape: Vec<usize>,
    unit: isize,
) -> impl Strategy<Value = (Vec<usize>, Vec<isize>, usize, usize)> {
    let nd = shape.len();
    (
        Just(shape),
        proptest::collection::vec(-6isize..=6, nd),
        0usize..3,
    )
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

fn shape(max_ndim: usize, max_len: usize) -> impl Strategy<Value = Vec<usize>> {
    (0..=max_ndim).prop_flat_map(move |nd| proptest::collection::vec(0..=max_len, nd))
}

/// A unique (writable) layout of `shape` over a C buffer: the axes
/// permuted by `perm_seed` and some of them reversed.
fn unique_layout(shape: &[usize], perm_seed: u64, flips: u64) -> (Vec<isize>, usize) {
    let nd = shape.len();
    let mut order: Vec<usize> = (0..nd).collect();
    let mut s = perm_seed;
    for i in (1..nd).rev() {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        order.swap(i, (s >> 33) as usize % (i + 1));
    }
    // Memory order: order[0] outermost.
    let mut strides = vec![0isize; nd];
    let mut step = 8isize;
    for &k in order.iter().rev() {
        strides[k] = step;
        step *= shape[k].max(1) as isize;
    }
    let mut offset = 0usize;
    for k in 0..nd {
        if flips >> k & 1 == 1 && shape[k] > 0 {
            offset += (shape[k] - 1) * strides[k] as usize;
            strides[k] = -strides[k];
        }
    }
    (strides, offset)
}

/// The index of `index` (of the zip's shape) in an operand broadcast from
/// `small` (NumPy's rules: aligned at the end, length-1 axes repeat).
fn broadcast_index(index: &[usize], small: &[usize]) -> Vec<usize> {
    let skip = index.len() - small.len();
    index[skip..]
        .iter()
        .zip(small)
        .map(|(&i, &n)| if n == 1 { 0 } else { i })
        .collect()
}

fn element<T: Copy>(data: &[T], strides: &[isize], offset: usize, index: &[usize]) -> T {
    data[(offset_of(strides, offset, index) / std::mem::size_of::<T>() as i128) as usize]
}

/// Shapes for a zip: the full shape, and a broadcastable one (leading
/// axes dropped, some axes set to 1).
fn zip_shapes() -> impl Strategy<Value = (Vec<usize>, Vec<usize>)> {
    shape(6, 4).prop_flat_map(|full| {
        let nd = full.len();
        (Just(full), 0..=nd, any::<u64>()).prop_map(|(full, keep, ones)| {
            let small: Vec<usize> = full[full.len() - keep..]
                .iter()
                .enumerate()
                .map(|(k, &n)| if ones >> k & 1 == 1 { 1 } else { n })
                .collect();
            (full, small)
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn zip_for_each_map_collect_and_fold_match_the_model(
        ((a_shape, a_strides, a_off, a_region), (b_shape, b_strides, b_off, b_region), perm, flips)
            in zip_shapes().prop_flat_map(|(full, small)| (layout_of(full, 8), layout_of(small, 8), any::<u64>(), any::<u64>()))
    ) {
        let a: Vec<i64> = (0..a_region as i64 / 8).map(|x| x * 7 - 40).collect();
        let b: Vec<i64> = (0..b_region as i64 / 8).map(|x| x * x - 3).collect();
        let av = NdView::<i64>::from_parts(bytemuck::cast_slice(&a), &a_shape, &a_strides, a_off).unwrap();
        let bv = NdView::<i64>::from_parts(bytemuck::cast_slice(&b), &b_shape, &b_strides, b_off).unwrap();
        let n: usize = a_shape.iter().product();
        let (o_strides, o_off) = unique_layout(&a_shape, perm, if n == 0 { 0 } else { flips });
        let mut out = vec![0i64; n.max(1)];
        {
            let mut ov = NdViewMut::<i64>::from_parts_mut(bytemuck::cast_slice_mut(&mut out), &a_shape, &o_strides, o_off).unwrap();
            Zip::from(&mut ov).and(&av).unwrap().and(&bv).unwrap().for_each(|o, &x, &y| *o = 3 * x + y);
        }
        let collected = Zip::from(&av).and(&bv).unwrap().map_collect(|&x, &y| x - 2 * y);
        prop_assert_eq!(collected.shape(), &a_shape[..]);
        let mut expected_collect = Vec::new();
        let mut order_free_sum = 0i64;
        for idx in indices(&a_shape) {
            let x = element(&a, &a_strides, a_off, &idx);
            let y = element(&b, &b_strides, b_off, &broadcast_index(&idx, &b_shape));
            prop_assert_eq!(element(&out, &o_strides, o_off, &idx), 3 * x + y, "at {:?}", idx);
            expected_collect.push(x - 2 * y);
            order_free_sum += x * y;
        }
        prop_assert_eq!(collected.into_vec(), expected_collect);
        let folded = Zip::from(&av).and(&bv).unwrap().fold(0i64, |acc, &x, &y| acc + x * y);
        prop_assert_eq!(folded, order_free_sum);
        // Each element is visited exactly once.
        let visits = Zip::from(&av).fold(0usize, |n, _| n + 1);
        prop_assert_eq!(visits, n);
    }

    #[test]
    fn axis_reductions_match_the_model(
        ((shape, strides, offset, region), axis_seed, axes_mask)
            in shape(5, 4).prop_flat_map(|s| (layout_of(s, 8), any::<usize>(), any::<u8>()))
    ) {
        let data: Vec<i64> = (0..region as i64 / 8).map(|x| (x * 37 % 101) - 50).collect();
        let v = NdView::<i64>::from_parts(bytemuck::cast_slice(&data), &shape, &strides, offset).unwrap();
        let nd = shape.len();
        let invalid = matches!(v.sum_axis(nd), Err(Error::InvalidAxis { .. }));
        prop_assert!(invalid);
        if nd == 0 {
            return Ok(());
        }
        let axis = axis_seed % nd;
        let out_shape: Vec<usize> = shape.iter().enumerate().filter(|&(k, _)| k != axis).map(|(_, &n)| n).collect();
        let mut sums = Vec::new();
        let mut mins = Vec::new();
        let mut folds = Vec::new();
        for idx in indices(&out_shape) {
            let lane: Vec<i64> = (0..shape[axis]).map(|i| {
                let mut full = idx.clone();
                full.insert(axis, i);
                element(&data, &strides, offset, &full)
            }).collect();
            sums.push(lane.iter().sum::<i64>());
            mins.push(lane.iter().copied().min());
            folds.push(lane.iter().fold(1i64, |acc, &x| acc.wrapping_mul(3).wrapping_add(x)));
        }
        let s = v.sum_axis(axis).unwrap();
        prop_assert_eq!(s.shape(), &out_shape[..]);
        prop_assert_eq!(s.into_vec(), sums.clone());
        let f = v.fold_axis(axis, 1i64, |acc, &x| acc.wrapping_mul(3).wrapping_add(x)).unwrap();
        prop_assert_eq!(f.into_vec(), folds);
        let lens_nonzero = shape[axis] > 0;
        match v.min_axis(axis) {
            Ok(m) => {
                prop_assert!(lens_nonzero || out_shape.iter().product::<usize>() == 0);
                let expect: Vec<i64> = mins.iter().map(|m| m.unwrap()).collect();
                prop_assert_eq!(m.into_vec(), expect);
                let mx = v.max_axis(axis).unwrap();
                prop_assert_eq!(mx.len(), out_shape.iter().product::<usize>());
            }
            Err(e) => {
                let invalid = matches!(e, Error::InvalidAxis { .. });
                prop_assert!(invalid);
                prop_assert!(!lens_nonzero);
            }
        }
        // Several axes at once: the model sums over every reduced axis.
        let axes: Vec<usize> = (0..nd).filter(|k| axes_mask >> k & 1 == 1).collect();
        let kept: Vec<usize> = (0..nd).filter(|k| !axes.contains(k)).collect();
        let kept_shape: Vec<usize> = kept.iter().map(|&k| shape[k]).collect();
        let mut expect = vec![0i64; kept_shape.iter().product()];
        for idx in indices(&shape) {
            let flat = kept.iter().fold(0usize, |acc, &k| acc * shape[k] + idx[k]);
            expect[flat] += element(&data, &strides, offset, &idx);
        }
        prop_assert_eq!(v.sum_axes(&axes).unwrap().into_vec(), expect);
    }

    #[test]
    fn float_axis_sums_are_close_and_reproducible(
        ((shape, strides, offset, region), axis_seed)
            in shape(4, 6).prop_flat_map(|s| (layout_of(s, 8), any::<usize>()))
    ) {
        prop_assume!(!shape.is_empty());
        let data: Vec<f64> = (0..region / 8).map(|x| (x as f64 * 0.7).sin() * 1e3).collect();
        let v = NdView::<f64>::from_parts(bytemuck::cast_slice(&data), &shape, &strides, offset).unwrap();
        let axis = axis_seed % shape.len();
        let s = v.sum_axis(axis).unwrap();
        let again = v.sum_axis(axis).unwrap();
        let bits = |a: &NdArray<f64>| a.as_slice().iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        prop_assert_eq!(bits(&s), bits(&again));
        let out_shape: Vec<usize> = shape.iter().enumerate().filter(|&(k, _)| k != axis).map(|(_, &n)| n).collect();
        for (j, idx) in indices(&out_shape).iter().enumerate() {
            let expect: f64 = (0..shape[axis]).map(|i| {
                let mut full = idx.clone();
                full.insert(axis, i);
                element(&data, &strides, offset, &full)
            }).sum();
            prop_assert!((s.as_slice()[j] - expect).abs() <= 1e-9 * (1.0 + expect.abs()));
        }
        if shape[axis] > 0 {
            let m = v.mean_axis(axis).unwrap();
            for (mean, sum) in m.as_slice().iter().zip(s.as_slice()) {
                prop_assert_eq!(mean.to_bits(), (sum / shape[axis] as f64).to_bits());
            }
        }
    }
}

#[test]
fn zip_errors_and_written_operands() {
    let a = [1.0f64; 6];
    let av = NdView::from_slice(&a, &[2, 3]).unwrap();
    let short = NdView::from_slice(&a[..2], &[2]).unwrap();
    assert!(matches!(
        Zip::from(&av).and(&short),
        Err(Error::ShapeMismatch { .. })
    ));
    // A written later operand is never broadcast.
    let mut w = [0.0f64; 3];
    let mut wv = NdViewMut::from_slice_mut(&mut w, &[3]).unwrap();
    assert!(matches!(
        Zip::from(&av).and(&mut wv),
        Err(Error::ShapeMismatch { .. })
    ));
    // Two written operands of the zip's shape.
    let mut x = [0i32; 4];
    let mut y = [0i32; 4];
    let mut xv = NdViewMut::from_slice_mut(&mut x, &[2, 2]).unwrap();
    let mut yv = NdViewMut::from_slice_mut(&mut y, &[2, 2]).unwrap();
    let t = [1, 2, 3, 4];
    let tv = NdView::from_slice(&t, &[2, 2]).unwrap().transpose();
    Zip::from(&mut xv)
        .and(&mut yv)
        .unwrap()
        .and(&tv)
        .unwrap()
        .for_each(|p, q, &s| {
            *p = s;
            *q = -s;
        });
    assert_eq!((x, y), ([1, 3, 2, 4], [-1, -3, -2, -4]));
    // Six operands.
    let z = [1u8, 2];
    let zv = NdView::from_slice(&z, &[2]).unwrap();
    let mut o = NdArray::<u8>::zeros(&[2]);
    Zip::from(&mut o)
        .and(&zv)
        .unwrap()
        .and(&zv)
        .unwrap()
        .and(&zv)
        .unwrap()
        .and(&zv)
        .unwrap()
        .and(&zv)
        .unwrap()
        .for_each(|o, &a, &b, &c, &d, &e| *o = a + b + c + d + e);
    assert_eq!(o.into_vec(), [5, 10]);
    // A 0-d zip is one element.
    let s = [7i16];
    let sv = NdView::from_slice(&s, &[]).unwrap();
    assert_eq!(Zip::from(&sv).map_collect(|&x| x * 2).into_vec(), [14]);
}

#[test]
fn blocked_transposed_operand_matches() {
    // Large enough to take the cache-blocked walk (both axes ≥ 2 blocks;
    // the blocks are smaller under Miri).
    let sizes: &[(usize, usize)] = if cfg!(miri) {
        &[(12, 10), (9, 17)]
    } else {
        &[(140, 150), (128, 128), (257, 130), (70, 90)]
    };
    for &(m, n) in sizes {
        let a: Vec<f64> = (0..m * n).map(|x| x as f64).collect();
        let b: Vec<f64> = (0..m * n).map(|x| (x * 3) as f64).collect();
        let av = NdView::from_slice(&a, &[m, n]).unwrap();
        let bt = NdView::from_slice(&b, &[n, m]).unwrap().transpose();
        let mut out = NdArray::<f64>::zeros(&[m, n]);
        Zip::from(&mut out)
            .and(&av)
            .unwrap()
            .and(&bt)
            .unwrap()
            .for_each(|o, &x, &y| *o = x + y);
        let collected = Zip::from(&av).and(&bt).unwrap().map_collect(|&x, &y| x + y);
        for i in 0..m {
            for j in 0..n {
                let expect = a[i * n + j] + b[j * m + i];
                assert_eq!(out.view()[[i, j]], expect);
                assert_eq!(collected.view()[[i, j]], expect);
            }
        }
    }
}

#[test]
fn leading_axis_sums_into_a_long_output_row_are_blocked_and_exact() {
    // An output row of 320 KB (more than L2): the blocked accumulation.
    // Each output element is still a left-to-right sum along the axis.
    let (a, b, c) = if cfg!(miri) {
        (3, 2, 9)
    } else {
        (5, 2, 20_000)
    };
    let data: Vec<f64> = (0..a * b * c).map(|x| (x as f64 * 0.31).sin()).collect();
    let v = NdView::from_slice(&data, &[a, b, c]).unwrap();
    let s = v.sum_axis(0).unwrap();
    let f = v.fold_axis(0, 0.0f64, |acc, &x| acc + x).unwrap();
    for j in 0..b * c {
        let expect = (0..a).fold(0.0f64, |acc, i| acc + data[i * b * c + j]);
        assert_eq!(s.as_slice()[j].to_bits(), expect.to_bits());
        assert_eq!(f.as_slice()[j].to_bits(), expect.to_bits());
    }
    let m = v.max_axis(0).unwrap();
    for j in 0..b * c {
        let expect = (0..a).map(|i| data[i * b * c + j]).fold(f64::MIN, f64::max);
        assert_eq!(m.as_slice()[j], expect);
    }
}

#[test]
fn rows_columns_and_element_strides() {
    let d: Vec<u32> = (0..24).collect();
    let v = NdView::from_slice(&d, &[2, 3, 4]).unwrap();
    assert!(matches!(v.row(0), Err(Error::InvalidAxis { .. })));
    let m = v.index_axis(0, 1).unwrap();
    assert_eq!(m.row(2).unwrap().to_vec(), [20, 21, 22, 23]);
    assert!(matches!(m.column(4), Err(Error::IndexOutOfBounds { .. })));
    assert!(matches!(
        m.row(usize::MAX),
        Err(Error::IndexOutOfBounds { .. })
    ));
    assert_eq!(&v.element_strides().unwrap()[..], &[12, 4, 1]);
    let bytes: &[u8] = bytemuck::cast_slice(&d);
    let odd = NdView::<u8>::from_parts(bytes, &[3], &[5], 0).unwrap();
    assert_eq!(&odd.element_strides().unwrap()[..], &[5]);
    let raw =
        ndview::RawView::from_parts(bytes, ndview::Format::parse("<u4").unwrap(), &[3], &[6], 0)
            .unwrap();
    assert_eq!(raw.element_strides(), None);
    let mut w = vec![0i32; 6];
    let mut mv = NdViewMut::from_slice_mut(&mut w, &[2, 3]).unwrap();
    for j in 0..3 {
        mv.column_mut(j).unwrap().fill(j as i32);
    }
    mv.row_mut(1).unwrap().map_inplace(|x| *x += 10);
    assert_eq!(mv.sum(), 3 + 33);
    assert_eq!(mv.sum_axis(0).unwrap().into_vec(), [10, 12, 14]);
    assert_eq!(w, [0, 1, 2, 10, 11, 12]);
}

#[test]
fn min_max_along_an_empty_axis() {
    let d = [0.0f64; 0];
    let v = NdView::from_slice(&d, &[0, 3]).unwrap();
    assert!(matches!(v.min_axis(0), Err(Error::InvalidAxis { .. })));
    assert_eq!(v.max_axis(1).unwrap().shape(), &[0]);
    assert_eq!(v.sum_axis(0).unwrap().into_vec(), [0.0; 3]);
    assert!(matches!(v.mean_axis(0), Err(Error::InvalidAxis { .. })));
    let nan = [1.0, f64::NAN, 3.0, 0.5];
    let nv = NdView::from_slice(&nan, &[2, 2]).unwrap();
    let m = nv.min_axis(0).unwrap();
    assert_eq!(m.as_slice()[0], 1.0);
    assert!(m.as_slice()[1].is_nan());
    assert!(nv.max_axis(1).unwrap().as_slice()[0].is_nan());
}

#[cfg(feature = "rayon")]
mod parallel {
    use super::*;

    fn pools() -> Vec<rayon::ThreadPool> {
        // Under Miri every thread is interpreted: two pools show the
        // split tree does not depend on the thread count.
        let sizes: &[usize] = if cfg!(miri) { &[1, 3] } else { &[1, 2, 3, 8] };
        sizes
            .iter()
            .map(|&n| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .unwrap()
            })
            .collect()
    }

    /// Enough elements that the splits happen (Miri: the threshold is
    /// smaller there, so a few hundred suffice).
    const ROWS: usize = if cfg!(miri) { 24 } else { 700 };
    const COLS: usize = if cfg!(miri) { 10 } else { 130 };

    #[test]
    fn parallel_equals_serial_bit_for_bit_on_any_pool() {
        let data: Vec<f64> = (0..ROWS * COLS * 2)
            .map(|x| (x as f64 * 0.37).sin() * 1e3)
            .collect();
        let full = NdView::from_slice(&data, &[2 * ROWS, COLS]).unwrap();
        let views = [
            full.clone(),
            full.transpose(),
            full.slice(&"::-1, 1::2".parse().unwrap()).unwrap(),
            full.reshape(&[2, ROWS, COLS], ndview::Order::C)
                .unwrap()
                .permute_axes(&[2, 0, 1])
                .unwrap(),
        ];
        for v in &views {
            let serial_sum = v.sum().to_bits();
            let axes: Vec<NdArray<f64>> = (0..v.ndim()).map(|k| v.sum_axis(k).unwrap()).collect();
            let owned = v.to_owned();
            let mapped = Zip::from(v).map_collect(|&x| x.exp().ln_1p());
            for pool in pools() {
                pool.install(|| {
                    assert_eq!(v.par_sum().to_bits(), serial_sum);
                    assert_eq!(v.par_min(), v.min());
                    assert_eq!(v.par_max(), v.max());
                    for (k, s) in axes.iter().enumerate() {
                        let p = v.par_sum_axis(k).unwrap();
                        let same = p
                            .as_slice()
                            .iter()
                            .zip(s.as_slice())
                            .all(|(a, b)| a.to_bits() == b.to_bits());
                        assert!(same, "par_sum_axis({k}) differs");
                    }
                    assert_eq!(v.par_to_owned(), owned);
                    assert_eq!(Zip::from(v).par_map_collect(|&x| x.exp().ln_1p()), mapped);
                    let mut out = NdArray::<f64>::zeros(v.shape());
                    Zip::from(&mut out)
                        .and(v)
                        .unwrap()
                        .par_for_each(|o, &x| *o = x.exp().ln_1p());
                    assert_eq!(out, mapped);
                });
            }
        }
    }

    #[test]
    fn parallel_astype_equals_astype_on_any_pool() {
        use ndview::{Casting, Format, RawView};
        let n = ROWS * COLS;
        let bytes: Vec<u8> = (0..n as u32)
            .flat_map(|x| x.wrapping_mul(2654435761).to_be_bytes())
            .collect();
        let raw = RawView::new(&bytes, Format::parse(">u4").unwrap(), &[ROWS, COLS]).unwrap();
        let views = [
            raw.clone(),
            raw.transpose(),
            raw.slice(&"::-1, 1::3".parse().unwrap()).unwrap(),
        ];
        for v in &views {
            let serial = v.astype::<f64>(Casting::Safe).unwrap();
            let narrowed = v.astype::<u16>(Casting::Unsafe).unwrap();
            for pool in pools() {
                pool.install(|| {
                    assert_eq!(v.par_astype::<f64>(Casting::Safe).unwrap(), serial);
                    assert_eq!(v.par_astype::<u16>(Casting::Unsafe).unwrap(), narrowed);
                    assert_eq!(
                        v.par_astype::<u16>(Casting::SameValue),
                        v.astype::<u16>(Casting::SameValue)
                    );
                    assert_eq!(
                        v.par_astype::<u16>(Casting::Safe),
                        v.astype::<u16>(Casting::Safe)
                    );
                });
            }
        }
    }

    #[test]
    fn parallel_writes_through_a_transposed_output() {
        let data: Vec<u32> = (0..(ROWS * COLS) as u32).collect();
        let src = NdView::from_slice(&data, &[ROWS, COLS]).unwrap();
        let mut out = vec![0u32; ROWS * COLS];
        let mut ov = NdViewMut::from_slice_mut(&mut out, &[COLS, ROWS])
            .unwrap()
            .transpose();
        for pool in pools() {
            pool.install(|| {
                Zip::from(&mut ov)
                    .and(&src)
                    .unwrap()
                    .par_for_each(|o, &x| *o = x + 1);
            });
        }
        for i in 0..ROWS {
            for j in 0..COLS {
                assert_eq!(out[j * ROWS + i], data[i * COLS + j] + 1);
            }
        }
    }
}
