//! Vectored I/O of strided views: the contiguous runs of a view, writes
//! that hand them over without copying, reads that fill a view.

mod common;

use std::io::{self, IoSlice, Write};

use ndview::{Format, NdView, NdViewMut, Order, RawView, RawViewMut};
use proptest::prelude::*;

/// A writer that records the slices of every `write_vectored` call and
/// accepts at most `limit` bytes per call.
struct Recorder {
    calls: Vec<Vec<Vec<u8>>>,
    out: Vec<u8>,
    limit: usize,
}

impl Recorder {
    fn new(limit: usize) -> Recorder {
        Recorder {
            calls: Vec::new(),
            out: Vec::new(),
            limit,
        }
    }
}

impl Write for Recorder {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_vectored(&[IoSlice::new(buf)])
    }

    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        self.calls.push(bufs.iter().map(|b| b.to_vec()).collect());
        let mut left = self.limit;
        for b in bufs {
            let n = b.len().min(left);
            self.out.extend_from_slice(&b[..n]);
            left -= n;
            if left == 0 {
                break;
            }
        }
        Ok(self.limit - left)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn data() -> Vec<u8> {
    (0..24).collect()
}

/// The view of `data()` as `<u2`, shape 3×4, sliced by `index`.
fn view<'a>(data: &'a [u8], index: &str) -> RawView<'a> {
    RawView::new(data, Format::parse("<u2").unwrap(), &[3, 4])
        .unwrap()
        .slice(&index.parse().unwrap())
        .unwrap()
}

/// The runs as (start offset in the region, length).
fn runs(v: &RawView<'_>) -> Vec<(usize, usize)> {
    let base = v.bytes().as_ptr() as usize;
    v.contiguous_runs()
        .map(|r| (r.as_ptr() as usize - base, r.len()))
        .collect()
}

#[test]
fn runs_of_typical_views() {
    let d = data();
    assert_eq!(runs(&view(&d, "")), [(0, 24)]);
    assert_eq!(runs(&view(&d, "1:")), [(8, 16)]);
    assert_eq!(runs(&view(&d, ":, 1:3")), [(2, 4), (10, 4), (18, 4)]);
    assert_eq!(runs(&view(&d, ":, 1")), [(2, 2), (10, 2), (18, 2)]);
    assert_eq!(runs(&view(&d, "1")), [(8, 8)]);
    assert_eq!(runs(&view(&d, "::-1")), [(16, 8), (8, 8), (0, 8)]);
    assert_eq!(runs(&view(&d, "::-1, :")), [(16, 8), (8, 8), (0, 8)]);
    assert_eq!(runs(&view(&d, "0, ::-1")), [(6, 2), (4, 2), (2, 2), (0, 2)]);
    assert_eq!(
        runs(&view(&d, ":2, ::2")),
        [(0, 2), (4, 2), (8, 2), (12, 2)]
    );
    // Transposed: one per element, in C order of the transpose.
    let t = view(&d, "").transpose();
    let r = runs(&t);
    assert_eq!(r.len(), 12);
    assert_eq!(&r[..4], [(0, 2), (8, 2), (16, 2), (2, 2)]);
    // 0-d: one element.
    assert_eq!(runs(&view(&d, "1, 2")), [(12, 2)]);
    // Empty: nothing.
    assert!(runs(&view(&d, "1:1")).is_empty());
    assert!(runs(&view(&d, ":, 4:")).is_empty());
    // New axes and broadcasting.
    assert_eq!(runs(&view(&d, "None, :, None")), [(0, 24)]);
    let b = view(&d, "1").broadcast_to(&[2, 4]).unwrap();
    assert_eq!(runs(&b), [(8, 8), (8, 8)]);
}

#[test]
fn runs_that_follow_each_other_in_memory_merge() {
    // Shape (2, 2), strides (3, 2), bytes: [0,0]@0 [0,1]@2 [1,0]@3 [1,1]@5
    let d = data();
    let v = RawView::from_parts(&d, Format::parse("B").unwrap(), &[2, 2], &[3, 2], 0).unwrap();
    assert_eq!(runs(&v), [(0, 1), (2, 2), (5, 1)]);
    // Outer axes that step over each other merge into one loop.
    let v =
        RawView::from_parts(&d, Format::parse("B").unwrap(), &[2, 3, 2], &[12, 4, 1], 0).unwrap();
    assert_eq!(
        runs(&v),
        [(0, 2), (4, 2), (8, 2), (12, 2), (16, 2), (20, 2)]
    );
}

#[test]
fn write_to_sends_the_runs_without_copying_them() {
    let d = data();
    let v = view(&d, ":, 1:3");
    let mut w = Recorder::new(usize::MAX);
    v.write_to(&mut w).unwrap();
    assert_eq!(w.out, v.to_bytes(Order::C));
    assert_eq!(w.calls.len(), 1);
    assert_eq!(
        w.calls[0],
        [vec![2, 3, 4, 5], vec![10, 11, 12, 13], vec![18, 19, 20, 21]]
    );

    let mut w = Recorder::new(usize::MAX);
    view(&d, "").write_to(&mut w).unwrap();
    assert_eq!(w.calls, [vec![d.clone()]]);

    let mut w = Recorder::new(usize::MAX);
    view(&d, "1:1").write_to(&mut w).unwrap();
    assert!(w.calls.is_empty() && w.out.is_empty());
}

