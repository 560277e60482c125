#!/usr/bin/env bash
#
# Build and run the test suite against a throwaway PostgreSQL cluster.
#
#   deploy/test.sh             # all tests
#   deploy/test.sh -R unit     # extra arguments go to ctest
#
# The cluster lives in a fresh temporary directory on a free random port, so
# it never collides with the development cluster (deploy/pg.sh), the system
# cluster on 5432 or another test run; it is stopped and deleted on exit.
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

install_dependencies
install_browser_test_dependencies
ensure_locale fr_FR.UTF-8
# Warnings are errors here, in the build type the tests run (Release).
build_project "$ROOT/build" ON

test_tmp="$(mktemp -d)"
test_pgdata="$test_tmp/pgdata"

# shellcheck disable=SC2317 # invoked through the EXIT trap
cleanup() {
    # Never let cleanup failures mask the test status.
    pg_cluster_stop "$test_pgdata" || true
    rm -rf -- "$test_tmp"
}
trap cleanup EXIT
# Make Ctrl-C / kill go through the EXIT trap too.
trap 'exit 130' INT
trap 'exit 143' TERM

if ((EUID == 0)); then
    # The server runs as postgres (it refuses root): it must own the tree.
    chown "$FORMATIONS_PG_SYSTEM_USER:" "$test_tmp"
fi
# mktemp -d makes the directory 0700; the owner needs only traversal here.
chmod 700 "$test_tmp"

# shellcheck disable=SC2119 # no port to exclude
test_port="$(pick_free_port)"
# fsync=off: durability is pointless for a throwaway cluster and makes the
# many CREATE DATABASEs of the tests much faster. max_connections=200 leaves
# room for parallel test processes (ctest -j2) each with its own pool.
pg_cluster_start "$test_pgdata" "$test_port" "-c fsync=off -c max_connections=200"

# Tests create (and drop) their own databases from this maintenance URL.
FORMATIONS_TEST_DATABASE_URL="$(pg_url "$test_port" postgres)"
export FORMATIONS_TEST_DATABASE_URL

status=0
# --no-tests=error: a build that registers no test must not pass as green.
ctest --test-dir "$ROOT/build" --output-on-failure --no-tests=error -j2 "$@" || status=$?

if ((status != 0)) && [[ -f $test_pgdata/server.log ]]; then
    # Keep the server log for diagnosis; the temp dir is deleted on exit.
    mkdir -p "$ROOT/test-artifacts"
    cp "$test_pgdata/server.log" "$ROOT/test-artifacts/postgres-server.log" || true
    info "PostgreSQL log saved to test-artifacts/postgres-server.log"
fi
exit "$status"
