//! A guided tour of `ndview`: run with `cargo run --release --example tour`.

use ndview::{Layout, Order};

fn main() -> Result<(), ndview::Error> {
    let l = Layout::contiguous(&[2, 3], 4, Order::C)?;
    println!("a 2x3 C-contiguous layout of 4-byte items: {l:?}");
    Ok(())
}