#[test]
fn write_to_batches_many_runs() {
    let d: Vec<u8> = (0..=255).cycle().take(1000).collect();
    let v = RawView::new(&d, Format::parse("B").unwrap(), &[1000])
        .unwrap()
        .slice(&"::-1".parse().unwrap())
        .unwrap();
    let mut w = Recorder::new(usize::MAX);
    v.write_to(&mut w).unwrap();
    assert_eq!(w.out, v.to_bytes(Order::C));
    assert!(w.calls.len() > 1, "1000 runs need several calls");
    assert!(w.calls.iter().all(|c| c.len() <= 1024));
}

#[test]
fn partial_writes_resume_where_they_stopped() {
    let d = data();
    for index in ["", ":, 1:3", ":, 1", "::-1, ::-1", "1, 2"] {
        for limit in 1..8 {
            let v = view(&d, index);
            let mut w = Recorder::new(limit);
            v.write_to(&mut w).unwrap();
            assert_eq!(w.out, v.to_bytes(Order::C), "{index} by {limit}");
            assert!(w.calls.iter().all(|c| !c.is_empty()));
        }
    }
}

#[test]
fn a_writer_that_stops_is_an_error() {
    let d = data();
    let mut w = Recorder::new(0);
    let e = view(&d, "").write_to(&mut w).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::WriteZero);
}

#[test]
fn read_from_fills_the_view_in_c_order() {
    let mut buf = [0u8; 24];
    let f = Format::parse("<u2").unwrap();
    {
        let m = RawViewMut::new(&mut buf, f.clone(), &[3, 4]).unwrap();
        let mut cols = m.slice(&":, 1:3".parse().unwrap()).unwrap();
        let src: Vec<u8> = (100..112).collect();
        cols.read_from(&mut &src[..]).unwrap();
    }
    let expect: Vec<u8> = [
        [0, 0, 100, 101, 102, 103, 0, 0],
        [0, 0, 104, 105, 106, 107, 0, 0],
        [0, 0, 108, 109, 110, 111, 0, 0],
    ]
    .concat();
    assert_eq!(buf.to_vec(), expect);

    // Round trip: write a reversed view, read it back into a transposed one.
    let d = data();
    let v = view(&d, "::-1, ::-1");
    let mut bytes = Vec::new();
    v.write_to(&mut bytes).unwrap();
    let mut out = [0u8; 24];
    let m = RawViewMut::new(&mut out, f.clone(), &[3, 4]).unwrap();
    let mut rev = m.slice(&"::-1, ::-1".parse().unwrap()).unwrap();
    rev.read_from(&mut &bytes[..]).unwrap();
    assert_eq!(out.to_vec(), d);

    // Short input.
    let mut out = [0u8; 24];
    let mut m = RawViewMut::new(&mut out, f, &[3, 4]).unwrap();
    let e = m.read_from(&mut &d[..23]).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
}

#[test]
fn typed_views_forward() {
    let data = [1u32, 2, 3, 4, 5, 6];
    let v = NdView::from_slice(&data, &[2, 3]).unwrap();
    let mut out = Vec::new();
    v.transpose().write_to(&mut out).unwrap();
    let expect: Vec<u8> = [1u32, 4, 2, 5, 3, 6]
        .iter()
        .flat_map(|x| x.to_ne_bytes())
        .collect();
    assert_eq!(out, expect);
    let mut back = [0u32; 6];
    let mut m = NdViewMut::from_slice_mut(&mut back, &[3, 2]).unwrap();
    m.read_from(&mut &out[..]).unwrap();
    assert_eq!(back, [1, 4, 2, 5, 3, 6]);
}

fn layouts() -> impl Strategy<Value = (Vec<usize>, Vec<isize>, usize)> {
    prop::collection::vec((0usize..4, -3isize..4), 0..5).prop_flat_map(|axes| {
        let shape: Vec<usize> = axes.iter().map(|a| a.0).collect();
        let itemsize = 2usize;
        let strides: Vec<isize> = axes.iter().map(|a| a.1 * itemsize as isize).collect();
        (Just(shape), Just(strides), 1usize..3)
    })
}

proptest! {
    #[test]
    fn runs_concatenate_to_the_c_order_bytes((shape, strides, itemsize) in layouts()) {
        // Place element [0, …] so that the lowest byte is 0.
        let offs = common::model::offsets(&shape, &strides, 0);
        let low = offs.iter().copied().min().unwrap_or(0).min(0);
        let high = offs.iter().copied().max().unwrap_or(0);
        let offset = (-low) as usize;
        let region: Vec<u8> = (0..(high - low) as usize + itemsize).map(|i| (i * 7 % 251) as u8).collect();
        let f = Format::parse(&format!("{itemsize}s")).unwrap();
        let v = RawView::from_parts(&region, f, &shape, &strides, offset).unwrap();
        let runs: Vec<&[u8]> = v.contiguous_runs().collect();
        prop_assert_eq!(runs.concat(), v.to_bytes(Order::C));
        // The model: the element offsets in C order.
        let model: Vec<u8> = common::model::offsets(&shape, &strides, offset)
            .iter()
            .flat_map(|&o| region[o as usize..o as usize + itemsize].to_vec())
            .collect();
        prop_assert_eq!(runs.concat(), model);
        for pair in runs.windows(2) {
            let end = pair[0].as_ptr() as usize + pair[0].len();
            prop_assert_ne!(end, pair[1].as_ptr() as usize, "mergeable runs");
        }
        prop_assert!(runs.iter().all(|r| !r.is_empty()));
        let (lo, hi) = v.contiguous_runs().size_hint();
        prop_assert!(lo <= runs.len() && runs.len() <= hi.unwrap());
        let mut w = Recorder::new(3);
        v.write_to(&mut w).unwrap();
        prop_assert_eq!(w.out, v.to_bytes(Order::C));
    }
}
