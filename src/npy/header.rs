//! Reading and writing the `.npy` header: magic, version, length field and
//! the header dict.
//!
//! See the [module docs](super) for the layout and the checks.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::descr::{checked_product, shape_from_values, write_shape_repr, Descr};
use super::literal::{self, Value};
use crate::error::{Error, Result};
use crate::MAX_DIMS;

/// The six bytes every `.npy` file starts with.
///
/// ```
/// assert_eq!(ndview::npy::MAGIC, b"\x93NUMPY");
/// ```
pub const MAGIC: &[u8; 6] = b"\x93NUMPY";

/// NumPy aligns the start of the data to this many bytes when it writes.
///
/// ```
/// let h = ndview::npy::header_bytes(&ndview::npy::Descr::scalar("<f8")?, false, &[3])?;
/// assert_eq!(h.len() % ndview::npy::ARRAY_ALIGN, 0);
/// # Ok::<(), ndview::Error>(())
/// ```
pub const ARRAY_ALIGN: usize = 64;

/// Room left after the first (C order) or last (Fortran order) dimension
/// so that a writer can grow it in place (NumPy's
/// `GROWTH_AXIS_MAX_DIGITS`).
const GROWTH_AXIS_MAX_DIGITS: usize = 21;

/// A validated `.npy` header: what the bytes after it hold.
///
/// ```
/// use ndview::npy::{header_bytes, parse_header, Descr};
/// let mut file = header_bytes(&Descr::scalar("<i2")?, false, &[3])?;
/// file.extend_from_slice(&[1, 0, 2, 0, 3, 0]);
/// let h = parse_header(&file)?;
/// assert_eq!(h.shape, [3]);
/// assert_eq!(h.data_offset, 128);
/// assert_eq!(h.data_len()?, 6);
/// # Ok::<(), ndview::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Header {
    /// The element type.
    pub descr: Descr,
    /// `true` when the data is stored in Fortran (column-major) order,
    /// `false` for C (row-major) order.
    pub fortran_order: bool,
    /// The array shape (`[]` for a 0-d array, one element).
    pub shape: Vec<usize>,
    /// The format version `(major, minor)`: `(1, 0)`, `(2, 0)` or `(3, 0)`.
    pub version: (u8, u8),
    /// The byte offset of the array data from the start of the file.
    pub data_offset: usize,
}

impl Header {
    /// The size in bytes of one element (see [`Descr::itemsize`]).
    ///
    /// # Errors
    ///
    /// Those of [`Descr::itemsize`]; never for a header returned by
    /// [`parse_header`].
    ///
    /// ```
    /// use ndview::npy::{header_bytes, parse_header_prefix, Descr};
    /// let h = parse_header_prefix(&header_bytes(&Descr::scalar("<c8")?, false, &[2])?)?;
    /// assert_eq!(h.itemsize()?, 8);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn itemsize(&self) -> Result<usize> {
        self.descr.itemsize()
    }

    /// The number of elements: the product of the shape (1 for 0-d).
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] when the product overflows; never for a header
    /// returned by [`parse_header`].
    ///
    /// ```
    /// use ndview::npy::{header_bytes, parse_header_prefix, Descr};
    /// let h = parse_header_prefix(&header_bytes(&Descr::scalar("<f4")?, true, &[2, 0, 3])?)?;
    /// assert_eq!(h.element_count()?, 0);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn element_count(&self) -> Result<usize> {
        checked_product(&self.shape, "the element count of a .npy header")
    }

    /// The number of data bytes the header describes: element count times
    /// itemsize. At most `isize::MAX`.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] when it does not fit `isize`, and those of
    /// [`itemsize`](Header::itemsize); never for a header returned by
    /// [`parse_header`].
    ///
    /// ```
    /// use ndview::npy::{header_bytes, parse_header_prefix, Descr};
    /// let h = parse_header_prefix(&header_bytes(&Descr::scalar("<f8")?, false, &[2, 3])?)?;
    /// assert_eq!(h.data_len()?, 48);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn data_len(&self) -> Result<usize> {
        data_len(&self.descr, &self.shape)
    }

    /// The header bytes NumPy would write for this array; same as
    /// [`header_bytes`]. `version` and `data_offset` are not consulted: they
    /// follow from the contents.
    ///
    /// # Errors
    ///
    /// Those of [`header_bytes`].
    ///
    /// ```
    /// use ndview::npy::{header_bytes, parse_header_prefix, Descr};
    /// let bytes = header_bytes(&Descr::scalar(">f4")?, true, &[2, 3])?;
    /// assert_eq!(parse_header_prefix(&bytes)?.to_bytes()?, bytes);
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        header_bytes(&self.descr, self.fortran_order, &self.shape)
    }
}

