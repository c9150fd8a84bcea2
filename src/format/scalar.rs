//! One element as a value: [`Scalar`], and decoding and encoding it in any
//! byte order ([`Format::decode`], [`Format::encode`]).
//!
//! Decoding is `struct.unpack` of one element (or `memoryview.tolist` of a
//! 0-d view): signed kinds become [`Scalar::Int`], unsigned kinds and
//! pointers [`Scalar::UInt`], `?` [`Scalar::Bool`], floats (including the
//! half-precision `e`, converted here without a dependency)
//! [`Scalar::Float`], `c` a one-byte [`Scalar::Bytes`], records
//! [`Scalar::Record`] and sub-arrays nested [`Scalar::Array`]s. Encoding is
//! `struct.pack`, range-checked the same way.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use core::fmt::{self, Display, Formatter, Write};

use super::{Body, ByteOrder, Format, Kind, Prim, Repr};
use crate::error::{Error, Result};

/// The value of one element.
///
/// `Display` prints it the way Python prints the value that `struct.unpack`
/// or `memoryview.tolist` gives: `True`, `-3`, `2.5`, `inf`, `(1+2j)`,
/// `b'ab\x00'`, a record as a tuple `(1, 2.0)`, a sub-array as a list.
///
/// ```
/// use ndview::{format::Scalar, Format};
/// let f = Format::parse("T{<h:a:(2)B:b:}")?;
/// let v = f.decode(&[0xff, 0xff, 1, 2])?;
/// assert_eq!(v, Scalar::Record(vec![
///     ("a".into(), Scalar::Int(-1)),
///     ("b".into(), Scalar::Array(vec![Scalar::UInt(1), Scalar::UInt(2)])),
/// ]));
/// assert_eq!(v.to_string(), "(-1, [1, 2])");
/// # Ok::<(), ndview::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    /// `?`, `b1`.
    Bool(bool),
    /// Signed integers.
    Int(i64),
    /// Unsigned integers and pointers.
    UInt(u64),
    /// Floats of any width.
    Float(f64),
    /// Complex numbers: (real, imaginary).
    Complex(f64, f64),
    /// `c` (one byte), `Ns` byte strings and void bytes.
    Bytes(Vec<u8>),
    /// A record: its fields by name, in offset order.
    Record(Vec<(String, Scalar)>),
    /// A sub-array: one entry per index of its first axis, nested for the
    /// others.
    Array(Vec<Scalar>),
}

