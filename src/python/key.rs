//! Python index keys (`v[1:5:2, ..., None, -1]`, `v["x"]`) to an
//! [`Index`] or a field name.
//!
//! The items are NumPy's basic indexing: integers (anything with
//! `__index__` except `bool`), slices, `...`, `None`, and tuples of them.
//! Slice bounds beyond `isize` are clamped, as Python clamps them.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use pyo3::exceptions::PyIndexError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PySlice, PyString, PyTuple};

use crate::layout::{Index, IndexItem, SliceSpec};

/// What a key selects.
pub(crate) enum Key {
    /// Elements by position. `scalar` is set when every item is an integer
    /// (so a 0-d result is returned as a Python value, as NumPy does).
    Index { index: Box<Index>, scalar: bool },
    /// A record field by name.
    Field(String),
}

const HELP: &str = "only integers, slices (`:`), ellipsis (`...`), None and tuples of them \
                    are valid ndview indices (strings select record fields)";

/// Reads a `__getitem__` key.
pub(crate) fn parse_key(key: &Bound<'_, PyAny>) -> PyResult<Key> {
    if let Ok(name) = key.cast::<PyString>() {
        return Ok(Key::Field(name.to_str()?.into()));
    }
    let mut items = Vec::new();
    if let Ok(tuple) = key.cast::<PyTuple>() {
        for item in tuple.iter() {
            items.push(parse_item(&item)?);
        }
    } else {
        items.push(parse_item(key)?);
    }
    let scalar = items.iter().all(|i| matches!(i, IndexItem::Int(_)));
    Ok(Key::Index {
        index: Box::new(Index::new(&items)),
        scalar,
    })
}

fn parse_item(item: &Bound<'_, PyAny>) -> PyResult<IndexItem> {
    let py = item.py();
    if item.is_none() {
        return Ok(IndexItem::NewAxis);
    }
    if item.is(py.Ellipsis()) {
        return Ok(IndexItem::Ellipsis);
    }
    if let Ok(slice) = item.cast::<PySlice>() {
        let part = |name: &str| -> PyResult<Option<isize>> {
            let v = slice.getattr(name)?;
            if v.is_none() {
                Ok(None)
            } else {
                Some(clamped_int(&v)).transpose()
            }
        };
        return Ok(IndexItem::Slice(SliceSpec::new(
            part("start")?,
            part("stop")?,
            part("step")?,
        )));
    }
    if item.cast::<PyBool>().is_err() && item.hasattr("__index__")? {
        // Out-of-range integers are out of bounds for every axis.
        return match item.extract::<isize>() {
            Ok(i) => Ok(IndexItem::Int(i)),
            Err(_) => Err(PyIndexError::new_err(alloc::format!(
                "index {item} is out of bounds"
            ))),
        };
    }
    Err(pyo3::exceptions::PyTypeError::new_err(HELP))
}

/// An integer slice bound, clamped to `isize` like Python clamps slices.
fn clamped_int(v: &Bound<'_, PyAny>) -> PyResult<isize> {
    match v.extract::<isize>() {
        Ok(i) => Ok(i),
        Err(e) => {
            if !v.hasattr("__index__")? {
                return Err(e);
            }
            let negative = v.lt(0)?;
            Ok(if negative { isize::MIN + 1 } else { isize::MAX })
        }
    }
}
