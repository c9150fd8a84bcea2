//! Whether a layout's elements alias each other: the check behind every
//! mutable view.
//!
//! A layout is *unique* when no two distinct indices reach a common byte,
//! each element occupying `itemsize` bytes from its offset. Only unique
//! layouts may hand out `&mut` elements; a zero stride (broadcasting), two
//! axes stepping over the same bytes, or a stride smaller than the element
//! all break it.
//!
//! The question is an integer program: do integers `x_k` with
//! `|x_k| ≤ n_k − 1`, not all zero, make `|Σ stride_k·x_k| < itemsize`?
//! [`Layout::uniqueness`] answers it in three steps:
//!
//! 1. **Normalise.** Empty and 0-d layouts are unique; axes of length 1 are
//!    dropped; a zero stride on a longer axis is an immediate overlap;
//!    strides are taken by absolute value (flipping an axis does not change
//!    the set of bytes), sorted, and axes that tile each other densely
//!    (`|s'| = |s|·n`) are merged into one.
//! 2. **Sufficient test.** Sorted by stride, if each stride is at least the
//!    itemsize plus the byte span of all smaller axes, the elements are
//!    nested without overlap. Every layout obtained from a contiguous array
//!    by slicing, permuting, flipping, reshaping, inserting axes or
//!    selecting record fields passes here, in `O(ndim²)` at most.
//! 3. **Exact solver.** Otherwise the bounded depth-first search of NumPy's
//!    `solve_may_have_internal_overlap` (`mem_overlap.c`, after Ramachandran
//!    2006) looks for a non-trivial solution, pruning with prefix gcds. Each
//!    dead end counts as one unit of work; past the bound
//!    ([`DEFAULT_MAX_WORK`] unless given) the answer is
//!    [`Uniqueness::Unknown`], which callers treat as "not unique". The
//!    check therefore never accepts an aliasing layout.
//!
//! All arithmetic is in `i128` on quantities bounded by the layout
//! invariants (strides and spans fit in `isize`), so nothing overflows and
//! nothing panics.
//!
//! Related: [`traverse`](super::traverse) sorts axes into memory order for
//! the loops; the view constructors call [`Layout::is_unique`].

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{Dims, Layout};

/// The work bound [`Layout::uniqueness`] uses: how many dead ends the exact
/// solver may visit before it gives up with [`Uniqueness::Unknown`].
///
/// Layouts built from a contiguous array never reach the solver. Hand-made
/// ones that do are usually decided within a few dead ends: the unique
/// layout of shape `[7, 11, 13, 17, 19, 23]` with strides `M/n_k`
/// (`M = Π n_k`) takes about a microsecond, and the strides of the hard
/// example of NumPy's `mem_overlap.c` under shapes up to `[20, 20, 20, 20]`
/// take 3–30 µs (release build, `cargo test --release`, 2-core VM). The
/// bound caps the rare exponential cases.
pub const DEFAULT_MAX_WORK: u64 = 1 << 16;

/// The answer to "do two distinct indices reach a common byte?".
///
/// ```
/// use ndview::Layout;
/// // Offsets 0, 2, 4, 3, 5, 7: unique for 1-byte items, not for 2-byte ones.
/// let l = Layout::new(&[2, 3], &[3, 2], 0).unwrap();
/// assert_eq!(format!("{:?}", l.uniqueness(1)), "Unique");
/// assert!(format!("{:?}", l.uniqueness(2)).starts_with("Overlaps"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Uniqueness {
    /// No two distinct indices reach a common byte.
    Unique,
    /// Two distinct indices reach a common byte.
    Overlaps {
        /// The lexicographically smaller index.
        first: Dims<usize>,
        /// The other index.
        second: Dims<usize>,
        /// A byte (relative to the region start) inside both elements: the
        /// start of the element that starts later.
        byte: i128,
    },
    /// The exact solver gave up after `max_work` dead ends; the layout may
    /// or may not alias, and must be treated as aliasing.
    Unknown {
        /// The work bound that was exhausted.
        max_work: u64,
    },
}

