//! The loops: whole-view reductions, copy-out and assignment, fast.
//!
//! A view's layout was validated once, when the view was made; everything
//! here builds on that. [`plan`] turns one or more same-shaped layouts into
//! as few, as long inner runs as it can (axes flipped and sorted to memory
//! order where the order does not matter, contiguous axes merged), [`lane`]
//! hands those runs to loops as dense slices or strided lanes, and the loops
//! are plain Rust that LLVM vectorizes:
//!
//! * [`reduce`]: sums, products, dot products, extremes, with unrolled
//!   multi-accumulator inner loops;
//! * [`copy`]: copy-out in C or Fortran order and assignment — one
//!   `memcpy` per contiguous run, a cache-blocked transpose when the source
//!   is dense along another axis, an element loop otherwise.
//!
//! The public entry points are methods of the views (`sum`, `to_vec`,
//! `assign`, `iter().fold`, …) in [`methods`].

pub(crate) mod axis;
pub(crate) mod buffer;
pub(crate) mod convert;
pub(crate) mod copy;
pub(crate) mod int;
pub(crate) mod lane;
pub(crate) mod methods;
pub(crate) mod parallel;
pub(crate) mod plan;
pub(crate) mod reduce;
pub(crate) mod stream;
pub(crate) mod transpose;
pub(crate) mod zip;
