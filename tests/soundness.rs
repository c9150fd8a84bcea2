//! One test per soundness trap of the peer crates (the list in
//! `rust-ecosystem.md` §5, summarised in `docs/safety.md`). Each test would
//! fail if `ndview` fell into its trap; where a trap cannot apply, the test
//! shows why. Run them under Miri too (`scripts/miri.sh`): several traps
//! are undefined behaviour that only Miri sees.
use core::marker::PhantomData;
use ndview::npy::{header_bytes, parse_header, Descr, Header};
use ndview::{Error, Format, Layout, NdView, NdViewMut, Order, RawView, RawViewMut, Scalar};

/// Whether `T: Element`, answered at compile time without requiring it
/// (inherent methods win over trait methods when their bounds hold).
struct Probe<T>(PhantomData<T>);
trait NotElement {
    fn is_element(&self) -> bool {
        false
    }
}
impl<T> NotElement for Probe<T> {}
impl<T: ndview::Element> Probe<T> {
    fn is_element(&self) -> bool {
        true
    }
}

// 1. Aliased `&mut` through strides.
#[test]
fn trap01_aliased_mut_through_strides() {
    let mut words = [0u64; 8];
    let buf: &mut [u8] = bytemuck::cast_slice_mut(&mut words);
    let u4 = || Format::parse("<u4").unwrap();
    // Stride 0 on an axis longer than 1 (broadcast, NewAxis).
    let r = RawViewMut::from_parts(&mut *buf, u4(), &[2], &[0], 0);
    assert!(matches!(r, Err(Error::Overlap { .. })), "{r:?}");
    let r = NdViewMut::<u32>::from_parts_mut(&mut *buf, &[3, 2], &[4, 0], 0);
    assert!(matches!(r, Err(Error::Overlap { .. })), "{r:?}");
    // Overlapping strides: [i, j] and [i + 1, j - 1] coincide.
    let r = NdViewMut::<u32>::from_parts_mut(&mut *buf, &[3, 3], &[4, 4], 0);
    assert!(matches!(r, Err(Error::Overlap { .. })), "{r:?}");
    // Partial-element overlap: 4-byte items 2 bytes apart, 3-byte items 2 apart.
    let r = RawViewMut::from_parts(&mut *buf, u4(), &[4], &[2], 0);
    assert!(matches!(r, Err(Error::Overlap { .. })), "{r:?}");
    let r = RawViewMut::from_parts(&mut *buf, Format::parse("3s").unwrap(), &[2, 2], &[4, 2], 0);
    assert!(matches!(r, Err(Error::Overlap { .. })), "{r:?}");
    // Interleaved but unique layouts are accepted (ndarray refuses (3,2)/(2,3)).
    let m = RawViewMut::from_parts(&mut *buf, Format::parse("B").unwrap(), &[3, 2], &[2, 3], 0);
    assert!(m.is_ok(), "{m:?}");
    // Empty views never alias, whatever their strides.
    assert!(RawViewMut::from_parts(&mut *buf, u4(), &[0, 5], &[0, 0], 0).is_ok());
    assert!(NdViewMut::<u32>::from_parts_mut(&mut *buf, &[5, 0], &[0, 4], 0).is_ok());
    // A read-only view may alias; it stays read-only (RawViewMut has no
    // broadcast_to, and NdViewMut cannot be made from an NdView).
    let r = RawView::from_parts(&*buf, u4(), &[2], &[0], 0).unwrap();
    assert_eq!(r.get_bytes(&[0]), r.get_bytes(&[1]));
}

