//! `.npy` data as zero-copy views: NumPy's own files read element for
//! element, views written back as NumPy writes them, hostile files refused.

mod common;

use common::model::indices;
use common::npy_fixtures::{fixtures, header_dict, npy_file, read};
use ndview::npy::{self, parse_header, Descr, DescrField};
use ndview::{Error, Format, Order, RawView, RawViewMut, Scalar};

/// Each file's array bytes in C order, as NumPy's `tobytes()` gives them.
const EXPECTED: &[(&str, &str)] = include!("data/npy/expected.rs");

fn expected(file: &str) -> Vec<u8> {
    let hex = EXPECTED
        .iter()
        .find(|(f, _)| *f == file)
        .unwrap_or_else(|| panic!("{file} has no expected bytes"))
        .1;
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

fn written(v: &RawView<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    npy::write(&mut out, v).unwrap_or_else(|e| panic!("{v:?}: {e}"));
    out
}

#[test]
fn every_fixture_views_every_element_as_numpy_wrote_it() {
    let fixtures = fixtures();
    assert_eq!(fixtures.len(), EXPECTED.len());
    for f in fixtures {
        let bytes = read(f.file);
        let v = npy::view(&bytes).unwrap_or_else(|e| panic!("{}: {e}", f.file));
        assert_eq!(v.bytes().as_ptr(), bytes.as_ptr(), "{}", f.file);
        assert_eq!(v.bytes().len(), bytes.len(), "{}", f.file);
        assert_eq!(v.shape(), f.shape, "{}", f.file);
        assert_eq!(v.offset(), f.data_offset, "{}", f.file);
        assert_eq!(v.itemsize(), f.itemsize, "{}", f.file);
        // The format means what the descr means: it converts back to it.
        assert_eq!(
            Descr::from_format(v.format()).unwrap(),
            f.descr,
            "{}",
            f.file
        );
        // Built from the descr directly, the format is the one its PEP 3118
        // string describes, alignments included, wherever there is one.
        if !f.format.is_empty() {
            let via_string = Format::parse(f.format).unwrap();
            assert_eq!(v.format(), &via_string, "{}", f.file);
            assert_eq!(
                format!("{:?}", v.format()),
                format!("{via_string:?}"),
                "{}",
                f.file
            );
            let aligns = |f: &Format| -> Vec<usize> {
                f.fields().iter().map(|x| x.format.alignment()).collect()
            };
            assert_eq!(aligns(v.format()), aligns(&via_string), "{}", f.file);
        }
        let contiguous = if f.fortran_order {
            v.is_f_contiguous()
        } else {
            v.is_c_contiguous()
        };
        assert!(contiguous, "{}", f.file);

        let want = expected(f.file);
        assert_eq!(v.to_bytes(Order::C), want, "{}", f.file);
        // Element by element, in C order.
        let n = f.itemsize;
        let mut count = 0;
        for (k, index) in indices(&f.shape).iter().enumerate() {
            let got = v.get_bytes(index).unwrap();
            assert_eq!(got, &want[k * n..][..n], "{} at {index:?}", f.file);
            count += 1;
        }
        assert_eq!(count * n, want.len(), "{}", f.file);

        // The mutable view sees the same elements.
        let mut copy = bytes.clone();
        let m = npy::view_mut(&mut copy).unwrap();
        assert_eq!(m.to_bytes(Order::C), want, "{}", f.file);
    }
}

#[test]
fn decoded_values_match_the_generator() {
    // shape_2x3x4_f_be: arange(24) as big-endian i32, Fortran order.
    let bytes = read("shape_2x3x4_f_be.npy");
    let v = npy::view(&bytes).unwrap();
    assert_eq!(v.format(), &Format::parse(">i4").unwrap());
    for (k, index) in indices(&[2, 3, 4]).iter().enumerate() {
        assert_eq!(v.get(index).unwrap(), Scalar::Int(k as i64), "{index:?}");
    }
    // shape_3x100_f: arange(300) as u16, Fortran order; typed access works.
    let bytes = read("shape_3x100_f.npy");
    let v = npy::view(&bytes).unwrap();
    assert_eq!(v.strides(), &[2, 6]);
    let t = v.typed::<u16>().unwrap();
    assert_eq!(t[[2, 99]], 299);
    assert_eq!(t.to_vec(), (0..300).collect::<Vec<u16>>());
    // The 0-d view.
    let bytes = read("shape_0d.npy");
    let v = npy::view(&bytes).unwrap();
    assert_eq!((v.ndim(), v.len()), (0, 1));
    assert_eq!(v.get(&[]).unwrap(), Scalar::Float(1.5));
    // Records: a field view of rec_packed reads counting bytes.
    let bytes = read("rec_packed.npy");
    let v = npy::view(&bytes).unwrap();
    let y = v.field("y").unwrap();
    assert_eq!(y.to_bytes(Order::C), [4, 5, 10, 11, 16, 17]);
}

#[test]
fn writing_a_fixture_view_gives_numpys_file() {
    for f in fixtures() {
        let bytes = read(f.file);
        let v = npy::view(&bytes).unwrap();
        let out = written(&v);
        if !matches!(f.file, "version_2.npy" | "version_3.npy") {
            // NumPy chose these versions only because it was asked to.
            assert_eq!(out, bytes, "{}", f.file);
        }
        let back = npy::view(&out).unwrap();
        assert_eq!(back.shape(), v.shape(), "{}", f.file);
        assert_eq!(back.format(), v.format(), "{}", f.file);
        assert_eq!(back.to_bytes(Order::C), v.to_bytes(Order::C), "{}", f.file);
    }
}

#[test]
fn writing_views_gives_numpys_files_for_the_same_views() {
    let src_file = read("write_src.npy");
    let src = npy::view(&src_file).unwrap();
    let f_file = read("write_f.npy");
    let src_f = npy::view(&f_file).unwrap();
    assert!(src_f.is_f_contiguous());
    let cases: Vec<(&str, RawView<'_>)> = vec![
        ("write_src.npy", src.clone()),
        (
            "write_rev.npy",
            src.slice(&"::-1".parse().unwrap()).unwrap(),
        ),
        (
            "write_rev_last.npy",
            src.slice(&":, :, ::-1".parse().unwrap()).unwrap(),
        ),
        ("write_t.npy", src.transpose()),
        ("write_perm.npy", src.permute_axes(&[1, 0, 2]).unwrap()),
        (
            "write_slice.npy",
            src.slice(&":, 1:3, ::2".parse().unwrap()).unwrap(),
        ),
        ("write_f.npy", src_f.clone()),
        (
            "write_f_slice.npy",
            src_f.slice(&":, :, 1:3".parse().unwrap()).unwrap(),
        ),
    ];
    for (file, v) in cases {
        let numpy = read(file);
        let ours = written(&v);
        assert_eq!(ours, numpy, "{file}");
        let h = parse_header(&ours).unwrap();
        assert_eq!(
            h.fortran_order,
            v.is_f_contiguous() && !v.is_c_contiguous(),
            "{file}"
        );
        assert_eq!(npy::view(&ours).unwrap().to_bytes(Order::C), expected(file));
    }
}

#[test]
fn round_trips_through_write_and_view() {
    let data: Vec<u8> = (0..=255).cycle().take(2 * 3 * 4 * 8).collect();
    let base = RawView::new(&data, Format::parse(">f8").unwrap(), &[2, 3, 4]).unwrap();
    let f8 = Format::parse(">f8").unwrap();
    let fview = RawView::from_parts(&data, f8, &[4, 3, 2], &[8, 32, 96], 0).unwrap();
    let views = [
        base.clone(),
        base.transpose(),
        fview,
        base.slice(&"1:, ::-1, 1::2".parse().unwrap()).unwrap(),
        base.slice(&"..., ::-1".parse().unwrap()).unwrap(),
        base.slice(&"0, 1".parse().unwrap()).unwrap(),
        base.slice(&"0, 1, 2".parse().unwrap()).unwrap(), // 0-d
        base.slice(&":, 2:1".parse().unwrap()).unwrap(),  // empty
        base.broadcast_to(&[2, 2, 3, 4]).unwrap(),
    ];
    for v in &views {
        let out = written(v);
        let h = parse_header(&out).unwrap();
        let fortran = v.is_f_contiguous() && !v.is_c_contiguous();
        assert_eq!(h.fortran_order, fortran, "{v:?}");
        let back = npy::view(&out).unwrap();
        assert_eq!(back.shape(), v.shape());
        assert_eq!(back.format(), v.format());
        assert_eq!(back.to_bytes(Order::C), v.to_bytes(Order::C), "{v:?}");
        if !fortran {
            assert_eq!(&out[h.data_offset..], v.to_bytes(Order::C).as_slice());
        } else {
            assert_eq!(&out[h.data_offset..], v.to_bytes(Order::F).as_slice());
        }
    }
}

#[test]
fn records_and_subarrays_are_written_with_numpy_descrs() {
    // A record with alignment padding and a trailing gap.
    let f = Format::parse("T{b:a:3x<i:b:H:c:2x}").unwrap();
    assert_eq!(f.itemsize(), 12);
    let data: Vec<u8> = (0..24).collect();
    let v = RawView::new(&data, f.clone(), &[2]).unwrap();
    let out = written(&v);
    let h = parse_header(&out).unwrap();
    let pad = |n: usize| DescrField::new("", Descr::scalar(&format!("|V{n}")).unwrap());
    let s = |t: &str| Descr::scalar(t).unwrap();
    assert_eq!(
        h.descr,
        Descr::Record(vec![
            DescrField::new("a", s("|i1")),
            pad(3),
            DescrField::new("b", s("<i4")),
            DescrField::new(
                "c",
                s(if cfg!(target_endian = "little") {
                    "<u2"
                } else {
                    ">u2"
                })
            ),
            pad(2),
        ])
    );
    let back = npy::view(&out).unwrap();
    assert_eq!(back.format(), &f);
    assert_eq!(back.to_bytes(Order::C), data);

    // Nested records and sub-array fields.
    let f = Format::parse("T{T{<h:x:B:y:}:p:(2,2)>f:q:(2)T{B:z:}:r:}").unwrap();
    let data: Vec<u8> = (0..2 * f.itemsize() as u8).collect();
    let v = RawView::new(&data, f.clone(), &[2]).unwrap();
    let back_file = written(&v);
    let back = npy::view(&back_file).unwrap();
    assert_eq!(back.format(), &f);
    assert_eq!(back.to_bytes(Order::C), data);

    // A top-level sub-array becomes axes, as in NumPy.
    let data: Vec<u8> = (0..24).collect();
    let v = RawView::new(&data, Format::parse("(2,3)<f").unwrap(), &[1]).unwrap();
    let h = parse_header(&written(&v)).unwrap();
    assert_eq!((h.shape, h.descr), (vec![1, 2, 3], s("<f4")));

    // `c` is a one-byte string.
    let v = RawView::new(b"ab", Format::parse("c").unwrap(), &[2]).unwrap();
    assert_eq!(parse_header(&written(&v)).unwrap().descr, s("|S1"));
}

#[test]
fn formats_without_a_numpy_dtype_are_invalid_input() {
    let data = [0u8; 64];
    for format in ["P", "<Ze", "T{P:p:}"] {
        let v = RawView::new(&data, Format::parse(format).unwrap(), &[2]).unwrap();
        let mut out = Vec::new();
        let e = npy::write(&mut out, &v).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput, "{format}");
        let inner = e.get_ref().unwrap().downcast_ref::<Error>().unwrap();
        assert!(
            matches!(inner, Error::Unrepresentable { .. }),
            "{format}: {inner}"
        );
        assert!(out.is_empty(), "{format}: nothing is written");
    }
}

