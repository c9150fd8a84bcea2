//! NumPy-style index expressions: integers, slices, `...` and new axes.
//!
//! An [`Index`] is what goes between the brackets of `a[…]` in NumPy. It is
//! built in one of three ways, all giving equal values:
//!
//! * parsed from NumPy syntax at run time: `"1:5:2, ..., None, -1".parse()`
//!   ([`FromStr`]);
//! * written in Rust with the [`s!`](crate::s) macro:
//!   `s![1..5;2, .., NewAxis, -1]`;
//! * assembled from [`IndexItem`]s with [`Index::new`] / [`Index::push`].
//!
//! [`Display`](fmt::Display) prints NumPy syntax that parses back to an
//! equal (non-strict) index. Applying an index is
//! [`Layout::slice`](crate::Layout::slice) (in `ops.rs`); this module only
//! describes and parses it.
//!
//! **Strict mode** ([`Index::strict`]) turns Python's silent clamping of
//! slice bounds (`m[1000:]` is an empty view) into an
//! [`Error::InvalidIndex`].

use core::fmt;
use core::ops::{Range, RangeFrom, RangeFull, RangeTo};
use core::str::FromStr;

use alloc::format;
use alloc::string::String;

use super::dims::Dims;
use crate::error::{Error, Result};

/// One `start:stop:step` slice, every part optional, with Python's meaning.
///
/// ```
/// use ndview::SliceSpec;
/// let s = SliceSpec::new(Some(5), Some(1), Some(-1));
/// assert_eq!(s.to_string(), "5:1:-1");
/// assert_eq!(SliceSpec::full().to_string(), ":");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct SliceSpec {
    /// First index (negative counts from the end); `None` is the natural start.
    pub start: Option<isize>,
    /// One past the last index (negative counts from the end); `None` is the natural end.
    pub stop: Option<isize>,
    /// Step; `None` is 1. A step of 0 is an error when the index is applied.
    pub step: Option<isize>,
}

impl SliceSpec {
    /// A slice from its three optional parts.
    ///
    /// ```
    /// let s = ndview::SliceSpec::new(None, Some(3), None);
    /// assert_eq!(s.to_string(), ":3");
    /// ```
    pub const fn new(start: Option<isize>, stop: Option<isize>, step: Option<isize>) -> Self {
        SliceSpec { start, stop, step }
    }

    /// The full slice `:`.
    ///
    /// ```
    /// assert_eq!(ndview::SliceSpec::full(), ndview::SliceSpec::default());
    /// ```
    pub const fn full() -> Self {
        SliceSpec::new(None, None, None)
    }

    /// The same slice with `step` set.
    ///
    /// ```
    /// let s = ndview::SliceSpec::full().with_step(-1);
    /// assert_eq!(s.to_string(), "::-1");
    /// ```
    pub const fn with_step(self, step: isize) -> Self {
        SliceSpec {
            step: Some(step),
            ..self
        }
    }
}

impl fmt::Display for SliceSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(start) = self.start {
            write!(f, "{start}")?;
        }
        f.write_str(":")?;
        if let Some(stop) = self.stop {
            write!(f, "{stop}")?;
        }
        if let Some(step) = self.step {
            write!(f, ":{step}")?;
        }
        Ok(())
    }
}

/// One item of an [`Index`].
///
/// ```
/// use ndview::IndexItem;
/// assert_eq!(IndexItem::Int(-1).to_string(), "-1");
/// assert_eq!(IndexItem::Ellipsis.to_string(), "...");
/// assert_eq!(IndexItem::NewAxis.to_string(), "None");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum IndexItem {
    /// An integer index: selects one position and removes the axis.
    Int(isize),
    /// A slice: keeps the axis.
    Slice(SliceSpec),
    /// `...`: as many full slices as needed.
    Ellipsis,
    /// `None` / `newaxis`: a new axis of length 1.
    #[default]
    NewAxis,
}

impl fmt::Display for IndexItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexItem::Int(i) => write!(f, "{i}"),
            IndexItem::Slice(s) => write!(f, "{s}"),
            IndexItem::Ellipsis => f.write_str("..."),
            IndexItem::NewAxis => f.write_str("None"),
        }
    }
}

