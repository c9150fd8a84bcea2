//! The compute kernels (issue "Compute kernels on one plan") next to their
//! peers in the same run: `ndarray`'s `Zip` and `sum_axis`, a hand-written
//! slice loop, the whole-view `sum`, and 1 vs 2 rayon threads.
//!
//! `cargo bench --bench compute -- --measurement-time 2 --warm-up-time 1 <filter>`;
//! NumPy's numbers for the same cases: `python3 benches/numpy_cases.py compute`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use ndarray::{Array, ArrayView, Axis, IxDyn};
use ndview::{NdArray, NdView, Zip};

const N: usize = 4096;

fn data(len: usize) -> Vec<f64> {
    (0..len).map(|i| (i % 1000) as f64 * 0.5).collect()
}

fn nd(v: &[f64], shape: &[usize]) -> ArrayView<'static, f64, IxDyn> {
    // The benchmark data lives for the whole run.
    let v: &'static [f64] = Box::leak(v.to_vec().into_boxed_slice());
    ArrayView::from_shape(IxDyn(shape), v).unwrap()
}

fn zips(c: &mut Criterion) {
    let a = data(N * N);
    let b = data(N * N);
    let row: Vec<f64> = (0..N).map(|i| i as f64).collect();
    let av = NdView::from_slice(&a, &[N, N]).unwrap();
    let bv = NdView::from_slice(&b, &[N, N]).unwrap();
    let rv = NdView::from_slice(&row, &[N]).unwrap();
    let mut out = NdArray::<f64>::zeros(&[N, N]);
    let a2 = ndarray::ArrayView2::from_shape((N, N), &a).unwrap();
    let b2 = ndarray::ArrayView2::from_shape((N, N), &b).unwrap();
    let r1 = ndarray::ArrayView1::from_shape(N, &row).unwrap();
    let mut out2 = ndarray::Array2::<f64>::zeros((N, N));

    let mut g = c.benchmark_group("zip");
    g.sample_size(10);
    g.bench_function("add_row/ndview", |bch| {
        bch.iter(|| {
            Zip::from(&mut out.view_mut())
                .and(&av)
                .unwrap()
                .and(&rv)
                .unwrap()
                .for_each(|o, &x, &y| *o = x + y)
        })
    });
    g.bench_function("add_row/ndarray", |bch| {
        bch.iter(|| {
            ndarray::Zip::from(&mut out2)
                .and(&a2)
                .and_broadcast(&r1)
                .for_each(|o, &x, &y| *o = x + y)
        })
    });
    let bt = bv.transpose();
    let b2t = b2.t();
    g.bench_function("add_transposed/ndview", |bch| {
        bch.iter(|| {
            Zip::from(&mut out.view_mut())
                .and(&av)
                .unwrap()
                .and(&bt)
                .unwrap()
                .for_each(|o, &x, &y| *o = x + y)
        })
    });
    g.bench_function("add_transposed/ndarray", |bch| {
        bch.iter(|| {
            ndarray::Zip::from(&mut out2)
                .and(&a2)
                .and(&b2t)
                .for_each(|o, &x, &y| *o = x + y)
        })
    });
    g.bench_function("add_contiguous/ndview", |bch| {
        bch.iter(|| {
            Zip::from(&mut out.view_mut())
                .and(&av)
                .unwrap()
                .and(&bv)
                .unwrap()
                .for_each(|o, &x, &y| *o = x + y)
        })
    });
    g.bench_function("add_contiguous/hand_loop", |bch| {
        bch.iter(|| {
            let o = out.as_mut_slice();
            for ((o, &x), &y) in o.iter_mut().zip(&a).zip(&b) {
                *o = x + y;
            }
            black_box(&o[0]);
        })
    });
    g.bench_function("add_contiguous/ndarray", |bch| {
        bch.iter(|| {
            ndarray::Zip::from(&mut out2)
                .and(&a2)
                .and(&b2)
                .for_each(|o, &x, &y| *o = x + y)
        })
    });
    g.finish();
}

fn axis_sums(c: &mut Criterion) {
    let mut g = c.benchmark_group("sum_axis");
    g.sample_size(10);
    let cases: [(&str, Vec<usize>); 3] = [
        ("4096x4096", vec![N, N]),
        ("200x300x350", vec![200, 300, 350]),
        // ndarray#1058 (500, 600, 700), scaled to a fifth of the rows.
        ("100x600x700", vec![100, 600, 700]),
    ];
    for (name, shape) in cases {
        let len = shape.iter().product();
        let a = data(len);
        let v = NdView::from_slice(&a, &shape).unwrap();
        let na = nd(&a, &shape);
        g.bench_function(BenchmarkId::new(name, "whole_sum"), |bch| {
            bch.iter(|| black_box(v.sum()))
        });
        for k in 0..shape.len() {
            if name == "100x600x700" && k + 1 != shape.len() {
                continue;
            }
            g.bench_function(BenchmarkId::new(name, format!("axis{k}/ndview")), |bch| {
                bch.iter(|| black_box(v.sum_axis(k).unwrap()))
            });
            g.bench_function(BenchmarkId::new(name, format!("axis{k}/ndarray")), |bch| {
                bch.iter(|| black_box(na.sum_axis(Axis(k))))
            });
        }
    }
    g.finish();
}

fn threads(c: &mut Criterion) {
    let mut g = c.benchmark_group("threads");
    g.sample_size(10);
    let a = data(2048 * 2048);
    let v = NdView::from_slice(&a, &[2048, 2048]).unwrap();
    let small = NdView::from_slice(&a[..4096], &[64, 64]).unwrap();
    let mut out = NdArray::<f64>::zeros(&[2048, 2048]);
    for threads in [1usize, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        g.bench_function(BenchmarkId::new("exp_map", threads), |bch| {
            bch.iter(|| {
                pool.install(|| {
                    Zip::from(&mut out.view_mut())
                        .and(&v)
                        .unwrap()
                        .par_for_each(|o, &x| *o = (x * 1e-3).exp())
                })
            })
        });
        g.bench_function(BenchmarkId::new("par_sum", threads), |bch| {
            bch.iter(|| pool.install(|| black_box(v.par_sum())))
        });
    }
    g.bench_function("exp_map/serial", |bch| {
        bch.iter(|| {
            Zip::from(&mut out.view_mut())
                .and(&v)
                .unwrap()
                .for_each(|o, &x| *o = (x * 1e-3).exp())
        })
    });
    g.bench_function("sum/serial", |bch| bch.iter(|| black_box(v.sum())));
    // Below the threshold `par_sum` never enters the pool (measured from
    // the calling thread: `install` alone costs more than this sum).
    g.bench_function("par_sum_small/global_pool", |bch| {
        bch.iter(|| black_box(small.par_sum()))
    });
    g.bench_function("sum_small/serial", |bch| {
        bch.iter(|| black_box(small.sum()))
    });
    // ndarray's answer for the memory-bound sum, for scale.
    let na: Array<f64, _> = ndarray::Array::from_shape_vec((2048, 2048), a.clone()).unwrap();
    g.bench_function("sum/ndarray", |bch| bch.iter(|| black_box(na.sum())));
    g.finish();
}

criterion_group!(benches, zips, axis_sums, threads);
criterion_main!(benches);
