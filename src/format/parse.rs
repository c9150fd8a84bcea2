//! The format grammar: `struct` strings with the PEP 3118 additions, and
//! NumPy type strings.
//!
//! ```text
//! format  := numpy | body
//! numpy   := [ '<' | '>' | '=' | '|' ] letter digits      # <f8 |u1 b1 |S4 |V8
//! body    := { ws | order | item }
//! order   := '@' | '=' | '<' | '>' | '!' | '^'            # anywhere, until changed
//! item    := [ '(' dim { ',' dim } ')' [ order ] ] [ count ] code [ ':' name ':' ]
//! code    := 'x' | 'c' | 'b' | 'B' | '?' | 'h' | 'H' | 'i' | 'I' | 'l' | 'L'
//!          | 'q' | 'Q' | 'n' | 'N' | 'e' | 'f' | 'd' | 's' | 'P'
//!          | 'Z' ( 'e' | 'f' | 'd' ) | 'T{' body '}'
//!          | 'bf16'                                      # bfloat16; not followed by [A-Za-z0-9?]
//! ```
//!
//! Layout follows `Modules/_struct.c`: under `@` each item's offset is
//! rounded up to its native alignment, under the other prefixes items are
//! packed. A `T{…}` record laid out under `@` is padded at its end to its
//! alignment (as a C struct's `sizeof`); the top-level sequence is not (as
//! `struct.calcsize`). Every size is checked against `isize::MAX` and every
//! error names the byte position where it was found.

use alloc::collections::BTreeSet;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::ffi::{c_int, c_long, c_longlong, c_short};
use core::mem::{align_of, size_of};

use super::{natural_align_of, ByteOrder, Field, Format, Kind, MAX_NESTING};
use crate::error::{Error, Result};

/// The most axes a sub-array shape may have.
const MAX_SHAPE_DIMS: usize = 64;

/// Parses `s`; see the module documentation for the grammar.
pub(super) fn parse(s: &str) -> Result<Format> {
    let err = |position: usize, reason: &str| Error::InvalidFormat {
        format: s.into(),
        position,
        reason: reason.into(),
    };
    if s.is_empty() {
        return Err(err(0, "empty format: an element has at least one byte"));
    }
    if let Some(position) = s.bytes().position(|b| b == 0) {
        return Err(err(position, "embedded NUL character"));
    }
    if let Some(suggestion) =
        numpy_name(s.trim_matches(|c: char| c.is_ascii() && is_space(c as u8)))
    {
        return Err(err(
            0,
            &format!(
                "NumPy dtype names are not accepted; use the type string `{suggestion}` \
                 (what `np.dtype(name).str` prints) or a struct code"
            ),
        ));
    }
    if let Some(result) = parse_numpy(s) {
        return result;
    }
    let mut parser = Parser {
        s,
        bytes: s.as_bytes(),
        pos: 0,
        mode: Mode::Aligned,
    };
    let mut laid = parser.body(0, None)?;
    let format = if laid.items.len() == 1
        && laid.items[0].name.is_none()
        && laid.items[0].offset == 0
        && laid.items[0].format.itemsize() == laid.size
    {
        laid.items.swap_remove(0).format
    } else if laid.items.is_empty() {
        Format::prim(Kind::Void, laid.size, ByteOrder::NotApplicable, 1)
    } else {
        Format::record(fix_names(laid.items), laid.size, laid.align)
    };
    if format.itemsize() == 0 {
        return Err(err(
            0,
            "the element has 0 bytes: an element has at least one byte",
        ));
    }
    Ok(format)
}

/// The type string for a NumPy dtype name (`"float64"` → `"<f8"`), for
/// the error that suggests it. None of these names is a valid struct
/// string, so refusing them changes nothing that parsed.
fn numpy_name(s: &str) -> Option<&'static str> {
    let le = cfg!(target_endian = "little");
    let o = |little: &'static str, big: &'static str| if le { little } else { big };
    Some(match s {
        "bool" | "bool_" => "|b1",
        "int8" | "byte" => "|i1",
        "uint8" | "ubyte" => "|u1",
        "int16" | "short" => o("<i2", ">i2"),
        "uint16" | "ushort" => o("<u2", ">u2"),
        "int32" | "intc" => o("<i4", ">i4"),
        "uint32" | "uintc" => o("<u4", ">u4"),
        "int64" | "int" | "int_" | "long" | "longlong" | "intp" => o("<i8", ">i8"),
        "uint64" | "uint" | "ulong" | "ulonglong" | "uintp" => o("<u8", ">u8"),
        "float16" | "half" => o("<f2", ">f2"),
        "float32" | "single" => o("<f4", ">f4"),
        "float64" | "double" | "float" | "float_" => o("<f8", ">f8"),
        "complex64" | "csingle" => o("<c8", ">c8"),
        "complex128" | "cdouble" | "complex" | "complex_" => o("<c16", ">c16"),
        "bfloat16" => o("<bf16", ">bf16"),
        _ => return None,
    })
}

