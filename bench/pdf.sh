#!/usr/bin/env bash
#
# PDF benchmark: invoices rendered per second by our code against a bare libharu page with the
# same fonts, in the same run, and the PDF sizes. Builds the benchmark first (Release).
#
#   bench/pdf.sh              # 9 rounds of 0.5 s per subject
#   bench/pdf.sh 1 15         # 15 rounds of 1 s
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/lib.sh"

install_dependencies
cmake -S "$ROOT" -B "$ROOT/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$ROOT/build" -j"$(nproc)" --target pdf_bench
"$ROOT/build/bench/pdf_bench" "$@"
