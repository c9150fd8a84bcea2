//! The element side of conversion: [`Numeric`], one sealed trait for every
//! type values are converted from and to.
//!
//! A conversion `S → T` is `S::cast::<T>()`: the source widens itself
//! *exactly* (integers to `i64`/`u64`, `f16`/`bf16` to `f32`, floats stay
//! themselves, complex to a pair of `f64`) and the target rounds that once
//! with Rust `as` (`T::from_i64`, `T::from_f64`, …). Both halves are
//! `#[inline(always)]`, so once monomorphized the pair is a single `as` —
//! the loop over a chunk is what LLVM vectorizes. The kernel is picked
//! once per call, never per element.
//!
//! The documented semantics (also in `docs/guide.md`):
//!
//! * integer → integer wraps (`as`); float → integer truncates toward zero
//!   and saturates, NaN → 0 (`as`);
//! * anything → float rounds to nearest even (`as`; `f16`/`bf16` through
//!   `half`'s `from_f32` / `from_f64`, one rounding);
//! * complex → real drops the imaginary part (NumPy's `ComplexWarning`
//!   case); real → complex has imaginary part 0;
//! * bool → number is 0 or 1.

use alloc::string::{String, ToString};

use crate::format::Scalar;

/// The value of an element in a domain where every supported type is
/// exact, to compare a value before and after a cast
/// ([`Casting::SameValue`](crate::Casting::SameValue)).
#[derive(Clone, Copy, Debug)]
#[doc(hidden)]
pub enum Exact {
    Int(i128),
    Real(f64),
    Complex(f64, f64),
}

impl Exact {
    /// Whether `self` and `other` are the same number (NaN is the same as
    /// NaN, so a NaN that stays NaN is not a change).
    pub(crate) fn same(self, other: Exact) -> bool {
        fn int_real(i: i128, x: f64) -> bool {
            // `2^127` as f64 is exact; inside the range `as` is exact for
            // integral values.
            const LIMIT: f64 = 170_141_183_460_469_231_731_687_303_715_884_105_728.0;
            // An integral `x` in range survives the round trip through i128.
            (-LIMIT..LIMIT).contains(&x) && x as i128 == i && i as f64 == x
        }
        fn real_real(x: f64, y: f64) -> bool {
            x == y || (x.is_nan() && y.is_nan())
        }
        match (self, other) {
            (Exact::Int(a), Exact::Int(b)) => a == b,
            (Exact::Int(i), Exact::Real(x)) | (Exact::Real(x), Exact::Int(i)) => int_real(i, x),
            (Exact::Real(x), Exact::Real(y)) => real_real(x, y),
            (Exact::Complex(r, i), Exact::Complex(s, j)) => real_real(r, s) && real_real(i, j),
            (Exact::Complex(r, i), other) | (other, Exact::Complex(r, i)) => {
                i == 0.0 && Exact::Real(r).same(other)
            }
        }
    }

    /// The value as text, the way [`Scalar`] prints it.
    pub(crate) fn show(self) -> String {
        match self {
            Exact::Int(i) => match i64::try_from(i) {
                Ok(v) => Scalar::Int(v).to_string(),
                Err(_) => i.to_string(),
            },
            Exact::Real(x) => Scalar::Float(x).to_string(),
            Exact::Complex(r, i) => Scalar::Complex(r, i).to_string(),
        }
    }
}

/// A number that conversion reads and writes in native byte order.
///
/// Sealed: implemented inside the crate for every [`Element`](crate::Element)
/// type and for the one-byte boolean of `?` / `b1` data.
pub trait Numeric: bytemuck::Pod + Send + Sync + 'static {
    /// `b as Self`: 0 or 1.
    #[doc(hidden)]
    fn from_bool(b: bool) -> Self;
    /// `v as Self`.
    #[doc(hidden)]
    fn from_i64(v: i64) -> Self;
    /// `v as Self`.
    #[doc(hidden)]
    fn from_u64(v: u64) -> Self;
    /// `v as Self`.
    #[doc(hidden)]
    fn from_f32(v: f32) -> Self;
    /// `v as Self`.
    #[doc(hidden)]
    fn from_f64(v: f64) -> Self;
    /// A complex value; real targets keep `re`.
    #[doc(hidden)]
    fn from_complex(re: f64, im: f64) -> Self;
    /// `self` as a `T`, by the rules of the module documentation.
    #[doc(hidden)]
    fn cast<T: Numeric>(self) -> T;
    /// The same value with the bytes of each component reversed.
    #[doc(hidden)]
    fn swap_bytes(self) -> Self;
    /// The value, exactly.
    #[doc(hidden)]
    fn exact(self) -> Exact;

    /// Casts `src` into `dst` (same length), element by element. Types
    /// with a faster slice conversion (`f16`, `bf16`) override it.
    #[doc(hidden)]
    #[inline(always)]
    fn cast_slice<T: Numeric>(src: &[Self], dst: &mut [T]) {
        for (d, &s) in dst.iter_mut().zip(src) {
            *d = s.cast::<T>();
        }
    }

    /// Appends `src` cast to `T` to `out` (straight into its spare
    /// capacity: no scratch copy). `f16` and `bf16` override it.
    #[doc(hidden)]
    #[inline(always)]
    fn cast_extend<T: Numeric>(src: &[Self], out: &mut alloc::vec::Vec<T>) {
        out.extend(src.iter().map(|&s| s.cast::<T>()));
    }
}

