//! Property tests of the views against the naive reference model
//! (`tests/common/model.rs`): random layouts — rank 0 to 7 (ranks of 7 and
//! more spill `Dims` to the heap), lengths 0 to 4, strides of any sign
//! including 0, misaligned offsets, regions of any length — are accepted
//! exactly when the model finds every element inside the region, and every
//! accessor, copy, reduction and layout operation agrees with the model
//! computed index by index. Mutable views are accepted only when no two
//! elements share a byte, and their writes touch exactly the model's bytes.
mod common;

use common::model::{has_overlap, indices, offset_of, offsets};
use ndview::{Error, Format, Index, NdView, NdViewMut, Order, RawView, RawViewMut};
use proptest::prelude::*;

/// Case counts: the full count natively, a handful under Miri.
fn cases(n: u32) -> ProptestConfig {
    ProptestConfig::with_cases(if cfg!(miri) { 4 } else { n })
}

/// A region of `len` bytes at an 8-aligned address (from a `u64` buffer),
/// filled with a recognisable pattern.
fn region(len: usize) -> Vec<u64> {
    let mut words = vec![0u64; len.div_ceil(8).max(1)];
    for (i, b) in bytemuck::cast_slice_mut::<u64, u8>(&mut words)
        .iter_mut()
        .enumerate()
    {
        *b = (i as u8).wrapping_mul(37).wrapping_add(11);
    }
    words
}

/// A random layout: (shape, strides, offset, region length).
#[derive(Clone, Debug)]
struct Parts {
    shape: Vec<usize>,
    strides: Vec<isize>,
    offset: usize,
    region_len: usize,
}

/// Strides are multiples of `unit` most of the time, anything sometimes.
fn parts(unit: isize, max_region: usize) -> impl Strategy<Value = Parts> {
    (0usize..=7)
        .prop_flat_map(move |rank| {
            let max_len: usize = if rank > 4 { 2 } else { 4 };
            (
                prop::collection::vec(0usize..=max_len, rank),
                prop::collection::vec(
                    prop_oneof![
                        4 => (-6isize..=6).prop_map(move |k| k * unit),
                        1 => -20isize..=20,
                    ],
                    rank,
                ),
                prop_oneof![3 => (0usize..12).prop_map(move |k| k * unit as usize), 1 => 0usize..100],
                0..=max_region,
            )
        })
        .prop_map(|(shape, strides, offset, region_len)| Parts {
            shape,
            strides,
            offset,
            region_len,
        })
}

/// Whether the model finds every element's `itemsize` bytes in the region
/// (and, for an empty view, the offset inside or at the end of it).
fn model_in_bounds(p: &Parts, itemsize: usize) -> bool {
    let offs = offsets(&p.shape, &p.strides, p.offset);
    if offs.is_empty() {
        return p.offset <= p.region_len;
    }
    offs.iter()
        .all(|&o| o >= 0 && o + itemsize as i128 <= p.region_len as i128)
}

/// Every index in Fortran order (the first index varies fastest).
fn indices_f(shape: &[usize]) -> Vec<Vec<usize>> {
    let rev: Vec<usize> = shape.iter().rev().copied().collect();
    indices(&rev)
        .into_iter()
        .map(|mut i| {
            i.reverse();
            i
        })
        .collect()
}

/// The model's bytes of every element of a raw view, in the given index order.
fn model_bytes(v: &RawView<'_>, order: &[Vec<usize>]) -> Vec<u8> {
    let (region, n) = (v.bytes(), v.itemsize());
    let mut out = Vec::new();
    for i in order {
        let at = offset_of(v.strides(), v.offset(), i);
        assert!(
            at >= 0 && at as usize + n <= region.len(),
            "element {i:?} outside the region"
        );
        out.extend_from_slice(&region[at as usize..at as usize + n]);
    }
    out
}

/// The set of region bytes a view's elements cover.
fn covered(v: &RawView<'_>) -> Vec<bool> {
    let mut set = vec![false; v.bytes().len()];
    for i in indices(v.shape()) {
        let at = offset_of(v.strides(), v.offset(), &i) as usize;
        for b in &mut set[at..at + v.itemsize()] {
            *b = true;
        }
    }
    set
}

