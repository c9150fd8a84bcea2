//! Hostile input: shapes, strides, offsets, formats, index strings and
//! `.npy` headers crafted to overflow, to reach outside the region or to
//! exhaust the parser. Each is refused with the precise `Error` variant —
//! never a panic, never a view.
use ndview::npy::{header_bytes, parse_header, parse_header_prefix, Descr};
use ndview::{Error, Format, Index, Layout, NdView, NdViewMut, Order, RawView, RawViewMut};

fn u8s() -> Format {
    Format::parse("B").unwrap()
}

#[test]
fn shape_products_that_overflow() {
    let bytes = [0u8; 64];
    let huge = usize::MAX / 2 + 1;
    for shape in [
        &[huge, 2][..],
        &[usize::MAX, usize::MAX],
        &[1 << 32, 1 << 32],
        &[1 << 16, 1 << 16, 1 << 16, 1 << 16],
    ] {
        let r = RawView::new(&bytes, u8s(), shape);
        assert!(matches!(r, Err(Error::Overflow { .. })), "{shape:?}: {r:?}");
        let strides = vec![1isize; shape.len()];
        let r = RawView::from_parts(&bytes, u8s(), shape, &strides, 0);
        assert!(matches!(r, Err(Error::Overflow { .. })), "{shape:?}: {r:?}");
        let r = NdView::<u64>::from_bytes(&bytes, shape);
        assert!(matches!(r, Err(Error::Overflow { .. })), "{shape:?}: {r:?}");
    }
    // An axis longer than isize::MAX, even with another axis of length 0.
    let r = RawView::from_parts(&bytes, u8s(), &[usize::MAX, 0], &[0, 0], 0);
    assert!(matches!(r, Err(Error::Overflow { .. })), "{r:?}");
    // Element count fits but the byte count does not.
    let r = RawView::new(
        &bytes,
        Format::parse("<f8").unwrap(),
        &[isize::MAX as usize / 4],
    );
    assert!(matches!(r, Err(Error::Overflow { .. })), "{r:?}");
}

#[test]
fn a_zero_length_axis_makes_huge_strides_harmless() {
    // Empty: nothing is reached, so any stride is accepted at offset 0.
    let bytes = [0u8; 4];
    let v = RawView::from_parts(&bytes, u8s(), &[0, 3], &[isize::MAX, isize::MIN], 0).unwrap();
    assert!(v.is_empty());
    assert_eq!(v.to_bytes(Order::C), b"");
    assert_eq!(v.get_bytes(&[0, 0]), None);
}

#[test]
fn strides_near_the_limits() {
    let bytes = [0u8; 64];
    for s in [
        isize::MAX,
        isize::MIN,
        isize::MIN + 1,
        isize::MAX / 2 + 1,
        -(isize::MAX / 2) - 1,
    ] {
        // Two elements: the span (n - 1)·|s| overflows or leaves the region.
        let r = RawView::from_parts(&bytes, u8s(), &[2], &[s], 0);
        assert!(
            matches!(
                r,
                Err(Error::Overflow { .. }) | Err(Error::OutOfBounds { .. })
            ),
            "{s}: {r:?}"
        );
        // Three elements always overflow the span.
        if s.unsigned_abs() > isize::MAX as usize / 2 {
            let r = RawView::from_parts(&bytes, u8s(), &[3], &[s], 0);
            assert!(matches!(r, Err(Error::Overflow { .. })), "{s}: {r:?}");
        }
        // One element: the stride is never used.
        let v = RawView::from_parts(&bytes, u8s(), &[1], &[s], 5).unwrap();
        assert_eq!(v.get_bytes(&[0]), Some(&bytes[5..6]));
    }
    // Two axes whose spans fit each but not summed.
    let half = isize::MAX / 2 + 1;
    let r = RawView::from_parts(&bytes, u8s(), &[2, 2], &[half, half], 0);
    assert!(matches!(r, Err(Error::Overflow { .. })), "{r:?}");
    // A negative stride that would wrap below zero.
    let r = RawView::from_parts(&bytes, u8s(), &[2], &[isize::MIN + 1], 10);
    assert!(matches!(r, Err(Error::OutOfBounds { .. })), "{r:?}");
    // Opposite huge strides that cancel in a sum but not in the span.
    let r = RawView::from_parts(&bytes, u8s(), &[2, 2], &[isize::MAX, -isize::MAX], 0);
    assert!(matches!(r, Err(Error::Overflow { .. })), "{r:?}");
    // The same for mutable views, which also check overlap.
    let mut m = [0u8; 64];
    let r = RawViewMut::from_parts(&mut m, u8s(), &[2, 2], &[isize::MAX, -isize::MAX], 0);
    assert!(matches!(r, Err(Error::Overflow { .. })), "{r:?}");
    let r = NdViewMut::<u8>::from_parts_mut(&mut m, &[2], &[isize::MIN], 63);
    assert!(
        matches!(
            r,
            Err(Error::Overflow { .. }) | Err(Error::OutOfBounds { .. })
        ),
        "{r:?}"
    );
}

