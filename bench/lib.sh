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
# wait until it is ready and set $base_url.
bench_start_server() {
    local formations="$1" http_port="$2" waited
    # shellcheck disable=SC2034 # used by the benchmarks
    base_url="http://127.0.0.1:$http_port"
    # One client address makes every request: no per-client ceiling of anonymous use.
    FORMATIONS_LISTEN="127.0.0.1:$http_port" FORMATIONS_REGISTRATIONS_PER_HOUR=0 \
        FORMATIONS_QUOTES_PER_HOUR=0 "$formations" serve >"$server_log" 2>&1 &
    server_pid=$!

    # Ready when GET /readyz answers 200: this server listens, reaches the database and finds
    # its schema current. Not the "listening on" line of the log: the shell truncates the log in
    # the background child, so the loop could read the line of the previous server (the capture
    # run's) before that, and the next request found no server yet (measured: 1 start in 4).
    for ((waited = 0; ; waited++)); do
        if curl -sf -o /dev/null --max-time 2 "$base_url/readyz"; then
            break
        fi
        if ! kill -0 "$server_pid" 2>/dev/null; then
            wait "$server_pid" 2>/dev/null || true
            server_pid=""
            die "the server exited before it was ready"
        fi
        ((waited < 300)) || die "the server was not ready (GET /readyz) within 30s"
        sleep 0.1
    done
}

# A field of wrk's output (run with --latency): rps, p50, p75, p90, p99 (as wrk prints them,
# e.g. 12.5ms), requests, non2xx, socket (the socket errors line, or "none").
wrk_field() {
    local file="$1" field="$2"
    case $field in
        rps) awk '/^Requests\/sec:/ {print $2}' "$file" ;;
        p50 | p75 | p90 | p99)
            awk -v pct="${field#p}%" '
                /Latency Distribution/ {in_dist = 1; next}
                in_dist && $1 == pct {print $2; exit}' "$file"
            ;;
        requests) awk '/ requests in / {print $1; exit}' "$file" ;;
        non2xx) awk '/Non-2xx or 3xx responses:/ {print $NF; found = 1} END {if (!found) print 0}' "$file" ;;
        socket)
            awk '/Socket errors:/ {sub(/^ *Socket errors: */, ""); print; found = 1}
                 END {if (!found) print "none"}' "$file"
            ;;
    esac
}

# cpu_ticks PID...: the CPU time (user + system, clock ticks) the processes used so far,
# with what their children that they have waited for used (the postmaster waits for its
# backends: a backend that ended between two samples is still counted).
cpu_ticks() {
    local pid total=0 fields
    for pid in "$@"; do
        # Fields 14-17 of /proc/PID/stat (after the command, which may hold spaces).
        fields="$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null)" || continue
        total=$((total + $(awk '{print $12 + $13 + $14 + $15}' <<<"$fields")))
    done
    echo "$total"
}

# postgres_cpu_ticks: cpu_ticks of the benchmark cluster, its postmaster and every live child
# (backends, WAL writer, checkpointer, autovacuum…).
postgres_cpu_ticks() {
    local postmaster stat
    postmaster="$(head -n 1 "$bench_pgdata/postmaster.pid")"
    local -a pids=("$postmaster")
    for stat in /proc/[0-9]*/stat; do
        [[ $(sed 's/^.*) //' "$stat" 2>/dev/null | cut -d' ' -f2) == "$postmaster" ]] &&
            pids+=("$(basename "$(dirname "$stat")")")
    done
    cpu_ticks "${pids[@]}"
}

# ticks_ms TICKS COUNT: milliseconds of CPU per operation.
ticks_ms() {
    awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN {
        if (n > 0) printf "%.2f\n", 1000 * t / hz / n; else print "n/a" }'
}

# A wrk latency (850.00us, 12.50ms, 1.20s, 2.00m) in milliseconds.
wrk_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; unit = v; sub(/^[0-9.]+/, "", unit)
        if (unit == "us") n /= 1000; else if (unit == "s") n *= 1000; else if (unit == "m") n *= 60000
        printf "%.2f\n", n }'
}