impl Format {
    /// Decodes one element from exactly `itemsize()` bytes, in the format's
    /// byte order.
    ///
    /// # Errors
    ///
    /// [`Error::ShapeMismatch`] if `bytes.len() != self.itemsize()`.
    ///
    /// ```
    /// use ndview::{format::Scalar, Format};
    /// assert_eq!(Format::parse(">h")?.decode(&[0xff, 0xfe])?, Scalar::Int(-2));
    /// assert_eq!(Format::parse("<H")?.decode(&[0xff, 0xfe])?, Scalar::UInt(0xfeff));
    /// assert_eq!(Format::parse("<e")?.decode(&[0x00, 0x3c])?, Scalar::Float(1.0));
    /// assert_eq!(Format::parse("c")?.decode(b"x")?, Scalar::Bytes(b"x".to_vec()));
    /// assert!(Format::parse("<i")?.decode(&[1, 2]).is_err());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn decode(&self, bytes: &[u8]) -> Result<Scalar> {
        self.check_len("decode", bytes.len())?;
        Ok(self.decode_exact(bytes))
    }

    /// Encodes `value` into `out`, which must be exactly `itemsize()` bytes,
    /// as `struct.pack` would.
    ///
    /// Integers (and `Bool`) are accepted for integer, float and complex
    /// kinds; floats only for float and complex kinds. Byte strings (`s`,
    /// void) are truncated or zero-padded like `struct.pack('4s', …)`; `c`
    /// needs exactly one byte. Record values name their fields; padding
    /// bytes are written as zeros.
    ///
    /// # Errors
    ///
    /// [`Error::ShapeMismatch`] if `out.len() != self.itemsize()`, or a
    /// sub-array value has the wrong length; [`Error::InvalidValue`]
    /// (naming the format and the value) if the value does not fit: an
    /// integer out of range, a finite float too large for `f` or `e`, a
    /// value of the wrong type, a missing or unknown record field.
    ///
    /// ```
    /// use ndview::{format::Scalar, Format};
    /// let mut out = [0u8; 2];
    /// Format::parse(">h")?.encode(&Scalar::Int(-2), &mut out)?;
    /// assert_eq!(out, [0xff, 0xfe]);
    /// assert!(Format::parse("<h")?.encode(&Scalar::Int(40000), &mut out).is_err());
    /// assert!(Format::parse("<e")?.encode(&Scalar::Float(1e10), &mut out).is_err());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn encode(&self, value: &Scalar, out: &mut [u8]) -> Result<()> {
        self.check_len("encode", out.len())?;
        self.encode_exact(value, out)
    }

    fn check_len(&self, operation: &'static str, len: usize) -> Result<()> {
        if len == self.itemsize() {
            return Ok(());
        }
        Err(Error::ShapeMismatch {
            operation,
            found: vec![len],
            requested: vec![self.itemsize()],
            reason: format!(
                "the format {self} has {} bytes, but {len} bytes were given",
                self.itemsize()
            ),
        })
    }

    fn decode_exact(&self, bytes: &[u8]) -> Scalar {
        match &self.0 {
            Repr::Prim(p) => decode_prim(p, bytes),
            Repr::Compound(c) => match &c.body {
                Body::Record(fields) => Scalar::Record(
                    fields
                        .iter()
                        .map(|f| {
                            let end = f.offset + f.format.itemsize();
                            (f.name.clone(), f.format.decode_exact(&bytes[f.offset..end]))
                        })
                        .collect(),
                ),
                Body::Array { shape, base } => decode_array(shape, base, bytes),
            },
        }
    }

    fn encode_exact(&self, value: &Scalar, out: &mut [u8]) -> Result<()> {
        match &self.0 {
            Repr::Prim(p) => encode_prim(self, p, value, out),
            Repr::Compound(c) => match (&c.body, value) {
                (Body::Record(fields), Scalar::Record(values)) => {
                    if let Some((name, _)) = values.iter().find(|(n, _)| self.field(n).is_none()) {
                        return Err(self.value_error(value, &format!("it has no field {name:?}")));
                    }
                    out.fill(0);
                    for f in fields {
                        let Some((_, v)) = values.iter().find(|(n, _)| *n == f.name) else {
                            return Err(self.value_error(
                                value,
                                &format!("the field {:?} is missing", f.name),
                            ));
                        };
                        let end = f.offset + f.format.itemsize();
                        f.format.encode_exact(v, &mut out[f.offset..end])?;
                    }
                    Ok(())
                }
                (Body::Array { shape, base }, Scalar::Array(items)) => {
                    encode_array(shape, base, items, out)
                }
                _ => Err(self.value_error(value, "the value has the wrong type")),
            },
        }
    }

    fn value_error(&self, value: &Scalar, reason: &str) -> Error {
        Error::InvalidValue {
            format: self.to_string(),
            value: value.to_string(),
            reason: reason.into(),
        }
    }
}

fn decode_array(shape: &[usize], base: &Format, bytes: &[u8]) -> Scalar {
    let Some((&n, inner)) = shape.split_first() else {
        return base.decode_exact(bytes);
    };
    if n == 0 {
        return Scalar::Array(Vec::new());
    }
    let step = bytes.len() / n;
    Scalar::Array(
        bytes
            .chunks_exact(step.max(1))
            .take(n)
            .map(|chunk| decode_array(inner, base, chunk))
            .collect(),
    )
}

fn encode_array(shape: &[usize], base: &Format, items: &[Scalar], out: &mut [u8]) -> Result<()> {
    let (&n, inner) = shape
        .split_first()
        .ok_or_else(|| Error::overflow("sub-array shape"))?;
    if items.len() != n {
        return Err(Error::ShapeMismatch {
            operation: "encode",
            found: vec![items.len()],
            requested: vec![n],
            reason: "a sub-array value needs one entry per index of its axis".into(),
        });
    }
    if n == 0 {
        return Ok(());
    }
    let step = out.len() / n;
    for (item, chunk) in items.iter().zip(out.chunks_exact_mut(step.max(1))) {
        match (inner.is_empty(), item) {
            (true, _) => base.encode_exact(item, chunk)?,
            (false, Scalar::Array(sub)) => encode_array(inner, base, sub, chunk)?,
            (false, other) => {
                return Err(base.value_error(other, "a nested sub-array needs a list"))
            }
        }
    }
    Ok(())
}