#[test]
fn offsets_past_the_region() {
    let bytes = [0u8; 16];
    for offset in [16, 17, 1000, isize::MAX as usize - 1] {
        let r = RawView::from_parts(&bytes, u8s(), &[1], &[1], offset);
        assert!(
            matches!(r, Err(Error::OutOfBounds { .. })),
            "{offset}: {r:?}"
        );
    }
    // Offsets that do not fit isize.
    // (Or whose end, offset + itemsize, does not.)
    for offset in [isize::MAX as usize, isize::MAX as usize + 1, usize::MAX] {
        let r = RawView::from_parts(&bytes, u8s(), &[1], &[1], offset);
        assert!(matches!(r, Err(Error::Overflow { .. })), "{offset}: {r:?}");
    }
    // The last element ends one byte past the region.
    let r = RawView::from_parts(&bytes, Format::parse("<u4").unwrap(), &[4], &[4], 1);
    assert!(
        matches!(
            r,
            Err(Error::OutOfBounds {
                end: 17,
                region_len: 16,
                ..
            })
        ),
        "{r:?}"
    );
    // Negative strides reaching below byte 0.
    let r = RawView::from_parts(&bytes, u8s(), &[3], &[-4], 7);
    assert!(
        matches!(r, Err(Error::OutOfBounds { lowest: -1, .. })),
        "{r:?}"
    );
    // An empty view may sit at the end of the region, not past it.
    assert!(RawView::from_parts(&bytes, u8s(), &[0], &[1], 16).is_ok());
    let r = RawView::from_parts(&bytes, u8s(), &[0], &[1], 17);
    assert!(matches!(r, Err(Error::OutOfBounds { .. })), "{r:?}");
    // A zero-dimensional view needs its one element.
    let r = RawView::from_parts(&bytes, u8s(), &[], &[], 16);
    assert!(matches!(r, Err(Error::OutOfBounds { .. })), "{r:?}");
    // Mutable and typed constructors run the same check.
    let mut m = [0u8; 16];
    let r = RawViewMut::from_parts(&mut m, u8s(), &[2], &[1], 15);
    assert!(matches!(r, Err(Error::OutOfBounds { .. })), "{r:?}");
    let r = NdView::<u8>::from_parts(&bytes, &[2], &[1], 15);
    assert!(matches!(r, Err(Error::OutOfBounds { .. })), "{r:?}");
}

#[test]
fn sixty_five_dimensions() {
    let bytes = [0u8; 8];
    let shape = [1usize; 65];
    let strides = [1isize; 65];
    let expect = |r: Result<(), Error>| {
        assert!(
            matches!(
                r,
                Err(Error::TooManyDims {
                    ndim: 65,
                    max: 64,
                    ..
                })
            ),
            "{r:?}"
        );
    };
    expect(RawView::new(&bytes, u8s(), &shape).map(drop));
    expect(RawView::from_parts(&bytes, u8s(), &shape, &strides, 0).map(drop));
    expect(NdView::<u8>::from_bytes(&bytes, &shape).map(drop));
    expect(Layout::new(&shape, &strides, 0).map(drop));
    let mut m = [0u8; 8];
    expect(RawViewMut::from_parts(&mut m, u8s(), &shape, &strides, 0).map(drop));
    // 64 is fine, and one more axis on top of it is refused.
    let v = RawView::new(&bytes, u8s(), &shape[..64]).unwrap();
    assert_eq!(v.ndim(), 64);
    expect(v.insert_axis(0).map(drop));
    expect(v.slice(&"None".parse::<Index>().unwrap()).map(drop));
    expect(v.reshape(&shape, Order::C).map(drop));
    expect(v.broadcast_to(&shape).map(drop));
    // An index string with 65 new axes on a 0-d view.
    let idx: Index = vec!["None"; 65].join(",").parse().unwrap();
    let v0 = RawView::new(&bytes, u8s(), &[]).unwrap();
    expect(v0.slice(&idx).map(drop));
}

