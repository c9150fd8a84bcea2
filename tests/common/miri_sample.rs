//! Fixture sampling under Miri.
//!
//! The fixture-heavy suites (`view_fixtures`, `overlap`, `layout_ops`,
//! `formats`) replay thousands of NumPy / CPython cases. They check layout
//! and format *arithmetic*, on safe paths with no unsafe code of their own,
//! and they run whole in every native `cargo test`. Under Miri, where each
//! case costs an interpreter's time, they run a deterministic sample: every
//! [`EVERY`]-th case, the first included. The unsafe paths they reach are
//! the same for every case.
#![allow(dead_code)]

/// Under Miri, one case in this many runs.
pub const EVERY: usize = 8;

/// The cases to run: all of them natively, every [`EVERY`]-th under Miri.
pub fn sample<I: IntoIterator>(cases: I) -> std::iter::StepBy<I::IntoIter> {
    cases
        .into_iter()
        .step_by(if cfg!(miri) { EVERY } else { 1 })
}

/// A lower bound on how many cases ran, scaled like [`sample`].
pub fn at_least(n: usize) -> usize {
    if cfg!(miri) {
        n / EVERY
    } else {
        n
    }
}
