//! Conversion: decode any numeric [`RawView`](crate::RawView) — any byte
//! order, any alignment, any layout — into typed values, under NumPy's
//! casting levels.

use core::fmt;

/// How much a conversion may change values: NumPy's `casting=` levels, plus
/// a value-checked level.
///
/// The type-based levels allow exactly the pairs `np.can_cast(from, to,
/// level)` allows:
///
/// * `No` — identical formats only (byte order included);
/// * `Equiv` — the same type in either byte order;
/// * `Safe` — every value of the source is representable in the target;
/// * `SameKind` — `Safe`, or a cast within one kind (float64 → float32,
///   int64 → int8);
/// * `Unsafe` — any numeric pair, with Rust `as` results on every platform
///   (floats to ints saturate and NaN becomes 0; ints wrap);
/// * `SameValue` — any numeric pair, but the conversion fails on the first
///   element whose value would change.
///
/// ```
/// use ndview::Casting;
/// assert!(Casting::Safe < Casting::SameKind);
/// assert_eq!(Casting::SameKind.to_string(), "same_kind");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Casting {
    /// Identical formats only.
    No,
    /// The same type, byte order may differ.
    Equiv,
    /// Value-preserving for every possible value.
    Safe,
    /// Safe, or within one kind.
    SameKind,
    /// Any numeric pair, Rust `as` semantics.
    Unsafe,
    /// Any numeric pair, checked value by value.
    SameValue,
}

impl fmt::Display for Casting {
    /// NumPy's spelling (`"no"`, `"equiv"`, `"safe"`, `"same_kind"`,
    /// `"unsafe"`), and `"same_value"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Casting::No => "no",
            Casting::Equiv => "equiv",
            Casting::Safe => "safe",
            Casting::SameKind => "same_kind",
            Casting::Unsafe => "unsafe",
            Casting::SameValue => "same_value",
        })
    }
}