/// A NumPy-style index: a list of [`IndexItem`]s.
///
/// ```
/// use ndview::{Index, IndexItem, SliceSpec};
/// let parsed: Index = "1:5:2, ..., None, -1".parse()?;
/// let built = Index::new(&[])
///     .push(IndexItem::Slice(SliceSpec::new(Some(1), Some(5), Some(2))))
///     .push(IndexItem::Ellipsis)
///     .push(IndexItem::NewAxis)
///     .push(IndexItem::Int(-1));
/// assert_eq!(parsed, built);
/// assert_eq!(parsed, ndview::s![1..5;2, .., NewAxis, -1]);
/// assert_eq!(parsed.to_string(), "1:5:2, ..., None, -1");
/// # Ok::<(), ndview::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Index {
    pub(crate) items: Dims<IndexItem>,
    pub(crate) strict: bool,
}

impl Index {
    /// An index from its items.
    ///
    /// ```
    /// use ndview::layout::{Index, IndexItem};
    /// let i = Index::new(&[IndexItem::Int(1), IndexItem::Ellipsis]);
    /// assert_eq!(i.items().len(), 2);
    /// ```
    #[inline]
    pub fn new(items: &[IndexItem]) -> Index {
        Index {
            items: Dims::from_slice(items),
            strict: false,
        }
    }

    /// The same index with one more item at the end (a builder step).
    ///
    /// ```
    /// use ndview::{Index, IndexItem};
    /// let i = Index::default().push(IndexItem::Int(0)).push(IndexItem::NewAxis);
    /// assert_eq!(i.to_string(), "0, None");
    /// ```
    #[must_use]
    pub fn push(mut self, item: IndexItem) -> Index {
        self.items.push(item);
        self
    }

    /// The items.
    ///
    /// ```
    /// assert!(ndview::layout::Index::default().items().is_empty());
    /// ```
    #[inline]
    pub fn items(&self) -> &[IndexItem] {
        &self.items
    }

    /// Whether slice bounds outside an axis are refused instead of clamped.
    ///
    /// ```
    /// assert!(!ndview::layout::Index::default().is_strict());
    /// ```
    #[inline]
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    /// The same index in strict mode: a slice bound that Python would
    /// clamp (`1000:` on an axis of 5, `-9:` on an axis of 3) is an
    /// [`Error::InvalidIndex`] when the index is applied, instead of a
    /// silently shortened or empty view. Integers are always range-checked.
    ///
    /// ```
    /// use ndview::{Error, Index, Layout};
    /// let l = Layout::new(&[5], &[1], 0).unwrap();
    /// let lax: Index = "1000:".parse()?;
    /// assert_eq!(l.slice(&lax)?.shape(), &[0]);
    /// assert!(matches!(l.slice(&lax.strict()), Err(Error::InvalidIndex { .. })));
    /// # Ok::<(), Error>(())
    /// ```
    #[must_use]
    pub fn strict(self) -> Index {
        self.with_strict(true)
    }

    /// The same index with strict mode set to `strict`; see
    /// [`strict`](Self::strict).
    ///
    /// ```
    /// let i = ndview::Index::default().with_strict(true);
    /// assert!(i.is_strict() && !i.with_strict(false).is_strict());
    /// ```
    #[must_use]
    pub fn with_strict(mut self, strict: bool) -> Index {
        self.strict = strict;
        self
    }
}

impl fmt::Display for Index {
    /// NumPy syntax, items separated by `", "`; the empty index prints as
    /// the empty string. Strict mode is not part of the syntax.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, item) in self.items.iter().enumerate() {
            if k > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{item}")?;
        }
        Ok(())
    }
}

fn invalid(reason: String) -> Error {
    Error::InvalidIndex { reason }
}

/// Parses one optional integer (`""` is `None`).
fn parse_bound(text: &str, whole: &str) -> Result<Option<isize>> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let (negative, digits) = match t.as_bytes()[0] {
        b'-' => (true, t[1..].trim_start()),
        b'+' => (false, t[1..].trim_start()),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        return Err(invalid(format!(
            "{t:?} in {whole:?} is not an integer, a slice (`start:stop:step`), `...` or `None`"
        )));
    }
    if digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return Err(invalid(format!("misplaced `_` in the integer {t:?}")));
    }
    let mut value: isize = 0;
    for b in digits.bytes().filter(|&b| b != b'_') {
        let d = (b - b'0') as isize;
        value = value
            .checked_mul(10)
            .and_then(|v| {
                if negative {
                    v.checked_sub(d)
                } else {
                    v.checked_add(d)
                }
            })
            .ok_or_else(|| invalid(format!("the integer {t:?} does not fit in isize")))?;
    }
    Ok(Some(value))
}

