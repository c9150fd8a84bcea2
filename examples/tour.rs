//! A guided tour of `ndview`: `cargo run --release --example tour`.
//!
//! Each step prints what it does and what came out: wrapping bytes, record
//! fields, slicing, contiguity, reshaping, casting, typed access, mutable
//! views and threads, the kernels, `.npy` files, decoding foreign data into
//! owned arrays, compute kernels and files on disk — and, at every step,
//! the requests that have no zero-copy answer, refused with a message that
//! says why.
//!
//! Read it next to `docs/guide.md`, which maps each step to the Python
//! (`memoryview`, NumPy) idiom it replaces.

use ndview::{
    s, Casting, Error, Format, Index, NdArray, NdView, NdViewMut, Order, RawView, RawViewMut,
    Scalar, Zip,
};

fn step(title: &str) {
    println!("\n== {title}");
}

fn main() -> Result<(), Error> {
    step("1. Wrap bytes: a buffer of records, as a file or a socket gives them");
    // Four packed records {id: <u2, temp: <f4, flag: u8}: 7 bytes each.
    let mut buffer = Vec::new();
    for id in 0..4u16 {
        buffer.extend_from_slice(&(100 + id).to_le_bytes());
        buffer.extend_from_slice(&(20.5f32 + f32::from(id)).to_le_bytes());
        buffer.push(u8::from(id % 2 == 0));
    }
    let format = Format::parse("T{<H:id:<f:temp:B:flag:}")?;
    let records = RawView::new(&buffer, format, &[4])?;
    println!("records: {records:?}");
    println!(
        "{} records of {} bytes; record 1 decodes to {}",
        records.len(),
        records.itemsize(),
        records.get(&[1])?
    );

    step("2. A field is a strided view of the same bytes (NumPy's arr['temp'])");
    let temp = records.field("temp")?;
    println!("temp: {temp:?}");
    println!("temp = {temp}");
    println!(
        "same memory as the buffer: {}; aligned for f32: {} (packed records are not)",
        temp.bytes().as_ptr() == buffer.as_ptr(),
        temp.is_aligned()
    );
    println!(
        "so a typed &f32 view is refused: {}",
        temp.typed::<f32>().unwrap_err()
    );
    println!("missing field: {}", records.field("pressure").unwrap_err());

    step("3. Slicing: NumPy's semantics, and no byte is copied");
    let pixels: Vec<u8> = (0..48).collect();
    let image = RawView::new(&pixels, Format::parse("B")?, &[4, 4, 3])?;
    println!(
        "image: shape {:?}, strides {:?}",
        image.shape(),
        image.strides()
    );
    let flipped = image.slice(&"::-1, 1:3, 0".parse()?)?;
    println!("image[::-1, 1:3, 0] =\n{flipped}");
    println!(
        "  shape {:?}, strides {:?} (negative: rows run backwards), offset {}",
        flipped.shape(),
        flipped.strides(),
        flipped.offset()
    );
    println!(
        "  still the same {} bytes at the same address: {}",
        flipped.bytes().len(),
        flipped.bytes().as_ptr() == pixels.as_ptr()
    );
    let same = image.slice(&s![..;-1, 1..3, 0])?;
    println!("the s![] macro builds the same index: {}", same == flipped);
    let added = image.slice(&"..., None, -1".parse()?)?;
    println!("image[..., None, -1]: shape {:?}", added.shape());
    let past_the_end = image.slice(&"1000:".parse()?)?;
    println!(
        "image[1000:] is silently empty, as in Python: shape {:?}",
        past_the_end.shape()
    );
    let strict = image.slice(&"1000:".parse::<Index>()?.strict());
    println!("a strict index refuses it: {}", strict.unwrap_err());
    println!(
        "an integer out of range is always an error: {}",
        image.slice(&"4".parse()?).unwrap_err()
    );

    step("4. Contiguity flags, as CPython and NumPy define them");
    let t = image.transpose();
    let every_other = image.slice(&":, ::2".parse()?)?;
    for (name, v) in [
        ("image", &image),
        ("image.T", &t),
        ("image[:, ::2]", &every_other),
    ] {
        println!(
            "{name:>14}: C {:5}  F {:5}  any {:5}",
            v.is_c_contiguous(),
            v.is_f_contiguous(),
            v.is_contiguous()
        );
    }

    step("5. Reshape without a copy — or an error that says why");
    println!(
        "image.reshape(12, 4): strides {:?}",
        image.reshape(&[12, 4], Order::C)?.strides()
    );
    println!(
        "image.T.reshape(48, order='F'): strides {:?}",
        t.reshape(&[48], Order::F)?.strides()
    );
    println!(
        "image.T.reshape(48) refused:\n  {}",
        t.reshape(&[48], Order::C).unwrap_err()
    );
    println!(
        "image.reshape(5, 10) refused:\n  {}",
        image.reshape(&[5, 10], Order::C).unwrap_err()
    );

    step("6. Casting: memoryview.cast and ndarray.view(dtype)");
    let words: Vec<u32> = (0..12).collect();
    let word_bytes: &[u8] = bytemuck::cast_slice(&words);
    let v = RawView::new(word_bytes, Format::of::<u32>(), &[3, 4])?;
    let as_bytes = v.cast(Format::parse("B")?, &[48])?;
    println!("u32[3,4].cast('B', [48]): shape {:?}", as_bytes.shape());
    let back = as_bytes.cast(Format::parse("=I")?, &[4, 3])?;
    println!("...cast('=I', [4, 3]): shape {:?}", back.shape());
    let halves = v.view_as(Format::parse("<u2")?)?;
    println!(
        "u32[3,4].view('<u2'): shape {:?}, strides {:?}",
        halves.shape(),
        halves.strides()
    );
    let big = v.view_as(Format::parse(">u4")?)?;
    println!(
        "u32[3,4].view('>u4')[0, 1] = {} (same bytes, other order)",
        big.get(&[0, 1])?
    );
    println!(
        "refused: {}",
        v.transpose().cast(Format::parse("B")?, &[48]).unwrap_err()
    );
    println!(
        "refused: {}",
        v.transpose().view_as(Format::parse("<u2")?).unwrap_err()
    );
    println!(
        "refused: {}",
        v.cast(Format::parse("B")?, &[47]).unwrap_err()
    );

    step("7. Typed views: format and alignment checked once, then plain &T");
    let typed: NdView<u32> = v.typed()?;
    println!("typed[1, 2] = {}", typed[[1, 2]]);
    let col = typed.slice(&"::-1, 1".parse()?)?;
    println!("typed[::-1, 1] = {col}, as a Vec {:?}", col.to_vec());
    println!("typed.T =\n{}", typed.transpose());
    let rows: Vec<u32> = typed.lanes(1)?.map(|row| row.iter().sum()).collect();
    println!("row sums through lanes(1): {rows:?}");
    let firsts: Vec<u32> = typed.outer_iter().map(|row| row[[0]]).collect();
    println!("first of every row through outer_iter(): {firsts:?}");
    println!(
        "as_slice: C-contiguous {:?}, transposed {:?}",
        typed.as_slice().map(<[u32]>::len),
        typed.transpose().as_slice().map(<[u32]>::len)
    );
    let shifted = as_bytes
        .slice(&"1:41".parse()?)?
        .cast(Format::parse("=I")?, &[10])?;
    println!("refused: {}", shifted.typed::<u32>().unwrap_err());
    println!("refused: {}", v.typed::<f32>().unwrap_err());
    println!("refused: {}", big.typed::<u32>().unwrap_err());

    step("8. Mutable views write through, refuse aliasing, and split for threads");
    let mut greeting = *b"hello world";
    {
        let mut m = RawViewMut::new(&mut greeting, Format::parse("B")?, &[11])?;
        let mut world = m.reborrow().slice(&"6:".parse()?)?;
        world.set(&[0], &Scalar::UInt(u64::from(b'W')))?;
        println!("world[0] = ord('W') through a sub-view of m");
    }
    println!(
        "the buffer now reads {:?}",
        String::from_utf8_lossy(&greeting)
    );
    let mut region = [0u8; 16];
    let windows = RawViewMut::from_parts(&mut region, Format::parse("B")?, &[4, 4], &[1, 1], 0);
    println!("sliding windows refused: {}", windows.unwrap_err());
    let mut grid: Vec<f64> = (0..16).map(f64::from).collect();
    {
        let mut m = NdViewMut::from_slice_mut(&mut grid, &[4, 4])?;
        m.reborrow().slice(&"::3, ::3".parse()?)?.fill(-1.0);
        let (mut top, mut bottom) = m.split_at_mut(0, 2)?;
        std::thread::scope(|scope| {
            scope.spawn(|| top.map_inplace(|x| *x *= 10.0));
            scope.spawn(|| bottom.map_inplace(|x| *x = -*x));
        });
    }
    println!(
        "corners set to -1, top half x10 and bottom half negated in two threads:\n{}",
        NdView::from_slice(&grid, &[4, 4])?
    );
    let mut grid_again = grid.clone();
    let m = NdViewMut::from_slice_mut(&mut grid_again, &[4, 4])?;
    println!(
        "split along the dense axis refused: {}",
        m.split_at_mut(1, 2).unwrap_err()
    );

    step("9. Kernels: any layout, contiguous runs at full speed");
    let data: Vec<f64> = (1..=12).map(f64::from).collect();
    let a = NdView::from_slice(&data, &[3, 4])?;
    let strided = a.slice(&"::-1, ::2".parse()?)?;
    println!("a[::-1, ::2] =\n{strided}");
    println!(
        "sum {}  mean {:?}  min {:?}  max {:?}",
        strided.sum(),
        strided.mean(),
        strided.min(),
        strided.max()
    );
    println!("a . a (all elements) = {}", a.dot(&a)?);
    println!(
        "a.T . a.T = {} (same elements, same pairs)",
        a.transpose().dot(&a.transpose())?
    );
    println!("a . a.T refused: {}", a.dot(&a.transpose()).unwrap_err());
    let mut out = vec![0.0; 12];
    NdViewMut::from_slice_mut(&mut out, &[4, 3])?.assign(&a.transpose())?;
    println!("assign a.T into a fresh [4, 3] buffer: {out:?}");
    println!(
        "the same through to_vec_in(Order::F): {}",
        a.to_vec_in(Order::F) == out
    );

    step("10. .npy files: written from any layout, read back without a copy");
    let reversed = a.slice(&"::-1".parse()?)?.raw();
    let mut file = Vec::new();
    ndview::npy::write(&mut file, &reversed).map_err(|e| Error::InvalidHeader {
        reason: e.to_string(),
    })?;
    let back = ndview::npy::view(&file)?;
    println!(
        "a[::-1] written as {} bytes ({} of header); read back: format {}, shape {:?}, borrows the file: {}",
        file.len(),
        file.len() - back.nbytes(),
        back.format(),
        back.shape(),
        back.bytes().as_ptr() == file.as_ptr()
    );
    println!("read back =\n{back}");
    let typed_back = back.typed::<f64>();
    println!(
        "as &f64 (only if the file's data happens to be 8-aligned in memory): {}",
        match &typed_back {
            Ok(t) => format!("sum {}", t.sum()),
            Err(e) => e.to_string(),
        }
    );
    let mut structured = Vec::new();
    ndview::npy::write(&mut structured, &records).map_err(|e| Error::InvalidHeader {
        reason: e.to_string(),
    })?;
    let records_back = ndview::npy::view(&structured)?;
    println!(
        "the records round-trip too: {} -> field temp = {}",
        records_back.format(),
        records_back.field("temp")?
    );
    println!(
        "a truncated file is an error, not a panic: {}",
        ndview::npy::view(&file[..file.len() - 1]).unwrap_err()
    );

    step("11. Numbers from any bytes: astype, NumPy's casting levels, sums of any format");
    // Big-endian doubles, as a file written on another machine holds them.
    let be: Vec<u8> = [1.5f64, -2.25, 1e300, 4.0]
        .iter()
        .flat_map(|x| x.to_be_bytes())
        .collect();
    let raw = RawView::new(&be, Format::parse(">f8")?, &[2, 2])?;
    println!(
        "typed::<f64>() refuses: {}",
        raw.typed::<f64>().unwrap_err()
    );
    let decoded: NdArray<f64> = raw.astype::<f64>(Casting::Equiv)?;
    println!("astype::<f64>(Equiv) = {decoded}");
    println!(
        "to f32 under 'safe': {}",
        raw.astype::<f32>(Casting::Safe).unwrap_err()
    );
    println!(
        "to f32 under 'same_value': {}",
        raw.astype::<f32>(Casting::SameValue).unwrap_err()
    );
    println!(
        "to i32 under 'unsafe' (defined everywhere: saturating): {:?}",
        raw.astype::<i32>(Casting::Unsafe)?.into_vec()
    );
    // The packed `temp` field of step 1: misaligned and strided, summed in place.
    let temp = records.field("temp")?;
    println!(
        "records['temp'].sum() without a copy: {} (typed access: {})",
        temp.sum_as::<f64>()?,
        match temp.typed::<f32>() {
            Ok(_) => "aligned".to_string(),
            Err(e) => e.to_string(),
        }
    );

    step("12. Compute kernels: broadcasting Zip, axis reductions, element strides");
    let m: Vec<f64> = (0..12).map(f64::from).collect();
    let mv = NdView::from_slice(&m, &[3, 4])?;
    let row = [10.0, 20.0, 30.0, 40.0];
    let rv = NdView::from_slice(&row, &[4])?;
    let mut out = NdArray::<f64>::zeros(&[3, 4]);
    Zip::from(&mut out.view_mut())
        .and(&mv)?
        .and(&rv)?
        .for_each(|o, &x, &r| *o = x + r);
    println!("out = a + row (the row broadcast) =\n{out}");
    println!(
        "a + a[:3] does not broadcast: {}",
        match Zip::from(&mv).and(&mv.slice(&"..., :3".parse()?)?) {
            Ok(_) => "broadcast".to_string(),
            Err(e) => e.to_string(),
        }
    );
    println!(
        "a.sum(axis=0) = {}, a.T.mean(axis=0) = {}",
        mv.sum_axis(0)?,
        mv.transpose().mean_axis(0)?
    );
    println!(
        "a.T element strides (for a BLAS call): {:?}",
        mv.transpose().element_strides().map(|s| s.to_vec())
    );
    let mut o = out.view_mut();
    o.column_mut(1)?.fill(0.0);
    println!(
        "column 1 zeroed through a borrowed column_mut:\n{}",
        o.view()
    );

    step("13. Files: save any view, load it back into aligned memory");
    let path = std::env::temp_dir().join(format!("ndview-tour-{}.npy", std::process::id()));
    ndview::npy::save(&path, &mv.transpose().raw())?;
    let loaded = ndview::npy::load(&path)?;
    println!(
        "saved a.T as {}; loaded: format {}, shape {:?}, F-contiguous {}, typed sum {}",
        path.display(),
        loaded.format(),
        loaded.shape(),
        loaded.view().is_f_contiguous(),
        loaded.typed::<f64>()?.sum()
    );
    std::fs::remove_file(&path).ok();
    println!(
        "a missing file names the path and the reason: {}",
        ndview::npy::load(&path).unwrap_err()
    );
    Ok(())
}
