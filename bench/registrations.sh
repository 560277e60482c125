#!/usr/bin/env bash
#
# Load benchmark of the registration API: builds the service, starts it
# against a throwaway PostgreSQL cluster (like deploy/test.sh), then runs wrk
#   1. on POST /api/v1/registrations (bench/register.lua: a new trainee per
#      request) for one session of capacity $CAPACITY: once the seats are
#      taken, the remaining requests exercise the waiting list;
#   2. on GET /api/v1/sessions, for comparison;
# and prints requests/second, latency percentiles, non-2xx answers and the
# confirmed / waitlisted counts found in the database.
#
#   bench/registrations.sh
#   DURATION=60s CONNECTIONS=32 THREADS=4 bench/registrations.sh
#
# Environment:
#   DURATION      length of each wrk run (wrk syntax: 15s, 1m...)   default 15s
#   CONNECTIONS   open HTTP connections, shared by the threads       default 16
#   THREADS       wrk threads                                        default 2
#   CAPACITY      seats of the benchmarked session (1-1000)          default 1000
#   PG_OPTIONS    extra postgres options for the throwaway cluster
#                 default "-c fsync=off -c max_connections=200" (as deploy/test.sh)
#   FORMATIONS_WORKERS / FORMATIONS_THREADS are passed through to the server
#   (unset: the service defaults).
#
# This is a measurement tool: it asserts nothing about speed, and failed
# requests are reported, not fatal. It exits non-zero only when it cannot run
# the benchmark or when the database breaks the seat invariants (more
# confirmed registrations than seats, a waiting list while seats are free,
# seats_taken out of step with the confirmed registrations).
# The server log (one line per request) is printed in part on failure and
# deleted with the temporary directory.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
CAPACITY="${CAPACITY:-1000}"
PG_OPTIONS="${PG_OPTIONS:--c fsync=off -c max_connections=200}"

[[ $DURATION =~ ^[0-9]+[smh]?$ ]] || die "DURATION must look like 15s, 2m or 1h (got '$DURATION')"
[[ $THREADS =~ ^[1-9][0-9]*$ ]] || die "THREADS must be a positive integer (got '$THREADS')"
[[ $CONNECTIONS =~ ^[1-9][0-9]*$ ]] || die "CONNECTIONS must be a positive integer (got '$CONNECTIONS')"
((CONNECTIONS >= THREADS)) || die "CONNECTIONS ($CONNECTIONS) must be at least THREADS ($THREADS): wrk gives each thread CONNECTIONS/THREADS connections"
if [[ ! $CAPACITY =~ ^[1-9][0-9]*$ ]] || ((CAPACITY > 1000)); then
    die "CAPACITY must be an integer between 1 and 1000 (the schema's limit; got '$CAPACITY')"
fi

install_dependencies
build_project "$ROOT/build"

formations="$ROOT/build/service/formations"
lua_script="$ROOT/bench/register.lua"
[[ -x $formations ]] || die "$formations was not built"
[[ -r $lua_script ]] || die "$lua_script is missing"
command -v wrk >/dev/null 2>&1 || die "wrk is not installed (it is in FORMATIONS_DEBIAN_PACKAGES)"

# --------------------------------------------------------------------------
# Throwaway cluster (removed on exit)
# --------------------------------------------------------------------------

bench_cluster_start "$PG_OPTIONS"

"$formations" migrate
"$formations" seed

# One open session of the course CAE, 30 days ahead, registration deadline the
# day before it starts (the same shape as TestDatabase::add_session).
session_id="$(psql_bench -v capacity="$CAPACITY" <<'SQL'
INSERT INTO sessions (reference, course_id, starts_on, ends_on, place, capacity,
                      registration_deadline, status)
SELECT 'BENCH-' || to_char(now(), 'YYYYMMDDHH24MISS'), c.id, p.day, p.day + 1,
       'Salle de test de charge, Paris', :capacity, p.day - 1, 'open'
FROM courses c, (SELECT current_date + 30 AS day) p
WHERE c.code = 'CAE'
RETURNING id;
SQL
)"
[[ $session_id =~ ^[0-9]+$ ]] || die "could not create the benchmark session (got '$session_id')"
info "session $session_id: course CAE, capacity $CAPACITY, starts in 30 days"

# --------------------------------------------------------------------------
# Server
# --------------------------------------------------------------------------

http_port="$(pick_free_port "$pg_port")"
info "starting formations serve on 127.0.0.1:$http_port (log: $server_log)"
bench_start_server "$formations" "$http_port"

# --------------------------------------------------------------------------
# Benchmarks
# --------------------------------------------------------------------------

# Field from wrk's output (run with --latency).
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

run_tag="$(date +%s)"
register_out="$bench_tmp/wrk-register.txt"
sessions_out="$bench_tmp/wrk-sessions.txt"

