#!/usr/bin/env bash
# Runs the unit and integration tests under Miri, with Stacked Borrows (the
# default) and then Tree Borrows. Installs the nightly toolchain's `miri`
# component if it is missing. Property tests run few cases under Miri (see
# `PROPTEST_CASES`, and the `cfg!(miri)` case counts of the suites with an
# explicit count); tests too slow for an interpreter are
# `#[cfg_attr(miri, ignore)]` and have smaller twins that run. The
# fixture-heavy suites (view_fixtures, overlap, layout_ops, formats) replay
# a deterministic sample of their NumPy/CPython cases under Miri, one in
# eight (tests/common/miri_sample.rs): they check arithmetic on safe paths,
# and run whole natively.
#
#   bash scripts/miri.sh            # everything, both borrow models
#                                   # (about 30 min per model on 2 cores)
#   bash scripts/miri.sh --quick    # Stacked Borrows only, and only the
#                                   # unit tests and the soundness suites
#                                   # (soundness, hostile, views_model;
#                                   # about 3 min)
#
# `-Zmiri-disable-isolation`: proptest reads the working directory (for its
# regression files) and `PROPTEST_CASES` from the environment, which an
# isolated Miri refuses or hides.
# `-Zmiri-deterministic-floats`: Miri otherwise adds random error to the
# last bits of libm-style float operations (powi, exp, …), which makes
# exact-value tests of the f16 conversions flaky; no unsafe code depends on
# float results.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo +nightly miri --version >/dev/null 2>&1; then
  rustup toolchain install nightly --profile minimal --component miri,rust-src
fi
cargo +nightly miri setup >/dev/null

export PROPTEST_CASES="${PROPTEST_CASES:-8}"
base="-Zmiri-disable-isolation -Zmiri-deterministic-floats"
# Doc tests and the benches are not interpreted: the tests cover the same paths.
run() {
  printf '\n==> miri %s\n' "$MIRIFLAGS"
  if [ "$quick" = 1 ]; then
    cargo +nightly miri test --all-features --lib \
      --test soundness --test hostile --test views_model
  else
    # The parallel tests (feature `rayon`) run once, below: rayon's
    # crossbeam-epoch trips Stacked Borrows inside its own code.
    cargo +nightly miri test --all-features --lib --tests -- --skip parallel
  fi
}

quick=0
if [ "${1:-}" = "--quick" ]; then
  quick=1
fi
MIRIFLAGS="$base" run
if [ "$quick" = 0 ]; then
  MIRIFLAGS="$base -Zmiri-tree-borrows" run
  # The parallel tests, under Tree Borrows only: crossbeam-epoch 0.9 (under
  # rayon) breaks Stacked Borrows in its epoch list, in code that never
  # touches our views, and rayon's global worker threads are never joined,
  # so their epoch handles are still allocated at exit (`-Zmiri-ignore-leaks`).
  printf '\n==> miri (parallel tests) %s\n' "$base -Zmiri-tree-borrows -Zmiri-ignore-leaks"
  MIRIFLAGS="$base -Zmiri-tree-borrows -Zmiri-ignore-leaks" \
    cargo +nightly miri test --all-features --test compute parallel
fi
