//! Layout operations against NumPy (committed fixtures from
//! `tests/data/gen_layout.py`) and against the naive reference model
//! (`tests/common/model.rs`) with proptest.

// `tests/common/` has no `mod.rs` yet, so name the model file directly.
#[path = "common/miri_sample.rs"]
mod miri_sample;
#[path = "common/model.rs"]
mod model;

use miri_sample::{at_least, sample};

use ndview::{Error, Index, IndexItem, Layout, Order, SliceSpec};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// NumPy fixtures
// ---------------------------------------------------------------------------

const CASES: &str = include_str!("data/layout_cases.txt");

fn ints<T: std::str::FromStr>(text: &str) -> Vec<T>
where
    T::Err: std::fmt::Debug,
{
    if text.trim().is_empty() {
        return Vec::new();
    }
    text.split(',').map(|t| t.trim().parse().unwrap()).collect()
}

/// `shape;strides;offset;itemsize` → (layout, itemsize).
fn input(text: &str) -> (Layout, usize) {
    let f: Vec<&str> = text.split(';').collect();
    let layout = Layout::new(&ints(f[0]), &ints(f[1]), f[2].parse().unwrap()).unwrap();
    (layout, f[3].parse().unwrap())
}

fn kind(e: &Error) -> &'static str {
    match e {
        Error::IndexOutOfBounds { .. } => "IndexOutOfBounds",
        Error::InvalidIndex { .. } => "InvalidIndex",
        Error::InvalidAxis { .. } => "InvalidAxis",
        Error::ShapeMismatch { .. } => "ShapeMismatch",
        Error::Unrepresentable { .. } => "Unrepresentable",
        Error::TooManyDims { .. } => "TooManyDims",
        Error::Overflow { .. } => "Overflow",
        _ => "other",
    }
}

/// Compares a result with NumPy's `shape;strides;offset;C;F` or `ERR:Kind`.
/// Strides are compared only on axes longer than 1 (NumPy's are arbitrary
/// elsewhere). `loose_error` accepts any error kind (step 0 is refused at
/// parse time here, later in NumPy).
fn check(
    line: &str,
    got: Result<Layout, Error>,
    itemsize: usize,
    loose_error: bool,
    check_offset: bool,
) {
    let expected = line.rsplit('|').next().unwrap();
    if let Some(want) = expected.strip_prefix("ERR:") {
        match got {
            Err(e) => assert!(
                loose_error || kind(&e) == want,
                "{line}\n  expected {want}, got {e:?}"
            ),
            Ok(l) => panic!("{line}\n  expected {want}, got {l:?}"),
        }
        return;
    }
    let l = got.unwrap_or_else(|e| panic!("{line}\n  unexpected error {e}"));
    let f: Vec<&str> = expected.split(';').collect();
    let shape: Vec<usize> = ints(f[0]);
    let strides: Vec<isize> = ints(f[1]);
    assert_eq!(l.shape(), &shape[..], "shape: {line}");
    for k in 0..shape.len() {
        if shape[k] > 1 {
            assert_eq!(
                l.strides()[k],
                strides[k],
                "stride of axis {k}: {line}\n  {l:?}"
            );
        }
    }
    if check_offset {
        assert_eq!(
            l.offset(),
            f[2].parse::<usize>().unwrap(),
            "offset: {line}\n  {l:?}"
        );
    }
    assert_eq!(
        l.is_c_contiguous(itemsize),
        f[3] == "1",
        "C flag: {line}\n  {l:?}"
    );
    assert_eq!(
        l.is_f_contiguous(itemsize),
        f[4] == "1",
        "F flag: {line}\n  {l:?}"
    );
}

