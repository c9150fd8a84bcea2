//! The naive reference model every property test compares against:
//! enumerate every index in C order and compute its byte offset the slow
//! way, in `i128` so that nothing can overflow.
#![allow(dead_code)]

/// Every index of `shape`, in C (row-major) order.
pub fn indices(shape: &[usize]) -> Vec<Vec<usize>> {
    let total: usize = shape.iter().product();
    let mut out = Vec::with_capacity(total);
    if total == 0 {
        return out;
    }
    let mut idx = vec![0usize; shape.len()];
    loop {
        out.push(idx.clone());
        let mut k = shape.len();
        loop {
            if k == 0 {
                return out;
            }
            k -= 1;
            idx[k] += 1;
            if idx[k] < shape[k] {
                break;
            }
            idx[k] = 0;
        }
    }
}

/// Byte offset of `index` under `strides` and `offset`, computed in `i128`.
pub fn offset_of(strides: &[isize], offset: usize, index: &[usize]) -> i128 {
    index
        .iter()
        .zip(strides)
        .fold(offset as i128, |acc, (&i, &s)| acc + i as i128 * s as i128)
}

/// The byte offsets of every element, in C order of the indices.
pub fn offsets(shape: &[usize], strides: &[isize], offset: usize) -> Vec<i128> {
    indices(shape)
        .iter()
        .map(|i| offset_of(strides, offset, i))
        .collect()
}

/// Whether two distinct indices reach overlapping bytes (`itemsize` each).
pub fn has_overlap(shape: &[usize], strides: &[isize], offset: usize, itemsize: usize) -> bool {
    let mut offs = offsets(shape, strides, offset);
    offs.sort_unstable();
    offs.windows(2).any(|w| w[1] - w[0] < itemsize as i128)
}
