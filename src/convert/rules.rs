//! Which casts each level allows: NumPy's `np.can_cast` table, plus the
//! rules for `bf16` (which NumPy does not have).
//!
//! Numbers fall in five kinds, ordered `bool < unsigned < signed < float <
//! complex`. Over them:
//!
//! * `No`: the same type in the same byte order (one-byte types have none);
//! * `Equiv`: the same type, any byte order;
//! * `Safe`: every value of the source is a value of the target: `bool`
//!   to anything; an integer to a wider integer of the same signedness, or
//!   an unsigned to a wider signed one; `i1`/`u1` to `f2`, 16-bit
//!   integers to `f4`, 32- and 64-bit integers to `f8` (NumPy calls
//!   `int64 → float64` safe although it rounds; numpy#13733 — kept, this
//!   is NumPy's table); a float to a float at least as wide; a real to the
//!   complex whose components are that float; complex to wider complex;
//! * `SameKind`: `Safe`, or from a kind to the same or a later kind
//!   (`f8 → f4`, `i8 → i1`, `u8 → i1`, but not `i1 → u8` or `f4 → i8`);
//! * `Unsafe` and `SameValue`: any pair of numbers.
//!
//! `bf16` is a float of 16 bits with an 8-bit exponent: `bool`, `i1` and
//! `u1` are safe to it, it is safe to `f4`, `f8`, `c8` and `c16`, and `f2`
//! and `bf16` are not safe to each other (each has values the other
//! lacks); within the float kind they are `SameKind`.
//!
//! Formats that are not numbers (records, sub-arrays, `s`, `c`, `x`/`V`,
//! `P`) and complex of two `f2` (`Ze`, which NumPy lacks) are refused at
//! every level.

use alloc::format;
use alloc::string::{String, ToString};

use super::Casting;
use crate::error::{Error, Result};
use crate::format::{ByteOrder, Format, Kind};

/// A numeric format reduced to what the rules look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Num {
    pub(crate) kind: NumKind,
    /// Bytes.
    pub(crate) size: usize,
    pub(crate) order: ByteOrder,
}

/// The five kinds, in `SameKind` order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum NumKind {
    Bool,
    Unsigned,
    Signed,
    /// IEEE floats (`f2 f4 f8`).
    Float,
    /// bfloat16.
    BFloat,
    Complex,
}

impl NumKind {
    /// The position in the `SameKind` order (both float kinds share one).
    fn rank(self) -> u8 {
        match self {
            NumKind::Bool => 0,
            NumKind::Unsigned => 1,
            NumKind::Signed => 2,
            NumKind::Float | NumKind::BFloat => 3,
            NumKind::Complex => 4,
        }
    }
}

impl Num {
    /// The numeric description of `format`, or why it has none.
    pub(crate) fn of(format: &Format) -> core::result::Result<Num, &'static str> {
        if !format.is_scalar() {
            return Err(
                "it is not a number (a record or sub-array); convert its fields one by one",
            );
        }
        let size = format.itemsize();
        let kind =
            match (format.kind(), size) {
                (Kind::Bool, 1) => NumKind::Bool,
                (Kind::Unsigned, 1 | 2 | 4 | 8) => NumKind::Unsigned,
                (Kind::Signed, 1 | 2 | 4 | 8) => NumKind::Signed,
                (Kind::Float, 2 | 4 | 8) => NumKind::Float,
                (Kind::BFloat, 2) => NumKind::BFloat,
                (Kind::Complex, 8 | 16) => NumKind::Complex,
                (Kind::Complex, _) => {
                    return Err("complex numbers of two f16 (`Ze`) are not supported")
                }
                (Kind::Pointer, _) => return Err(
                    "pointers (`P`) are addresses, not numbers; view them as `N` to read the bits",
                ),
                _ => return Err("it is not a number (bytes, characters or void)"),
            };
        Ok(Num {
            kind,
            size,
            order: format.byte_order(),
        })
    }

    /// The float the values of an integer or float convert to safely
    /// (NumPy's table), as `(kind, size)`.
    fn safe_float(self) -> Option<(NumKind, usize)> {
        Some(match (self.kind, self.size) {
            (NumKind::Bool, _) => (NumKind::Float, 2),
            (NumKind::Unsigned | NumKind::Signed, 1) => (NumKind::Float, 2),
            (NumKind::Unsigned | NumKind::Signed, 2) => (NumKind::Float, 4),
            (NumKind::Unsigned | NumKind::Signed, _) => (NumKind::Float, 8),
            (NumKind::Float | NumKind::BFloat, n) => (self.kind, n),
            (NumKind::Complex, _) => return None,
        })
    }
}

/// Whether every value of a float of `(kind, size)` is a value of the
/// float `to`.
fn float_fits(from: (NumKind, usize), to: (NumKind, usize)) -> bool {
    match (from, to) {
        (a, b) if a == b => true,
        // Both 16-bit floats widen exactly to f4 and f8.
        ((_, 2), (NumKind::Float, n)) => n >= 4 || from.0 == NumKind::Float,
        ((NumKind::Float, a), (NumKind::Float, b)) => b >= a,
        _ => false,
    }
}

fn safe(from: Num, to: Num) -> bool {
    use NumKind::*;
    match (from.kind, to.kind) {
        (Bool, _) => true,
        (_, Bool) => false,
        (Unsigned, Unsigned) | (Signed, Signed) => to.size >= from.size,
        (Unsigned, Signed) => to.size > from.size,
        (Signed, Unsigned) => false,
        (_, Float | BFloat) => match from.safe_float() {
            Some(f) if from.kind != Complex => {
                // bf16 holds every i1/u1 (8 significant bits), like f2.
                let f = if to.kind == BFloat && f == (Float, 2) && from.size == 1 {
                    (BFloat, 2)
                } else {
                    f
                };
                float_fits(f, (to.kind, to.size))
            }
            _ => false,
        },
        (Complex, Complex) => to.size >= from.size,
        (_, Complex) => from
            .safe_float()
            .is_some_and(|f| float_fits(f, (Float, to.size / 2))),
        (Float | BFloat | Complex, Unsigned | Signed) => false,
    }
}