/// How sizes, byte order and alignment are chosen for the next items.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    /// `@`: native sizes, native order, native alignment.
    Aligned,
    /// `^`: native sizes, native order, no alignment.
    Unaligned,
    /// `= < > !`: standard sizes, the given order, no alignment.
    Standard(ByteOrder),
}

impl Mode {
    fn from_char(c: u8) -> Option<Mode> {
        Some(match c {
            b'@' => Mode::Aligned,
            b'^' => Mode::Unaligned,
            b'=' => Mode::Standard(ByteOrder::NATIVE),
            b'<' => Mode::Standard(ByteOrder::Little),
            b'>' | b'!' => Mode::Standard(ByteOrder::Big),
            _ => return None,
        })
    }

    fn order(self) -> ByteOrder {
        match self {
            Mode::Standard(order) => order,
            _ => ByteOrder::NATIVE,
        }
    }

    fn native_sizes(self) -> bool {
        !matches!(self, Mode::Standard(_))
    }
}

/// Python's `Py_ISSPACE`.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// One laid-out item of a body.
struct Placed {
    name: Option<String>,
    offset: usize,
    format: Format,
}

/// A parsed body: its items at their offsets, its size and its alignment.
struct Laid {
    items: Vec<Placed>,
    size: usize,
    align: usize,
}

/// One parsed item before layout.
struct Item {
    /// `None` for unnamed padding.
    format: Option<Format>,
    size: usize,
    align: usize,
    /// Whether the item was read under `@` (its offset is aligned).
    aligned: bool,
    name: Option<(String, usize)>,
}

/// Names unnamed fields `f0, f1, …`, skipping names already taken (NumPy's
/// `_fix_names`).
fn fix_names(items: Vec<Placed>) -> Vec<Field> {
    let taken: BTreeSet<String> = items.iter().filter_map(|i| i.name.clone()).collect();
    let mut next = 0usize;
    items
        .into_iter()
        .map(|item| {
            let name = item.name.unwrap_or_else(|| loop {
                let candidate = format!("f{next}");
                next += 1;
                if !taken.contains(&candidate) {
                    break candidate;
                }
            });
            Field {
                name,
                offset: item.offset,
                format: item.format,
            }
        })
        .collect()
}

struct Parser<'a> {
    s: &'a str,
    bytes: &'a [u8],
    pos: usize,
    mode: Mode,
}