#[test]
fn mutable_views_write_into_the_file_bytes() {
    let mut file = read("shape_2x3_f.npy");
    let before = file.clone();
    {
        let mut m = npy::view_mut(&mut file).unwrap();
        m.set(&[1, 0], &Scalar::Float(-7.0)).unwrap();
        let mut row = m.reborrow().slice(&"0".parse().unwrap()).unwrap();
        row.read_from(
            &mut &[
                1.0f64.to_le_bytes(),
                2.0f64.to_le_bytes(),
                3.0f64.to_le_bytes(),
            ]
            .concat()[..],
        )
        .unwrap();
    }
    // Fortran order: [1, 0] is the second element of the data.
    let data = &file[128..];
    let at = |k: usize| f64::from_le_bytes(data[8 * k..8 * k + 8].try_into().unwrap());
    assert_eq!(
        [at(0), at(1), at(2), at(3), at(4), at(5)],
        [1.0, -7.0, 2.0, 4.0, 3.0, 5.0]
    );
    assert_eq!(file[..128], before[..128], "the header is untouched");
    let v = npy::view(&file).unwrap();
    assert_eq!(v.get(&[1, 0]).unwrap(), Scalar::Float(-7.0));
}

#[test]
fn mutable_view_of_a_whole_file_is_the_file() {
    let mut file = read("scalar_le_u4.npy");
    let ptr = file.as_ptr();
    let m: RawViewMut<'_> = npy::view_mut(&mut file).unwrap();
    assert_eq!(m.bytes().as_ptr(), ptr);
}

