//! Conversion against references: the casting table against NumPy's
//! `np.can_cast` (tests/data/can_cast.txt, from gen_can_cast.py), and
//! `astype` / `convert_into` / `sum_as` over random layouts, formats, byte
//! orders and region offsets against element-by-element decoding
//! (`RawView::get`, i.e. `Format::decode`) followed by the documented cast.
#![cfg(all(feature = "half", feature = "complex"))]

use half::{bf16, f16};
use ndview::convert::{can_cast, CastTarget};
use ndview::{Casting, Error, Format, NdArray, RawView, Scalar};
use num_complex::Complex;
use proptest::prelude::*;

fn f(s: &str) -> Format {
    Format::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn level(name: &str) -> Casting {
    match name {
        "no" => Casting::No,
        "equiv" => Casting::Equiv,
        "safe" => Casting::Safe,
        "same_kind" => Casting::SameKind,
        "unsafe" => Casting::Unsafe,
        other => panic!("unknown level {other}"),
    }
}

#[test]
#[cfg_attr(miri, ignore = "no unsafe code; 3,125 table lines are slow under Miri")]
fn the_casting_table_is_numpys() {
    let table = include_str!("data/can_cast.txt");
    let mut checked = 0;
    let mut wrong = Vec::new();
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [from, to, lvl, ok] = parts[..] else {
            panic!("bad line {line:?}")
        };
        let expected = ok == "1";
        if can_cast(&f(from), &f(to), level(lvl)) != expected {
            wrong.push(line.to_string());
        }
        checked += 1;
    }
    assert_eq!(checked, 25 * 25 * 5);
    assert!(wrong.is_empty(), "differs from NumPy: {wrong:#?}");
}

#[test]
fn bf16_rules_are_the_documented_ones() {
    let bf = f("<bf16");
    for (other, to_bf, from_bf) in [
        ("|b1", true, false),
        ("|i1", true, false),
        ("|u1", true, false),
        ("<i2", false, false),
        ("<f2", false, false),
        ("<f4", false, true),
        ("<f8", false, true),
        ("<c8", false, true),
        ("<c16", false, true),
    ] {
        assert_eq!(
            can_cast(&f(other), &bf, Casting::Safe),
            to_bf,
            "{other} -> bf16"
        );
        assert_eq!(
            can_cast(&bf, &f(other), Casting::Safe),
            from_bf,
            "bf16 -> {other}"
        );
    }
    assert!(can_cast(&f("<f2"), &bf, Casting::SameKind));
    assert!(can_cast(&bf, &f("<f2"), Casting::SameKind));
    assert!(can_cast(&f("<f8"), &bf, Casting::SameKind));
    assert!(!can_cast(&bf, &f("<i8"), Casting::SameKind));
    assert!(can_cast(&f(">bf16"), &bf, Casting::Equiv));
    assert!(!can_cast(&f(">bf16"), &bf, Casting::No));
}

/// The documented cast of a decoded value to `Self`, written independently
/// of the library: Rust `as` from the decoded value.
trait Reference: CastTarget + Copy + core::fmt::Debug {
    fn from_scalar(s: &Scalar) -> Self;
    fn to_scalar(self) -> Scalar;
    fn same(self, other: Self) -> bool;
}

macro_rules! reference_int {
    ($($t:ty => $v:ident),*) => {$(
        impl Reference for $t {
            fn from_scalar(s: &Scalar) -> Self {
                match *s {
                    Scalar::Bool(b) => b as $t,
                    Scalar::Int(v) => v as $t,
                    Scalar::UInt(v) => v as $t,
                    Scalar::Float(x) => x as $t,
                    Scalar::Complex(re, _) => re as $t,
                    ref other => panic!("not a number: {other:?}"),
                }
            }
            fn to_scalar(self) -> Scalar {
                Scalar::$v(self as _)
            }
            fn same(self, other: Self) -> bool {
                self == other
            }
        }
    )*};
}

reference_int!(u8 => UInt, u16 => UInt, i32 => Int, i64 => Int, u64 => UInt);

