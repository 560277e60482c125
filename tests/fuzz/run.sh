#!/usr/bin/env bash
#
# Runs the libFuzzer targets of tests/fuzz, each for a bounded time:
#
#   tests/fuzz/run.sh             # 10 s each (what ctest -L fuzz runs: 40 s in all)
#   tests/fuzz/run.sh 600         # 10 min each, the longer run
#   FORMATIONS_FUZZ_CORPUS=~/fuzz-corpus tests/fuzz/run.sh 3600   # keep what it finds
#
# Builds them first with clang-14 in build-fuzz/ (AddressSanitizer, UndefinedBehaviorSanitizer,
# coverage), starting from the seeds in tests/fuzz/corpus/<target>/ (never written to). Inputs
# found meanwhile go to a temporary folder, or FORMATIONS_FUZZ_CORPUS/<target>/. A crash, a
# sanitizer report, a leak or a broken invariant fails the run and leaves the input in
# test-artifacts/fuzz/; replay it with  build-fuzz/tests/fuzz/<target> test-artifacts/fuzz/<file>.
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../deploy/lib.sh"

seconds=${1:-10}
[[ $seconds =~ ^[0-9]+$ ]] || die "usage: tests/fuzz/run.sh [SECONDS_PER_TARGET]"
build_dir=$ROOT/build-fuzz
command -v clang++-14 >/dev/null 2>&1 || die "clang++-14 is missing (deploy/test.sh installs it)"

mkdir -p "$build_dir"
cmake -S "$ROOT" -B "$build_dir" -DCMAKE_CXX_COMPILER=clang++-14 \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFORMATIONS_FUZZ=ON >"$build_dir/configure.log" 2>&1 ||
    { cat "$build_dir/configure.log" >&2; die "configuring $build_dir failed"; }
cmake --build "$build_dir" -j"$(nproc)" --target fuzzers

artifacts=$ROOT/test-artifacts/fuzz
mkdir -p "$artifacts"
scratch=$(mktemp -d)
trap 'rm -rf -- "$scratch"' EXIT

status=0
for seeds in "$ROOT"/tests/fuzz/corpus/*/; do
    target=$(basename "$seeds")_fuzzer
    corpus=${FORMATIONS_FUZZ_CORPUS:-$scratch}/$target
    mkdir -p "$corpus"
    info "$target: ${seconds} s"
    # -timeout: one input taking a second is a hang; -rss_limit_mb: ASan's own memory counts.
    if ! "$build_dir/tests/fuzz/$target" -max_total_time="$seconds" -timeout=1 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/$target-" \
        "$corpus" "$seeds" >"$scratch/$target.log" 2>&1; then
        status=1
        tail -n 40 "$scratch/$target.log" >&2
        info "$target FAILED: the input is in $artifacts/"
    else
        grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$scratch/$target.log" |
            tr '\n' ' ' >&2
        printf '\n' >&2
    fi
done
exit "$status"