#[test]
fn numpy_fixtures() {
    let mut counts = [0usize; 4];
    for line in sample(
        CASES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty()),
    ) {
        let f: Vec<&str> = line.split('|').collect();
        let (a, itemsize) = input(f[1]);
        match f[0] {
            "S" => {
                counts[0] += 1;
                let mut a_empty = false;
                let mut cur = Ok(a);
                let mut loose = false;
                for text in f[2].split(" / ") {
                    loose |= text.split(',').any(|item| {
                        let parts: Vec<&str> = item.split(':').collect();
                        parts.len() == 3 && parts[2].trim() == "0"
                    });
                    a_empty |= cur.as_ref().is_ok_and(Layout::is_empty);
                    cur = cur.and_then(|l| {
                        let index: Index = text.parse()?;
                        // Display round-trips through the parser.
                        assert_eq!(index.to_string().parse::<Index>().unwrap(), index);
                        l.slice(&index)
                    });
                }
                // An empty input (or intermediate) keeps its offset here;
                // NumPy moves it for integers though no element is there.
                check(line, cur, itemsize, loose, !a_empty);
            }
            "R" => {
                counts[1] += 1;
                let order = if f[3] == "C" { Order::C } else { Order::F };
                check(
                    line,
                    a.reshape(&ints(f[2]), order, itemsize),
                    itemsize,
                    false,
                    true,
                );
            }
            "B" => {
                counts[2] += 1;
                check(line, a.broadcast_to(&ints(f[2])), itemsize, false, true);
            }
            "D" => {
                counts[3] += 1;
                let p: Vec<isize> = ints(f[2]);
                let d = a.diagonal(p[0] as usize, p[1] as usize, p[2]);
                // An empty diagonal keeps the input's offset (NumPy moves it).
                let nonempty = d.as_ref().map(|d| !d.is_empty()).unwrap_or(true);
                check(line, d, itemsize, false, nonempty);
            }
            other => panic!("unknown case kind {other}"),
        }
    }
    assert!(counts.iter().all(|&c| c >= at_least(100)), "{counts:?}");
}

// ---------------------------------------------------------------------------
// The reference model
// ---------------------------------------------------------------------------

/// Python's slice rule, written independently in i128:
/// the positions `start, start+step, …` selected from `0..n`.
fn python_slice(n: usize, s: &SliceSpec) -> Option<Vec<usize>> {
    let n = n as i128;
    let step = s.step.unwrap_or(1) as i128;
    if step == 0 {
        return None;
    }
    let norm = |v: Option<isize>, default: i128| -> i128 {
        match v {
            None => default,
            Some(v) => {
                let v = v as i128;
                let v = if v < 0 { v + n } else { v };
                if step > 0 {
                    v.clamp(0, n)
                } else {
                    v.clamp(-1, n - 1)
                }
            }
        }
    };
    let (start, stop) = if step > 0 {
        (norm(s.start, 0), norm(s.stop, n))
    } else {
        (norm(s.start, n - 1), norm(s.stop, -1))
    };
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    Some(out)
}

/// What one result axis is made of.
enum Axis {
    New,
    Of { src: usize, positions: Vec<usize> },
}

/// The model of `a[index]`: result axes and the fixed source positions, or
/// the error kind.
fn model_slice(
    shape: &[usize],
    items: &[IndexItem],
) -> Result<(Vec<Axis>, Vec<usize>), &'static str> {
    let consumed = items
        .iter()
        .filter(|i| matches!(i, IndexItem::Int(_) | IndexItem::Slice(_)))
        .count();
    if items.iter().filter(|i| **i == IndexItem::Ellipsis).count() > 1 || consumed > shape.len() {
        return Err("InvalidIndex");
    }
    let mut fixed = vec![0usize; shape.len()];
    let mut axes = Vec::new();
    let mut src = 0;
    let full = SliceSpec::default();
    let mut expanded: Vec<IndexItem> = Vec::new();
    for item in items {
        if *item == IndexItem::Ellipsis {
            expanded.extend(std::iter::repeat(IndexItem::Slice(full)).take(shape.len() - consumed));
        } else {
            expanded.push(*item);
        }
    }
    while expanded
        .iter()
        .filter(|i| !matches!(i, IndexItem::NewAxis))
        .count()
        < shape.len()
    {
        expanded.push(IndexItem::Slice(full));
    }
    for item in expanded {
        match item {
            IndexItem::NewAxis => axes.push(Axis::New),
            IndexItem::Int(i) => {
                let n = shape[src] as i128;
                let k = if i < 0 { i as i128 + n } else { i as i128 };
                if k < 0 || k >= n {
                    return Err("IndexOutOfBounds");
                }
                fixed[src] = k as usize;
                src += 1;
            }
            IndexItem::Slice(s) => {
                let positions = python_slice(shape[src], &s).ok_or("InvalidIndex")?;
                axes.push(Axis::Of { src, positions });
                src += 1;
            }
            IndexItem::Ellipsis => unreachable!(),
        }
    }
    Ok((axes, fixed))
}

