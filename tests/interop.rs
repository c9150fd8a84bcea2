//! `ndarray` interop: zero-copy conversions both ways, with the element
//! `[0, …, 0]` at the same address and every element equal.
#![cfg(feature = "ndarray")]

use ndarray::{s, Array, Array3, ArrayView, ArrayViewMut, Axis, IxDyn};
use ndview::{Error, Format, NdView, NdViewMut, RawView};

fn array() -> Array3<f64> {
    Array::from_shape_fn((2, 3, 4), |(i, j, k)| (100 * i + 10 * j + k) as f64)
}

/// Same shape, same elements, same first-element address.
fn same(v: &NdView<'_, f64>, a: &ArrayView<'_, f64, IxDyn>) {
    assert_eq!(v.shape(), a.shape());
    assert_eq!(v.as_ptr(), a.as_ptr(), "element [0, …] moved");
    let from_v: Vec<f64> = v.iter().copied().collect();
    let from_a: Vec<f64> = a.iter().copied().collect();
    assert_eq!(from_v, from_a);
}

#[test]
fn ndview_to_ndarray_and_back() {
    let data: Vec<f64> = (0..24).map(f64::from).collect();
    let base = NdView::from_slice(&data, &[2, 3, 4]).unwrap();
    let views = [
        ("C", base.clone()),
        ("F", base.transpose()),
        ("permuted", base.permute_axes(&[1, 2, 0]).unwrap()),
        (
            "reversed",
            base.slice(&"::-1, :, ::-1".parse().unwrap()).unwrap(),
        ),
        (
            "sliced",
            base.slice(&"1:, ::2, 1:3".parse().unwrap()).unwrap(),
        ),
        (
            "reversed slice",
            base.slice(&"::-1, 2, ::-3".parse().unwrap()).unwrap(),
        ),
        ("0-d", base.slice(&"1, 2, 3".parse().unwrap()).unwrap()),
        ("empty", base.slice(&":, 3:, :".parse().unwrap()).unwrap()),
        (
            "broadcast",
            base.slice(&"0, 0".parse().unwrap())
                .unwrap()
                .broadcast_to(&[3, 4])
                .unwrap(),
        ),
    ];
    for (name, v) in views {
        let a = v.to_ndarray().unwrap_or_else(|e| panic!("{name}: {e}"));
        if !v.is_empty() {
            same(&v, &a);
        }
        let elem = std::mem::size_of::<f64>() as isize;
        for (axis, (&n, (&sv, &sa))) in v
            .shape()
            .iter()
            .zip(v.strides().iter().zip(a.strides()))
            .enumerate()
        {
            if n > 1 && !v.is_empty() {
                assert_eq!(sv, sa * elem, "{name}: axis {axis}");
            }
        }
        let via_try: ArrayView<'_, f64, IxDyn> = v.clone().try_into().unwrap();
        assert_eq!(via_try, a, "{name}");
        // Back: dense views and owned arrays convert; gapped views do not.
        match NdView::from_ndarray(a.view()) {
            Ok(back) => {
                if !v.is_empty() {
                    same(&back, &a);
                    assert_eq!(back.strides(), v.strides(), "{name}");
                }
                assert_eq!(back.to_vec(), v.to_vec(), "{name}");
            }
            Err(e) => {
                assert!(matches!(e, Error::Unrepresentable { .. }), "{name}: {e}");
                assert!(name.contains("slice"), "{name} should convert back: {e}");
            }
        }
    }
}

#[test]
fn ndarray_to_ndview_and_back() {
    let a = array();
    let row = a.slice(s![0, 0, ..]);
    let cases: Vec<(&str, ArrayView<'_, f64, IxDyn>)> = vec![
        ("C", a.view().into_dyn()),
        ("F", a.t().into_dyn()),
        ("permuted", a.view().permuted_axes([2, 0, 1]).into_dyn()),
        ("reversed", a.slice(s![..;-1, .., ..;-1]).into_dyn()),
        ("reversed middle", a.slice(s![.., ..;-1, ..]).into_dyn()),
        ("row", a.slice(s![1, 2, ..]).into_dyn()),
        ("0-d", a.slice(s![1, 2, 3]).into_dyn()),
        ("empty", a.slice(s![.., 3.., ..]).into_dyn()),
        ("broadcast", row.broadcast((3, 4)).unwrap().into_dyn()),
    ];
    for (name, av) in cases {
        let v = NdView::from_ndarray(av.view()).unwrap_or_else(|e| panic!("{name}: {e}"));
        if !av.is_empty() {
            same(&v, &av);
        }
        let from_try: NdView<'_, f64> = av.view().try_into().unwrap();
        assert_eq!(from_try.to_vec(), v.to_vec());
        let back = v.to_ndarray().unwrap();
        assert_eq!(back, av, "{name}");
        if !av.is_empty() {
            assert_eq!(back.as_ptr(), av.as_ptr(), "{name}");
        }
    }
    // Any fixed rank converts.
    let v2 = NdView::from_ndarray(a.index_axis(Axis(0), 1)).unwrap();
    assert_eq!(v2[[2, 3]], 123.0);
}