macro_rules! reference_float {
    ($($t:ty => $from64:expr, $to64:expr);*) => {$(
        impl Reference for $t {
            fn from_scalar(s: &Scalar) -> Self {
                let g: fn(f64) -> $t = $from64;
                match *s {
                    Scalar::Bool(b) => g(f64::from(u8::from(b))),
                    Scalar::Int(v) => g(v as f64),
                    Scalar::UInt(v) => g(v as f64),
                    Scalar::Float(x) => g(x),
                    Scalar::Complex(re, _) => g(re),
                    ref other => panic!("not a number: {other:?}"),
                }
            }
            fn to_scalar(self) -> Scalar {
                let h: fn($t) -> f64 = $to64;
                Scalar::Float(h(self))
            }
            fn same(self, other: Self) -> bool {
                let h: fn($t) -> f64 = $to64;
                h(self) == h(other) || (h(self).is_nan() && h(other).is_nan())
            }
        }
    )*};
}

reference_float!(
    f64 => |x| x, |x| x;
    f16 => f16::from_f64, f16::to_f64;
    bf16 => bf16::from_f64, bf16::to_f64
);

// f32 separately: an integer is rounded once, straight to f32 (not through
// f64, which could round twice).
impl Reference for f32 {
    fn from_scalar(s: &Scalar) -> Self {
        match *s {
            Scalar::Bool(b) => f32::from(u8::from(b)),
            Scalar::Int(v) => v as f32,
            Scalar::UInt(v) => v as f32,
            Scalar::Float(x) => x as f32,
            Scalar::Complex(re, _) => re as f32,
            ref other => panic!("not a number: {other:?}"),
        }
    }
    fn to_scalar(self) -> Scalar {
        Scalar::Float(self.into())
    }
    fn same(self, other: Self) -> bool {
        self == other || (self.is_nan() && other.is_nan())
    }
}

impl Reference for Complex<f64> {
    fn from_scalar(s: &Scalar) -> Self {
        match *s {
            Scalar::Complex(re, im) => Complex::new(re, im),
            ref real => Complex::new(f64::from_scalar(real), 0.0),
        }
    }
    fn to_scalar(self) -> Scalar {
        Scalar::Complex(self.re, self.im)
    }
    fn same(self, other: Self) -> bool {
        self.re.same(other.re) && self.im.same(other.im)
    }
}

/// Whether two decoded values are the same number (NaN equals NaN),
/// across kinds.
fn same_number(a: &Scalar, b: &Scalar) -> bool {
    #[derive(Clone, Copy, PartialEq)]
    enum N {
        I(i128),
        F(f64),
    }
    fn parts(s: &Scalar) -> (N, f64) {
        match *s {
            Scalar::Bool(b) => (N::I(b.into()), 0.0),
            Scalar::Int(v) => (N::I(v.into()), 0.0),
            Scalar::UInt(v) => (N::I(v.into()), 0.0),
            Scalar::Float(x) => (N::F(x), 0.0),
            Scalar::Complex(re, im) => (N::F(re), im),
            ref other => panic!("not a number: {other:?}"),
        }
    }
    fn eq(a: N, b: N) -> bool {
        match (a, b) {
            (N::I(x), N::I(y)) => x == y,
            (N::F(x), N::F(y)) => x == y || (x.is_nan() && y.is_nan()),
            (N::I(i), N::F(x)) | (N::F(x), N::I(i)) => {
                x.is_finite() && x.trunc() == x && x.abs() < 1e38 && x as i128 == i
            }
        }
    }
    let ((ra, ia), (rb, ib)) = (parts(a), parts(b));
    eq(ra, rb) && eq(N::F(ia), N::F(ib))
}

/// Every numeric source format, both byte orders.
const SOURCES: &[&str] = &[
    "|b1", "|i1", "|u1", "<i2", ">i2", "<u2", ">u2", "<i4", ">i4", "<u4", ">u4", "<i8", ">i8",
    "<u8", ">u8", "<f2", ">f2", "<bf16", ">bf16", "<f4", ">f4", "<f8", ">f8", "<c8", ">c8", "<c16",
    ">c16",
];

/// A random source: format, region bytes, shape, byte strides (any sign,
/// zero, any alignment) and the offset of element zero (shifted by 0..7).
#[derive(Debug, Clone)]
struct Case {
    format: &'static str,
    region: Vec<u8>,
    shape: Vec<usize>,
    strides: Vec<isize>,
    offset: usize,
}