fn offset_in(l: &Layout, index: &[usize]) -> i128 {
    model::offset_of(l.strides(), l.offset(), index)
}

/// Indices of `shape` in F (column-major) order.
fn indices_f(shape: &[usize]) -> Vec<Vec<usize>> {
    let rev: Vec<usize> = shape.iter().rev().copied().collect();
    model::indices(&rev)
        .into_iter()
        .map(|mut i| {
            i.reverse();
            i
        })
        .collect()
}

fn offsets_in_order(l: &Layout, order: Order) -> Vec<i128> {
    let idx = match order {
        Order::C => model::indices(l.shape()),
        Order::F => indices_f(l.shape()),
    };
    idx.iter().map(|i| offset_in(l, i)).collect()
}

/// Contiguity by definition: the elements in that order are
/// `offset, offset + itemsize, …`.
fn model_contiguous(l: &Layout, itemsize: usize, order: Order) -> bool {
    offsets_in_order(l, order)
        .iter()
        .enumerate()
        .all(|(k, &o)| o == l.offset() as i128 + (k * itemsize) as i128)
}

fn check_flags(l: &Layout, itemsize: usize) {
    assert_eq!(
        l.is_c_contiguous(itemsize),
        model_contiguous(l, itemsize, Order::C),
        "{l:?}"
    );
    assert_eq!(
        l.is_f_contiguous(itemsize),
        model_contiguous(l, itemsize, Order::F),
        "{l:?}"
    );
}

const ITEMSIZE: usize = 4;

/// Layouts of rank 0..=5 with lengths 0..=4: random strides (multiples of
/// the itemsize, incl. negative and 0), or contiguous ones permuted.
fn layouts() -> impl Strategy<Value = Layout> {
    let random = prop::collection::vec((0usize..=4, -6isize..=6), 0..=5).prop_map(|axes| {
        let shape: Vec<usize> = axes.iter().map(|a| a.0).collect();
        let strides: Vec<isize> = axes.iter().map(|a| a.1 * ITEMSIZE as isize).collect();
        Layout::new(&shape, &strides, 2000).unwrap()
    });
    let dense = (
        prop::collection::vec(0usize..=4, 0..=5),
        any::<bool>(),
        any::<u64>(),
    )
        .prop_map(|(shape, c, seed)| {
            let order = if c { Order::C } else { Order::F };
            let l = Layout::contiguous(&shape, ITEMSIZE, order).unwrap();
            let perm = permutation(shape.len(), seed);
            let mut l = if seed % 3 == 0 {
                l.permute_axes(&perm).unwrap()
            } else {
                l
            };
            if seed % 5 == 0 && l.ndim() > 0 {
                l = l.flip((seed as usize / 7) % l.ndim()).unwrap();
            }
            l
        });
    prop_oneof![random, dense]
}

fn permutation(n: usize, mut seed: u64) -> Vec<usize> {
    let mut p: Vec<usize> = (0..n).collect();
    for k in (1..n).rev() {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        p.swap(k, (seed >> 33) as usize % (k + 1));
    }
    p
}

