//! Files at any size: `RawArray` over storages, `.npy` load/save/map/
//! map_mut/create, `.npz` and safetensors — against NumPy-written fixtures
//! (`tests/data/gen_files.py`), the naive model, and hostile files.
// Miri cannot map files (most tests here map or create them); the
// non-mapped paths' unsafe code (AlignedBytes, load, save, npz inflation)
// runs under Miri through the library's unit tests.
#![cfg(all(feature = "std", not(miri)))]

mod common;

use std::path::{Path, PathBuf};

use common::model::{indices, offset_of};
use ndview::{Error, Format, NdView, Order, RawArray, RawView};
use proptest::prelude::*;

/// A fresh directory for one test, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("ndview-files-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

#[cfg_attr(not(any(feature = "npz", feature = "safetensors")), allow(dead_code))]
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/files")
        .join(name)
}

/// The C-order bytes of a view, the slow way (model).
fn model_bytes(v: &RawView<'_>) -> Vec<u8> {
    let n = v.itemsize();
    let mut out = Vec::new();
    for i in indices(v.shape()) {
        let at = offset_of(v.strides(), v.offset(), &i) as usize;
        out.extend_from_slice(&v.bytes()[at..at + n]);
    }
    out
}

/// A deterministic region of `len` bytes.
fn region(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 37 % 251) as u8).collect()
}

// ---------------------------------------------------------------- RawArray

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// `RawArray::from_parts` accepts exactly what `RawView::from_parts`
    /// accepts, over every storage, and its view reads the same bytes.
    #[test]
    fn raw_array_layouts_agree_with_raw_views(
        shape in prop::collection::vec(0usize..4, 0..4),
        strides in prop::collection::vec(-9isize..10, 4),
        offset in 0usize..40,
        len in 0usize..48,
    ) {
        let strides = &strides[..shape.len()];
        let bytes = region(len);
        let f = Format::parse("<u2").unwrap();
        let view = RawView::from_parts(&bytes, f.clone(), &shape, strides, offset);
        let vec_owned = RawArray::from_parts(bytes.clone(), f.clone(), &shape, strides, offset);
        let arc: std::sync::Arc<[u8]> = bytes.clone().into();
        let arc_owned = RawArray::from_parts(arc, f.clone(), &shape, strides, offset);
        let aligned = ndview::raw_array::AlignedBytes::copy_from(&bytes).unwrap();
        let aligned_owned = RawArray::from_parts(aligned, f, &shape, strides, offset);
        match view {
            Ok(v) => {
                let expected = model_bytes(&v);
                for got in [vec_owned.unwrap().view(), arc_owned.as_ref().unwrap().view(), aligned_owned.as_ref().unwrap().view()] {
                    prop_assert_eq!(got.to_bytes(Order::C), expected.clone());
                }
            }
            Err(e) => {
                prop_assert_eq!(vec_owned.unwrap_err(), e.clone());
                prop_assert_eq!(arc_owned.unwrap_err(), e.clone());
                prop_assert_eq!(aligned_owned.unwrap_err(), e);
            }
        }
    }

    /// Writable owners refuse aliasing layouts exactly as `RawViewMut`.
    #[test]
    fn raw_array_mutable_views_refuse_aliasing_like_raw_view_mut(
        shape in prop::collection::vec(1usize..4, 1..3),
        strides in prop::collection::vec(0isize..7, 3),
    ) {
        let strides = &strides[..shape.len()];
        let f = Format::parse("B").unwrap();
        let mut bytes = vec![0u8; 32];
        let direct = ndview::RawViewMut::from_parts(&mut bytes, f.clone(), &shape, strides, 0).map(|_| ());
        let mut owned = RawArray::from_parts(vec![0u8; 32], f, &shape, strides, 0).unwrap();
        prop_assert_eq!(owned.try_view_mut().map(|_| ()), direct.clone());
        prop_assert_eq!(owned.typed_mut::<u8>().map(|_| ()), direct);
    }
}

// ---------------------------------------------------------------- .npy