#[test]
fn huge_npy_shapes() {
    let descr = Descr::scalar("<f8").unwrap();
    // A header promising far more data than the file has.
    let mut file = header_bytes(&descr, false, &[1 << 40]).unwrap();
    file.extend_from_slice(&[0; 16]);
    assert!(matches!(
        parse_header(&file),
        Err(Error::InvalidHeader { .. })
    ));
    // Shapes whose byte count overflows: refused when writing the header…
    for shape in [
        &[usize::MAX][..],
        &[1 << 62, 4],
        &[1 << 32, 1 << 32],
        &[isize::MAX as usize],
    ] {
        let r = header_bytes(&descr, false, shape);
        assert!(matches!(r, Err(Error::Overflow { .. })), "{shape:?}: {r:?}");
    }
    // …and when reading one written by hand.
    for shape in [
        "(18446744073709551615,)",
        "(4611686018427387904, 4)",
        "(4294967296, 4294967296)",
        "(99999999999999999999999999,)",
    ] {
        let file = raw_npy(&format!(
            "{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}"
        ));
        let r = parse_header_prefix(&file);
        assert!(
            matches!(
                r,
                Err(Error::Overflow { .. }) | Err(Error::InvalidHeader { .. })
            ),
            "{shape}: {r:?}"
        );
        assert!(parse_header(&file).is_err());
    }
    // A negative dimension.
    let file = raw_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }");
    assert!(matches!(
        parse_header_prefix(&file),
        Err(Error::InvalidHeader { .. })
    ));
    // 65 dimensions in a header.
    let shape = vec!["1"; 65].join(", ");
    let mut file = raw_npy(&format!(
        "{{'descr': '|u1', 'fortran_order': False, 'shape': ({shape}), }}"
    ));
    file.push(0);
    let r = parse_header(&file);
    assert!(
        matches!(
            r,
            Err(Error::TooManyDims { .. }) | Err(Error::InvalidHeader { .. })
        ),
        "{r:?}"
    );
    // An empty array whose other axis is huge has no data and is fine.
    let file = header_bytes(&descr, false, &[0, 1 << 60]).unwrap();
    let h = parse_header(&file).unwrap();
    assert_eq!(h.data_len().unwrap(), 0);
}

#[test]
fn npy_header_length_fields() {
    // A version 2 header whose length field points far past the file.
    let mut file = b"\x93NUMPY\x02\x00".to_vec();
    file.extend_from_slice(&u32::MAX.to_le_bytes());
    file.extend_from_slice(b"{}");
    assert!(matches!(
        parse_header(&file),
        Err(Error::InvalidHeader { .. })
    ));
    // Truncated files of every length refuse, never panic.
    let full = {
        let mut f = header_bytes(&Descr::scalar("<i4").unwrap(), false, &[3]).unwrap();
        f.extend_from_slice(&[0; 12]);
        f
    };
    for n in 0..full.len() {
        assert!(
            matches!(parse_header(&full[..n]), Err(Error::InvalidHeader { .. })),
            "{n}"
        );
    }
    assert!(parse_header(&full).is_ok());
    // Unknown versions.
    let mut bad = full.clone();
    bad[6] = 9;
    assert!(matches!(
        parse_header(&bad),
        Err(Error::InvalidHeader { .. })
    ));
}

