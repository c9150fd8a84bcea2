//! What one element is: the PEP 3118 / `struct` / NumPy type-string model.
//!
//! A [`Format`] describes how the bytes of one element become a value: its
//! [`Kind`], its size in bytes ([`Format::itemsize`]), its [`ByteOrder`] and
//! the alignment that `struct` would give it ([`Format::alignment`]).
//! Compound formats are *records* (named [`Field`]s at byte offsets, like a
//! C struct or a NumPy structured dtype) and *sub-arrays* (a C-contiguous
//! block of one element format, PEP 3118's `(2,3)f`).
//!
//! ```
//! use ndview::format::{ByteOrder, Format, Kind};
//!
//! let f: Format = "<f8".parse()?;
//! assert_eq!((f.kind(), f.itemsize(), f.byte_order()), (Kind::Float, 8, ByteOrder::Little));
//!
//! let point = Format::parse("T{<i:x:<d:y:}")?;
//! assert_eq!(point.itemsize(), 12);
//! assert_eq!(point.field("y").unwrap().offset, 4);
//! # Ok::<(), ndview::Error>(())
//! ```
//!
//! The module is split by job:
//!
//! * `parse` — the grammar (struct strings with the PEP 3118 additions, and
//!   NumPy type strings);
//! * `display` — the canonical string that [`Format::parse`] reads back;
//! * [`scalar`] — [`Scalar`], decoding and encoding one element in any byte
//!   order;
//! * [`element`] — the [`Element`] trait of Rust types that a typed view can
//!   hand out.
//!
//! The full grammar, the size tables and the differences from Python's
//! `struct` and `memoryview` are in `docs/formats.md`.
//!
//! ## Cost
//!
//! Scalar formats are stored inline and are `Copy`-cheap to clone; records
//! and sub-arrays live behind an [`Arc`], so cloning any format never
//! allocates. Views clone their format on every slice.

mod display;
pub mod element;
mod parse;
pub mod scalar;

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::hash::{Hash, Hasher};
use core::mem::{align_of, size_of};
use core::str::FromStr;

use crate::error::{Error, Result};

pub use element::Element;
pub use scalar::Scalar;

/// The deepest nesting of `T{…}` that [`Format::parse`] accepts.
///
/// Deeper strings are refused with [`Error::InvalidFormat`], so a hostile
/// `T{T{T{…` cannot exhaust the stack.
///
/// ```
/// use ndview::format::{Format, MAX_NESTING};
/// let nested = |n: usize| format!("{}b{}", "T{".repeat(n), "}".repeat(n));
/// assert!(Format::parse(&nested(MAX_NESTING)).is_ok());
/// assert!(Format::parse(&nested(MAX_NESTING + 1)).is_err());
/// ```
pub const MAX_NESTING: usize = 64;

/// What sort of value an element holds.
///
/// ```
/// use ndview::format::{Format, Kind};
/// assert_eq!(Format::parse("H")?.kind(), Kind::Unsigned);
/// assert_eq!(Format::parse("|V8")?.kind(), Kind::Void);
/// assert_eq!(Format::parse("T{b:a:}")?.kind(), Kind::Record);
/// assert_eq!(Format::parse("(2,3)f")?.kind(), Kind::Array);
/// # Ok::<(), ndview::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Kind {
    /// `?`, NumPy `b1`: one byte, zero is false.
    Bool,
    /// Two's-complement signed integers: `b h i l q n`, NumPy `i1 i2 i4 i8`.
    Signed,
    /// Unsigned integers: `B H I L Q N`, NumPy `u1 u2 u4 u8`.
    Unsigned,
    /// IEEE 754 binary floats: `e f d`, NumPy `f2 f4 f8`.
    Float,
    /// bfloat16 (`half::bf16`, feature `half`): the upper 16 bits of an
    /// IEEE binary32 — 8-bit exponent, 7-bit mantissa. PEP 3118 and NumPy
    /// have no code for it; ndview spells it `bf16` (`<bf16`, `>bf16`),
    /// see `docs/formats.md`.
    BFloat,
    /// A pair (real, imaginary) of floats: `Ze Zf Zd`, NumPy `c8 c16`.
    Complex,
    /// `c`: one byte that decodes to a byte string of length 1.
    Char,
    /// `Ns`, NumPy `SN`: a fixed-length byte string.
    Bytes,
    /// NumPy `VN` (and a named `Nx` field): opaque bytes.
    Void,
    /// `P`: a native `void *`, decoded as an unsigned integer.
    Pointer,
    /// `T{…}` or a sequence of items: named fields at byte offsets.
    Record,
    /// PEP 3118 sub-array `(2,3)f` (or a counted item `3f`): a C-contiguous
    /// block of one element format.
    Array,
}