/// Views of every layout kind over a region: contiguous, transposed,
/// reversed, sliced, broadcast.
fn npy_layouts() -> impl Strategy<Value = (Vec<usize>, Vec<isize>, usize, &'static str)> {
    let formats = prop::sample::select(vec!["<u2", ">i4", "<f8", "B", "<c8", "T{<h:a:b:c:}"]);
    (
        prop::collection::vec(0usize..5, 0..4),
        formats,
        any::<u64>(),
    )
        .prop_map(|(shape, format, seed)| {
            let f = Format::parse(format).unwrap();
            let n = f.itemsize() as isize;
            // Strides: C strides of a bigger array, permuted and some flipped.
            let mut strides = vec![0isize; shape.len()];
            let mut acc = n * 2; // every other element
            for k in (0..shape.len()).rev() {
                strides[k] = acc;
                acc *= shape[k].max(1) as isize + (seed >> k & 1) as isize;
            }
            let mut offset = 0usize;
            for (k, s) in strides.iter_mut().enumerate() {
                if seed >> (8 + k) & 1 == 1 {
                    *s = -*s;
                    offset += (-*s) as usize * shape[k].saturating_sub(1);
                }
            }
            if seed >> 20 & 1 == 1 && !strides.is_empty() {
                strides.rotate_left(1);
                // The offset is recomputed for the rotated strides.
                offset = strides
                    .iter()
                    .zip(
                        &shape
                            .iter()
                            .cycle()
                            .skip(1)
                            .take(shape.len())
                            .copied()
                            .collect::<Vec<_>>(),
                    )
                    .filter(|(s, _)| **s < 0)
                    .map(|(s, &l)| (-*s) as usize * l.saturating_sub(1))
                    .sum();
                let rotated: Vec<usize> = shape
                    .iter()
                    .cycle()
                    .skip(1)
                    .take(shape.len())
                    .copied()
                    .collect();
                return (rotated, strides, offset, format);
            }
            (shape, strides, offset, format)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// `npy::save` of any view, read back by `load` and `map`, gives the
    /// model's C-order bytes, the view's shape and format.
    #[test]
    fn npy_save_then_load_and_map_agree_with_the_model((shape, strides, offset, format) in npy_layouts()) {
        let f = Format::parse(format).unwrap();
        let need = shape.iter().zip(&strides).map(|(&l, s)| s.unsigned_abs() * l.saturating_sub(1)).sum::<usize>() + offset + f.itemsize();
        let bytes = region(need);
        let v = RawView::from_parts(&bytes, f, &shape, &strides, offset).unwrap();
        let dir = TempDir::new("npy-prop");
        let p = dir.path("a.npy");
        ndview::npy::save(&p, &v).unwrap();
        let expected = model_bytes(&v);
        let loaded = ndview::npy::load(&p).unwrap();
        prop_assert_eq!(loaded.shape(), v.shape());
        prop_assert_eq!(loaded.format(), v.format());
        prop_assert_eq!(loaded.view().to_bytes(Order::C), expected.clone());
        prop_assert_eq!(loaded.storage().as_ptr() as usize % 64, 0);
        #[cfg(feature = "mmap")]
        {
            // SAFETY: the test's own file.
            let m = unsafe { ndview::npy::map(&p) }.unwrap();
            prop_assert_eq!(m.view().to_bytes(Order::C), expected);
            // F-contiguous views are saved in Fortran order, as NumPy does.
            prop_assert_eq!(m.view().is_f_contiguous() && !m.view().is_c_contiguous(),
                v.is_f_contiguous() && !v.is_c_contiguous());
        }
    }
}

#[test]
fn npy_save_streams_large_strided_views_in_chunks_with_the_same_bytes() {
    // 1200 × 1100 u32 transposed (5.3 MB, more than one 4 MiB chunk), and a
    // 3-d view whose first-axis slices are each larger than a chunk.
    let data: Vec<u32> = (0..1200 * 1100u32)
        .map(|x| x.wrapping_mul(2654435761))
        .collect();
    let v = NdView::from_slice(&data, &[1200, 1100]).unwrap();
    let dir = TempDir::new("npy-chunks");
    for (name, view) in [
        ("t", v.raw().transpose()),
        (
            "rev",
            v.raw().slice(&"::-1, 1::2".parse().unwrap()).unwrap(),
        ),
        (
            "3d",
            v.raw()
                .reshape(&[2, 600, 1100], Order::C)
                .unwrap()
                .permute_axes(&[0, 2, 1])
                .unwrap(),
        ),
    ] {
        let p = dir.path(&format!("{name}.npy"));
        ndview::npy::save(&p, &view).unwrap();
        let back = ndview::npy::load(&p).unwrap();
        assert_eq!(back.shape(), view.shape(), "{name}");
        assert!(
            back.view().to_bytes(Order::C) == view.to_bytes(Order::C),
            "{name}"
        );
    }
}

#[test]
fn npy_files_shorter_than_their_shape_are_errors_at_every_length() {
    let dir = TempDir::new("npy-cut");
    let data: Vec<i16> = (0..40).collect();
    let p = dir.path("whole.npy");
    ndview::npy::save(&p, &NdView::from_slice(&data, &[5, 8]).unwrap().raw()).unwrap();
    let whole = std::fs::read(&p).unwrap();
    let cut = dir.path("cut.npy");
    for len in 0..whole.len() {
        std::fs::write(&cut, &whole[..len]).unwrap();
        assert!(ndview::npy::load(&cut).is_err(), "load of {len} bytes");
        #[cfg(feature = "mmap")]
        // SAFETY: the test's own file.
        unsafe {
            assert!(ndview::npy::map(&cut).is_err(), "map of {len} bytes");
            assert!(
                ndview::npy::map_mut(&cut).is_err(),
                "map_mut of {len} bytes"
            );
        }
    }
    // Bytes after the data are ignored, as NumPy does.
    let mut longer = whole.clone();
    longer.extend([1, 2, 3]);
    std::fs::write(&cut, &longer).unwrap();
    assert_eq!(
        ndview::npy::load(&cut)
            .unwrap()
            .typed::<i16>()
            .unwrap()
            .sum(),
        (0..40).sum::<i16>()
    );
}

#[test]
fn npy_headers_that_claim_huge_shapes_allocate_nothing() {
    let dir = TempDir::new("npy-huge");
    let p = dir.path("huge.npy");
    for shape in ["(1000000000000,)", "(4611686018427387904, 4)", "(-1,)"] {
        let header = format!("{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}");
        let file = common::npy_fixtures::npy_file(1, header.as_bytes(), 16);
        std::fs::write(&p, file).unwrap();
        let e = ndview::npy::load(&p).unwrap_err();
        assert!(
            matches!(e, Error::InvalidHeader { .. } | Error::Overflow { .. }),
            "{shape}: {e:?}"
        );
    }
}

#[test]
fn missing_files_are_io_errors_naming_the_path_and_the_reason() {
    let p = std::env::temp_dir().join("ndview-files-surely-missing/a.npy");
    let check = |e: Error| match e {
        Error::Io { path, reason } => {
            assert!(path.ends_with("a.npy"), "{path}");
            assert!(reason.contains("No such file"), "{reason}");
        }
        other => panic!("{other:?}"),
    };
    check(ndview::npy::load(&p).unwrap_err());
    check(
        ndview::npy::save(
            &p,
            &RawView::new(&[0u8], Format::parse("B").unwrap(), &[1]).unwrap(),
        )
        .unwrap_err(),
    );
    #[cfg(feature = "mmap")]
    // SAFETY: the file does not exist.
    unsafe {
        check(ndview::npy::map(&p).unwrap_err());
        check(ndview::npy::map_mut(&p).unwrap_err());
        check(ndview::npy::create(&p, Format::parse("B").unwrap(), &[1], Order::C).unwrap_err());
    }
    #[cfg(feature = "npz")]
    check(ndview::npz::load(&p).err().unwrap());
    #[cfg(feature = "safetensors")]
    check(ndview::safetensors::load(&p).err().unwrap());
}

#[cfg(feature = "mmap")]
mod mapped {
    use super::*;

    #[test]
    fn create_makes_a_sparse_file_numpy_reads_in_c_and_f_order() {
        let dir = TempDir::new("create");
        for order in [Order::C, Order::F] {
            let p = dir.path(&format!("{order:?}.npy"));
            let shape = [3usize, 4, 5];
            {
                // SAFETY: the test's own new file.
                let mut c = unsafe {
                    ndview::npy::create(&p, Format::parse("<i4").unwrap(), &shape, order)
                }
                .unwrap();
                assert_eq!(c.offset(), 128);
                let mut t = c.typed_mut::<i32>().unwrap();
                for i in indices(&shape) {
                    t[[i[0], i[1], i[2]]] = (i[0] * 100 + i[1] * 10 + i[2]) as i32;
                }
            }
            assert_eq!(std::fs::metadata(&p).unwrap().len(), 128 + 60 * 4);
            let a = ndview::npy::load(&p).unwrap();
            assert_eq!(a.view().is_f_contiguous(), order == Order::F);
            let t = a.typed::<i32>().unwrap();
            for i in indices(&shape) {
                assert_eq!(
                    t[[i[0], i[1], i[2]]],
                    (i[0] * 100 + i[1] * 10 + i[2]) as i32
                );
            }
        }
        // A 1 GiB file costs no disk until written (sparse).
        let big = dir.path("big.npy");
        // SAFETY: the test's own new file.
        let c = unsafe {
            ndview::npy::create(&big, Format::parse("<f8").unwrap(), &[1 << 27], Order::C)
        }
        .unwrap();
        assert_eq!(c.len(), 1 << 27);
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let m = std::fs::metadata(&big).unwrap();
            assert_eq!(m.len(), 128 + (1 << 30));
            assert!(
                m.blocks() * 512 < 1 << 20,
                "{} bytes on disk",
                m.blocks() * 512
            );
        }
    }

    #[test]
    fn create_refuses_hostile_shapes_before_touching_the_disk() {
        let dir = TempDir::new("create-hostile");
        let p = dir.path("x.npy");
        for shape in [&[usize::MAX, 2][..], &[1 << 62, 4], &[1 << 40, 1 << 40]] {
            // SAFETY: the test's own file.
            let r =
                unsafe { ndview::npy::create(&p, Format::parse("<f8").unwrap(), shape, Order::C) };
            assert!(matches!(r, Err(Error::Overflow { .. })), "{shape:?}");
            assert!(!p.exists());
        }
        // SAFETY: as above.
        let r = unsafe { ndview::npy::create(&p, Format::parse("P").unwrap(), &[2], Order::C) };
        assert!(matches!(r, Err(Error::Unrepresentable { .. })));
    }

    #[test]
    fn map_mut_writes_reach_the_file_and_hints_are_accepted() {
        let dir = TempDir::new("map-mut");
        let p = dir.path("a.npy");
        let data: Vec<f64> = (0..1000).map(f64::from).collect();
        ndview::npy::save(&p, &NdView::from_slice(&data, &[10, 100]).unwrap().raw()).unwrap();
        {
            // SAFETY: the test's own file.
            let mut w = unsafe { ndview::npy::map_mut(&p) }.unwrap();
            w.advise(ndview::raw_array::AccessHint::Sequential).unwrap();
            w.typed_mut::<f64>().unwrap().slice_mut_fill_row(3);
            w.flush().unwrap();
        }
        let a = ndview::npy::load(&p).unwrap();
        let t = a.typed::<f64>().unwrap();
        assert_eq!(t[[3, 7]], -1.0);
        assert_eq!(t[[4, 7]], 407.0);
        // SAFETY: the test's own file.
        let m = unsafe { ndview::npy::map(&p) }.unwrap();
        for hint in [
            ndview::raw_array::AccessHint::Random,
            ndview::raw_array::AccessHint::WillNeed,
            ndview::raw_array::AccessHint::Normal,
        ] {
            m.advise(hint).unwrap();
        }
        assert_eq!(
            m.typed::<f64>().unwrap().sum(),
            data.iter().sum::<f64>() - (300..400).map(f64::from).sum::<f64>() - 100.0
        );
    }

    trait FillRow {
        fn slice_mut_fill_row(self, row: usize);
    }
    impl FillRow for ndview::NdViewMut<'_, f64> {
        fn slice_mut_fill_row(mut self, row: usize) {
            for j in 0..self.shape()[1] {
                self[[row, j]] = -1.0;
            }
        }
    }
}