fn data_len(descr: &Descr, shape: &[usize]) -> Result<usize> {
    if shape.len() > MAX_DIMS {
        return Err(Error::TooManyDims {
            ndim: shape.len(),
            max: MAX_DIMS,
            shape: shape.to_vec(),
        });
    }
    if shape.iter().any(|&n| n > isize::MAX as usize) {
        return Err(Error::overflow("the shape of a .npy header"));
    }
    let count = checked_product(shape, "the element count of a .npy header")?;
    let len = count
        .checked_mul(descr.itemsize()?)
        .ok_or_else(|| Error::overflow("the data length of a .npy array"))?;
    if len > isize::MAX as usize {
        return Err(Error::overflow("the data length of a .npy array"));
    }
    Ok(len)
}

fn invalid(reason: String) -> Error {
    Error::InvalidHeader { reason }
}

/// Parses and validates the header at the start of a `.npy` file and checks
/// that the data it describes is present.
///
/// `bytes` is the whole file (or at least the header and the data); bytes
/// after the data are ignored, as NumPy does. The data is
/// `bytes[h.data_offset..h.data_offset + h.data_len()?]`.
///
/// # Errors
///
/// * [`Error::InvalidHeader`] for truncated input, a wrong magic string, an
///   unsupported version, a header dict that does not parse, lacks or adds
///   keys, has an invalid value or an unsupported descr, a negative
///   dimension, or data shorter than the shape needs;
/// * [`Error::TooManyDims`] for more than [`MAX_DIMS`](crate::MAX_DIMS)
///   axes;
/// * [`Error::Overflow`] when a dimension, the element count or the data
///   length does not fit `isize`.
///
/// ```
/// use ndview::npy::{header_bytes, parse_header, Descr};
/// let mut file = header_bytes(&Descr::scalar("<f8")?, false, &[2, 2])?;
/// assert!(parse_header(&file).is_err()); // no data yet
/// file.extend_from_slice(&[0; 32]);
/// let h = parse_header(&file)?;
/// assert_eq!((h.version, h.fortran_order, h.shape.as_slice()), ((1, 0), false, &[2, 2][..]));
/// assert!(parse_header(b"\x93NUMPY\x04\x00").is_err());
/// # Ok::<(), ndview::Error>(())
/// ```
pub fn parse_header(bytes: &[u8]) -> Result<Header> {
    let header = parse_header_prefix(bytes)?;
    let needed = header.data_len()?;
    let available = bytes.len() - header.data_offset;
    if available < needed {
        return Err(invalid(format!(
            "EOF: reading array data, expected {needed} bytes got {available} (shape {:?})",
            header.shape
        )));
    }
    Ok(header)
}

