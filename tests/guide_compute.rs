//! The examples of docs/guide.md, section 6 ("Computing with views"), run
//! as tests. `guide_and_tests_agree` fails if a line of a `rust` block of
//! that section is not in this file, so the two cannot drift apart (the
//! bodies are not reformatted, to stay the guide's text).

type Result = std::result::Result<(), ndview::Error>;

#[test]
#[rustfmt::skip]
fn broadcast_add() -> Result {
    use ndview::{NdArray, NdView, Zip};

    let a: Vec<f64> = (0..12).map(f64::from).collect();
    let av = NdView::from_slice(&a, &[3, 4])?;
    let row = NdView::from_slice(&[10.0, 20.0, 30.0, 40.0], &[4])?;
    let mut out = NdArray::<f64>::zeros(&[3, 4]);
    Zip::from(&mut out.view_mut()).and(&av)?.and(&row)?.for_each(|o, &x, &r| *o = x + r);
    assert_eq!(out.view()[[2, 3]], 51.0);
    // Or a new array: map_collect.
    let scaled: NdArray<f64> = Zip::from(&av).and(&row)?.map_collect(|&x, &r| x * r);
    assert_eq!(scaled.view()[[1, 1]], 100.0);
    Ok(())
}

#[test]
#[rustfmt::skip]
fn scale_a_column() -> Result {
    let mut data: Vec<f64> = (0..12).map(f64::from).collect();
    let mut m = ndview::NdViewMut::from_slice_mut(&mut data, &[3, 4])?;
    m.column_mut(2)?.map_inplace(|x| *x *= 10.0);
    m.row_mut(0)?.fill(-1.0);
    assert_eq!(data[4..8], [4.0, 5.0, 60.0, 7.0]);
    Ok(())
}

#[test]
#[rustfmt::skip]
fn column_means() -> Result {
    let a: Vec<f64> = (0..12).map(f64::from).collect();
    let v = ndview::NdView::from_slice(&a, &[3, 4])?;
    assert_eq!(v.mean_axis(0)?.into_vec(), [4.0, 5.0, 6.0, 7.0]);
    assert_eq!(v.sum_axis(1)?.into_vec(), [6.0, 22.0, 38.0]);
    assert_eq!(v.max_axis(0)?.into_vec(), [8.0, 9.0, 10.0, 11.0]);
    let weighted = v.fold_axis(1, 0.0, |acc, &x| acc * 0.5 + x)?;   // any fold, in index order
    assert_eq!(weighted.shape(), &[3]);
    Ok(())
}

#[test]
#[rustfmt::skip]
fn padded_image_strides() -> Result {
    // A 4×6 image stored with rows padded to 8 floats; its 4×6 interior.
    let padded = vec![1.0f32; 4 * 8];
    let img = ndview::NdView::<f32>::from_parts(bytemuck::cast_slice(&padded), &[4, 6], &[32, 4], 0)?;
    let es = img.element_strides().expect("f32 strides are multiples of 4 bytes");
    assert_eq!(&es[..], &[8, 1]);
    // unsafe { matrixmultiply::sgemm(4, 6, n, 1.0, img.as_ptr(), es[0], es[1], ...) }
    // (examples/kernel.rs runs dgemm this way.)
    Ok(())
}

#[test]
fn guide_and_tests_agree() {
    let guide = include_str!("../docs/guide.md");
    let this = include_str!("guide_compute.rs");
    let section = &guide[guide.find("## 6. Computing with views").expect("section 6")..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let mut in_rust_block = false;
    let mut checked = 0;
    for line in section.lines() {
        if line.starts_with("```") {
            in_rust_block = line == "```rust";
            continue;
        }
        if in_rust_block && !line.trim().is_empty() {
            assert!(this.contains(line), "guide line not tested: {line}");
            checked += 1;
        }
    }
    assert!(
        checked > 20,
        "the section's examples were found ({checked} lines)"
    );
}