/// A file with the given version, a raw header and `data` zero bytes.
fn file(version: u8, header: &str, data: usize) -> Vec<u8> {
    npy_file(version, header.as_bytes(), data)
}

#[test]
fn hostile_files_are_errors_never_views() {
    let ok = file(1, &header_dict("'<f8'", "False", "(3,)"), 24);
    assert!(npy::view(&ok).is_ok());
    let mut long_len = ok.clone();
    long_len[8..10].copy_from_slice(&[0xff, 0xff]);
    let mut v2_huge = file(2, &header_dict("'<f8'", "False", "(3,)"), 24);
    v2_huge[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", vec![]),
        ("magic only", b"\x93NUMPY".to_vec()),
        (
            "version 4",
            file(4, &header_dict("'<f8'", "False", "(3,)"), 24),
        ),
        ("header beyond file", long_len),
        ("v2 header length 4 GiB", v2_huge),
        ("truncated header", ok[..40].to_vec()),
        (
            "data too short",
            file(1, &header_dict("'<f8'", "False", "(3,)"), 23),
        ),
        (
            "data too short F",
            file(1, &header_dict("'<f8'", "True", "(2, 3)"), 47),
        ),
        (
            "negative dim",
            file(1, &header_dict("'<f8'", "False", "(-1,)"), 24),
        ),
        (
            "element count overflow",
            file(
                1,
                &header_dict("'<f8'", "False", "(4294967296, 4294967296)"),
                0,
            ),
        ),
        (
            "data length overflow",
            file(
                1,
                &header_dict("'<f8'", "False", "(2305843009213693952,)"),
                0,
            ),
        ),
        (
            "too many dims",
            file(
                1,
                &header_dict("'|u1'", "False", &format!("({})", "1, ".repeat(65))),
                1,
            ),
        ),
        ("object", file(1, &header_dict("'|O'", "False", "(3,)"), 24)),
        (
            "unicode",
            file(1, &header_dict("'<U2'", "False", "(3,)"), 24),
        ),
        (
            "native order",
            file(1, &header_dict("'=f8'", "False", "(3,)"), 24),
        ),
        (
            "missing key",
            file(1, "{'descr': '<f8', 'fortran_order': False}\n", 24),
        ),
        (
            "fortran not bool",
            file(1, &header_dict("'<f8'", "0", "(3,)"), 24),
        ),
        (
            "duplicate field",
            file(
                1,
                &header_dict("[('a', '<f4'), ('a', '<f4')]", "False", "(1,)"),
                8,
            ),
        ),
        (
            "field with a colon",
            file(1, &header_dict("[('a:b', '<f4')]", "False", "(1,)"), 4),
        ),
    ];
    for (name, bytes) in cases {
        assert!(npy::view(&bytes).is_err(), "{name}");
        let mut copy = bytes.clone();
        assert!(npy::view_mut(&mut copy).is_err(), "{name}");
    }
    // Empty arrays need no data, even with a huge axis.
    let empty = file(1, &header_dict("'<f8'", "False", "(0, 12345678901)"), 0);
    let v = npy::view(&empty).unwrap();
    assert!(v.is_empty());
    assert!(v.contiguous_runs().next().is_none());
}