/// `?` / `b1` data: one byte, zero is false (any other byte is true, as
/// `Format::decode` reads it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(transparent)]
pub(crate) struct Bool8(pub(crate) u8);

// SAFETY: a `repr(transparent)` wrapper of `u8`: no padding, every bit
// pattern valid.
unsafe impl bytemuck::Zeroable for Bool8 {}
// SAFETY: as above.
unsafe impl bytemuck::Pod for Bool8 {}

impl Numeric for Bool8 {
    #[inline(always)]
    fn from_bool(b: bool) -> Self {
        Bool8(u8::from(b))
    }
    #[inline(always)]
    fn from_i64(v: i64) -> Self {
        Bool8(u8::from(v != 0))
    }
    #[inline(always)]
    fn from_u64(v: u64) -> Self {
        Bool8(u8::from(v != 0))
    }
    #[inline(always)]
    fn from_f32(v: f32) -> Self {
        Bool8(u8::from(v != 0.0))
    }
    #[inline(always)]
    fn from_f64(v: f64) -> Self {
        Bool8(u8::from(v != 0.0))
    }
    #[inline(always)]
    fn from_complex(re: f64, im: f64) -> Self {
        Bool8(u8::from(re != 0.0 || im != 0.0))
    }
    #[inline(always)]
    fn cast<T: Numeric>(self) -> T {
        T::from_bool(self.0 != 0)
    }
    #[inline(always)]
    fn swap_bytes(self) -> Self {
        self
    }
    #[inline(always)]
    fn exact(self) -> Exact {
        Exact::Int(i128::from(self.0 != 0))
    }
}

macro_rules! integer {
    ($wide:ident, $from_wide:ident; $($t:ty),*) => {$(
        impl Numeric for $t {
            #[inline(always)]
            fn from_bool(b: bool) -> Self { <$t>::from(b) }
            #[inline(always)]
            fn from_i64(v: i64) -> Self { v as $t }
            #[inline(always)]
            fn from_u64(v: u64) -> Self { v as $t }
            #[inline(always)]
            fn from_f32(v: f32) -> Self { v as $t }
            #[inline(always)]
            fn from_f64(v: f64) -> Self { v as $t }
            #[inline(always)]
            fn from_complex(re: f64, _im: f64) -> Self { re as $t }
            #[inline(always)]
            fn cast<T: Numeric>(self) -> T { T::$from_wide(self as $wide) }
            #[inline(always)]
            fn swap_bytes(self) -> Self { <$t>::swap_bytes(self) }
            #[inline(always)]
            fn exact(self) -> Exact { Exact::Int(self as i128) }
        }
    )*};
}

integer!(i64, from_i64; i8, i16, i32, i64, isize);
integer!(u64, from_u64; u8, u16, u32, u64, usize);

macro_rules! float {
    ($($t:ty => $from_self:ident, $bits:ty);*) => {$(
        impl Numeric for $t {
            #[inline(always)]
            fn from_bool(b: bool) -> Self { u8::from(b) as $t }
            #[inline(always)]
            fn from_i64(v: i64) -> Self { v as $t }
            #[inline(always)]
            fn from_u64(v: u64) -> Self { v as $t }
            #[inline(always)]
            fn from_f32(v: f32) -> Self { v as $t }
            #[inline(always)]
            fn from_f64(v: f64) -> Self { v as $t }
            #[inline(always)]
            fn from_complex(re: f64, _im: f64) -> Self { re as $t }
            #[inline(always)]
            fn cast<T: Numeric>(self) -> T { T::$from_self(self) }
            #[inline(always)]
            fn swap_bytes(self) -> Self { <$t>::from_bits(<$bits>::swap_bytes(self.to_bits())) }
            #[inline(always)]
            fn exact(self) -> Exact { Exact::Real(self as f64) }
        }
    )*};
}

float!(f32 => from_f32, u32; f64 => from_f64, u64);

/// The chunk length of the `f16`/`bf16` slice conversions' `f32` scratch.
#[cfg(feature = "half")]
const HALF_SCRATCH: usize = 256;

