//! NumPy-style index expressions: integers, slices, `...` and new axes.
//!
//! (Types only; the parser, the `s!` macro and strict mode land with the
//! index work.)

use super::dims::Dims;

/// One `start:stop:step` slice, every part optional, with Python's meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct SliceSpec {
    /// First index (negative counts from the end); `None` is the natural start.
    pub start: Option<isize>,
    /// One past the last index (negative counts from the end); `None` is the natural end.
    pub stop: Option<isize>,
    /// Step; `None` is 1. A step of 0 is an error when the index is applied.
    pub step: Option<isize>,
}

/// One item of an [`Index`].
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

/// A NumPy-style index: a list of [`IndexItem`]s.
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
    pub fn new(items: &[IndexItem]) -> Index {
        Index {
            items: Dims::from_slice(items),
            strict: false,
        }
    }

    /// The items.
    ///
    /// ```
    /// assert!(ndview::layout::Index::default().items().is_empty());
    /// ```
    pub fn items(&self) -> &[IndexItem] {
        &self.items
    }

    /// Whether slice bounds outside an axis are refused instead of clamped.
    ///
    /// ```
    /// assert!(!ndview::layout::Index::default().is_strict());
    /// ```
    pub fn is_strict(&self) -> bool {
        self.strict
    }
}