#[test]
#[cfg_attr(
    miri,
    ignore = "every prefix of every fixture: hours in Miri; the header parser has no unsafe"
)]
fn hostile_headers_never_panic_on_truncation() {
    for f in fixtures() {
        let bytes = read(f.file);
        for cut in 0..bytes.len() {
            // Any prefix either is a valid (empty or shorter) file or an error.
            if let Ok(v) = npy::view(&bytes[..cut]) {
                assert!(v.to_bytes(Order::C).len() <= cut, "{}", f.file);
            }
        }
    }
}

/// Defect 8 of issue 13: fixtures were read into a `Vec<u8>`, which only
/// promises 1-byte alignment; `typed::<u16>()` on them worked natively by
/// the allocator's luck and failed under Miri (`Misaligned { offset: 128 }`).
/// `read` now loads into a 16-byte aligned buffer, so every native scalar
/// fixture has a typed view, under Miri too.
#[test]
fn fixtures_load_into_aligned_buffers_for_typed_views() {
    fn typed_len<T: ndview::Element>(v: &RawView<'_>) -> Option<usize> {
        (v.format() == &Format::of::<T>()).then(|| {
            v.typed::<T>()
                .unwrap_or_else(|e| panic!("typed::<{}>: {e}", T::NAME))
                .len()
        })
    }
    let mut typed = 0;
    for f in fixtures() {
        let bytes = read(f.file);
        assert_eq!(bytes.as_ptr() as usize % 16, 0, "{}", f.file);
        let v = npy::view(&bytes).unwrap();
        let n = typed_len::<u16>(&v)
            .or_else(|| typed_len::<i16>(&v))
            .or_else(|| typed_len::<u32>(&v))
            .or_else(|| typed_len::<i32>(&v))
            .or_else(|| typed_len::<u64>(&v))
            .or_else(|| typed_len::<i64>(&v))
            .or_else(|| typed_len::<f32>(&v))
            .or_else(|| typed_len::<f64>(&v));
        if let Some(n) = n {
            assert_eq!(n, v.len(), "{}", f.file);
            typed += 1;
        }
    }
    assert!(typed >= 20, "{typed}");
}

