//! Reshape without copying: NumPy's `_attempt_nocopy_reshape`.
//!
//! A reshape is a pure layout computation: it either finds strides that
//! show the same elements, in the same logical order (C or F), under a new
//! shape — or it says why none exist. It never copies; an impossible
//! reshape is an [`Error::Unrepresentable`] whose reason names the axes
//! that cannot be merged, so the caller can decide to copy.
//!
//! The rule (NumPy, `shape.c`): old axes of length 1 are dropped; old and
//! new axes are walked in groups whose lengths have equal products; the
//! old axes of a group must be *adjacent in memory in the requested order*
//! (C: `stride[k] == len[k+1] * stride[k+1]`; F: `stride[k+1] == len[k] *
//! stride[k]`), and the new axes of the group get the matching products.
//! Contiguity is not needed: `a[:, :, ::2]` still flattens.

use alloc::format;

use super::dims::Dims;
use super::{check_ndim, fill_strides, Layout, Order};
use crate::error::{Error, Result};

impl Layout {
    /// The same elements under `shape`, in the logical `order` (NumPy's
    /// `reshape(shape, order, copy=False)`), without copying.
    ///
    /// * The same shape gives the same layout.
    /// * A layout contiguous in `order` (for `itemsize`) gets fresh
    ///   contiguous strides and keeps its offset.
    /// * Otherwise groups of adjacent axes are merged or split as NumPy's
    ///   `_attempt_nocopy_reshape` does; this works through many
    ///   non-contiguous layouts (strided slices, reversed inner axes, axes of
    ///   length 1) and empty ones.
    ///
    /// # Errors
    ///
    /// * [`Error::ShapeMismatch`] if the element counts differ;
    /// * [`Error::Unrepresentable`] (operation `"reshape"`) if the result
    ///   would need a copy, with the axes that cannot be merged in the
    ///   reason;
    /// * [`Error::TooManyDims`], or [`Error::Overflow`] for a hostile shape
    ///   or itemsize.
    ///
    /// ```
    /// use ndview::{Error, Layout, Order};
    /// let a = Layout::contiguous(&[2, 3, 4], 4, Order::C)?;
    /// assert_eq!(a.reshape(&[6, 4], Order::C, 4)?.strides(), &[16, 4]);
    /// // A strided slice still merges its outer axes.
    /// let s = a.slice(&":, :2, :".parse()?)?;
    /// assert_eq!(s.reshape(&[2, 8], Order::C, 4)?.strides(), &[48, 4]);
    /// // The transpose flattens only in F order.
    /// assert!(matches!(a.transpose().reshape(&[24], Order::C, 4), Err(Error::Unrepresentable { .. })));
    /// assert_eq!(a.transpose().reshape(&[4, 6], Order::F, 4)?.strides(), &[4, 16]);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn reshape(&self, shape: &[usize], order: Order, itemsize: usize) -> Result<Layout> {
        check_ndim(shape.len()).map_err(|e| e.with_shape(shape))?;
        let count = if shape.contains(&0) {
            Some(0)
        } else {
            shape.iter().try_fold(1usize, |acc, &n| acc.checked_mul(n))
        };
        if count != Some(self.len()) {
            return Err(Error::ShapeMismatch {
                operation: "reshape",
                found: self.shape.to_vec(),
                requested: shape.to_vec(),
                reason: match count {
                    Some(c) => format!(
                        "the layout has {} elements but the new shape has {c}",
                        self.len()
                    ),
                    None => format!(
                        "the layout has {} elements but the new shape's count overflows",
                        self.len()
                    ),
                },
            });
        }
        if shape == &self.shape[..] {
            return Ok(self.clone());
        }
        let contiguous = match order {
            Order::C => self.is_c_contiguous(itemsize),
            Order::F => self.is_f_contiguous(itemsize),
        };
        let strides = if contiguous {
            fill_strides(shape, itemsize, order)?
        } else {
            match self.nocopy_strides(shape, order, itemsize)? {
                Ok(strides) => strides,
                Err((a, b)) => return Err(self.unmergeable(a, b, order, itemsize, shape)),
            }
        };
        let out = Layout {
            shape: Dims::from_slice(shape),
            strides,
            offset: self.offset,
        };
        out.check_invariants()?;
        Ok(out)
    }

    /// NumPy's `_attempt_nocopy_reshape` for a non-empty layout whose
    /// element count equals the product of `new`: the strides, or the two
    /// input axes that cannot be merged.
    fn nocopy_strides(
        &self,
        new: &[usize],
        order: Order,
        itemsize: usize,
    ) -> Result<core::result::Result<Dims<isize>, (usize, usize)>> {
        let f_order = order == Order::F;
        // The old axes that are not of length 1, with their original numbers.
        let mut od = Dims::<usize>::new();
        let mut os = Dims::<isize>::new();
        let mut oaxis = Dims::<usize>::new();
        for (k, (&n, &s)) in self.shape.iter().zip(self.strides.iter()).enumerate() {
            if n != 1 {
                od.push(n);
                os.push(s);
                oaxis.push(k);
            }
        }
        let overflow = || Error::overflow("the strides of a reshaped layout");
        let mut ns = Dims::<isize>::zeros(new.len());
        let (mut oi, mut oj, mut ni, mut nj) = (0usize, 1usize, 0usize, 1usize);
        while ni < new.len() && oi < od.len() {
            let mut np = new[ni];
            let mut op = od[oi];
            while np != op {
                // The counts agree and the layout is non-empty, so neither
                // side runs out before the products meet, and no partial
                // product exceeds the element count.
                if np < op {
                    np = np
                        .checked_mul(*new.get(nj).ok_or_else(overflow)?)
                        .ok_or_else(overflow)?;
                    nj += 1;
                } else {
                    op = op
                        .checked_mul(*od.get(oj).ok_or_else(overflow)?)
                        .ok_or_else(overflow)?;
                    oj += 1;
                }
            }
            for k in oi..oj - 1 {
                let mergeable = if f_order {
                    (od[k] as isize).checked_mul(os[k]) == Some(os[k + 1])
                } else {
                    (od[k + 1] as isize).checked_mul(os[k + 1]) == Some(os[k])
                };
                if !mergeable {
                    return Ok(Err((oaxis[k], oaxis[k + 1])));
                }
            }
            if f_order {
                ns[ni] = os[oi];
                for k in ni + 1..nj {
                    ns[k] = ns[k - 1]
                        .checked_mul(new[k - 1] as isize)
                        .ok_or_else(overflow)?;
                }
            } else {
                ns[nj - 1] = os[oj - 1];
                for k in (ni + 1..nj).rev() {
                    ns[k - 1] = ns[k].checked_mul(new[k] as isize).ok_or_else(overflow)?;
                }
            }
            ni = nj;
            nj += 1;
            oi = oj;
            oj += 1;
        }
        // Trailing new axes of length 1: their stride is never used, so an
        // overflowing product keeps the last stride.
        let mut last = if ni >= 1 {
            ns[ni - 1]
        } else {
            isize::try_from(itemsize).map_err(|_| overflow())?
        };
        if f_order && ni >= 1 {
            last = last.checked_mul(new[ni - 1] as isize).unwrap_or(last);
        }
        for s in ns[ni..].iter_mut() {
            *s = last;
        }
        Ok(Ok(ns))
    }

    /// The error for old axes `a` and `b` that cannot merge in `order`.
    fn unmergeable(
        &self,
        a: usize,
        b: usize,
        order: Order,
        itemsize: usize,
        new: &[usize],
    ) -> Error {
        let (name, other, other_name) = match order {
            Order::C => ("C", Order::F, "F"),
            Order::F => ("F", Order::C, "C"),
        };
        let other_works = match other {
            Order::C => self.is_c_contiguous(itemsize),
            Order::F => self.is_f_contiguous(itemsize),
        } || matches!(self.nocopy_strides(new, other, itemsize), Ok(Ok(_)));
        let alternative = if other_works {
            format!("; reshaping in {other_name} order works without a copy")
        } else {
            alloc::string::String::new()
        };
        let (na, nb) = (self.shape[a], self.shape[b]);
        let (sa, sb) = (self.strides[a], self.strides[b]);
        let rule = match order {
            Order::C => format!("stride {sa} would have to be {nb} × {sb}"),
            Order::F => format!("stride {sb} would have to be {na} × {sa}"),
        };
        Error::Unrepresentable {
            operation: "reshape",
            reason: format!(
                "axes {a} and {b} (shape [{na}, {nb}], strides [{sa}, {sb}]) are not adjacent in memory in {name} order ({rule}), so they cannot be merged into shape {new:?}; make a copy first (e.g. to_bytes(Order::{name})){alternative}"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;
    use alloc::vec::Vec;

    fn a() -> Layout {
        Layout::contiguous(&[2, 3, 4], 4, Order::C).unwrap()
    }

    fn parts(l: &Layout) -> (Vec<usize>, Vec<isize>, usize) {
        (l.shape().to_vec(), l.strides().to_vec(), l.offset())
    }

    fn sl(l: &Layout, idx: &str) -> Layout {
        l.slice(&idx.parse().unwrap()).unwrap()
    }

    #[test]
    fn reshape_matches_numpy_vectors() {
        // numpy-views.md §8.
        assert_eq!(
            parts(&a().reshape(&[6, 4], Order::C, 4).unwrap()),
            (vec![6, 4], vec![16, 4], 0)
        );
        let s = sl(&a(), ":, :2, :");
        assert_eq!(
            parts(&s.reshape(&[2, 8], Order::C, 4).unwrap()),
            (vec![2, 8], vec![48, 4], 0)
        );
        assert!(matches!(
            s.reshape(&[4, 4], Order::C, 4),
            Err(Error::Unrepresentable { .. })
        ));
        assert!(matches!(
            a().transpose().reshape(&[24], Order::C, 4),
            Err(Error::Unrepresentable { .. })
        ));
        assert_eq!(
            parts(&a().transpose().reshape(&[4, 6], Order::F, 4).unwrap()),
            (vec![4, 6], vec![4, 16], 0)
        );
        let u = sl(&a(), ":, 1:2, :");
        assert_eq!(
            parts(&u.reshape(&[2, 1, 1, 4], Order::C, 4).unwrap()),
            (vec![2, 1, 1, 4], vec![48, 16, 16, 4], 16)
        );
        assert_eq!(
            parts(&u.reshape(&[2, 4, 1], Order::C, 4).unwrap()),
            (vec![2, 4, 1], vec![48, 4, 4], 16)
        );
        let r = sl(&a(), "..., ::-1");
        assert_eq!(
            parts(&r.reshape(&[6, 4], Order::C, 4).unwrap()),
            (vec![6, 4], vec![16, -4], 12)
        );
        assert!(r.reshape(&[24], Order::C, 4).is_err());
        assert!(matches!(
            a().reshape(&[5, 5], Order::C, 4),
            Err(Error::ShapeMismatch { .. })
        ));
        assert!(matches!(
            a().reshape(&[4, 6], Order::F, 4),
            Err(Error::Unrepresentable { .. })
        ));
        let e = Layout::new(&[2, 0, 3], &[12, 12, 4], 0).unwrap();
        assert_eq!(
            parts(&e.reshape(&[3, 0], Order::C, 4).unwrap()),
            (vec![3, 0], vec![4, 4], 0)
        );
        let s2 = sl(&a(), ":, :, ::2");
        assert_eq!(
            parts(&s2.reshape(&[12], Order::C, 4).unwrap()),
            (vec![12], vec![8], 0)
        );
    }

    #[test]
    fn same_shape_is_the_same_layout() {
        let odd = Layout::new(&[2, 3], &[-7, 100], 50).unwrap();
        assert_eq!(odd.reshape(&[2, 3], Order::C, 4).unwrap(), odd);
        let z = Layout::new(&[], &[], 3).unwrap();
        assert_eq!(
            parts(&z.reshape(&[1, 1], Order::C, 8).unwrap()),
            (vec![1, 1], vec![8, 8], 3)
        );
    }

    #[test]
    fn refusal_names_the_axes_and_the_way_out() {
        let t = Layout::new(&[3, 4], &[4, 12], 0).unwrap();
        let err = t.reshape(&[12], Order::C, 4).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("axes 0 and 1 (shape [3, 4], strides [4, 12])"),
            "{msg}"
        );
        assert!(msg.contains("F order works"), "{msg}");
    }

    #[test]
    fn hostile_shapes_are_errors() {
        assert!(matches!(
            a().reshape(&[usize::MAX, 2, 0], Order::C, 4),
            Err(Error::ShapeMismatch { .. })
        ));
        let e = Layout::new(&[0], &[1], 0).unwrap();
        assert!(matches!(
            e.reshape(&[usize::MAX, 0], Order::C, 4),
            Err(Error::Overflow { .. })
        ));
        assert!(matches!(
            e.reshape(&[0; 65], Order::C, 4),
            Err(Error::TooManyDims { .. })
        ));
    }
}
