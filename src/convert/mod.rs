//! Conversion: decode any numeric [`RawView`](crate::RawView) — any byte
//! order, any alignment, any layout — into typed values, under NumPy's
//! casting levels.
//!
//! * [`RawView::astype`](crate::RawView::astype) /
//!   [`NdView::astype`](crate::NdView::astype): a new C-ordered
//!   [`NdArray<T>`](crate::NdArray) (NumPy's `astype`);
//! * [`RawView::convert_into`](crate::RawView::convert_into): into an
//!   existing typed view of any layout (`np.copyto`);
//! * [`RawView::sum_as`](crate::RawView::sum_as), `mean_as`, `min_as`,
//!   `max_as`: whole-view reductions of any numeric format without a copy.
//!
//! Which conversions a [`Casting`] level allows is NumPy's `np.can_cast`
//! ([`can_cast`], table in `rules`); how values convert is Rust's `as`,
//! identical on every platform:
//!
//! | from → to | result |
//! | --- | --- |
//! | integer → integer | wraps (two's complement truncation) |
//! | float → integer | truncates toward zero, saturates at the bounds, NaN → 0 |
//! | integer or float → float | rounds to nearest, ties to even (`f16`/`bf16` via `half`) |
//! | complex → real | the real part (the imaginary part is dropped) |
//! | real → complex | imaginary part 0 |
//! | bool → number | 0 or 1 |
//!
//! NumPy leaves NaN → int and out-of-range float → int undefined (INT_MIN
//! on x86, 0 or saturation on ARM, numpy#21166); ndview does not.
//! [`Casting::SameValue`] converts any pair but fails with
//! [`Error::LossyCast`](crate::Error::LossyCast) on the first element (C
//! order) whose value would change (NaN staying NaN is no change).
//!
//! The loops walk the crate's one traversal plan and convert each inner
//! run in chunks through a 4 KiB stack buffer (byte swap, unaligned load,
//! widening on dense blocks), so any layout converts at close to the speed
//! of a copy; the kernel is picked once per call from the source's kind,
//! width and byte order, never per element.
//!
//! ```
//! use ndview::{Casting, Format, RawView};
//! // A misaligned network packet of big-endian u16 after a 1-byte tag.
//! let packet = [0xAAu8, 0x01, 0x00, 0x00, 0x2a, 0xff, 0xff];
//! let words = RawView::from_parts(&packet, Format::parse(">u2")?, &[3], &[2], 1)?;
//! assert!(words.typed::<u16>().is_err()); // big-endian and misaligned
//! let w = words.astype::<u32>(Casting::Safe)?;
//! assert_eq!(w.into_vec(), vec![256, 42, 65535]);
//! # Ok::<(), ndview::Error>(())
//! ```

//!
//! The user guide's walk-through of big-endian files, packed records and
//! misaligned packets follows (`docs/decoding.md`; its examples run as doc
//! tests).
//!
#![doc = include_str!("../../docs/decoding.md")]

use core::fmt;

mod methods;
pub(crate) mod numeric;
mod rules;

pub use rules::can_cast;

/// The element types conversion can produce: every [`Element`](crate::Element)
/// type (integers of every width, `f32`, `f64`, `half::f16` and
/// `half::bf16` with feature `half`, `Complex<f32|f64>` with feature
/// `complex`).
///
/// Sealed: the conversion rules are written for exactly these types.
///
/// ```
/// fn total<T: ndview::convert::CastTarget>() {}
/// total::<f64>();
/// total::<u8>();
/// ```
pub trait CastTarget: crate::Element + numeric::Numeric {}

macro_rules! cast_target {
    ($($t:ty),*) => {$( impl CastTarget for $t {} )*};
}
cast_target!(u8, i8, u16, i16, u32, i32, u64, i64, usize, isize, f32, f64);
#[cfg(feature = "half")]
cast_target!(half::f16, half::bf16);
#[cfg(feature = "complex")]
cast_target!(num_complex::Complex<f32>, num_complex::Complex<f64>);

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