fn parse_item(text: &str, whole: &str) -> Result<IndexItem> {
    let t = text.trim();
    match t {
        "..." | "Ellipsis" => return Ok(IndexItem::Ellipsis),
        "None" | "newaxis" | "np.newaxis" | "numpy.newaxis" => return Ok(IndexItem::NewAxis),
        _ => {}
    }
    if !t.contains(':') {
        return match parse_bound(t, whole)? {
            Some(i) => Ok(IndexItem::Int(i)),
            None => Err(invalid(format!("an empty item in {whole:?}"))),
        };
    }
    let mut parts = t.split(':');
    let start = parse_bound(parts.next().unwrap_or(""), whole)?;
    let stop = parse_bound(parts.next().unwrap_or(""), whole)?;
    let step = parse_bound(parts.next().unwrap_or(""), whole)?;
    if parts.next().is_some() {
        return Err(invalid(format!(
            "{t:?} has more than three parts; a slice is `start:stop:step`"
        )));
    }
    if step == Some(0) {
        return Err(invalid(format!("slice step cannot be zero (in {t:?})")));
    }
    Ok(IndexItem::Slice(SliceSpec { start, stop, step }))
}

impl FromStr for Index {
    type Err = Error;

    /// Parses NumPy index syntax: comma-separated items, each an integer
    /// (optional sign), a slice `start:stop:step` (every part optional),
    /// `...`, or `None` / `newaxis`. Whitespace is ignored around items and
    /// parts; one trailing comma is allowed (`"1,"`, as in Python); `""` and
    /// `"()"` are the empty index.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidIndex`] for bad syntax, a slice with four parts,
    /// step 0, an integer outside `isize`, or two ellipses.
    ///
    /// ```
    /// use ndview::{Index, IndexItem, SliceSpec};
    /// let i: Index = " ::-1 , 1 ".parse()?;
    /// assert_eq!(i.items(), &[
    ///     IndexItem::Slice(SliceSpec::full().with_step(-1)),
    ///     IndexItem::Int(1),
    /// ]);
    /// assert!("1:2:3:4".parse::<Index>().is_err());
    /// assert!("..., 0, ...".parse::<Index>().is_err());
    /// assert!("".parse::<Index>()?.items().is_empty());
    /// # Ok::<(), ndview::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Index> {
        let mut body = s.trim();
        if body == "()" {
            body = "";
        }
        let mut index = Index::default();
        if body.is_empty() {
            return Ok(index);
        }
        if let Some(rest) = body.strip_suffix(',') {
            body = rest;
            if body.trim().is_empty() {
                return Err(invalid(format!("{s:?} has no item before the comma")));
            }
        }
        let mut ellipses = 0;
        for part in body.split(',') {
            let item = parse_item(part, s)?;
            if item == IndexItem::Ellipsis {
                ellipses += 1;
                if ellipses > 1 {
                    return Err(invalid(format!(
                        "an index can only have a single ellipsis ('...'), but {s:?} has two"
                    )));
                }
            }
            index.items.push(item);
        }
        Ok(index)
    }
}

/// The new-axis marker of the [`s!`](crate::s) macro (NumPy's
/// `np.newaxis`). Inside `s![…]` the bare name `NewAxis` (or `None`) works
/// without an import; elsewhere it converts to [`IndexItem::NewAxis`].
///
/// ```
/// use ndview::layout::index::{IntoIndexItem, NewAxis};
/// assert_eq!(NewAxis.into_index_item(), ndview::IndexItem::NewAxis);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct NewAxis;

/// Conversion of one [`s!`](crate::s) item into an [`IndexItem`]: integers
/// are [`IndexItem::Int`], `a..b` / `a..` / `..b` are slices, `..` is the
/// ellipsis, [`NewAxis`] is a new axis.
///
/// ```
/// use ndview::layout::index::IntoIndexItem;
/// use ndview::{IndexItem, SliceSpec};
/// assert_eq!((-3..).into_index_item(), IndexItem::Slice(SliceSpec::new(Some(-3), None, None)));
/// assert_eq!((..).into_index_item(), IndexItem::Ellipsis);
/// assert_eq!(7u8.into_index_item(), IndexItem::Int(7));
/// ```
pub trait IntoIndexItem {
    /// The item.
    fn into_index_item(self) -> IndexItem;
}

