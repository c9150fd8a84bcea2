//! ndview side by side with `ndarray` on the same data, in the same run.
//!
//! `cargo bench --bench compare` runs every case; `bash benches/report.sh`
//! turns the results into the table of `docs/performance.md` (with a NumPy
//! column when `numpy` is importable). Every case is f64 and large enough
//! to leave the caches (2048×2048 and more), except the slicing case, which
//! measures one O(ndim) view operation.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ndarray::{s, ArrayView, ArrayViewMut, IxDyn};
use ndview::{Index, NdView, Order};

/// One case: a name, the base array's shape, how to view it with ndview (an
/// index string and an optional permutation) and the same with ndarray.
struct Case {
    name: &'static str,
    shape: &'static [usize],
    index: &'static str,
    permute: Option<&'static [usize]>,
}

const CASES: &[Case] = &[
    Case {
        name: "contiguous",
        shape: &[2048, 2048],
        index: "",
        permute: None,
    },
    Case {
        name: "transposed",
        shape: &[2048, 2048],
        index: "",
        permute: Some(&[1, 0]),
    },
    Case {
        name: "every_other_column",
        shape: &[2048, 4096],
        index: ":, ::2",
        permute: None,
    },
    Case {
        name: "reversed_both",
        shape: &[2048, 2048],
        index: "::-1, ::-1",
        permute: None,
    },
    Case {
        name: "column_block",
        shape: &[2048, 4096],
        index: ":, 100:1124",
        permute: None,
    },
    Case {
        name: "permuted_3d",
        shape: &[64, 256, 256],
        index: "",
        permute: Some(&[2, 0, 1]),
    },
];

fn data(len: usize) -> Vec<f64> {
    (0..len).map(|i| (i % 1000) as f64 * 0.5).collect()
}

fn ndview_case<'a>(base: &'a [f64], case: &Case) -> NdView<'a, f64> {
    let v = NdView::from_slice(base, case.shape).unwrap();
    let v = v.slice(&case.index.parse::<Index>().unwrap()).unwrap();
    match case.permute {
        Some(p) => v.permute_axes(p).unwrap(),
        None => v,
    }
}

fn ndarray_case<'a>(base: &'a [f64], case: &Case) -> ArrayView<'a, f64, IxDyn> {
    let a = ArrayView::from_shape(IxDyn(case.shape), base).unwrap();
    let a = match case.name {
        "every_other_column" => a.slice_move(s![.., ..;2]).into_dyn(),
        "reversed_both" => a.slice_move(s![..;-1, ..;-1]).into_dyn(),
        "column_block" => a.slice_move(s![.., 100..1124]).into_dyn(),
        _ => a,
    };
    match case.permute {
        Some(p) => a.permuted_axes(IxDyn(p)),
        None => a,
    }
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20)
}

fn sums(c: &mut Criterion) {
    let mut g = c.benchmark_group("sum");
    for case in CASES {
        let base = data(case.shape.iter().product());
        let v = ndview_case(&base, case);
        let a = ndarray_case(&base, case);
        assert_eq!(v.shape(), a.shape());
        assert_eq!(
            v.sum(),
            a.sum(),
            "{}: both sum the same elements",
            case.name
        );
        g.throughput(Throughput::Bytes((v.len() * 8) as u64));
        g.bench_with_input(BenchmarkId::new("ndview", case.name), &v, |b, v| {
            b.iter(|| black_box(v).sum())
        });
        g.bench_with_input(BenchmarkId::new("ndarray", case.name), &a, |b, a| {
            b.iter(|| black_box(a).sum())
        });
    }
    g.finish();
}

