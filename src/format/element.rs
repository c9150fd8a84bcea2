//! [`Element`]: the Rust types that a typed view hands out as `&T`.
//!
//! This is the crate's `bytemuck::Pod` with a format attached: a typed view
//! checks that the data's [`Format`](super::Format) equals
//! [`Format::of::<T>()`](super::Format::of) and that addresses are aligned,
//! and then reads the bytes as `T`. The trait is `unsafe` because that read
//! is only sound when the format tells the truth about `T`.

use super::Kind;

/// A type whose values a typed view may read from and write to raw bytes.
///
/// Implemented for `u8 i8 u16 i16 u32 i32 u64 i64 usize isize f32 f64`,
/// `half::f16` and `half::bf16` (feature `half`) and `num_complex::Complex<f32>` /
/// `Complex<f64>` (feature `complex`).
///
/// ```
/// use ndview::{Element, Format};
/// assert_eq!(<f64 as Element>::NAME, "f64");
/// assert_eq!(Format::of::<u16>().to_string(), if cfg!(target_endian = "little") { "<u2" } else { ">u2" });
/// ```
///
/// # Safety
///
/// [`Format::of::<Self>()`](super::Format::of) is built from [`Self::KIND`],
/// `size_of::<Self>()`, `align_of::<Self>()` and the host byte order. The
/// views trust it: once a region's format equals it and the addresses are
/// aligned, they turn `&[u8]` into `&Self` and `&mut [u8]` into `&mut Self`.
/// An implementer must therefore guarantee:
///
/// 1. `Self` is [`bytemuck::Pod`] (implied by the supertrait): no padding,
///    no invalid bit patterns, no interior mutability, `Copy`, and
///    `#[repr(C)]` or `#[repr(transparent)]` when it is a struct.
/// 2. An element of kind `KIND`, `size_of::<Self>()` bytes, in native byte
///    order is *exactly* one `Self`: every bit pattern of that format is a
///    valid `Self`, and reading it as `Self` gives the value the format
///    describes (`Complex` is two floats, real first; `Bool` would need every
///    byte value to be valid, which `bool` is not, so `bool` is not an
///    `Element`).
/// 3. `size_of::<Self>() > 0`, and `KIND` is not [`Kind::Record`] or [`Kind::Array`] (those need a
///    field list or shape that a constant kind cannot give; `Format::of`
///    would describe `Self` as opaque void bytes), and the size is one that a
///    format string can name for the kind (integers 1, 2, 4, 8; floats 2, 4,
///    8; complex 4, 8, 16), so that `Display` and `parse` round-trip.
///
/// Breaking (1) or (2) is undefined behaviour: a safe typed view would
/// produce invalid values of `Self` (e.g. a `char` from arbitrary bytes) or
/// read a value from bytes that describe a different type. Breaking (3)
/// only makes formats print oddly.
pub unsafe trait Element: bytemuck::Pod + Send + Sync + 'static {
    /// The Rust name of the type, used in messages (`"f64"`).
    const NAME: &'static str;
    /// What sort of value `Self` is; with its size and the host byte order
    /// it determines [`Format::of::<Self>()`](super::Format::of).
    const KIND: Kind;
}

macro_rules! element {
    ($($t:ty => $kind:ident),* $(,)?) => {$(
        // SAFETY: a primitive integer or IEEE float is `Pod`, and its native
        // representation is exactly the `$kind` element of its size in host
        // byte order; every bit pattern is a valid value.
        unsafe impl Element for $t {
            const NAME: &'static str = stringify!($t);
            const KIND: Kind = Kind::$kind;
        }
    )*};
}

element! {
    u8 => Unsigned, i8 => Signed, u16 => Unsigned, i16 => Signed,
    u32 => Unsigned, i32 => Signed, u64 => Unsigned, i64 => Signed,
    usize => Unsigned, isize => Signed, f32 => Float, f64 => Float,
}

// SAFETY: `half::f16` is `#[repr(transparent)]` over the `u16` bits of an
// IEEE binary16 (it implements `Pod`); every bit pattern is a valid f16.
#[cfg(feature = "half")]
unsafe impl Element for half::f16 {
    const NAME: &'static str = "f16";
    const KIND: Kind = Kind::Float;
}

// SAFETY: `half::bf16` is `#[repr(transparent)]` over the `u16` bits of a
// bfloat16 (it implements `Pod`); every bit pattern is a valid bf16, and
// `Format::of` describes it as `Kind::BFloat` of 2 bytes, native order.
#[cfg(feature = "half")]
unsafe impl Element for half::bf16 {
    const NAME: &'static str = "bf16";
    const KIND: Kind = Kind::BFloat;
}

// SAFETY: `Complex<f32>` is `#[repr(C)]` `{ re: f32, im: f32 }` (it
// implements `Pod`): exactly the `Zf` layout, real part first.
#[cfg(feature = "complex")]
unsafe impl Element for num_complex::Complex<f32> {
    const NAME: &'static str = "Complex<f32>";
    const KIND: Kind = Kind::Complex;
}

// SAFETY: `Complex<f64>` is `#[repr(C)]` `{ re: f64, im: f64 }` (it
// implements `Pod`): exactly the `Zd` layout, real part first.
#[cfg(feature = "complex")]
unsafe impl Element for num_complex::Complex<f64> {
    const NAME: &'static str = "Complex<f64>";
    const KIND: Kind = Kind::Complex;
}

#[cfg(test)]
mod tests {
    use super::super::Format;
    use core::mem::align_of;

    #[test]
    fn formats_of_elements_are_their_native_formats() {
        let p = |s: &str| Format::parse(s).unwrap();
        assert_eq!(Format::of::<u8>(), p("B"));
        assert_eq!(Format::of::<i16>(), p("h"));
        assert_eq!(Format::of::<i32>(), p("=i"));
        assert_eq!(Format::of::<u64>(), p("=Q"));
        assert_eq!(Format::of::<isize>(), p("n"));
        assert_eq!(Format::of::<usize>(), p("N"));
        assert_eq!(Format::of::<f32>(), p("f"));
        assert_eq!(Format::of::<f64>(), p("d"));
        assert_eq!(Format::of::<f64>().alignment(), align_of::<f64>());
        assert_eq!(Format::of::<f64>().natural_alignment(), align_of::<f64>());
    }

    #[cfg(feature = "half")]
    #[test]
    fn half_is_e() {
        assert_eq!(Format::of::<half::f16>(), Format::parse("e").unwrap());
    }

    #[cfg(feature = "half")]
    #[test]
    fn bf16_is_bf16_and_not_f16() {
        let f = Format::of::<half::bf16>();
        assert_eq!(f, Format::parse("=bf16").unwrap());
        assert_ne!(f, Format::parse("e").unwrap());
        assert_eq!(Format::parse(&f.to_string()).unwrap(), f);
        assert_eq!(f.alignment(), align_of::<half::bf16>());
    }

    #[cfg(feature = "complex")]
    #[test]
    fn complex_is_z() {
        use num_complex::Complex;
        assert_eq!(Format::of::<Complex<f32>>(), Format::parse("Zf").unwrap());
        assert_eq!(Format::of::<Complex<f64>>(), Format::parse("=c16").unwrap());
    }
}