#[test]
fn trap01_split_at_mut_is_disjoint() {
    let mut data = [0u32; 8];
    {
        let m = NdViewMut::from_slice_mut(&mut data, &[2, 4]).unwrap();
        // Columns interleave in memory: refused.
        let r = m.split_at_mut(1, 2);
        assert!(matches!(r, Err(Error::Overlap { .. })), "{:?}", r.err());
    }
    {
        // Rows are disjoint, also through a flip (negative stride).
        let m = NdViewMut::from_slice_mut(&mut data, &[2, 4])
            .unwrap()
            .flip(0)
            .unwrap();
        let (mut a, mut b) = m.split_at_mut(0, 1).unwrap();
        std::thread::scope(|s| {
            s.spawn(|| a.fill(1));
            s.spawn(|| b.fill(2));
        });
    }
    assert_eq!(data, [2, 2, 2, 2, 1, 1, 1, 1]);
    // Columns of the transpose are rows in memory: disjoint.
    let m = NdViewMut::from_slice_mut(&mut data, &[2, 4])
        .unwrap()
        .transpose();
    let (mut a, mut b) = m.split_at_mut(1, 1).unwrap();
    a.fill(5);
    b.fill(6);
    assert_eq!(data, [5, 5, 5, 5, 6, 6, 6, 6]);
    // Empty halves at either end.
    let m = NdViewMut::from_slice_mut(&mut data, &[2, 4]).unwrap();
    let (a, mut b) = m.split_at_mut(0, 0).unwrap();
    assert!(a.is_empty());
    b.fill(7);
    assert_eq!(data, [7; 8]);
}

#[test]
fn trap01_no_bounding_box_slice_of_a_strided_mutable_view() {
    let mut data = [0u32; 12];
    let mut m = NdViewMut::from_slice_mut(&mut data, &[3, 4]).unwrap();
    assert!(m.as_slice_mut().is_some());
    // Every other column: the bounding box would include the gaps.
    let mut cols = m.reborrow().slice(&ndview::s![.., ..;2]).unwrap();
    assert!(cols.as_slice_mut().is_none());
    assert!(cols.as_slice_memory_order_mut().is_none());
    // A transposed view is dense, but not in logical order.
    let mut t = m.reborrow().transpose();
    assert!(t.as_slice_mut().is_none());
    assert_eq!(t.as_slice_memory_order_mut().map(|s| s.len()), Some(12));
    // A view of a sub-block.
    let mut block = m.slice(&ndview::s![1..3, 1..3]).unwrap();
    assert!(block.as_slice_mut().is_none());
    assert!(block.as_slice_memory_order_mut().is_none());
    block.fill(9);
    assert_eq!(data, [0, 0, 0, 0, 0, 9, 9, 0, 0, 9, 9, 0]);
}

// 2. Integer overflow in offsets and sizes: a product or span that would
// wrap to a small in-bounds value must be refused, not wrapped.
#[test]
fn trap02_wrapping_offsets() {
    let bytes = [0u8; 64];
    let b = || Format::parse("B").unwrap();
    // 2·s wraps to 0 in two's complement: it must not look in bounds.
    let s = isize::MIN;
    assert!(matches!(
        RawView::from_parts(&bytes, b(), &[3], &[s], 0),
        Err(Error::Overflow { .. })
    ));
    // (2^63 + 8)·2 wraps to 16.
    let s = isize::MAX / 2 + 5;
    assert!(matches!(
        RawView::from_parts(&bytes, b(), &[3], &[s], 0),
        Err(Error::Overflow { .. })
    ));
    // The element count 2^32·2^32 wraps to 0 on 64 bits.
    let r = RawView::from_parts(&bytes, b(), &[1 << 32, 1 << 32], &[0, 0], 0);
    assert!(matches!(r, Err(Error::Overflow { .. })), "{r:?}");
    // itemsize · count wraps.
    let r = NdView::<u64>::from_bytes(&bytes, &[usize::MAX / 8 + 2]);
    assert!(matches!(r, Err(Error::Overflow { .. })), "{r:?}");
    // A slice step that overflows the new stride.
    let v = RawView::from_parts(&bytes, b(), &[2], &[8], 0).unwrap();
    let r = v.slice(&"::9223372036854775807".parse().unwrap()).unwrap();
    assert_eq!(r.shape(), &[1]);
    // Layout arithmetic on its own.
    assert!(matches!(
        Layout::new(&[2, 2], &[isize::MAX, isize::MAX], 0),
        Err(Error::Overflow { .. })
    ));
}

