//! `.npy` headers: NumPy's own files read and written byte for byte, and
//! hostile input refused without a panic.

mod common;

use common::npy_fixtures::{fixtures, header_dict, npy_file, read};
use ndview::npy::{header_bytes, parse_header, parse_header_prefix, Descr, DescrField, Header};
use ndview::Error;
use proptest::prelude::*;

#[test]
fn every_fixture_parses_as_numpy_says() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 40);
    for f in fixtures {
        let bytes = read(f.file);
        let h = parse_header(&bytes).unwrap_or_else(|e| panic!("{}: {e}", f.file));
        assert_eq!(h.descr, f.descr, "{}", f.file);
        assert_eq!(h.shape, f.shape, "{}", f.file);
        assert_eq!(h.fortran_order, f.fortran_order, "{}", f.file);
        assert_eq!(h.version, f.version, "{}", f.file);
        assert_eq!(h.data_offset, f.data_offset, "{}", f.file);
        assert_eq!(h.data_offset % 64, 0, "{}", f.file);
        assert_eq!(h.itemsize().unwrap(), f.itemsize, "{}", f.file);
        assert_eq!(h.descr.itemsize().unwrap(), f.itemsize, "{}", f.file);
        // NumPy writes exactly the data after the header.
        assert_eq!(
            h.data_len().unwrap(),
            bytes.len() - h.data_offset,
            "{}",
            f.file
        );
        if f.format.is_empty() {
            // A field name PEP 3118 cannot carry (surrounding whitespace).
            assert!(h.descr.to_format_string().is_err(), "{}", f.file);
        } else {
            assert_eq!(h.descr.to_format_string().unwrap(), f.format, "{}", f.file);
            // ... and the format parser reads it back, at the same size.
            let format = ndview::Format::parse(f.format).unwrap();
            assert_eq!(format.itemsize(), f.itemsize, "{}", f.file);
        }
        assert_eq!(parse_header_prefix(&bytes[..h.data_offset]).unwrap(), h);
    }
}

#[test]
fn header_bytes_matches_numpy_byte_for_byte() {
    for f in fixtures() {
        let bytes = read(f.file);
        let written = header_bytes(&f.descr, f.fortran_order, &f.shape).unwrap();
        if f.file == "version_2.npy" || f.file == "version_3.npy" {
            // Written with an explicit version; ours picks the oldest that works.
            assert_eq!(written[6], 1, "{}", f.file);
            assert_eq!(&written[10..written.len() - 1].trim_ascii_end(), &{
                let t = &bytes[12..f.data_offset - 1];
                t.trim_ascii_end()
            });
            continue;
        }
        assert_eq!(
            String::from_utf8_lossy(&written),
            String::from_utf8_lossy(&bytes[..f.data_offset]),
            "{}",
            f.file
        );
        assert_eq!(written, &bytes[..f.data_offset], "{}", f.file);
    }
}

#[test]
fn header_bytes_round_trips() {
    for f in fixtures() {
        let written = header_bytes(&f.descr, f.fortran_order, &f.shape).unwrap();
        let h = parse_header_prefix(&written).unwrap();
        assert_eq!(h.descr, f.descr);
        assert_eq!(h.shape, f.shape);
        assert_eq!(h.fortran_order, f.fortran_order);
        assert_eq!(h.data_offset, written.len());
        assert_eq!(h.to_bytes().unwrap(), written);
    }
}

#[test]
#[cfg_attr(miri, ignore)] // a 64 KiB header of 4000 fields: minutes under Miri; header_bytes_round_trips covers the same parser
fn large_headers_use_version_2() {
    // 4000 fields push the header past 65535 bytes, like NumPy's example.
    let fields = (0..4000)
        .map(|i| DescrField::new(format!("f{i}"), Descr::scalar("<f8").unwrap()))
        .collect();
    let descr = Descr::Record(fields);
    let bytes = header_bytes(&descr, false, &[1]).unwrap();
    assert_eq!(&bytes[6..8], &[2, 0]);
    assert_eq!(bytes.len() % 64, 0);
    let mut file = bytes.clone();
    file.extend_from_slice(&[0; 32000]);
    let h = parse_header(&file).unwrap();
    assert_eq!((h.version, h.data_offset), ((2, 0), bytes.len()));
    assert_eq!(h.itemsize().unwrap(), 32000);
}

fn npy(version: u8, header: &[u8], data: usize) -> Vec<u8> {
    npy_file(version, header, data)
}

fn dict(descr: &str, fortran: &str, shape: &str) -> Vec<u8> {
    header_dict(descr, fortran, shape).into_bytes()
}

fn valid() -> Vec<u8> {
    npy(1, &dict("'<f8'", "False", "(3,)"), 24)
}