fn case() -> impl Strategy<Value = Case> {
    (
        0..SOURCES.len(),
        prop::collection::vec((0usize..5, -40isize..40), 0..=3),
        0usize..8,
    )
        .prop_flat_map(|(k, axes, shift)| {
            let format = SOURCES[k];
            let size = f(format).itemsize() as isize;
            let shape: Vec<usize> = axes.iter().map(|a| a.0).collect();
            // Strides around the item size, some dense, some packed odd.
            let strides: Vec<isize> = axes
                .iter()
                .map(|&(_, s)| match s.rem_euclid(4) {
                    0 => s.signum() * size,
                    1 => 0,
                    _ => s,
                })
                .collect();
            let (mut low, mut high) = (0isize, size);
            for (&n, &s) in shape.iter().zip(&strides) {
                let reach = s * (n.max(1) as isize - 1);
                low += reach.min(0);
                high += reach.max(0);
            }
            let offset = (shift as isize - low) as usize;
            let len = offset + high as usize + 3;
            prop::collection::vec(any::<u8>(), len).prop_map(move |region| Case {
                format,
                region,
                shape: shape.clone(),
                strides: strides.clone(),
                offset,
            })
        })
}

impl Case {
    fn view(&self) -> RawView<'_> {
        RawView::from_parts(
            &self.region,
            f(self.format),
            &self.shape,
            &self.strides,
            self.offset,
        )
        .unwrap_or_else(|e| panic!("{self:?}: {e}"))
    }
}

/// The elements decoded one by one, in C order.
fn decoded(v: &RawView<'_>) -> Vec<Scalar> {
    let mut out = Vec::new();
    let n = v.len();
    let mut index = vec![0usize; v.ndim()];
    for _ in 0..n {
        out.push(v.get(&index).unwrap());
        for k in (0..index.len()).rev() {
            index[k] += 1;
            if index[k] < v.shape()[k] {
                break;
            }
            index[k] = 0;
        }
    }
    out
}

