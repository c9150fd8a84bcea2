//! The mutable sub-view iterators (`lanes_mut`, `outer_iter_mut`) next to
//! their peers in the same run: `ndarray`'s `lanes_mut` / `outer_iter_mut`
//! and a hand loop over `chunks_exact_mut`. Each lane is scaled in place;
//! the interesting number is the cost per lane (short rows) compared with
//! the cost per element (long rows).
//!
//! `cargo bench --bench iter_mut -- --measurement-time 2 --warm-up-time 1 <filter>`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use ndview::NdArray;

/// (rows, columns): 1 Mi elements as many short rows or fewer long ones.
const SHAPES: [(usize, usize); 2] = [(1 << 17, 8), (1 << 10, 1 << 10)];

fn lanes(c: &mut Criterion) {
    let mut g = c.benchmark_group("lanes_mut_scale_rows");
    g.sample_size(10);
    for (rows, cols) in SHAPES {
        let id = format!("{rows}x{cols}");
        let mut a = NdArray::<f64>::zeros(&[rows, cols]);
        let mut b = ndarray::Array2::<f64>::zeros((rows, cols));
        let mut h = vec![0.0f64; rows * cols];
        g.bench_function(BenchmarkId::new("ndview", &id), |bench| {
            bench.iter(|| {
                let mut v = a.view_mut();
                for mut row in v.lanes_mut(1).unwrap() {
                    row.map_inplace(|x| *x = *x * 0.5 + 1.0);
                }
                black_box(&mut v);
            })
        });
        // The iterator alone: what a lane costs before any work on it.
        g.bench_function(BenchmarkId::new("ndview_lanes_only", &id), |bench| {
            bench.iter(|| {
                let mut v = a.view_mut();
                for row in v.lanes_mut(1).unwrap() {
                    black_box(row);
                }
            })
        });
        g.bench_function(BenchmarkId::new("ndarray", &id), |bench| {
            bench.iter(|| {
                for mut row in b.lanes_mut(ndarray::Axis(1)) {
                    row.map_inplace(|x| *x = *x * 0.5 + 1.0);
                }
                black_box(&mut b);
            })
        });
        g.bench_function(BenchmarkId::new("hand_loop", &id), |bench| {
            bench.iter(|| {
                for row in h.chunks_exact_mut(cols) {
                    row.iter_mut().for_each(|x| *x = *x * 0.5 + 1.0);
                }
                black_box(&mut h);
            })
        });
    }
    g.finish();
}

fn outer(c: &mut Criterion) {
    let mut g = c.benchmark_group("outer_iter_mut_fill");
    g.sample_size(10);
    let shape = [256usize, 64, 64];
    let mut a = NdArray::<f64>::zeros(&shape);
    let mut b = ndarray::Array3::<f64>::zeros((256, 64, 64));
    g.bench_function("ndview", |bench| {
        bench.iter(|| {
            let mut v = a.view_mut();
            for (i, mut plane) in v.outer_iter_mut().unwrap().enumerate() {
                plane.fill(i as f64);
            }
            black_box(&mut v);
        })
    });
    g.bench_function("ndarray", |bench| {
        bench.iter(|| {
            for (i, mut plane) in b.outer_iter_mut().enumerate() {
                plane.fill(i as f64);
            }
            black_box(&mut b);
        })
    });
    g.finish();
}

criterion_group!(benches, lanes, outer);
criterion_main!(benches);
