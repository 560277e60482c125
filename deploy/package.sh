#!/usr/bin/env bash
#
# Build the Debian package of the production shape (see the README, "Production"):
#
#   deploy/package.sh        # → build/packages/formations_<version>-1_amd64.deb
#
# Installs what is missing, builds the service (only the binary, not the tests) and runs
# cpack (deploy/CMakeLists.txt: install rules, Depends from dpkg-shlibdeps, maintainer scripts).
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

install_dependencies
build_project "$ROOT/build" "" formations
(cd "$ROOT/build" && cpack -G DEB >/dev/null)
deb=$(ls -t "$ROOT"/build/packages/formations_*.deb | head -n 1)
info "package: ${deb#"$ROOT"/}"
dpkg-deb --field "$deb" Package Version Depends Recommends >&2
