//! The format parser: never panics; what parses prints a canonical string
//! that parses back to an equal format, and decodes any bytes of its size.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ndview::Format;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(f) = Format::parse(text) {
        let shown = f.to_string();
        let again = Format::parse(&shown).expect("the canonical form parses");
        assert_eq!(again, f, "{text:?} -> {shown:?}");
        assert!(f.itemsize() >= 1);
        if f.itemsize() <= 4096 {
            let bytes = vec![0xA5u8; f.itemsize()];
            let _ = f.decode(&bytes);
        }
    }
});