// ---------------------------------------------------------------- .npz

#[cfg(feature = "npz")]
mod npz {
    use super::*;
    use ndview::npz::Npz;
    use ndview::raw_array::Storage;

    const MEMBERS: [&str; 13] = [
        "f8_c", "f4_f", "i2_be", "u1", "b1", "i8", "u4_f3d", "c16", "f2", "rec", "zero_d", "empty",
        "f8_be_f",
    ];

    fn expected(name: &str) -> RawArray {
        ndview::npy::load(fixture(&format!("expected/{name}.npy"))).unwrap()
    }

    /// Every member opens: the byte view always, equal to NumPy's array;
    /// the typed view exactly when the member is aligned and native.
    fn check_archive<S: Storage>(z: &Npz<S>, names: &[&str]) {
        let mut got: Vec<&str> = z.names();
        got.sort();
        let mut want = names.to_vec();
        want.sort();
        assert_eq!(got, want);
        for &name in names {
            let m = z.get(name).unwrap();
            let e = expected(name);
            let v = m.view();
            assert_eq!((v.shape(), v.format()), (e.shape(), e.format()), "{name}");
            assert_eq!(v.is_f_contiguous(), e.view().is_f_contiguous(), "{name}");
            assert_eq!(v.to_bytes(Order::C), e.view().to_bytes(Order::C), "{name}");
            // Converted at any alignment and byte order: every numeric
            // member as f64, against NumPy's array converted the same way.
            if !matches!(name, "rec" | "c16") {
                let got = v.astype::<f64>(ndview::Casting::Unsafe).unwrap();
                let want = e.view().astype::<f64>(ndview::Casting::Unsafe).unwrap();
                assert_eq!(got.shape(), want.shape(), "{name}");
                assert_eq!(got.into_vec(), want.into_vec(), "{name}");
            }
            if name == "f8_c" {
                let typed = m.typed::<f64>();
                assert_eq!(typed.is_ok(), v.is_aligned(), "{name}: {:?}", typed.err());
                if let Err(err) = typed {
                    assert!(matches!(err, Error::Misaligned { .. }));
                }
            }
        }
    }

