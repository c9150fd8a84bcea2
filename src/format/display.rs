//! The canonical string of a format: what `Display` prints and
//! [`Format::parse`] reads back to an equal format.
//!
//! * Scalars print as NumPy type strings where NumPy has one (`<f8`, `|u1`,
//!   `|b1`, `>c16`, `|S4`, `|V8`) and in `struct` syntax otherwise (`c`,
//!   `P`, `<Ze`).
//! * Sub-arrays print as PEP 3118 `(2,3)<f`.
//! * Records print as `T{…}` in `struct` syntax with an explicit byte order
//!   on every multi-byte item (`<`, `>`, or `^` for native pointers, which
//!   all mean "no alignment padding") and explicit `Nx` padding, so that
//!   every offset and the itemsize survive the round trip. Every field is
//!   named.
//!
//! Only the alignment is not kept: a reparsed record has alignment 1, a
//! reparsed scalar its natural alignment. Alignment is not part of
//! equality.

use core::fmt::{self, Display, Formatter, Write};

use super::{Body, ByteOrder, Format, Kind, Prim, Repr};

impl Display for Format {
    /// ```
    /// use ndview::Format;
    /// let show = |s: &str| Format::parse(s).unwrap().to_string();
    /// assert_eq!(show("<d"), "<f8");
    /// assert_eq!(show("B"), "|u1");
    /// assert_eq!(show("?"), "|b1");
    /// assert_eq!(show(">Zd"), ">c16");
    /// assert_eq!(show("4s"), "|S4");
    /// assert_eq!(show("(2,3)<f"), "(2,3)<f");
    /// assert_eq!(show("<bi"), "T{b:f0:<i:f1:}");
    /// assert_eq!(show("@bi"), "T{b:f0:3x<i:f1:}");
    /// ```
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Prim(p) => write_numpy(p, f),
            Repr::Compound(_) => write_member(self, f),
        }
    }
}

fn order_char(order: ByteOrder) -> char {
    match order {
        ByteOrder::Little => '<',
        ByteOrder::Big => '>',
        ByteOrder::NotApplicable => '|',
    }
}

/// A top-level scalar, NumPy style where NumPy has a type string.
fn write_numpy(p: &Prim, f: &mut Formatter<'_>) -> fmt::Result {
    let o = order_char(p.order);
    match (p.kind, p.size) {
        (Kind::Bool, _) => write!(f, "|b{}", p.size),
        (Kind::Signed, 1 | 2 | 4 | 8) => write!(f, "{o}i{}", p.size),
        (Kind::Unsigned, 1 | 2 | 4 | 8) => write!(f, "{o}u{}", p.size),
        (Kind::Float, 2 | 4 | 8) => write!(f, "{o}f{}", p.size),
        (Kind::BFloat, 2) => write!(f, "{o}bf16"),
        (Kind::Complex, 8 | 16) => write!(f, "{o}c{}", p.size),
        (Kind::Bytes, _) => write!(f, "|S{}", p.size),
        (Kind::Void, _) => write!(f, "|V{}", p.size),
        (Kind::Pointer, _) => f.write_char('P'),
        _ => write_prim_struct(p, f),
    }
}

/// A scalar in struct syntax, with a prefix that turns alignment off.
fn write_prim_struct(p: &Prim, f: &mut Formatter<'_>) -> fmt::Result {
    let o = order_char(p.order);
    let code = match (p.kind, p.size) {
        (Kind::Bool, 1) => return f.write_char('?'),
        (Kind::Char, 1) => return f.write_char('c'),
        (Kind::Signed, 1) => return f.write_char('b'),
        (Kind::Unsigned, 1) => return f.write_char('B'),
        (Kind::Bytes, n) => return write!(f, "{n}s"),
        // A void scalar inside a record is a named padding item.
        (Kind::Void, n) => return write!(f, "{n}x"),
        (Kind::Pointer, _) => return f.write_str("^P"),
        (Kind::Signed, 2) => "h",
        (Kind::Signed, 4) => "i",
        (Kind::Signed, 8) => "q",
        (Kind::Unsigned, 2) => "H",
        (Kind::Unsigned, 4) => "I",
        (Kind::Unsigned, 8) => "Q",
        (Kind::Float, 2) => "e",
        (Kind::Float, 4) => "f",
        (Kind::Float, 8) => "d",
        (Kind::BFloat, 2) => "bf16",
        (Kind::Complex, 4) => "Ze",
        (Kind::Complex, 8) => "Zf",
        (Kind::Complex, 16) => "Zd",
        // Only an `Element` impl outside the documented sizes gets here;
        // there is no string for it.
        (kind, n) => return write!(f, "{{{kind:?} of {n} bytes}}"),
    };
    write!(f, "{o}{code}")
}

/// A format as an item of a `T{…}` body or after a sub-array shape.
fn write_member(format: &Format, f: &mut Formatter<'_>) -> fmt::Result {
    let compound = match &format.0 {
        Repr::Prim(p) => return write_prim_struct(p, f),
        Repr::Compound(c) => c,
    };
    match &compound.body {
        Body::Array { shape, base } => {
            f.write_char('(')?;
            for (k, d) in shape.iter().enumerate() {
                if k > 0 {
                    f.write_char(',')?;
                }
                write!(f, "{d}")?;
            }
            f.write_char(')')?;
            write_member(base, f)
        }
        Body::Record(fields) => {
            f.write_str("T{")?;
            let mut cursor = 0;
            for field in fields {
                if field.offset > cursor {
                    write!(f, "{}x", field.offset - cursor)?;
                }
                write_member(&field.format, f)?;
                write!(f, ":{}:", field.name)?;
                cursor = field.offset + field.format.itemsize();
            }
            if compound.itemsize > cursor {
                write!(f, "{}x", compound.itemsize - cursor)?;
            }
            f.write_char('}')
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn records_keep_offsets_through_explicit_padding() {
        for s in [
            "@bi",
            "@hq",
            "T{b:a:i:b:}",
            "T{T{ic}:a:c:b:}",
            "@ic0i",
            "xi",
            "@P?P",
        ] {
            let f = Format::parse(s).unwrap();
            let back = Format::parse(&f.to_string()).unwrap();
            assert_eq!(back, f, "{s} -> {f}");
        }
        #[cfg(target_endian = "little")]
        assert_eq!(
            Format::parse("@ic0i").unwrap().to_string(),
            "T{<i:f0:c:f1:3x}"
        );
    }

    #[test]
    fn native_pointer_is_unaligned_inside_records() {
        let f = Format::parse("^bP").unwrap();
        assert_eq!(f.field("f1").unwrap().offset, 1);
        assert_eq!(f.to_string(), "T{b:f0:^P:f1:}");
    }
}