// 3. isize::MAX limits: offsets and lengths fit in isize; an empty view may
// sit one past the end of the region.
#[test]
fn trap03_isize_max_limits() {
    let bytes = [1u8; 8];
    let b = || Format::parse("B").unwrap();
    let r = RawView::from_parts(&bytes, b(), &[1], &[1], isize::MAX as usize + 1);
    assert!(matches!(r, Err(Error::Overflow { .. })), "{r:?}");
    let r = RawView::from_parts(&bytes, b(), &[isize::MAX as usize + 1], &[0], 0);
    assert!(matches!(r, Err(Error::Overflow { .. })), "{r:?}");
    // One past the end, empty: fine, and nothing is read.
    let v = NdView::<u8>::from_parts(&bytes, &[0], &[1], 8).unwrap();
    assert_eq!(v.iter().count(), 0);
    assert_eq!(v.to_vec(), Vec::<u8>::new());
    assert_eq!(v.as_slice(), Some(&[][..]));
    assert_eq!(v.sum(), 0);
    // A broadcast of huge length but no bytes: the count must still fit.
    let one = RawView::new(&bytes, b(), &[1]).unwrap();
    let big = one.broadcast_to(&[isize::MAX as usize]).unwrap();
    assert_eq!(big.len(), isize::MAX as usize);
    assert!(matches!(
        one.broadcast_to(&[isize::MAX as usize + 1]),
        Err(Error::Overflow { .. })
    ));
}

// 4. Base pointer vs lowest address with negative strides.
#[test]
fn trap04_base_pointer_vs_lowest_address() {
    let data = [10u32, 11, 12, 13, 14, 15];
    let bytes: &[u8] = bytemuck::cast_slice(&data);
    // First element at byte 20, lowest at byte 0.
    let v = NdView::<u32>::from_parts(bytes, &[2, 3], &[-12, -4], 20).unwrap();
    assert_eq!(v.to_vec(), [15, 14, 13, 12, 11, 10]);
    assert_eq!(v.as_ptr(), &data[5] as *const u32);
    assert_eq!(v.as_slice_memory_order().unwrap().as_ptr(), data.as_ptr());
    // One stride short: the lowest element would be at byte -4.
    let r = NdView::<u32>::from_parts(bytes, &[2, 3], &[-12, -4], 16);
    assert!(
        matches!(r, Err(Error::OutOfBounds { lowest: -4, .. })),
        "{r:?}"
    );
    // Mixed signs: the first element is neither the lowest nor the highest.
    let v = NdView::<u32>::from_parts(bytes, &[2, 3], &[12, -4], 8).unwrap();
    assert_eq!(v.to_vec(), [12, 11, 10, 15, 14, 13]);
    assert_eq!(
        v.iter().rev().copied().collect::<Vec<_>>(),
        [13, 14, 15, 10, 11, 12]
    );
    assert_eq!(v.min(), Some(10));
    assert_eq!(v.max(), Some(15));
    // Sub-views of a flipped view keep their own first element.
    let f = NdView::from_slice(&data, &[6]).unwrap().flip(0).unwrap();
    let (a, b) = f.split_at(0, 2).unwrap();
    assert_eq!(
        (a.to_vec(), b.to_vec()),
        (vec![15, 14], vec![13, 12, 11, 10])
    );
    assert_eq!(b.as_ptr(), &data[3] as *const u32);
}

