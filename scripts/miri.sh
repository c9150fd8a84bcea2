#!/usr/bin/env bash
# Runs the unit and integration tests under Miri, with Stacked Borrows (the
# default) and then Tree Borrows. Installs the nightly toolchain's `miri`
# component if it is missing. Property tests run few cases under Miri (see
# `PROPTEST_CASES`); tests too slow for an interpreter are
# `#[cfg_attr(miri, ignore)]` and have smaller twins that run.
#
#   bash scripts/miri.sh            # both borrow models
#   bash scripts/miri.sh --quick    # Stacked Borrows only
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo +nightly miri --version >/dev/null 2>&1; then
  rustup toolchain install nightly --profile minimal --component miri,rust-src
fi
cargo +nightly miri setup >/dev/null

export PROPTEST_CASES="${PROPTEST_CASES:-8}"
# Doc tests and the benches are not interpreted: the tests cover the same paths.
run() {
  printf '\n==> miri %s\n' "${MIRIFLAGS:-(stacked borrows)}"
  cargo +nightly miri test --all-features --lib --tests
}

MIRIFLAGS="" run
if [ "${1:-}" != "--quick" ]; then
  MIRIFLAGS="-Zmiri-tree-borrows" run
fi