fn check_astype<T: Reference>(c: &Case) -> Result<(), TestCaseError> {
    let v = c.view();
    let values = decoded(&v);
    let expected: Vec<T> = values.iter().map(T::from_scalar).collect();
    let got = v.astype::<T>(Casting::Unsafe).unwrap().into_vec();
    prop_assert_eq!(got.len(), expected.len());
    for (k, (g, e)) in got.iter().zip(&expected).enumerate() {
        prop_assert!(
            g.same(*e),
            "{}: element {} {:?}: got {:?}, expected {:?}",
            c.format,
            k,
            values[k],
            g,
            e
        );
    }
    // Into a destination laid out backwards (another walk of the plan).
    let rev: Vec<usize> = c.shape.iter().rev().copied().collect();
    let mut out = NdArray::<T>::zeros(&rev);
    let mut dst = out.view_mut();
    let mut t = dst.reborrow().transpose();
    v.convert_into(&mut t, Casting::Unsafe).unwrap();
    drop(dst);
    let back = out.view().transpose().to_vec();
    for (g, e) in back.iter().zip(&expected) {
        prop_assert!(g.same(*e));
    }
    // SameValue: fails exactly at the first element whose value changes.
    let first_change = values
        .iter()
        .zip(&expected)
        .position(|(s, e)| !same_number(s, &e.to_scalar()));
    match (v.astype::<T>(Casting::SameValue), first_change) {
        (Ok(a), None) => prop_assert_eq!(a.len(), expected.len()),
        (Err(Error::LossyCast { index, .. }), Some(k)) => {
            let mut flat = 0;
            for (i, n) in index.iter().zip(v.shape()) {
                flat = flat * n + i;
            }
            prop_assert_eq!(flat, k);
        }
        (other, k) => prop_assert!(
            false,
            "{}: {:?} vs first change {:?}",
            c.format,
            other.err(),
            k
        ),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn astype_is_decode_then_cast(c in case()) {
        check_astype::<f64>(&c)?;
        check_astype::<f32>(&c)?;
        check_astype::<i32>(&c)?;
        check_astype::<u8>(&c)?;
        check_astype::<i64>(&c)?;
        check_astype::<u16>(&c)?;
        check_astype::<u64>(&c)?;
        check_astype::<f16>(&c)?;
        check_astype::<bf16>(&c)?;
        check_astype::<Complex<f64>>(&c)?;
    }

    #[test]
    fn integer_sums_wrap_like_the_reference(c in case()) {
        let v = c.view();
        let kind = v.format().kind();
        if matches!(kind, ndview::Kind::Signed | ndview::Kind::Unsigned | ndview::Kind::Bool) {
            let expected = decoded(&v)
                .iter()
                .map(i64::from_scalar)
                .fold(0i64, i64::wrapping_add);
            // i64 accumulates with `+`: keep the values small enough.
            if decoded(&v).iter().all(|s| i64::from_scalar(s).unsigned_abs() < 1 << 58) {
                prop_assert_eq!(v.sum_as::<i64>().unwrap(), expected);
            }
        }
    }

    #[test]
    fn float_sums_match_the_reference(c in case()) {
        let v = c.view();
        if let Ok(s) = v.sum_as::<f64>() {
            let values: Vec<f64> = decoded(&v).iter().map(f64::from_scalar).collect();
            let expected: f64 = values.iter().sum();
            let scale: f64 = values.iter().map(|x| x.abs()).sum();
            if scale.is_finite() {
                prop_assert!((s - expected).abs() <= 1e-9 * scale, "{s} vs {expected}");
            }
        }
    }
}

#[test]
fn levels_refuse_and_allow_as_numpy() {
    let bytes: Vec<u8> = [1.5f64, 2.0].iter().flat_map(|x| x.to_be_bytes()).collect();
    let v = RawView::new(&bytes, f(">f8"), &[2]).unwrap();
    let e = v.astype::<f32>(Casting::Safe).unwrap_err();
    assert!(matches!(
        e,
        Error::CastNotAllowed {
            casting: Casting::Safe,
            ..
        }
    ));
    let msg = e.to_string();
    assert!(
        msg.contains(">f8") && msg.contains("<f4") && msg.contains("SameKind"),
        "{msg}"
    );
    let e = v.astype::<i32>(Casting::SameKind).unwrap_err().to_string();
    assert!(
        e.contains("Unsafe") && e.contains("float to signed integer"),
        "{e}"
    );
    let e = v.astype::<f64>(Casting::No).unwrap_err().to_string();
    assert!(e.contains("Equiv"), "{e}");
    assert_eq!(
        v.astype::<f64>(Casting::Equiv).unwrap().into_vec(),
        vec![1.5, 2.0]
    );
}

#[test]
fn same_value_names_the_first_changed_element() {
    let data = [1.0f64, 2.0, 3.5, 4.0, 1e300, 6.0];
    let v = ndview::NdView::from_slice(&data[..], &[2, 3]).unwrap();
    match v.astype::<i32>(Casting::SameValue) {
        Err(Error::LossyCast { index, value, to }) => {
            assert_eq!(index, vec![0, 2]);
            assert_eq!(value, "3.5");
            assert_eq!(to, Format::of::<i32>().to_string());
        }
        other => panic!("{other:?}"),
    }
    // C order, also for a transposed source.
    let t = v.transpose();
    match t.astype::<f32>(Casting::SameValue) {
        Err(Error::LossyCast { index, .. }) => assert_eq!(index, vec![1, 1]),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        v.slice(&"0, :2".parse().unwrap())
            .unwrap()
            .astype::<u8>(Casting::SameValue)
            .unwrap()
            .into_vec(),
        vec![1, 2]
    );
}

#[test]
fn non_numeric_formats_are_refused() {
    let bytes = [0u8; 24];
    for s in ["3s", "c", "T{<i:a:<i:b:}", "2d", "|V8", "x"] {
        let fmt = f(s);
        let n = 24 / fmt.itemsize();
        let v = RawView::new(&bytes[..n * fmt.itemsize()], fmt, &[n]).unwrap();
        let e = v.astype::<f64>(Casting::Unsafe).unwrap_err();
        assert!(matches!(e, Error::CastNotAllowed { .. }), "{s}: {e:?}");
        assert!(v.sum_as::<f64>().is_err());
    }
}

#[test]
fn bf16_data_types_and_converts() {
    let vals = [1.0f32, -2.5, 3.0e38, f32::INFINITY];
    let bits: Vec<u16> = vals.iter().map(|&x| bf16::from_f32(x).to_bits()).collect();
    // u16 storage, so that the typed view is aligned (a Vec<u8> need not be).
    let le: Vec<u16> = bits.iter().map(|b| b.to_le()).collect();
    let be: Vec<u8> = bits.iter().flat_map(|b| b.to_be_bytes()).collect();
    let v = RawView::new(bytemuck::cast_slice(&le), f("<bf16"), &[4]).unwrap();
    let typed = v.typed::<bf16>().unwrap();
    assert_eq!(typed[[1]], bf16::from_f32(-2.5));
    let w = RawView::new(&be, f(">bf16"), &[4]).unwrap();
    let a = w.astype::<f32>(Casting::Safe).unwrap().into_vec();
    let expected: Vec<f32> = bits.iter().map(|&b| bf16::from_bits(b).to_f32()).collect();
    assert_eq!(a, expected);
    assert_eq!(w.sum_as::<f32>().unwrap(), expected.iter().sum::<f32>());
    assert!(w.astype::<f16>(Casting::Safe).is_err());
}

#[test]
fn empty_and_zero_d_views() {
    let bytes = 7u32.to_be_bytes();
    let v = RawView::from_parts(&bytes, f(">u4"), &[], &[], 0).unwrap();
    assert_eq!(v.astype::<u64>(Casting::Safe).unwrap().into_vec(), vec![7]);
    assert_eq!(v.sum_as::<u64>().unwrap(), 7);
    let e = RawView::new(&bytes[..0], f(">u4"), &[0, 3]).unwrap();
    let a = e.astype::<f64>(Casting::Safe).unwrap();
    assert_eq!(a.shape(), &[0, 3]);
    assert_eq!(e.sum_as::<f64>().unwrap(), 0.0);
    assert_eq!(e.mean_as::<f64>().unwrap(), None);
    assert_eq!(e.min_as::<f64>().unwrap(), None);
}

// Errors that point the way (issue 14, item 4): each message names the way on.

#[test]
fn format_mismatch_names_astype() {
    let bytes = 1.5f64.to_be_bytes();
    let v = RawView::new(&bytes, f(">f8"), &[1]).unwrap();
    let e = v.typed::<f64>().unwrap_err();
    if cfg!(target_endian = "little") {
        assert!(matches!(e, Error::FormatMismatch { .. }));
        let msg = e.to_string();
        assert!(msg.contains("`astype`") && msg.contains(">f8"), "{msg}");
    }
}

#[test]
fn misaligned_says_whose_address_is_misaligned() {
    let words = [0u64; 4];
    let bytes: &[u8] = bytemuck::cast_slice(&words);
    // The region itself starts 1 byte past an 8-aligned address.
    let shifted = RawView::new(&bytes[1..17], f("=d"), &[2]).unwrap();
    let msg = shifted.typed::<f64>().unwrap_err().to_string();
    assert!(
        msg.contains("the region's address is misaligned (address mod 8 = 1)"),
        "{msg}"
    );
    assert!(
        msg.contains("`astype`") && msg.contains("aligned buffer"),
        "{msg}"
    );
    assert_eq!(
        shifted.astype::<f64>(Casting::No).unwrap().into_vec(),
        vec![0.0, 0.0]
    );
    // An offset into an aligned region: the offset is named.
    let odd = RawView::from_parts(bytes, f("=d"), &[2], &[8], 3).unwrap();
    let msg = odd.typed::<f64>().unwrap_err().to_string();
    assert!(
        msg.contains("byte offset 3") && msg.contains("`astype`"),
        "{msg}"
    );
    // A packed record field: the stride is named, and sum_as is the way on.
    let rec = RawView::new(&bytes[..24], f("T{<d:x:<I:id:}"), &[2]).unwrap();
    let msg = rec
        .field("x")
        .unwrap()
        .typed::<f64>()
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("stride 12") && msg.contains("`sum_as`"),
        "{msg}"
    );
}