/// Checks a raw view against the model: each element's bytes via
/// `get_bytes`, `get`, and both copy-out orders.
fn check_raw(v: &RawView<'_>) {
    let c = indices(v.shape());
    for i in &c {
        let at = offset_of(v.strides(), v.offset(), i) as usize;
        let bytes = &v.bytes()[at..at + v.itemsize()];
        assert_eq!(v.get_bytes(i), Some(bytes));
        // Debug strings, so that NaN compares equal to itself.
        assert_eq!(
            format!("{:?}", v.get(i).unwrap()),
            format!("{:?}", v.format().decode(bytes).unwrap())
        );
    }
    assert_eq!(v.to_bytes(Order::C), model_bytes(v, &c));
    assert_eq!(v.to_bytes(Order::F), model_bytes(v, &indices_f(v.shape())));
    // One past the end of any axis is refused.
    for k in 0..v.ndim() {
        let mut i = vec![0; v.ndim()];
        i[k] = v.shape()[k];
        assert_eq!(v.get_bytes(&i), None);
    }
}

const RAW_FORMATS: &[&str] = &["B", "<u2", ">i4", "3s", "<f8", "T{<h:a:B:b:}"];

proptest! {
    #![proptest_config(cases(3000))]

    #[test]
    fn raw_from_parts_accepts_exactly_the_in_bounds_layouts(
        p in parts(1, 96),
        f in 0..RAW_FORMATS.len(),
    ) {
        let format = Format::parse(RAW_FORMATS[f]).unwrap();
        let itemsize = format.itemsize();
        let words = region(p.region_len);
        let bytes = &bytemuck::cast_slice::<u64, u8>(&words)[..p.region_len];
        let r = RawView::from_parts(bytes, format, &p.shape, &p.strides, p.offset);
        if model_in_bounds(&p, itemsize) {
            let v = r.unwrap();
            prop_assert_eq!(v.shape(), &p.shape[..]);
            prop_assert_eq!(v.len(), indices(&p.shape).len());
            check_raw(&v);
        } else {
            prop_assert!(matches!(r, Err(Error::OutOfBounds { .. })), "{:?}", r.err());
        }
    }

    #[test]
    fn typed_views_agree_with_the_model(p in parts(8, 128)) {
        // Small integers as f64, so every summation order gives the same sum.
        let data: Vec<f64> = (0..16).map(|i| ((i * 7) % 16) as f64).collect();
        let bytes = &bytemuck::cast_slice::<f64, u8>(&data)[..p.region_len];
        let r = NdView::<f64>::from_parts(bytes, &p.shape, &p.strides, p.offset);
        let elements = indices(&p.shape);
        let offs = offsets(&p.shape, &p.strides, p.offset);
        let aligned = elements.is_empty()
            || (p.offset % 8 == 0
                && p.shape.iter().zip(&p.strides).all(|(&n, &s)| n <= 1 || s % 8 == 0));
        if !model_in_bounds(&p, 8) {
            prop_assert!(matches!(r, Err(Error::OutOfBounds { .. }) | Err(Error::Misaligned { .. })), "{:?}", r.err());
            return Ok(());
        }
        if !aligned {
            prop_assert!(matches!(r, Err(Error::Misaligned { .. })), "{:?}", r.err());
            return Ok(());
        }
        let v = r.unwrap();
        let value = |o: i128| f64::from_ne_bytes(bytes[o as usize..o as usize + 8].try_into().unwrap());
        let expected: Vec<f64> = offs.iter().map(|&o| value(o)).collect();
        for (i, &x) in elements.iter().zip(&expected) {
            prop_assert_eq!(v.get(i), Some(&x));
            prop_assert_eq!(v[i.as_slice()], x);
        }
        prop_assert_eq!(v.iter().copied().collect::<Vec<_>>(), expected.clone());
        let mut backwards: Vec<f64> = v.iter().rev().copied().collect();
        backwards.reverse();
        prop_assert_eq!(&backwards, &expected);
        prop_assert_eq!(v.iter().len(), expected.len());
        prop_assert_eq!(v.to_vec(), expected.clone());
        let f: Vec<f64> = indices_f(&p.shape).iter().map(|i| value(offset_of(&p.strides, p.offset, i))).collect();
        prop_assert_eq!(v.to_vec_in(Order::F), f);
        prop_assert_eq!(v.sum(), expected.iter().sum::<f64>());
        prop_assert_eq!(v.iter().sum::<f64>(), expected.iter().sum::<f64>());
        prop_assert_eq!(v.fold(0.0, |a, &x| a + x), expected.iter().sum::<f64>());
        prop_assert_eq!(v.min(), expected.iter().copied().reduce(f64::min));
        prop_assert_eq!(v.max(), expected.iter().copied().reduce(f64::max));
        // Slices: only for dense blocks, and then exactly the elements.
        let c_dense = offs.windows(2).all(|w| w[1] - w[0] == 8);
        match v.as_slice() {
            Some(s) => prop_assert_eq!(s, &expected[..]),
            None => prop_assert!(!c_dense || expected.is_empty(), "C-dense but no slice"),
        }
        let mut sorted = offs.clone();
        sorted.sort_unstable();
        let dense = sorted.windows(2).all(|w| w[1] - w[0] == 8);
        match v.as_slice_memory_order() {
            Some(s) => {
                prop_assert_eq!(s.len(), expected.len());
                if let Some(&low) = sorted.first() {
                    let base = bytes.as_ptr() as usize;
                    prop_assert_eq!(s.as_ptr() as usize, base + low as usize);
                    prop_assert!(dense);
                }
            }
            None => prop_assert!(!dense || expected.is_empty(), "dense but no slice"),
        }
    }

    #[test]
    fn mutable_views_are_accepted_only_without_overlap(
        p in parts(1, 64),
        itemsize in prop_oneof![Just(1usize), Just(2), Just(4), Just(3)],
    ) {
        let format = Format::parse(match itemsize { 1 => "B", 2 => "<u2", 3 => "3s", _ => "<u4" }).unwrap();
        let mut words = region(p.region_len);
        let bytes = &mut bytemuck::cast_slice_mut::<u64, u8>(&mut words)[..p.region_len];
        let r = RawViewMut::from_parts(bytes, format, &p.shape, &p.strides, p.offset);
        if let Ok(m) = &r {
            prop_assert!(model_in_bounds(&p, itemsize));
            prop_assert!(!has_overlap(&p.shape, &p.strides, p.offset, itemsize), "{:?}", m.strides());
        } else if !model_in_bounds(&p, itemsize) {
            prop_assert!(matches!(r, Err(Error::OutOfBounds { .. })), "{:?}", r.err());
        } else {
            prop_assert!(matches!(r, Err(Error::Overlap { .. })), "{:?}", r.err());
        }
    }

    #[test]
    fn typed_mutable_views_are_accepted_only_without_overlap(p in parts(4, 64)) {
        let mut words = region(p.region_len);
        let bytes = &mut bytemuck::cast_slice_mut::<u64, u8>(&mut words)[..p.region_len];
        if NdViewMut::<u32>::from_parts_mut(bytes, &p.shape, &p.strides, p.offset).is_ok() {
            prop_assert!(model_in_bounds(&p, 4));
            prop_assert!(!has_overlap(&p.shape, &p.strides, p.offset, 4));
        }
    }
}