/// Conversion of a range into a [`SliceSpec`] (used by `range;step` in
/// [`s!`](crate::s), where `..` means the full slice).
///
/// ```
/// use ndview::layout::index::IntoSliceSpec;
/// assert_eq!((..).into_slice_spec(), ndview::SliceSpec::full());
/// assert_eq!((1..4).into_slice_spec().to_string(), "1:4");
/// ```
pub trait IntoSliceSpec {
    /// The slice.
    fn into_slice_spec(self) -> SliceSpec;
}

/// An integer usable as an index or slice bound, converted to `isize`
/// with saturation (a huge bound clamps like Python's; a huge integer index
/// is then out of bounds).
pub trait IndexInt: Copy {
    /// The value as `isize`, saturating.
    fn to_isize_saturating(self) -> isize;
}

macro_rules! index_ints {
    ($($t:ty),*) => {$(
        impl IndexInt for $t {
            #[inline]
            #[allow(clippy::unnecessary_fallible_conversions)]
            fn to_isize_saturating(self) -> isize {
                // Every integer type but u128 fits i128; a u128 that does
                // not is above isize::MAX anyway.
                let wide = i128::try_from(self).unwrap_or(i128::MAX);
                wide.clamp(isize::MIN as i128, isize::MAX as i128) as isize
            }
        }
        impl IntoIndexItem for $t {
            #[inline]
            fn into_index_item(self) -> IndexItem {
                IndexItem::Int(self.to_isize_saturating())
            }
        }
    )*};
}
index_ints!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

impl<T: IndexInt> IntoSliceSpec for Range<T> {
    fn into_slice_spec(self) -> SliceSpec {
        SliceSpec::new(
            Some(self.start.to_isize_saturating()),
            Some(self.end.to_isize_saturating()),
            None,
        )
    }
}

impl<T: IndexInt> IntoSliceSpec for RangeFrom<T> {
    fn into_slice_spec(self) -> SliceSpec {
        SliceSpec::new(Some(self.start.to_isize_saturating()), None, None)
    }
}

impl<T: IndexInt> IntoSliceSpec for RangeTo<T> {
    fn into_slice_spec(self) -> SliceSpec {
        SliceSpec::new(None, Some(self.end.to_isize_saturating()), None)
    }
}

impl IntoSliceSpec for RangeFull {
    fn into_slice_spec(self) -> SliceSpec {
        SliceSpec::full()
    }
}

impl IntoSliceSpec for SliceSpec {
    fn into_slice_spec(self) -> SliceSpec {
        self
    }
}

impl<T: IndexInt> IntoIndexItem for Range<T> {
    fn into_index_item(self) -> IndexItem {
        IndexItem::Slice(self.into_slice_spec())
    }
}

impl<T: IndexInt> IntoIndexItem for RangeFrom<T> {
    fn into_index_item(self) -> IndexItem {
        IndexItem::Slice(self.into_slice_spec())
    }
}

impl<T: IndexInt> IntoIndexItem for RangeTo<T> {
    fn into_index_item(self) -> IndexItem {
        IndexItem::Slice(self.into_slice_spec())
    }
}

impl IntoIndexItem for RangeFull {
    fn into_index_item(self) -> IndexItem {
        IndexItem::Ellipsis
    }
}

impl IntoIndexItem for NewAxis {
    fn into_index_item(self) -> IndexItem {
        IndexItem::NewAxis
    }
}

impl IntoIndexItem for SliceSpec {
    fn into_index_item(self) -> IndexItem {
        IndexItem::Slice(self)
    }
}

impl IntoIndexItem for IndexItem {
    fn into_index_item(self) -> IndexItem {
        self
    }
}

/// `range;step` in [`s!`](crate::s). Not public API.
#[doc(hidden)]
pub fn __slice_step<R: IntoSliceSpec, S: IndexInt>(range: R, step: S) -> IndexItem {
    IndexItem::Slice(
        range
            .into_slice_spec()
            .with_step(step.to_isize_saturating()),
    )
}

