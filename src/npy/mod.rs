//! `.npy` headers: from the bytes of a NumPy `.npy` file to a validated
//! description of its data ([`Header`]), and back ([`header_bytes`]).
//!
//! This layer is pure: it reads and writes headers over borrowed bytes and
//! never touches the data. The data of a parsed file is
//! `bytes[h.data_offset..][..h.data_len()?]`, an array of
//! [`h.shape`](Header::shape) elements of [`h.descr`](Header::descr) in C
//! order, or Fortran order when [`h.fortran_order`](Header::fortran_order).
//!
//! ```
//! use ndview::npy::{header_bytes, parse_header, Descr};
//! let mut file = header_bytes(&Descr::scalar("<u2")?, true, &[2, 3])?;
//! file.extend((0u16..6).flat_map(u16::to_le_bytes));
//! let h = parse_header(&file)?;
//! assert_eq!(h.descr.to_format_string()?, "<u2");
//! assert_eq!((h.shape.as_slice(), h.fortran_order), (&[2, 3][..], true));
//! assert_eq!(&file[h.data_offset..][..h.data_len()?], &file[128..140]);
//! # Ok::<(), ndview::Error>(())
//! ```
//!
//! # The format
//!
//! | bytes | v1.0 | v2.0 | v3.0 |
//! | --- | --- | --- | --- |
//! | 0–5 | `\x93NUMPY` ([`MAGIC`]) | same | same |
//! | 6, 7 | major 1, minor 0 | 2, 0 | 3, 0 |
//! | header length | `u16` LE, bytes 8–9 | `u32` LE, bytes 8–11 | `u32` LE |
//! | header encoding | Latin-1 | Latin-1 | UTF-8 |
//! | data offset | 10 + length | 12 + length | 12 + length |
//!
//! The header is the text of a Python dict literal, e.g.
//! `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`, padded
//! with spaces and ended by `\n`. NumPy writes the keys sorted, leaves room
//! for the first axis (last, in Fortran order) to grow to 21 digits, and
//! pads so that the data starts at a multiple of [`ARRAY_ALIGN`] (64) —
//! 128 for every small array. It writes version 1.0 unless the header
//! needs more than 65535 bytes (2.0) or a field name is not Latin-1 (3.0).
//! [`header_bytes`] reproduces this byte for byte.
//!
//! # The descr
//!
//! | NumPy descr | [`Descr`] | itemsize | [`to_format_string`](Descr::to_format_string) |
//! | --- | --- | --- | --- |
//! | `'\|b1'` | `Scalar("\|b1")` | 1 | `\|b1` |
//! | `'\|i1'`, `'\|u1'` | `Scalar("\|i1")` … | 1 | `\|i1` … |
//! | `'<i2'` `'>i4'` `'<u8'` … (sizes 2, 4, 8) | `Scalar("<i2")` … | 2, 4, 8 | `<i2` … |
//! | `'<f2'` `'<f4'` `'>f8'` | `Scalar("<f2")` … | 2, 4, 8 | `<f2` … |
//! | `'<c8'` `'>c16'` | `Scalar("<c8")` … | 8, 16 | `<c8` … |
//! | `'\|S5'` (bytes) | `Scalar("\|S5")` | 5 | `\|S5` |
//! | `'\|V4'` (void) | `Scalar("\|V4")` | 4 | `\|V4` |
//! | `[('x', '<f4'), ('y', '<i2')]` | `Record([x, y])` | 6 | `T{<f:x:<h:y:}` |
//! | `[('a', '\|u1'), ('', '\|V3'), ('b', '<i4')]` | padding is a field named `""` | 8 | `T{B:a:3x<i:b:}` |
//! | `[('a', '<i2', (2, 3))]` | `DescrField { shape: [2, 3], .. }` | 12 | `T{(2,3)<h:a:}` |
//! | `[('p', [('a', '<i2')])]` (nested) | `Record([p: Record([a])])` | 2 | `T{T{<h:a:}:p:}` |
//!
//! Scalars are NumPy type strings, kept in NumPy's canonical spelling
//! (`dtype.str`): one-byte types and `S`/`V` use `|` (`'<u1'` is read as
//! `'|u1'`), other numbers an explicit `<` or `>`. Records are packed: each
//! field starts where the previous one ends, and gaps are explicit
//! `('', '|V<n>')` padding entries, which is what a `.npy` descr list means.
//! Inside a record, the format string spells each field as a `struct` item
//! (`<f4` → `<f`, `|u1` → `B`, `|S4` → `4s`, `<c16` → `<Zd`), because
//! PEP 3118 reads `<f4` there as a byte order, a code and a stray count.
//!
//! **Refused**, with an [`Error::InvalidHeader`](crate::Error::InvalidHeader)
//! that names the type: objects (`'|O'`, pickled Python objects), unicode
//! strings (`'<U5'`: UCS-4 code points, with no counterpart in the element
//! formats — read them as `'|S20'` yourself if you must), datetimes
//! (`'<M8[ns]'`, `'<m8[s]'`), `long double` and `complex256` (`'<f16'`,
//! `'<c32'`: platform-dependent), the native byte order `'='` (not
//! meaningful in a file), sizes 0 (`'|S0'`, records of no bytes), field
//! titles (`(('title', 'name'), '<f4')`), empty names on non-padding
//! fields, duplicate field names, field names containing `:`, named fields
//! of 0 bytes (a sub-array field with a 0 in its shape, such as
//! `('a', '<f4', (0,))`, which NumPy allows but an ndview format cannot
//! hold), and a top-level sub-array descr (which NumPy never writes).
//!
//! Field names are otherwise kept exactly as NumPy wrote them, surrounding
//! whitespace included (`' lead'`, `'\t'`, and `'a'` next to `' a'`):
//! [`view`] builds the element format from the descr itself, not from its
//! [`to_format_string`](Descr::to_format_string) (whose parser trims
//! names, and which therefore refuses such names), and `write` writes
//! them back unchanged.
//!
//! # Safety against hostile files
//!
//! NumPy reads the header with `ast.literal_eval`. Here a hand-written
//! parser accepts just the literal subset NumPy writes and reads: dicts,
//! lists, tuples (`()`, `(3,)`), strings in either quote with the escapes
//! Python's `repr` produces, decimal integers (with a Python 2 `L` suffix
//! in versions 1.0 and 2.0, as NumPy allows), `True` and `False`, and
//! whitespace and trailing commas where Python allows them. Beyond NumPy's
//! own checks (exactly the keys `descr`, `fortran_order` and `shape`; a
//! `bool`; a tuple of `int`s; a valid descr), it also refuses:
//!
//! * truncated input and a header length that reaches past the end;
//! * a header not ending in `\n` (NumPy always writes one);
//! * invalid UTF-8 in a version 3.0 header (versions 1.0 and 2.0 are
//!   Latin-1, like NumPy, so a field named `'é'` reads back);
//! * duplicate dict keys (Python would keep the last one);
//! * negative dimensions, dimensions, element counts or data lengths that
//!   overflow `isize` ([`Error::Overflow`](crate::Error::Overflow)), more
//!   than [`MAX_DIMS`](crate::MAX_DIMS) axes
//!   ([`Error::TooManyDims`](crate::Error::TooManyDims)), also in sub-array
//!   shapes;
//! * brackets nested more than 32 deep (the parser recurses, so its depth
//!   is bounded);
//! * for [`parse_header`], data shorter than the shape needs (bytes after
//!   the data are ignored, as NumPy does).
//!
//! Nothing is allocated from a length the header claims: the header length
//! is checked against the bytes present before the header is read, and
//! every list grows only by items actually present in the text, so memory
//! use is linear in the input. NumPy's 10 000-byte cap on the header is not
//! needed for that and is not applied, so large structured headers
//! (version 2.0) read. A data offset that is not a multiple of 64 is
//! accepted: NumPy before 1.14 aligned the data to 16 bytes.
//!
//! The writer escapes field names like Python's `repr` for all of
//! Latin-1; characters above U+00FF are written as themselves, where
//! Python would escape the few it deems unprintable (such as U+2028). Both
//! readers accept either spelling.

mod descr;
mod header;
mod literal;
mod view;

pub use descr::{Descr, DescrField};
pub use header::{header_bytes, parse_header, parse_header_prefix, Header, ARRAY_ALIGN, MAGIC};
#[cfg(feature = "std")]
pub use view::write;
pub use view::{view, view_mut};
