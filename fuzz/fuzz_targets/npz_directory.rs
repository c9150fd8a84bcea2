//! The `.npz` reader: any bytes give an archive or an error, never a panic;
//! every member of an accepted archive lies inside the bytes, and getting
//! or verifying it gives an array or an error (inflation bounded by the
//! declared size).
#![no_main]
use libfuzzer_sys::fuzz_target;
use ndview::npz::Npz;
use ndview::Order;

fuzz_target!(|data: &[u8]| {
    let Ok(z) = Npz::from_storage(data) else { return };
    let names: Vec<String> = z.names().into_iter().map(String::from).collect();
    for name in &names {
        let Ok(m) = z.get(name) else { continue };
        let v = m.view();
        if v.nbytes() <= 1 << 20 {
            assert_eq!(v.to_bytes(Order::C).len(), v.nbytes());
        }
    }
    let _ = z.verify();
});