/// Builds an [`Index`](crate::Index) with Rust syntax; equal to parsing the
/// NumPy string it mirrors.
///
/// | `s![…]` item       | NumPy       | meaning                                   |
/// | ------------------ | ----------- | ----------------------------------------- |
/// | `i` (any integer expression) | `i` | one position; negative counts from the end |
/// | `a..b`, `a..`, `..b` | `a:b`, `a:`, `:b` | a slice (bounds may be negative, as in Python) |
/// | `a..b;k`, `a..;k`, `..b;k` | `a:b:k` … | the same slice with step `k`, **NumPy's meaning** (`5..1;-1` is `5:1:-1`) |
/// | `..;k`, `::k`      | `::k`       | the full slice with step `k` (`..;-1` reverses) |
/// | `:` or `..;1`      | `:`, `::1`  | the full slice                            |
/// | `..`               | `...`       | the **ellipsis** (not a full slice!)      |
/// | `NewAxis`, `None`  | `None`      | a new axis of length 1                    |
///
/// Items are separated by commas; a trailing comma is fine; `s![]` is the
/// empty index. Any expression that is not one of the forms above must
/// evaluate to an integer, a range of integers, a
/// [`SliceSpec`](crate::SliceSpec), an [`IndexItem`](crate::IndexItem) or
/// [`NewAxis`](crate::layout::index::NewAxis) (anything implementing
/// [`IntoIndexItem`](crate::layout::index::IntoIndexItem)). Step 0 is
/// refused when the index is applied, not at compile time.
///
/// ```
/// use ndview::{s, Index};
/// let parsed: Index = "1:5:2, ..., None, -1".parse()?;
/// assert_eq!(s![1..5;2, .., NewAxis, -1], parsed);
/// assert_eq!(s![5..1;-1], "5:1:-1".parse()?);
/// assert_eq!(s![..;-1, 1], "::-1, 1".parse()?);
/// assert_eq!(s![::-2], "::-2".parse()?);
/// assert_eq!(s![:, -3.., ..2], ":, -3:, :2".parse()?);
/// assert_eq!(s![None, ..], "None, ...".parse()?);
/// assert_eq!(s![], "".parse()?);
/// let (i, n) = (2usize, 4);
/// assert_eq!(s![i, i..n + 1;2], "2, 2:5:2".parse()?);
/// # Ok::<(), ndview::Error>(())
/// ```
#[macro_export]
macro_rules! s {
    (@acc [$($acc:expr,)*]) => {
        $crate::layout::index::Index::new(&[$($acc,)*])
    };
    // `:` — the full slice.
    (@acc [$($acc:expr,)*] : $(, $($rest:tt)*)?) => {
        $crate::s!(@acc [$($acc,)* $crate::layout::index::IndexItem::Slice(
            $crate::layout::index::SliceSpec::full()),] $($($rest)*)?)
    };
    // `::k` — the full slice with a step.
    (@acc [$($acc:expr,)*] :: $step:expr $(, $($rest:tt)*)?) => {
        $crate::s!(@acc [$($acc,)* $crate::layout::index::__slice_step(.., $step),]
            $($($rest)*)?)
    };
    // `NewAxis` / `None` — a new axis, with no import needed.
    (@acc [$($acc:expr,)*] NewAxis $(, $($rest:tt)*)?) => {
        $crate::s!(@acc [$($acc,)* $crate::layout::index::IndexItem::NewAxis,] $($($rest)*)?)
    };
    (@acc [$($acc:expr,)*] None $(, $($rest:tt)*)?) => {
        $crate::s!(@acc [$($acc,)* $crate::layout::index::IndexItem::NewAxis,] $($($rest)*)?)
    };
    // `range;step`.
    (@acc [$($acc:expr,)*] $range:expr ; $step:expr $(, $($rest:tt)*)?) => {
        $crate::s!(@acc [$($acc,)* {
            // `5..1;-1` is a valid NumPy slice, not a mistaken Rust range.
            #[allow(clippy::reversed_empty_ranges)]
            let range = $range;
            $crate::layout::index::__slice_step(range, $step)
        },] $($($rest)*)?)
    };
    // An integer, a range (`..` alone is the ellipsis) or anything else
    // implementing `IntoIndexItem`.
    (@acc [$($acc:expr,)*] $item:expr $(, $($rest:tt)*)?) => {
        $crate::s!(@acc [$($acc,)* {
            #[allow(clippy::reversed_empty_ranges)]
            let item = $item;
            $crate::layout::index::IntoIndexItem::into_index_item(item)
        },] $($($rest)*)?)
    };
    ($($t:tt)*) => {
        $crate::s!(@acc [] $($t)*)
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec::Vec;

    fn sl(start: Option<isize>, stop: Option<isize>, step: Option<isize>) -> IndexItem {
        IndexItem::Slice(SliceSpec::new(start, stop, step))
    }

    #[test]
    fn parses_numpy_syntax() {
        let i: Index = "1:5:2, ..., None, -1".parse().unwrap();
        assert_eq!(
            i.items(),
            &[
                sl(Some(1), Some(5), Some(2)),
                IndexItem::Ellipsis,
                IndexItem::NewAxis,
                IndexItem::Int(-1)
            ]
        );
        let i: Index = "::-1,1".parse().unwrap();
        assert_eq!(i.items(), &[sl(None, None, Some(-1)), IndexItem::Int(1)]);
        let i: Index = "newaxis".parse().unwrap();
        assert_eq!(i.items(), &[IndexItem::NewAxis]);
        let i: Index = ":".parse().unwrap();
        assert_eq!(i.items(), &[sl(None, None, None)]);
        assert!("".parse::<Index>().unwrap().items().is_empty());
        assert!("  ".parse::<Index>().unwrap().items().is_empty());
        assert!("()".parse::<Index>().unwrap().items().is_empty());
        let i: Index = " + 3 : - 2 : , 1_000,".parse().unwrap();
        assert_eq!(
            i.items(),
            &[sl(Some(3), Some(-2), None), IndexItem::Int(1000)]
        );
    }

    #[test]
    fn refuses_bad_syntax_with_a_reason() {
        for bad in [
            "1:2:3:4",
            "..., ...",
            "1.0",
            "a",
            "1,,2",
            ",",
            "::0",
            "-",
            "99999999999999999999999",
            "1__0",
            "_1",
            "1 2",
        ] {
            match bad.parse::<Index>() {
                Err(Error::InvalidIndex { reason }) => assert!(!reason.is_empty(), "{bad}"),
                other => panic!("{bad:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn display_parses_back_equal() {
        for text in [
            "",
            "1:5:2, ..., None, -1",
            "::-1, 1",
            ":",
            "::1",
            "-3:",
            ":-3",
            "0",
            "None, None",
        ] {
            let i: Index = text.parse().unwrap();
            assert_eq!(i.to_string(), text);
            assert_eq!(i.to_string().parse::<Index>().unwrap(), i);
        }
        let extreme = Index::new(&[IndexItem::Int(isize::MIN), sl(Some(isize::MIN), None, None)]);
        assert_eq!(extreme.to_string().parse::<Index>().unwrap(), extreme);
    }

    #[test]
    fn macro_matches_parser() {
        let cases: Vec<(Index, &str)> = alloc::vec![
            (s![1..5;2, .., NewAxis, -1], "1:5:2, ..., None, -1"),
            (s![5..1;-1], "5:1:-1"),
            (s![..;-1], "::-1"),
            (s![::-1, 0], "::-1, 0"),
            (s![..;1], "::1"),
            (s![:], ":"),
            (s![:, :], ":, :"),
            (s![-3..], "-3:"),
            (s![..-1], ":-1"),
            (s![..], "..."),
            (s![None], "None"),
            (s![], ""),
            (s![0,], "0"),
            (s![2..;3, ..4;-1], "2::3, :4:-1"),
            (s![3..1], "3:1"),
        ];
        for (built, text) in cases {
            assert_eq!(built, text.parse::<Index>().unwrap(), "{text}");
        }
        let n = 3usize;
        assert_eq!(s![n, n - 1..], "3, 2:".parse::<Index>().unwrap());
    }

    #[test]
    fn strict_flag_round_trips() {
        let i = s![1..].strict();
        assert!(i.is_strict());
        assert!(!i.with_strict(false).is_strict());
        assert_eq!(u64::MAX.into_index_item(), IndexItem::Int(isize::MAX));
        assert_eq!(i128::MIN.into_index_item(), IndexItem::Int(isize::MIN));
        assert_eq!(IndexItem::Int(3).to_string(), "3");
    }
}