    #[test]
    fn every_member_of_numpy_archives_opens_loaded_and_mapped() {
        for file in ["many.npz", "many_compressed.npz"] {
            let z = ndview::npz::load(fixture(file)).unwrap();
            check_archive(&z, &MEMBERS);
            #[cfg(feature = "mmap")]
            {
                // SAFETY: a committed fixture nobody writes during the tests.
                let z = unsafe { ndview::npz::map(fixture(file)) }.unwrap();
                check_archive(&z, &MEMBERS);
                z.verify().unwrap();
            }
        }
        let z = ndview::npz::load(fixture("zip64.npz")).unwrap();
        check_archive(&z, &["f8_c", "u1"]);
    }

    #[cfg(feature = "mmap")]
    #[test]
    fn stored_members_are_views_into_the_map() {
        // SAFETY: a committed fixture nobody writes during the tests.
        let z = unsafe { ndview::npz::map(fixture("many.npz")) }.unwrap();
        let map = z.storage().as_bytes().as_ptr_range();
        for name in MEMBERS {
            let m = z.get(name).unwrap();
            assert!(map.contains(&m.view().bytes().as_ptr()), "{name}");
        }
        // SAFETY: as above.
        let z = unsafe { ndview::npz::map(fixture("many_compressed.npz")) }.unwrap();
        let map = z.storage().as_bytes().as_ptr_range();
        let m = z.get("f8_c").unwrap();
        assert!(!map.contains(&m.view().bytes().as_ptr()));
        assert!(m.typed::<f64>().is_ok(), "inflated members are aligned");
    }