// 5. Alignment: no `&T` to misaligned memory, even unread.
#[test]
fn trap05_misaligned_references_are_never_made() {
    let words = [0u64; 5];
    let bytes: &[u8] = bytemuck::cast_slice(&words);
    // Misaligned first element.
    let r = NdView::<f64>::from_parts(bytes, &[2], &[8], 4);
    assert!(matches!(r, Err(Error::Misaligned { .. })), "{r:?}");
    let r = NdView::<f64>::from_bytes(&bytes[1..17], &[2]);
    assert!(matches!(r, Err(Error::Misaligned { .. })), "{r:?}");
    // Aligned first element, misaligned stride (NumPy's ALIGNED rule;
    // checking only the base pointer, as pyo3 does, would pass this).
    let r = NdView::<f64>::from_parts(bytes, &[2], &[12], 0);
    assert!(matches!(r, Err(Error::Misaligned { .. })), "{r:?}");
    // The stride of an axis of length 1 is never used.
    assert!(NdView::<f64>::from_parts(bytes, &[1, 2], &[3, 8], 0).is_ok());
    // typed() checks the same, on the address (not only the offset).
    let raw = RawView::from_parts(&bytes[4..], Format::of::<u32>(), &[2], &[4], 0).unwrap();
    assert!(raw.typed::<u32>().is_ok());
    let raw = RawView::from_parts(&bytes[2..], Format::of::<u32>(), &[2], &[4], 0).unwrap();
    assert!(matches!(raw.typed::<u32>(), Err(Error::Misaligned { .. })));
    // The unaligned path: decoding works at any address.
    assert_eq!(raw.get(&[0]).unwrap(), Scalar::UInt(0));
    // (A `[u32]` buffer, so that byte 1 is misaligned whatever the address
    // of a plain byte array would be.)
    let mut m = [0u32; 3];
    let mb: &mut [u8] = bytemuck::cast_slice_mut(&mut m);
    let r = NdViewMut::<u32>::from_bytes_mut(&mut mb[1..9], &[2]);
    assert!(matches!(r, Err(Error::Misaligned { .. })), "{:?}", r.err());
    // Empty views at a misaligned offset are accepted, but never build a
    // `&[T]` from the misaligned pointer.
    let e = NdView::<f64>::from_parts(bytes, &[0, 3], &[8, 8], 3).unwrap();
    let s = e.as_slice().unwrap();
    assert!(s.is_empty() && s.as_ptr() as usize % 8 == 0);
    let s = e.as_slice_memory_order().unwrap();
    assert!(s.is_empty() && s.as_ptr() as usize % 8 == 0);
    assert_eq!(e.iter().count(), 0);
    assert_eq!(e.to_vec(), Vec::<f64>::new());
    assert_eq!(e.sum(), 0.0);
    let mut w = [0u64; 2];
    let mb: &mut [u8] = bytemuck::cast_slice_mut(&mut w);
    let mut e = NdViewMut::<f64>::from_parts_mut(mb, &[0], &[8], 5).unwrap();
    assert!(e.as_slice_mut().unwrap().as_ptr() as usize % 8 == 0);
    e.fill(1.0);
    assert_eq!(e.iter_mut().count(), 0);
    assert_eq!(w, [0, 0]);
}

// 6. Byte strides vs itemsize: a column of f32 inside 12-byte records.
#[test]
fn trap06_byte_strides_are_never_divided() {
    let mut rec = Vec::new();
    for i in 0..4u32 {
        rec.extend_from_slice(&(i as i32).to_le_bytes());
        rec.extend_from_slice(&(i as f32 + 0.5).to_le_bytes());
        rec.extend_from_slice(&(100 + i).to_le_bytes());
    }
    let words: Vec<u32> = rec
        .chunks(4)
        .map(|c| u32::from_ne_bytes(c.try_into().unwrap()))
        .collect();
    let bytes: &[u8] = bytemuck::cast_slice(&words); // 4-aligned
    let v = RawView::new(bytes, Format::parse("T{<i:a:<f:b:<I:c:}").unwrap(), &[4]).unwrap();
    let b = v.field("b").unwrap();
    assert_eq!(b.strides(), &[12]);
    if cfg!(target_endian = "little") {
        let t = b.typed::<f32>().unwrap();
        assert_eq!(t.strides(), &[12]); // bytes, not 12 / 4 = 3 elements
        assert_eq!(t.to_vec(), [0.5, 1.5, 2.5, 3.5]);
        assert_eq!(t.iter().copied().collect::<Vec<_>>(), [0.5, 1.5, 2.5, 3.5]);
        assert_eq!(t.sum(), 8.0);
        assert_eq!(t.get(&[3]), Some(&3.5));
        // A stride that is a multiple of the alignment but not of nothing
        // else: u16 every 6 bytes.
        let h = NdView::<u16>::from_parts(bytes, &[8], &[6], 0).unwrap();
        let expected: Vec<u16> = (0..8)
            .map(|k| u16::from_ne_bytes([bytes[6 * k], bytes[6 * k + 1]]))
            .collect();
        assert_eq!(h.to_vec(), expected);
    }
    assert_eq!(b.get(&[2]).unwrap(), Scalar::Float(2.5));
}

