//! The `descr` entry of a `.npy` header: which NumPy dtypes are supported,
//! their item sizes, and their PEP 3118 format strings.
//!
//! See the [module docs](super) for the mapping table.

use alloc::collections::BTreeSet;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::literal::{repr_str, Value, MAX_DEPTH};
use crate::error::{Error, Result};
use crate::format::{Field, Format};
use crate::MAX_DIMS;

/// The element type of a `.npy` file: NumPy's `descr`.
///
/// A [`Scalar`](Descr::Scalar) holds a NumPy type string with an explicit
/// byte order, in NumPy's canonical spelling (`"<f8"`, `">i4"`, `"|u1"`,
/// `"|b1"`, `"|S3"`, `"|V8"`). A [`Record`](Descr::Record) is a structured
/// dtype in the packed form `.npy` files use: fields follow each other
/// without gaps, and gaps are explicit unnamed `|V` fields.
///
/// ```
/// use ndview::npy::{Descr, DescrField};
/// let d = Descr::Record(vec![
///     DescrField::new("x", Descr::scalar("<f4")?),
///     DescrField::new("", Descr::scalar("|V4")?), // padding
///     DescrField::with_shape("y", Descr::scalar("<i2")?, vec![2, 3]),
/// ]);
/// assert_eq!(d.itemsize()?, 4 + 4 + 2 * 6);
/// assert_eq!(d.to_format_string()?, "T{<f:x:4x(2,3)<h:y:}");
/// # Ok::<(), ndview::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Descr {
    /// A NumPy type string such as `"<f8"` (see the module docs for the
    /// supported ones).
    Scalar(String),
    /// A structured dtype: its fields in order, packed.
    Record(Vec<DescrField>),
}

/// One entry of a structured [`Descr`]: NumPy's `(name, descr)` or
/// `(name, descr, shape)` tuple.
///
/// A field named `""` whose descr is a void type (`|V<n>`) is padding: it
/// occupies bytes but is not a field of the element.
///
/// ```
/// use ndview::npy::{Descr, DescrField};
/// let pad = DescrField::new("", Descr::scalar("|V3")?);
/// assert!(pad.is_padding());
/// assert_eq!(pad.itemsize()?, 3);
/// # Ok::<(), ndview::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DescrField {
    /// The field name (`""` for padding).
    pub name: String,
    /// The type of one item of the field.
    pub descr: Descr,
    /// The sub-array shape of the field (`[]` for a single item).
    pub shape: Vec<usize>,
}

fn invalid(reason: String) -> Error {
    Error::InvalidHeader { reason }
}