    #[test]
    fn save_round_trips_stored_and_deflated_with_aligned_stored_members() {
        let dir = TempDir::new("npz-save");
        let a: Vec<f64> = (0..30).map(|x| f64::from(x) * 0.25).collect();
        let b: Vec<u16> = (0..7).collect();
        let av = NdView::from_slice(&a, &[5, 6]).unwrap();
        let bv = NdView::from_slice(&b, &[7]).unwrap();
        let rec = RawView::new(
            &[1u8, 2, 3, 4, 5, 6],
            Format::parse("T{<h:x:B:y:B:z:}").unwrap(),
            &[1, 1],
        )
        .unwrap();
        let members = [
            ("a", av.raw().slice(&"::2, ::-1".parse().unwrap()).unwrap()),
            ("b", bv.raw()),
            ("at", av.raw().transpose()),
            ("rec", rec),
        ];
        for compress in [false, true] {
            let p = dir.path(&format!("x{compress}.npz"));
            ndview::npz::save(&p, &members, compress).unwrap();
            let z = ndview::npz::load(&p).unwrap();
            assert_eq!(z.names(), ["a", "b", "at", "rec"]);
            for (name, view) in &members {
                let m = z.get(name).unwrap();
                assert_eq!(m.shape(), view.shape());
                assert_eq!(m.view().to_bytes(Order::C), model_bytes(view), "{name}");
            }
            #[cfg(feature = "mmap")]
            {
                // SAFETY: the test's own file.
                let z = unsafe { ndview::npz::map(&p) }.unwrap();
                assert_eq!(
                    z.get("a").unwrap().typed::<f64>().unwrap().to_vec(),
                    model_bytes(&members[0].1)
                        .chunks(8)
                        .map(|c| f64::from_ne_bytes(c.try_into().unwrap()))
                        .collect::<Vec<_>>()
                );
                assert_eq!(z.get("b").unwrap().typed::<u16>().unwrap().to_vec(), b);
            }
        }
        assert!(matches!(
            ndview::npz::save(
                dir.path("dup.npz"),
                &[("a", bv.raw()), ("a", bv.raw())],
                false
            ),
            Err(Error::InvalidIndex { .. })
        ));
    }

