#!/usr/bin/env bash
# Builds and runs every fuzz target for a bounded time with the committed
# seed corpus, one target at a time, in one process (no -jobs/-workers:
# libFuzzer then runs a single fuzzing process on one core).
#
#   bash scripts/fuzz.sh            # 60 s per target
#   bash scripts/fuzz.sh 600        # 10 min per target
#   bash scripts/fuzz.sh 60 index   # one target
#
# New inputs go to fuzz/corpus-local/<target> (not committed); the committed
# seeds in fuzz/corpus/<target> are only read. A crash stops the script and
# leaves its input in fuzz/artifacts/<target>/ — reproduce it with
# `cargo +nightly fuzz run <target> fuzz/artifacts/<target>/crash-…`.
# Needs a nightly toolchain and `cargo install cargo-fuzz`.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(format index layout_ops npy_header npz_directory safetensors_header)
fi

cargo +nightly fuzz build
for t in "${targets[@]}"; do
  printf '\n==> fuzz %s for %s s\n' "$t" "$seconds"
  mkdir -p "fuzz/corpus-local/$t"
  cargo +nightly fuzz run "$t" "fuzz/corpus-local/$t" "fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -max_len=4096 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1
done