/// The byte order of a multi-byte element.
///
/// One-byte kinds, byte strings and records have no byte order of their own
/// ([`ByteOrder::NotApplicable`]); native order is resolved against the host
/// when a format is parsed, so `"=i"` is [`ByteOrder::Little`] on x86-64.
///
/// ```
/// use ndview::format::{ByteOrder, Format};
/// assert_eq!(Format::parse(">i")?.byte_order(), ByteOrder::Big);
/// assert_eq!(Format::parse("|u1")?.byte_order(), ByteOrder::NotApplicable);
/// assert_eq!(Format::parse("=d")?.byte_order(), ByteOrder::NATIVE);
/// # Ok::<(), ndview::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ByteOrder {
    /// Least significant byte first.
    Little,
    /// Most significant byte first.
    Big,
    /// The element is one byte wide, a byte string, or a record.
    NotApplicable,
}

impl ByteOrder {
    /// The byte order of the host.
    ///
    /// ```
    /// use ndview::format::ByteOrder;
    /// assert_eq!(ByteOrder::NATIVE == ByteOrder::Little, cfg!(target_endian = "little"));
    /// ```
    pub const NATIVE: ByteOrder = if cfg!(target_endian = "little") {
        ByteOrder::Little
    } else {
        ByteOrder::Big
    };
}

/// One named field of a record format.
///
/// ```
/// use ndview::Format;
/// let f = Format::parse("T{<h:a:B:b:}")?;
/// let b = f.field("b").unwrap();
/// assert_eq!((b.name.as_str(), b.offset, b.format.itemsize()), ("b", 2, 1));
/// # Ok::<(), ndview::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Field {
    /// The field name; unnamed items are called `f0`, `f1`, … as in NumPy.
    pub name: String,
    /// Byte offset of the field inside the record.
    pub offset: usize,
    /// The format of the field.
    pub format: Format,
}

/// What one element is: kind, size, byte order, alignment, and for compound
/// formats their fields or sub-array shape.
///
/// Build one with [`Format::parse`] (or [`str::parse`]) from a PEP 3118 /
/// `struct` string or a NumPy type string, or with [`Format::of`] from an
/// [`Element`] type.
///
/// Equality and hashing are *semantic*: two formats are equal when they
/// describe the same element — the same kind, itemsize and byte order
/// (resolved against the host; ignored for one-byte kinds), or for records
/// the same itemsize and the same `(name, offset, format)` fields. The
/// alignment is not part of equality.
///
/// ```
/// use ndview::Format;
/// let f = |s: &str| Format::parse(s).unwrap();
/// assert_eq!(f("|u1"), f("B"));
/// assert_eq!(f("|b1"), f("?"));
/// assert_eq!(f(">i4"), f("!i"));
/// #[cfg(target_endian = "little")]
/// assert_eq!(f("<f8"), f("d"));
/// assert_ne!(f("<i4"), f(">i4"));
/// assert_eq!(f("<hhl").to_string(), "T{<h:f0:<h:f1:<i:f2:}");
/// ```
#[derive(Clone)]
pub struct Format(Repr);

#[derive(Clone)]
enum Repr {
    Prim(Prim),
    Compound(Arc<Compound>),
}

/// A scalar format: stored inline, cloned without allocating.
#[derive(Clone, Copy, Debug)]
struct Prim {
    kind: Kind,
    size: usize,
    order: ByteOrder,
    /// The `struct` alignment (`@`: native, standard prefixes: 1, NumPy: natural).
    align: usize,
}

struct Compound {
    itemsize: usize,
    align: usize,
    natural_align: usize,
    body: Body,
}

enum Body {
    Record(Vec<Field>),
    Array { shape: Vec<usize>, base: Format },
}

/// Alignment of the native unsigned integer of `size` bytes, 1 for sizes
/// that have none.
fn align_for_size(size: usize) -> usize {
    match size {
        2 => align_of::<u16>(),
        4 => align_of::<u32>(),
        8 => align_of::<u64>(),
        16 => align_of::<u128>(),
        _ => 1,
    }
}