#[test]
fn the_test_builder_makes_valid_files() {
    assert!(parse_header(&valid()).is_ok());
    assert!(parse_header(&npy(2, &dict("'<f8'", "False", "(3,)"), 24)).is_ok());
    assert!(parse_header(&npy(3, &dict("'<f8'", "False", "(3,)"), 24)).is_ok());
    // Latin-1 in versions 1 and 2, as NumPy reads it.
    let mut h = b"{'descr': [('".to_vec();
    h.push(0xe9);
    h.extend_from_slice(b"', '<f4')], 'fortran_order': False, 'shape': (), }\n");
    let parsed = parse_header(&npy(1, &h, 4)).unwrap();
    assert_eq!(
        parsed.descr,
        Descr::Record(vec![DescrField::new("é", Descr::scalar("<f4").unwrap())])
    );
}

#[test]
fn hostile_headers_are_errors() {
    let long_shape = format!("({})", "1, ".repeat(65));
    let deep = format!("{}'<f4'{}", "[('a', ".repeat(40), ")]".repeat(40));
    let brackets = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let mut wrong_magic = valid();
    wrong_magic[5] = b'X';
    let mut long_len = valid();
    long_len[8] = 0xff;
    long_len[9] = 0xff;
    let mut v2_huge_len = npy(2, &dict("'<f8'", "False", "(3,)"), 24);
    v2_huge_len[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
    let mut non_ascii = dict("'<f8'", "False", "(3,)");
    non_ascii[1] = 0xe9;
    let mut bad_utf8 = dict("[('a', '<f8')]", "False", "(3,)");
    bad_utf8[4] = 0xff;

    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", vec![]),
        ("truncated magic", b"\x93NUM".to_vec()),
        ("magic only", b"\x93NUMPY".to_vec()),
        ("wrong magic", wrong_magic),
        ("version 4.0", npy(4, &dict("'<f8'", "False", "(3,)"), 24)),
        ("version 1.1", {
            let mut v = valid();
            v[7] = 1;
            v
        }),
        ("truncated length", b"\x93NUMPY\x01\x00\x10".to_vec()),
        (
            "truncated v2 length",
            b"\x93NUMPY\x02\x00\x10\x00\x00".to_vec(),
        ),
        ("header length beyond file", long_len),
        ("v2 header length 4 GiB", v2_huge_len),
        ("header truncated", valid()[..40].to_vec()),
        (
            "no final newline",
            npy(
                1,
                b"{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }",
                24,
            ),
        ),
        ("empty header", npy(1, b"", 24)),
        (
            "not a dict",
            npy(1, b"['descr', 'fortran_order', 'shape']\n", 24),
        ),
        (
            "missing key",
            npy(1, b"{'descr': '<f8', 'fortran_order': False}\n", 24),
        ),
        (
            "extra key",
            npy(
                1,
                b"{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'x': 1}\n",
                24,
            ),
        ),
        (
            "misspelt key",
            npy(
                1,
                b"{'dexcr': '<f8', 'fortran_order': False, 'shape': (3,)}\n",
                24,
            ),
        ),
        (
            "duplicate key",
            npy(
                1,
                b"{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (3,)}\n",
                24,
            ),
        ),
        (
            "non-string key",
            npy(
                1,
                b"{1: '<f8', 'fortran_order': False, 'shape': (3,)}\n",
                24,
            ),
        ),
        ("negative dim", npy(1, &dict("'<f8'", "False", "(-1,)"), 24)),
        (
            "giant dim",
            npy(1, &dict("'<f8'", "False", "(99999999999999999999,)"), 24),
        ),
        (
            "giant int beyond i128",
            npy(
                1,
                &dict("'<f8'", "False", &format!("({},)", "9".repeat(60))),
                24,
            ),
        ),
        (
            "dim above isize",
            npy(1, &dict("'<f8'", "False", "(0, 9223372036854775808)"), 0),
        ),
        (
            "product overflow",
            npy(
                1,
                &dict("'<f8'", "False", "(4294967296, 4294967296, 2)"),
                24,
            ),
        ),
        (
            "byte count overflow",
            npy(1, &dict("'<f8'", "False", "(2305843009213693952,)"), 24),
        ),
        ("65 dims", npy(1, &dict("'|u1'", "False", &long_shape), 24)),
        (
            "shape is a list",
            npy(1, &dict("'<f8'", "False", "[3]"), 24),
        ),
        (
            "shape is an int",
            npy(1, &dict("'<f8'", "False", "(3)"), 24),
        ),
        (
            "shape has a float",
            npy(1, &dict("'<f8'", "False", "(3.0,)"), 24),
        ),
        (
            "shape has a bool",
            npy(1, &dict("'<f8'", "False", "(True,)"), 24),
        ),
        (
            "shape has a string",
            npy(1, &dict("'<f8'", "False", "('3',)"), 24),
        ),
        (
            "fortran_order 'yes'",
            npy(1, &dict("'<f8'", "'yes'", "(3,)"), 24),
        ),
        ("fortran_order 0", npy(1, &dict("'<f8'", "0", "(3,)"), 24)),
        (
            "fortran_order None",
            npy(1, &dict("'<f8'", "None", "(3,)"), 24),
        ),
        (
            "unterminated string",
            npy(
                1,
                b"{'descr': '<f8, 'fortran_order': False, 'shape': (3,)}\n",
                24,
            ),
        ),
        (
            "unterminated dict",
            npy(
                1,
                b"{'descr': '<f8', 'fortran_order': False, 'shape': (3,)\n",
                24,
            ),
        ),
        (
            "missing colon",
            npy(
                1,
                b"{'descr' '<f8', 'fortran_order': False, 'shape': (3,)}\n",
                24,
            ),
        ),
        ("double comma", npy(1, &dict("'<f8'", "False", "(3,,)"), 24)),
        (
            "trailing garbage",
            npy(
                1,
                b"{'descr': '<f8', 'fortran_order': False, 'shape': (3,)} x\n",
                24,
            ),
        ),
        (
            "deep brackets",
            npy(1, &dict(&brackets, "False", "(3,)"), 24),
        ),
        (
            "deep records",
            npy(1, &dict(&deep, "False", "(3,)"), 24 * 4),
        ),
        (
            "data too short",
            npy(1, &dict("'<f8'", "False", "(3,)"), 23),
        ),
        (
            "data too short 0-d",
            npy(1, &dict("'<c16'", "False", "()"), 15),
        ),
        (
            "record data too short",
            npy(
                1,
                &dict("[('x', '<f4'), ('y', '<i2')]", "False", "(2,)"),
                11,
            ),
        ),
        ("object descr", npy(1, &dict("'|O'", "False", "(3,)"), 24)),
        (
            "datetime descr",
            npy(1, &dict("'<M8[ns]'", "False", "(3,)"), 24),
        ),
        ("unicode descr", npy(1, &dict("'<U5'", "False", "(3,)"), 60)),
        (
            "native order descr",
            npy(1, &dict("'=f8'", "False", "(3,)"), 24),
        ),
        (
            "long double descr",
            npy(1, &dict("'<f16'", "False", "(3,)"), 48),
        ),
        ("nonsense descr", npy(1, &dict("'xx'", "False", "(3,)"), 24)),
        ("descr is an int", npy(1, &dict("8", "False", "(3,)"), 24)),
        ("empty record", npy(1, &dict("[]", "False", "(3,)"), 24)),
        (
            "record entry of 1",
            npy(1, &dict("[('x',)]", "False", "(3,)"), 24),
        ),
        (
            "record entry of 4",
            npy(1, &dict("[('x', '<f4', (2,), 1)]", "False", "(3,)"), 24),
        ),
        (
            "record with title",
            npy(1, &dict("[(('t', 'x'), '<f4')]", "False", "(3,)"), 24),
        ),
        (
            "duplicate fields",
            npy(
                1,
                &dict("[('x', '<f4'), ('x', '<f4')]", "False", "(3,)"),
                24,
            ),
        ),
        (
            "unnamed non-void",
            npy(1, &dict("[('', '<f4')]", "False", "(3,)"), 24),
        ),
        (
            "negative sub-array",
            npy(1, &dict("[('x', '<f4', (-2,))]", "False", "(3,)"), 24),
        ),
        (
            "sub-array overflow",
            npy(
                1,
                &dict("[('x', '<f8', (4294967296, 4294967296))]", "False", "(1,)"),
                24,
            ),
        ),
        (
            "sub-array 65 dims",
            npy(
                1,
                &dict(&format!("[('x', '|u1', {long_shape})]"), "False", "(1,)"),
                24,
            ),
        ),
        ("non-ASCII outside strings", npy(1, &non_ascii, 24)),
        ("invalid UTF-8 in v3", npy(3, &bad_utf8, 24)),
        (
            "L suffix in v3",
            npy(3, &dict("'<f8'", "False", "(3L,)"), 24),
        ),
        ("hex dim", npy(1, &dict("'<f8'", "False", "(0x3,)"), 24)),
        ("bad escape", npy(1, &dict("'<f\\q8'", "False", "(3,)"), 24)),
    ];
    assert!(cases.len() >= 25);
    for (name, bytes) in &cases {
        let result = std::panic::catch_unwind(|| parse_header(bytes));
        match result {
            Ok(Err(e)) => assert!(!e.to_string().is_empty(), "{name}"),
            Ok(Ok(h)) => panic!("{name}: accepted as {h:?}"),
            Err(_) => panic!("{name}: panicked"),
        }
    }
}