/// The unsigned integer in `bytes` (at most 8) read in `order`.
fn read_uint(bytes: &[u8], order: ByteOrder) -> u64 {
    let fold = |acc: u64, &b: &u8| (acc << 8) | u64::from(b);
    match order {
        ByteOrder::Little => bytes.iter().rev().fold(0, fold),
        _ => bytes.iter().fold(0, fold),
    }
}

/// Writes the low `out.len()` bytes of `v` in `order`.
fn write_uint(v: u64, out: &mut [u8], order: ByteOrder) {
    let n = out.len();
    for (i, b) in out.iter_mut().enumerate() {
        let k = match order {
            ByteOrder::Little => i,
            _ => n - 1 - i,
        };
        *b = (v >> (8 * k)) as u8;
    }
}

fn decode_float(bytes: &[u8], order: ByteOrder) -> f64 {
    let bits = read_uint(bytes, order);
    match bytes.len() {
        2 => f16_bits_to_f64(bits as u16),
        4 => f64::from(f32::from_bits(bits as u32)),
        _ => f64::from_bits(bits),
    }
}

fn decode_prim(p: &Prim, bytes: &[u8]) -> Scalar {
    match p.kind {
        Kind::Bool => Scalar::Bool(bytes.iter().any(|&b| b != 0)),
        Kind::Signed if (1..=8).contains(&p.size) => {
            let shift = 64 - 8 * p.size as u32;
            Scalar::Int(((read_uint(bytes, p.order) << shift) as i64) >> shift)
        }
        Kind::Unsigned | Kind::Pointer if (1..=8).contains(&p.size) => {
            Scalar::UInt(read_uint(bytes, p.order))
        }
        Kind::Float if matches!(p.size, 2 | 4 | 8) => Scalar::Float(decode_float(bytes, p.order)),
        Kind::BFloat if p.size == 2 => {
            let bits = read_uint(bytes, p.order) as u32;
            Scalar::Float(f64::from(f32::from_bits(bits << 16)))
        }
        Kind::Complex if matches!(p.size, 4 | 8 | 16) => {
            let (re, im) = bytes.split_at(p.size / 2);
            Scalar::Complex(decode_float(re, p.order), decode_float(im, p.order))
        }
        // Char, Bytes, Void, and sizes no format string can produce.
        _ => Scalar::Bytes(bytes.to_vec()),
    }
}

/// The value as an `i128` if it is an integer (Python's `bool` is one).
fn as_integer(value: &Scalar) -> Option<i128> {
    match *value {
        Scalar::Bool(b) => Some(i128::from(b)),
        Scalar::Int(v) => Some(i128::from(v)),
        Scalar::UInt(v) => Some(i128::from(v)),
        _ => None,
    }
}

/// The value as a float if it is a real number.
fn as_real(value: &Scalar) -> Option<f64> {
    match *value {
        Scalar::Float(x) => Some(x),
        Scalar::Int(v) => Some(v as f64),
        Scalar::UInt(v) => Some(v as f64),
        Scalar::Bool(b) => Some(f64::from(u8::from(b))),
        _ => None,
    }
}

fn encode_float(
    format: &Format,
    x: f64,
    value: &Scalar,
    out: &mut [u8],
    order: ByteOrder,
) -> Result<()> {
    let too_large = || format.value_error(value, "the float is too large for the format");
    let bits = match out.len() {
        2 => u64::from(f64_to_f16_bits(x).ok_or_else(too_large)?),
        4 => {
            let y = x as f32;
            if y.is_infinite() && x.is_finite() {
                return Err(too_large());
            }
            u64::from(y.to_bits())
        }
        _ => x.to_bits(),
    };
    write_uint(bits, out, order);
    Ok(())
}