#[test]
fn assign_between_formats_names_convert_into() {
    let src = [1u8, 0, 2, 0];
    let mut dst = [0u8; 8];
    let s = RawView::new(&src, f("<u2"), &[2]).unwrap();
    let mut d = ndview::RawViewMut::new(&mut dst, f("<f4"), &[2]).unwrap();
    let msg = d.assign(&s).unwrap_err().to_string();
    assert!(
        msg.contains("assign copies bytes and does not convert"),
        "{msg}"
    );
    assert!(msg.contains("`convert_into`"), "{msg}");
}

#[test]
fn numpy_dtype_names_suggest_the_type_string() {
    let msg = Format::parse("float64").unwrap_err().to_string();
    assert!(msg.contains("NumPy dtype names are not accepted"), "{msg}");
    if cfg!(target_endian = "little") {
        assert!(msg.contains("`<f8`"), "{msg}");
        assert!(Format::parse("int32")
            .unwrap_err()
            .to_string()
            .contains("`<i4`"));
    }
    // Whitespace is ignored as Python's struct ignores it.
    assert_eq!(f("i  h ").itemsize(), 6);
}

#[test]
#[should_panic(expected = "has 1 coordinates, but the view has 2 dimensions")]
fn indexing_with_the_wrong_rank_says_so() {
    let data = [1u8, 2, 3, 4];
    let v = ndview::NdView::from_slice(&data[..], &[2, 2]).unwrap();
    let _ = v[[1]];
}

