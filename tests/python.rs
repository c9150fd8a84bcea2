//! The Python bridge from Rust (feature `python`): buffer import against
//! honest and lying exporters, export through `memoryview`, lifetimes and
//! the export count. The Python package's own suite is python/tests/.
// Miri cannot call into libpython: these tests run natively only (the
// bridge's pure helpers have unit tests that Miri runs).
#![cfg(all(feature = "python", not(miri)))]

use std::ffi::{c_int, CString};

use ndview::python::{BufferGuard, View};
use ndview::{Format, Order, Scalar};
use pyo3::exceptions::{PyBufferError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict};
use pyo3::{ffi, py_run};

/// A test exporter whose `Py_buffer` says whatever the test wants.
#[pyclass]
struct Liar {
    data: Vec<u8>,
    format: CString,
    len: isize,
    itemsize: isize,
    ndim: c_int,
    shape: Vec<isize>,
    strides: Vec<isize>,
    suboffsets: Option<Vec<isize>>,
}

impl Liar {
    fn honest() -> Liar {
        Liar {
            data: (0..16).collect(),
            format: CString::new("<i").unwrap(),
            len: 16,
            itemsize: 4,
            ndim: 2,
            shape: vec![2, 2],
            strides: vec![8, 4],
            suboffsets: None,
        }
    }
}

#[pymethods]
impl Liar {
    unsafe fn __getbuffer__(
        slf: Bound<'_, Self>,
        view: *mut ffi::Py_buffer,
        _flags: c_int,
    ) -> PyResult<()> {
        let this = slf.borrow();
        // SAFETY: `view` is the consumer's struct; every pointer stored
        // points into `this`, which `obj` keeps alive (the test never
        // mutates a Liar while a buffer is out).
        unsafe {
            (*view).buf = this.data.as_ptr() as *mut _;
            (*view).len = this.len;
            (*view).itemsize = this.itemsize;
            (*view).readonly = 1;
            (*view).ndim = this.ndim;
            (*view).format = this.format.as_ptr() as *mut _;
            (*view).shape = this.shape.as_ptr() as *mut _;
            (*view).strides = this.strides.as_ptr() as *mut _;
            (*view).suboffsets = match &this.suboffsets {
                Some(s) => s.as_ptr() as *mut _,
                None => std::ptr::null_mut(),
            };
            (*view).internal = std::ptr::null_mut();
            drop(this);
            (*view).obj = slf.into_any().into_ptr();
        }
        Ok(())
    }

    unsafe fn __releasebuffer__(&self, _view: *mut ffi::Py_buffer) {}
}

/// `Python::attach` after making sure the interpreter runs (the crate does
/// not enable pyo3's `auto-initialize`).
fn attach<R>(f: impl for<'py> FnOnce(Python<'py>) -> R) -> R {
    Python::initialize();
    Python::attach(f)
}