fn items() -> impl Strategy<Value = Vec<IndexItem>> {
    let bound = prop::option::weighted(0.7, -7isize..=7);
    let item = prop_oneof![
        3 => (-6isize..=6).prop_map(IndexItem::Int),
        6 => (bound.clone(), bound, prop::option::weighted(0.6, -3isize..=3))
            .prop_map(|(start, stop, step)| IndexItem::Slice(SliceSpec { start, stop, step })),
        1 => Just(IndexItem::Ellipsis),
        1 => Just(IndexItem::NewAxis),
    ];
    prop::collection::vec(item, 0..=6)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if cfg!(miri) { 4 } else { 1500 }))]

    #[test]
    fn slicing_matches_the_model(a in layouts(), items in items(), strict in any::<bool>()) {
        let index = Index::new(&items).with_strict(strict);
        let got = a.slice(&index);
        match model_slice(a.shape(), &items) {
            Err(want) => {
                let e = got.expect_err("the model refuses this index");
                // Strict mode may refuse an earlier item first.
                prop_assert!(kind(&e) == want || (strict && kind(&e) == "InvalidIndex"), "{:?}", e);
            }
            Ok((axes, fixed)) => {
                let r = match got {
                    Ok(r) => r,
                    Err(e) => {
                        // Only strict mode may refuse what the model accepts.
                        prop_assert!(strict && kind(&e) == "InvalidIndex", "{:?}", e);
                        return Ok(());
                    }
                };
                let shape: Vec<usize> = axes.iter().map(|ax| match ax {
                    Axis::New => 1,
                    Axis::Of { positions, .. } => positions.len(),
                }).collect();
                prop_assert_eq!(r.shape(), &shape[..]);
                for idx in model::indices(&shape) {
                    let mut src = fixed.clone();
                    for (ax, &i) in axes.iter().zip(&idx) {
                        if let Axis::Of { src: s, positions } = ax {
                            src[*s] = positions[i];
                        }
                    }
                    prop_assert_eq!(offset_in(&r, &idx), offset_in(&a, &src));
                }
                check_flags(&r, ITEMSIZE);
                prop_assert!(fits_where_input_fits(&a, &r));
                // The Display form is NumPy syntax that parses back equal.
                let text = Index::new(&items).to_string();
                if let Ok(back) = text.parse::<Index>() {
                    prop_assert_eq!(back, Index::new(&items));
                }
            }
        }
    }

    #[test]
    fn reshape_keeps_the_element_sequence(a in layouts(), seed in any::<u64>(), c in any::<bool>()) {
        let order = if c { Order::C } else { Order::F };
        let new = random_shape_of(a.len(), seed);
        match a.reshape(&new, order, ITEMSIZE) {
            Ok(r) => {
                prop_assert_eq!(r.shape(), &new[..]);
                prop_assert_eq!(r.offset(), a.offset());
                prop_assert_eq!(offsets_in_order(&r, order), offsets_in_order(&a, order));
                check_flags(&r, ITEMSIZE);
            }
            Err(e) => {
                prop_assert_eq!(kind(&e), "Unrepresentable", "{:?}", e);
                prop_assert!(!model_contiguous(&a, ITEMSIZE, order));
                // No strides exist: the ones read off the unit steps fail.
                let want = offsets_in_order(&a, order);
                let idx = match order { Order::C => model::indices(&new), Order::F => indices_f(&new) };
                let base = want[0];
                let strides: Vec<i128> = (0..new.len()).map(|k| {
                    idx.iter().position(|i| i.iter().enumerate().all(|(j, &v)| v == usize::from(j == k)))
                        .map(|p| want[p] - base).unwrap_or(0)
                }).collect();
                let fits = idx.iter().zip(&want).all(|(i, &o)| {
                    base + i.iter().zip(&strides).map(|(&v, &s)| v as i128 * s).sum::<i128>() == o
                });
                prop_assert!(!fits, "a representation exists for {:?} -> {:?}", a, new);
            }
        }
    }

    #[test]
    fn axis_operations_map_elements(a in layouts(), seed in any::<u64>()) {
        let n = a.ndim();
        // permute_axes / transpose
        let p = permutation(n, seed);
        let t = a.permute_axes(&p).unwrap();
        for idx in model::indices(t.shape()) {
            let mut src = vec![0; n];
            for (k, &ax) in p.iter().enumerate() { src[ax] = idx[k]; }
            prop_assert_eq!(offset_in(&t, &idx), offset_in(&a, &src));
        }
        check_flags(&t, ITEMSIZE);
        let rev: Vec<usize> = (0..n).rev().collect();
        prop_assert_eq!(a.transpose(), a.permute_axes(&rev).unwrap());
        if n == 0 { return Ok(()); }
        let axis = seed as usize % n;
        // flip
        let f = a.flip(axis).unwrap();
        for idx in model::indices(f.shape()) {
            let mut src = idx.clone();
            src[axis] = a.shape()[axis] - 1 - idx[axis];
            prop_assert_eq!(offset_in(&f, &idx), offset_in(&a, &src));
        }
        // split_at
        let at = (seed as usize / 11) % (a.shape()[axis] + 1);
        let (lo, hi) = a.split_at(axis, at).unwrap();
        for idx in model::indices(lo.shape()) {
            prop_assert_eq!(offset_in(&lo, &idx), offset_in(&a, &idx));
        }
        prop_assert!(fits_where_input_fits(&a, &lo) && fits_where_input_fits(&a, &hi));
        for idx in model::indices(hi.shape()) {
            let mut src = idx.clone();
            src[axis] += at;
            prop_assert_eq!(offset_in(&hi, &idx), offset_in(&a, &src));
        }
        // index_axis
        if a.shape()[axis] > 0 {
            let i = (seed as usize / 13) % a.shape()[axis];
            let s = a.index_axis(axis, i as isize - a.shape()[axis] as isize).unwrap();
            for idx in model::indices(s.shape()) {
                let mut src = idx.clone();
                src.insert(axis, i);
                prop_assert_eq!(offset_in(&s, &idx), offset_in(&a, &src));
            }
        }
        // insert_axis / squeeze
        let e = a.insert_axis(axis).unwrap();
        let back: Vec<i128> = model::indices(e.shape()).iter().map(|i| offset_in(&e, i)).collect();
        prop_assert_eq!(back, model::offsets(a.shape(), a.strides(), a.offset()));
        let sq = a.squeeze();
        prop_assert_eq!(
            model::offsets(sq.shape(), sq.strides(), sq.offset()),
            model::offsets(a.shape(), a.strides(), a.offset())
        );
        // diagonal
        if n >= 2 {
            let other = (axis + 1 + (seed as usize / 17) % (n - 1)) % n;
            let off = (seed % 7) as isize - 3;
            let d = a.diagonal(axis, other, off).unwrap();
            prop_assert!(fits_where_input_fits(&a, &d));
            for idx in model::indices(d.shape()) {
                let j = idx[n - 2];
                let mut rest = idx[..n - 2].iter();
                let src: Vec<usize> = (0..n).map(|k| {
                    if k == axis { (j as isize + (-off).max(0)) as usize }
                    else if k == other { (j as isize + off.max(0)) as usize }
                    else { *rest.next().unwrap() }
                }).collect();
                prop_assert_eq!(offset_in(&d, &idx), offset_in(&a, &src));
            }
        }
    }

    #[test]
    fn broadcast_follows_the_rules(a in layouts(), extra in prop::collection::vec(0usize..=3, 0..=2), seed in any::<u64>()) {
        let mut target = extra.clone();
        for (k, &n) in a.shape().iter().enumerate() {
            target.push(if n == 1 { (seed >> (2 * k)) as usize % 4 } else { n });
        }
        let b = a.broadcast_to(&target).unwrap();
        prop_assert_eq!(b.shape(), &target[..]);
        let lead = extra.len();
        for idx in model::indices(&target) {
            let src: Vec<usize> = a.shape().iter().enumerate()
                .map(|(k, &n)| if n == 1 { 0 } else { idx[lead + k] }).collect();
            prop_assert_eq!(offset_in(&b, &idx), offset_in(&a, &src));
        }
        check_flags(&b, ITEMSIZE);
        if let Some(k) = a.shape().iter().position(|&n| n > 1) {
            let mut bad = target.clone();
            bad[lead + k] += 1;
            prop_assert_eq!(kind(&a.broadcast_to(&bad).unwrap_err()), "ShapeMismatch");
        }
    }
}