impl Descr {
    /// The descr of a scalar NumPy type string, validated and put in
    /// NumPy's canonical spelling (`"<u1"` becomes `"|u1"`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidHeader`] for a type string that is malformed or not
    /// supported (see the module docs), such as `"|O"`, `"<U5"`,
    /// `"<M8[ns]"`, `"=f8"` or `"|S0"`.
    ///
    /// ```
    /// use ndview::npy::Descr;
    /// assert_eq!(Descr::scalar("<u1")?, Descr::Scalar("|u1".into()));
    /// assert!(Descr::scalar("|O").is_err());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn scalar(type_str: &str) -> Result<Descr> {
        let (canonical, _) = parse_type_str(type_str)?;
        Ok(Descr::Scalar(canonical))
    }

    /// The size in bytes of one element: the sum of the field sizes for a
    /// record (no alignment padding is added; `.npy` records are packed).
    ///
    /// Validates the whole descr on the way: every scalar type string (in
    /// the canonical spelling [`Descr::scalar`] gives), field names (non-empty except for void padding, no duplicates),
    /// sub-array shapes, nesting depth.
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidHeader`] for an invalid or unsupported descr, a
    ///   record whose size is 0, or a named field of 0 bytes (a sub-array
    ///   field with a 0 in its shape, which NumPy allows: ndview formats
    ///   give every field at least one byte);
    /// * [`Error::TooManyDims`] for a sub-array shape of more than
    ///   [`MAX_DIMS`](crate::MAX_DIMS) axes;
    /// * [`Error::Overflow`] when the size does not fit `isize`.
    ///
    /// ```
    /// use ndview::npy::Descr;
    /// assert_eq!(Descr::scalar("<c16")?.itemsize()?, 16);
    /// assert_eq!(Descr::Scalar("|S7".into()).itemsize()?, 7);
    /// assert!(Descr::Scalar("<S7".into()).itemsize().is_err()); // not canonical
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn itemsize(&self) -> Result<usize> {
        self.itemsize_at(0)
    }

    fn itemsize_at(&self, depth: usize) -> Result<usize> {
        if depth > MAX_DEPTH {
            return Err(invalid(format!(
                "records nested deeper than {MAX_DEPTH} levels"
            )));
        }
        let size = match self {
            Descr::Scalar(s) => {
                let (canonical, size) = parse_type_str(s)?;
                if canonical != *s {
                    return Err(invalid(format!(
                        "the type string {s:?} is not in NumPy's canonical spelling {canonical:?} (see Descr::scalar)"
                    )));
                }
                size
            }
            Descr::Record(fields) => {
                let mut total: usize = 0;
                let mut names = BTreeSet::new();
                for (i, field) in fields.iter().enumerate() {
                    if !field.is_padding() {
                        if field.name.is_empty() {
                            return Err(invalid(format!(
                                "field {i} has an empty name but is not void padding"
                            )));
                        }
                        if !names.insert(field.name.as_str()) {
                            return Err(invalid(format!("duplicate field name {:?}", field.name)));
                        }
                    }
                    let size = field.itemsize_at(depth + 1)?;
                    if size == 0 && !field.is_padding() {
                        return Err(invalid(format!(
                            "field {:?} has 0 bytes (a sub-array of shape {:?}): NumPy allows such fields, but every field of an ndview format has at least one byte",
                            field.name, field.shape
                        )));
                    }
                    total = total
                        .checked_add(size)
                        .ok_or_else(|| Error::overflow("the itemsize of a .npy record"))?;
                }
                if total == 0 {
                    return Err(invalid("records of itemsize 0 are not supported".into()));
                }
                total
            }
        };
        if size > isize::MAX as usize {
            return Err(Error::overflow("the itemsize of a .npy descr"));
        }
        Ok(size)
    }

    /// The PEP 3118 format string of one element, which
    /// [`Format::parse`](crate::Format::parse) reads back.
    ///
    /// A scalar is its NumPy type string itself (`"<f8"`), which the format
    /// parser accepts at the top level. A record is `T{…}` in `struct`
    /// syntax: per field an optional sub-array prefix `(a,b)`, the field's
    /// `struct` item (`<f` for `<f4`, `B` for `|u1`, `4s` for `|S4`, `<Zd`
    /// for `<c16`; nested records recurse) and `:name:`; padding fields
    /// become `Nx`. Multi-byte items carry an explicit byte order, which
    /// also turns native alignment off, so the offsets are the packed ones
    /// of the descr.
    ///
    /// `npy::view` does not go through this string: it builds the
    /// [`Format`] from the descr directly, so every field name NumPy
    /// accepts survives, including those this string cannot carry.
    ///
    /// # Errors
    ///
    /// Those of [`itemsize`](Descr::itemsize), and [`Error::InvalidHeader`]
    /// for a field name that PEP 3118 cannot express: one containing `:`,
    /// or with leading or trailing whitespace (which the format parser
    /// trims).
    ///
    /// ```
    /// use ndview::npy::{Descr, DescrField};
    /// assert_eq!(Descr::scalar(">i2")?.to_format_string()?, ">i2");
    /// let inner = Descr::Record(vec![DescrField::new("a", Descr::scalar("|u1")?)]);
    /// let outer = Descr::Record(vec![DescrField::with_shape("p", inner, vec![2])]);
    /// assert_eq!(outer.to_format_string()?, "T{(2)T{B:a:}:p:}");
    /// let format = ndview::Format::parse(&outer.to_format_string()?)?;
    /// assert_eq!(format.itemsize(), outer.itemsize()?);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn to_format_string(&self) -> Result<String> {
        self.itemsize()?; // validates the whole descr
        let mut out = String::new();
        match self {
            Descr::Scalar(s) => out.push_str(s),
            Descr::Record(_) => member_format(self, &mut out)?,
        }
        Ok(out)
    }

    /// The element [`Format`] of this descr, built from it directly: no
    /// PEP 3118 string in between, so field names are kept exactly as
    /// NumPy wrote them, surrounding whitespace included (names containing
    /// `:` are still refused, as before). The fields are those of
    /// [`to_format_string`](Descr::to_format_string): packed, at the
    /// offsets of the descr, padding entries left out, multi-byte items
    /// without alignment (a record's [`alignment`](Format::alignment) is 1,
    /// as NumPy's for a packed dtype).
    pub(crate) fn element_format(&self) -> Result<Format> {
        self.itemsize()?; // validates the whole descr
        match self {
            Descr::Scalar(s) => Format::parse(s),
            Descr::Record(_) => member(self),
        }
    }

    /// Appends Python's `repr` of this descr, as NumPy writes it.
    pub(crate) fn write_repr(&self, out: &mut String) {
        match self {
            Descr::Scalar(s) => repr_str(s, out),
            Descr::Record(fields) => {
                out.push('[');
                for (i, field) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push('(');
                    repr_str(&field.name, out);
                    out.push_str(", ");
                    field.descr.write_repr(out);
                    if !field.shape.is_empty() {
                        out.push_str(", ");
                        write_shape_repr(&field.shape, out);
                    }
                    out.push(')');
                }
                out.push(']');
            }
        }
    }

    /// Reads a descr from the parsed header value (a string or a list).
    pub(crate) fn from_value(value: &Value) -> Result<Descr> {
        let descr = Descr::from_value_at(value, 0)?;
        descr.itemsize()?;
        Ok(descr)
    }

    fn from_value_at(value: &Value, depth: usize) -> Result<Descr> {
        if depth > MAX_DEPTH {
            return Err(invalid(format!(
                "records nested deeper than {MAX_DEPTH} levels"
            )));
        }
        match value {
            Value::Str(s) => Descr::scalar(s),
            Value::List(entries) => {
                let mut fields = Vec::new();
                for entry in entries {
                    let (Value::Tuple(parts) | Value::List(parts)) = entry else {
                        return Err(invalid(format!(
                            "descr is not a valid dtype descriptor: a record entry is a {}, not a tuple",
                            entry.type_name()
                        )));
                    };
                    let (name, descr, shape) = match parts.as_slice() {
                        [name, descr] => (name, descr, None),
                        [name, descr, shape] => (name, descr, Some(shape)),
                        _ => {
                            return Err(invalid(format!(
                                "descr is not a valid dtype descriptor: a record entry has {} items, not 2 or 3",
                                parts.len()
                            )))
                        }
                    };
                    let Value::Str(name) = name else {
                        return Err(invalid(format!(
                            "descr is not a valid dtype descriptor: a field name is a {} (titles are not supported)",
                            name.type_name()
                        )));
                    };
                    let descr = Descr::from_value_at(descr, depth + 1)?;
                    let shape = match shape {
                        None => Vec::new(),
                        Some(Value::Int(n)) => alloc::vec![dim(*n, "a sub-array shape")?],
                        Some(Value::Tuple(dims)) => shape_from_values(dims, "a sub-array shape")?,
                        Some(other) => {
                            return Err(invalid(format!(
                                "descr is not a valid dtype descriptor: a sub-array shape is a {}",
                                other.type_name()
                            )))
                        }
                    };
                    fields.push(DescrField {
                        name: name.clone(),
                        descr,
                        shape,
                    });
                }
                Ok(Descr::Record(fields))
            }
            other => Err(invalid(format!(
                "descr is not a valid dtype descriptor: a {}",
                other.type_name()
            ))),
        }
    }
}