impl Layout {
    /// Whether no two distinct indices reach a common byte, each element
    /// occupying `itemsize` bytes from its offset.
    ///
    /// Never `true` for an aliasing layout; `false` also when uniqueness
    /// could not be proven within the default work bound of 2¹⁶ dead ends
    /// (see
    /// [`uniqueness`](Self::uniqueness)). Empty and 0-d layouts are unique,
    /// and so is every layout when `itemsize` is 0 (nothing is occupied).
    ///
    /// ```
    /// use ndview::Layout;
    /// assert!(Layout::new(&[3, 4], &[-16, 4], 32).unwrap().is_unique(4));
    /// assert!(!Layout::new(&[3, 4], &[0, 4], 0).unwrap().is_unique(4)); // broadcast
    /// assert!(!Layout::new(&[4, 4], &[1, 1], 0).unwrap().is_unique(1)); // sliding window
    /// assert!(!Layout::new(&[3], &[2], 0).unwrap().is_unique(4)); // partial overlap
    /// ```
    pub fn is_unique(&self, itemsize: usize) -> bool {
        matches!(self.uniqueness(itemsize), Uniqueness::Unique)
    }

    /// `None` when the layout [is unique](Self::is_unique); otherwise a
    /// sentence saying why a mutable view of it must be refused, naming two
    /// indices that share a byte when they were found.
    ///
    /// ```
    /// use ndview::Layout;
    /// let l = Layout::new(&[2, 2], &[4, 4], 0).unwrap();
    /// assert_eq!(
    ///     l.overlap_reason(4).unwrap(),
    ///     "elements [0, 1] and [1, 0] both reach byte 4 (axis 0 has stride 4 and axis 1 has stride 4)"
    /// );
    /// let b = Layout::new(&[2, 3], &[12, 0], 0).unwrap();
    /// assert_eq!(
    ///     b.overlap_reason(4).unwrap(),
    ///     "axis 1 has stride 0 and length 3, so elements [0, 0] and [0, 1] both reach byte 0"
    /// );
    /// assert_eq!(Layout::new(&[2], &[4], 0).unwrap().overlap_reason(4), None);
    /// ```
    pub fn overlap_reason(&self, itemsize: usize) -> Option<String> {
        match self.uniqueness(itemsize) {
            Uniqueness::Unique => None,
            Uniqueness::Overlaps {
                first,
                second,
                byte,
            } => Some(self.describe_overlap(&first, &second, byte, itemsize)),
            Uniqueness::Unknown { max_work } => Some(format!(
                "uniqueness could not be proven within the search bound ({max_work} dead ends) \
                 for shape {:?}, strides {:?} and itemsize {itemsize}; the elements may alias",
                &self.shape[..],
                &self.strides[..]
            )),
        }
    }

    /// Whether two distinct indices reach a common byte, with a witness
    /// when they do, using the default work bound (2¹⁶ dead ends of the exact
    /// solver).
    ///
    /// ```
    /// use ndview::Layout;
    /// let l = Layout::new(&[4, 4], &[1, 1], 0).unwrap();
    /// assert_eq!(
    ///     format!("{:?}", l.uniqueness(1)),
    ///     "Overlaps { first: [0, 3], second: [3, 0], byte: 3 }"
    /// );
    /// ```
    pub fn uniqueness(&self, itemsize: usize) -> Uniqueness {
        self.uniqueness_with_max_work(itemsize, DEFAULT_MAX_WORK)
    }