// 7. Endianness and format honesty.
#[test]
fn trap07_non_native_byte_order_is_decoded_or_refused() {
    let be = 1.5f64.to_be_bytes();
    let le = 1.5f64.to_le_bytes();
    let mut words = [0u64; 2];
    bytemuck::cast_slice_mut::<u64, u8>(&mut words)[..8].copy_from_slice(&be);
    bytemuck::cast_slice_mut::<u64, u8>(&mut words)[8..].copy_from_slice(&le);
    let bytes: &[u8] = bytemuck::cast_slice(&words);
    let big = RawView::new(&bytes[..8], Format::parse(">d").unwrap(), &[]).unwrap();
    let little = RawView::new(&bytes[8..], Format::parse("<d").unwrap(), &[]).unwrap();
    assert_eq!(big.get(&[]).unwrap(), Scalar::Float(1.5));
    assert_eq!(little.get(&[]).unwrap(), Scalar::Float(1.5));
    let (native, foreign) = if cfg!(target_endian = "little") {
        (little, big)
    } else {
        (big, little)
    };
    assert_eq!(native.typed::<f64>().unwrap()[[]], 1.5);
    assert!(matches!(
        foreign.typed::<f64>(),
        Err(Error::FormatMismatch { .. })
    ));
    // `!` is network (big-endian) order; `=` and `@` are native.
    assert_eq!(Format::parse("!d").unwrap(), Format::parse(">d").unwrap());
    assert_eq!(Format::parse("=d").unwrap(), Format::of::<f64>());
    assert_eq!(Format::parse("@d").unwrap(), Format::of::<f64>());
    // One-byte kinds have no byte order.
    assert_eq!(Format::parse(">B").unwrap(), Format::of::<u8>());
    // Same size, other kind: never reinterpreted.
    let r = native.typed::<u64>();
    assert!(
        matches!(r, Err(Error::FormatMismatch { .. })),
        "{:?}",
        r.err()
    );
    let r = native.typed::<i64>();
    assert!(
        matches!(r, Err(Error::FormatMismatch { .. })),
        "{:?}",
        r.err()
    );
}

// 8. Invalid bit patterns: bool (and char) are not Elements.
#[test]
fn trap08_invalid_bit_patterns() {
    assert!(!Probe::<bool>(PhantomData).is_element());
    assert!(!Probe::<char>(PhantomData).is_element());
    assert!(Probe::<u8>(PhantomData).is_element());
    // Typed access to `?` / `|b1` data is refused, even as u8.
    let bytes = [0u8, 1, 2, 255];
    for f in ["?", "|b1"] {
        let v = RawView::new(&bytes, Format::parse(f).unwrap(), &[4]).unwrap();
        let r = v.typed::<u8>();
        assert!(
            matches!(r, Err(Error::FormatMismatch { .. })),
            "{f}: {:?}",
            r.err()
        );
        let r = v.typed::<i8>();
        assert!(
            matches!(r, Err(Error::FormatMismatch { .. })),
            "{f}: {:?}",
            r.err()
        );
        // Decoding reads any byte without making a `bool` from it.
        assert_eq!(v.get(&[0]).unwrap(), Scalar::Bool(false));
        for i in 1..4 {
            assert!(matches!(v.get(&[i]), Ok(Scalar::Bool(true)) | Err(_)));
        }
    }
}

// 9. Zero-sized types: no Element has size 0 and no format has itemsize 0.
#[test]
fn trap09_zero_sized_types_are_excluded() {
    assert!(!Probe::<()>(PhantomData).is_element());
    assert!(!Probe::<[u8; 0]>(PhantomData).is_element());
    for text in [
        "0B", "0s", "0x", "T{}", "(0)B", "0d", "|V0", "|S0", "T{0B:a:}", "(2,0)f", "",
    ] {
        if let Ok(f) = Format::parse(text) {
            assert!(f.itemsize() >= 1, "{text:?} parsed with itemsize 0");
        }
    }
}