impl Parser<'_> {
    fn err(&self, position: usize, reason: impl Into<String>) -> Error {
        Error::InvalidFormat {
            format: self.s.into(),
            position,
            reason: reason.into(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn too_large(&self, position: usize) -> Error {
        self.err(position, "the element size overflows isize")
    }

    /// Parses items until the end (top level) or the `}` closing the `T{`
    /// at `open`.
    fn body(&mut self, depth: usize, open: Option<usize>) -> Result<Laid> {
        let mut items: Vec<Placed> = Vec::new();
        let mut names: BTreeSet<String> = BTreeSet::new();
        let mut offset = 0usize;
        let mut align = 1usize;
        loop {
            let Some(c) = self.peek() else {
                if let Some(at) = open {
                    return Err(self.err(at, "`T{` is never closed by `}`"));
                }
                break;
            };
            if is_space(c) {
                self.pos += 1;
            } else if c == b'}' {
                if open.is_none() {
                    return Err(self.err(self.pos, "`}` without a matching `T{`"));
                }
                self.pos += 1;
                break;
            } else if let Some(mode) = Mode::from_char(c) {
                self.mode = mode;
                self.pos += 1;
            } else {
                let start = self.pos;
                let item = self.item(depth)?;
                if item.aligned {
                    offset = round_up(offset, item.align).ok_or_else(|| self.too_large(start))?;
                    align = align.max(item.align);
                }
                let end = offset
                    .checked_add(item.size)
                    .filter(|&end| end <= isize::MAX as usize)
                    .ok_or_else(|| self.too_large(start))?;
                if let Some(format) = item.format {
                    let name = match item.name {
                        Some((name, at)) => {
                            if item.size == 0 {
                                return Err(self.err(at, "a named field needs at least one byte"));
                            }
                            if !names.insert(name.clone()) {
                                return Err(self.err(at, format!("duplicate field name {name:?}")));
                            }
                            Some(name)
                        }
                        None => None,
                    };
                    // Unnamed items of 0 bytes (`0i`, `T{}`) only align.
                    if item.size > 0 {
                        items.push(Placed {
                            name,
                            offset,
                            format,
                        });
                    }
                }
                offset = end;
            }
        }
        if open.is_some() {
            // A C struct's sizeof: padded to its alignment (1 unless `@`).
            offset = round_up(offset, align).ok_or_else(|| self.too_large(self.pos))?;
        }
        Ok(Laid {
            items,
            size: offset,
            align,
        })
    }

    /// Parses one item: `[(shape) [order]] [count] code [:name:]`.
    fn item(&mut self, depth: usize) -> Result<Item> {
        let start = self.pos;
        let mut dims: Vec<usize> = Vec::new();
        if self.peek() == Some(b'(') {
            dims = self.shape()?;
            if let Some(mode) = self.peek().and_then(Mode::from_char) {
                self.mode = mode;
                self.pos += 1;
            }
        }
        let count_pos = self.pos;
        let count = self.count()?;
        let code_pos = self.pos;
        let Some(code) = self.peek() else {
            return Err(if count.is_some() {
                self.err(count_pos, "repeat count given without format specifier")
            } else {
                self.err(start, "sub-array shape given without format specifier")
            });
        };
        if is_space(code) || code == b'}' || code == b':' || Mode::from_char(code).is_some() {
            return Err(if count.is_some() {
                self.err(count_pos, "repeat count given without format specifier")
            } else if !dims.is_empty() {
                self.err(start, "sub-array shape given without format specifier")
            } else {
                self.err(code_pos, "field name without an item before it")
            });
        }
        let mode = self.mode;
        let aligned = mode == Mode::Aligned;
        let mut count = count;
        // The element (before counts and shapes), its alignment under `@`,
        // and whether it is padding.
        let (elem, align, is_pad) = match code {
            b'T' => {
                if self.bytes.get(self.pos + 1) != Some(&b'{') {
                    return Err(self.err(code_pos, "`T` must be followed by `{`"));
                }
                if depth >= MAX_NESTING {
                    return Err(self.err(
                        code_pos,
                        format!("records nested deeper than {MAX_NESTING} levels"),
                    ));
                }
                self.pos += 2;
                let laid = self.body(depth + 1, Some(code_pos))?;
                let align = laid.align;
                let record = Format::record(fix_names(laid.items), laid.size, align);
                (record, align, false)
            }
            b'x' | b's' => {
                self.pos += 1;
                let n = count.take().unwrap_or(1);
                let kind = if code == b'x' {
                    Kind::Void
                } else {
                    Kind::Bytes
                };
                let bytes = Format::prim(kind, n, ByteOrder::NotApplicable, 1);
                (bytes, 1, code == b'x')
            }
            b'Z' => {
                let part = self.bytes.get(self.pos + 1).copied();
                let Some(Ok((_, size, align))) = part
                    .filter(|p| matches!(p, b'e' | b'f' | b'd'))
                    .map(|p| scalar_code(p, mode))
                else {
                    return Err(self.err(code_pos, "`Z` must be followed by `e`, `f` or `d`"));
                };
                self.pos += 2;
                let align = if aligned { align } else { 1 };
                let complex = Format::prim(Kind::Complex, 2 * size, mode.order(), align);
                (complex, align, false)
            }
            b'b' if self.at_bf16() => {
                // `bf16`: bfloat16. Read so only where `b f 16…` would be
                // a syntax error (see `at_bf16`), so every string that
                // parsed before still means what it meant.
                self.pos += 4;
                let align = if aligned { 2 } else { 1 };
                (
                    Format::prim(Kind::BFloat, 2, mode.order(), align),
                    align,
                    false,
                )
            }
            _ => match scalar_code(code, mode) {
                Ok((kind, size, align)) => {
                    self.pos += 1;
                    let align = if aligned { align } else { 1 };
                    (Format::prim(kind, size, mode.order(), align), align, false)
                }
                Err(reason) => {
                    let shown = self.s[code_pos..].chars().next().unwrap_or('?');
                    return Err(self.err(code_pos, reason.replace('#', &shown.to_string())));
                }
            },
        };
        let elem_size = elem.itemsize();
        if let Some(n) = count.filter(|&n| n != 1) {
            dims.push(n);
        }
        let mut size = elem_size;
        for &d in &dims {
            size = size
                .checked_mul(d)
                .filter(|&s| s <= isize::MAX as usize)
                .ok_or_else(|| self.too_large(start))?;
        }
        let name = self.name()?;
        let format = if is_pad && name.is_none() {
            None
        } else if dims.is_empty() {
            Some(elem)
        } else if elem.kind() == Kind::Void {
            Some(Format::prim(Kind::Void, size, ByteOrder::NotApplicable, 1))
        } else {
            Some(Format::array(dims, elem, size))
        };
        Ok(Item {
            format,
            size,
            align,
            aligned,
            name,
        })
    }

    /// Whether the input at the position is the bfloat16 code `bf16`: the
    /// four bytes, not followed by a letter, digit or `?` (which would make
    /// it the struct items `b`, `f` and a count `16` of a following code).
    fn at_bf16(&self) -> bool {
        self.bytes[self.pos..].starts_with(b"bf16")
            && !self
                .bytes
                .get(self.pos + 4)
                .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'?')
    }

    /// `(d0, d1, …)`; the position is at `(`.
    fn shape(&mut self) -> Result<Vec<usize>> {
        let open = self.pos;
        self.pos += 1;
        let mut dims = Vec::new();
        loop {
            while self.peek().is_some_and(is_space) {
                self.pos += 1;
            }
            let at = self.pos;
            let Some(d) = self.count()? else {
                return Err(self.err(at, "expected a dimension in the sub-array shape"));
            };
            if dims.len() == MAX_SHAPE_DIMS {
                return Err(self.err(
                    at,
                    format!("sub-array shapes have at most {MAX_SHAPE_DIMS} dimensions"),
                ));
            }
            dims.push(d);
            while self.peek().is_some_and(is_space) {
                self.pos += 1;
            }
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b')') => {
                    self.pos += 1;
                    return Ok(dims);
                }
                None => return Err(self.err(open, "`(` is never closed by `)`")),
                Some(_) => {
                    return Err(self.err(self.pos, "expected `,` or `)` in the sub-array shape"))
                }
            }
        }
    }

    /// An optional decimal count, at most `isize::MAX`.
    fn count(&mut self) -> Result<Option<usize>> {
        let start = self.pos;
        let mut n: usize = 0;
        while let Some(c) = self.peek().filter(u8::is_ascii_digit) {
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(usize::from(c - b'0')))
                .filter(|&n| n <= isize::MAX as usize)
                .ok_or_else(|| self.err(start, "repeat count too large"))?;
            self.pos += 1;
        }
        Ok((self.pos > start).then_some(n))
    }

    /// An optional `:name:`, possibly after whitespace; the name is
    /// trimmed of surrounding whitespace.
    fn name(&mut self) -> Result<Option<(String, usize)>> {
        let mut open = self.pos;
        while self.bytes.get(open).copied().is_some_and(is_space) {
            open += 1;
        }
        if self.bytes.get(open) != Some(&b':') {
            return Ok(None);
        }
        let Some(len) = self.bytes[open + 1..].iter().position(|&c| c == b':') else {
            return Err(self.err(open, "field name without a closing `:`"));
        };
        let name = self.s[open + 1..open + 1 + len]
            .trim_matches(|c: char| c.is_ascii() && is_space(c as u8));
        if name.is_empty() {
            return Err(self.err(open, "empty field name"));
        }
        self.pos = open + len + 2;
        Ok(Some((name.into(), open + 1)))
    }
}

