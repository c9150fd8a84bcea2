//! Views with element data against NumPy and CPython (committed fixtures
//! from `tests/data/gen_views.py`; no Python needed): slicing chains with
//! their bytes, `ndarray.view(dtype)`, `memoryview.cast`, the ALIGNED flag
//! and typed views, and element values in both byte orders.

mod common;

use common::aligned::AlignedBytes;
use common::miri_sample::{at_least, sample};
use ndview::{Error, Format, Index, Order, RawView, Scalar};

const CASES: &str = include_str!("data/view_cases.txt");

/// The lines of one kind, with their 1-based line numbers.
fn cases(kind: &str) -> impl Iterator<Item = (usize, Vec<&'static str>)> + '_ {
    CASES.lines().enumerate().filter_map(move |(k, line)| {
        let f: Vec<&str> = line.split('|').collect();
        (f[0] == kind).then_some((k + 1, f))
    })
}

/// Runs `check` on every case of `kind`; fails with the first failing case
/// (file line number, line, reason) and how many failed.
fn run(kind: &str, min: usize, check: impl Fn(&[&str]) -> Result<(), String>) {
    let mut failures = Vec::new();
    let mut count = 0;
    for (n, f) in sample(cases(kind)) {
        count += 1;
        if let Err(why) = check(&f) {
            failures.push(format!(
                "tests/data/view_cases.txt:{n}: {}\n    {why}",
                f.join("|")
            ));
        }
    }
    assert!(count >= at_least(min), "only {count} cases of kind {kind}");
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed; first:\n{}",
        failures.len(),
        failures[..failures.len().min(10)].join("\n")
    );
}

fn ints<T: std::str::FromStr>(text: &str) -> Vec<T>
where
    T::Err: std::fmt::Debug,
{
    if text.trim().is_empty() {
        return Vec::new();
    }
    text.split(',').map(|t| t.trim().parse().unwrap()).collect()
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|k| u8::from_str_radix(&text[k..k + 2], 16).unwrap())
        .collect()
}

fn format(text: &str) -> Format {
    Format::parse(text).unwrap_or_else(|e| panic!("format {text}: {e}"))
}

/// A NumPy dtype as written in the file: without its '|' ("u1" for "|u1").
fn dtype(text: &str) -> Format {
    if text.starts_with(['<', '>', '=']) {
        format(text)
    } else {
        format(&format!("|{text}"))
    }
}

fn order(text: &str) -> Order {
    if text == "C" {
        Order::C
    } else {
        Order::F
    }
}

fn kind(e: &Error) -> &'static str {
    match e {
        Error::ShapeMismatch { .. } => "ShapeMismatch",
        Error::Unrepresentable { .. } => "Unrepresentable",
        Error::NotContiguous { .. } => "NotContiguous",
        Error::Misaligned { .. } => "Misaligned",
        Error::FormatMismatch { .. } => "FormatMismatch",
        Error::OutOfBounds { .. } => "OutOfBounds",
        Error::Overflow { .. } => "Overflow",
        _ => "other",
    }
}

/// The base buffer of a chain: `b[k] = (37 k + 11) % 256`, in a 16-aligned
/// allocation.
fn base_buffer(n: usize) -> Vec<u128> {
    let mut words = vec![0u128; n.div_ceil(16)];
    let bytes: &mut [u8] = bytemuck::cast_slice_mut(&mut words);
    for (k, b) in bytes.iter_mut().enumerate() {
        *b = ((37 * k + 11) % 256) as u8;
    }
    words
}

/// Replays `chain` (see gen_views.py) on `v`.
fn replay<'a>(mut v: RawView<'a>, chain: &str) -> Result<RawView<'a>, String> {
    if chain.is_empty() {
        return Ok(v);
    }
    for step in chain.split(" / ") {
        let (op, arg) = step.split_once(':').unwrap_or((step, ""));
        let r = match op {
            "i" => arg.parse::<Index>().and_then(|idx| v.slice(&idx)),
            "T" => Ok(v.transpose()),
            "p" => v.permute_axes(&ints::<usize>(arg)),
            "w" => {
                let ab: Vec<usize> = ints(arg);
                v.swap_axes(ab[0], ab[1])
            }
            "r" => {
                let (o, shape) = arg.split_once(':').unwrap();
                v.reshape(&ints::<usize>(shape), order(o))
            }
            "b" => v.broadcast_to(&ints::<usize>(arg)),
            _ => panic!("unknown step {step}"),
        };
        v = r.map_err(|e| format!("step `{step}` failed: {e}"))?;
    }
    Ok(v)
}

/// The view a case's `dtype|shape|chain` fields describe, over `buf`.
fn chained<'a>(buf: &'a [u8], f: &[&str]) -> Result<RawView<'a>, String> {
    let fmt = dtype(f[1]);
    let shape: Vec<usize> = ints(f[2]);
    let n = shape.iter().product::<usize>() * fmt.itemsize();
    let base = RawView::new(&buf[..n], fmt, &shape).map_err(|e| e.to_string())?;
    replay(base, f[3])
}