    /// Offsets of the fields of the last central-directory entry (no
    /// zip64 in archives `save` writes for small members).
    fn central_entry(bytes: &[u8], name: &str) -> usize {
        let needle = [b"PK\x01\x02".as_slice()].concat();
        (0..bytes.len() - 46)
            .filter(|&i| bytes[i..].starts_with(&needle))
            .find(|&i| {
                let n = u16::from_le_bytes([bytes[i + 28], bytes[i + 29]]) as usize;
                &bytes[i + 46..i + 46 + n] == name.as_bytes()
            })
            .unwrap()
    }

    #[test]
    fn hostile_archives_are_errors_never_panics() {
        let dir = TempDir::new("npz-hostile");
        let data: Vec<u32> = (0..64).collect();
        let v = NdView::from_slice(&data, &[8, 8]).unwrap();
        for compress in [false, true] {
            let p = dir.path("ok.npz");
            ndview::npz::save(&p, &[("a", v.raw()), ("b", v.raw().transpose())], compress).unwrap();
            let whole = std::fs::read(&p).unwrap();
            // Every truncation.
            for len in 0..whole.len() {
                if let Ok(z) = Npz::from_storage(&whole[..len]) {
                    for name in ["a", "b"] {
                        let _ = z.get(name);
                    }
                    let _ = z.verify();
                }
            }
            // Every single-byte change: an error or a consistent archive.
            for i in 0..whole.len() {
                let mut bad = whole.clone();
                bad[i] ^= 0x5a;
                if let Ok(z) = Npz::from_storage(bad) {
                    let verified = z.verify();
                    for name in ["a", "b"] {
                        if let (Ok(m), Ok(())) = (z.get(name), &verified) {
                            assert_eq!(m.len(), 64);
                        }
                    }
                }
            }
            // A damaged member: the CRC (stored) or inflation (deflated) says so.
            let entry = central_entry(&whole, "a.npy");
            let start =
                u32::from_le_bytes(whole[entry + 42..entry + 46].try_into().unwrap()) as usize;
            let name_len = u16::from_le_bytes([whole[start + 26], whole[start + 27]]) as usize;
            let extra_len = u16::from_le_bytes([whole[start + 28], whole[start + 29]]) as usize;
            let data_start = start + 30 + name_len + extra_len;
            let mut bad = whole.clone();
            let last = data_start
                + u32::from_le_bytes(whole[entry + 20..entry + 24].try_into().unwrap()) as usize
                - 3;
            bad[last] ^= 1;
            std::fs::write(dir.path("bad.npz"), &bad).unwrap();
            assert!(
                ndview::npz::load(dir.path("bad.npz")).is_err(),
                "compress={compress}"
            );
            // Sizes that lie: the declared uncompressed size one more / one less.
            for delta in [1i64, -1] {
                let mut bad = whole.clone();
                let size = u32::from_le_bytes(whole[entry + 24..entry + 28].try_into().unwrap());
                let lie = (i64::from(size) + delta) as u32;
                bad[entry + 24..entry + 28].copy_from_slice(&lie.to_le_bytes());
                if !compress {
                    bad[entry + 20..entry + 24].copy_from_slice(&lie.to_le_bytes());
                }
                let r = Npz::from_storage(bad).and_then(|z| {
                    z.get("a")?;
                    z.verify()
                });
                assert!(r.is_err(), "compress={compress} delta {delta}: {r:?}");
            }
            // A data offset past the end.
            let mut bad = whole.clone();
            bad[entry + 42..entry + 46].copy_from_slice(&(whole.len() as u32 + 10).to_le_bytes());
            assert!(Npz::from_storage(bad).is_err());
        }
    }