echo
echo "=== 1/2 POST /api/v1/registrations: $THREADS threads, $CONNECTIONS connections, $DURATION"
echo "    session $session_id has $CAPACITY seats: the first $CAPACITY registrations are"
echo "    confirmed (each issues an invoice), every later one joins the waiting list."
wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$lua_script" \
    "$base_url/api/v1/registrations" -- "$session_id" "$run_tag" | tee "$register_out"

echo
echo "=== 2/2 GET /api/v1/sessions: $THREADS threads, $CONNECTIONS connections, $DURATION"
wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "Connection: keep-alive" \
    "$base_url/api/v1/sessions" | tee "$sessions_out"

# Responses that the server logged with a 5xx status (e.g. 503 "worker queue full").
server_5xx="$(grep -Ec '^(GET|POST) [^ ]+ 5[0-9][0-9] ' "$server_log" || true)"

stop_server

# --------------------------------------------------------------------------
# Database state
# --------------------------------------------------------------------------

IFS='|' read -r confirmed waitlisted cancelled seats_taken capacity < <(psql_bench -v id="$session_id" <<'SQL'
SELECT count(*) FILTER (WHERE r.status = 'confirmed'),
       count(*) FILTER (WHERE r.status = 'waitlisted'),
       count(*) FILTER (WHERE r.status = 'cancelled'),
       s.seats_taken, s.capacity
FROM sessions s LEFT JOIN registrations r ON r.session_id = s.id
WHERE s.id = :id
GROUP BY s.id;
SQL
)
invoices="$(psql_bench -v id="$session_id" <<'SQL'
SELECT count(*) FROM invoices i JOIN registrations r ON r.id = i.registration_id
WHERE r.session_id = :id AND i.kind = 'invoice';
SQL
)"

# --------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------

summary_line() {
    local label="$1" file="$2"
    printf '  %-30s %9s req/s  p50 %-9s p90 %-9s p99 %-9s requests %-7s non-2xx %-5s socket errors: %s\n' \
        "$label" "$(wrk_field "$file" rps)" "$(wrk_field "$file" p50)" \
        "$(wrk_field "$file" p90)" "$(wrk_field "$file" p99)" \
        "$(wrk_field "$file" requests)" "$(wrk_field "$file" non2xx)" "$(wrk_field "$file" socket)"
}

register_non2xx="$(wrk_field "$register_out" non2xx)"
sessions_non2xx="$(wrk_field "$sessions_out" non2xx)"
register_non201="$(awk '/^register.lua: non-201 responses:/ {print $NF}' "$register_out")"

echo
echo "=== Summary (wrk -t$THREADS -c$CONNECTIONS -d$DURATION; server: FORMATIONS_WORKERS=${FORMATIONS_WORKERS:-default}, FORMATIONS_THREADS=${FORMATIONS_THREADS:-default}; postgres: ${PG_OPTIONS:-defaults})"
summary_line "POST /api/v1/registrations" "$register_out"
summary_line "GET  /api/v1/sessions" "$sessions_out"
echo "  non-201 registration answers (register.lua): ${register_non201:-unknown}"
echo "  5xx answers in the server log: $server_5xx"
echo "  session $session_id (capacity $capacity): confirmed $confirmed, waitlisted $waitlisted, cancelled $cancelled; seats_taken $seats_taken; invoices $invoices"
echo "  registrations in the database: $((confirmed + waitlisted + cancelled)); wrk counted $(wrk_field "$register_out" requests) answers (requests still in flight when wrk stops, up to $CONNECTIONS, are completed by the server but not counted)"

integrity_ok=1
if ((confirmed <= capacity)); then
    echo "  check confirmed <= capacity: OK ($confirmed <= $capacity)"
else
    echo "  check confirmed <= capacity: FAILED ($confirmed > $capacity)"
    integrity_ok=0
fi
if ((confirmed + waitlisted > capacity && confirmed != capacity)); then
    echo "  WARNING: the waiting list is used while $((capacity - confirmed)) seats are free"
    integrity_ok=0
fi
if ((seats_taken != confirmed)); then
    echo "  WARNING: sessions.seats_taken ($seats_taken) differs from the confirmed count ($confirmed)"
    integrity_ok=0
fi
if ((invoices != confirmed)); then
    echo "  WARNING: $invoices invoices for $confirmed confirmed registrations"
fi
if ((confirmed + waitlisted <= capacity)); then
    echo "  note: only $((confirmed + waitlisted)) registrations for $capacity seats: the waiting list was not exercised (longer DURATION or smaller CAPACITY)"
fi
if [[ $register_non2xx != 0 || $sessions_non2xx != 0 || ${register_non201:-0} != 0 || $server_5xx != 0 ]]; then
    echo "  WARNING: some requests failed (see the counts above and register.lua's first errors)"
fi

((integrity_ok)) || exit 1