fn encode_prim(format: &Format, p: &Prim, value: &Scalar, out: &mut [u8]) -> Result<()> {
    let wrong_type = |expected: &str| format.value_error(value, &format!("{expected} expected"));
    match p.kind {
        Kind::Bool => {
            let v = as_integer(value).ok_or_else(|| wrong_type("a bool or an integer"))?;
            out.fill(0);
            if let Some(first) = out.first_mut() {
                *first = u8::from(v != 0);
            }
        }
        Kind::Signed | Kind::Unsigned | Kind::Pointer if (1..=8).contains(&p.size) => {
            let v = as_integer(value).ok_or_else(|| wrong_type("an integer"))?;
            let bits = 8 * p.size as u32;
            let (lo, hi) = if p.kind == Kind::Signed {
                (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
            } else {
                (0, (1i128 << bits) - 1)
            };
            if v < lo || v > hi {
                return Err(format.value_error(
                    value,
                    &format!("the format requires {lo} <= number <= {hi}"),
                ));
            }
            write_uint(v as u64, out, p.order);
        }
        Kind::Float if matches!(p.size, 2 | 4 | 8) => {
            let x = as_real(value).ok_or_else(|| wrong_type("a real number"))?;
            encode_float(format, x, value, out, p.order)?;
        }
        Kind::BFloat if p.size == 2 => {
            let x = as_real(value).ok_or_else(|| wrong_type("a real number"))?;
            let bits = f64_to_bf16_bits(x).ok_or_else(|| {
                format.value_error(value, "the float is too large for the format")
            })?;
            write_uint(u64::from(bits), out, p.order);
        }
        Kind::Complex if matches!(p.size, 4 | 8 | 16) => {
            let (re, im) = match *value {
                Scalar::Complex(re, im) => (re, im),
                ref v => (as_real(v).ok_or_else(|| wrong_type("a number"))?, 0.0),
            };
            let (a, b) = out.split_at_mut(p.size / 2);
            encode_float(format, re, value, a, p.order)?;
            encode_float(format, im, value, b, p.order)?;
        }
        Kind::Char => match value {
            Scalar::Bytes(b) if b.len() == 1 && out.len() == 1 => out[0] = b[0],
            _ => return Err(wrong_type("a byte string of length 1")),
        },
        _ => match value {
            // `s` and void: truncate or zero-pad, as struct.pack('4s', …).
            Scalar::Bytes(b) => {
                let n = b.len().min(out.len());
                out[..n].copy_from_slice(&b[..n]);
                out[n..].fill(0);
            }
            _ => return Err(wrong_type("a byte string")),
        },
    }
    Ok(())
}

/// `2^k` for `k` in the normal range of `f64`.
fn pow2(k: i32) -> f64 {
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// binary64 → bfloat16 through binary32, each step rounding to nearest
/// even (as `half::bf16::from_f64` does); `None` if a finite value becomes
/// infinite, like `f64_to_f16_bits`.
pub(crate) fn f64_to_bf16_bits(x: f64) -> Option<u16> {
    let y = x as f32;
    let bits = y.to_bits();
    if y.is_nan() {
        return Some(((bits >> 16) as u16) | 0x0040);
    }
    let rounded = (bits + 0x7fff + ((bits >> 16) & 1)) >> 16;
    let out = rounded as u16;
    if x.is_finite() && (out & 0x7fff) == 0x7f80 {
        return None;
    }
    Some(out)
}

/// IEEE binary16 → binary64 (exact).
pub(crate) fn f16_bits_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((h >> 10) & 0x1f);
    let mant = f64::from(h & 0x3ff);
    sign * match exp {
        0 => mant * pow2(-24),
        0x1f if mant == 0.0 => f64::INFINITY,
        0x1f => f64::NAN,
        e => (1024.0 + mant) * pow2(e - 25),
    }
}

/// binary64 → binary16, rounding to nearest even; `None` if a finite value
/// rounds beyond the largest half (65504), as `struct.pack('e')` refuses.
pub(crate) fn f64_to_f16_bits(x: f64) -> Option<u16> {
    let bits = x.to_bits();
    let sign = ((bits >> 48) & 0x8000) as u16;
    if x.is_nan() {
        return Some(sign | 0x7e00);
    }
    if x.is_infinite() {
        return Some(sign | 0x7c00);
    }
    let exp = ((bits >> 52) & 0x7ff) as i32 - 1023;
    let mant = bits & ((1u64 << 52) - 1);
    if exp == -1023 {
        // zero or an f64 subnormal: far below the smallest half
        return Some(sign);
    }
    if exp > 15 {
        return None;
    }
    let full = mant | (1u64 << 52);
    // Number of low bits of `full` dropped to reach the half's precision:
    // 42 for normals, more for half subnormals (exponent below -14).
    let shift = if exp >= -14 {
        42
    } else {
        42 + (-14 - exp) as u32
    };
    if shift > 53 {
        return Some(sign);
    }
    let mut m = full >> shift;
    let rem = full & ((1u64 << shift) - 1);
    let half = 1u64 << (shift - 1);
    if rem > half || (rem == half && m & 1 == 1) {
        m += 1;
    }
    let value = if exp >= -14 {
        // m is 11 bits with the implicit one (may carry into 12 bits).
        let e = (exp + 15) as u64;
        (e << 10) + m - (1 << 10)
    } else {
        // subnormal: m is the mantissa; a carry makes the smallest normal
        m
    };
    if value >= 0x7c00 {
        return None;
    }
    Some(sign | value as u16)
}

/// A float as Python's `repr` prints it.
fn write_py_float(f: &mut Formatter<'_>, x: f64) -> fmt::Result {
    if x.is_nan() {
        return f.write_str("nan");
    }
    if x.is_infinite() {
        return f.write_str(if x < 0.0 { "-inf" } else { "inf" });
    }
    write_py_digits(f, &format!("{x:?}"))
}

/// A float of `f32` precision as NumPy prints a `float32`: the shortest
/// digits that read back as the same `f32`, in Python's notation.
pub(crate) fn write_py_f32(f: &mut Formatter<'_>, x: f32) -> fmt::Result {
    if x.is_nan() || x.is_infinite() {
        return write_py_float(f, f64::from(x));
    }
    write_py_digits(f, &format!("{x:?}"))
}

/// Rust's `Debug` digits of a finite float (`1.0`, `1e300`) in Python's
/// spelling (`1.0`, `1e+300`).
fn write_py_digits(f: &mut Formatter<'_>, s: &str) -> fmt::Result {
    match s.split_once('e') {
        Some((mantissa, exp)) => {
            let (sign, digits) = match exp.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', exp),
            };
            write!(f, "{mantissa}e{sign}{digits:0>2}")
        }
        None => f.write_str(s),
    }
}

