//! Files at any size: opening `.npy`, `.npz` and safetensors files, and
//! summing a mapped file, beside `ndarray-npy` in the same run.
//!
//! ```text
//! cargo bench --features mmap,npz,safetensors --bench files -- --measurement-time 2 --warm-up-time 1
//! ```
//!
//! Setup writes, under a fresh directory of the system temp dir (deleted at
//! the end): a 1 GiB `.npy` of f64 (written through `npy::create`), a
//! sparse 4 GiB `.npy` (created, never written: mapping does not read
//! data), an `.npz` of 1000 stored members and a safetensors file of 1000
//! tensors. It prints the resident-set growth of opening the 1 GiB file.
//! The sums run on a warm page cache (the file was just written).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput};
use ndarray::ArrayView1;
use ndarray_npy::ViewNpyExt;
use ndview::{Format, NdView, Order};

const GIB: usize = 1 << 30;

struct Files {
    dir: PathBuf,
    one_gib: PathBuf,
    four_gib: PathBuf,
    npz: PathBuf,
    safetensors: PathBuf,
}

impl Drop for Files {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.dir).ok();
    }
}

/// Resident set size of this process, in KiB (Linux; 0 elsewhere).
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4)
}

fn create_filled(path: &Path, elements: usize) {
    // SAFETY: a new file only this benchmark uses.
    let mut c = unsafe { ndview::npy::create(path, Format::of::<f64>(), &[elements], Order::C) }
        .expect("create");
    let mut t = c.typed_mut::<f64>().expect("typed");
    for (i, x) in t.iter_mut().enumerate() {
        *x = (i % 1024) as f64; // exact sums in any order
    }
    c.flush().expect("flush");
}

fn setup() -> Files {
    let dir = std::env::temp_dir().join(format!("ndview-bench-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let one_gib = dir.join("one_gib.npy");
    create_filled(&one_gib, GIB / 8);
    let four_gib = dir.join("four_gib.npy");
    // SAFETY: as above; left sparse.
    drop(
        unsafe { ndview::npy::create(&four_gib, Format::of::<f64>(), &[4 * GIB / 8], Order::C) }
            .expect("create"),
    );

    let member: Vec<f32> = (0..16).map(|x| x as f32).collect();
    let view = NdView::from_slice(&member, &[4, 4]).expect("view").raw();
    let names: Vec<String> = (0..1000).map(|i| format!("layer{i}.weight")).collect();
    let items: Vec<(&str, ndview::RawView<'_>)> =
        names.iter().map(|n| (n.as_str(), view.clone())).collect();
    let npz = dir.join("members.npz");
    ndview::npz::save(&npz, &items, false).expect("npz");
    let safetensors = dir.join("tensors.safetensors");
    ndview::safetensors::save(&safetensors, &items).expect("safetensors");
    Files {
        dir,
        one_gib,
        four_gib,
        npz,
        safetensors,
    }
}

fn report_rss(files: &Files) {
    let before = rss_kib();
    // SAFETY: the benchmark's own file.
    let m = unsafe { ndview::npy::map(&files.one_gib) }.expect("map");
    let t = m.typed::<f64>().expect("typed");
    let after = rss_kib();
    eprintln!(
        "npy::map of 1 GiB + typed view: RSS {before} KiB -> {after} KiB (+{} KiB); {} elements",
        after.saturating_sub(before),
        t.len()
    );
}

fn bench_open(c: &mut Criterion, files: &Files) {
    let mut g = c.benchmark_group("open");
    for (name, path) in [("1GiB", &files.one_gib), ("4GiB", &files.four_gib)] {
        g.bench_function(BenchmarkId::new("ndview_npy_map", name), |b| {
            // SAFETY: the benchmark's own file.
            b.iter_with_large_drop(|| unsafe { ndview::npy::map(black_box(path)) }.expect("map"))
        });
    }
    g.bench_function("ndview_npz_map_1000_members", |b| {
        b.iter_with_large_drop(|| {
            // SAFETY: the benchmark's own file.
            let z = unsafe { ndview::npz::map(black_box(&files.npz)) }.expect("npz");
            assert_eq!(z.len(), 1000);
            z
        })
    });
    g.bench_function("ndview_safetensors_map_1000_tensors", |b| {
        b.iter_with_large_drop(|| {
            // SAFETY: the benchmark's own file.
            let t = unsafe { ndview::safetensors::map(black_box(&files.safetensors)) }.expect("st");
            assert_eq!(t.len(), 1000);
            t
        })
    });
    g.sample_size(10);
    g.bench_function(BenchmarkId::new("ndarray_npy_read_npy", "1GiB"), |b| {
        b.iter_with_large_drop(|| {
            ndarray_npy::read_npy::<_, ndarray::Array1<f64>>(black_box(&files.one_gib))
                .expect("read_npy")
        })
    });
    g.finish();
}

fn bench_sum(c: &mut Criterion, files: &Files) {
    // SAFETY: the benchmark's own file.
    let m = unsafe { ndview::npy::map(&files.one_gib) }.expect("map");
    let ours = m.typed::<f64>().expect("typed");
    let theirs = ArrayView1::<f64>::view_npy(m.storage()).expect("view_npy");
    assert_eq!(ours.sum(), theirs.sum());
    let mut g = c.benchmark_group("sum_mapped_1GiB");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(GIB as u64));
    g.bench_function("ndview", |b| b.iter(|| black_box(&ours).sum()));
    g.bench_function("ndarray_view_npy", |b| b.iter(|| black_box(&theirs).sum()));
    g.finish();
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    let files = setup();
    report_rss(&files);
    bench_open(&mut c, &files);
    bench_sum(&mut c, &files);
    c.final_summary();
    drop(files);
}