/// The alignment a native typed element of `kind` and `size` needs.
fn natural_align_of(kind: Kind, size: usize) -> usize {
    match kind {
        Kind::Signed | Kind::Unsigned | Kind::Float | Kind::BFloat | Kind::Pointer => {
            align_for_size(size)
        }
        Kind::Complex => align_for_size(size / 2),
        _ => 1,
    }
}

/// Whether elements of `kind` and `size` have a byte order.
fn has_byte_order(kind: Kind, size: usize) -> bool {
    size > 1
        && matches!(
            kind,
            Kind::Signed
                | Kind::Unsigned
                | Kind::Float
                | Kind::BFloat
                | Kind::Complex
                | Kind::Pointer
        )
}

impl Format {
    /// A scalar format; `order` is normalised to `NotApplicable` for kinds
    /// without a byte order.
    fn prim(kind: Kind, size: usize, order: ByteOrder, align: usize) -> Format {
        let order = if has_byte_order(kind, size) {
            order
        } else {
            ByteOrder::NotApplicable
        };
        Format(Repr::Prim(Prim {
            kind,
            size,
            order,
            align,
        }))
    }

    /// A record of `fields` (sorted by offset, not overlapping).
    pub(crate) fn record(fields: Vec<Field>, itemsize: usize, align: usize) -> Format {
        let natural_align = fields
            .iter()
            .map(|f| f.format.natural_alignment())
            .max()
            .unwrap_or(1);
        Format(Repr::Compound(Arc::new(Compound {
            itemsize,
            align,
            natural_align,
            body: Body::Record(fields),
        })))
    }

    /// A sub-array of `shape` elements of `base`; `itemsize` is the product
    /// of the shape and the base itemsize, checked by the caller. Nested
    /// sub-arrays are flattened into one shape.
    pub(crate) fn array(mut shape: Vec<usize>, base: Format, itemsize: usize) -> Format {
        let base = match base.subarray() {
            Some((inner, inner_base)) => {
                shape.extend_from_slice(inner);
                inner_base.clone()
            }
            None => base,
        };
        Format(Repr::Compound(Arc::new(Compound {
            itemsize,
            align: base.alignment(),
            natural_align: base.natural_alignment(),
            body: Body::Array { shape, base },
        })))
    }