#[test]
fn from_slice_refuses_a_longer_slice() {
    let data = [1u32, 2, 3, 4, 5];
    let e = ndview::NdView::from_slice(&data[..], &[2, 2]).unwrap_err();
    assert!(matches!(e, Error::ShapeMismatch { .. }), "{e:?}");
    assert!(
        e.to_string().contains("5 elements but the shape has 4"),
        "{e}"
    );
    let mut m = data;
    assert!(ndview::NdViewMut::from_slice_mut(&mut m[..], &[2, 2]).is_err());
    assert!(ndview::NdView::from_slice(&data[..4], &[2, 2]).is_ok());
}

#[test]
fn too_many_dims_and_overflow_repeat_the_shape() {
    let e = ndview::Layout::contiguous(&[1; 65], 8, ndview::Order::C).unwrap_err();
    assert!(
        e.to_string()
            .contains(&format!("(shape {:?})", vec![1usize; 65])),
        "{e}"
    );
    let e = ndview::Layout::contiguous(&[1 << 40, 1 << 40], 8, ndview::Order::C).unwrap_err();
    assert!(matches!(e, Error::Overflow { .. }));
    assert!(
        e.to_string()
            .contains("for the shape [1099511627776, 1099511627776]"),
        "{e}"
    );
}

#[test]
fn large_transposed_sources_cross_every_tile_and_group() {
    // A 600 × 13 source transposed: 13 strided runs of 600 (pieces of
    // 256, 256, 88) in groups of 8 and 5.
    let (rows, cols) = if cfg!(miri) { (5, 300) } else { (600, 13) };
    let vals: Vec<f64> = (0..rows * cols).map(|i| i as f64 * 0.25 - 7.0).collect();
    let be: Vec<u8> = vals.iter().flat_map(|x| x.to_be_bytes()).collect();
    let v = RawView::new(&be, f(">f8"), &[rows, cols]).unwrap();
    let t = v.transpose();
    let got = t.astype::<f32>(Casting::SameKind).unwrap();
    assert_eq!(got.shape(), &[cols, rows]);
    let expected: Vec<f32> = (0..cols)
        .flat_map(|j| (0..rows).map(move |i| (i, j)))
        .map(|(i, j)| vals[i * cols + j] as f32)
        .collect();
    assert_eq!(got.into_vec(), expected);
    // Reversed and strided too.
    let vals = &vals;
    let r = v.slice(&"::-1, ::2".parse().unwrap()).unwrap().transpose();
    let got = r.astype::<f64>(Casting::Equiv).unwrap().into_vec();
    let expected: Vec<f64> = (0..cols)
        .step_by(2)
        .flat_map(|j| (0..rows).rev().map(move |i| vals[i * cols + j]))
        .collect();
    assert_eq!(got, expected);
}
