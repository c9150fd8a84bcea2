//! Conversion side by side with its peers, in the same run: `astype` against
//! a `memcpy` of the output bytes (`<[f64]>::to_vec`, allocation included,
//! as `astype` allocates), `u16 → f32` against ndarray's `mapv`, `f16 → f32`
//! against a hand loop over `half`'s slice conversion, and `sum_as` of a
//! packed record field against a hand loop over the bytes. NumPy's times
//! for the same cases come from `benches/numpy_convert.py`.
//!
//! Needs feature `half`:
//! `cargo bench --bench convert --features half -- --measurement-time 2 --warm-up-time 1`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ndview::{Casting, Format, RawView};

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(10)
}

/// `n` f64 values (`(i % 1000) * 0.5`) as bytes in the given order.
fn doubles(n: usize, big: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 * n);
    for i in 0..n {
        let x = (i % 1000) as f64 * 0.5;
        out.extend(if big {
            x.to_be_bytes()
        } else {
            x.to_le_bytes()
        });
    }
    out
}

fn astype_f8(c: &mut Criterion) {
    let (rows, cols) = (2000, 5000);
    let n = rows * cols;
    let mut g = c.benchmark_group("astype");
    g.throughput(Throughput::Bytes((8 * n) as u64));
    let be = doubles(n, true);
    let le = doubles(n, false);
    let be_view = RawView::new(&be, Format::parse(">f8").unwrap(), &[rows, cols]).unwrap();
    let le_view = RawView::new(&le, Format::parse("<f8").unwrap(), &[rows, cols]).unwrap();
    let native: Vec<f64> = (0..n).map(|i| (i % 1000) as f64 * 0.5).collect();
    g.bench_function(">f8->f64 C", |b| {
        b.iter(|| black_box(be_view.astype::<f64>(Casting::Equiv).unwrap()))
    });
    g.bench_function(">f8->f64 transposed", |b| {
        let t = be_view.transpose();
        b.iter(|| black_box(t.astype::<f64>(Casting::Equiv).unwrap()))
    });
    g.bench_function("<f8->f32 C", |b| {
        b.iter(|| black_box(le_view.astype::<f32>(Casting::SameKind).unwrap()))
    });
    g.bench_function("<f8->f32 transposed", |b| {
        let t = le_view.transpose();
        b.iter(|| black_box(t.astype::<f32>(Casting::SameKind).unwrap()))
    });
    // The peers: a memcpy of the output bytes, with its allocation.
    g.bench_function("memcpy f64 output (to_vec)", |b| {
        b.iter(|| black_box(native.to_vec()))
    });
    let halfsize: Vec<f32> = native.iter().map(|&x| x as f32).collect();
    g.bench_function("memcpy f32 output (to_vec)", |b| {
        b.iter(|| black_box(halfsize.to_vec()))
    });
    g.finish();
}

fn u16_image(c: &mut Criterion) {
    let mut g = c.benchmark_group("u16->f32");
    // A 64×64 window of a 72-wide image (padded rows), and a 4096² image.
    for (name, rows, cols, pitch) in [("64x64 padded", 64, 64, 72), ("4096^2", 4096, 4096, 4096)] {
        let data: Vec<u16> = (0..rows * pitch).map(|i| (i % 65521) as u16).collect();
        let bytes: &[u8] = bytemuck::cast_slice(&data);
        let raw = RawView::from_parts(
            bytes,
            Format::of::<u16>(),
            &[rows, cols],
            &[2 * pitch as isize, 2],
            0,
        )
        .unwrap();
        let full = ndarray::ArrayView2::from_shape((rows, pitch), &data[..]).unwrap();
        let window = full.slice(ndarray::s![.., ..cols]);
        g.throughput(Throughput::Elements((rows * cols) as u64));
        g.bench_function(format!("ndview astype {name}"), |b| {
            b.iter(|| black_box(raw.astype::<f32>(Casting::Safe).unwrap()))
        });
        g.bench_function(format!("ndarray mapv {name}"), |b| {
            b.iter(|| black_box(window.mapv(|x| x as f32)))
        });
    }
    g.finish();
}

#[cfg(feature = "half")]
fn f16_to_f32(c: &mut Criterion) {
    use half::slice::HalfFloatSliceExt;
    let n = 16 << 20;
    let data: Vec<half::f16> = (0..n)
        .map(|i| half::f16::from_f32((i % 2048) as f32 * 0.25))
        .collect();
    let bytes: &[u8] = bytemuck::cast_slice(&data);
    let raw = RawView::new(bytes, Format::parse("<f2").unwrap(), &[n]).unwrap();
    let mut g = c.benchmark_group("f16->f32");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("ndview astype 16M", |b| {
        b.iter(|| black_box(raw.astype::<f32>(Casting::Safe).unwrap()))
    });
    g.bench_function("half convert_to_f32_slice 16M", |b| {
        b.iter(|| {
            let mut out = vec![0f32; n];
            data.convert_to_f32_slice(&mut out);
            black_box(out)
        })
    });
    g.finish();
}

#[cfg(not(feature = "half"))]
fn f16_to_f32(_: &mut Criterion) {}

fn record_sum(c: &mut Criterion) {
    let n = 4 << 20;
    // [('id', '<u4'), ('x', '<f8'), ('tag', 'S3')]: 15-byte records.
    let mut rec = Vec::with_capacity(15 * n);
    for i in 0..n {
        rec.extend((i as u32).to_le_bytes());
        rec.extend(((i % 1000) as f64 * 0.5).to_le_bytes());
        rec.extend(b"abc");
    }
    let recs = RawView::new(&rec, Format::parse("T{<I:id:<d:x:3s:tag:}").unwrap(), &[n]).unwrap();
    let x = recs.field("x").unwrap();
    let mut g = c.benchmark_group("record field sum");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("ndview sum_as::<f64> 4M x 15B", |b| {
        b.iter(|| black_box(x.sum_as::<f64>().unwrap()))
    });
    g.bench_function("hand loop over bytes 4M x 15B", |b| {
        b.iter(|| {
            let s: f64 = rec
                .chunks_exact(15)
                .map(|r| f64::from_le_bytes(r[4..12].try_into().unwrap()))
                .sum();
            black_box(s)
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = astype_f8, u16_image, f16_to_f32, record_sum
}
criterion_main!(benches);
