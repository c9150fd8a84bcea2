//! The safetensors reader: any bytes give a file or an error, never a
//! panic; every tensor of an accepted file lies inside the bytes and has
//! exactly the bytes its shape and dtype need.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ndview::safetensors::SafeTensors;
use ndview::Order;

fuzz_target!(|data: &[u8]| {
    let Ok(t) = SafeTensors::from_storage(data) else { return };
    let range = data.as_ptr_range();
    for name in t.names() {
        let Ok(m) = t.get(name) else { continue };
        let v = m.view();
        assert!(range.contains(&v.bytes().as_ptr()) || v.bytes().is_empty());
        assert_eq!(v.bytes().len(), v.nbytes());
        if v.nbytes() <= 1 << 20 {
            assert_eq!(v.to_bytes(Order::C).len(), v.nbytes());
        }
    }
});