    #[test]
    fn a_zip_bomb_stops_at_its_declared_size() {
        // A member that inflates to 64 MiB of zeros but declares 1000 bytes.
        let dir = TempDir::new("npz-bomb");
        let p = dir.path("bomb.npz");
        let zeros = vec![0u8; 64 << 20];
        let big = RawView::new(&zeros, Format::parse("B").unwrap(), &[zeros.len()]).unwrap();
        ndview::npz::save(&p, &[("z", big)], true).unwrap();
        let mut bytes = std::fs::read(&p).unwrap();
        let entry = central_entry(&bytes, "z.npy");
        bytes[entry + 24..entry + 28].copy_from_slice(&1000u32.to_le_bytes());
        let z = Npz::from_storage(bytes).unwrap();
        let e = z.get("z").unwrap_err();
        assert!(e.to_string().contains("more bytes"), "{e}");
    }
}

// ---------------------------------------------------------------- safetensors

#[cfg(feature = "safetensors")]
mod safetensors {
    use super::*;
    use ndview::safetensors::{Dtype, SafeTensors};

    const TENSORS: [&str; 9] = ["f64", "f32", "f16", "i64", "i32", "i16", "i8", "u8", "bool"];

    fn check_model<S: ndview::raw_array::Storage>(t: &SafeTensors<S>) {
        let mut names = t.names();
        names.sort();
        let mut want = TENSORS.to_vec();
        want.sort();
        assert_eq!(names, want);
        assert_eq!(t.metadata(), [("format".to_string(), "np".to_string())]);
        for name in TENSORS {
            let m = t.get(name).unwrap();
            let e = ndview::npy::load(fixture(&format!("expected/st_{name}.npy"))).unwrap();
            assert_eq!((m.shape(), m.format()), (e.shape(), e.format()), "{name}");
            assert_eq!(
                m.view().to_bytes(Order::C),
                e.view().to_bytes(Order::C),
                "{name}"
            );
        }
        assert_eq!(t.get("f64").unwrap().typed::<f64>().unwrap()[[1, 2]], 1.0);
        assert_eq!(
            t.get("i32").unwrap().typed::<i32>().unwrap().to_vec(),
            [-7, -6, -5, -4, -3]
        );
    }

    #[test]
    fn every_tensor_of_a_python_file_opens() {
        check_model(&ndview::safetensors::load(fixture("model.safetensors")).unwrap());
        #[cfg(feature = "mmap")]
        // SAFETY: a committed fixture nobody writes during the tests.
        check_model(&unsafe { ndview::safetensors::map(fixture("model.safetensors")) }.unwrap());
    }