/// Like [`parse_header`], but for the header alone: `bytes` needs to reach
/// only up to [`Header::data_offset`], and the data is not checked. Use it
/// to read a header before reading (or mapping) the data.
///
/// # Errors
///
/// Those of [`parse_header`] except for missing data.
///
/// ```
/// use ndview::npy::{header_bytes, parse_header_prefix, Descr};
/// let bytes = header_bytes(&Descr::scalar("|u1")?, false, &[1000])?;
/// let h = parse_header_prefix(&bytes)?;
/// assert_eq!((h.data_offset, h.data_len()?), (bytes.len(), 1000));
/// # Ok::<(), ndview::Error>(())
/// ```
pub fn parse_header_prefix(bytes: &[u8]) -> Result<Header> {
    if bytes.len() < 8 {
        return Err(invalid(format!(
            "EOF: reading magic string, expected 8 bytes got {}",
            bytes.len()
        )));
    }
    if &bytes[..6] != MAGIC {
        return Err(invalid(format!(
            "the magic string is not correct; expected b'\\x93NUMPY', got {}",
            bytes_repr(&bytes[..6])
        )));
    }
    let version = (bytes[6], bytes[7]);
    let len_field = match version {
        (1, 0) => 2,
        (2, 0) | (3, 0) => 4,
        (major, minor) => {
            return Err(invalid(format!(
                "we only support format version (1,0), (2,0), and (3,0), not ({major}, {minor})"
            )))
        }
    };
    let start = 8 + len_field;
    if bytes.len() < start {
        return Err(invalid(format!(
            "EOF: reading array header length, expected {len_field} bytes got {}",
            bytes.len() - 8
        )));
    }
    let header_len = if len_field == 2 {
        usize::from(u16::from_le_bytes([bytes[8], bytes[9]]))
    } else {
        let n = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
        usize::try_from(n).map_err(|_| Error::overflow("the .npy header length"))?
    };
    let available = bytes.len() - start;
    if available < header_len {
        return Err(invalid(format!(
            "EOF: reading array header, expected {header_len} bytes got {available}"
        )));
    }
    let raw = &bytes[start..start + header_len];
    if raw.last() != Some(&b'\n') {
        return Err(invalid(
            "the header does not end with a newline (NumPy always writes one)".into(),
        ));
    }
    let decoded;
    let text: &str = if version.0 == 3 {
        core::str::from_utf8(raw)
            .map_err(|e| invalid(format!("a version 3.0 header is not valid UTF-8: {e}")))?
    } else {
        // Latin-1: every byte is the code point of the same value.
        decoded = raw.iter().map(|&b| char::from(b)).collect::<String>();
        &decoded
    };
    let value = literal::parse(text, version.0 < 3)?;
    let (descr, fortran_order, shape) = read_dict(&value, text)?;
    let header = Header {
        descr,
        fortran_order,
        shape,
        version,
        data_offset: start + header_len,
    };
    header.data_len()?;
    Ok(header)
}

/// `(descr, fortran_order, shape)` from the parsed dict.
fn read_dict(value: &Value, text: &str) -> Result<(Descr, bool, Vec<usize>)> {
    let Value::Dict(entries) = value else {
        return Err(invalid(format!(
            "Header is not a dictionary: {}",
            snippet(text)
        )));
    };
    let mut descr = None;
    let mut fortran_order = None;
    let mut shape = None;
    let mut keys = Vec::new();
    for (key, value) in entries {
        let slot = match key {
            Value::Str(k) if k == "descr" => &mut descr,
            Value::Str(k) if k == "fortran_order" => &mut fortran_order,
            Value::Str(k) if k == "shape" => &mut shape,
            _ => {
                keys.push(key);
                continue;
            }
        };
        if slot.replace(value).is_some() {
            return Err(invalid(format!("Header has a duplicate key: {key:?}")));
        }
    }
    let (Some(descr), Some(fortran_order), Some(shape), true) =
        (descr, fortran_order, shape, keys.is_empty())
    else {
        let mut names: Vec<String> = entries
            .iter()
            .map(|(k, _)| match k {
                Value::Str(s) => format!("{s:?}"),
                other => format!("<{}>", other.type_name()),
            })
            .collect();
        names.sort();
        return Err(invalid(format!(
            "Header does not contain the correct keys: [{}] (expected exactly 'descr', 'fortran_order', 'shape')",
            names.join(", ")
        )));
    };
    let Value::Bool(fortran_order) = *fortran_order else {
        return Err(invalid(format!(
            "fortran_order is not a valid bool: a {}",
            fortran_order.type_name()
        )));
    };
    let Value::Tuple(dims) = shape else {
        return Err(invalid(format!(
            "shape is not valid: a {}, not a tuple",
            shape.type_name()
        )));
    };
    let shape = shape_from_values(dims, "the shape")?;
    let descr = Descr::from_value(descr)?;
    Ok((descr, fortran_order, shape))
}