# bench_add_sessions COUNT CAPACITY REFERENCE_PREFIX: COUNT open sessions of the course CAE
# starting in 30 days, with a registration deadline the day before (the shape of
# TestDatabase::add_session); prints their ids, one a line.
bench_add_sessions() {
    psql_bench -v count="$1" -v capacity="$2" -v prefix="$3" <<'SQL'
INSERT INTO sessions (reference, course_id, starts_on, ends_on, place, capacity,
                      registration_deadline, status)
SELECT :'prefix' || g, c.id, p.day, p.day + 1, 'Salle de test de charge, Paris', :capacity,
       p.day - 1, 'open'
  FROM courses c, (SELECT current_date + 30 AS day) p, generate_series(1, :count) g
 WHERE c.code = 'CAE'
 ORDER BY g
RETURNING id;
SQL
}

# bench_login EMAIL PASSWORD: the bearer token of that account, on $base_url.
bench_login() {
    local token
    token="$(curl -sf -X POST "$base_url/api/v1/auth/login" -H 'Content-Type: application/json' \
        -d "{\"email\": \"$1\", \"password\": \"$2\"}" | jq -r .token)"
    [[ -n $token && $token != null ]] || die "cannot log $1 in"
    printf '%s\n' "$token"
}

# insert_invoices_year YEAR COUNT MODEL_INVOICE_ID: COUNT invoices dated YEAR, copies of the
# model's snapshot, with credit notes (1 in 20) and full (1 in 2) or half (1 in 4) payments,
# so that the FEC has lettering to compute.
insert_invoices_year() {
    local year="$1" count="$2" model_id="$3"
    psql_bench -v year="$year" -v count="$count" -v model="$model_id" <<'SQL'
INSERT INTO invoices (kind, series, year, sequence, number, registration_id, issued_on, due_on,
                      payer, buyer_name, buyer_siret, total_cents, snapshot)
SELECT 'invoice', 'BN', :year, g, 'BN-' || :year || '-' || lpad(g::text, 6, '0'),
       m.registration_id, make_date(:year, 1, 1) + (g % 365),
       make_date(:year, 1, 1) + (g % 365) + 30,
       CASE WHEN g % 3 = 0 THEN 'trainee' ELSE 'employer' END,
       'Acheteur fictif n° ' || (g % 5000),
       CASE WHEN g % 3 = 0 THEN NULL ELSE m.buyer_siret END,
       (ARRAY[30000, 50000, 70000])[1 + g % 3], m.snapshot
  FROM invoices m, generate_series(1, :count) g
 WHERE m.id = :model;

INSERT INTO invoices (kind, series, year, sequence, number, registration_id,
                      corrects_invoice_id, issued_on, due_on, payer, buyer_name, buyer_siret,
                      total_cents, snapshot)
SELECT 'credit_note', 'BA', :year, n, 'BA-' || :year || '-' || lpad(n::text, 6, '0'),
       registration_id, id, on_day, on_day, payer, buyer_name, buyer_siret, -total_cents,
       snapshot
  FROM (SELECT i.*, row_number() OVER (ORDER BY i.id) AS n,
               LEAST(i.issued_on + 10, make_date(:year, 12, 31)) AS on_day
          FROM invoices i
         WHERE i.series = 'BN' AND i.year = :year AND i.sequence % 20 = 0) c;

INSERT INTO payments (invoice_id, amount_cents, paid_on, method, reference, recorded_by)
SELECT id, CASE WHEN sequence % 2 = 1 THEN total_cents ELSE total_cents / 2 END,
       LEAST(issued_on + 15, make_date(:year, 12, 31)), 'transfer', 'VIR ' || sequence, 'bench'
  FROM invoices
 WHERE series = 'BN' AND year = :year AND (sequence % 2 = 1 OR sequence % 4 = 2);
ANALYZE invoices;
ANALYZE payments;
SQL
}