/// Whether `r` passes the region check of the smallest region `a` passes
/// (an empty `a` needs only `offset <= len`).
fn fits_where_input_fits(a: &Layout, r: &Layout) -> bool {
    let (_, end) = a.byte_range(ITEMSIZE).unwrap();
    let len = if a.is_empty() {
        a.offset()
    } else {
        end as usize
    };
    a.check_region(ITEMSIZE, len).is_ok() && r.check_region(ITEMSIZE, len).is_ok()
}

/// A shape with `n` elements (with some axes of length 1), from a seed.
fn random_shape_of(n: usize, mut seed: u64) -> Vec<usize> {
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let rank = next() % 5;
    if n == 0 {
        let mut s: Vec<usize> = (0..rank.max(1)).map(|_| next() % 4).collect();
        let z = next() % s.len();
        s[z] = 0;
        return s;
    }
    let mut shape = vec![1usize; rank.max(1)];
    let (mut m, mut p) = (n, 2);
    while m > 1 {
        while m % p == 0 {
            let k = next() % shape.len();
            shape[k] *= p;
            m /= p;
        }
        p += 1;
    }
    if rank == 0 && n == 1 {
        return Vec::new();
    }
    shape
}

#[test]
fn parser_and_macro_agree_on_the_contract_examples() {
    let parsed: Index = "1:5:2, ..., None, -1".parse().unwrap();
    assert_eq!(ndview::s![1..5;2, .., NewAxis, -1], parsed);
    assert_eq!(ndview::s![5..1;-1], "5:1:-1".parse::<Index>().unwrap());
    assert_eq!(ndview::s![..;-1], "::-1".parse::<Index>().unwrap());
}