    /// Parses a PEP 3118 / `struct` format string or a NumPy type string.
    ///
    /// * `struct` strings: `[order] item*`, with the codes
    ///   `x c b B ? h H i I l L q Q n N e f d s P`, repeat counts (`3f`,
    ///   `16s`) and the byte-order prefixes `@ = < > !` (`@`, the default,
    ///   means native sizes *and* native alignment; the others standard sizes
    ///   without padding).
    /// * PEP 3118 additions: complex `Ze Zf Zd`, records `T{…}`, field names
    ///   `:name:`, sub-arrays `(2,3)f`, byte-order changes anywhere and `^`
    ///   (native sizes, no alignment).
    /// * NumPy type strings as `dtype.str` prints them: `<f8 |u1 >i2 <c16
    ///   |b1 <f2 |S4 |V8 =i4 u1 f8`.
    ///
    /// A single item is that item's format; `3f` is a sub-array of 3; a
    /// sequence of items (`"<hhl"`) is a record with fields `f0, f1, …` at
    /// the offsets that `struct.calcsize` implies.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidFormat`] with the byte position and a reason for
    /// anything malformed or unsupported: unknown codes, unbalanced `T{`,
    /// a count without a code, `n N P` with a standard-size prefix, sizes
    /// that overflow `isize`, nesting deeper than [`MAX_NESTING`], and
    /// elements of 0 bytes (the empty string, `0f`, `T{}`).
    ///
    /// ```
    /// use ndview::Format;
    /// assert_eq!(Format::parse("@bi")?.itemsize(), 8);
    /// assert_eq!(Format::parse("<bi")?.itemsize(), 5);
    /// assert_eq!(Format::parse("(2,3)f")?.itemsize(), 24);
    /// assert_eq!(Format::parse("|S4")?.itemsize(), 4);
    /// assert!(Format::parse("<n").is_err());
    /// assert!(Format::parse("T{").is_err());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn parse(s: &str) -> Result<Format> {
        parse::parse(s)
    }

    /// The native format of the element type `T`.
    ///
    /// ```
    /// use ndview::Format;
    /// assert_eq!(Format::of::<f64>(), Format::parse("=d")?);
    /// assert_eq!(Format::of::<u8>(), Format::parse("B")?);
    /// assert_eq!(Format::of::<i64>().alignment(), core::mem::align_of::<i64>());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn of<T: Element>() -> Format {
        let kind = match T::KIND {
            Kind::Record | Kind::Array => Kind::Void,
            kind => kind,
        };
        Format::prim(kind, size_of::<T>(), ByteOrder::NATIVE, align_of::<T>())
    }

    /// The size of one element in bytes (at least 1).
    ///
    /// ```
    /// use ndview::Format;
    /// assert_eq!(Format::parse("@l")?.itemsize(), core::mem::size_of::<core::ffi::c_long>());
    /// assert_eq!(Format::parse("<l")?.itemsize(), 4);
    /// assert_eq!(Format::parse("3d")?.itemsize(), 24);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn itemsize(&self) -> usize {
        match &self.0 {
            Repr::Prim(p) => p.size,
            Repr::Compound(c) => c.itemsize,
        }
    }

    /// The alignment with `struct` semantics: native alignment under `@`
    /// (the default), 1 under the standard prefixes `= < > !` and `^`,
    /// NumPy's `dtype.alignment` (natural) for NumPy type strings, and
    /// `align_of::<T>()` for [`Format::of::<T>`](Format::of). A record's is
    /// the largest alignment of its items; a sub-array's is its base's.
    ///
    /// ```
    /// use ndview::Format;
    /// assert_eq!(Format::parse("@i")?.alignment(), 4);
    /// assert_eq!(Format::parse("<i")?.alignment(), 1);
    /// assert_eq!(Format::parse("<i4")?.alignment(), 4);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn alignment(&self) -> usize {
        match &self.0 {
            Repr::Prim(p) => p.align,
            Repr::Compound(c) => c.align,
        }
    }

    /// The alignment a native, typed element of this kind and size needs
    /// (what NumPy's `ALIGNED` flag checks for scalars; for records it
    /// checks [`alignment`](Format::alignment)): the alignment of the Rust
    /// integer or float of that size, that of one component for complex, 1
    /// for booleans, characters and byte strings, and the largest over the
    /// fields for records. Independent of the prefix that was parsed.
    ///
    /// ```
    /// use ndview::Format;
    /// assert_eq!(Format::parse("<i")?.natural_alignment(), 4);
    /// assert_eq!(Format::parse("<Zd")?.natural_alignment(), core::mem::align_of::<f64>());
    /// assert_eq!(Format::parse("<bh")?.natural_alignment(), 2);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn natural_alignment(&self) -> usize {
        match &self.0 {
            Repr::Prim(p) => natural_align_of(p.kind, p.size),
            Repr::Compound(c) => c.natural_align,
        }
    }

    /// The byte order; [`ByteOrder::NotApplicable`] for one-byte kinds,
    /// byte strings and records. A sub-array has the order of its base.
    ///
    /// ```
    /// use ndview::format::{ByteOrder, Format};
    /// assert_eq!(Format::parse(">h")?.byte_order(), ByteOrder::Big);
    /// assert_eq!(Format::parse("<3h")?.byte_order(), ByteOrder::Little);
    /// assert_eq!(Format::parse("<hh")?.byte_order(), ByteOrder::NotApplicable);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn byte_order(&self) -> ByteOrder {
        match &self.0 {
            Repr::Prim(p) => p.order,
            Repr::Compound(c) => match &c.body {
                Body::Record(_) => ByteOrder::NotApplicable,
                Body::Array { base, .. } => base.byte_order(),
            },
        }
    }

    /// Whether the element can be read in the host's byte order: true for
    /// kinds without a byte order, and for records iff every field is.
    ///
    /// ```
    /// use ndview::Format;
    /// assert!(Format::parse("=i")?.is_native_order());
    /// assert!(Format::parse(">B")?.is_native_order());
    /// assert_eq!(Format::parse(">i")?.is_native_order(), cfg!(target_endian = "big"));
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn is_native_order(&self) -> bool {
        match &self.0 {
            Repr::Prim(p) => {
                matches!(p.order, ByteOrder::NotApplicable) || p.order == ByteOrder::NATIVE
            }
            Repr::Compound(c) => match &c.body {
                Body::Record(fields) => fields.iter().all(|f| f.format.is_native_order()),
                Body::Array { base, .. } => base.is_native_order(),
            },
        }
    }

    /// What sort of value the element holds.
    ///
    /// ```
    /// use ndview::format::{Format, Kind};
    /// assert_eq!(Format::parse("<c16")?.kind(), Kind::Complex);
    /// assert_eq!(Format::parse("P")?.kind(), Kind::Pointer);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn kind(&self) -> Kind {
        match &self.0 {
            Repr::Prim(p) => p.kind,
            Repr::Compound(c) => match &c.body {
                Body::Record(_) => Kind::Record,
                Body::Array { .. } => Kind::Array,
            },
        }
    }

    /// The fields of a record, in offset order; empty for other kinds.
    ///
    /// ```
    /// use ndview::Format;
    /// let f = Format::parse("@bi")?;
    /// let offsets: Vec<_> = f.fields().iter().map(|f| (f.name.as_str(), f.offset)).collect();
    /// assert_eq!(offsets, [("f0", 0), ("f1", 4)]);
    /// assert!(Format::parse("i")?.fields().is_empty());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn fields(&self) -> &[Field] {
        match &self.0 {
            Repr::Compound(c) => match &c.body {
                Body::Record(fields) => fields,
                Body::Array { .. } => &[],
            },
            Repr::Prim(_) => &[],
        }
    }

    /// The field called `name`, if this is a record that has one.
    ///
    /// ```
    /// use ndview::Format;
    /// let f = Format::parse("T{<i:a:B:b:}")?;
    /// assert_eq!(f.field("b").map(|b| b.offset), Some(4));
    /// assert!(f.field("c").is_none());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields().iter().find(|f| f.name == name)
    }

    /// The shape and base format of a sub-array, `None` for other kinds.
    /// Nested sub-arrays are flattened: the base is never itself a sub-array.
    ///
    /// ```
    /// use ndview::Format;
    /// let f = Format::parse("(2,3)<f")?;
    /// let (shape, base) = f.subarray().unwrap();
    /// assert_eq!((shape, base.itemsize()), (&[2, 3][..], 4));
    /// assert_eq!(Format::parse("4h")?.subarray().unwrap().0, &[4]);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn subarray(&self) -> Option<(&[usize], &Format)> {
        match &self.0 {
            Repr::Compound(c) => match &c.body {
                Body::Array { shape, base } => Some((shape, base)),
                Body::Record(_) => None,
            },
            Repr::Prim(_) => None,
        }
    }

    /// Whether this is a scalar (not a record nor a sub-array).
    ///
    /// ```
    /// use ndview::Format;
    /// assert!(Format::parse("d")?.is_scalar());
    /// assert!(!Format::parse("2d")?.is_scalar());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn is_scalar(&self) -> bool {
        matches!(self.0, Repr::Prim(_))
    }

    /// The same element with the byte order of every multi-byte scalar in
    /// it set to `order` (NumPy's `newbyteorder`); kinds without a byte
    /// order are unchanged. `ByteOrder::NotApplicable` means native.
    ///
    /// ```
    /// use ndview::format::{ByteOrder, Format};
    /// let f = Format::parse(">i")?.with_byte_order(ByteOrder::Little);
    /// assert_eq!(f, Format::parse("<i")?);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn with_byte_order(&self, order: ByteOrder) -> Format {
        let order = match order {
            ByteOrder::NotApplicable => ByteOrder::NATIVE,
            o => o,
        };
        match &self.0 {
            Repr::Prim(p) => Format::prim(p.kind, p.size, order, p.align),
            Repr::Compound(c) => match &c.body {
                Body::Record(fields) => Format(Repr::Compound(Arc::new(Compound {
                    itemsize: c.itemsize,
                    align: c.align,
                    natural_align: c.natural_align,
                    body: Body::Record(
                        fields
                            .iter()
                            .map(|f| Field {
                                name: f.name.clone(),
                                offset: f.offset,
                                format: f.format.with_byte_order(order),
                            })
                            .collect(),
                    ),
                }))),
                Body::Array { shape, base } => {
                    Format::array(shape.clone(), base.with_byte_order(order), c.itemsize)
                }
            },
        }
    }
}