    /// [`uniqueness`](Self::uniqueness) with an explicit work bound for
    /// the exact solver (0 means: normalisation and the sufficient test
    /// only).
    ///
    /// ```
    /// use ndview::Layout;
    /// let l = Layout::new(&[2, 3], &[3, 2], 0).unwrap();
    /// assert!(format!("{:?}", l.uniqueness_with_max_work(1, 0)).starts_with("Unknown"));
    /// assert_eq!(format!("{:?}", l.uniqueness_with_max_work(1, 100)), "Unique");
    /// ```
    pub fn uniqueness_with_max_work(&self, itemsize: usize, max_work: u64) -> Uniqueness {
        if itemsize == 0 || self.is_empty() {
            return Uniqueness::Unique;
        }
        // Axes that matter, as (original axis, |stride|), sorted by |stride|
        // ascending (stable). |stride| ≤ isize::MAX for an axis longer than
        // 1 by the span invariant.
        let mut axes: Dims<usize> = Dims::new();
        for (k, (&n, &s)) in self.shape.iter().zip(self.strides.iter()).enumerate() {
            if n <= 1 {
                continue;
            }
            if s == 0 {
                let first = Dims::zeros(self.ndim());
                let mut second = Dims::zeros(self.ndim());
                second[k] = 1;
                return Uniqueness::Overlaps {
                    first,
                    second,
                    byte: self.offset as i128,
                };
            }
            axes.push(k);
        }
        let abs = |k: usize| self.strides[k].unsigned_abs() as i128;
        insertion_sort_by_key(&mut axes, |&k| abs(k));

        // Merge axes that tile each other: group `g` covers
        // `axes[start..end]`, has stride `a` (its smallest) and length `len`.
        let mut groups: Vec<Group> = Vec::with_capacity(axes.len());
        for (pos, &k) in axes.iter().enumerate() {
            let n = self.shape[k] as i128;
            match groups.last_mut() {
                Some(g) if g.a * g.len == abs(k) => {
                    g.len *= n; // ≤ the element count, which fits in isize
                    g.end = pos + 1;
                }
                _ => groups.push(Group {
                    a: abs(k),
                    len: n,
                    start: pos,
                    end: pos + 1,
                }),
            }
        }

        // Sufficient test: each stride clears the item plus everything the
        // smaller axes reach.
        let item = itemsize as i128;
        let mut reach: i128 = 0;
        let nested = groups.iter().all(|g| {
            let ok = g.a >= item + reach;
            reach += g.a * (g.len - 1); // ≤ the span, which fits in isize
            ok
        });
        if nested {
            return Uniqueness::Unique;
        }

        // Exact solver on Σ a_k z_k = Σ a_k m_k, 0 ≤ z_k ≤ 2 m_k, z ≠ m,
        // where x_k = z_k − m_k is the index difference along group k and
        // the last term (a = 1) is the difference of byte positions inside
        // the two elements.
        let mut terms: Vec<Term> = groups
            .iter()
            .enumerate()
            .rev()
            .map(|(g, grp)| Term {
                a: grp.a,
                ub: 2 * (grp.len - 1),
                group: Some(g),
            })
            .collect();
        // Variable order: groups by decreasing stride as in NumPy; the search
        // enumerates the last variable first and solves the first two in
        // closed form, and it is exact in any order. The byte-inside-the-
        // element term (coefficient 1) goes last, except when its range is
        // the widest: then enumerating it would cost the most, so it goes
        // first. (On 20 000 random layouts with a bound of 256 this halves
        // the give-ups for small itemsizes and cuts them ~100× for large.)
        if itemsize > 1 {
            let term = Term {
                a: 1,
                ub: 2 * (item - 1),
                group: None,
            };
            if terms.iter().all(|t| t.ub < term.ub) {
                terms.insert(0, term);
            } else {
                terms.push(term);
            }
        }
        let mut z = alloc::vec![0i128; terms.len()];
        match solve_nontrivial(&terms, &mut z, max_work) {
            Solved::None => Uniqueness::Unique,
            Solved::TooHard => Uniqueness::Unknown { max_work },
            Solved::Found => self.witness(&axes, &groups, &terms, &z),
        }
    }

    /// Turns a solver solution into two indices and a shared byte.
    fn witness(&self, axes: &[usize], groups: &[Group], terms: &[Term], z: &[i128]) -> Uniqueness {
        let mut first: Dims<usize> = Dims::zeros(self.ndim());
        let mut second: Dims<usize> = Dims::zeros(self.ndim());
        for (t, &zt) in terms.iter().zip(z) {
            let Some(g) = t.group else { continue };
            let x = zt - t.ub / 2;
            let (mut vi, mut vj) = (x.max(0), (-x).max(0));
            let grp = &groups[g];
            // Mixed radix over the group's axes, smallest stride first.
            for &k in &axes[grp.start..grp.end] {
                let n = self.shape[k] as i128;
                let (di, dj) = ((vi % n) as usize, (vj % n) as usize);
                vi /= n;
                vj /= n;
                let flip = |d: usize| {
                    if self.strides[k] < 0 {
                        self.shape[k] - 1 - d
                    } else {
                        d
                    }
                };
                first[k] = flip(di);
                second[k] = flip(dj);
            }
        }
        if second[..] < first[..] {
            core::mem::swap(&mut first, &mut second);
        }
        let byte = self
            .offset_of_i128(&first)
            .max(self.offset_of_i128(&second));
        Uniqueness::Overlaps {
            first,
            second,
            byte,
        }
    }