/// One random layout operation, and the map from the result's indices to
/// the parent's where that is cheap to state (`None`: only the region and
/// subset checks apply).
#[derive(Clone, Debug)]
enum Op {
    Slice(Vec<Item>),
    Transpose,
    Permute(usize),
    Flip(usize),
    InsertAxis(usize),
    RemoveAxis(usize),
    IndexAxis(usize, isize),
    Reshape(bool, usize),
    Broadcast(usize),
    SplitAt(usize, usize, bool),
    Diagonal(usize, usize, isize),
    CastBytes,
    ViewAs(&'static str),
}

#[derive(Clone, Debug)]
enum Item {
    Int(isize),
    Slice(Option<isize>, Option<isize>, isize),
    Ellipsis,
    NewAxis,
}

fn item() -> impl Strategy<Value = Item> {
    let bound = || prop::option::of(-6isize..=6);
    prop_oneof![
        2 => (-5isize..=5).prop_map(Item::Int),
        4 => (bound(), bound(), prop_oneof![-3isize..=-1, 1isize..=3])
            .prop_map(|(a, b, s)| Item::Slice(a, b, s)),
        1 => Just(Item::Ellipsis),
        1 => Just(Item::NewAxis),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let ax = || 0usize..8;
    prop_oneof![
        4 => prop::collection::vec(item(), 0..4).prop_map(Op::Slice),
        1 => Just(Op::Transpose),
        1 => ax().prop_map(Op::Permute),
        1 => ax().prop_map(Op::Flip),
        1 => ax().prop_map(Op::InsertAxis),
        1 => ax().prop_map(Op::RemoveAxis),
        1 => (ax(), -5isize..=5).prop_map(|(a, i)| Op::IndexAxis(a, i)),
        1 => (any::<bool>(), 0usize..3).prop_map(|(c, k)| Op::Reshape(c, k)),
        1 => (1usize..3).prop_map(Op::Broadcast),
        1 => (ax(), 0usize..5, any::<bool>()).prop_map(|(a, i, s)| Op::SplitAt(a, i, s)),
        1 => (ax(), ax(), -2isize..=2).prop_map(|(a, b, o)| Op::Diagonal(a, b, o)),
        1 => Just(Op::CastBytes),
        1 => prop_oneof![Just("B"), Just("<u2"), Just("2s"), Just(">u4")].prop_map(Op::ViewAs),
    ]
}

fn index_string(items: &[Item]) -> String {
    let part = |x: &Option<isize>| x.map(|v| v.to_string()).unwrap_or_default();
    items
        .iter()
        .map(|it| match it {
            Item::Int(i) => i.to_string(),
            Item::Slice(a, b, s) => format!("{}:{}:{}", part(a), part(b), s),
            Item::Ellipsis => "...".into(),
            Item::NewAxis => "None".into(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Python's `slice.indices(n)` followed by `range`: the chosen positions.
fn slice_positions(n: usize, start: Option<isize>, stop: Option<isize>, step: isize) -> Vec<usize> {
    let n = n as isize;
    let fix = |x: isize, low: isize, high: isize| {
        let x = if x < 0 { x + n } else { x };
        x.clamp(low, high)
    };
    let (lo, hi) = if step > 0 { (0, n) } else { (-1, n - 1) };
    let start = start.map_or(if step > 0 { 0 } else { n - 1 }, |s| fix(s, lo, hi));
    let stop = stop.map_or(if step > 0 { n } else { -1 }, |s| fix(s, lo, hi));
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    out
}

/// The model of `slice`: for each result index, the parent index; `None`
/// when the index must be refused.
fn slice_model(shape: &[usize], items: &[Item]) -> Option<(Vec<usize>, Vec<Vec<usize>>)> {
    if items.iter().filter(|i| matches!(i, Item::Ellipsis)).count() > 1 {
        return None;
    }
    let consuming = items
        .iter()
        .filter(|i| matches!(i, Item::Int(_) | Item::Slice(..)))
        .count();
    if consuming > shape.len() {
        return None;
    }
    // Expand: ellipsis (explicit, or implicit at the end) becomes full slices.
    let mut full = Vec::new();
    let mut saw = false;
    for it in items {
        if let Item::Ellipsis = it {
            saw = true;
            full.extend((0..shape.len() - consuming).map(|_| Item::Slice(None, None, 1)));
        } else {
            full.push(it.clone());
        }
    }
    if !saw {
        full.extend((0..shape.len() - consuming).map(|_| Item::Slice(None, None, 1)));
    }
    // Per result axis: either a parent axis with positions, or a new axis.
    enum Axis {
        Fixed(usize, usize),
        Range(usize, Vec<usize>),
        New,
    }
    let mut axes = Vec::new();
    let mut k = 0;
    for it in &full {
        match it {
            Item::Int(i) => {
                let n = shape[k] as isize;
                let j = if *i < 0 { i + n } else { *i };
                if j < 0 || j >= n {
                    return None;
                }
                axes.push(Axis::Fixed(k, j as usize));
                k += 1;
            }
            Item::Slice(a, b, s) => {
                axes.push(Axis::Range(k, slice_positions(shape[k], *a, *b, *s)));
                k += 1;
            }
            Item::NewAxis => axes.push(Axis::New),
            Item::Ellipsis => unreachable!(),
        }
    }
    let out_shape: Vec<usize> = axes
        .iter()
        .filter_map(|a| match a {
            Axis::Fixed(..) => None,
            Axis::Range(_, p) => Some(p.len()),
            Axis::New => Some(1),
        })
        .collect();
    let map = indices(&out_shape)
        .into_iter()
        .map(|out| {
            let mut parent = vec![0; shape.len()];
            let mut o = out.iter();
            for a in &axes {
                match a {
                    Axis::Fixed(k, j) => parent[*k] = *j,
                    Axis::Range(k, p) => parent[*k] = p[*o.next().unwrap()],
                    Axis::New => {
                        o.next();
                    }
                }
            }
            parent
        })
        .collect();
    Some((out_shape, map))
}

/// Applies `op` to `v`; returns the result and, where cheap, the parent
/// index of each result index (in C order of the result).
#[allow(clippy::type_complexity)]
fn apply<'a>(v: &RawView<'a>, op: &Op) -> (ndview::Result<RawView<'a>>, Option<Vec<Vec<usize>>>) {
    let nd = v.ndim();
    let axis = |a: usize| if nd == 0 { a } else { a % nd };
    let out_indices = |r: &ndview::Result<RawView<'a>>| {
        r.as_ref().map(|c| indices(c.shape())).unwrap_or_default()
    };
    match op {
        Op::Slice(items) => {
            // Two ellipses are refused by the parser already.
            let r = index_string(items)
                .parse::<Index>()
                .and_then(|index| v.slice(&index));
            match slice_model(v.shape(), items) {
                Some((shape, map)) => {
                    let c = r.unwrap_or_else(|e| panic!("{items:?} on {:?}: {e}", v.shape()));
                    assert_eq!(c.shape(), &shape[..]);
                    (Ok(c), Some(map))
                }
                None => {
                    assert!(
                        matches!(
                            r,
                            Err(Error::IndexOutOfBounds { .. }) | Err(Error::InvalidIndex { .. })
                        ),
                        "{r:?}"
                    );
                    (r, None)
                }
            }
        }
        Op::Transpose => {
            let r = Ok(v.transpose());
            let map = out_indices(&r)
                .into_iter()
                .map(|mut i| {
                    i.reverse();
                    i
                })
                .collect();
            (r, Some(map))
        }
        Op::Permute(k) => {
            let mut perm: Vec<usize> = (0..nd).collect();
            perm.rotate_left(if nd == 0 { 0 } else { k % nd });
            let r = v.permute_axes(&perm);
            let map = out_indices(&r)
                .into_iter()
                .map(|i| {
                    let mut p = vec![0; nd];
                    for (j, &a) in perm.iter().enumerate() {
                        p[a] = i[j];
                    }
                    p
                })
                .collect();
            (r, Some(map))
        }
        Op::Flip(a) => {
            let a = axis(*a);
            let r = v.flip(a);
            if nd == 0 {
                assert!(r.is_err());
                return (r, None);
            }
            let n = v.shape()[a];
            let map = out_indices(&r)
                .into_iter()
                .map(|mut i| {
                    i[a] = n - 1 - i[a];
                    i
                })
                .collect();
            (r, Some(map))
        }
        Op::InsertAxis(a) => {
            let a = a % (nd + 1);
            let r = v.insert_axis(a);
            let map = out_indices(&r)
                .into_iter()
                .map(|mut i| {
                    i.remove(a);
                    i
                })
                .collect();
            (r, Some(map))
        }
        Op::RemoveAxis(a) => {
            let a = axis(*a);
            let r = v.remove_axis(a);
            if nd == 0 || v.shape()[a] != 1 {
                assert!(r.is_err(), "removed axis {a} of {:?}", v.shape());
                return (r, None);
            }
            let map = out_indices(&r)
                .into_iter()
                .map(|mut i| {
                    i.insert(a, 0);
                    i
                })
                .collect();
            (r, Some(map))
        }
        Op::IndexAxis(a, i) => {
            let a = axis(*a);
            let r = v.index_axis(a, *i);
            if nd == 0 {
                assert!(r.is_err());
                return (r, None);
            }
            let n = v.shape()[a] as isize;
            let j = if *i < 0 { i + n } else { *i };
            if j < 0 || j >= n {
                assert!(matches!(r, Err(Error::IndexOutOfBounds { .. })), "{r:?}");
                return (r, None);
            }
            let map = out_indices(&r)
                .into_iter()
                .map(|mut x| {
                    x.insert(a, j as usize);
                    x
                })
                .collect();
            (r, Some(map))
        }
        Op::Reshape(c, k) => {
            let order = if *c { Order::C } else { Order::F };
            let n = v.len();
            let shape = match k {
                0 => vec![n],
                1 if n % 2 == 0 => vec![2, n / 2],
                _ => vec![1, n, 1],
            };
            let r = v.reshape(&shape, order);
            if let Ok(child) = &r {
                assert_eq!(child.to_bytes(order), v.to_bytes(order));
            } else {
                assert!(
                    matches!(
                        r,
                        Err(Error::Unrepresentable { .. }) | Err(Error::NotContiguous { .. })
                    ),
                    "{r:?}"
                );
            }
            (r, None)
        }
        Op::Broadcast(extra) => {
            let mut shape = vec![*extra; 1];
            shape.extend(v.shape().iter().map(|&n| if n == 1 { 3 } else { n }));
            let r = v.broadcast_to(&shape);
            let map = out_indices(&r)
                .into_iter()
                .map(|i| {
                    i[1..]
                        .iter()
                        .zip(v.shape())
                        .map(|(&x, &n)| if n == 1 { 0 } else { x })
                        .collect()
                })
                .collect();
            (r, Some(map))
        }
        Op::SplitAt(a, at, second) => {
            let a = axis(*a);
            let r = v.split_at(a, *at);
            if nd == 0 || *at > v.shape()[a] {
                assert!(r.is_err());
                return (r.map(|p| p.0), None);
            }
            let r = r.map(|(x, y)| if *second { y } else { x });
            let shift = if *second { *at } else { 0 };
            let map = out_indices(&r)
                .into_iter()
                .map(|mut i| {
                    i[a] += shift;
                    i
                })
                .collect();
            (r, Some(map))
        }
        Op::Diagonal(a, b, o) => (v.diagonal(axis(*a), axis(*b), *o), None),
        Op::CastBytes => {
            let r = v.cast(Format::parse("B").unwrap(), &[v.nbytes()]);
            if let Ok(c) = &r {
                assert_eq!(c.to_bytes(Order::C), v.to_bytes(Order::C));
            } else {
                assert!(matches!(r, Err(Error::NotContiguous { .. })), "{r:?}");
            }
            (r, None)
        }
        Op::ViewAs(f) => (v.view_as(Format::parse(f).unwrap()), None),
    }
}

proptest! {
    #![proptest_config(cases(1500))]

    #[test]
    fn operation_chains_agree_with_the_model(
        p in parts(2, 64),
        ops in prop::collection::vec(op(), 1..6),
    ) {
        let words = region(p.region_len);
        let bytes = &bytemuck::cast_slice::<u64, u8>(&words)[..p.region_len];
        let Ok(mut v) = RawView::from_parts(bytes, Format::parse("<u2").unwrap(), &p.shape, &p.strides, p.offset) else {
            return Ok(());
        };
        for op in &ops {
            let (r, map) = apply(&v, op);
            let Ok(child) = r else { continue };
            // Every view produced lies in the region, reaches only bytes its
            // parent reaches, and reads what the model reads.
            check_raw(&child);
            let (parent_set, child_set) = (covered(&v), covered(&child));
            prop_assert!(
                child_set.iter().zip(&parent_set).all(|(&c, &p)| !c || p),
                "{:?} reaches bytes outside its parent", op
            );
            if let Some(map) = map {
                let c = indices(child.shape());
                prop_assert_eq!(c.len(), map.len());
                for (i, parent) in c.iter().zip(&map) {
                    prop_assert_eq!(child.get_bytes(i), v.get_bytes(parent), "{:?}", op);
                }
            }
            if child.len() <= 256 {
                v = child;
            }
        }
    }
}

/// A mutable `u32` view over an aligned copy of the region and the model's
/// element offsets; `None` when the layout is refused (checked to be out of
/// bounds, misaligned or overlapping).
fn mutable_case(p: &Parts) -> Option<Vec<i128>> {
    let mut words = region(p.region_len);
    let bytes = &mut bytemuck::cast_slice_mut::<u64, u8>(&mut words)[..p.region_len];
    match NdViewMut::<u32>::from_parts_mut(bytes, &p.shape, &p.strides, p.offset) {
        Ok(_) => Some(offsets(&p.shape, &p.strides, p.offset)),
        Err(e) => {
            assert!(
                matches!(
                    e,
                    Error::OutOfBounds { .. } | Error::Misaligned { .. } | Error::Overlap { .. }
                ),
                "{e:?}"
            );
            None
        }
    }
}

/// Runs `write` on a fresh mutable view of `p` and returns the region
/// before and after.
fn write_through(p: &Parts, write: impl FnOnce(NdViewMut<'_, u32>)) -> (Vec<u8>, Vec<u8>) {
    let mut words = region(p.region_len);
    let before = bytemuck::cast_slice::<u64, u8>(&words)[..p.region_len].to_vec();
    let bytes = &mut bytemuck::cast_slice_mut::<u64, u8>(&mut words)[..p.region_len];
    write(NdViewMut::<u32>::from_parts_mut(bytes, &p.shape, &p.strides, p.offset).unwrap());
    let after = bytemuck::cast_slice::<u64, u8>(&words)[..p.region_len].to_vec();
    (before, after)
}

/// The region `before` with `value(k)` written at the `k`-th offset.
fn expect_writes(before: &[u8], offs: &[i128], value: impl Fn(usize) -> u32) -> Vec<u8> {
    let mut out = before.to_vec();
    for (k, &o) in offs.iter().enumerate() {
        out[o as usize..o as usize + 4].copy_from_slice(&value(k).to_ne_bytes());
    }
    out
}

proptest! {
    #![proptest_config(cases(1000))]

    #[test]
    fn mutable_writes_touch_exactly_the_model_bytes(
        p in parts(4, 96),
        axis in 0usize..8,
        at in 0usize..5,
    ) {
        let Some(offs) = mutable_case(&p) else { return Ok(()) };
        let read = |b: &[u8], o: i128| u32::from_ne_bytes(b[o as usize..o as usize + 4].try_into().unwrap());

        // fill
        let (before, after) = write_through(&p, |mut m| m.fill(0xDEAD_BEEF));
        prop_assert_eq!(after, expect_writes(&before, &offs, |_| 0xDEAD_BEEF));

        // map_inplace
        let (before, after) = write_through(&p, |mut m| m.map_inplace(|x| *x = x.wrapping_mul(3) ^ 1));
        prop_assert_eq!(&after, &expect_writes(&before, &offs, |k| read(&before, offs[k]).wrapping_mul(3) ^ 1));

        // iter_mut, in C order, and get_mut
        let (before, after) = write_through(&p, |mut m| {
            for (k, x) in m.iter_mut().enumerate() {
                *x = k as u32 + 1;
            }
        });
        prop_assert_eq!(after, expect_writes(&before, &offs, |k| k as u32 + 1));
        let idx = indices(&p.shape);
        let (before, after) = write_through(&p, |mut m| {
            for (k, i) in idx.iter().enumerate() {
                *m.get_mut(i).unwrap() = 7 * k as u32;
            }
        });
        prop_assert_eq!(after, expect_writes(&before, &offs, |k| 7 * k as u32));

        // assign from a transposed source
        let rev: Vec<usize> = p.shape.iter().rev().copied().collect();
        let n = idx.len();
        let src: Vec<u32> = (0..n as u32).map(|x| x * 10 + 3).collect();
        let (before, after) = write_through(&p, |mut m| {
            let s = NdView::from_slice(&src, &rev).unwrap().transpose();
            m.assign(&s).unwrap();
        });
        let source_value = |k: usize| {
            // Element k of the target (C order) is source[reverse(index)] in
            // C order of the reversed shape.
            let mut i = idx[k].clone();
            i.reverse();
            let pos = i.iter().zip(&rev).fold(0, |acc, (&x, &len)| acc * len + x);
            src[pos]
        };
        prop_assert_eq!(after, expect_writes(&before, &offs, source_value));

        // split_at_mut, then writes in both halves
        if !p.shape.is_empty() {
            let a = axis % p.shape.len();
            let mut split = None;
            let (before, after) = write_through(&p, |m| {
                split = Some(match m.split_at_mut(a, at) {
                    Ok((mut x, mut y)) => {
                        x.fill(1);
                        y.fill(2);
                        Ok(())
                    }
                    Err(e) => Err(e),
                });
            });
            match split.unwrap() {
                Ok(()) => {
                    prop_assert!(at <= p.shape[a]);
                    prop_assert_eq!(after, expect_writes(&before, &offs, |k| if idx[k][a] < at { 1 } else { 2 }));
                }
                Err(e) => {
                    prop_assert_eq!(&after, &before);
                    prop_assert!(
                        matches!(e, Error::IndexOutOfBounds { .. } | Error::Overlap { .. }),
                        "{:?}", e
                    );
                    if matches!(e, Error::IndexOutOfBounds { .. }) {
                        prop_assert!(at > p.shape[a]);
                    }
                }
            }
        }
    }
}

/// Small fixed cases of the properties above, so that Miri (which runs the
/// property tests with only a handful of random cases) always sees the
/// interesting layouts: negative strides, rank 7, empty, broadcast.
#[test]
fn fixed_layouts_under_the_model() {
    let cases: &[(&[usize], &[isize], usize, usize)] = &[
        (&[3, 2], &[-16, 8], 32, 48),
        (&[2, 1, 2, 1, 2, 1, 2], &[64, 0, 32, 8, 16, 0, 8], 0, 128),
        (&[2, 0, 3], &[8, -8, 8], 128, 128),
        (&[], &[], 120, 128),
        (&[4], &[-8], 24, 32),
    ];
    let data: Vec<f64> = (0..16).map(f64::from).collect();
    let bytes: &[u8] = bytemuck::cast_slice(&data);
    for &(shape, strides, offset, len) in cases {
        let v = NdView::<f64>::from_parts(&bytes[..len], shape, strides, offset).unwrap();
        let expected: Vec<f64> = offsets(shape, strides, offset)
            .iter()
            .map(|&o| data[o as usize / 8])
            .collect();
        assert_eq!(v.to_vec(), expected);
        assert_eq!(v.iter().rev().count(), expected.len());
        assert_eq!(v.sum(), expected.iter().sum::<f64>());
        check_raw(&v.raw());
        let mut copy = data.clone();
        let mbytes: &mut [u8] = bytemuck::cast_slice_mut(&mut copy);
        let m = NdViewMut::<f64>::from_parts_mut(&mut mbytes[..len], shape, strides, offset);
        let unique = !has_overlap(shape, strides, offset, 8);
        assert_eq!(m.is_ok(), unique, "{shape:?} {strides:?}");
        if let Ok(mut m) = m {
            m.fill(-1.0);
        }
    }
}