impl FromStr for Format {
    type Err = Error;

    /// Same as [`Format::parse`].
    ///
    /// ```
    /// let f: ndview::Format = ">u2".parse()?;
    /// assert_eq!(f.itemsize(), 2);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Format> {
        Format::parse(s)
    }
}

impl PartialEq for Format {
    fn eq(&self, other: &Format) -> bool {
        match (&self.0, &other.0) {
            (Repr::Prim(a), Repr::Prim(b)) => {
                a.kind == b.kind && a.size == b.size && a.order == b.order
            }
            (Repr::Compound(a), Repr::Compound(b)) => {
                Arc::ptr_eq(a, b)
                    || (a.itemsize == b.itemsize
                        && match (&a.body, &b.body) {
                            (Body::Record(x), Body::Record(y)) => x == y,
                            (
                                Body::Array { shape: s, base: x },
                                Body::Array { shape: t, base: y },
                            ) => s == t && x == y,
                            _ => false,
                        })
            }
            _ => false,
        }
    }
}

impl Eq for Format {}

impl Hash for Format {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match &self.0 {
            Repr::Prim(p) => {
                0u8.hash(state);
                p.kind.hash(state);
                p.size.hash(state);
                p.order.hash(state);
            }
            Repr::Compound(c) => {
                1u8.hash(state);
                c.itemsize.hash(state);
                match &c.body {
                    Body::Record(fields) => {
                        0u8.hash(state);
                        fields.hash(state);
                    }
                    Body::Array { shape, base } => {
                        1u8.hash(state);
                        shape.hash(state);
                        base.hash(state);
                    }
                }
            }
        }
    }
}