/// Defect 9 of issue 13 (documentation): a slice that leaves at most one
/// position along an axis whose `stride * step` overflows keeps the old
/// stride (CPython and NumPy report the wrapped product). `Layout::slice`'s
/// public docs now say so; this pins the behaviour they describe, the
/// rustdoc example repeats it, and the docs are checked for the sentence.
#[test]
fn slice_docs_state_the_kept_stride_of_an_overflowing_length_one_slice() {
    let wide = Layout::new(&[2], &[1 << 62], 0).unwrap();
    let one = wide.slice(&"::4".parse().unwrap()).unwrap();
    assert_eq!((one.shape(), one.strides()), (&[1][..], &[1 << 62][..]));
    let reversed = wide.slice(&"::-4".parse().unwrap()).unwrap();
    assert_eq!(
        (reversed.shape(), reversed.strides(), reversed.offset()),
        (&[1][..], &[1 << 62][..], 1 << 62)
    );
    let empty = wide.slice(&"1:1:4".parse().unwrap()).unwrap();
    assert_eq!((empty.shape(), empty.strides()), (&[0][..], &[1 << 62][..]));
    // Two positions use the product, which then fits: it spans the input.
    let three = Layout::new(&[3], &[1 << 61], 0).unwrap();
    assert_eq!(
        three.slice(&"::2".parse().unwrap()).unwrap().strides(),
        &[1 << 62]
    );
    let source = include_str!("../src/layout/ops.rs");
    let docs = &source[..source.find("pub fn slice(").unwrap()];
    assert!(docs.contains("keeps the *old* stride instead of failing"));
}
