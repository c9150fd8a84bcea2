//! The format string a [`View`](super::View) exports through the buffer
//! protocol.
//!
//! `Format`'s `Display` prints NumPy type strings (`<f8`) for scalars,
//! which `struct`, `memoryview` and NumPy's buffer reader do not accept.
//! Exports need PEP 3118 `struct` syntax instead: an explicit byte order on
//! every multi-byte item (`<d`, `>Zf`; `<`, `>` mean "standard size, no
//! alignment", so every offset is exactly what the layout says), `?`, `B`,
//! `Ns`, and records as `T{…}` with explicit `Nx` padding — the body of a
//! record is already written that way by `Display`.

use alloc::format;
use alloc::string::{String, ToString};

use crate::format::{ByteOrder, Format, Kind};

/// The PEP 3118 string for `format`: `struct.calcsize` of it is
/// `format.itemsize()`, and NumPy reads it back as the same dtype.
///
/// ```
/// use ndview::{python::pep3118::buffer_format, Format};
/// let f = |s: &str| buffer_format(&Format::parse(s).unwrap());
/// assert_eq!(f("<f8"), "<d");
/// assert_eq!(f(">i2"), ">h");
/// assert_eq!(f("|u1"), "B");
/// assert_eq!(f("|b1"), "?");
/// assert_eq!(f("<c16"), "<Zd");
/// assert_eq!(f("|S3"), "3s");
/// assert_eq!(f("<f2"), "<e");
/// assert_eq!(f("T{<I:id:>d:x:}"), "T{<I:id:>d:x:}");
/// ```
pub fn buffer_format(format: &Format) -> String {
    if !format.is_scalar() {
        // Records and sub-arrays: `Display` writes struct syntax with
        // explicit orders and padding.
        return format.to_string();
    }
    let order = match format.byte_order() {
        ByteOrder::Little => "<",
        ByteOrder::Big => ">",
        ByteOrder::NotApplicable => "",
    };
    let n = format.itemsize();
    let code = match (format.kind(), n) {
        (Kind::Bool, 1) => "?",
        (Kind::Char, 1) => "c",
        (Kind::Signed, 1) => "b",
        (Kind::Unsigned, 1) => "B",
        (Kind::Signed, 2) => "h",
        (Kind::Signed, 4) => "i",
        (Kind::Signed, 8) => "q",
        (Kind::Unsigned, 2) => "H",
        (Kind::Unsigned, 4) => "I",
        (Kind::Unsigned, 8) => "Q",
        (Kind::Float, 2) => "e",
        (Kind::Float, 4) => "f",
        (Kind::Float, 8) => "d",
        (Kind::Complex, 4) => "Ze",
        (Kind::Complex, 8) => "Zf",
        (Kind::Complex, 16) => "Zd",
        (Kind::Bytes, n) => return format!("{n}s"),
        (Kind::Void, n) => return format!("{n}x"),
        // A native pointer: `P` is only defined with native size.
        (Kind::Pointer, _) => return "@P".to_string(),
        // No struct code: let `Display` say what it is.
        _ => return format.to_string(),
    };
    format!("{order}{code}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_export_string_parses_back_to_the_same_format() {
        for s in [
            "<f8",
            ">f8",
            "<f4",
            ">f2",
            "|u1",
            "|i1",
            "<i2",
            ">u2",
            "<i4",
            ">u4",
            "<i8",
            ">u8",
            "|b1",
            "<c8",
            ">c16",
            "|S1",
            "|S7",
            "c",
            "T{<I:id:>d:x:}",
            "@bi",
            "(2,3)<f",
            "T{b:a:T{<h:c:}:b:3x}",
        ] {
            let f = Format::parse(s).unwrap();
            let out = buffer_format(&f);
            let back = Format::parse(&out).unwrap();
            assert_eq!(back, f, "{s} -> {out}");
            assert_eq!(back.itemsize(), f.itemsize(), "{s} -> {out}");
        }
    }
}