impl DescrField {
    /// A field holding one item of `descr`.
    ///
    /// ```
    /// use ndview::npy::{Descr, DescrField};
    /// let f = DescrField::new("x", Descr::scalar("<f4")?);
    /// assert_eq!(f.shape, Vec::<usize>::new());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn new(name: impl Into<String>, descr: Descr) -> DescrField {
        DescrField {
            name: name.into(),
            descr,
            shape: Vec::new(),
        }
    }

    /// A field holding a sub-array of `descr` items of the given shape.
    ///
    /// ```
    /// use ndview::npy::{Descr, DescrField};
    /// let f = DescrField::with_shape("m", Descr::scalar("<f8")?, vec![3, 3]);
    /// assert_eq!(f.itemsize()?, 72);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn with_shape(name: impl Into<String>, descr: Descr, shape: Vec<usize>) -> DescrField {
        DescrField {
            name: name.into(),
            descr,
            shape,
        }
    }

    /// Whether this field is padding: named `""` with a void (`|V<n>`)
    /// type. NumPy skips such entries when it reads a descr list.
    ///
    /// ```
    /// use ndview::npy::{Descr, DescrField};
    /// assert!(DescrField::new("", Descr::scalar("|V2")?).is_padding());
    /// assert!(!DescrField::new("v", Descr::scalar("|V2")?).is_padding());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn is_padding(&self) -> bool {
        self.name.is_empty() && matches!(&self.descr, Descr::Scalar(s) if s.get(1..2) == Some("V"))
    }

    /// The bytes the field occupies: its descr's itemsize times the number
    /// of items of its sub-array shape.
    ///
    /// # Errors
    ///
    /// Those of [`Descr::itemsize`].
    ///
    /// ```
    /// use ndview::npy::{Descr, DescrField};
    /// let f = DescrField::with_shape("a", Descr::scalar("<i2")?, vec![2, 3]);
    /// assert_eq!(f.itemsize()?, 12);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn itemsize(&self) -> Result<usize> {
        self.itemsize_at(0)
    }

    fn itemsize_at(&self, depth: usize) -> Result<usize> {
        if self.shape.len() > MAX_DIMS {
            return Err(Error::TooManyDims {
                ndim: self.shape.len(),
                max: MAX_DIMS,
                shape: self.shape.clone(),
            });
        }
        let count = checked_product(&self.shape, "the size of a .npy sub-array field")?;
        let size = self.descr.itemsize_at(depth)?;
        count
            .checked_mul(size)
            .ok_or_else(|| Error::overflow("the size of a .npy sub-array field"))
    }
}

