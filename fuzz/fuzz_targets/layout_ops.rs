//! `from_parts` with arbitrary shape, strides, offset and region length,
//! then a random chain of layout operations. Every view that is produced is
//! checked against the reference model: each element's bytes, computed the
//! slow way from shape, strides and offset, lie inside the region and are
//! the bytes `get_bytes` and `to_bytes` give. Every mutable view accepted
//! has no two elements sharing a byte.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ndview::{Format, Index, Order, RawView, RawViewMut};

const FORMATS: &[&str] = &["B", "<u2", "<i4", ">f8", "T{<i:a:B:b:}", "3s"];

struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let (first, rest) = self.0.split_first().unwrap_or((&0, &[]));
        self.0 = rest;
        *first
    }
    fn stride(&mut self) -> isize {
        match self.byte() {
            250 => isize::MAX,
            251 => isize::MIN,
            252 => isize::MAX / 2,
            b => (b as i8 as isize) * isize::from(self.byte() % 4 + 1),
        }
    }
}

/// Checks `v` against the model; returns the number of elements checked.
fn check(v: &RawView<'_>) {
    if v.len() > 4096 {
        return;
    }
    let (region, itemsize) = (v.bytes(), v.itemsize());
    let mut expected = Vec::with_capacity(v.nbytes());
    let shape = v.shape().to_vec();
    let mut index = vec![0usize; shape.len()];
    for _ in 0..v.len() {
        let at: i128 = index
            .iter()
            .zip(v.strides())
            .fold(v.offset() as i128, |acc, (&i, &s)| acc + i as i128 * s as i128);
        assert!(at >= 0 && at as usize + itemsize <= region.len(), "element outside the region");
        let bytes = &region[at as usize..at as usize + itemsize];
        assert_eq!(v.get_bytes(&index), Some(bytes));
        expected.extend_from_slice(bytes);
        for k in (0..shape.len()).rev() {
            index[k] += 1;
            if index[k] < shape[k] {
                break;
            }
            index[k] = 0;
        }
    }
    assert_eq!(v.to_bytes(Order::C), expected);
}

fn overlaps(v: &RawViewMut<'_>) -> bool {
    let mut offsets = Vec::new();
    let shape = v.shape().to_vec();
    let mut index = vec![0usize; shape.len()];
    for _ in 0..v.len() {
        offsets.push(
            index
                .iter()
                .zip(v.strides())
                .fold(v.offset() as i128, |acc, (&i, &s)| acc + i as i128 * s as i128),
        );
        for k in (0..shape.len()).rev() {
            index[k] += 1;
            if index[k] < shape[k] {
                break;
            }
            index[k] = 0;
        }
    }
    offsets.sort_unstable();
    offsets.windows(2).any(|w| w[1] - w[0] < v.itemsize() as i128)
}

fuzz_target!(|data: &[u8]| {
    let mut b = Bytes(data);
    let format = Format::parse(FORMATS[b.byte() as usize % FORMATS.len()]).unwrap();
    let ndim = b.byte() as usize % 6;
    let shape: Vec<usize> = (0..ndim).map(|_| b.byte() as usize % 6).collect();
    let strides: Vec<isize> = (0..ndim).map(|_| b.stride()).collect();
    let offset = b.byte() as usize * 2;
    let region_len = b.byte() as usize * 4;
    let mut region = vec![0u8; region_len];
    for (i, x) in region.iter_mut().enumerate() {
        *x = i as u8;
    }
    if let Ok(m) = RawViewMut::from_parts(&mut region, format.clone(), &shape, &strides, offset) {
        if m.len() <= 4096 {
            assert!(!overlaps(&m), "an aliasing layout was accepted as mutable");
        }
    }
    let Ok(mut v) = RawView::from_parts(&region, format, &shape, &strides, offset) else { return };
    check(&v);
    for _ in 0..8 {
        let nd = v.ndim();
        let axis = |x: u8| if nd == 0 { 0 } else { x as usize % nd };
        let next = match b.byte() % 12 {
            0 => {
                let items: Vec<String> = (0..b.byte() % 4)
                    .map(|_| match b.byte() % 5 {
                        0 => format!("{}", b.byte() as i8 % 4),
                        1 => "...".into(),
                        2 => "None".into(),
                        3 => format!("{}:{}:{}", b.byte() as i8 % 5, b.byte() as i8 % 5, (b.byte() as i8 % 3) | 1),
                        _ => ":".into(),
                    })
                    .collect();
                items.join(",").parse::<Index>().and_then(|i| v.slice(&i))
            }
            1 => Ok(v.transpose()),
            2 => v.swap_axes(axis(b.byte()), axis(b.byte())),
            3 => v.flip(axis(b.byte())),
            4 => v.insert_axis(b.byte() as usize % (nd + 1)),
            5 => Ok(v.squeeze()),
            6 => {
                let mut perm: Vec<usize> = (0..nd).collect();
                perm.rotate_left(if nd == 0 { 0 } else { b.byte() as usize % nd });
                v.permute_axes(&perm)
            }
            7 => {
                let order = if b.byte() % 2 == 0 { Order::C } else { Order::F };
                v.reshape(&[v.len()], order)
            }
            8 => {
                let mut shape = vec![b.byte() as usize % 3 + 1];
                shape.extend_from_slice(v.shape());
                v.broadcast_to(&shape)
            }
            9 => v.split_at(axis(b.byte()), b.byte() as usize % 4).map(|(a, _)| a),
            10 => v.cast(Format::parse("B").unwrap(), &[v.nbytes()]),
            _ => v.view_as(Format::parse("B").unwrap()),
        };
        if let Ok(next) = next {
            check(&next);
            v = next;
        }
    }
});