#[test]
fn hostile_headers_get_the_right_error_kind() {
    let long_shape = format!("({})", "1, ".repeat(65));
    assert!(matches!(
        parse_header(&npy(1, &dict("'|u1'", "False", &long_shape), 0)),
        Err(Error::TooManyDims {
            ndim: 65,
            max: 64,
            ..
        })
    ));
    for shape in ["(99999999999999999999,)", "(4294967296, 4294967296, 2)"] {
        assert!(matches!(
            parse_header(&npy(1, &dict("'<f8'", "False", shape), 0)),
            Err(Error::Overflow { .. })
        ));
    }
    let e = parse_header(&npy(1, &dict("'|O'", "False", "(3,)"), 24)).unwrap_err();
    assert!(
        matches!(&e, Error::InvalidHeader { reason } if reason.contains("|O")),
        "{e}"
    );
    let e = parse_header(&npy(4, &dict("'<f8'", "False", "(3,)"), 24)).unwrap_err();
    assert!(e.to_string().contains("not (4, 0)"), "{e}");
}

#[test]
fn header_bytes_refuses_invalid_arrays() {
    let f8 = Descr::scalar("<f8").unwrap();
    assert_eq!(
        header_bytes(&f8, false, &[1; 65]),
        Err(Error::TooManyDims {
            ndim: 65,
            max: 64,
            shape: vec![1; 65]
        })
    );
    assert!(matches!(
        header_bytes(&f8, false, &[usize::MAX / 4, 2]),
        Err(Error::Overflow { .. })
    ));
    assert!(header_bytes(&Descr::Scalar("|O".into()), false, &[1]).is_err());
    assert!(header_bytes(&Descr::Record(vec![]), false, &[1]).is_err());
}

