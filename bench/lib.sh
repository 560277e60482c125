# shellcheck shell=bash
#
# Shared helpers for the benchmarks (registrations.sh, exports.sh): a throwaway
# PostgreSQL cluster in a temporary directory, the service started against it,
# and the cleanup that stops both on exit. Sources deploy/lib.sh.
# This file is meant to be *sourced*, not executed: it only defines variables
# and functions. The scripts that source it turn on `set -euo pipefail`
# themselves.

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/lib.sh"

# Set by bench_cluster_start and bench_start_server, used by the benchmarks.
# shellcheck disable=SC2034
bench_tmp="" bench_pgdata="" server_log="" server_pid="" sampler_pid="" pg_port="" base_url=""

# Stop the server (SIGTERM, as a service manager would) and wait for it.
stop_server() {
    [[ -n $server_pid ]] || return 0
    local pid="$server_pid"
    server_pid=""
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    local waited
    for ((waited = 0; waited < 100; waited++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        info "the server did not stop within 10s of SIGTERM; killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    local status=0
    wait "$pid" 2>/dev/null || status=$?
    if ((status != 0)); then
        info "the server exited with status $status"
    fi
}

show_server_log() {
    if [[ -s $server_log ]]; then
        printf '%s\n' "--- last lines of the server log ---" >&2
        tail -n 30 "$server_log" >&2 || true
    fi
}

# The EXIT trap: the server log on failure, then stop the memory sampler (if a
# benchmark started one in $sampler_pid), the server and the cluster.
# shellcheck disable=SC2317 # invoked through the EXIT trap
bench_cleanup() {
    local status=$?
    if ((status != 0)); then
        show_server_log
    fi
    # Never let cleanup failures mask the benchmark status.
    if [[ -n $sampler_pid ]]; then
        kill "$sampler_pid" 2>/dev/null || true
    fi
    stop_server || true
    pg_cluster_stop "$bench_pgdata" || true
    rm -rf -- "$bench_tmp"
    exit "$status"
}

# bench_cluster_start PG_OPTIONS: make the temporary directory $bench_tmp
# (deleted on exit, with everything in it), start a PostgreSQL cluster in it
# on a free port ($pg_port) with the extra server options PG_OPTIONS, create
# the database formations_bench and export FORMATIONS_DATABASE_URL for it.
bench_cluster_start() {
    local pg_options="$1"
    bench_tmp="$(mktemp -d)"
    bench_pgdata="$bench_tmp/pgdata"
    server_log="$bench_tmp/server.log"
    server_pid=""
    sampler_pid=""

    trap bench_cleanup EXIT
    # Make Ctrl-C / kill go through the EXIT trap too.
    trap 'exit 130' INT
    trap 'exit 143' TERM

    if ((EUID == 0)); then
        # The PostgreSQL server runs as postgres (it refuses root): it must own
        # the tree. Root still writes the server log and other output here.
        chown "$FORMATIONS_PG_SYSTEM_USER:" "$bench_tmp"
    fi
    # mktemp -d makes the directory 0700; the owner needs only traversal here.
    chmod 700 "$bench_tmp"

    # shellcheck disable=SC2119 # no port to exclude yet
    pg_port="$(pick_free_port)"
    pg_cluster_start "$bench_pgdata" "$pg_port" "$pg_options"
    pg_create_database "$pg_port" formations_bench

    FORMATIONS_DATABASE_URL="$(pg_url "$pg_port" formations_bench)"
    export FORMATIONS_DATABASE_URL
}

# psql on the benchmark database, unaligned and tuples only.
psql_bench() {
    "$(pg_bin)/psql" -X -q -At -v ON_ERROR_STOP=1 \
        -h 127.0.0.1 -p "$pg_port" -U "$FORMATIONS_PG_USER" -d formations_bench "$@"
}

# bench_start_server FORMATIONS HTTP_PORT: run `FORMATIONS serve` on
# 127.0.0.1:HTTP_PORT in the background ($server_pid, log in $server_log),
# wait until it listens and set $base_url.
bench_start_server() {
    local formations="$1" http_port="$2" waited
    # One client address makes every request: no per-client ceiling of anonymous use.
    FORMATIONS_LISTEN="127.0.0.1:$http_port" FORMATIONS_REGISTRATIONS_PER_HOUR=0 \
        FORMATIONS_QUOTES_PER_HOUR=0 "$formations" serve >"$server_log" 2>&1 &
    server_pid=$!

    # The first stdout line is "formations: listening on http://HOST:PORT/".
    for ((waited = 0; ; waited++)); do
        if grep -q "listening on" "$server_log" 2>/dev/null; then
            break
        fi
        if ! kill -0 "$server_pid" 2>/dev/null; then
            wait "$server_pid" 2>/dev/null || true
            server_pid=""
            die "the server exited before listening"
        fi
        ((waited < 300)) || die "the server did not print 'listening on' within 30s"
        sleep 0.1
    done
    # shellcheck disable=SC2034 # used by the benchmarks
    base_url="http://127.0.0.1:$http_port"
}
