//! Create a `.npy` file larger than memory and fill it in passes, the way
//! NumPy's `open_memmap(path, mode="w+")` is used:
//!
//! ```text
//! cargo run --release --features mmap --example create_large -- PATH GIB [PASS_MIB]
//! ```
//!
//! Creates `PATH` as a C-ordered `<f8` vector of `GIB` GiB (sparse), fills
//! element `i` with `i as f64` one pass of `PASS_MIB` MiB (default 256) at
//! a time through a writable map made for that pass, then prints the
//! elapsed time and the peak resident set (`VmHWM`). A map's touched pages
//! count in the resident set until it is unmapped, so one map per pass
//! keeps the peak near one pass, whatever the file's size. `scripts/bench_create_large.sh` runs it
//! and checks the file with NumPy.

use std::process::ExitCode;
use std::time::Instant;

use ndview::raw_array::AccessHint;
use ndview::{Format, Order};

fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))?
                .split_whitespace()
                .nth(1)?
                .parse::<u64>()
                .ok()
        })
        .map_or(0, |kib| kib / 1024)
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: create_large PATH GIB [PASS_MIB]";
    let path = args.next().ok_or(usage)?;
    let gib: usize = args
        .next()
        .ok_or(usage)?
        .parse()
        .map_err(|e| format!("GIB: {e}"))?;
    let pass_mib: usize = args
        .next()
        .map_or(Ok(256), |s| s.parse())
        .map_err(|e| format!("PASS_MIB: {e}"))?;
    let len = gib << 27; // f64 elements
    let per_pass = (pass_mib << 17).max(1);
    let start = Instant::now();
    // SAFETY: a new file that only this program uses while it runs.
    let created = unsafe { ndview::npy::create(&path, Format::of::<f64>(), &[len], Order::C) }
        .map_err(|e| e.to_string())?;
    drop(created);
    let mut done = 0usize;
    while done < len {
        let n = per_pass.min(len - done);
        // One map per pass: the pages a map touched count in this process's
        // resident set until it is unmapped, so dropping it after the pass
        // bounds the RSS by one pass (the written pages stay in the page
        // cache and reach the disk on their own).
        // SAFETY: as above.
        let mut c = unsafe { ndview::npy::map_mut(&path) }.map_err(|e| e.to_string())?;
        c.advise(AccessHint::Sequential)
            .map_err(|e| e.to_string())?;
        let mut t = c.typed_mut::<f64>().map_err(|e| e.to_string())?;
        let s = t.as_slice_mut().ok_or("a C-ordered vector is contiguous")?;
        for (i, x) in s[done..done + n].iter_mut().enumerate() {
            *x = (done + i) as f64;
        }
        done += n;
    }
    println!(
        "created {path}: {gib} GiB in {:.1} s, peak RSS {} MiB",
        start.elapsed().as_secs_f64(),
        peak_rss_mib()
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("create_large: {e}");
            ExitCode::FAILURE
        }
    }
}