// 10. Provenance and the aliasing model: every element pointer comes from
// the borrowed slice. This test is for Miri (Stacked and Tree Borrows):
// reads and writes through views of a sub-slice, interleaved with reads of
// the rest of the buffer, and a mutable view whose halves live in threads.
#[test]
fn trap10_provenance_under_miri() {
    let mut data = [0u32; 16];
    let (left, right) = data.split_at_mut(8);
    right.copy_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8]);
    {
        let rbytes: &[u8] = bytemuck::cast_slice(&*right);
        let v = NdView::<u32>::from_parts(rbytes, &[2, 2], &[-16, 4], 16).unwrap();
        let lbytes: &mut [u8] = bytemuck::cast_slice_mut(left);
        let mut m = NdViewMut::<u32>::from_parts_mut(lbytes, &[2, 2], &[4, 16], 0).unwrap();
        m.assign(&v).unwrap();
        for (x, y) in m.iter_mut().zip(v.iter()) {
            *x += *y;
        }
        assert_eq!(v.sum(), 1 + 2 + 5 + 6);
        let (mut a, mut b) = m.split_at_mut(1, 1).unwrap();
        std::thread::scope(|s| {
            s.spawn(|| a.map_inplace(|x| *x *= 10));
            s.spawn(|| b.map_inplace(|x| *x *= 100));
        });
    }
    // The view wrote only its own elements: m[i, j] is data[i + 4j], and
    // v[i, j] is right[4 - 4i + j] = 5, 6, 1, 2; doubled, then the column
    // j = 0 times 10 and j = 1 times 100.
    assert_eq!(data[..8], [100, 20, 0, 0, 1200, 400, 0, 0]);
    let v = NdView::from_slice(&data, &[16]).unwrap();
    assert_eq!(v.as_ptr(), data.as_ptr());
    assert!(v
        .raw()
        .bytes()
        .as_ptr_range()
        .contains(&(v.get(&[15]).unwrap() as *const u32).cast()));
}

// 11. Header types handed out by reference: views are owned structs, so
// swapping two of them swaps everything, lifetimes included.
#[test]
fn trap11_swapped_views_stay_valid() {
    let a = vec![1u16, 2, 3];
    let b = vec![7u16; 1000];
    let mut va = NdView::from_slice(&a, &[3]).unwrap();
    let mut vb = NdView::from_slice(&b, &[10, 100]).unwrap();
    core::mem::swap(&mut va, &mut vb);
    assert_eq!(vb.to_vec(), [1, 2, 3]);
    assert_eq!(va.shape(), &[10, 100]);
    assert_eq!(va.sum(), 7000);
    let (mut x, mut y) = ([0u8; 2], [0u8; 300]);
    let mut mx = NdViewMut::from_slice_mut(&mut x, &[2]).unwrap();
    let mut my = NdViewMut::from_slice_mut(&mut y, &[3, 100])
        .unwrap()
        .transpose();
    core::mem::swap(&mut mx, &mut my);
    mx.fill(9);
    my.fill(4);
    drop((mx, my));
    assert_eq!(x, [4, 4]);
    assert!(y.iter().all(|&b| b == 9));
    let (mut r1, mut r2) = (
        RawView::new(&a_bytes(&a), Format::of::<u16>(), &[3])
            .map(|v| v.to_bytes(Order::C))
            .unwrap(),
        Vec::new(),
    );
    core::mem::swap(&mut r1, &mut r2);
    assert_eq!(r2.len(), 6);
}

fn a_bytes(a: &[u16]) -> Vec<u8> {
    bytemuck::cast_slice(a).to_vec()
}

// 12. Foreign mutation: the views borrow `&'a [u8]` / `&'a mut [u8]`, so
// Rust's borrow rules forbid any other mutation while a view lives; memory
// that others may change (memory maps, Python buffers) must not be handed
// to the views as a slice at all (docs/safety.md). Here: a new view after
// a mutation sees the new bytes; a view copied out before does not change.
#[test]
fn trap12_foreign_mutation_needs_a_new_view() {
    let mut buf = vec![1u8, 2, 3, 4];
    let before = NdView::<u8>::from_bytes(&buf, &[2, 2]).unwrap().to_vec();
    buf[0] = 9;
    let after = NdView::<u8>::from_bytes(&buf, &[2, 2]).unwrap();
    assert_eq!(before, [1, 2, 3, 4]);
    assert_eq!(after.to_vec(), [9, 2, 3, 4]);
}

