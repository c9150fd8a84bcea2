//! The `.npy` reader: any bytes give a view or an error, never a panic; an
//! accepted header is consistent, and the view it gives lies inside the
//! bytes, borrows them, and copies out.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ndview::Order;

fuzz_target!(|data: &[u8]| {
    let Ok(header) = ndview::npy::parse_header(data) else {
        assert!(ndview::npy::view(data).is_err(), "a view without a header");
        return;
    };
    let len = header.data_len().expect("an accepted header has a data length");
    assert!(data.len() - header.data_offset >= len);
    let Ok(v) = ndview::npy::view(data) else { return };
    assert_eq!(v.bytes().as_ptr(), data.as_ptr(), "the view borrows the file");
    assert_eq!(v.nbytes(), len);
    if v.nbytes() <= 1 << 20 {
        assert_eq!(v.to_bytes(Order::C).len(), v.nbytes());
        assert_eq!(v.to_bytes(Order::F).len(), v.nbytes());
    }
});