    #[test]
    fn eight_bit_floats_are_refused_by_name_and_bf16_reads_and_converts() {
        let t = ndview::safetensors::load(fixture("exotic.safetensors")).unwrap();
        assert_eq!(t.names(), ["bf", "f8", "w"]);
        let e = t.get("f8").unwrap_err();
        assert!(
            matches!(&e, Error::InvalidFormat { format, .. } if format == "F8_E4M3"),
            "{e:?}"
        );
        assert_eq!(t.dtype("f8").unwrap(), Dtype::F8_E4M3);
        assert_eq!(t.dtype("bf").unwrap(), Dtype::BF16);
        let w = t.get("w").unwrap();
        assert_eq!(
            w.typed::<f32>().unwrap().to_vec(),
            [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
        );
        // bf16 is the top half of the f32 NumPy recorded.
        let exp = ndview::npy::load(fixture("expected/exotic_bf.npy")).unwrap();
        let want_bits: Vec<u8> = exp
            .typed::<f32>()
            .unwrap()
            .iter()
            .flat_map(|x| ((x.to_bits() >> 16) as u16).to_le_bytes())
            .collect();
        let bf = t.get("bf").unwrap();
        assert_eq!(bf.shape(), &[2, 3]);
        assert_eq!(bf.view().to_bytes(Order::C), want_bits);
        let values = bf.view().astype::<f32>(ndview::Casting::SameKind).unwrap();
        assert_eq!(values.into_vec(), exp.typed::<f32>().unwrap().to_vec());
        let typed = bf.typed::<half::bf16>().unwrap();
        assert_eq!(typed[[0, 2]], half::bf16::from_f32(3.5));
    }

    #[test]
    fn save_round_trips_any_layout_and_byte_order() {
        let dir = TempDir::new("st-save");
        let p = dir.path("m.safetensors");
        let a: Vec<f32> = (0..12).map(|x| x as f32 - 3.5).collect();
        let av = NdView::from_slice(&a, &[3, 4]).unwrap();
        let be: Vec<u8> = (0..6u32).flat_map(|x| (x * 1000).to_be_bytes()).collect();
        let bev = RawView::new(&be, Format::parse(">u4").unwrap(), &[2, 3]).unwrap();
        let members = [
            ("t", av.raw().transpose()),
            ("be", bev.clone()),
            ("s", av.raw().slice(&"1:, ::-2".parse().unwrap()).unwrap()),
        ];
        ndview::safetensors::save(&p, &members).unwrap();
        let t = ndview::safetensors::load(&p).unwrap();
        assert_eq!(
            t.get("t").unwrap().typed::<f32>().unwrap().to_vec(),
            av.transpose().to_vec()
        );
        assert_eq!(
            t.get("be").unwrap().typed::<u32>().unwrap().to_vec(),
            [0, 1000, 2000, 3000, 4000, 5000]
        );
        assert_eq!(
            t.get("s").unwrap().view().to_bytes(Order::C),
            model_bytes(&members[2].1)
        );
        assert!(matches!(
            ndview::safetensors::save(
                &p,
                &[(
                    "c",
                    RawView::new(&[0u8; 16], Format::parse("<c16").unwrap(), &[1]).unwrap()
                )]
            ),
            Err(Error::Unrepresentable { .. })
        ));
    }

    #[test]
    fn hostile_headers_are_errors_never_panics() {
        let whole = std::fs::read(fixture("model.safetensors")).unwrap();
        for len in 0..whole.len() {
            assert!(SafeTensors::from_storage(&whole[..len]).is_err(), "{len}");
        }
        for i in 0..whole.len().min(700) {
            let mut bad = whole.clone();
            bad[i] ^= 0x21;
            if let Ok(t) = SafeTensors::from_storage(bad) {
                for name in t.names() {
                    if let Ok(m) = t.get(name) {
                        let _ = m.view().to_bytes(Order::C);
                    }
                }
            }
        }
    }
}