/// The product of `dims`, checked.
pub(crate) fn checked_product(dims: &[usize], operation: &'static str) -> Result<usize> {
    dims.iter().try_fold(1usize, |acc, &n| {
        acc.checked_mul(n).ok_or_else(|| Error::overflow(operation))
    })
}

/// One dimension of a shape from a parsed integer.
pub(crate) fn dim(n: Option<i128>, what: &'static str) -> Result<usize> {
    match n {
        None => Err(Error::overflow(what)),
        Some(n) if n < 0 => Err(invalid(format!("{what} has a negative dimension {n}"))),
        Some(n) => match usize::try_from(n) {
            Ok(n) if n <= isize::MAX as usize => Ok(n),
            _ => Err(Error::overflow(what)),
        },
    }
}

/// A shape from the parsed items of a tuple: non-negative ints, at most
/// [`MAX_DIMS`] of them.
pub(crate) fn shape_from_values(items: &[Value], what: &'static str) -> Result<Vec<usize>> {
    if items.len() > MAX_DIMS {
        return Err(Error::TooManyDims {
            ndim: items.len(),
            max: MAX_DIMS,
            shape: Vec::new(),
        });
    }
    items
        .iter()
        .map(|item| match item {
            Value::Int(n) => dim(*n, what),
            other => Err(invalid(format!(
                "{what} is not valid: it contains a {}",
                other.type_name()
            ))),
        })
        .collect()
}

/// Appends Python's `repr` of a tuple of ints.
pub(crate) fn write_shape_repr(shape: &[usize], out: &mut String) {
    out.push('(');
    for (i, n) in shape.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&n.to_string());
    }
    if shape.len() == 1 {
        out.push(',');
    }
    out.push(')');
}