fn round_up(offset: usize, align: usize) -> Option<usize> {
    let rem = offset % align;
    if rem == 0 {
        Some(offset)
    } else {
        offset.checked_add(align - rem)
    }
}

/// Kind, size and native alignment of a one-character code under `mode`;
/// the error reason has `#` where the code goes.
fn scalar_code(code: u8, mode: Mode) -> core::result::Result<(Kind, usize, usize), &'static str> {
    let native = mode.native_sizes();
    let sized = |std_size: usize, native_size: usize, native_align: usize| {
        if native {
            (native_size, native_align)
        } else {
            (std_size, std_size)
        }
    };
    let (kind, (size, align)) = match code {
        b'c' => (Kind::Char, (1, 1)),
        b'b' => (Kind::Signed, (1, 1)),
        b'B' => (Kind::Unsigned, (1, 1)),
        b'?' => (Kind::Bool, (1, 1)),
        b'h' | b'H' => (
            int_kind(code),
            sized(2, size_of::<c_short>(), align_of::<c_short>()),
        ),
        b'i' | b'I' => (
            int_kind(code),
            sized(4, size_of::<c_int>(), align_of::<c_int>()),
        ),
        b'l' | b'L' => (
            int_kind(code),
            sized(4, size_of::<c_long>(), align_of::<c_long>()),
        ),
        b'q' | b'Q' => (
            int_kind(code),
            sized(8, size_of::<c_longlong>(), align_of::<c_longlong>()),
        ),
        b'n' | b'N' | b'P' if !native => {
            return Err("`#` exists only in native mode (`@` or no prefix), as in struct")
        }
        b'n' => (Kind::Signed, (size_of::<isize>(), align_of::<isize>())),
        b'N' => (Kind::Unsigned, (size_of::<usize>(), align_of::<usize>())),
        b'P' => (Kind::Pointer, (size_of::<usize>(), align_of::<usize>())),
        b'e' => (Kind::Float, sized(2, 2, align_of::<c_short>())),
        b'f' => (Kind::Float, sized(4, size_of::<f32>(), align_of::<f32>())),
        b'd' => (Kind::Float, sized(8, size_of::<f64>(), align_of::<f64>())),
        b'p' => return Err("Pascal strings (`#`) are not supported"),
        b'g' | b'u' | b'w' | b'O' | b't' | b'&' | b'X' => {
            return Err("the PEP 3118 code `#` is not supported")
        }
        b'U' | b'M' | b'm' => {
            return Err("NumPy unicode and datetime types (`#`) are not supported")
        }
        _ => return Err("unknown format code `#`"),
    };
    Ok((kind, size, align.max(1)))
}

