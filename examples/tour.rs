//! A guided tour of `ndview`: `cargo run --release --example tour`.
//!
//! Each step prints what it does and what came out: wrapping bytes,
//! record fields, slicing, contiguity, reshaping, casting, the refusals and
//! their messages, typed access and a small kernel.

use ndview::{Error, Format, NdView, NdViewMut, Order, RawView, RawViewMut, Scalar};

fn step(title: &str) {
    println!("\n== {title}");
}

fn main() -> Result<(), Error> {
    step("1. Wrap bytes: a buffer of records, as a file or socket would give them");
    // Four packed records {id: <u2, temp: <f4, flag: u8}: 7 bytes each.
    let mut buffer = Vec::new();
    for id in 0..4u16 {
        buffer.extend_from_slice(&(100 + id).to_le_bytes());
        buffer.extend_from_slice(&(20.5f32 + f32::from(id)).to_le_bytes());
        buffer.push(u8::from(id % 2 == 0));
    }
    let records = RawView::new(&buffer, Format::parse("T{<H:id:<f:temp:B:flag:}")?, &[4])?;
    println!("records: {records:?}");
    println!(
        "itemsize {} bytes, {} records",
        records.itemsize(),
        records.len()
    );

    step("2. A field is a strided view of the same bytes (NumPy's arr['temp'])");
    let temp = records.field("temp")?;
    println!("temp: {temp:?}  ->  {temp}");
    println!(
        "same memory as the buffer: {}",
        temp.bytes().as_ptr() == buffer.as_ptr()
    );
    println!(
        "aligned for f32? {} (packed records are not)",
        temp.is_aligned()
    );

    step("3. Slicing is NumPy's, and copies nothing");
    let pixels: Vec<u8> = (0..48).collect();
    let image = RawView::new(&pixels, Format::parse("B")?, &[4, 4, 3])?;
    let flipped = image.slice(&"::-1, 1:3, 0".parse()?)?;
    println!("image[::-1, 1:3, 0] = {flipped}");
    println!(
        "shape {:?}, strides {:?}, offset {} — still the same {} bytes",
        flipped.shape(),
        flipped.strides(),
        flipped.offset(),
        flipped.bytes().len()
    );
    let past_the_end = image.slice(&"1000:".parse()?)?;
    println!(
        "image[1000:] is silently empty, like Python: shape {:?}",
        past_the_end.shape()
    );
    let strict = image.slice(&"1000:".parse::<ndview::Index>()?.strict());
    println!("...but a strict index says why: {}", strict.unwrap_err());

    step("4. Contiguity, as CPython and NumPy define it");
    let t = image.transpose();
    println!(
        "image: C {} F {};  image.T: C {} F {};  image[:, ::2]: C {}",
        image.is_c_contiguous(),
        image.is_f_contiguous(),
        t.is_c_contiguous(),
        t.is_f_contiguous(),
        image.slice(&":, ::2".parse()?)?.is_c_contiguous()
    );

    step("5. Reshape without copy — or an error that says why");
    println!(
        "image.reshape(12, 4) strides {:?}",
        image.reshape(&[12, 4], Order::C)?.strides()
    );
    match t.reshape(&[48], Order::C) {
        Ok(_) => println!("unexpected: a transposed view flattened in C order"),
        Err(e) => println!("image.T.reshape(48): {e}"),
    }
    println!(
        "image.T.reshape(48, order=F) works: strides {:?}",
        t.reshape(&[48], Order::F)?.strides()
    );

    step("6. Casting: memoryview.cast and ndarray.view(dtype)");
    let words: Vec<u32> = (0..12).collect();
    let word_bytes: &[u8] = bytemuck::cast_slice(&words);
    let v = RawView::new(word_bytes, Format::of::<u32>(), &[3, 4])?;
    let as_bytes = v.cast(Format::parse("B")?, &[48])?;
    println!("u32[3,4].cast('B', [48]): shape {:?}", as_bytes.shape());
    let halves = v.view_as(Format::parse("<u2")?)?;
    println!(
        "u32[3,4].view('<u2'): shape {:?}, strides {:?}",
        halves.shape(),
        halves.strides()
    );
    println!(
        "refused: {}",
        v.transpose().cast(Format::parse("B")?, &[48]).unwrap_err()
    );
    println!(
        "refused: {}",
        v.transpose().view_as(Format::parse("<u2")?).unwrap_err()
    );
    let shifted = as_bytes
        .slice(&"1:41".parse()?)?
        .cast(Format::parse("=I")?, &[10])?;
    println!("refused: {}", shifted.typed::<u32>().unwrap_err());
    println!("refused: {}", v.typed::<f32>().unwrap_err());

    step("7. Typed views: &T access, iteration, copy-out");
    let typed: NdView<u32> = v.typed()?;
    println!("typed[1, 2] = {}", typed[[1, 2]]);
    let col = typed.slice(&"::-1, 1".parse()?)?;
    println!("typed[::-1, 1] = {col}, as a Vec {:?}", col.to_vec());
    println!("typed.T =\n{}", typed.transpose());

    step("8. Mutable views write through, and refuse aliasing");
    let mut greeting = *b"hello world";
    {
        let mut m = RawViewMut::new(&mut greeting, Format::parse("B")?, &[11])?;
        m.set(&[6], &Scalar::UInt(u64::from(b'W')))?;
    }
    println!("{}", String::from_utf8_lossy(&greeting));
    let mut region = [0u8; 16];
    let aliasing = RawViewMut::from_parts(&mut region, Format::parse("B")?, &[4, 4], &[1, 1], 0);
    println!("refused: {}", aliasing.unwrap_err());

    step("9. A kernel over a strided view, in threads");
    let mut grid: Vec<f64> = (0..16).map(f64::from).collect();
    {
        let m = NdViewMut::from_slice_mut(&mut grid, &[4, 4])?;
        let (mut top, mut bottom) = m.split_at_mut(0, 2)?;
        std::thread::scope(|s| {
            s.spawn(|| top.iter_mut().for_each(|x| *x *= 2.0));
            s.spawn(|| bottom.iter_mut().for_each(|x| *x = -*x));
        });
    }
    let g = NdView::from_slice(&grid, &[4, 4])?;
    let diagonal_sum: f64 = g.diagonal(0, 1, 0)?.iter().sum();
    println!("grid =\n{g}\ndiagonal sum = {diagonal_sum}");
    Ok(())
}