/// A complex component as Python prints it: `repr`, without a `.0`.
fn write_py_component(f: &mut Formatter<'_>, x: f64) -> fmt::Result {
    let mut s = String::new();
    write!(s, "{}", PyFloat(x))?;
    f.write_str(s.strip_suffix(".0").unwrap_or(&s))
}

struct PyFloat(f64);

impl Display for PyFloat {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_py_float(f, self.0)
    }
}

impl Display for Scalar {
    /// ```
    /// use ndview::format::Scalar;
    /// assert_eq!(Scalar::Bool(true).to_string(), "True");
    /// assert_eq!(Scalar::Float(1.0).to_string(), "1.0");
    /// assert_eq!(Scalar::Float(1e300).to_string(), "1e+300");
    /// assert_eq!(Scalar::Complex(1.0, -2.5).to_string(), "(1-2.5j)");
    /// assert_eq!(Scalar::Bytes(b"a'\0".to_vec()).to_string(), r#"b"a'\x00""#);
    /// ```
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Bool(b) => f.write_str(if *b { "True" } else { "False" }),
            Scalar::Int(v) => write!(f, "{v}"),
            Scalar::UInt(v) => write!(f, "{v}"),
            Scalar::Float(x) => write_py_float(f, *x),
            Scalar::Complex(re, im) => {
                let bare = *re == 0.0 && re.is_sign_positive();
                if !bare {
                    f.write_char('(')?;
                    write_py_component(f, *re)?;
                    f.write_char(if im.is_sign_negative() && !im.is_nan() {
                        '-'
                    } else {
                        '+'
                    })?;
                    write_py_component(f, if im.is_nan() { *im } else { im.abs() })?;
                    f.write_str("j)")
                } else {
                    write_py_component(f, *im)?;
                    f.write_char('j')
                }
            }
            Scalar::Bytes(bytes) => {
                let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
                    '"'
                } else {
                    '\''
                };
                write!(f, "b{quote}")?;
                for &b in bytes {
                    match b {
                        b'\\' => f.write_str("\\\\")?,
                        b'\t' => f.write_str("\\t")?,
                        b'\n' => f.write_str("\\n")?,
                        b'\r' => f.write_str("\\r")?,
                        _ if char::from(b) == quote => write!(f, "\\{quote}")?,
                        0x20..=0x7e => f.write_char(char::from(b))?,
                        _ => write!(f, "\\x{b:02x}")?,
                    }
                }
                f.write_char(quote)
            }
            Scalar::Record(fields) => {
                f.write_char('(')?;
                for (k, (_, v)) in fields.iter().enumerate() {
                    if k > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str(if fields.len() == 1 { ",)" } else { ")" })
            }
            Scalar::Array(items) => {
                f.write_char('[')?;
                for (k, v) in items.iter().enumerate() {
                    if k > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_char(']')
            }
        }
    }
}

