//! Integer arithmetic on [`Element`] types, chosen by their kind: the
//! wrapping addition of the sums and the exact, widened sum of the means.
//!
//! `T + T` panics on overflow in debug builds, so generic integer sums could
//! not promise "never panics". An [`Element`] of kind `Signed` or `Unsigned`
//! is, by its safety contract, exactly the native two's-complement integer of
//! its size, so its bits can be added as that integer with `wrapping_add`
//! (signedness does not matter for wrapping addition). The kind and size are
//! constants: after monomorphisation only one branch is left, and float
//! sums are the plain `+` they were.

use core::mem::size_of;
use core::ops::Add;

use crate::format::{Element, Kind};

/// Whether `T` is an integer (its bits are a native two's-complement
/// integer of `size_of::<T>()` bytes).
#[inline(always)]
fn is_int<T: Element>() -> bool {
    matches!(T::KIND, Kind::Signed | Kind::Unsigned)
}

/// `a + b`; for integers modulo 2^bits (as NumPy's accumulation in the
/// same dtype), never panicking.
#[inline(always)]
pub(crate) fn wrapping_add<T: Element + Add<Output = T>>(a: T, b: T) -> T {
    if is_int::<T>() {
        let sum = match size_of::<T>() {
            1 => bits_op(a, b, u8::wrapping_add),
            2 => bits_op(a, b, u16::wrapping_add),
            4 => bits_op(a, b, u32::wrapping_add),
            8 => bits_op(a, b, u64::wrapping_add),
            16 => bits_op(a, b, u128::wrapping_add),
            _ => None,
        };
        if let Some(sum) = sum {
            return sum;
        }
    }
    a + b
}

/// `op` on the bits of `a` and `b` as the unsigned integer `U` of the same
/// size (`None` if the sizes differ).
#[inline(always)]
fn bits_op<T: Element, U: bytemuck::Pod>(a: T, b: T, op: fn(U, U) -> U) -> Option<T> {
    let (x, y) = (
        bytemuck::try_cast::<T, U>(a).ok()?,
        bytemuck::try_cast::<T, U>(b).ok()?,
    );
    bytemuck::try_cast(op(x, y)).ok()
}

/// The exact value of an integer element, or `None` if `T` is not an
/// integer of at most 8 bytes.
#[inline(always)]
pub(crate) fn widen<T: Element>(x: T) -> Option<i128> {
    let signed = match T::KIND {
        Kind::Signed => true,
        Kind::Unsigned => false,
        _ => return None,
    };
    macro_rules! as_int {
        ($s:ty, $u:ty) => {
            if signed {
                i128::from(bytemuck::try_cast::<T, $s>(x).ok()?)
            } else {
                i128::from(bytemuck::try_cast::<T, $u>(x).ok()?)
            }
        };
    }
    Some(match size_of::<T>() {
        1 => as_int!(i8, u8),
        2 => as_int!(i16, u16),
        4 => as_int!(i32, u32),
        8 => as_int!(i64, u64),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_wrap_and_floats_add() {
        assert_eq!(wrapping_add(250u8, 10), 4);
        assert_eq!(wrapping_add(i8::MAX, 1), i8::MIN);
        assert_eq!(wrapping_add(u64::MAX, 2), 1);
        assert_eq!(wrapping_add(i64::MIN, -1), i64::MAX);
        assert_eq!(wrapping_add(usize::MAX, 1), 0);
        assert_eq!(wrapping_add(0.5f64, 0.25), 0.75);
        assert_eq!(wrapping_add(f32::MAX, f32::MAX), f32::INFINITY);
    }

    #[test]
    fn widening_is_exact() {
        assert_eq!(widen(-1i8), Some(-1));
        assert_eq!(widen(u64::MAX), Some(i128::from(u64::MAX)));
        assert_eq!(widen(i64::MIN), Some(i128::from(i64::MIN)));
        assert_eq!(widen(200u8), Some(200));
        assert_eq!(widen(1.0f64), None);
    }
}