/// Whether an error is the expected exception.
type ErrorCheck = fn(&PyErr, Python<'_>) -> bool;

fn acquire(py: Python<'_>, liar: Liar) -> PyResult<BufferGuard> {
    let obj = Bound::new(py, liar)?;
    BufferGuard::acquire(obj.as_any(), false)
}

#[test]
fn an_honest_exporter_is_viewed_as_it_says() {
    attach(|py| {
        let g = acquire(py, Liar::honest()).unwrap();
        let v = g.view();
        assert_eq!(
            (v.shape(), v.strides()),
            (&[2usize, 2][..], &[8isize, 4][..])
        );
        assert_eq!(
            v.typed::<i32>().map(|t| t.to_vec()).ok(),
            None.or(Some(vec![
                i32::from_le_bytes([0, 1, 2, 3]),
                i32::from_le_bytes([4, 5, 6, 7]),
                i32::from_le_bytes([8, 9, 10, 11]),
                i32::from_le_bytes([12, 13, 14, 15]),
            ]))
            .filter(|_| v.is_aligned())
        );
        assert_eq!(
            v.get(&[1, 1]).unwrap(),
            Scalar::Int(i32::from_le_bytes([12, 13, 14, 15]) as i64)
        );
    });
}

#[test]
fn lying_exporters_are_errors_not_undefined_behaviour() {
    attach(|py| {
        let cases: Vec<(&str, Liar, ErrorCheck)> = vec![
            (
                "len too long",
                Liar {
                    len: 64,
                    ..Liar::honest()
                },
                |e, py| e.is_instance_of::<PyBufferError>(py),
            ),
            (
                "len negative",
                Liar {
                    len: -1,
                    ..Liar::honest()
                },
                |e, py| e.is_instance_of::<PyBufferError>(py),
            ),
            (
                "itemsize lies",
                Liar {
                    itemsize: 8,
                    ..Liar::honest()
                },
                |e, py| e.is_instance_of::<PyBufferError>(py),
            ),
            (
                "strides whose span overflows isize",
                Liar {
                    strides: vec![isize::MAX - 2, 4],
                    ..Liar::honest()
                },
                |e, py| e.is_instance_of::<PyValueError>(py),
            ),
            (
                "strides below address 0",
                Liar {
                    strides: vec![isize::MIN / 2, 4],
                    ..Liar::honest()
                },
                |e, py| e.is_instance_of::<PyValueError>(py),
            ),
            (
                "ndim 65",
                Liar {
                    ndim: 65,
                    shape: vec![1; 65],
                    strides: vec![4; 65],
                    len: 4,
                    ..Liar::honest()
                },
                |e, py| e.is_instance_of::<PyValueError>(py),
            ),
            (
                "ndim negative",
                Liar {
                    ndim: -3,
                    ..Liar::honest()
                },
                |e, py| e.is_instance_of::<PyBufferError>(py),
            ),
            (
                "a format that does not parse",
                Liar {
                    format: CString::new("T{i:").unwrap(),
                    ..Liar::honest()
                },
                |e, py| e.is_instance_of::<PyValueError>(py),
            ),
            (
                "a negative axis length",
                Liar {
                    shape: vec![-2, -2],
                    ..Liar::honest()
                },
                |e, py| e.is_instance_of::<PyBufferError>(py),
            ),
            (
                "suboffsets",
                Liar {
                    suboffsets: Some(vec![0, -1]),
                    ..Liar::honest()
                },
                |e, py| e.is_instance_of::<PyBufferError>(py),
            ),
        ];
        for (what, liar, expected) in cases {
            match acquire(py, liar) {
                Ok(_) => panic!("{what}: accepted"),
                Err(e) => assert!(expected(&e, py), "{what}: {e}"),
            }
        }
        // Negative suboffsets mean "no indirection" (PEP 3118).
        assert!(acquire(
            py,
            Liar {
                suboffsets: Some(vec![-1, -1]),
                ..Liar::honest()
            }
        )
        .is_ok());
    });
}

#[test]
fn a_guard_keeps_the_exporter_alive_and_releases_it_on_drop() {
    attach(|py| {
        let data = PyByteArray::new(py, &[1, 2, 3]);
        let guard = BufferGuard::acquire(data.as_any(), true).unwrap();
        // A bytearray with an export cannot resize.
        let locals = PyDict::new(py);
        locals.set_item("b", &data).unwrap();
        assert!(py.run(c"b.append(4)", None, Some(&locals)).is_err());
        drop(guard);
        py.run(c"b.append(4)", None, Some(&locals)).unwrap();
        assert_eq!(data.to_vec(), [1, 2, 3, 4]);
    });
}

#[test]
fn read_only_exporters_refuse_writable_guards() {
    attach(|py| {
        let b = PyBytes::new(py, b"abc");
        let e = BufferGuard::acquire(b.as_any(), true).err().unwrap();
        assert!(e.is_instance_of::<PyBufferError>(py));
        let mut g = BufferGuard::acquire(b.as_any(), false).unwrap();
        assert!(g.view_mut().is_err());
    });
}

#[test]
fn rust_writes_are_refused_while_python_holds_a_buffer() {
    attach(|py| {
        let z = Bound::new(py, View::zeros(py, "<f8", &[2, 2], Order::C).unwrap()).unwrap();
        let m =
            ndview::python::View::try_write(z.get(), |mut m| m.set(&[0, 1], &Scalar::Float(2.5)));
        assert!(m.unwrap().is_ok());
        let locals = PyDict::new(py);
        locals.set_item("z", &z).unwrap();
        py.run(c"m = memoryview(z)", None, Some(&locals)).unwrap();
        let e = z.get().try_write(|_| ()).err().unwrap();
        assert!(e.is_instance_of::<PyBufferError>(py), "{e}");
        assert!(z.call_method0("release").is_err());
        py.run(
            c"assert m.tolist() == [[0.0, 2.5], [0.0, 0.0]]; m.release()",
            None,
            Some(&locals),
        )
        .unwrap();
        z.get().try_write(|_| ()).unwrap();
        // An export of a view derived from `z` blocks writes through `z` too.
        py.run(c"row = memoryview(z[1:, ::-1])", None, Some(&locals))
            .unwrap();
        assert!(z.get().try_write(|_| ()).is_err());
        py.run(c"row.release()", None, Some(&locals)).unwrap();
        z.get().try_write(|_| ()).unwrap();
        z.call_method0("release").unwrap();
        assert!(z.get().with_raw(|_| Ok(())).is_err());
    });
}

#[test]
fn memoryview_reads_exports_with_the_same_format_shape_and_strides() {
    attach(|py| {
        let b = PyByteArray::new(py, &(0u8..24).collect::<Vec<_>>());
        let v = Bound::new(py, View::import(b.as_any(), false).unwrap()).unwrap();
        py_run!(
            py,
            v,
            r#"
s = v.cast("<H", (3, 4))[::-1, 1::2]
m = memoryview(s)
assert (m.shape, m.strides, m.readonly) == ((3, 2), (-8, 4), True), (m.shape, m.strides)
import struct
assert m.tolist()[0] == [struct.unpack_from("<H", bytes(range(24)), 18)[0], struct.unpack_from("<H", bytes(range(24)), 22)[0]]
try:
    memoryview(s).cast("B")
except TypeError:
    pass
else:
    raise AssertionError("a strided view cast as if C-contiguous")
"#
        );
    });
}

#[test]
fn formats_exported_parse_back_equal() {
    for s in ["<f8", ">i2", "|b1", "T{<I:id:>d:x:}", "@bi", "|S3", "<c8"] {
        let f = Format::parse(s).unwrap();
        let back = Format::parse(&ndview::python::pep3118::buffer_format(&f)).unwrap();
        assert_eq!(back, f, "{s}");
    }
}

mod model {
    //! `region::locate` and `buffer_format` against naive references.
    use ndview::python::pep3118::buffer_format;
    use ndview::python::region::locate;
    use ndview::Format;
    use proptest::prelude::*;

    /// Every element's address, the slow way.
    fn addresses(first: usize, shape: &[usize], strides: &[isize]) -> Vec<i128> {
        let mut out = vec![first as i128];
        for (&n, &s) in shape.iter().zip(strides) {
            out = out
                .iter()
                .flat_map(|&a| (0..n).map(move |i| a + i as i128 * s as i128))
                .collect();
        }
        out
    }

    proptest! {
        #[test]
        fn locate_finds_the_lowest_and_highest_byte(
            shape in proptest::collection::vec(0usize..4, 0..5),
            strides in proptest::collection::vec(-40isize..40, 5),
            itemsize in 1usize..9,
            first in 1000usize..2000,
        ) {
            let strides = &strides[..shape.len()];
            let r = locate(first, itemsize, &shape, strides).unwrap();
            let all = addresses(first, &shape, strides);
            if shape.contains(&0) {
                prop_assert_eq!((r.start, r.len), (first, 0));
            } else {
                let lo = *all.iter().min().unwrap();
                let hi = *all.iter().max().unwrap() + itemsize as i128;
                prop_assert_eq!(r.start as i128, lo);
                prop_assert_eq!(r.len as i128, hi - lo);
                prop_assert_eq!(r.layout.offset() as i128, first as i128 - lo);
                for a in &all {
                    prop_assert!(*a >= lo && *a + itemsize as i128 <= hi);
                }
            }
        }

        #[test]
        fn exported_formats_parse_back_equal(
            code in prop::sample::select(vec![
                "b", "B", "?", "h", "H", "i", "I", "q", "Q", "e", "f", "d", "Zf", "Zd", "c", "5s",
            ]),
            order in prop::sample::select(vec!["<", ">", "=", "@", "!"]),
            second in prop::sample::select(vec!["", "i", "d", "3s", "H"]),
        ) {
            let text = if second.is_empty() {
                format!("{order}{code}")
            } else {
                format!("T{{{order}{code}:a:{order}{second}:b:}}")
            };
            let f = Format::parse(&text).unwrap();
            let out = buffer_format(&f);
            let back = Format::parse(&out).unwrap();
            prop_assert_eq!(&back, &f, "{} -> {}", text, out);
            prop_assert_eq!(back.itemsize(), f.itemsize());
        }
    }
}