fn header_of(descr: &str, fortran: bool, shape: &[usize]) -> Header {
    parse_header_prefix(&header_bytes(&Descr::scalar(descr).unwrap(), fortran, shape).unwrap())
        .unwrap()
}

#[test]
fn fortran_order_moves_the_growth_padding() {
    let c = header_bytes(&Descr::scalar("<f8").unwrap(), false, &[1, 100000]).unwrap();
    let f = header_bytes(&Descr::scalar("<f8").unwrap(), true, &[1, 100000]).unwrap();
    assert_eq!(c.len(), f.len());
    assert_eq!(header_of("<f8", true, &[1, 100000]).shape, [1, 100000]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if cfg!(miri) { 4 } else { 2000 }))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = parse_header(&bytes);
        let mut file = b"\x93NUMPY\x01\x00".to_vec();
        file.extend_from_slice(&bytes);
        let _ = parse_header(&file);
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in 0usize..64,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), 0u8..3), 1..8),
        cut in any::<usize>(),
    ) {
        let fixtures = fixtures();
        let f = &fixtures[which % fixtures.len()];
        let mut bytes = read(f.file).to_vec();
        for (pos, byte, op) in edits {
            let pos = pos % (bytes.len() + 1);
            match op {
                0 if pos < bytes.len() => bytes[pos] = byte,
                1 => bytes.insert(pos, byte),
                _ if pos < bytes.len() => { bytes.remove(pos); }
                _ => {}
            }
        }
        if let Ok(h) = parse_header(&bytes) {
            prop_assert!(h.data_offset + h.data_len().unwrap() <= bytes.len());
            let _ = h.to_bytes();
        }
        let cut = cut % (bytes.len() + 1);
        let _ = parse_header(&bytes[..cut]);
    }

    #[test]
    fn token_soup_headers_never_panic(
        tokens in proptest::collection::vec(
            proptest::sample::select(vec![
                "{", "}", "(", ")", "[", "]", ",", ":", " ", "\n", "'descr'", "'fortran_order'",
                "'shape'", "'<f8'", "'|u1'", "'x'", "''", "'|V3'", "True", "False", "0", "3",
                "-1", "99999999999999999999", "\"", "'", "\\", "L", "é",
            ]),
            0..60,
        ),
        version in 1u8..4,
    ) {
        let mut text: String = tokens.concat();
        text.push('\n');
        let _ = parse_header(&npy(version, text.as_bytes(), 64));
    }

    #[test]
    fn written_headers_read_back(
        shape in proptest::collection::vec(0usize..1000, 0..6),
        fortran in any::<bool>(),
        descr in proptest::sample::select(vec!["|b1", "<i2", ">u4", "<f8", ">c16", "|S7", "|V3"]),
    ) {
        let h = header_of(descr, fortran, &shape);
        prop_assert_eq!(&h.shape, &shape);
        prop_assert_eq!(h.fortran_order, fortran);
        prop_assert_eq!(h.data_offset % 64, 0);
        prop_assert_eq!(h.version, (1, 0));
    }
}