/// Validates a NumPy type string; returns its canonical spelling and its
/// itemsize.
fn parse_type_str(s: &str) -> Result<(String, usize)> {
    let unsupported = |why: &str| invalid(format!("unsupported descr {s:?}: {why}"));
    let mut chars = s.chars();
    let order = chars
        .next()
        .ok_or_else(|| unsupported("empty type string"))?;
    let kind = chars
        .next()
        .ok_or_else(|| unsupported("no type character"))?;
    let digits = chars.as_str();
    if !matches!(order, '<' | '>' | '|') {
        return Err(if order == '=' {
            unsupported("native byte order '=' depends on the machine; use '<' or '>'")
        } else {
            unsupported("expected a byte order '<', '>' or '|' first")
        });
    }
    match kind {
        'O' => return Err(unsupported("object arrays are pickled Python objects")),
        'U' => {
            return Err(unsupported(
                "unicode strings (UCS-4) have no element format here; use bytes 'S'",
            ))
        }
        'M' | 'm' => return Err(unsupported("datetime and timedelta are not supported")),
        _ => {}
    }
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || (digits.len() > 1 && digits.starts_with('0'))
    {
        return Err(unsupported(
            "expected a decimal size after the type character",
        ));
    }
    let size: usize = digits
        .parse()
        .map_err(|_| Error::overflow("the itemsize of a .npy descr"))?;
    let ok = match kind {
        'b' => size == 1,
        'i' | 'u' => matches!(size, 1 | 2 | 4 | 8),
        'f' => matches!(size, 2 | 4 | 8),
        'c' => matches!(size, 8 | 16),
        'S' | 'V' => size > 0,
        _ => return Err(unsupported("unknown type character")),
    };
    if !ok {
        return Err(unsupported("this size is not supported for this type"));
    }
    let byte_order_free = size == 1 || matches!(kind, 'S' | 'V');
    let order = if byte_order_free {
        '|'
    } else if order == '|' {
        return Err(unsupported(
            "a multi-byte number needs the byte order '<' or '>'",
        ));
    } else {
        order
    };
    if size > isize::MAX as usize {
        return Err(Error::overflow("the itemsize of a .npy descr"));
    }
    Ok((format!("{order}{kind}{digits}"), size))
}

/// The `struct` item of a canonical NumPy scalar type string inside a
/// `T{…}` record: an explicit byte order on multi-byte items (which also
/// turns alignment padding off), so that offsets are exactly the packed
/// ones of the descr.
fn struct_item(type_str: &str, out: &mut String) -> Result<()> {
    let bad = || {
        invalid(format!(
            "the type string {type_str:?} has no element format"
        ))
    };
    let mut chars = type_str.chars();
    let (Some(order), Some(kind)) = (chars.next(), chars.next()) else {
        return Err(bad());
    };
    let size: usize = chars.as_str().parse().map_err(|_| bad())?;
    let code = match (kind, size) {
        ('b', 1) => "?",
        ('i', 1) => "b",
        ('u', 1) => "B",
        ('S', n) => {
            out.push_str(&format!("{n}s"));
            return Ok(());
        }
        ('V', n) => {
            out.push_str(&format!("{n}x"));
            return Ok(());
        }
        ('i', 2) => "h",
        ('i', 4) => "i",
        ('i', 8) => "q",
        ('u', 2) => "H",
        ('u', 4) => "I",
        ('u', 8) => "Q",
        ('f', 2) => "e",
        ('f', 4) => "f",
        ('f', 8) => "d",
        ('c', 8) => "Zf",
        ('c', 16) => "Zd",
        _ => return Err(bad()),
    };
    if size > 1 {
        out.push(order);
    }
    out.push_str(code);
    Ok(())
}

/// The format of one record member (a descr that has been validated):
/// scalars as the `struct` item [`struct_item`] writes for them, records
/// field by field (nested records recurse).
fn member(descr: &Descr) -> Result<Format> {
    let fields = match descr {
        Descr::Scalar(s) => {
            let mut item = String::new();
            struct_item(s, &mut item)?;
            return Format::parse(&item);
        }
        Descr::Record(fields) => fields,
    };
    let mut out = Vec::new();
    let mut offset = 0usize;
    for field in fields {
        let size = field.itemsize()?;
        if !field.is_padding() && size > 0 {
            if field.name.contains(':') {
                // Kept from the string route: a `:` would end the name in
                // the record's canonical `T{…:name:}` string.
                return Err(invalid(format!(
                    "the field name {:?} contains ':', which a PEP 3118 format cannot express",
                    field.name
                )));
            }
            let format = match &field.descr {
                // Void bytes are one opaque item, whatever the shape.
                Descr::Scalar(s) if s.starts_with("|V") => Format::parse(&format!("|V{size}"))?,
                _ if field.shape.is_empty() => member(&field.descr)?,
                _ => Format::array(field.shape.clone(), member(&field.descr)?, size),
            };
            out.push(Field {
                name: field.name.clone(),
                offset,
                format,
            });
        }
        // Cannot overflow: `itemsize` checked the total.
        offset += size;
    }
    Ok(Format::record(out, offset, 1))
}

