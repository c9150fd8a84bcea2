//! The one error type of the crate.
//!
//! Every fallible operation returns [`Error`]. Each variant names one way a
//! request can fail and carries what was asked for and what was found, so
//! that the [`Display`](core::fmt::Display) message reads like a sentence a
//! user can act on:
//!
//! ```
//! use ndview::Error;
//! let e = Error::IndexOutOfBounds { axis: 0, index: 5, len: 5 };
//! assert_eq!(e.to_string(), "index 5 is out of bounds for axis 0 with size 5");
//! ```
//!
//! The enum is `#[non_exhaustive]`: match the variants you handle and keep a
//! `_` arm.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// `Result<T, ndview::Error>`.
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// Everything that can go wrong when describing, viewing or reinterpreting
/// bytes.
///
/// Requests that have no strided representation over the same bytes are
/// errors, never silent copies; hostile input is an error, never a panic.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A format string that does not parse or is not supported.
    InvalidFormat {
        /// The string that was given.
        format: String,
        /// Byte position in `format` where the problem was found.
        position: usize,
        /// What is wrong there.
        reason: String,
    },
    /// `typed::<T>()` (or a typed constructor) on data whose format is not
    /// `T`'s native format.
    FormatMismatch {
        /// The format the typed view needs (`T`'s native format).
        expected: String,
        /// The format of the data.
        found: String,
        /// What asked: `"typed"` (a typed view) or `"assign"` (a byte copy
        /// between raw views).
        operation: &'static str,
    },
    /// A typed view whose first element or a stride is not a multiple of the
    /// element's alignment.
    Misaligned {
        /// The element type or format asked for.
        target: String,
        /// The alignment it requires, in bytes.
        required: usize,
        /// Byte offset of the first element inside the region.
        offset: usize,
        /// `Some((axis, stride))` when a stride breaks the alignment,
        /// `None` when the address of the first element does.
        stride: Option<(usize, isize)>,
        /// The address of the region's first byte modulo `required`: when
        /// it is not 0 and `offset` is a multiple of `required`, it is the
        /// region itself (the buffer) that is misaligned.
        region_misalignment: usize,
    },
    /// Shape, strides and offset reach bytes outside the region.
    OutOfBounds {
        /// Lowest byte the layout reaches, relative to the region start
        /// (negative when it reaches below it).
        lowest: i128,
        /// One past the highest byte the layout reaches.
        end: i128,
        /// Length of the region in bytes.
        region_len: usize,
    },
    /// An integer index outside its axis.
    IndexOutOfBounds {
        /// The axis that was indexed.
        axis: usize,
        /// The index as given (before negative wrap-around).
        index: isize,
        /// The length of that axis.
        len: usize,
    },
    /// A malformed index expression: bad syntax, two ellipses, too many
    /// items, step 0, or (in strict mode) a slice bound outside its axis.
    InvalidIndex {
        /// What is wrong.
        reason: String,
    },
    /// An axis argument that is out of range or repeated.
    InvalidAxis {
        /// The axis that was asked for.
        axis: usize,
        /// The number of axes of the view.
        ndim: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Element counts or shapes that do not agree (reshape, cast, assign,
    /// broadcast).
    ShapeMismatch {
        /// The operation that was attempted.
        operation: &'static str,
        /// The shape that was found (the view's).
        found: Vec<usize>,
        /// The shape that was asked for.
        requested: Vec<usize>,
        /// Why they do not agree.
        reason: String,
    },
    /// An operation that needs a contiguous view got another.
    NotContiguous {
        /// The operation that was attempted.
        operation: &'static str,
        /// What kind of contiguity it needs.
        required: &'static str,
    },
    /// The asked-for view exists only as a copy: there are no strides over
    /// the same bytes that express it.
    Unrepresentable {
        /// The operation that was attempted.
        operation: &'static str,
        /// Why no strides exist.
        reason: String,
    },
    /// A mutable view whose elements would alias each other.
    Overlap {
        /// Why the elements alias (or why uniqueness could not be proven).
        reason: String,
    },
    /// More axes than supported.
    TooManyDims {
        /// The number of axes asked for.
        ndim: usize,
        /// The largest number supported ([`MAX_DIMS`](crate::MAX_DIMS)).
        max: usize,
        /// The offending shape, when it is known (empty otherwise).
        shape: Vec<usize>,
    },
    /// Sizes or byte offsets that overflow `isize`.
    Overflow {
        /// What was being computed.
        operation: &'static str,
        /// The shape being laid out, when it is known (empty otherwise).
        shape: Vec<usize>,
    },
    /// A record field that the format does not have.
    UnknownField {
        /// The field asked for.
        name: String,
        /// The format of the view.
        format: String,
    },
    /// A value that the format cannot hold (`Format::encode`, `set`): an
    /// integer out of range, a float too large, a value of the wrong kind.
    InvalidValue {
        /// The format the value was to be encoded as.
        format: String,
        /// The value, as text.
        value: String,
        /// Why it does not fit.
        reason: String,
    },
    /// A malformed or unsupported `.npy` header.
    InvalidHeader {
        /// What is wrong with it.
        reason: String,
    },
    /// A conversion that the casting level forbids, or a format that is not
    /// numeric (records, `s`, `x`, `P`).
    CastNotAllowed {
        /// The source format.
        from: String,
        /// The target format.
        to: String,
        /// The casting level that was asked for.
        casting: crate::Casting,
        /// Why the pair is refused, and what would allow it.
        reason: String,
    },
    /// A [`Casting::SameValue`](crate::Casting::SameValue) conversion met an
    /// element whose value would change.
    LossyCast {
        /// The index of the first such element (C order).
        index: Vec<usize>,
        /// The value there, as text.
        value: String,
        /// The target format.
        to: String,
    },
    /// An operating-system I/O failure.
    Io {
        /// The file concerned (empty when there is none, e.g. a stream).
        path: String,
        /// What was being done and the operating system's reason.
        reason: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidFormat {
                format,
                position,
                reason,
            } => write!(
                f,
                "invalid format {format:?} at position {position}: {reason}"
            ),
            Error::FormatMismatch {
                expected,
                found,
                operation: "assign",
            } => write!(
                f,
                "assign: the destination has format {expected} but the source has {found}; \
                 assign copies bytes and does not convert values, so the formats must be equal; \
                 to decode and convert, use `convert_into` (into a typed view) or `astype`"
            ),
            Error::FormatMismatch {
                expected, found, ..
            } => write!(
                f,
                "format mismatch: the data has format {found}, but the typed view needs {expected}; \
                 a typed view reads the bytes as they are, so to decode and convert the values use \
                 `astype` (e.g. `raw.astype::<T>(Casting::SameKind)`)"
            ),
            Error::Misaligned {
                target,
                required,
                offset,
                stride: None,
                region_misalignment,
            } if *region_misalignment != 0 && offset % required.max(&1) == 0 => write!(
                f,
                "cannot view data as {target}: the region's address is misaligned (address mod \
                 {required} = {region_misalignment}), although the byte offset {offset} is a multiple \
                 of the alignment {required}; copy the bytes into an aligned buffer, or decode them \
                 with `astype`, which reads any alignment"
            ),
            Error::Misaligned {
                target,
                required,
                offset,
                stride: None,
                ..
            } => write!(
                f,
                "cannot view data at byte offset {offset} as {target}: the address is not a multiple \
                 of the alignment {required}; decode it with `astype`, which reads any alignment, or \
                 copy the bytes into an aligned buffer"
            ),
            Error::Misaligned {
                target,
                required,
                stride: Some((axis, stride)),
                ..
            } => write!(
                f,
                "cannot view data as {target}: the stride {stride} of axis {axis} is not a multiple \
                 of the alignment {required} (a packed record field?); decode it with `astype` or \
                 `sum_as`, which read any alignment"
            ),
            Error::OutOfBounds {
                lowest,
                end,
                region_len,
            } => write!(
                f,
                "the view reaches bytes {lowest}..{end}, outside the region of {region_len} bytes"
            ),
            Error::IndexOutOfBounds { axis, index, len } => write!(
                f,
                "index {index} is out of bounds for axis {axis} with size {len}"
            ),
            Error::InvalidIndex { reason } => write!(f, "invalid index: {reason}"),
            Error::InvalidAxis { axis, ndim, reason } => write!(
                f,
                "invalid axis {axis} for a view of {ndim} dimensions: {reason}"
            ),
            Error::ShapeMismatch {
                operation,
                found,
                requested,
                reason,
            } => write!(
                f,
                "{operation}: shape {found:?} does not fit {requested:?}: {reason}"
            ),
            Error::NotContiguous {
                operation,
                required,
            } => write!(f, "{operation} needs a {required} view"),
            Error::Unrepresentable { operation, reason } => write!(
                f,
                "{operation} has no strided representation over the same bytes (it would need a copy): {reason}"
            ),
            Error::Overlap { reason } => {
                write!(f, "a mutable view's elements would alias: {reason}")
            }
            Error::TooManyDims { ndim, max, shape } => {
                write!(f, "{ndim} dimensions asked for")?;
                if !shape.is_empty() {
                    write!(f, " (shape {shape:?})")?;
                }
                write!(f, ", but at most {max} are supported")
            }
            Error::Overflow { operation, shape } => {
                write!(f, "arithmetic overflow while computing {operation}")?;
                if !shape.is_empty() {
                    write!(f, " for the shape {shape:?}")?;
                }
                Ok(())
            }
            Error::UnknownField { name, format } => {
                write!(f, "the format {format} has no field named {name:?}")
            }
            Error::InvalidValue {
                format,
                value,
                reason,
            } => write!(f, "cannot encode {value} as {format}: {reason}"),
            Error::InvalidHeader { reason } => write!(f, "invalid .npy header: {reason}"),
            Error::CastNotAllowed {
                from,
                to,
                casting,
                reason,
            } => write!(
                f,
                "cannot cast {from} to {to} with casting={casting}: {reason}"
            ),
            Error::LossyCast { index, value, to } => write!(
                f,
                "the value {value} at index {index:?} would change when cast to {to}"
            ),
            Error::Io { path, reason } if path.is_empty() => write!(f, "I/O error: {reason}"),
            Error::Io { path, reason } => write!(f, "I/O error on {path:?}: {reason}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

impl Error {
    /// Shorthand for [`Error::Overflow`].
    pub(crate) const fn overflow(operation: &'static str) -> Self {
        Error::Overflow {
            operation,
            shape: Vec::new(),
        }
    }

    /// The same error naming `shape` when it is an `Overflow` or
    /// `TooManyDims` that does not name one yet.
    pub(crate) fn with_shape(mut self, of: &[usize]) -> Self {
        if let Error::Overflow { shape, .. } | Error::TooManyDims { shape, .. } = &mut self {
            if shape.is_empty() {
                *shape = of.to_vec();
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::ToString;

    #[test]
    fn messages_name_what_was_asked_and_found() {
        let e = Error::Misaligned {
            target: "f64".into(),
            required: 8,
            offset: 6,
            stride: None,
            region_misalignment: 0,
        };
        assert_eq!(
            e.to_string(),
            "cannot view data at byte offset 6 as f64: the address is not a multiple of the \
             alignment 8; decode it with `astype`, which reads any alignment, or copy the bytes \
             into an aligned buffer"
        );
        let e = Error::Misaligned {
            target: "f64".into(),
            required: 8,
            offset: 16,
            stride: None,
            region_misalignment: 4,
        };
        let msg = e.to_string();
        assert!(
            msg.contains("the region's address is misaligned (address mod 8 = 4)"),
            "{msg}"
        );
        assert!(
            msg.contains("aligned buffer") && msg.contains("`astype`"),
            "{msg}"
        );
        let e = Error::TooManyDims {
            ndim: 65,
            max: 64,
            shape: Vec::new(),
        };
        assert_eq!(
            e.to_string(),
            "65 dimensions asked for, but at most 64 are supported"
        );
        let e = Error::TooManyDims {
            ndim: 3,
            max: 2,
            shape: alloc::vec![1, 2, 3],
        };
        assert_eq!(
            e.to_string(),
            "3 dimensions asked for (shape [1, 2, 3]), but at most 2 are supported"
        );
        let e = Error::overflow("the number of elements").with_shape(&[usize::MAX, 2]);
        assert_eq!(
            e.to_string(),
            format!(
                "arithmetic overflow while computing the number of elements for the shape [{}, 2]",
                usize::MAX
            )
        );
    }
}