/// Whether `casting` allows converting `from` to `to` (both numeric).
pub(crate) fn allowed(from: Num, to: Num, casting: Casting) -> bool {
    let same_type = from.kind == to.kind && from.size == to.size;
    match casting {
        Casting::No => {
            same_type
                && (from.order == to.order
                    || from.order == ByteOrder::NotApplicable
                    || to.order == ByteOrder::NotApplicable)
        }
        Casting::Equiv => same_type,
        Casting::Safe => same_type || safe(from, to),
        Casting::SameKind => {
            same_type
                || safe(from, to)
                || (from.kind.rank() <= to.kind.rank()
                    && !(from.kind == NumKind::Signed && to.kind == NumKind::Unsigned))
        }
        Casting::Unsafe | Casting::SameValue => true,
    }
}

/// NumPy's `np.can_cast(from, to, casting)` for two formats; `false` when
/// either is not a number. With `SameValue` it says whether the pair may be
/// tried (any two numbers); the values decide.
///
/// ```
/// use ndview::{convert::can_cast, Casting, Format};
/// let f = |s: &str| Format::parse(s).unwrap();
/// assert!(can_cast(&f("<i4"), &f("<f8"), Casting::Safe));
/// assert!(!can_cast(&f("<f8"), &f("<f4"), Casting::Safe));
/// assert!(can_cast(&f("<f8"), &f("<f4"), Casting::SameKind));
/// assert!(can_cast(&f(">f8"), &f("<f8"), Casting::Equiv));
/// assert!(!can_cast(&f(">f8"), &f("<f8"), Casting::No));
/// assert!(!can_cast(&f("|S3"), &f("<f8"), Casting::Unsafe));
/// ```
#[doc(alias = "np.can_cast")]
pub fn can_cast(from: &Format, to: &Format, casting: Casting) -> bool {
    match (Num::of(from), Num::of(to)) {
        (Ok(a), Ok(b)) => allowed(a, b, casting),
        _ => false,
    }
}

/// The numeric description of `from`, after checking that `casting` allows
/// the conversion to `to`.
pub(crate) fn check(from: &Format, to: &Format, casting: Casting) -> Result<Num> {
    let refuse = |reason: String| Error::CastNotAllowed {
        from: from.to_string(),
        to: to.to_string(),
        casting,
        reason,
    };
    let a = Num::of(from).map_err(|r| refuse(format!("the source format: {r}")))?;
    let b = Num::of(to).map_err(|r| refuse(format!("the target format: {r}")))?;
    if allowed(a, b, casting) {
        return Ok(a);
    }
    let hint = match casting {
        Casting::No if a.kind == b.kind && a.size == b.size => {
            "only the byte order differs: `Casting::Equiv` allows that".into()
        }
        Casting::No | Casting::Equiv => {
            "the types differ; `Casting::Safe` or `SameKind` allows value-preserving or same-kind casts".into()
        }
        Casting::Safe if allowed(a, b, Casting::SameKind) => {
            "some values would not be representable; `Casting::SameKind` allows it (rounding or wrapping), `Casting::SameValue` checks every value".into()
        }
        _ => format!(
            "{} to {} changes the kind of number; `Casting::Unsafe` allows it with Rust `as` results, `Casting::SameValue` checks every value",
            kind_name(a.kind),
            kind_name(b.kind)
        ),
    };
    Err(refuse(hint))
}

fn kind_name(kind: NumKind) -> &'static str {
    match kind {
        NumKind::Bool => "bool",
        NumKind::Unsigned => "unsigned integer",
        NumKind::Signed => "signed integer",
        NumKind::Float | NumKind::BFloat => "float",
        NumKind::Complex => "complex",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> Format {
        Format::parse(s).unwrap()
    }

    #[test]
    fn numpy_corner_cases() {
        assert!(can_cast(&f("<u8"), &f("<f8"), Casting::Safe));
        assert!(can_cast(&f("<i8"), &f("<f8"), Casting::Safe));
        assert!(!can_cast(&f("<i8"), &f("<u8"), Casting::SameKind));
        assert!(can_cast(&f("<u8"), &f("|i1"), Casting::SameKind));
        assert!(can_cast(&f("|u1"), &f("<f2"), Casting::Safe));
        assert!(!can_cast(&f("<u2"), &f("<f2"), Casting::Safe));
        assert!(can_cast(&f("<i4"), &f("<c16"), Casting::Safe));
        assert!(!can_cast(&f("<i4"), &f("<c8"), Casting::Safe));
        assert!(!can_cast(&f("<c8"), &f("<f8"), Casting::SameKind));
        assert!(can_cast(&f("|b1"), &f("<c8"), Casting::Safe));
        assert!(!can_cast(&f("|u1"), &f("|b1"), Casting::SameKind));
        assert!(can_cast(&f("|u1"), &f("|b1"), Casting::Unsafe));
        assert!(can_cast(&f("|u1"), &f("B"), Casting::No));
    }

    #[test]
    fn non_numbers_are_refused_at_every_level() {
        for s in ["|S3", "c", "P", "T{<i:a:}", "3d", "|V8", "<Ze"] {
            assert!(!can_cast(&f(s), &f("<f8"), Casting::Unsafe), "{s}");
            assert!(!can_cast(&f("<f8"), &f(s), Casting::SameValue), "{s}");
        }
    }
}