#[test]
fn gapped_ndarray_views_convert_through_the_owned_array() {
    let a = array();
    let gapped = a.slice(s![.., 1..3, ..;2]);
    assert!(matches!(
        NdView::from_ndarray(gapped),
        Err(Error::Unrepresentable { .. })
    ));
    let mut owned = array();
    owned.slice_collapse(s![..;-1, 1..3, ..;2]);
    let v = NdView::from_array(&owned).unwrap();
    assert_eq!(v.as_ptr(), owned.as_ptr());
    assert_eq!(v.shape(), owned.shape());
    assert_eq!(v.to_vec(), owned.iter().copied().collect::<Vec<_>>());
    assert_eq!(v.to_ndarray().unwrap(), owned.view().into_dyn());
}

#[test]
#[cfg(feature = "complex")]
fn byte_strides_that_are_not_whole_elements_are_refused() {
    use num_complex::Complex;
    // A complex field of a 12-byte record: stride 12, element size 8.
    let words = [0u32; 12];
    let bytes: &[u8] = bytemuck::cast_slice(&words);
    let rec = RawView::new(bytes, Format::parse("T{=Zf:z:=I:n:}").unwrap(), &[4]).unwrap();
    let z = rec.field("z").unwrap().typed::<Complex<f32>>().unwrap();
    assert_eq!(z.strides(), &[12]);
    let e = z.to_ndarray().unwrap_err();
    assert!(matches!(e, Error::Unrepresentable { .. }), "{e}");
    assert!(e.to_string().contains("not a multiple"), "{e}");
    // A single element has no stride to speak of.
    let one = rec.slice(&":1".parse().unwrap()).unwrap();
    let one = one.field("z").unwrap().typed::<Complex<f32>>().unwrap();
    assert_eq!(one.to_ndarray().unwrap().len(), 1);
}

#[test]
fn mutable_round_trips_write_through() {
    let mut data: Vec<i32> = (0..24).collect();
    {
        let m = NdViewMut::from_slice_mut(&mut data, &[2, 3, 4]).unwrap();
        let rev = m.slice(&"::-1, 1:, ::-2".parse().unwrap()).unwrap();
        let mut a = rev.into_ndarray().unwrap();
        assert_eq!(a.shape(), &[2, 2, 2]);
        a[[0, 0, 0]] = -1; // element [1, 1, 3]
        a[[1, 1, 1]] = -2; // element [0, 2, 1]
    }
    assert_eq!((data[12 + 4 + 3], data[8 + 1]), (-1, -2));

    let mut a = Array::from_shape_fn((3, 4), |(i, j)| (10 * i + j) as i64);
    {
        let mut rev = a.view_mut();
        rev.invert_axis(Axis(0));
        let ptr = rev.as_ptr();
        let mut m = NdViewMut::from_ndarray_mut(rev).unwrap();
        assert_eq!(m.view().as_ptr(), ptr);
        m[[0, 0]] = -5; // a[[2, 0]]
        let back: ArrayViewMut<'_, i64, IxDyn> = m.try_into().unwrap();
        assert_eq!(back.as_ptr(), ptr);
        let mut m2: NdViewMut<'_, i64> = back.try_into().unwrap();
        m2[[2, 3]] = -6; // a[[0, 3]]
    }
    assert_eq!((a[[2, 0]], a[[0, 3]]), (-5, -6));

    // Gapped mutable views go through the owned array.
    assert!(NdViewMut::from_ndarray_mut(a.slice_mut(s![.., ..;2])).is_err());
    a.slice_collapse(s![.., ..;2]);
    NdViewMut::from_array_mut(&mut a).unwrap().fill(7);
    assert!(a.iter().all(|&x| x == 7));
}

#[test]
fn empty_arrays_convert_without_touching_memory() {
    let a = Array::<f32, _>::zeros((0, 3));
    let v = NdView::from_ndarray(a.view()).unwrap();
    assert_eq!((v.shape(), v.len()), (&[0, 3][..], 0));
    assert_eq!(v.to_ndarray().unwrap().shape(), &[0, 3]);
    let mut e = Array::<u8, _>::zeros((2, 0));
    let m = NdViewMut::from_ndarray_mut(e.view_mut()).unwrap();
    assert!(m.into_ndarray().unwrap().is_empty());
    assert!(NdViewMut::from_array_mut(&mut e).unwrap().is_empty());
    let v = NdView::<u8>::from_slice(&[], &[0]).unwrap();
    assert!(v.to_ndarray().unwrap().is_empty());
}
