//! Feeding strided views to a SIMD-friendly kernel:
//! `cargo run --release --example kernel`.
//!
//! A kernel that wants contiguous `&[f32]` gets them through
//! [`NdView::lanes`] and [`NdView::as_slice`]: a lane along a dense axis is
//! one slice (the fast path, which the compiler vectorises), a lane along
//! any other axis is a strided 1-d view (the fallback loop). The same code
//! then normalises the rows of a matrix (dense lanes) and its columns
//! (strided lanes of the transposed view), without copying the matrix.
//!
//! Last, a BLAS-style kernel (`matrixmultiply::dgemm`) multiplies a padded
//! image by a transposed view into every other column of a buffer, with
//! the element strides from `element_strides()`.
//!
//! Every result is checked against a naive loop over `get(&[i, j])`; the
//! program prints results, never timings, so that it is deterministic.

use ndview::{Error, NdView};

/// Sum and sum of squares of one lane.
fn moments(lane: &NdView<'_, f32>) -> (f32, f32) {
    match lane.as_slice() {
        // Fast path: a contiguous lane. Eight independent accumulators let
        // the compiler keep them in one vector register.
        Some(xs) => {
            let mut sum = [0.0f32; 8];
            let mut sq = [0.0f32; 8];
            let chunks = xs.chunks_exact(8);
            let tail = chunks.remainder();
            for chunk in chunks {
                for k in 0..8 {
                    sum[k] += chunk[k];
                    sq[k] += chunk[k] * chunk[k];
                }
            }
            let (mut s, mut q) = (sum.iter().sum::<f32>(), sq.iter().sum::<f32>());
            for &x in tail {
                s += x;
                q += x * x;
            }
            (s, q)
        }
        // Fallback: a strided lane, visited element by element.
        None => lane
            .iter()
            .fold((0.0, 0.0), |(s, q), &x| (s + x, q + x * x)),
    }
}

/// Normalises every lane along the last axis of a 2-d view to mean 0 and
/// standard deviation 1; the result is in C order of `v`'s shape. Returns
/// the result and how many lanes took the contiguous fast path.
fn normalise_rows(v: &NdView<'_, f32>) -> Result<(Vec<f32>, usize), Error> {
    let n = v.shape()[1];
    let mut out = vec![0.0; v.len()];
    let mut fast = 0;
    // `lanes(1)` yields the rows in order, so row `r` goes to chunk `r`.
    for (row, dst) in v.lanes(1)?.zip(out.chunks_exact_mut(n.max(1))) {
        let (s, q) = moments(&row);
        let mean = s / n as f32;
        let scale = 1.0 / (q / n as f32 - mean * mean).sqrt();
        match row.as_slice() {
            Some(xs) => {
                fast += 1;
                for (d, &x) in dst.iter_mut().zip(xs) {
                    *d = (x - mean) * scale;
                }
            }
            None => {
                for (d, &x) in dst.iter_mut().zip(row.iter()) {
                    *d = (x - mean) * scale;
                }
            }
        }
    }
    Ok((out, fast))
}

/// A 3-point smoothing stencil `(x[j-1] + 2 x[j] + x[j+1]) / 4` along the
/// last axis (interior points only), in C order of the interior.
fn smooth_rows(v: &NdView<'_, f32>) -> Result<Vec<f32>, Error> {
    let mut out = Vec::with_capacity(v.len());
    for row in v.lanes(1)? {
        match row.as_slice() {
            Some(xs) => out.extend(xs.windows(3).map(|w| (w[0] + 2.0 * w[1] + w[2]) * 0.25)),
            None => {
                let xs: Vec<f32> = row.to_vec(); // one row, not the matrix
                out.extend(xs.windows(3).map(|w| (w[0] + 2.0 * w[1] + w[2]) * 0.25));
            }
        }
    }
    Ok(out)
}

/// The naive reference: every element through `get`.
fn naive_normalise(v: &NdView<'_, f32>) -> Vec<f32> {
    let (m, n) = (v.shape()[0], v.shape()[1]);
    let at = |i, j| f64::from(*v.get(&[i, j]).expect("in bounds"));
    let mut out = Vec::with_capacity(m * n);
    for i in 0..m {
        let mean = (0..n).map(|j| at(i, j)).sum::<f64>() / n as f64;
        let var = (0..n).map(|j| (at(i, j) - mean).powi(2)).sum::<f64>() / n as f64;
        out.extend((0..n).map(|j| ((at(i, j) - mean) / var.sqrt()) as f32));
    }
    out
}

fn naive_smooth(v: &NdView<'_, f32>) -> Vec<f32> {
    let (m, n) = (v.shape()[0], v.shape()[1]);
    let at = |i, j| *v.get(&[i, j]).expect("in bounds");
    let mut out = Vec::new();
    for i in 0..m {
        for j in 1..n - 1 {
            out.push((at(i, j - 1) + 2.0 * at(i, j) + at(i, j + 1)) * 0.25);
        }
    }
    out
}

fn close(a: &[f32], b: &[f32], tol: f32) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
}

fn check(what: &str, ok: bool) {
    println!("{what}: {}", if ok { "ok" } else { "MISMATCH" });
    assert!(ok, "{what} disagrees with the naive loop");
}