fn int_kind(code: u8) -> Kind {
    if code.is_ascii_lowercase() {
        Kind::Signed
    } else {
        Kind::Unsigned
    }
}

/// A NumPy type string (`[<>=|] letter digits`), or `None` when `s` does
/// not have that shape and is left to the struct grammar.
fn parse_numpy(s: &str) -> Option<Result<Format>> {
    let err = |position: usize, reason: String| {
        Some(Err(Error::InvalidFormat {
            format: s.into(),
            position,
            reason,
        }))
    };
    let bytes = s.as_bytes();
    let (prefix, rest) = match bytes[0] {
        b'<' | b'>' | b'=' | b'|' => (Some(bytes[0]), &bytes[1..]),
        _ => (None, bytes),
    };
    let at = usize::from(prefix.is_some());
    let shaped = rest.len() >= 2
        && rest[0].is_ascii_alphabetic()
        && rest[1..].iter().all(u8::is_ascii_digit);
    if !shaped {
        if prefix == Some(b'|') {
            return err(
                0,
                "`|` is only used in NumPy type strings such as `|u1` or `|S4`".into(),
            );
        }
        return None;
    }
    let mut n: usize = 0;
    for &c in &rest[1..] {
        match n
            .checked_mul(10)
            .and_then(|n| n.checked_add(usize::from(c - b'0')))
            .filter(|&n| n <= isize::MAX as usize)
        {
            Some(m) => n = m,
            None => return err(at + 1, "the element size overflows isize".into()),
        }
    }
    let order = match prefix {
        Some(b'<') => ByteOrder::Little,
        Some(b'>') => ByteOrder::Big,
        _ => ByteOrder::NATIVE,
    };
    let letter = rest[0];
    let kind = match (letter, n) {
        (b'b', 1) => Kind::Bool,
        (b'i', 1 | 2 | 4 | 8) => Kind::Signed,
        (b'u', 1 | 2 | 4 | 8) => Kind::Unsigned,
        (b'f', 2 | 4 | 8) => Kind::Float,
        (b'c', 8 | 16) => Kind::Complex,
        (b'S' | b'a', 1..) => Kind::Bytes,
        (b'V', 1..) => Kind::Void,
        (b'S' | b'a' | b'V', 0) => {
            return err(
                at,
                "the element has 0 bytes: an element has at least one byte".into(),
            )
        }
        (b'b' | b'i' | b'u' | b'f' | b'c', _) => {
            return err(
                at,
                format!("the NumPy type `{}` has no size {n}", char::from(letter)),
            )
        }
        (b'U' | b'M' | b'm' | b'O', _) => {
            return err(
                at,
                format!(
                    "NumPy `{}` types (unicode, datetime, object) are not supported",
                    char::from(letter)
                ),
            )
        }
        _ => return err(at, format!("unknown NumPy type `{}`", char::from(letter))),
    };
    let align = natural_align_of(kind, n);
    Some(Ok(Format::prim(kind, n, order, align)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(s: &str) -> usize {
        parse(s).unwrap_or_else(|e| panic!("{s}: {e}")).itemsize()
    }

    fn position(s: &str) -> usize {
        match parse(s) {
            Err(Error::InvalidFormat { position, .. }) => position,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn struct_layout_matches_calcsize() {
        // Vectors Z01–Z13 of the CPython reference.
        assert_eq!(size("@bi"), 8);
        assert_eq!(size("<bi"), 5);
        assert_eq!(size("=hq"), 10);
        assert_eq!(size("@ic"), 5); // no trailing padding
        assert_eq!(size("@ic0i"), 8); // unless asked for
        assert_eq!(size("@b3xi"), 8);
    }

    #[test]
    fn nested_records_get_c_trailing_padding() {
        let f = parse("T{T{ic}:a:c:b:}").unwrap();
        assert_eq!(f.field("a").unwrap().format.itemsize(), 8);
        assert_eq!(f.field("b").unwrap().offset, 8);
    }

    #[test]
    fn errors_point_at_the_problem() {
        assert_eq!(position("<hn"), 2);
        assert_eq!(position("ii3"), 2);
        assert_eq!(position("T{i"), 0);
        assert_eq!(position("i:a"), 1);
        assert_eq!(position("2 h"), 0);
        assert_eq!(position("i:a:i:a:"), 6);
    }

    fn reason(s: &str) -> String {
        match parse(s) {
            Err(Error::InvalidFormat { reason, .. }) => reason,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn numpy_dtype_names_get_the_type_string() {
        let r = reason("float64");
        assert!(r.contains("NumPy dtype names are not accepted"), "{r}");
        #[cfg(target_endian = "little")]
        {
            assert!(r.contains("`<f8`"), "{r}");
            assert!(reason("int32").contains("`<i4`"));
            assert!(reason(" uint8 ").contains("`|u1`"));
            assert!(reason("bfloat16").contains("`<bf16`"));
        }
    }

    #[test]
    fn whitespace_is_ignored_as_struct_ignores_it() {
        // CPython: struct.calcsize('i  h ') == 6, ' i' == 4, '<i h' == 6.
        assert_eq!(size("i  h "), 6);
        assert_eq!(size(" i"), 4);
        assert_eq!(size("<i h"), 6);
        assert_eq!(size("i\t"), 4);
        assert_eq!(size("T{ <i:a: <h:b: }"), 6);
        // ... but not between a count and its code, as in struct.
        assert!(parse("2 h").is_err());
    }

    #[test]
    fn bf16_is_read_only_where_struct_would_fail() {
        let bf = parse("<bf16").unwrap();
        assert_eq!(
            (bf.kind(), bf.itemsize(), bf.byte_order()),
            (Kind::BFloat, 2, ByteOrder::Little)
        );
        assert_eq!(
            parse("T{>bf16:w:}")
                .unwrap()
                .field("w")
                .unwrap()
                .format
                .byte_order(),
            ByteOrder::Big
        );
        assert_eq!(size("@bf16"), 2);
        // The struct readings are unchanged: `b`, `f`, and `16s`.
        assert_eq!(size("<bf16s"), 1 + 4 + 16);
        assert_eq!(parse("<bf").unwrap().kind(), Kind::Record);
        assert_eq!(size("<bf16?"), 1 + 4 + 16);
        for s in ["<bf16", ">bf16", "T{<bf16:a:>bf16:b:}", "(2,3)<bf16"] {
            let f = parse(s).unwrap();
            assert_eq!(parse(&f.to_string()).unwrap(), f, "{s}");
        }
    }

    #[test]
    fn byte_order_stays_in_force_until_changed() {
        let f = parse("T{i:a:=d:b:}").unwrap(); // NumPy's packed record
        assert_eq!(f.itemsize(), 12);
        assert_eq!(f.field("b").unwrap().offset, 4);
    }
}