fn base_len(f: &[&str]) -> usize {
    ints::<usize>(f[2]).iter().product::<usize>() * dtype(f[1]).itemsize()
}

/// Compares with NumPy's `shape;strides;offset;C;F` (strides only on axes
/// longer than 1; the offset only for non-empty views, as NumPy moves the
/// pointer of empty ones where no element is).
fn compare(v: &RawView<'_>, want: &str) -> Result<(), String> {
    let f: Vec<&str> = want.split(';').collect();
    let shape: Vec<usize> = ints(f[0]);
    let strides: Vec<isize> = ints(f[1]);
    let got = format!(
        "got shape {:?} strides {:?} offset {} C {} F {}",
        v.shape(),
        v.strides(),
        v.offset(),
        v.is_c_contiguous(),
        v.is_f_contiguous()
    );
    if v.shape() != &shape[..] {
        return Err(got);
    }
    for k in 0..shape.len() {
        if shape[k] > 1 && v.strides()[k] != strides[k] {
            return Err(format!("{got}; stride of axis {k} differs"));
        }
    }
    if !v.is_empty() && v.offset() != f[2].parse::<usize>().unwrap() {
        return Err(format!("{got}; offset differs"));
    }
    if v.is_c_contiguous() != (f[3] == "1") || v.is_f_contiguous() != (f[4] == "1") {
        return Err(format!("{got}; flags differ"));
    }
    Ok(())
}

fn expect_error<T: std::fmt::Debug>(got: Result<T, Error>, want: &str) -> Result<(), String> {
    match got {
        Err(e) if kind(&e) == want => Ok(()),
        Err(e) => Err(format!("expected {want}, got {e:?}")),
        Ok(v) => Err(format!("expected {want}, got {v:?}")),
    }
}

#[test]
fn slicing_chains_with_data() {
    // S|dtype|shape|chain|out|C hex|F hex
    run("S", 300, |f| {
        let words = base_buffer(base_len(f));
        let v = chained(bytemuck::cast_slice(&words), f)?;
        compare(&v, f[4])?;
        for (o, want) in [(Order::C, f[5]), (Order::F, f[6])] {
            let got = v.to_bytes(o);
            if got != hex(want) {
                return Err(format!("to_bytes({o:?}) = {got:02x?}"));
            }
        }
        Ok(())
    });
}

#[test]
fn view_dtype() {
    // V|dtype|shape|chain|new|out or ERR:kind
    run("V", 300, |f| {
        let words = base_buffer(base_len(f));
        let v = chained(bytemuck::cast_slice(&words), f)?;
        let got = v.view_as(dtype(f[4]));
        match f[5].strip_prefix("ERR:") {
            Some(want) => expect_error(got, want),
            None => compare(&got.map_err(|e| format!("unexpected {e:?}"))?, f[5]),
        }
    });
}

#[test]
fn memoryview_cast() {
    // M|dtype|shape|chain|fmt:shape[ / fmt:shape]|shape;hex or ERR:kind
    run("M", 200, |f| {
        let words = base_buffer(base_len(f));
        let mut v = Ok(chained(bytemuck::cast_slice(&words), f)?);
        for cast in f[4].split(" / ") {
            let (fmt, shape) = cast.split_once(':').unwrap();
            v = v.and_then(|v| v.cast(format(fmt), &ints::<usize>(shape)));
        }
        match f[5].strip_prefix("ERR:") {
            Some("Other") => Ok(()), // a CPython-only refusal
            Some(want) => expect_error(v, want),
            None => {
                let v = v.map_err(|e| format!("unexpected {e:?}"))?;
                let (shape, bytes) = f[5].split_once(';').unwrap();
                if v.shape() != &ints::<usize>(shape)[..] {
                    return Err(format!("shape {:?}", v.shape()));
                }
                if v.to_bytes(Order::C) != hex(bytes) {
                    return Err(format!("bytes {:02x?}", v.to_bytes(Order::C)));
                }
                Ok(())
            }
        }
    });
}

#[test]
fn alignment_and_typed_views() {
    // A|dtype|shape|strides|offset|aligned
    run("A", 300, |f| {
        let fmt = format(f[1]);
        let shape: Vec<usize> = ints(f[2]);
        let strides: Vec<isize> = ints(f[3]);
        let offset: usize = f[4].parse().unwrap();
        let aligned = f[5] == "1";
        // The extent NumPy's buffer had: offset + the largest reach + itemsize.
        let reach: isize = if shape.contains(&0) {
            0
        } else {
            shape
                .iter()
                .zip(&strides)
                .map(|(&n, &s)| ((n as isize - 1) * s).max(0))
                .sum()
        };
        let n = offset + reach as usize + fmt.itemsize();
        let buffer = AlignedBytes::zeroed(n);
        let bytes = &buffer[..];
        let v = RawView::from_parts(bytes, fmt, &shape, &strides, offset)
            .map_err(|e| format!("from_parts: {e}"))?;
        if v.is_aligned() != aligned {
            return Err(format!("is_aligned() = {}", v.is_aligned()));
        }
        let typed = match f[1] {
            "<i2" => v.typed::<i16>().map(drop),
            "<i4" => v.typed::<i32>().map(drop),
            "<f8" => v.typed::<f64>().map(drop),
            _ => return Ok(()), // complex needs a feature
        };
        match (typed, aligned) {
            (Ok(()), true) => Ok(()),
            (Err(e), false) if kind(&e) == "Misaligned" => Ok(()),
            (got, _) => Err(format!("typed: {got:?}")),
        }
    });
}