macro_rules! half_float {
    ($($t:ty),*) => {$(
        #[cfg(feature = "half")]
        impl Numeric for $t {
            #[inline(always)]
            fn from_bool(b: bool) -> Self { <$t>::from_f32(f32::from(u8::from(b))) }
            // Integers are exact in f64 up to 2^53; beyond that an f16 is
            // infinite anyway, and a bf16 is rounded twice (documented).
            #[inline(always)]
            fn from_i64(v: i64) -> Self { <$t>::from_f64(v as f64) }
            #[inline(always)]
            fn from_u64(v: u64) -> Self { <$t>::from_f64(v as f64) }
            #[inline(always)]
            fn from_f32(v: f32) -> Self { <$t>::from_f32(v) }
            #[inline(always)]
            fn from_f64(v: f64) -> Self { <$t>::from_f64(v) }
            #[inline(always)]
            fn from_complex(re: f64, _im: f64) -> Self { <$t>::from_f64(re) }
            #[inline(always)]
            fn cast<T: Numeric>(self) -> T { T::from_f32(self.to_f32()) }
            #[inline(always)]
            fn swap_bytes(self) -> Self { <$t>::from_bits(self.to_bits().swap_bytes()) }
            #[inline(always)]
            fn exact(self) -> Exact { Exact::Real(self.to_f64()) }

            /// Widens through `half`'s slice conversion (F16C on x86 where
            /// available), then casts the `f32`s.
            #[inline(always)]
            fn cast_slice<T: Numeric>(src: &[Self], dst: &mut [T]) {
                use half::slice::HalfFloatSliceExt;
                let mut wide = [0f32; HALF_SCRATCH];
                for (s, d) in src.chunks(HALF_SCRATCH).zip(dst.chunks_mut(HALF_SCRATCH)) {
                    let wide = &mut wide[..s.len()];
                    s.convert_to_f32_slice(wide);
                    f32::cast_slice(wide, d);
                }
            }

            #[inline(always)]
            fn cast_extend<T: Numeric>(src: &[Self], out: &mut alloc::vec::Vec<T>) {
                use half::slice::HalfFloatSliceExt;
                let mut wide = [0f32; HALF_SCRATCH];
                for s in src.chunks(HALF_SCRATCH) {
                    let wide = &mut wide[..s.len()];
                    s.convert_to_f32_slice(wide);
                    f32::cast_extend(wide, out);
                }
            }
        }
    )*};
}

half_float!(half::f16, half::bf16);

macro_rules! complex {
    ($($part:ty),*) => {$(
        #[cfg(feature = "complex")]
        impl Numeric for num_complex::Complex<$part> {
            #[inline(always)]
            fn from_bool(b: bool) -> Self { Self::new(u8::from(b) as $part, 0.0) }
            #[inline(always)]
            fn from_i64(v: i64) -> Self { Self::new(v as $part, 0.0) }
            #[inline(always)]
            fn from_u64(v: u64) -> Self { Self::new(v as $part, 0.0) }
            #[inline(always)]
            fn from_f32(v: f32) -> Self { Self::new(v as $part, 0.0) }
            #[inline(always)]
            fn from_f64(v: f64) -> Self { Self::new(v as $part, 0.0) }
            #[inline(always)]
            fn from_complex(re: f64, im: f64) -> Self { Self::new(re as $part, im as $part) }
            #[inline(always)]
            fn cast<T: Numeric>(self) -> T { T::from_complex(self.re as f64, self.im as f64) }
            #[inline(always)]
            fn swap_bytes(self) -> Self {
                Self::new(self.re.swap_bytes(), self.im.swap_bytes())
            }
            #[inline(always)]
            fn exact(self) -> Exact { Exact::Complex(self.re as f64, self.im as f64) }
        }
    )*};
}

complex!(f32, f64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casts_are_rust_as() {
        assert_eq!(f64::NAN.cast::<i32>(), 0);
        assert_eq!(1e300f64.cast::<i32>(), i32::MAX);
        assert_eq!((-1e300f64).cast::<u8>(), 0);
        assert_eq!(300i32.cast::<u8>(), 44);
        assert_eq!((-1i8).cast::<u64>(), u64::MAX);
        assert_eq!(u64::MAX.cast::<f32>(), u64::MAX as f32);
        // Direct rounding, not through f64 (which would round twice).
        let v: i64 = (1 << 53) + (1 << 29) + 1;
        assert_eq!(v.cast::<f32>(), v as f32);
        assert_eq!(Bool8(7).cast::<f64>(), 1.0);
        assert_eq!(0.5f64.cast::<Bool8>(), Bool8(1));
    }

    #[test]
    fn same_value_compares_exactly() {
        let same = |a: Exact, b: Exact| a.same(b);
        assert!(same(Exact::Real(f64::NAN), Exact::Real(f64::NAN)));
        assert!(!same(
            Exact::Int(i64::MAX.into()),
            Exact::Real(i64::MAX as f64)
        ));
        assert!(same(Exact::Int(1 << 60), Exact::Real((1u64 << 60) as f64)));
        assert!(!same(Exact::Real(1e300), Exact::Real(f64::INFINITY)));
        assert!(same(Exact::Complex(2.0, 0.0), Exact::Int(2)));
        assert!(!same(Exact::Complex(2.0, 1.0), Exact::Real(2.0)));
        assert!(!same(Exact::Real(0.5), Exact::Int(0)));
    }
}