// 13. Panics on hostile input: every check on outside data returns Err.
// A deterministic scan over extreme values of every constructor argument.
#[test]
fn trap13_no_panics_on_hostile_input() {
    // isize::MIN itself is left to the ignored regression test
    // `hostile::isize_min_stride_on_a_length_one_axis` (a debug-mode panic
    // in kernels/plan.rs, reported).
    let extremes: [isize; 9] = [
        0,
        1,
        -1,
        7,
        -8,
        isize::MAX,
        isize::MIN + 1,
        isize::MAX / 2 + 1,
        isize::MIN / 2,
    ];
    let lens = [0usize, 1, 2, 3, usize::MAX, isize::MAX as usize, 1 << 32];
    let offsets = [0usize, 1, 7, 8, 63, 64, 65, isize::MAX as usize, usize::MAX];
    let mut words = [0u64; 8];
    let mut checked = 0;
    let step = if cfg!(miri) { 7 } else { 1 };
    for (k, (&n0, &s0)) in lens
        .iter()
        .flat_map(|n| extremes.iter().map(move |s| (n, s)))
        .enumerate()
        .step_by(step)
    {
        for &n1 in &lens[..4] {
            for &s1 in &extremes[..5] {
                for &off in &offsets {
                    let (shape, strides) = ([n0, n1], [s0, s1]);
                    let bytes: &[u8] = bytemuck::cast_slice(&words);
                    if let Ok(v) = RawView::from_parts(
                        bytes,
                        Format::parse("<u4").unwrap(),
                        &shape,
                        &strides,
                        off,
                    ) {
                        // Copies only of views that fit in memory: the copy of a
                        // huge zero-stride view is the bug reported with
                        // `hostile::to_bytes_of_a_huge_broadcast_view`.
                        if v.len() <= 1 << 16 {
                            let _ = v.to_bytes(Order::F);
                            let _ = v.typed::<u32>().map(|t| t.iter().rev().count());
                        }
                        let _ = v.transpose().flip(0).map(|f| f.get_bytes(&[0, 0]));
                        let _ = v.diagonal(0, 1, (k as isize) - 20);
                        checked += 1;
                    }
                    let _ = NdView::<u64>::from_parts(bytes, &shape, &strides, off);
                    let mb: &mut [u8] = bytemuck::cast_slice_mut(&mut words);
                    if let Ok(mut m) = NdViewMut::<u32>::from_parts_mut(mb, &shape, &strides, off) {
                        // Unique, so at most 16 elements.
                        m.fill(1);
                    }
                }
            }
        }
    }
    assert!(checked > 0);
}

// 14. Deserialised headers: a `.npy` header, parsed or built by hand, goes
// through the full validation before any view is made.
#[test]
fn trap14_npy_headers_are_validated() {
    let descr = Descr::scalar("<u2").unwrap();
    let mut file = header_bytes(&descr, true, &[2, 3]).unwrap();
    file.extend_from_slice(&[0; 12]);
    let h = parse_header(&file).unwrap();
    // The shape promises 12 bytes: one fewer is refused…
    assert!(matches!(
        parse_header(&file[..file.len() - 1]),
        Err(Error::InvalidHeader { .. })
    ));
    // …and a view built from the header re-runs the region check.
    let layout = Layout::contiguous(&h.shape, h.itemsize().unwrap(), Order::F).unwrap();
    let data = &file[h.data_offset..];
    assert!(RawView::with_layout_of(data, Format::parse("<u2").unwrap(), layout.clone()).is_ok());
    let r = RawView::with_layout_of(&data[..11], Format::parse("<u2").unwrap(), layout);
    assert!(matches!(r, Err(Error::OutOfBounds { .. })), "{r:?}");
    // A `Header` built by hand with a hostile shape is checked again.
    let hostile = Header {
        descr: descr.clone(),
        fortran_order: false,
        shape: vec![usize::MAX, 2],
        version: (1, 0),
        data_offset: 128,
    };
    assert!(matches!(hostile.data_len(), Err(Error::Overflow { .. })));
    assert!(matches!(
        hostile.element_count(),
        Err(Error::Overflow { .. })
    ));
    assert!(hostile.to_bytes().is_err());
    let too_many = Header {
        shape: vec![1; 65],
        ..hostile
    };
    assert!(too_many.to_bytes().is_err());
}