/// The start of a header for an error message.
fn snippet(text: &str) -> String {
    let mut s: String = text.chars().take(80).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    format!("{s:?}")
}

/// Python's `repr` of a short `bytes`.
fn bytes_repr(bytes: &[u8]) -> String {
    let mut s = String::from("b'");
    for &b in bytes {
        if (0x20..0x7f).contains(&b) && b != b'\'' && b != b'\\' {
            s.push(char::from(b));
        } else {
            s.push_str(&format!("\\x{b:02x}"));
        }
    }
    s.push('\'');
    s
}

/// The header NumPy 2.x writes for an array of this descr, order and
/// shape: magic, version, length field and the padded header dict. Append
/// the data (in C order, or Fortran order when `fortran_order`) to get a
/// `.npy` file.
///
/// The dict is `{'descr': …, 'fortran_order': …, 'shape': …, }` followed by
/// spaces — room for the growth axis to reach 21 digits, then alignment —
/// and a `\n`, so that the data starts at a multiple of [`ARRAY_ALIGN`].
/// The version is 1.0, or 2.0 if the header needs more than 65535 bytes,
/// or 3.0 if a field name is not Latin-1.
///
/// # Errors
///
/// * those of [`Descr::itemsize`] (an invalid descr);
/// * [`Error::TooManyDims`] for more than [`MAX_DIMS`](crate::MAX_DIMS)
///   axes;
/// * [`Error::Overflow`] when the data length does not fit `isize` or the
///   header does not fit a 4-byte length.
///
/// ```
/// use ndview::npy::{header_bytes, Descr};
/// let h = header_bytes(&Descr::scalar("<i2")?, false, &[3])?;
/// let mut expected = b"\x93NUMPY\x01\x00v\x00{'descr': '<i2', 'fortran_order': False, 'shape': (3,), }".to_vec();
/// expected.extend_from_slice(&[b' '; 60]);
/// expected.push(b'\n');
/// assert_eq!(h, expected);
/// # Ok::<(), ndview::Error>(())
/// ```
pub fn header_bytes(descr: &Descr, fortran_order: bool, shape: &[usize]) -> Result<Vec<u8>> {
    data_len(descr, shape)?;
    let mut dict = String::from("{'descr': ");
    descr.write_repr(&mut dict);
    dict.push_str(", 'fortran_order': ");
    dict.push_str(if fortran_order { "True" } else { "False" });
    dict.push_str(", 'shape': ");
    write_shape_repr(shape, &mut dict);
    dict.push_str(", }");
    let growth_axis = if fortran_order {
        shape.last()
    } else {
        shape.first()
    };
    if let Some(n) = growth_axis {
        let digits = format!("{n}").len();
        for _ in digits..GROWTH_AXIS_MAX_DIGITS {
            dict.push(' ');
        }
    }

    let latin1: Option<Vec<u8>> = dict.chars().map(|c| u8::try_from(c).ok()).collect();
    let (text, versions): (Vec<u8>, &[(u8, u8)]) = match latin1 {
        Some(bytes) => (bytes, &[(1, 0), (2, 0)]),
        None => (dict.into_bytes(), &[(3, 0)]),
    };
    let hlen = text.len() + 1; // the final '\n'
    for &version in versions {
        let len_field = if version == (1, 0) { 2 } else { 4 };
        let prefix = 8 + len_field;
        let padlen = ARRAY_ALIGN - (prefix + hlen) % ARRAY_ALIGN;
        let header_len = hlen + padlen;
        let fits = if len_field == 2 {
            header_len <= usize::from(u16::MAX)
        } else {
            u32::try_from(header_len).is_ok()
        };
        if !fits {
            continue;
        }
        let mut out = Vec::with_capacity(prefix + header_len);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&[version.0, version.1]);
        // `fits` checked that the length fits the field.
        let len_bytes = (header_len as u32).to_le_bytes();
        out.extend_from_slice(&len_bytes[..len_field]);
        out.extend_from_slice(&text);
        out.resize(out.len() + padlen, b' ');
        out.push(b'\n');
        return Ok(out);
    }
    Err(Error::overflow("the .npy header length"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn file(header: &str, version: u8, data: usize) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&[version, 0]);
        if version == 1 {
            out.extend_from_slice(&(header.len() as u16).to_le_bytes());
        } else {
            out.extend_from_slice(&(header.len() as u32).to_le_bytes());
        }
        out.extend_from_slice(header.as_bytes());
        out.resize(out.len() + data, 0);
        out
    }

    #[test]
    fn reads_what_it_writes() {
        let descr = Descr::scalar("<f8").unwrap();
        for shape in [vec![], vec![0], vec![3], vec![2, 3], vec![123456789, 0]] {
            for fortran in [false, true] {
                let bytes = header_bytes(&descr, fortran, &shape).unwrap();
                assert_eq!(bytes.len(), 128);
                let h = parse_header_prefix(&bytes).unwrap();
                assert_eq!(h.shape, shape);
                assert_eq!(h.fortran_order, fortran);
                assert_eq!(h.version, (1, 0));
                assert_eq!(h.data_offset, 128);
            }
        }
    }

    #[test]
    fn accepts_what_numpy_accepts() {
        let text = "{\"shape\":(2L,3L,),\n 'descr':'<f4',  'fortran_order':True}\n";
        let h = parse_header(&file(text, 1, 24)).unwrap();
        assert_eq!(h.shape, [2, 3]);
        assert!(h.fortran_order);
        assert_eq!(h.data_offset, 10 + text.len());
        let v3 = file(
            "{'descr': [('字', '<f4')], 'fortran_order': False, 'shape': (), }\n",
            3,
            4,
        );
        let h = parse_header(&v3).unwrap();
        assert_eq!(h.version, (3, 0));
        assert_eq!(h.to_bytes().unwrap()[6], 3);
    }

    #[test]
    fn refuses_what_numpy_refuses() {
        for (header, version) in [
            ("{'descr': '<f4', 'fortran_order': False}\n", 1),
            (
                "{'descr': '<f4', 'fortran_order': False, 'shape': (), 'x': 1}\n",
                1,
            ),
            ("{'descr': '<f4', 'fortran_order': 0, 'shape': ()}\n", 1),
            (
                "{'descr': '<f4', 'fortran_order': False, 'shape': [3]}\n",
                1,
            ),
            (
                "{'descr': '<f4', 'fortran_order': False, 'shape': (3)}\n",
                1,
            ),
            (
                "{'descr': '<f4', 'fortran_order': False, 'shape': (True,)}\n",
                1,
            ),
            (
                "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': ()}\n",
                1,
            ),
            ("['descr', 'fortran_order', 'shape']\n", 1),
            ("{'descr': '<f4', 'fortran_order': False, 'shape': ()}", 1),
            (
                "{'descr': '<f4', 'fortran_order': False, 'shape': (3L,)}\n",
                3,
            ),
        ] {
            assert!(
                parse_header(&file(header, version, 64)).is_err(),
                "{header}"
            );
        }
    }
}