impl core::fmt::Debug for Format {
    /// `Format("<f8")`: the canonical string, plus the alignment when it is
    /// not the natural one.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Format({:?}", alloc::string::ToString::to_string(self))?;
        if self.alignment() != self.natural_alignment() {
            write!(f, ", alignment: {}", self.alignment())?;
        }
        f.write_str(")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeSet;
    use alloc::string::ToString;

    fn f(s: &str) -> Format {
        Format::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn scalars_clone_without_allocating_and_stay_small() {
        // Inline scalars: a clone is a bit copy, no Arc involved.
        assert!(matches!(f("<f8").clone().0, Repr::Prim(_)));
        assert!(size_of::<Format>() <= 4 * size_of::<usize>());
    }

    #[test]
    fn equality_ignores_alignment_and_one_byte_order() {
        assert_eq!(f("=i"), f("<i4").with_byte_order(ByteOrder::NATIVE));
        assert_eq!(f("@i"), f("=i"));
        assert_ne!(f("@i").alignment(), f("=i").alignment());
        assert_eq!(f(">b"), f("<b"));
        assert_eq!(f("|i1"), f("b"));
        assert_ne!(f("b"), f("B"));
        assert_ne!(f("c"), f("|S1"));
    }

    #[test]
    fn hash_agrees_with_eq() {
        use core::hash::BuildHasher;
        // A tiny deterministic hasher is enough to see that equal values
        // feed the same bytes.
        #[derive(Default)]
        struct Fnv(u64);
        impl Hasher for Fnv {
            fn finish(&self) -> u64 {
                self.0
            }
            fn write(&mut self, bytes: &[u8]) {
                for &b in bytes {
                    self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
                }
            }
        }
        struct B;
        impl BuildHasher for B {
            type Hasher = Fnv;
            fn build_hasher(&self) -> Fnv {
                Fnv::default()
            }
        }
        let pairs = [
            ("|u1", "B"),
            ("=q", "@q"),
            ("<hhl", "T{<h:f0:<h:f1:<i:f2:}"),
        ];
        for (a, b) in pairs {
            assert_eq!(B.hash_one(f(a)), B.hash_one(f(b)), "{a} {b}");
        }
        let set: BTreeSet<u64> = ["b", "B", "h", "<H", ">H"]
            .iter()
            .map(|s| B.hash_one(f(s)))
            .collect();
        assert_eq!(set.len(), 5);
    }

    #[test]
    fn natural_alignment_ignores_the_prefix() {
        assert_eq!(f("<q").alignment(), 1);
        assert_eq!(f("<q").natural_alignment(), align_of::<u64>());
        assert_eq!(f("<c8").natural_alignment(), align_of::<f32>());
        assert_eq!(f("|S8").natural_alignment(), 1);
        assert_eq!(f("T{b:a:<d:b:}").natural_alignment(), align_of::<f64>());
    }

    #[test]
    fn with_byte_order_reaches_into_records() {
        let big = f("T{>i:a:(2)>h:b:}").with_byte_order(ByteOrder::Little);
        assert_eq!(big, f("T{<i:a:(2)<h:b:}"));
        assert_eq!(big.to_string(), "T{<i:a:(2)<h:b:}");
    }
}
