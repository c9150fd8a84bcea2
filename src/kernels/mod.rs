//! The loops: copy-out and assignment over validated layouts.
//!
//! Every function here gets views whose layouts were checked once when the
//! view was made, so the loops only walk offsets. Dense views go through one
//! `memcpy`; everything else walks the elements in the requested order.

use alloc::vec::Vec;

use crate::format::Element;
use crate::layout::{Layout, Order};
use crate::view::{NdView, NdViewMut};

/// The layout whose C-order walk visits `layout`'s elements in `order`.
fn walk_order(layout: &Layout, order: Order) -> Layout {
    match order {
        Order::C => layout.clone(),
        Order::F => layout.transpose(),
    }
}

/// The elements of `view` copied out in `order`.
pub(crate) fn copy_out<T: Element>(view: &NdView<'_, T>, order: Order) -> Vec<T> {
    let walk = walk_order(view.layout(), order);
    if walk.is_c_contiguous(view.itemsize()) {
        let dense = view.with_layout(walk);
        if let Some(all) = dense.as_slice() {
            return all.to_vec();
        }
    }
    let walked = view.with_layout(walk);
    walked.iter().copied().collect()
}

/// The element bytes of a raw view copied out in `order`.
pub(crate) fn copy_out_bytes(region: &[u8], layout: &Layout, itemsize: usize, order: Order) -> Vec<u8> {
    let walk = walk_order(layout, order);
    let total = layout.len() * itemsize;
    if walk.is_c_contiguous(itemsize) {
        let at = if layout.is_empty() { 0 } else { walk.offset() };
        return region[at..at + total].to_vec();
    }
    let mut out = Vec::with_capacity(total);
    for at in crate::view::offsets_of(&walk) {
        out.extend_from_slice(&region[at..at + itemsize]);
    }
    out
}

/// `dst[i] = src[i]` for every index (shapes already checked equal).
pub(crate) fn assign<T: Element>(dst: &mut NdViewMut<'_, T>, src: &NdView<'_, T>) {
    if let (Some(d), Some(s)) = (dst.as_slice_mut(), src.as_slice()) {
        d.copy_from_slice(s);
        return;
    }
    for (d, s) in dst.iter_mut().zip(src.iter()) {
        *d = *s;
    }
}