    fn describe_overlap(
        &self,
        first: &[usize],
        second: &[usize],
        byte: i128,
        itemsize: usize,
    ) -> String {
        let differing: Vec<usize> = (0..self.ndim())
            .filter(|&k| first[k] != second[k])
            .collect();
        if let [k] = differing[..] {
            if self.strides[k] == 0 {
                return format!(
                    "axis {k} has stride 0 and length {}, so elements {first:?} and {second:?} \
                     both reach byte {byte}",
                    self.shape[k]
                );
            }
        }
        let axes: Vec<String> = differing
            .iter()
            .map(|&k| format!("axis {k} has stride {}", self.strides[k]))
            .collect();
        let same_start = self.offset_of_i128(first) == self.offset_of_i128(second);
        let tail = if same_start {
            String::new()
        } else {
            format!("; each element is {itemsize} bytes")
        };
        format!(
            "elements {first:?} and {second:?} both reach byte {byte} ({}{tail})",
            axes.join(" and ")
        )
    }

    fn offset_of_i128(&self, index: &[usize]) -> i128 {
        index
            .iter()
            .zip(self.strides.iter())
            .fold(self.offset as i128, |acc, (&i, &s)| {
                acc + i as i128 * s as i128
            })
    }
}

/// Axes `axes[start..end]` (sorted by |stride|) merged into one variable of
/// stride `a` and length `len`.
#[derive(Clone, Copy, Debug)]
struct Group {
    a: i128,
    len: i128,
    start: usize,
    end: usize,
}

/// One variable of the equation: coefficient `a > 0`, range `0..=ub`, and
/// the axis group it stands for (`None` for the byte inside the element).
#[derive(Clone, Copy, Debug)]
struct Term {
    a: i128,
    ub: i128,
    group: Option<usize>,
}

/// Stable insertion sort: ranks are tiny and this never allocates.
fn insertion_sort_by_key<T: Copy + Default>(v: &mut Dims<T>, key: impl Fn(&T) -> i128) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && key(&v[j - 1]) > key(&v[j]) {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Solved {
    Found,
    None,
    TooHard,
}

/// Extended Euclid: `(g, gamma, eps)` with `gamma·a1 + eps·a2 == g`
/// (`mem_overlap.c: euclid`). Inputs are positive.
fn euclid(mut a1: i128, mut a2: i128) -> (i128, i128, i128) {
    let (mut g1, mut g2, mut e1, mut e2) = (1i128, 0i128, 0i128, 1i128);
    loop {
        if a2 > 0 {
            let r = a1 / a2;
            a1 -= r * a2;
            g1 -= r * g2;
            e1 -= r * e2;
        } else {
            return (a1, g1, e1);
        }
        if a1 > 0 {
            let r = a2 / a1;
            a2 -= r * a1;
            g2 -= r * g1;
            e2 -= r * e1;
        } else {
            return (a2, g2, e2);
        }
    }
}

fn ceil_div(p: i128, q: i128) -> i128 {
    -(-p).div_euclid(q)
}

/// Prefix data of the solver: for level `j`, the gcd `g` of `a_0..=a_{j+1}`,
/// the bound `u` of the combined variable `Σ (a_i/g)·z_i`, and the Bézout
/// coefficient of the previous prefix when combined with `a_{j+1}`.
#[derive(Clone, Copy)]
struct Prefix {
    g: i128,
    u: i128,
    gamma: i128,
}

/// Finds `z` with `Σ a_k z_k = Σ a_k (ub_k/2)`, `0 ≤ z_k ≤ ub_k`, other than
/// `z = ub/2`; every `a` positive, every `ub` even.
///
/// Magnitudes: every `a_k·ub_k` is at most twice the layout span (or twice
/// the itemsize), so sums and products below stay far inside `i128`.
fn solve_nontrivial(terms: &[Term], z: &mut [i128], max_work: u64) -> Solved {
    let n = terms.len();
    if n < 2 {
        // One variable has only the trivial solution.
        return Solved::None;
    }
    let b: i128 = terms.iter().map(|t| t.a * (t.ub / 2)).sum();
    let mut pre: Vec<Prefix> = Vec::with_capacity(n - 1);
    let (g, gamma, _) = euclid(terms[0].a, terms[1].a);
    pre.push(Prefix {
        g,
        u: terms[0].ub * (terms[0].a / g) + terms[1].ub * (terms[1].a / g),
        gamma,
    });
    for j in 2..n {
        let prev_g = pre[j - 2].g;
        let prev_u = pre[j - 2].u;
        let (g, gamma, _) = euclid(prev_g, terms[j].a);
        pre.push(Prefix {
            g,
            u: (prev_g / g) * prev_u + (terms[j].a / g) * terms[j].ub,
            gamma,
        });
    }
    let mut search = Search {
        terms,
        pre: &pre,
        z,
        count: 0,
        max_work,
    };
    search.dfs(n - 1, b)
}

struct Search<'a> {
    terms: &'a [Term],
    pre: &'a [Prefix],
    z: &'a mut [i128],
    count: u64,
    max_work: u64,
}

