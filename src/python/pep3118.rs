//! The format string a [`View`](super::View) exports through the buffer
//! protocol.
//!
//! `Format`'s `Display` prints NumPy type strings (`<f8`) for scalars,
//! which `struct`, `memoryview` and NumPy's buffer reader do not accept.
//! Exports need PEP 3118 `struct` syntax instead: `d`, `>Zf`, `?`, `B`,
//! `Ns` for scalars (native order unprefixed, as NumPy writes it), and
//! records as `T{…}` with an explicit byte order on every multi-byte item
//! (`<`, `>` mean "standard size, no alignment", so every offset is exactly
//! what the layout says) and explicit `Nx` padding — the body of a record
//! is already written that way by `Display`.
//!
//! [`with_trailing_padding`] reads NumPy's own record exports, which leave
//! out the padding after the last field (`T{xxxxh:x:xxf:y:}` for a 16-byte
//! record).

use alloc::format;
use alloc::string::{String, ToString};

use crate::format::{ByteOrder, Format, Kind};

/// The PEP 3118 string for `format`: `struct.calcsize` of it is
/// `format.itemsize()`, and NumPy reads it back as the same dtype.
///
/// ```
/// use ndview::{python::pep3118::buffer_format, Format};
/// let f = |s: &str| buffer_format(&Format::parse(s).unwrap());
/// #[cfg(target_endian = "little")]
/// assert_eq!((f("<f8"), f(">f8")), ("d".to_string(), ">d".to_string()));
/// assert_eq!(f(">i2"), ">h");
/// assert_eq!(f("|u1"), "B");
/// assert_eq!(f("|b1"), "?");
/// assert_eq!(f(">c16"), ">Zd");
/// assert_eq!(f("|S3"), "3s");
/// assert_eq!(f(">f2"), ">e");
/// assert_eq!(f("T{<I:id:>d:x:}"), "T{<I:id:>d:x:}");
/// ```
pub fn buffer_format(format: &Format) -> String {
    if !format.is_scalar() {
        // Records and sub-arrays: `Display` writes struct syntax with
        // explicit orders and padding.
        return format.to_string();
    }
    // Native order is written without a prefix, as NumPy writes it:
    // `memoryview` indexes and `tolist`s only unprefixed (`@`) scalars, and
    // for a lone scalar native size equals standard size (`q`, never `l`).
    let order = match format.byte_order() {
        _ if format.is_native_order() => "",
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

/// `format`, a record string whose items cover fewer than `itemsize`
/// bytes, padded at the end to `itemsize` bytes; `None` if it is not a
/// record or already longer.
///
/// ```
/// use ndview::{python::pep3118::with_trailing_padding, Format};
/// let f = with_trailing_padding("T{xxxxh:x:xxf:y:}", 16).unwrap().unwrap();
/// assert_eq!((f.itemsize(), f.field("y").unwrap().offset), (16, 8));
/// assert!(with_trailing_padding("<d", 16).unwrap().is_none());
/// # Ok::<(), ndview::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidFormat`](crate::Error::InvalidFormat) if `format` does not parse.
pub fn with_trailing_padding(format: &str, itemsize: usize) -> crate::Result<Option<Format>> {
    let parsed = Format::parse(format)?;
    if parsed.kind() != Kind::Record || parsed.itemsize() >= itemsize {
        return Ok(None);
    }
    let pad = itemsize - parsed.itemsize();
    let trimmed = format.trim_end();
    let padded = match trimmed.strip_suffix('}') {
        Some(body)
            if trimmed
                .trim_start_matches(['@', '=', '<', '>', '!'])
                .starts_with("T{") =>
        {
            format!("{body}{pad}x}}")
        }
        _ => format!("{trimmed}{pad}x"),
    };
    let f = Format::parse(&padded)?;
    Ok((f.itemsize() == itemsize).then_some(f))
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
