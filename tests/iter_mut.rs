//! Mutable sub-views alive at the same time — `axis_iter_mut`,
//! `outer_iter_mut`, `lanes_mut` and their consuming forms — against the
//! naive model: over random unique layouts (rank 0 to 4; gaps, negative
//! strides, length-0/1 axes), writing a distinct value through every
//! yielded sub-view (all of them alive at once) reaches exactly the bytes
//! the model computes, once each; and a refusal is checked by brute force
//! to be a real interleaving of the blocks that would have to own their
//! bytes.

mod common;

use common::model::{indices, offset_of};
use ndview::{Error, NdArray, NdViewMut};
use proptest::prelude::*;

const CASES: u32 = if cfg!(miri) { 8 } else { 256 };
const ITEM: usize = 4; // u32

/// Position of `index` in C order of `shape`, plus one (so 0 means "never
/// written").
fn tag(shape: &[usize], index: &[usize]) -> u32 {
    let flat = index
        .iter()
        .zip(shape)
        .fold(0usize, |acc, (&i, &n)| acc * n + i);
    flat as u32 + 1
}

/// The region offset of element zero and the region length (in bytes) a
/// layout needs, with `slack` spare elements at both ends.
fn placement(shape: &[usize], strides: &[isize], slack: usize) -> (usize, usize) {
    let (mut low, mut high) = (0isize, 0isize);
    if !shape.contains(&0) {
        for (&n, &s) in shape.iter().zip(strides) {
            let reach = (n as isize - 1) * s;
            if reach < 0 {
                low += reach;
            } else {
                high += reach;
            }
        }
    }
    let offset = (-low) as usize + slack * ITEM;
    (offset, offset + high as usize + ITEM + slack * ITEM)
}

/// A layout of `shape`: either a permuted C layout with gaps and flipped
/// axes (always unique), or random strides (often not unique: the tests
/// skip those).
fn layout() -> impl Strategy<Value = (Vec<usize>, Vec<isize>, usize, usize)> {
    (0usize..=4)
        .prop_flat_map(|nd| {
            (
                proptest::collection::vec(0usize..=4, nd),
                any::<u64>(),
                proptest::collection::vec(0usize..=2, nd),
                any::<u64>(),
                proptest::collection::vec(-6isize..=6, nd),
                any::<bool>(),
                0usize..2,
            )
        })
        .prop_map(
            |(shape, perm_seed, gaps, flips, random, use_random, slack)| {
                let nd = shape.len();
                let strides: Vec<isize> = if use_random {
                    random.iter().map(|s| s * ITEM as isize).collect()
                } else {
                    let mut order: Vec<usize> = (0..nd).collect();
                    let mut s = perm_seed;
                    for i in (1..nd).rev() {
                        s = s
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        order.swap(i, (s >> 33) as usize % (i + 1));
                    }
                    let mut strides = vec![0isize; nd];
                    let mut step = ITEM as isize;
                    for &k in order.iter().rev() {
                        strides[k] = if flips >> k & 1 == 1 { -step } else { step };
                        step *= (shape[k] + gaps[k]).max(1) as isize;
                    }
                    strides
                };
                let (offset, region) = placement(&shape, &strides, slack);
                (shape, strides, offset, region)
            },
        )
}

/// The byte range `[low, end)` that the elements with the given indices
/// reach, or `None` when there is none.
fn byte_range(strides: &[isize], offset: usize, idx: &[Vec<usize>]) -> Option<(i128, i128)> {
    let offs: Vec<i128> = idx.iter().map(|i| offset_of(strides, offset, i)).collect();
    let low = *offs.iter().min()?;
    let high = *offs.iter().max()?;
    Some((low, high + ITEM as i128))
}

