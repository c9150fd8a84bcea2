//! The `.npy` reader: any bytes give a header or an error, never a panic;
//! a header it accepts describes a view that lies inside the bytes and
//! copies out.
//!
//! `ndview::npy::view` is being added elsewhere; until it lands this target
//! builds the view itself from `parse_header`, the way `view` will: the
//! descr's format string, a C- or F-contiguous layout over the data, and the
//! full region check of `RawView::with_layout_of`.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ndview::{Format, Layout, Order, RawView};

fuzz_target!(|data: &[u8]| {
    let Ok(header) = ndview::npy::parse_header(data) else { return };
    // What `parse_header` accepts is consistent.
    let len = header.data_len().expect("an accepted header has a data length");
    assert!(data.len() - header.data_offset >= len);
    let Ok(text) = header.descr.to_format_string() else { return };
    let Ok(format) = Format::parse(&text) else { return };
    assert_eq!(format.itemsize(), header.itemsize().unwrap(), "{text:?}");
    let order = if header.fortran_order { Order::F } else { Order::C };
    let layout = Layout::contiguous(&header.shape, format.itemsize(), order)
        .expect("a header whose data length fits has a contiguous layout");
    let v = RawView::with_layout_of(&data[header.data_offset..], format, layout)
        .expect("the data the header promised is there");
    assert_eq!(v.nbytes(), len);
    // Empty arrays walk their other axes in the copy kernel: a known bug
    // (tests/hostile.rs, `to_bytes_of_an_empty_view_with_hostile_strides`
    // and `copy_of_an_empty_npy_array_is_instant`, ignored until fixed).
    if !v.is_empty() && v.nbytes() <= 1 << 20 {
        assert_eq!(v.to_bytes(Order::C).len(), v.nbytes());
    }
});