fn main() -> Result<(), Error> {
    // A 64 x 48 matrix of f32, deterministic.
    let (m, n) = (64usize, 48usize);
    let data: Vec<f32> = (0..m * n)
        .map(|k| ((k % n) * 7 + (k / n) * 13) % 17)
        .map(|x| x as f32 * 0.25 - 2.0)
        .collect();
    let a = NdView::from_slice(&data, &[m, n])?;
    let at = a.transpose(); // the columns of `a` are the rows of `a.T`
    println!("a: shape {:?}, strides {:?}", a.shape(), a.strides());
    println!("a.T: shape {:?}, strides {:?}", at.shape(), at.strides());

    // Row-wise normalisation: every lane is contiguous.
    let (rows, fast) = normalise_rows(&a)?;
    println!("row normalisation: {fast} of {m} lanes on the contiguous fast path");
    println!("  row 0 starts {:.4?}", &rows[..4]);
    check(
        "  against the naive loop",
        close(&rows, &naive_normalise(&a), 1e-4),
    );

    // Column-wise normalisation: the same code on `a.T`, strided lanes.
    let (cols, fast) = normalise_rows(&at)?;
    println!("column normalisation: {fast} of {n} lanes on the contiguous fast path");
    println!("  column 0 starts {:.4?}", &cols[..4]);
    check(
        "  against the naive loop",
        close(&cols, &naive_normalise(&at), 1e-4),
    );

    // A stencil over a strided sub-view: every other row, reversed columns.
    let sub = a.slice(&"::2, ::-1".parse()?)?;
    let smooth = smooth_rows(&sub)?;
    println!(
        "3-point stencil over a[::2, ::-1] (strides {:?}): {} values, first {:.4?}",
        sub.strides(),
        smooth.len(),
        &smooth[..3]
    );
    check(
        "  against the naive loop",
        close(&smooth, &naive_smooth(&sub), 1e-6),
    );

    // The built-in kernels take any layout.
    let naive_sum: f64 = data.iter().map(|&x| f64::from(x)).sum();
    let naive_dot: f64 = data.iter().map(|&x| f64::from(x) * f64::from(x)).sum();
    println!("a.sum() = {}, a.T.sum() = {}", a.sum(), at.sum());
    check(
        "  against the naive loop",
        (f64::from(a.sum()) - naive_sum).abs() < 1e-2
            && (f64::from(at.sum()) - naive_sum).abs() < 1e-2,
    );
    println!(
        "a.dot(&a) = {}, a.T.dot(&a.T) = {}",
        a.dot(&a)?,
        at.dot(&at)?
    );
    check(
        "  against the naive loop",
        (f64::from(a.dot(&a)?) - naive_dot).abs() < 1e-1,
    );
    let col_sums: Vec<f32> = a.lanes(0)?.map(|c| c.sum()).collect();
    let naive_cols: Vec<f32> = (0..n)
        .map(|j| (0..m).map(|i| data[i * n + j]).sum())
        .collect();
    println!(
        "column sums via lanes(0) and sum(): first {:.4?}",
        &col_sums[..4]
    );
    check(
        "  against the naive loop",
        close(&col_sums, &naive_cols, 1e-3),
    );
    // The same, with the axis reduction (rows accumulated in memory order).
    let col_sums_axis = a.sum_axis(0)?;
    check(
        "column sums via sum_axis(0)",
        close(col_sums_axis.as_slice(), &naive_cols, 1e-3),
    );

    gemm_on_padded_views()?;
    Ok(())
}

/// `c = a · bᵀ` with `matrixmultiply::dgemm` on strided views: `a` is the
/// interior of a padded image (rows 10 elements apart, 2 of padding), `b`
/// a transposed view, `c` every other column of a wider buffer. The
/// element strides come from `element_strides()`, never from dividing
/// byte strides by hand.
fn gemm_on_padded_views() -> Result<(), Error> {
    let (m, k, n) = (6usize, 8usize, 5usize);
    let padded: Vec<f64> = (0..m * 10)
        .map(|x| (x % 10) as f64 - 0.5 * (x / 10) as f64)
        .collect();
    let a = NdView::<f64>::from_parts(bytemuck::cast_slice(&padded), &[m, k], &[80, 8], 8)?;
    let b_store: Vec<f64> = (0..k * n).map(|x| ((x * 7) % 11) as f64 * 0.25).collect();
    let b = NdView::from_slice(&b_store, &[n, k])?.transpose(); // k × n, column-major
    let mut c_store = vec![0.0f64; m * 2 * n];
    let mut c = ndview::NdViewMut::<f64>::from_parts_mut(
        bytemuck::cast_slice_mut(&mut c_store),
        &[m, n],
        &[16 * n as isize, 16],
        0,
    )?;
    let (ea, eb, ec) = (
        a.element_strides().expect("f64 strides"),
        b.element_strides().expect("f64 strides"),
        c.element_strides().expect("f64 strides"),
    );
    println!(
        "dgemm on strided views: a strides {:?} (elements), b {:?}, c {:?}",
        &ea[..],
        &eb[..],
        &ec[..]
    );
    let c_ptr = c
        .get_mut(&[0, 0])
        .map(|x| x as *mut f64)
        .expect("c is not empty");
    // SAFETY: every pointer is element [0, 0] of a view whose shape and
    // element strides are passed with it, so dgemm reads and writes only
    // elements of those views; `c` is borrowed mutably for the call and
    // does not overlap `a` or `b` (separate buffers).
    unsafe {
        matrixmultiply::dgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            ea[0],
            ea[1],
            b.as_ptr(),
            eb[0],
            eb[1],
            0.0,
            c_ptr,
            ec[0],
            ec[1],
        );
    }
    let mut ok = true;
    for i in 0..m {
        for j in 0..n {
            let expect: f64 = (0..k).map(|p| a[[i, p]] * b[[p, j]]).sum();
            ok &= (c[[i, j]] - expect).abs() < 1e-9;
        }
    }
    println!("  c[0] = {:?}", c.row(0)?.to_vec());
    check("  against the naive loop", ok);
    Ok(())
}