fn intersect(a: (i128, i128), b: (i128, i128)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Brute force: whether two sub-views along `axis` have intersecting byte
/// ranges.
fn sub_views_interleave(shape: &[usize], strides: &[isize], offset: usize, axis: usize) -> bool {
    let all = indices(shape);
    let ranges: Vec<Option<(i128, i128)>> = (0..shape[axis])
        .map(|i| {
            let part: Vec<Vec<usize>> = all.iter().filter(|x| x[axis] == i).cloned().collect();
            byte_range(strides, offset, &part)
        })
        .collect();
    ranges.iter().enumerate().any(|(i, a)| {
        ranges[i + 1..]
            .iter()
            .any(|b| matches!((a, b), (Some(a), Some(b)) if intersect(*a, *b)))
    })
}

/// The order `lanes_mut(axis)` cuts in: the other axes, then the lane axis.
fn lane_order(nd: usize, axis: usize) -> Vec<usize> {
    (0..nd).filter(|&j| j != axis).chain([axis]).collect()
}

/// Brute force: whether, for some non-lane axis `k`, two of the blocks
/// along `k` (each spanning the axes after `k` in the lane order, the axes
/// before it at 0) have intersecting byte ranges.
fn lane_blocks_interleave(shape: &[usize], strides: &[isize], offset: usize, axis: usize) -> bool {
    let order = lane_order(shape.len(), axis);
    let all = indices(shape);
    (0..order.len() - 1).any(|p| {
        let k = order[p];
        let outer = &order[..p];
        let ranges: Vec<Option<(i128, i128)>> = (0..shape[k])
            .map(|i| {
                let part: Vec<Vec<usize>> = all
                    .iter()
                    .filter(|x| x[k] == i && outer.iter().all(|&j| x[j] == 0))
                    .cloned()
                    .collect();
                byte_range(strides, offset, &part)
            })
            .collect();
        ranges.iter().enumerate().any(|(i, a)| {
            ranges[i + 1..]
                .iter()
                .any(|b| matches!((a, b), (Some(a), Some(b)) if intersect(*a, *b)))
        })
    })
}

/// Checks that `data` holds `tag(shape, idx)` at every element's model
/// offset and zero everywhere else (every element written exactly once,
/// nothing else touched).
fn check_written(
    data: &[u32],
    shape: &[usize],
    strides: &[isize],
    offset: usize,
) -> Result<(), TestCaseError> {
    let mut expected = vec![0u32; data.len()];
    for idx in indices(shape) {
        let at = offset_of(strides, offset, &idx) as usize / ITEM;
        prop_assert_eq!(expected[at], 0, "two elements at one place: {:?}", idx);
        expected[at] = tag(shape, &idx);
    }
    prop_assert_eq!(data, &expected[..]);
    Ok(())
}

fn without(shape: &[usize], axis: usize) -> Vec<usize> {
    let mut s = shape.to_vec();
    s.remove(axis);
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn axis_iter_mut_writes_the_model_or_refuses_an_interleaving(
        (shape, strides, offset, region) in layout(),
        axis_seed in any::<usize>(),
        from_back in any::<u64>(),
    ) {
        let mut data = vec![0u32; region / ITEM];
        let nd = shape.len();
        let bytes: &mut [u8] = bytemuck::cast_slice_mut(&mut data);
        let Ok(mut m) = NdViewMut::<u32>::from_parts_mut(bytes, &shape, &strides, offset) else {
            // Not unique: no mutable view to iterate.
            return Ok(());
        };
        let invalid = matches!(m.axis_iter_mut(nd), Err(Error::InvalidAxis { .. }));
        prop_assert!(invalid);
        if nd == 0 {
            let invalid = matches!(m.outer_iter_mut(), Err(Error::InvalidAxis { .. }));
            prop_assert!(invalid);
            return Ok(());
        }
        let axis = axis_seed % nd;
        let interleave = sub_views_interleave(&shape, &strides, offset, axis);
        match m.axis_iter_mut(axis) {
            Err(e) => {
                prop_assert!(matches!(e, Error::Overlap { .. }), "{}", e);
                prop_assert!(interleave, "refused but the sub-views are apart: {}", e);
                return Ok(());
            }
            Ok(mut it) => {
                prop_assert!(!interleave, "accepted interleaving sub-views");
                prop_assert_eq!(it.len(), shape[axis]);
                // Take them from both ends, then hold all of them at once.
                let mut subs: Vec<(usize, NdViewMut<'_, u32>)> = Vec::new();
                let (mut front, mut back) = (0, shape[axis]);
                let mut k = 0;
                while front < back {
                    if from_back >> (k % 64) & 1 == 1 {
                        back -= 1;
                        subs.push((back, it.next_back().unwrap()));
                    } else {
                        subs.push((front, it.next().unwrap()));
                        front += 1;
                    }
                    k += 1;
                    prop_assert_eq!(it.len(), back - front);
                }
                prop_assert!(it.next().is_none() && it.next_back().is_none());
                let sub_shape = without(&shape, axis);
                for (i, sub) in &mut subs {
                    prop_assert_eq!(sub.shape(), &sub_shape[..]);
                    for r in indices(&sub_shape) {
                        let mut full = r.clone();
                        full.insert(axis, *i);
                        sub[&r[..]] = tag(&shape, &full);
                    }
                }
            }
        }
        check_written(&data, &shape, &strides, offset)?;
    }

    #[test]
    fn lanes_mut_writes_the_model_or_refuses_an_interleaving(
        (shape, strides, offset, region) in layout(),
        axis_seed in any::<usize>(),
    ) {
        let mut data = vec![0u32; region / ITEM];
        let nd = shape.len();
        let bytes: &mut [u8] = bytemuck::cast_slice_mut(&mut data);
        let Ok(mut m) = NdViewMut::<u32>::from_parts_mut(bytes, &shape, &strides, offset) else {
            return Ok(());
        };
        let invalid = matches!(m.lanes_mut(nd), Err(Error::InvalidAxis { .. }));
        prop_assert!(invalid);
        if nd == 0 {
            return Ok(());
        }
        let axis = axis_seed % nd;
        let empty = shape.contains(&0);
        let interleave = !empty && lane_blocks_interleave(&shape, &strides, offset, axis);
        let others = without(&shape, axis);
        match m.lanes_mut(axis) {
            Err(e) => {
                prop_assert!(matches!(e, Error::Overlap { .. }), "{}", e);
                prop_assert!(interleave, "refused but no blocks interleave: {}", e);
                return Ok(());
            }
            Ok(it) => {
                prop_assert!(!interleave, "accepted interleaving blocks");
                prop_assert_eq!(it.len(), others.iter().product::<usize>());
                let mut lanes: Vec<NdViewMut<'_, u32>> = it.collect();
                let positions = indices(&others);
                prop_assert_eq!(lanes.len(), others.iter().product::<usize>());
                // Lanes that exist together reach pairwise disjoint bytes.
                let ranges: Vec<Option<(i128, i128)>> = positions.iter().map(|p| {
                    let idx: Vec<Vec<usize>> = (0..shape[axis]).map(|i| {
                        let mut full = p.clone();
                        full.insert(axis, i);
                        full
                    }).collect();
                    byte_range(&strides, offset, &idx)
                }).collect();
                for (i, a) in ranges.iter().enumerate() {
                    for b in &ranges[i + 1..] {
                        if let (Some(a), Some(b)) = (a, b) {
                            prop_assert!(!intersect(*a, *b));
                        }
                    }
                }
                for (lane, p) in lanes.iter_mut().zip(&positions) {
                    prop_assert_eq!(lane.shape(), &[shape[axis]][..]);
                    for i in 0..shape[axis] {
                        let mut full = p.clone();
                        full.insert(axis, i);
                        lane[[i]] = tag(&shape, &full);
                    }
                }
            }
        }
        check_written(&data, &shape, &strides, offset)?;
    }
}

fn c_matrix(data: &mut [u32], rows: usize, cols: usize) -> NdViewMut<'_, u32> {
    NdViewMut::from_slice_mut(data, &[rows, cols]).unwrap()
}

#[test]
fn rows_of_c_order_are_lanes_and_outer_sub_views() {
    let mut d = [0u32; 12];
    let mut m = c_matrix(&mut d, 3, 4);
    for (i, mut row) in m.lanes_mut(1).unwrap().enumerate() {
        row.fill(i as u32 + 1);
    }
    assert_eq!(m.to_vec(), [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    let rows: Vec<_> = m.outer_iter_mut().unwrap().collect();
    assert_eq!(rows.len(), 3);
    for (i, mut row) in rows.into_iter().enumerate() {
        row[[0]] = 10 * i as u32;
    }
    assert_eq!(d, [0, 1, 1, 1, 10, 2, 2, 2, 20, 3, 3, 3]);
}

#[test]
fn columns_of_c_order_are_refused_with_the_way_out() {
    let mut d = [0u32; 12];
    let mut m = c_matrix(&mut d, 3, 4);
    for e in [
        m.lanes_mut(0).err().unwrap(),
        m.axis_iter_mut(1).err().unwrap(),
    ] {
        let message = e.to_string();
        assert!(matches!(e, Error::Overlap { .. }), "{message}");
        assert!(message.contains("column_mut"), "{message}");
        assert!(message.contains("Zip"), "{message}");
    }
    let message = m.axis_iter_mut(1).err().unwrap().to_string();
    assert!(
        message.contains("axis 1") && message.contains("stride 4 < span 36"),
        "{message}"
    );
    let message = m.lanes_mut(0).err().unwrap().to_string();
    assert!(
        message.contains("axis 0")
            && message.contains("4 bytes apart")
            && message.contains("spans 36"),
        "{message}"
    );
    // The way out works: one column at a time.
    for j in 0..4 {
        m.column_mut(j).unwrap().fill(j as u32);
    }
    assert_eq!(d, [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
}

#[test]
fn columns_of_f_order_are_fine() {
    let mut d = [0u32; 12];
    // 3×4 in Fortran order: the transpose of a C 4×3.
    let mut m = NdViewMut::from_slice_mut(&mut d, &[4, 3])
        .unwrap()
        .transpose();
    assert_eq!(m.shape(), &[3, 4]);
    for (j, mut col) in m.lanes_mut(0).unwrap().enumerate() {
        col.fill(j as u32);
    }
    let cols: Vec<_> = m.axis_iter_mut(1).unwrap().rev().collect();
    assert_eq!(cols[0].to_vec(), [3, 3, 3]);
    assert!(matches!(m.lanes_mut(1), Err(Error::Overlap { .. })));
    assert!(matches!(m.outer_iter_mut(), Err(Error::Overlap { .. })));
    assert_eq!(d, [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
}

#[test]
fn negative_strides_yield_in_logical_order() {
    let mut d: Vec<u32> = (0..6).collect();
    let mut m = NdViewMut::from_slice_mut(&mut d, &[3, 2])
        .unwrap()
        .flip(0)
        .unwrap()
        .flip(1)
        .unwrap();
    let rows: Vec<Vec<u32>> = m.outer_iter_mut().unwrap().map(|r| r.to_vec()).collect();
    assert_eq!(rows, [[5, 4], [3, 2], [1, 0]]);
    let lanes: Vec<Vec<u32>> = m.lanes_mut(1).unwrap().map(|r| r.to_vec()).collect();
    assert_eq!(lanes, rows);
    for mut lane in m.lanes_mut(1).unwrap() {
        lane[[0]] += 100;
    }
    assert_eq!(d, [0, 101, 2, 103, 4, 105]);
}

#[test]
fn zero_length_axes() {
    let mut d = [0u32; 0];
    let mut m = NdViewMut::from_slice_mut(&mut d, &[0, 3]).unwrap();
    assert_eq!(m.outer_iter_mut().unwrap().count(), 0);
    let cols: Vec<_> = m.axis_iter_mut(1).unwrap().collect();
    assert_eq!(cols.len(), 3);
    assert!(cols.iter().all(|c| c.shape() == [0]));
    // Lanes along the empty axis: one (empty) lane per column.
    let lanes: Vec<_> = m.lanes_mut(0).unwrap().collect();
    assert_eq!(lanes.len(), 3);
    assert!(lanes.iter().all(|l| l.shape() == [0]));
    assert_eq!(m.lanes_mut(1).unwrap().len(), 0);
    assert_eq!(m.lanes_mut(1).unwrap().count(), 0);
}

#[test]
fn rank_one_lanes_are_the_whole_view() {
    let mut d = [1u32, 2, 3];
    let mut m = NdViewMut::from_slice_mut(&mut d, &[3]).unwrap();
    let mut lanes = m.lanes_mut(0).unwrap();
    assert_eq!(lanes.len(), 1);
    let mut lane = lanes.next().unwrap();
    assert!(lanes.next().is_none());
    lane.map_inplace(|x| *x *= 2);
    let elements: Vec<_> = m.axis_iter_mut(0).unwrap().collect();
    assert!(elements.iter().all(|e| e.ndim() == 0));
    assert_eq!(elements[2][[]], 6);
    assert_eq!(d, [2, 4, 6]);
}

#[test]
fn rank_zero_has_no_axis() {
    let mut d = [7u32];
    let mut m = NdViewMut::from_slice_mut(&mut d, &[]).unwrap();
    assert!(matches!(m.outer_iter_mut(), Err(Error::InvalidAxis { .. })));
    assert!(matches!(m.lanes_mut(0), Err(Error::InvalidAxis { .. })));
}

#[test]
fn outer_iter_mut_of_a_3d_array_in_threads() {
    let mut a: NdArray<u64> = NdArray::zeros(&[3, 2, 4]);
    let planes = a.view_mut().into_outer_iter_mut().unwrap();
    std::thread::scope(|s| {
        for (i, mut plane) in planes.enumerate() {
            s.spawn(move || {
                assert_eq!(plane.shape(), &[2, 4]);
                for (j, mut row) in plane.outer_iter_mut().unwrap().enumerate() {
                    row.fill((10 * i + j) as u64);
                }
            });
        }
    });
    let expect: Vec<u64> = (0..3)
        .flat_map(|i| (0..2).flat_map(move |j| [(10 * i + j) as u64; 4]))
        .collect();
    assert_eq!(a.into_vec(), expect);
}

#[test]
fn lanes_of_a_3d_array_follow_c_order_of_the_other_axes() {
    let mut a: NdArray<u32> = NdArray::zeros(&[2, 3, 2]);
    let mut v = a.view_mut();
    // Lanes along the middle axis of a C array genuinely interleave:
    // (0, :, 0) is at bytes 0, 8, 16 and (0, :, 1) at 4, 12, 20.
    assert!(matches!(v.lanes_mut(1), Err(Error::Overlap { .. })));
    assert!(matches!(v.lanes_mut(0), Err(Error::Overlap { .. })));
    for (k, mut lane) in v.lanes_mut(2).unwrap().enumerate() {
        lane.fill(k as u32);
    }
    assert_eq!(a.into_vec(), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);

    // A C (2, 2, 3) array seen as (2, 3, 2): its lanes along axis 1 are
    // the contiguous rows, yielded in C order of axes 0 and 2.
    let mut b: NdArray<u32> = NdArray::zeros(&[2, 2, 3]);
    let mut t = b.view_mut().permute_axes(&[0, 2, 1]).unwrap();
    let mut lanes = t.lanes_mut(1).unwrap();
    assert_eq!(lanes.len(), 4);
    for (k, mut lane) in lanes.by_ref().enumerate() {
        assert_eq!(lane.shape(), &[3]);
        lane.fill(k as u32);
    }
    assert_eq!(lanes.len(), 0);
    assert_eq!(b.into_vec(), [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
}

#[test]
fn a_lane_count_beyond_usize_is_an_overflow_error() {
    let mut region = [0u8; 0];
    let huge = 1usize << 40;
    let mut m =
        NdViewMut::<u32>::from_parts_mut(&mut region, &[0, huge, huge], &[4, 0, 0], 0).unwrap();
    assert!(matches!(m.lanes_mut(0), Err(Error::Overflow { .. })));
    assert_eq!(m.outer_iter_mut().unwrap().len(), 0);
}