/// A version 1 `.npy` prefix around `dict`, padded like NumPy does.
fn raw_npy(dict: &str) -> Vec<u8> {
    let mut text = dict.to_string();
    while (10 + text.len() + 1) % 64 != 0 {
        text.push(' ');
    }
    text.push('\n');
    let mut file = b"\x93NUMPY\x01\x00".to_vec();
    file.extend_from_slice(&(text.len() as u16).to_le_bytes());
    file.extend_from_slice(text.as_bytes());
    file
}

#[test]
fn format_strings_with_giant_repeat_counts() {
    for text in [
        "18446744073709551615B",
        "99999999999999999999999999B",
        "9223372036854775807d",
        "4611686018427387904d",
        "(18446744073709551615)B",
        "(4294967296,4294967296)B",
        "(65536,65536,65536,65536)B",
        "T{9223372036854775807d:a:}",
        "18446744073709551615x",
        "99999999999999999999s",
        "|V99999999999999999999",
        "<U9223372036854775807",
    ] {
        let r = Format::parse(text);
        assert!(
            matches!(r, Err(Error::InvalidFormat { .. })),
            "{text:?}: {r:?}"
        );
    }
}

#[test]
fn format_strings_nested_too_deep() {
    let depths: &[usize] = if cfg!(miri) {
        &[65, 200]
    } else {
        &[65, 1000, 100_000]
    };
    for &depth in depths {
        let text = format!("{}B{}", "T{".repeat(depth), ":a:}".repeat(depth));
        let r = Format::parse(&text);
        assert!(
            matches!(r, Err(Error::InvalidFormat { .. })),
            "depth {depth}"
        );
        let text = format!("{}B", "(2)".repeat(depth));
        let r = Format::parse(&text);
        assert!(
            matches!(r, Err(Error::InvalidFormat { .. })),
            "depth {depth}: {r:?}"
        );
        let text = "T{".repeat(depth);
        assert!(matches!(
            Format::parse(&text),
            Err(Error::InvalidFormat { .. })
        ));
    }
    // MAX_NESTING levels are fine.
    let depth = ndview::format::MAX_NESTING;
    let text = format!("{}B{}", "T{".repeat(depth - 1), ":a:}".repeat(depth - 1));
    assert!(Format::parse(&text).is_ok(), "{depth}");
}

#[test]
fn index_strings_with_giant_integers() {
    let bytes = [0u8; 24];
    let v = RawView::new(&bytes, u8s(), &[2, 3, 4]).unwrap();
    // Integers that do not fit isize are refused by the parser.
    for text in [
        "99999999999999999999999",
        "-99999999999999999999999",
        "9223372036854775808",
        "1:99999999999999999999",
        "::99999999999999999999",
        "::-9223372036854775809",
    ] {
        let r = text.parse::<Index>();
        assert!(
            matches!(r, Err(Error::InvalidIndex { .. })),
            "{text:?}: {r:?}"
        );
    }
    // Integers that fit but lie outside the axis.
    for text in [
        "9223372036854775807",
        "-9223372036854775808",
        "0, 3",
        "..., -5",
        "2",
    ] {
        let r = v.slice(&text.parse::<Index>().unwrap());
        assert!(
            matches!(r, Err(Error::IndexOutOfBounds { .. })),
            "{text:?}: {r:?}"
        );
    }
    // Slice bounds clamp, whatever their size, and steps of any size work.
    for (text, shape) in [
        ("-9223372036854775808:9223372036854775807", &[2, 3, 4][..]),
        ("::9223372036854775807", &[1, 3, 4]),
        ("::-9223372036854775808", &[1, 3, 4]),
        ("::-9223372036854775807, ::-9223372036854775807", &[1, 1, 4]),
        ("9223372036854775807:", &[0, 3, 4]),
    ] {
        let s = v.slice(&text.parse::<Index>().unwrap()).unwrap();
        assert_eq!(s.shape(), shape, "{text:?}");
        assert_eq!(s.to_bytes(Order::C).len(), s.len());
    }
    // Malformed: step 0, two ellipses, too many items.
    for text in [
        "::0",
        "..., ...",
        "0, 0, 0, 0",
        "1:2:3:4",
        "--1",
        "None None",
    ] {
        let r = text.parse::<Index>().and_then(|i| v.slice(&i));
        assert!(
            matches!(r, Err(Error::InvalidIndex { .. })),
            "{text:?}: {r:?}"
        );
    }
    // index_axis with extreme integers.
    for i in [isize::MIN, isize::MAX, -3, 2] {
        let r = v.index_axis(0, i);
        assert!(
            matches!(r, Err(Error::IndexOutOfBounds { .. })),
            "{i}: {r:?}"
        );
    }
}