fn copy_out(c: &mut Criterion) {
    let mut g = c.benchmark_group("to_vec");
    for case in CASES {
        let base = data(case.shape.iter().product());
        let v = ndview_case(&base, case);
        let a = ndarray_case(&base, case);
        assert_eq!(
            v.to_vec(),
            a.as_standard_layout()
                .into_owned()
                .into_raw_vec_and_offset()
                .0,
            "{}: both copy the same elements in C order",
            case.name
        );
        g.throughput(Throughput::Bytes((v.len() * 8) as u64));
        g.bench_with_input(BenchmarkId::new("ndview", case.name), &v, |b, v| {
            b.iter(|| black_box(v).to_vec())
        });
        g.bench_with_input(BenchmarkId::new("ndarray", case.name), &a, |b, a| {
            b.iter(|| black_box(a).as_standard_layout().into_owned())
        });
    }
    // The ceiling: one memcpy of the same bytes.
    let base = data(2048 * 2048);
    g.throughput(Throughput::Bytes((base.len() * 8) as u64));
    g.bench_function(BenchmarkId::new("memcpy", "contiguous"), |b| {
        b.iter(|| black_box(&base).to_vec())
    });
    g.finish();
}

/// Copy-out into a preallocated C-order buffer: the kernel alone, without
/// the page faults of a fresh 32 MiB allocation (which dominate `to_vec`).
fn copy_into(c: &mut Criterion) {
    let mut g = c.benchmark_group("copy_into");
    for case in CASES {
        let base = data(case.shape.iter().product());
        let v = ndview_case(&base, case);
        let a = ndarray_case(&base, case);
        let mut out = vec![0.0; v.len()];
        v.copy_to_slice(&mut out, Order::C).unwrap();
        assert_eq!(out, v.to_vec());
        g.throughput(Throughput::Bytes((v.len() * 8) as u64));
        g.bench_function(BenchmarkId::new("ndview", case.name), |b| {
            b.iter(|| {
                black_box(&v)
                    .copy_to_slice(black_box(&mut out), Order::C)
                    .unwrap()
            })
        });
        g.bench_function(BenchmarkId::new("ndarray", case.name), |b| {
            b.iter(|| {
                let mut dst = ArrayViewMut::from_shape(IxDyn(a.shape()), &mut out[..]).unwrap();
                dst.assign(black_box(&a));
            })
        });
    }
    let base = data(2048 * 2048);
    let mut out = vec![0.0; base.len()];
    g.throughput(Throughput::Bytes((base.len() * 8) as u64));
    g.bench_function(BenchmarkId::new("memcpy", "contiguous"), |b| {
        b.iter(|| black_box(&mut out[..]).copy_from_slice(black_box(&base)))
    });
    g.finish();
}

fn slicing(c: &mut Criterion) {
    let mut g = c.benchmark_group("slice_rank4");
    let base = data(8 * 8 * 8 * 8);
    let v = NdView::from_slice(&base, &[8, 8, 8, 8]).unwrap();
    let index: Index = "1:7:2, ::-1, 3, None, :".parse().unwrap();
    let a = ArrayView::from_shape(IxDyn(&[8, 8, 8, 8]), &base[..]).unwrap();
    let sliced = a.slice(s![1..7;2, ..;-1, 3, ndarray::NewAxis, ..]);
    let ours = v.slice(&index).unwrap();
    assert_eq!(ours.shape(), sliced.shape());
    assert_eq!(ours.to_vec(), sliced.iter().copied().collect::<Vec<_>>());
    g.bench_function("ndview", |b| {
        b.iter(|| black_box(&v).slice(black_box(&index)).unwrap())
    });
    // The same index built by `ndview::s!` inside the loop, as ndarray's is.
    let built = ndview::s![1..7;2, ..;-1, 3, NewAxis, :];
    assert_eq!(v.slice(&built).unwrap().to_vec(), ours.to_vec());
    g.bench_function("ndview_s_macro", |b| {
        b.iter(|| {
            black_box(&v)
                .slice(black_box(&ndview::s![1..7;2, ..;-1, 3, NewAxis, :]))
                .unwrap()
        })
    });
    g.bench_function("ndarray", |b| {
        b.iter(|| black_box(&a).slice(s![1..7;2, ..;-1, 3, ndarray::NewAxis, ..]))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = sums, copy_out, copy_into, slicing
}
criterion_main!(benches);