impl Search<'_> {
    /// Solves `X·a1 + z_v·a2 = b` where `X` combines variables `0..v`.
    fn dfs(&mut self, v: usize, b: i128) -> Solved {
        if self.count >= self.max_work {
            return Solved::TooHard;
        }
        let (a1, u1) = if v == 1 {
            (self.terms[0].a, self.terms[0].ub)
        } else {
            (self.pre[v - 2].g, self.pre[v - 2].u)
        };
        let (a2, u2) = (self.terms[v].a, self.terms[v].ub);
        let p = self.pre[v - 1];
        let g = p.g;
        if b % g != 0 {
            self.count += 1;
            return Solved::None;
        }
        let (c1, c2) = (a2 / g, a1 / g);
        let bg = b / g;
        // A particular solution, reduced so that products stay small:
        // c2·x10 + c1·x20 = b/g.
        let x10 = (p.gamma.rem_euclid(c1) * bg.rem_euclid(c1)).rem_euclid(c1);
        let x20 = (bg - c2 * x10) / c1;
        let t_l = ceil_div(-x10, c1).max(ceil_div(x20 - u2, c2));
        let t_u = (u1 - x10).div_euclid(c1).min(x20.div_euclid(c2));
        if t_l > t_u {
            self.count += 1;
            return Solved::None;
        }
        if v == 1 {
            for t in [t_l, t_l + 1] {
                if t > t_u {
                    break;
                }
                self.z[0] = x10 + c1 * t;
                self.z[1] = x20 - c2 * t;
                let trivial = self
                    .z
                    .iter()
                    .zip(self.terms)
                    .all(|(&z, term)| z == term.ub / 2);
                if !trivial {
                    return Solved::Found;
                }
            }
            self.count += 1;
            return Solved::None;
        }
        let mut t = t_l;
        while t <= t_u {
            let zv = x20 - c2 * t;
            self.z[v] = zv;
            match self.dfs(v - 1, b - a2 * zv) {
                Solved::None => {}
                other => return other,
            }
            t += 1;
        }
        self.count += 1;
        Solved::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(shape: &[usize], strides: &[isize], offset: usize) -> Layout {
        Layout::new(shape, strides, offset).unwrap()
    }

    fn brute_force(l: &Layout, itemsize: usize) -> bool {
        let mut offs: Vec<i128> = Vec::new();
        let total = l.len();
        let mut idx = alloc::vec![0usize; l.ndim()];
        for _ in 0..total {
            offs.push(l.offset_of_i128(&idx));
            for k in (0..l.ndim()).rev() {
                idx[k] += 1;
                if idx[k] < l.shape[k] {
                    break;
                }
                idx[k] = 0;
            }
        }
        offs.sort_unstable();
        offs.windows(2).any(|w| w[1] - w[0] < itemsize as i128)
    }

    fn check_witness(l: &Layout, itemsize: usize) {
        match l.uniqueness(itemsize) {
            Uniqueness::Overlaps {
                first,
                second,
                byte,
            } => {
                assert_ne!(first, second);
                for idx in [&first, &second] {
                    let start = l.offset_of_i128(idx);
                    assert!(start <= byte && byte < start + itemsize as i128, "{l:?}");
                    assert!(idx.iter().zip(l.shape()).all(|(&i, &n)| i < n));
                }
            }
            other => panic!("expected an overlap for {l:?}: {other:?}"),
        }
    }

    #[test]
    fn interleaving_depends_on_itemsize() {
        let l = layout(&[2, 3], &[3, 2], 0);
        assert_eq!(l.uniqueness(1), Uniqueness::Unique);
        check_witness(&l, 2);
        assert!(l
            .overlap_reason(2)
            .unwrap()
            .contains("each element is 2 bytes"));
    }

    #[test]
    fn stride_zero_is_named() {
        let l = layout(&[3, 3], &[0, 1], 0);
        assert_eq!(
            l.overlap_reason(1).unwrap(),
            "axis 0 has stride 0 and length 3, so elements [0, 0] and [1, 0] both reach byte 0"
        );
        assert!(layout(&[1, 3], &[0, 1], 0).is_unique(1));
    }

    #[test]
    fn partial_element_overlap() {
        let l = layout(&[3], &[2], 0);
        check_witness(&l, 4);
        assert!(l.is_unique(2));
        let l = layout(&[2, 2], &[8, 3], 0);
        check_witness(&l, 4);
        assert!(l.is_unique(3));
    }

    #[test]
    fn negative_strides() {
        let l = layout(&[3, 4], &[-16, -4], 44);
        assert!(l.is_unique(4));
        let l = layout(&[3, 3], &[-1, 1], 2);
        check_witness(&l, 1);
        assert_eq!(
            l.overlap_reason(1).unwrap(),
            "elements [0, 0] and [2, 2] both reach byte 2 (axis 0 has stride -1 and axis 1 has stride 1)"
        );
    }

    #[test]
    fn huge_strides_do_not_overflow() {
        let big = isize::MAX / 2;
        let l = layout(&[2, 2], &[big, big - 1], 0);
        assert!(l.is_unique(1));
        assert!(!l.is_unique(2));
        check_witness(&l, 2);
        let l = layout(&[2, 2], &[big, -big], big as usize);
        check_witness(&l, 1);
        let l = layout(&[2], &[isize::MAX], 0);
        assert!(l.is_unique(isize::MAX as usize));
        assert!(!l.is_unique(isize::MAX as usize + 1));
        check_witness(&l, usize::MAX);
        let l = layout(&[2, 3], &[isize::MAX / 4, isize::MAX / 8 + 3], 7);
        assert_eq!(l.is_unique(5), !brute_force(&l, 5));
        let l = layout(&[3, 2], &[1 << 40, 3], 0);
        assert!(l.is_unique(3) && !l.is_unique(4));
        assert!(!layout(&[2], &[1], 0).is_unique(usize::MAX));
    }

    #[test]
    fn sixty_four_axes() {
        // 62 axes of length 2 and two of length 1: a permuted bit pattern.
        let shape: Vec<usize> = (0..64).map(|k| if k % 32 == 5 { 1 } else { 2 }).collect();
        let mut strides: Vec<isize> = Vec::new();
        let mut bit = 0;
        for &n in &shape {
            strides.push(if n == 1 { 12345 } else { 1isize << bit });
            bit += usize::from(n == 2);
        }
        let (mut shape, mut strides) = (shape, strides);
        shape.reverse();
        strides.reverse();
        let l = layout(&shape, &strides, 0);
        assert!(l.is_unique(1));
        assert!(!l.is_unique(2));
        strides[40] = 3;
        let l = layout(&shape, &strides, 0);
        assert!(!l.is_unique(1));
        let l = layout(&[1; 64], &[0; 64], 0);
        assert!(l.is_unique(8));
        let l = layout(&shape, &[0; 64], 0);
        assert!(!l.is_unique(1));
    }

    #[test]
    fn empty_and_zero_d() {
        assert!(layout(&[], &[], 0).is_unique(8));
        assert!(layout(&[0, 5], &[0, 0], 0).is_unique(8));
        assert!(layout(&[4], &[0], 0).is_unique(0));
    }

    #[test]
    fn merged_axes_map_witnesses_back() {
        // Axes 0 and 2 tile each other (strides 1 and 3, length 3); axis 1
        // has stride 2 and collides with them.
        let l = layout(&[3, 2, 2], &[1, 2, -3], 3);
        assert!(brute_force(&l, 1));
        check_witness(&l, 1);
    }

    #[test]
    #[cfg_attr(miri, ignore)] // 1000+ s under Miri; tests/views_model.rs checks overlap verdicts against the model
    fn solver_agrees_with_brute_force_exhaustively() {
        let mut refused = 0;
        for s0 in -6isize..=6 {
            for s1 in -6isize..=6 {
                for s2 in [-5isize, 1, 4, 7] {
                    for shape in [[2usize, 3, 2], [3, 3, 1], [4, 2, 3]] {
                        let l = layout(&shape, &[s0, s1, s2], 40);
                        for itemsize in 1..=4 {
                            let truth = brute_force(&l, itemsize);
                            match l.uniqueness(itemsize) {
                                Uniqueness::Unique => assert!(!truth, "{l:?} {itemsize}"),
                                Uniqueness::Overlaps { .. } => {
                                    assert!(truth);
                                    check_witness(&l, itemsize);
                                }
                                Uniqueness::Unknown { .. } => refused += 1,
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(refused, 0);
    }
}