#[test]
fn layout_operations_with_hostile_arguments() {
    let bytes = [0u8; 24];
    let v = RawView::new(&bytes, u8s(), &[2, 3, 4]).unwrap();
    assert!(matches!(
        v.permute_axes(&[0, 1, usize::MAX]),
        Err(Error::InvalidAxis { .. })
    ));
    assert!(matches!(
        v.permute_axes(&[0, 0, 1]),
        Err(Error::InvalidAxis { .. })
    ));
    assert!(matches!(
        v.swap_axes(0, usize::MAX),
        Err(Error::InvalidAxis { .. })
    ));
    assert!(matches!(v.flip(3), Err(Error::InvalidAxis { .. })));
    assert!(matches!(
        v.split_at(0, usize::MAX),
        Err(Error::IndexOutOfBounds { .. })
    ));
    assert!(matches!(v.diagonal(0, 1, isize::MIN), Ok(d) if d.is_empty()));
    assert!(matches!(v.diagonal(0, 1, isize::MAX), Ok(d) if d.is_empty()));
    let r = v.reshape(&[usize::MAX, 2], Order::C);
    assert!(
        matches!(
            r,
            Err(Error::Overflow { .. }) | Err(Error::ShapeMismatch { .. })
        ),
        "{r:?}"
    );
    let r = v.reshape(&[1 << 32, 1 << 32, 0], Order::C);
    assert!(
        matches!(
            r,
            Err(Error::Overflow { .. }) | Err(Error::ShapeMismatch { .. })
        ),
        "{r:?}"
    );
    let r = v.broadcast_to(&[usize::MAX, 2, 3, 4]);
    assert!(matches!(r, Err(Error::Overflow { .. })), "{r:?}");
    let r = v.broadcast_to(&[1 << 62, 1 << 62, 2, 3, 4]);
    assert!(matches!(r, Err(Error::Overflow { .. })), "{r:?}");
    let r = v.cast(Format::parse("B").unwrap(), &[usize::MAX, 0]);
    assert!(
        matches!(
            r,
            Err(Error::Overflow { .. }) | Err(Error::ShapeMismatch { .. })
        ),
        "{r:?}"
    );
    // A diagonal of two huge-stride length-1 axes: the summed stride
    // overflows but is never used.
    let d = RawView::from_parts(&bytes, u8s(), &[1, 1], &[isize::MAX, isize::MAX], 3)
        .unwrap()
        .diagonal(0, 1, 0)
        .unwrap();
    assert_eq!(d.get_bytes(&[0]), Some(&bytes[3..4]));
}

/// Regression (fixed in `src/kernels`): `Plan::memory_order` in
/// `src/kernels/plan.rs` negates every negative stride of the lead operand,
/// including a stride of `isize::MIN` on an axis of length 1, which the
/// layout invariants allow (its span is 0). `-isize::MIN` overflows: a panic
/// in debug builds (wrapping, and harmless, in release). Reached from
/// `sum`, `fill` and the other memory-order kernels.
#[test]
fn isize_min_stride_on_a_length_one_axis() {
    let mut words = [0u64; 2];
    let bytes: &[u8] = bytemuck::cast_slice(&words);
    let v = NdView::<u32>::from_parts(bytes, &[1, 2], &[isize::MIN, 4], 0).unwrap();
    assert_eq!(v.sum(), 0);
    let mb: &mut [u8] = bytemuck::cast_slice_mut(&mut words);
    let mut m = NdViewMut::<u32>::from_parts_mut(mb, &[1, 2], &[isize::MIN, 4], 0).unwrap();
    m.fill(1);
    assert_eq!(m.to_vec(), [1, 1]);
}

