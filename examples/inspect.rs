//! Inspect an array in a file without copying its data:
//!
//! ```text
//! cargo run --release --example inspect -- FILE.npy [INDEX] [--cast FORMAT]
//! cargo run --release --features mmap,npz --example inspect -- FILE.npz:NAME [INDEX]
//! cargo run --release --features mmap,safetensors --example inspect -- FILE.safetensors:NAME [INDEX]
//! cargo run --release --example inspect            # a built-in sample
//! ```
//!
//! Files are memory-mapped when the `mmap` feature is on (opening is O(1),
//! only the pages printed are read), and read into memory otherwise. For a
//! `.npy` file it prints the header (version, descr, fortran_order, shape);
//! for an `.npz` archive or a safetensors file the member names (`FILE.npz`
//! alone lists them); then the view of the data: format, shape, strides,
//! offset, flags and the elements (summarized like NumPy for large arrays). `INDEX` is a NumPy index such
//! as `"::-1, 1:3"`, applied first; `--cast FORMAT` reinterprets the
//! elements with `view_as` (NumPy's `a.view(dtype)`). Bad input is reported
//! on stderr with exit code 1.

use std::process::ExitCode;

use ndview::npy::{self, parse_header};
use ndview::{Format, Index, RawView};

const USAGE: &str =
    "usage: inspect [FILE.npy | FILE.npz[:NAME] | FILE.safetensors[:NAME] [INDEX] [--cast FORMAT]]";

struct Args {
    file: Option<String>,
    index: Option<String>,
    cast: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        file: None,
        index: None,
        cast: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--cast" => {
                let format = it.next().ok_or("--cast needs a FORMAT")?;
                args.cast = Some(format);
            }
            "-h" | "--help" => return Err(USAGE.into()),
            _ if args.file.is_none() => args.file = Some(arg),
            _ if args.index.is_none() => args.index = Some(arg),
            _ => return Err(format!("unexpected argument {arg:?}\n{USAGE}")),
        }
    }
    if args.file.is_none() && (args.index.is_some() || args.cast.is_some()) {
        return Err(format!("INDEX and --cast need a FILE\n{USAGE}"));
    }
    Ok(args)
}

/// A small structured array, written as a `.npy` file in memory.
fn sample() -> Result<Vec<u8>, String> {
    let mut records = Vec::new();
    for i in 0..6u16 {
        records.extend_from_slice(&(100 + i).to_le_bytes());
        records.extend_from_slice(&(0.5f32 + f32::from(i)).to_le_bytes());
        records.push(u8::from(i % 3 == 0));
    }
    let format = Format::parse("T{<H:id:<f:temp:B:flag:}").map_err(|e| e.to_string())?;
    let view = RawView::new(&records, format, &[2, 3]).map_err(|e| e.to_string())?;
    let mut file = Vec::new();
    npy::write(&mut file, &view).map_err(|e| e.to_string())?;
    Ok(file)
}

fn show(title: &str, v: &RawView<'_>) {
    println!("{title}:");
    println!("  format   {}", v.format());
    println!("  shape    {:?}", v.shape());
    println!("  strides  {:?}", v.strides());
    println!("  offset   {}", v.offset());
    println!(
        "  flags    C_CONTIGUOUS={} F_CONTIGUOUS={} ALIGNED={}",
        v.is_c_contiguous(),
        v.is_f_contiguous(),
        v.is_aligned()
    );
    println!("  elements");
    for line in v.to_string().lines() {
        println!("    {line}");
    }
}

/// The index expression and the cast, applied to the opened view.
fn explore(view: RawView<'_>, args: &Args) -> Result<(), String> {
    let mut view = view;
    show("view", &view);
    if let Some(index) = &args.index {
        let parsed: Index = index.parse().map_err(|e| format!("index {index:?}: {e}"))?;
        view = view
            .slice(&parsed)
            .map_err(|e| format!("index {index:?}: {e}"))?;
        show(&format!("view[{index}]"), &view);
    }
    if let Some(cast) = &args.cast {
        let format = Format::parse(cast).map_err(|e| format!("--cast {cast:?}: {e}"))?;
        let cast_view = view
            .view_as(format)
            .map_err(|e| format!("--cast {cast:?} refused: {e}"))?;
        show(&format!("view_as({cast})"), &cast_view);
    }
    Ok(())
}

