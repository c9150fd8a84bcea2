//! Zero-copy `.npy` data: a [`RawView`] over the bytes of a whole file
//! ([`view`], [`view_mut`]), and a view written out as a file ([`write`]).
//!
//! Reading borrows: the view's region is the file's bytes, its offset the
//! data offset of the header, its strides C or Fortran order, and the
//! layout is checked against the bytes like every other view, so a hostile
//! header gives an error and never an out-of-bounds view.

use alloc::format;
use alloc::string::ToString;
use alloc::vec::Vec;

use super::{parse_header, Descr, DescrField, Header};
use crate::error::{Error, Result};
use crate::format::{Format, Kind};
use crate::layout::{Layout, Order};
use crate::{RawView, RawViewMut};

/// The element [`Format`] of a descr, built from it directly (field names
/// are kept exactly).
fn element_format(descr: &Descr) -> Result<Format> {
    descr.element_format()
}

/// The format, shape and strides a header describes, checked.
fn data_layout(h: &Header) -> Result<(Format, Layout)> {
    let format = element_format(&h.descr)?;
    let itemsize = h.itemsize()?;
    if format.itemsize() != itemsize {
        return Err(Error::InvalidHeader {
            reason: format!(
                "the descr has itemsize {itemsize} but its format {format} has itemsize {}",
                format.itemsize()
            ),
        });
    }
    let order = if h.fortran_order { Order::F } else { Order::C };
    let strides = Layout::contiguous(&h.shape, itemsize, order)?;
    let layout = Layout::new(&h.shape, strides.strides(), h.data_offset)?;
    Ok((format, layout))
}

/// A read-only view of the array in the bytes of a `.npy` file (versions
/// 1.0, 2.0 and 3.0), borrowing them: no byte is copied.
///
/// The view's [`bytes`](RawView::bytes) are `bytes` itself and its
/// [`offset`](RawView::offset) is the header's data offset; its strides are
/// C order, or Fortran order when the header says `fortran_order`. Shape
/// `()` gives a 0-d view. Bytes after the data are ignored, as NumPy does.
///
/// # Errors
///
/// Those of [`parse_header`] for a malformed, unsupported or truncated
/// file, [`Error::InvalidFormat`] if the descr has no element format, and
/// [`Error::OutOfBounds`] / [`Error::Overflow`] if the data does not fit.
///
/// ```
/// use ndview::npy::{header_bytes, Descr};
/// use ndview::Order;
/// let mut file = header_bytes(&Descr::scalar("<u2")?, true, &[2, 3])?;
/// file.extend((0u16..6).flat_map(u16::to_le_bytes));
/// let v = ndview::npy::view(&file)?;
/// assert_eq!((v.shape(), v.strides(), v.offset()), (&[2, 3][..], &[2, 4][..], 128));
/// assert_eq!(v.bytes().as_ptr(), file.as_ptr());
/// assert_eq!(v.to_bytes(Order::F), &file[128..]);
/// # Ok::<(), ndview::Error>(())
/// ```
pub fn view(bytes: &[u8]) -> Result<RawView<'_>> {
    let h = parse_header(bytes)?;
    let (format, layout) = data_layout(&h)?;
    RawView::with_layout_of(bytes, format, layout)
}

/// A mutable view of the array in the bytes of a `.npy` file: writes
/// through it change the file's bytes. See [`view`].
///
/// # Errors
///
/// As [`view`].
///
/// ```
/// use ndview::npy::{header_bytes, Descr};
/// use ndview::Scalar;
/// let mut file = header_bytes(&Descr::scalar("|u1")?, false, &[4])?;
/// file.extend([0u8; 4]);
/// let mut m = ndview::npy::view_mut(&mut file)?;
/// m.set(&[2], &Scalar::UInt(7))?;
/// assert_eq!(file[128..], [0, 0, 7, 0]);
/// # Ok::<(), ndview::Error>(())
/// ```
pub fn view_mut(bytes: &mut [u8]) -> Result<RawViewMut<'_>> {
    let h = parse_header(bytes)?;
    let (format, layout) = data_layout(&h)?;
    RawViewMut::from_parts(
        bytes,
        format,
        layout.shape(),
        layout.strides(),
        layout.offset(),
    )
}

fn no_descr(format: &Format, why: &str) -> Error {
    Error::Unrepresentable {
        operation: "npy::write",
        reason: format!("the format {format} has no NumPy dtype: {why}"),
    }
}

/// The `.npy` descr of a format that is a record field or a top-level
/// element (sub-arrays are handled by the caller).
fn descr_of(format: &Format) -> Result<Descr> {
    if let Some((_, base)) = format.subarray() {
        // Only reached for a sub-array of sub-arrays, which `subarray`
        // flattens; kept for completeness.
        return descr_of(base);
    }
    match format.kind() {
        Kind::Record => record_descr(format),
        // NumPy reads the buffer-protocol `c` as a one-byte string.
        Kind::Char => Descr::scalar("|S1"),
        Kind::Pointer => Err(no_descr(format, "pointers are not portable")),
        _ => {
            let s = format.to_string();
            Descr::scalar(&s).map_err(|e| no_descr(format, &e.to_string()))
        }
    }
}