/// The whitespace PEP 3118 format strings skip (and trim from names).
fn is_pep3118_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// A record member of a descr as a `struct` item (nested records recurse).
fn member_format(descr: &Descr, out: &mut String) -> Result<()> {
    match descr {
        Descr::Scalar(s) => struct_item(s, out),
        Descr::Record(fields) => {
            out.push_str("T{");
            for field in fields {
                if field.is_padding() {
                    out.push_str(&format!("{}x", field.itemsize()?));
                    continue;
                }
                if field.name.contains(':') {
                    return Err(invalid(format!(
                        "the field name {:?} contains ':', which a PEP 3118 format cannot express",
                        field.name
                    )));
                }
                if field.name.starts_with(is_pep3118_space)
                    || field.name.ends_with(is_pep3118_space)
                {
                    return Err(invalid(format!(
                        "the field name {:?} has leading or trailing whitespace, which a PEP 3118 format trims",
                        field.name
                    )));
                }
                if !field.shape.is_empty() {
                    let dims: Vec<String> = field.shape.iter().map(ToString::to_string).collect();
                    out.push_str(&format!("({})", dims.join(",")));
                }
                member_format(&field.descr, out)?;
                out.push(':');
                out.push_str(&field.name);
                out.push(':');
            }
            out.push('}');
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn scalars_are_canonical() {
        for (input, canonical, size) in [
            ("<f8", "<f8", 8),
            (">i4", ">i4", 4),
            ("<u1", "|u1", 1),
            (">b1", "|b1", 1),
            ("<S3", "|S3", 3),
            ("|V12", "|V12", 12),
            ("<c16", "<c16", 16),
            ("<f2", "<f2", 2),
        ] {
            assert_eq!(
                parse_type_str(input).unwrap(),
                (canonical.to_string(), size)
            );
        }
        for bad in [
            "",
            "<",
            "f8",
            "=f8",
            "|i4",
            "<f16",
            "<i3",
            "|S0",
            "|S01",
            "<U5",
            "|O",
            "<M8[ns]",
            "<m8[s]",
            "<f8 ",
            "|S99999999999999999999999",
            "<q8",
            "<f+8",
        ] {
            assert!(parse_type_str(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn records_are_packed_and_validated() {
        let d = Descr::Record(vec![
            DescrField::new("a", Descr::Scalar("|u1".into())),
            DescrField::new("", Descr::Scalar("|V3".into())),
            DescrField::new("b", Descr::Scalar("<i4".into())),
        ]);
        assert_eq!(d.itemsize().unwrap(), 8);
        assert_eq!(d.to_format_string().unwrap(), "T{B:a:3x<i:b:}");
        let dup = Descr::Record(vec![
            DescrField::new("a", Descr::Scalar("|u1".into())),
            DescrField::new("a", Descr::Scalar("|u1".into())),
        ]);
        assert!(dup.itemsize().is_err());
        let unnamed = Descr::Record(vec![DescrField::new("", Descr::Scalar("<f4".into()))]);
        assert!(unnamed.itemsize().is_err());
        assert!(Descr::Record(vec![]).itemsize().is_err());
        let colon = Descr::Record(vec![DescrField::new("a:b", Descr::Scalar("<f4".into()))]);
        assert_eq!(colon.itemsize().unwrap(), 4);
        assert!(colon.to_format_string().is_err());
        let huge = Descr::Record(vec![DescrField::with_shape(
            "a",
            Descr::Scalar("<f8".into()),
            vec![usize::MAX / 4],
        )]);
        assert!(matches!(huge.itemsize(), Err(Error::Overflow { .. })));
        let mut deep = Descr::Scalar("<f4".into());
        for _ in 0..MAX_DEPTH + 2 {
            deep = Descr::Record(vec![DescrField::new("a", deep)]);
        }
        assert!(deep.itemsize().is_err());
    }

    #[test]
    fn repr_matches_numpy() {
        let inner = Descr::Record(vec![
            DescrField::new("a", Descr::Scalar("<i2".into())),
            DescrField::new("b", Descr::Scalar("|u1".into())),
        ]);
        let d = Descr::Record(vec![
            DescrField::new("p", inner.clone()),
            DescrField::with_shape("q", Descr::Scalar("<f8".into()), vec![2]),
            DescrField::with_shape("r", inner, vec![2]),
        ]);
        let mut out = String::new();
        d.write_repr(&mut out);
        assert_eq!(
            out,
            "[('p', [('a', '<i2'), ('b', '|u1')]), ('q', '<f8', (2,)), ('r', [('a', '<i2'), ('b', '|u1')], (2,))]"
        );
        assert_eq!(d.itemsize().unwrap(), 25);
    }
}