/// Python's `float.hex()` text, exactly.
fn float_hex(text: &str) -> f64 {
    let (neg, t) = match text.strip_prefix('-') {
        Some(t) => (true, t),
        None => (false, text),
    };
    let t = t.strip_prefix("0x").expect("0x");
    let (mant, exp) = t.split_once('p').expect("p");
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let m = u64::from_str_radix(&format!("{int}{frac}"), 16).unwrap();
    let e: i32 = exp.parse::<i32>().unwrap() - 4 * frac.len() as i32;
    // m has at most 53 significant bits: the product is exact.
    let x = m as f64 * 2f64.powi(e);
    if neg {
        -x
    } else {
        x
    }
}

fn same(a: &Scalar, b: &Scalar) -> bool {
    match (a, b) {
        (Scalar::Float(x), Scalar::Float(y)) => x.to_bits() == y.to_bits(),
        (Scalar::Complex(x, y), Scalar::Complex(u, w)) => {
            x.to_bits() == u.to_bits() && y.to_bits() == w.to_bits()
        }
        _ => a == b,
    }
}

/// C-order indices of `shape`.
fn indices(shape: &[usize]) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new()];
    for &n in shape {
        out = out
            .into_iter()
            .flat_map(|i| {
                (0..n).map(move |k| {
                    let mut j = i.clone();
                    j.push(k);
                    j
                })
            })
            .collect();
    }
    out
}

#[test]
fn byte_orders_and_values() {
    // E|dtype|shape|hex|values
    run("E", 200, |f| {
        let fmt = format(f[1]);
        let shape: Vec<usize> = ints(f[2]);
        let data = hex(f[3]);
        let buffer = AlignedBytes::copy_of(&data);
        let bytes = &buffer[..];
        let v = RawView::new(bytes, fmt, &shape).map_err(|e| format!("new: {e}"))?;
        let values: Vec<&str> = if f[4].is_empty() {
            Vec::new()
        } else {
            f[4].split(',').collect()
        };
        let all = indices(&shape);
        if all.len() != values.len() {
            return Err(format!("{} indices, {} values", all.len(), values.len()));
        }
        let kind_char = &f[1][1..2];
        let mut want_all = Vec::new();
        for (idx, text) in all.iter().zip(&values) {
            let want = match kind_char {
                "i" => Scalar::Int(text.parse().unwrap()),
                "u" => Scalar::UInt(text.parse().unwrap()),
                "f" => Scalar::Float(float_hex(text)),
                _ => {
                    let (re, im) = text.split_once(':').unwrap();
                    Scalar::Complex(float_hex(re), float_hex(im))
                }
            };
            let got = v.get(idx).map_err(|e| format!("get({idx:?}): {e}"))?;
            if !same(&got, &want) {
                return Err(format!("get({idx:?}) = {got:?}, NumPy {want:?}"));
            }
            want_all.push(want);
        }
        // Typed views: native order works, big-endian is a FormatMismatch.
        let big = f[1].starts_with('>');
        let typed: Result<Vec<Scalar>, Error> = match f[1] {
            ">i2" => v.typed::<i16>().map(|_| Vec::new()),
            ">u4" => v.typed::<u32>().map(|_| Vec::new()),
            ">i8" => v.typed::<i64>().map(|_| Vec::new()),
            ">f4" => v.typed::<f32>().map(|_| Vec::new()),
            ">f8" => v.typed::<f64>().map(|_| Vec::new()),
            "<i4" => v.typed::<i32>().map(|t| {
                t.to_vec()
                    .into_iter()
                    .map(|x| Scalar::Int(x.into()))
                    .collect()
            }),
            "<f8" => v
                .typed::<f64>()
                .map(|t| t.to_vec().into_iter().map(Scalar::Float).collect()),
            _ => return Ok(()), // complex needs a feature
        };
        match typed {
            Err(e) if big && kind(&e) == "FormatMismatch" => Ok(()),
            Ok(got)
                if !big
                    && got.len() == want_all.len()
                    && got.iter().zip(&want_all).all(|(a, b)| same(a, b)) =>
            {
                Ok(())
            }
            other => Err(format!("typed: {other:?}")),
        }
    });
}
