//! The `.npy` reader: any bytes give a view or an error, never a panic, and
//! a view it gives lies inside the bytes and copies out.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(v) = ndview::npy::view(data) {
        if v.nbytes() <= 1 << 20 {
            assert_eq!(v.to_bytes(ndview::Order::C).len(), v.nbytes());
        }
    }
});
