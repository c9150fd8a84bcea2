//! Shared helpers of the integration tests.
#![allow(dead_code)]

pub mod aligned;
pub mod miri_sample;
pub mod model;
pub mod npy_fixtures;