/// Defect 4 of issue 13: the descr went through a PEP 3118 string whose
/// parser trims names, so `' lead'` became `lead` (and `write` renamed it),
/// `'\t'` was an "empty field name" and `'a'`, `' a'` "duplicate". NumPy
/// saves and loads all of them unchanged; so does ndview now.
#[test]
fn npy_field_names_with_whitespace_survive_view_and_write() {
    let names = |v: &RawView<'_>| -> Vec<String> {
        v.format().fields().iter().map(|f| f.name.clone()).collect()
    };
    for (file, want) in [
        ("rec_name_lead_space.npy", vec![" lead"]),
        ("rec_name_tab.npy", vec!["\t"]),
        ("rec_names_by_space.npy", vec!["a", " a", "a "]),
        ("rec_names_newline_nested.npy", vec!["p\n", "r\t "]),
    ] {
        let bytes = read(file);
        let v = npy::view(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(names(&v), want, "{file}");
        // `write` keeps every name: NumPy's file, byte for byte.
        assert_eq!(written(&v), bytes, "{file}");
        // The string route cannot carry them, and says why.
        let e = parse_header(&bytes)
            .unwrap()
            .descr
            .to_format_string()
            .unwrap_err();
        assert!(e.to_string().contains("whitespace"), "{file}: {e}");
    }
    // Names that differ only by whitespace are different fields.
    let bytes = read("rec_names_by_space.npy");
    let v = npy::view(&bytes).unwrap();
    let want = expected("rec_names_by_space.npy");
    for (name, at, len) in [("a", 0, 2), (" a", 2, 2), ("a ", 4, 1)] {
        let field = v.field(name).unwrap();
        let got = field.to_bytes(Order::C);
        let model: Vec<u8> = want
            .chunks(5)
            .flat_map(|rec| rec[at..at + len].to_vec())
            .collect();
        assert_eq!(got, model, "{name:?}");
    }
    let nested = read("rec_names_newline_nested.npy");
    let v = npy::view(&nested).unwrap();
    let inner = v.field("p\n").unwrap();
    assert_eq!(names(&inner), [" q", "\u{b}"]);
    assert!(v.field("p").is_err());
}

/// Defect 5 of issue 13: a zero-size sub-array field (`('a', '<f4', (0,))`,
/// valid in NumPy) passed `parse_header` but `npy::view` refused it with a
/// message about PEP 3118 items. ndview formats give every field at least
/// one byte, so both now refuse it, with the same message naming the field.
#[test]
fn zero_size_subarray_fields_are_refused_consistently() {
    for (file, field) in [
        ("refused_zero_size_field.npy", "\"a\""),
        ("refused_zero_size_nested.npy", "\"x\""),
    ] {
        let bytes = read(file);
        let header = parse_header(&bytes).unwrap_err();
        let view = npy::view(&bytes).unwrap_err();
        let mut copy = bytes.clone();
        let view_mut = npy::view_mut(&mut copy).unwrap_err();
        for e in [&header, &view, &view_mut] {
            assert!(matches!(e, Error::InvalidHeader { .. }), "{file}: {e}");
            let text = e.to_string();
            assert!(
                text.contains(field) && text.contains("0 bytes"),
                "{file}: {text}"
            );
        }
        assert_eq!(header.to_string(), view.to_string());
    }
    // A descr built by hand is refused the same way.
    let d = Descr::Record(vec![
        DescrField::with_shape("a", Descr::scalar("<f4").unwrap(), vec![0]),
        DescrField::new("b", Descr::scalar("<i4").unwrap()),
    ]);
    assert!(d.itemsize().is_err());
    assert!(npy::header_bytes(&d, false, &[1]).is_err());
}
