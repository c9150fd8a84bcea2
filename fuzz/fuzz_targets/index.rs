//! The index parser and slicing: never panic; what parses prints back to an
//! equal index; slicing a small view either fails with an error or gives a
//! view whose elements all lie in the region.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ndview::{Format, Index, RawView};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(index) = text.parse::<Index>() else { return };
    let again: Index = index.to_string().parse().expect("the display form parses");
    assert_eq!(again, index);
    let bytes = [0u8; 120];
    let v = RawView::new(&bytes, Format::parse("B").unwrap(), &[2, 3, 4, 5]).unwrap();
    if let Ok(s) = v.slice(&index) {
        let n = s.to_bytes(ndview::Order::C).len();
        assert_eq!(n, s.len());
    }
});