/// The packed field list of a record: padding entries `('', '|V<n>')` for
/// gaps and trailing bytes.
fn record_descr(format: &Format) -> Result<Descr> {
    let mut fields = Vec::new();
    let mut cursor = 0usize;
    let pad = |n: usize| -> Result<DescrField> {
        Ok(DescrField::new("", Descr::scalar(&format!("|V{n}"))?))
    };
    for field in format.fields() {
        if field.offset < cursor {
            return Err(no_descr(
                format,
                &format!("the field {:?} overlaps the field before it", field.name),
            ));
        }
        if field.offset > cursor {
            fields.push(pad(field.offset - cursor)?);
        }
        let entry = match field.format.subarray() {
            Some((shape, base)) => {
                DescrField::with_shape(field.name.as_str(), descr_of(base)?, shape.to_vec())
            }
            None => DescrField::new(field.name.as_str(), descr_of(&field.format)?),
        };
        fields.push(entry);
        cursor = field.offset + field.format.itemsize();
    }
    if format.itemsize() > cursor {
        fields.push(pad(format.itemsize() - cursor)?);
    }
    Ok(Descr::Record(fields))
}

impl Descr {
    /// The `.npy` descr of an element format: what `npy::write` puts in the
    /// header. Scalars become their NumPy type strings, records packed
    /// field lists with `('', '|V<n>')` padding for gaps and trailing bytes,
    /// sub-array fields with a shape, nested records nested lists;
    /// `c` becomes `|S1`. A top-level sub-array becomes the descr of its
    /// base (its shape goes into the array's shape, as NumPy does).
    ///
    /// # Errors
    ///
    /// [`Error::Unrepresentable`] for formats with no NumPy dtype: pointers
    /// `P`, half-precision complex `Ze`, records with overlapping fields.
    ///
    /// ```
    /// use ndview::npy::{Descr, DescrField};
    /// use ndview::Format;
    /// let f = Format::parse("T{b:f0:3x<i:f1:}")?; // a byte, 3 bytes of padding, an int
    /// assert_eq!(Descr::from_format(&f)?, Descr::Record(vec![
    ///     DescrField::new("f0", Descr::scalar("|i1")?),
    ///     DescrField::new("", Descr::scalar("|V3")?),
    ///     DescrField::new("f1", Descr::scalar("<i4")?),
    /// ]));
    /// assert!(Descr::from_format(&Format::parse("P")?).is_err());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    pub fn from_format(format: &Format) -> Result<Descr> {
        let descr = descr_of(format)?;
        let expected = match format.subarray() {
            Some((_, base)) => base.itemsize(),
            None => format.itemsize(),
        };
        if descr.itemsize()? != expected {
            return Err(no_descr(format, "its size differs from the descr's"));
        }
        Ok(descr)
    }
}

/// The header of the `.npy` file of `view`: descr, Fortran order, shape.
/// A top-level sub-array format becomes trailing axes, as in NumPy.
#[cfg(feature = "std")]
fn file_header(view: &RawView<'_>) -> Result<(Descr, bool, Vec<usize>)> {
    let format = view.format();
    let mut shape = view.shape().to_vec();
    let (descr, fortran) = match format.subarray() {
        Some((sub, _)) => {
            shape.extend_from_slice(sub);
            (Descr::from_format(format)?, false)
        }
        None => (
            Descr::from_format(format)?,
            view.is_f_contiguous() && !view.is_c_contiguous(),
        ),
    };
    Ok((descr, fortran, shape))
}

/// Writes `view` as a `.npy` file: the header NumPy would write for it
/// (byte for byte, see [`header_bytes`](super::header_bytes)), then the
/// elements.
///
/// The descr comes from the view's format: scalars as their NumPy type
/// strings, records as packed field lists with `('', '|V<n>')` padding,
/// sub-array fields with their shapes, nested records recursively; `c` is
/// written as `|S1`, and a top-level sub-array format `(2,3)<f4` as two
/// more axes of `<f4`. `fortran_order` is NumPy's rule: F-contiguous and
/// not C-contiguous. A contiguous view is written straight from its
/// region; any other goes out in C order, run by run, with
/// [`RawView::write_to`] (no intermediate copy either way).
///
/// # Errors
///
/// An error of kind [`InvalidInput`](std::io::ErrorKind::InvalidInput)
/// wrapping an [`Error::Unrepresentable`] for a format with no NumPy dtype
/// (pointers `P`, half-precision complex `Ze`, overlapping record
/// fields); the writer's errors.
///
/// ```
/// use ndview::{Format, RawView, Order};
/// let data: Vec<u8> = (0..6).collect();
/// let v = RawView::new(&data, Format::parse("|u1")?, &[2, 3])?;
/// let mut file = Vec::new();
/// ndview::npy::write(&mut file, &v.slice(&"::-1, 1:".parse()?)?)?;
/// let back = ndview::npy::view(&file)?;
/// assert_eq!((back.shape(), back.is_c_contiguous()), (&[2, 2][..], true));
/// assert_eq!(back.to_bytes(Order::C), [4, 5, 1, 2]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(feature = "std")]
pub fn write<W: std::io::Write + ?Sized>(
    writer: &mut W,
    view: &RawView<'_>,
) -> std::io::Result<()> {
    let invalid = |e: Error| std::io::Error::new(std::io::ErrorKind::InvalidInput, e);
    let (descr, fortran, shape) = file_header(view).map_err(invalid)?;
    let header = super::header_bytes(&descr, fortran, &shape).map_err(invalid)?;
    writer.write_all(&header)?;
    if fortran {
        // F-contiguous: positive strides, the elements are one block from
        // element [0, …, 0] on.
        let start = view.offset();
        writer.write_all(&view.bytes()[start..start + view.nbytes()])
    } else {
        view.write_to(writer)
    }
}