impl From<bool> for Scalar {
    fn from(v: bool) -> Scalar {
        Scalar::Bool(v)
    }
}

impl From<i64> for Scalar {
    fn from(v: i64) -> Scalar {
        Scalar::Int(v)
    }
}

impl From<u64> for Scalar {
    fn from(v: u64) -> Scalar {
        Scalar::UInt(v)
    }
}

impl From<f64> for Scalar {
    fn from(v: f64) -> Scalar {
        Scalar::Float(v)
    }
}

impl Scalar {
    /// The value as text; shorthand for `to_string()`.
    ///
    /// ```
    /// assert_eq!(ndview::format::Scalar::Array(vec![1i64.into(), 2i64.into()]).to_text(), "[1, 2]");
    /// ```
    pub fn to_text(&self) -> String {
        self.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_special_values() {
        assert_eq!(f16_bits_to_f64(0x3c00), 1.0);
        assert_eq!(f16_bits_to_f64(0x7bff), 65504.0);
        assert_eq!(f16_bits_to_f64(0x0001), 2f64.powi(-24));
        assert_eq!(f16_bits_to_f64(0x0400), 2f64.powi(-14));
        assert_eq!(f16_bits_to_f64(0xfc00), f64::NEG_INFINITY);
        assert!(f16_bits_to_f64(0x7e00).is_nan());
        assert!(f16_bits_to_f64(0x8000).is_sign_negative());
    }

    #[test]
    fn half_encoding_rounds_to_nearest_even_and_refuses_overflow() {
        assert_eq!(f64_to_f16_bits(65504.0), Some(0x7bff));
        assert_eq!(f64_to_f16_bits(65519.99), Some(0x7bff));
        assert_eq!(f64_to_f16_bits(65520.0), None); // rounds to inf
        assert_eq!(f64_to_f16_bits(2f64.powi(-24)), Some(0x0001));
        assert_eq!(f64_to_f16_bits(2f64.powi(-25)), Some(0x0000)); // tie to even
        assert_eq!(f64_to_f16_bits(1.5 * 2f64.powi(-25)), Some(0x0001));
        assert_eq!(f64_to_f16_bits(1.0 + 2f64.powi(-11)), Some(0x3c00)); // tie to even
        assert_eq!(f64_to_f16_bits(1.0 + 3.0 * 2f64.powi(-11)), Some(0x3c02));
        assert_eq!(f64_to_f16_bits(-0.0), Some(0x8000));
        assert_eq!(f64_to_f16_bits(f64::NAN), Some(0x7e00));
        // every half survives the round trip
        for h in 0..=u16::MAX {
            let x = f16_bits_to_f64(h);
            if !x.is_nan() {
                assert_eq!(f64_to_f16_bits(x), Some(h), "{h:#06x}");
            }
        }
    }

    #[test]
    fn floats_print_like_python_repr() {
        let show = |x: f64| Scalar::Float(x).to_string();
        assert_eq!(show(0.1), "0.1");
        assert_eq!(show(1e16), "1e+16");
        assert_eq!(show(1e15), "1000000000000000.0");
        assert_eq!(show(1e-5), "1e-05");
        assert_eq!(show(0.0001), "0.0001");
        assert_eq!(show(f64::NEG_INFINITY), "-inf");
        assert_eq!(Scalar::Complex(0.0, 2.0).to_string(), "2j");
        assert_eq!(
            Scalar::Record(vec![("a".into(), Scalar::Int(1))]).to_string(),
            "(1,)"
        );
    }
}
