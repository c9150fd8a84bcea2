//! Inspect a `.npy` file without copying its data:
//!
//! ```text
//! cargo run --release --example inspect -- FILE.npy [INDEX] [--cast FORMAT]
//! cargo run --release --example inspect            # a built-in sample
//! ```
//!
//! Prints the header (version, descr, fortran_order, shape), then the view
//! of the data: format, shape, strides, offset, flags and the elements
//! (summarized like NumPy for large arrays). `INDEX` is a NumPy index such
//! as `"::-1, 1:3"`, applied first; `--cast FORMAT` reinterprets the
//! elements with `view_as` (NumPy's `a.view(dtype)`). Bad input is reported
//! on stderr with exit code 1.

use std::process::ExitCode;

use ndview::npy::{self, parse_header};
use ndview::{Format, Index, RawView};

const USAGE: &str = "usage: inspect [FILE.npy [INDEX] [--cast FORMAT]]";

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

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let (name, bytes) = match &args.file {
        Some(path) => (
            path.clone(),
            std::fs::read(path).map_err(|e| format!("{path}: {e}"))?,
        ),
        None => ("<built-in sample>".to_string(), sample()?),
    };
    let header = parse_header(&bytes).map_err(|e| format!("{name}: {e}"))?;
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
    let mut view = npy::view(&bytes).map_err(|e| format!("{name}: {e}"))?;
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

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("inspect: {message}");
            ExitCode::FAILURE
        }
    }
}