/// Regression (fixed in `src/kernels`; was undefined behaviour in release builds):
/// `copy_out_bytes` in `src/kernels/copy.rs` (line 86, behind
/// `RawView::to_bytes` / `RawViewMut::to_bytes`) computes
/// `layout.len() * itemsize` unchecked, with the comment "cannot overflow:
/// the elements lie inside `region`". That holds for unique layouts only:
/// with a zero stride (`broadcast_to`, or `from_parts` with stride 0) the
/// element count is bounded by `isize::MAX` alone. Here 2^62 + 1 elements of
/// 4 bytes wrap to 4 bytes: release builds allocate 4 bytes and `copy_plan`
/// then writes 2^64 + 4 bytes into it (a heap overflow from safe code);
/// debug builds panic with "attempt to multiply with overflow".
/// `nbytes()` (src/view/mod.rs:146) has the same unchecked product.
/// Proposed fix: `let total = layout.len().checked_mul(itemsize).filter(|&t|
/// t <= isize::MAX as usize).expect("capacity overflow")` (the message and
/// behaviour of `Vec::with_capacity`), and a checked or saturating
/// `nbytes`.
#[test]
fn to_bytes_of_a_huge_broadcast_view() {
    let bytes = [1u8, 2, 3, 4];
    let one = RawView::new(&bytes, Format::parse("<u4").unwrap(), &[1]).unwrap();
    let huge = one.broadcast_to(&[(1 << 62) + 1]).unwrap();
    let panic = std::panic::catch_unwind(|| huge.to_bytes(Order::C)).unwrap_err();
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("");
    assert!(message.contains("capacity overflow"), "{message:?}");
}

/// Regression (fixed in `src/kernels`; found by the `layout_ops` fuzz target,
/// crash-67dda2586dc46d48519af14af421fd73624ba578): an *empty* layout is
/// exempt from the span invariant, so its other axes may carry any stride.
/// `Plan::memory_order` and `Plan::coalesce` return early for an empty plan,
/// but `copy_plan` in `src/kernels/copy.rs` then goes on to the blocked transpose (`src/kernels/transpose.rs`),
/// which builds an "outer" plan from the axes other than the tiled and the
/// inner one; when the zero-length axis is one of those two, the outer plan
/// is not empty and `Plan::for_each_run` (src/kernels/plan.rs:213) adds the
/// stride `isize::MIN` to its start: an overflow panic in debug builds (and
/// in fuzz builds); in release the wrapped offsets are never dereferenced
/// because the tile loops are empty. Proposed fix: return early from
/// `copy_plan`, `copy_plan_any_size` (and `copy_out`, `copy_out_bytes`,
/// `assign`) when `plan.len() == 0`.
#[test]
fn to_bytes_of_an_empty_view_with_hostile_strides() {
    let v = RawView::from_parts(
        &[],
        Format::parse(">f8").unwrap(),
        &[3, 0, 4, 4],
        &[isize::MIN, 8, 10, 0],
        0,
    )
    .unwrap();
    assert!(v.is_empty());
    assert_eq!(v.to_bytes(Order::C), b"");
    assert_eq!(v.to_bytes(Order::F), b"");
}

/// The same (fixed) bug as `to_bytes_of_an_empty_view_with_hostile_strides`, found
/// by the `npy_header` fuzz target as a timeout
/// (fuzz/regressions/npy_header-empty-fortran-timeout): copying out an
/// *empty* Fortran-order array walks the product of its non-empty axes
/// (here about 10^10 iterations) in the outer plan of the blocked transpose (`src/kernels/transpose.rs`) before
/// finding nothing to copy. It would hang, not fail, if the bug came back.
#[test]
fn copy_of_an_empty_npy_array_is_instant() {
    let shape = [
        2, 5, 1, 5, 5, 1, 131, 51, 5, 15, 1, 5, 1, 3, 1, 2, 2, 2, 1, 0,
    ];
    let file = header_bytes(&Descr::scalar(">i1").unwrap(), true, &shape).unwrap();
    let h = parse_header(&file).unwrap();
    let layout = Layout::contiguous(&h.shape, 1, Order::F).unwrap();
    let v = RawView::with_layout_of(
        &file[h.data_offset..],
        Format::parse(">i1").unwrap(),
        layout,
    )
    .unwrap();
    assert!(v.is_empty());
    assert_eq!(v.to_bytes(Order::C), b"");
}