/// Prints the header of the `.npy` file `bytes`, then explores its view.
fn explore_npy(name: &str, bytes: &[u8], args: &Args) -> Result<(), String> {
    let header = parse_header(bytes).map_err(|e| format!("{name}: {e}"))?;
    println!("{name}: {} bytes", bytes.len());
    println!(
        "header: version {}.{}, descr {:?}, fortran_order {}, shape {:?}, data at byte {}",
        header.version.0,
        header.version.1,
        header.descr,
        header.fortran_order,
        header.shape,
        header.data_offset
    );
    explore(npy::view(bytes).map_err(|e| format!("{name}: {e}"))?, args)
}

/// `FILE.npz:NAME` / `FILE.safetensors:NAME` split at the colon.
fn split_member<'a>(file: &'a str, ext: &str) -> Option<(&'a str, Option<&'a str>)> {
    if file.ends_with(ext) {
        return Some((file, None));
    }
    let (path, member) = file.rsplit_once(':')?;
    path.ends_with(ext).then_some((path, Some(member)))
}

/// Lists the members, or explores the one asked for.
#[cfg(any(feature = "npz", feature = "safetensors"))]
fn explore_member<'a>(
    path: &str,
    names: Vec<&'a str>,
    member: Option<&str>,
    get: impl FnOnce(&str) -> Result<ndview::RawArray<&'a [u8]>, ndview::Error>,
    args: &Args,
) -> Result<(), String> {
    println!("{path}: {} arrays: {}", names.len(), names.join(", "));
    let Some(member) = member else {
        return Ok(());
    };
    let array = get(member).map_err(|e| format!("{path}:{member}: {e}"))?;
    explore(array.view(), args)
}

#[cfg(feature = "npz")]
fn open_npz(path: &str, member: Option<&str>, args: &Args) -> Result<(), String> {
    #[cfg(feature = "mmap")]
    // SAFETY: an example reading a file it is given; nothing here writes
    // it, and the user is told not to change it while this runs.
    let z = unsafe { ndview::npz::map(path) }.map_err(|e| e.to_string())?;
    #[cfg(not(feature = "mmap"))]
    let z = ndview::npz::load(path).map_err(|e| e.to_string())?;
    explore_member(path, z.names(), member, |m| z.get(m), args)
}

#[cfg(not(feature = "npz"))]
fn open_npz(_: &str, _: Option<&str>, _: &Args) -> Result<(), String> {
    Err("reading .npz files needs the `npz` feature (--features mmap,npz)".into())
}

#[cfg(feature = "safetensors")]
fn open_safetensors(path: &str, member: Option<&str>, args: &Args) -> Result<(), String> {
    #[cfg(feature = "mmap")]
    // SAFETY: as in `open_npz`.
    let t = unsafe { ndview::safetensors::map(path) }.map_err(|e| e.to_string())?;
    #[cfg(not(feature = "mmap"))]
    let t = ndview::safetensors::load(path).map_err(|e| e.to_string())?;
    explore_member(path, t.names(), member, |m| t.get(m), args)
}

#[cfg(not(feature = "safetensors"))]
fn open_safetensors(_: &str, _: Option<&str>, _: &Args) -> Result<(), String> {
    Err(
        "reading safetensors files needs the `safetensors` feature (--features mmap,safetensors)"
            .into(),
    )
}

fn open_npy(path: &str, args: &Args) -> Result<(), String> {
    #[cfg(feature = "mmap")]
    {
        // SAFETY: as in `open_npz`.
        let m = unsafe { npy::map(path) }.map_err(|e| format!("{path}: {e}"))?;
        explore_npy(path, m.storage(), args)
    }
    #[cfg(not(feature = "mmap"))]
    {
        let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
        explore_npy(path, &bytes, args)
    }
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let Some(file) = &args.file else {
        return explore_npy("<built-in sample>", &sample()?, &args);
    };
    if let Some((path, member)) = split_member(file, ".npz") {
        return open_npz(path, member, &args);
    }
    if let Some((path, member)) = split_member(file, ".safetensors") {
        return open_safetensors(path, member, &args);
    }
    open_npy(file, &args)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("inspect: {message}");
            ExitCode::FAILURE
        }
    }
}
