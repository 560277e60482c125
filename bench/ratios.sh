#!/usr/bin/env bash
#
# The service against what the database allows, side by side in ONE run (issue 15), on a
# throwaway PostgreSQL with fsync ON (a registration's commit waits for the disk, as in
# production):
#
#   1. HTTP registrations/s through `formations serve` (wrk + bench/register.lua: distinct
#      trainees, an Idempotency-Key each, keep-alive), p50 and p99, on one hot session (its
#      seats, then its waiting list) and spread over 200 sessions;
#   2. pgbench "minimal transaction" (lock the session row, insert a row, update a counter,
#      commit) on one row and over 200 rows, with as many clients as wrk has connections;
#   3. pgbench replaying the service's own SQL of one registration, captured from the server log
#      (log_statement = all, on the benchmark database only, for one registration; made
#      replayable by bench/replay_sql.py), on one session and over 200 sessions;
#   4. the catalogue's (GET /api/v1/sessions) p99 idle, during 8 slow downloads of the FEC
#      (curl --limit-rate) and during a burst of PDF renders (sign-in sheets);
#   5. PDFs/s of our invoice against a bare libharu page (build/bench/pdf_bench);
#   6. the CPU time one operation costs PostgreSQL and the server (HTTP registrations, minimal
#      transactions), and the ceiling it sets on this machine's cores.
#
# Then prints the ratios with PASS/FAIL against the issue's targets. A report, not a test: it
# exits non-zero only when it cannot run or when the data break the seat invariants.
#
#   bench/ratios.sh
#   DURATION=20s CONNECTIONS=32 bench/ratios.sh
#
# Environment:
#   DURATION      length of each wrk / pgbench run, seconds          default 10
#   CONNECTIONS   wrk connections = pgbench clients                   default 16
#   THREADS       wrk threads = pgbench threads                       default 2
#   SESSIONS      sessions of the spread runs                         default 200
#   FORMATIONS    the binary to measure (e.g. a copy built from main) default build/service/formations
#   FORMATIONS_WORKERS / FORMATIONS_THREADS are passed through to the server.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
SESSIONS="${SESSIONS:-200}"
[[ $DURATION =~ ^[1-9][0-9]*$ ]] || die "DURATION is a number of seconds (got '$DURATION')"
[[ $CONNECTIONS =~ ^[1-9][0-9]*$ && $THREADS =~ ^[1-9][0-9]*$ ]] || die "CONNECTIONS and THREADS are positive integers"
((CONNECTIONS >= THREADS)) || die "CONNECTIONS must be at least THREADS"
[[ $SESSIONS =~ ^[1-9][0-9]*$ ]] || die "SESSIONS is a positive integer"

install_dependencies
if [[ -z ${FORMATIONS:-} ]]; then
    build_project "$ROOT/build" "" formations pdf_bench
    FORMATIONS="$ROOT/build/service/formations"
else
    build_project "$ROOT/build" "" pdf_bench
fi
[[ -x $FORMATIONS ]] || die "$FORMATIONS is not an executable"
pgbench="$(pg_bin)/pgbench"
[[ -x $pgbench ]] || pgbench="$(command -v pgbench)" || die "pgbench is not installed"
run_tag="$(date +%s)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# --------------------------------------------------------------------------
# Cluster (fsync on), data, the capture of one registration's SQL
# --------------------------------------------------------------------------

bench_cluster_start "-c max_connections=200 -c fsync=on -c synchronous_commit=on"
psql_bench -c "ALTER SYSTEM SET log_line_prefix = '%p|'" -c "SELECT pg_reload_conf()" >/dev/null
"$FORMATIONS" migrate >/dev/null
"$FORMATIONS" seed >/dev/null
password="bench-$run_tag-$RANDOM"
printf '%s\n' "$password" |
    "$FORMATIONS" user add admin@bench.invalid --role admin --password-stdin >/dev/null

hot_session="$(bench_add_sessions 1 500 "BENCH-HOT-")"
mapfile -t spread < <(bench_add_sessions "$SESSIONS" 1000 "BENCH-SPREAD-")
first_spread="${spread[0]}" last_spread="${spread[-1]}"
((last_spread - first_spread + 1 == SESSIONS)) || die "the spread sessions' ids are not contiguous"
capture_session="$(bench_add_sessions 1 1000 "BENCH-CAPTURE-")"
# Every id sequence far from the others: an id in the captured SQL is then recognised by value.
psql_bench -c "SELECT setval(c.oid, 1000000 * row_number() OVER (ORDER BY c.oid))
                 FROM pg_class c WHERE c.relkind = 'S'" >/dev/null
psql_bench -c "INSERT INTO invoice_counters (series, year, last_number)
               SELECT 'FA', y, 99000000 FROM generate_series(2020, 2100) y" >/dev/null

register_one() {  # SESSION EMAIL KEY SIRET -> the answer's status
    curl -s -o /dev/null -w '%{http_code}' -X POST "$base_url/api/v1/registrations" \
        -H 'Content-Type: application/json' -H "Idempotency-Key: $3" \
        -d "{\"session_id\": $1, \"funding\": \"employer\",
             \"employer\": {\"siret\": \"$4\", \"name\": \"Banc d'Essai SARL\",
                           \"address\": \"1 rue des Mesures\\n75000 Paris\"},
             \"trainee\": {\"first_name\": \"Léa\", \"last_name\": \"Capture\",
                          \"email\": \"$2\"}}"
}

http_port="$(pick_free_port "$pg_port")"
info "capturing the SQL of one registration (log_statement = all for this server only)"
psql_bench -c "ALTER DATABASE formations_bench SET log_statement = 'all'" >/dev/null
bench_start_server "$FORMATIONS" "$http_port"
[[ $(register_one "$capture_session" warm-up@bench.invalid capture-key-1 81000000000010) == 201 ]] ||
    die "the warm-up registration failed"
# The captured registration on a new connection, whose backend's log then begins with it: a
# registration sent without a transaction has no BEGIN to find its first statement by.
psql_bench -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = current_database() AND backend_type = 'client backend'
                  AND pid <> pg_backend_pid()" >/dev/null
[[ $(register_one "$capture_session" captured@bench.invalid capture-key-2 82000000000019) == 201 ]] ||
    die "the captured registration failed"
stop_server
psql_bench -c "ALTER DATABASE formations_bench RESET log_statement" >/dev/null
# The values that must change at each replay, and what they become.
mapfile -t replacements < <(psql_bench <<'SQL'
SELECT s.last_value || '=currval(' || quote_literal(s.schemaname || '.' || s.sequencename) || ')'
  FROM pg_sequences s WHERE s.last_value % 1000000 <> 0
UNION ALL
SELECT token || '=''replayed-token-0123456789abcdef-:uniq''' FROM registrations
 WHERE idempotency_key = 'capture-key-2'
UNION ALL
SELECT sequence || '=:uniq' FROM invoices WHERE registration_id =
       (SELECT id FROM registrations WHERE idempotency_key = 'capture-key-2')
UNION ALL
SELECT number || '=''' || series || '-' || year || '-R:uniq''' FROM invoices WHERE registration_id =
       (SELECT id FROM registrations WHERE idempotency_key = 'capture-key-2');
SQL
)
# The SIRET too: the employer's limit of unpaid registrations would refuse the sixth replay.
replacements+=("captured@bench.invalid='replayed-:uniq@bench.invalid'"
    "82000000000019=lpad(CAST(:uniq AS text), 14, '0')"
    "capture-key-2='replayed-key-:uniq'")
replay_body="$bench_tmp/replay-body.sql"
/usr/bin/python3 "$ROOT/bench/replay_sql.py" "$bench_pgdata/server.log" captured@bench.invalid \
    "${replacements[@]}" >"$replay_body" 2>"$bench_tmp/replay-stats"
read -r replay_stats <"$bench_tmp/replay-stats"
info "captured: $replay_stats"

# The replays run on a copy, without the seat limit (a replayed registration is confirmed as the
# captured one was, whatever the count) and with a session-id variable for the spread.
psql_bench -c "CREATE DATABASE formations_replay TEMPLATE formations_bench" >/dev/null
psql_bench -d formations_replay >/dev/null <<'SQL'
DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
              WHERE conrelid = 'sessions'::regclass AND contype = 'c' LOOP
        EXECUTE format('ALTER TABLE sessions DROP CONSTRAINT %I', c.conname);
    END LOOP;
END $$;
SQL
replay_script() {  # SESSION_EXPRESSION
    printf '\\set k :k + 1\n\\set uniq :base + :client_id * 1000000 + :k\n'
    printf '\\set sid random(%s, %s)\n' "$first_spread" "$last_spread"
    sed "s/'$capture_session'/$1/g" "$replay_body"
}
replay_script "'$capture_session'" >"$bench_tmp/replay-hot.sql"
replay_script ":sid" >"$bench_tmp/replay-spread.sql"

psql_bench -c "CREATE DATABASE formations_minimal" >/dev/null
psql_bench -d formations_minimal -v rows="$SESSIONS" >/dev/null <<'SQL'
CREATE TABLE seats (id INTEGER PRIMARY KEY, taken INTEGER NOT NULL DEFAULT 0);
INSERT INTO seats (id) SELECT generate_series(1, :rows);
CREATE TABLE claims (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                     seat_id INTEGER NOT NULL, email TEXT NOT NULL,
                     created_at TIMESTAMPTZ NOT NULL DEFAULT now());
CREATE TABLE counter (id INTEGER PRIMARY KEY, last INTEGER NOT NULL DEFAULT 0);
INSERT INTO counter (id) VALUES (1);
SQL
minimal_script() {  # ROW_EXPRESSION [SHARED_COUNTER]
    cat <<SQL
\\set r random(1, $SESSIONS)
BEGIN;
SELECT taken FROM seats WHERE id = $1 FOR UPDATE;
INSERT INTO claims (seat_id, email) VALUES ($1, 'someone@example.org');
UPDATE seats SET taken = taken + 1 WHERE id = $1;
${2:+UPDATE counter SET last = last + 1 WHERE id = 1;}
COMMIT;
SQL
}
minimal_script 1 >"$bench_tmp/minimal-hot.sql"
minimal_script :r >"$bench_tmp/minimal-spread.sql"
# The same with one row every transaction updates (as every invoice takes its series' counter):
# for information, what any design that numbers invoices in the seat's transaction can reach.
minimal_script :r counter >"$bench_tmp/minimal-counter.sql"

# 10 000 invoices in 2001 (a 6 MB FEC) for the slow downloads.
model_invoice="$(psql_bench -c "SELECT min(id) FROM invoices")"
insert_invoices_year 2001 10000 "$model_invoice" >/dev/null

bench_start_server "$FORMATIONS" "$http_port"
token="$(bench_login admin@bench.invalid "$password")"

# --------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------

wrk_run() {  # OUT ARGS... (wrk with --latency and the run's threads)
    local out="$1"
    shift
    wrk --latency -t"$THREADS" "$@" >"$out"
}
pgbench_runs=0
pgbench_run() {  # OUT DATABASE SCRIPT MODE -> transactions/s in OUT
    # :base + :client_id * 1e6 + :k (the client's transaction count): unique over the run.
    pgbench_runs=$((pgbench_runs + 1))
    "$pgbench" -n -h 127.0.0.1 -p "$pg_port" -U "$FORMATIONS_PG_USER" -c "$CONNECTIONS" \
        -j "$THREADS" -T "$DURATION" -M "$4" -D k=0 -D base=$((pgbench_runs * 100000000)) \
        -f "$3" "$2" >"$1" 2>&1 ||
        { cat "$1" >&2; die "pgbench failed on $3"; }
}
tps() { awk '/^tps = / {printf "%.0f\n", $3}' "$1"; }
transactions() { awk '/actually processed:/ {split($NF, n, "/"); print n[1]}' "$1"; }
# cpu NAME COMMAND...: runs COMMAND and keeps the CPU time PostgreSQL (every process of the
# cluster) and the server used meanwhile, in ticks: what one operation costs this machine,
# whatever else waits or runs.
declare -A pg_ticks server_ticks
cpu() {
    local name="$1" pg0 server0
    shift
    pg0="$(postgres_cpu_ticks)" server0="$(cpu_ticks "$server_pid")"
    "$@"
    pg_ticks[$name]=$(($(postgres_cpu_ticks) - pg0))
    server_ticks[$name]=$(($(cpu_ticks "$server_pid") - server0))
}

# A database with a history, as production's, analysed: the measurements must not start on
# tables that autovacuum last analysed (nearly) empty. PL/pgSQL caches a plan per connection
# after five calls; made on nearly empty tables, it reads them whole until autovacuum analyses
# them again (at most once a minute): measured (pg_stat_statements), the employer limit's count
# in register_seat went from 0.09 to 27 ms per call within 40 s of registrations, under the
# session's lock, and the hot session from 480 to 65 registrations per second, until it did.
info "history: $DURATION s of registrations over $SESSIONS past sessions, then ANALYZE"
mapfile -t history < <(bench_add_sessions "$SESSIONS" 1000 "BENCH-HISTORY-")
wrk_run "$bench_tmp/history" -c"$CONNECTIONS" -d"${DURATION}s" -s "$ROOT/bench/register.lua" \
    "$base_url/api/v1/registrations" -- "${history[0]}-${history[-1]}" "$run_tag-history"
psql_bench -c "ANALYZE" >/dev/null

info "HTTP registrations, one hot session"
cpu http-hot wrk_run "$bench_tmp/http-hot" -c"$CONNECTIONS" -d"${DURATION}s" \
    -s "$ROOT/bench/register.lua" "$base_url/api/v1/registrations" -- "$hot_session" "$run_tag-hot"
info "HTTP registrations, $SESSIONS sessions"
cpu http-spread wrk_run "$bench_tmp/http-spread" -c"$CONNECTIONS" -d"${DURATION}s" \
    -s "$ROOT/bench/register.lua" "$base_url/api/v1/registrations" -- "$first_spread-$last_spread" "$run_tag-spread"
info "pgbench minimal transaction, one row then $SESSIONS rows"
cpu min-hot pgbench_run "$bench_tmp/min-hot" formations_minimal "$bench_tmp/minimal-hot.sql" prepared
cpu min-spread pgbench_run "$bench_tmp/min-spread" formations_minimal "$bench_tmp/minimal-spread.sql" \
    prepared
pgbench_run "$bench_tmp/min-counter" formations_minimal "$bench_tmp/minimal-counter.sql" prepared
info "pgbench replaying the service's SQL, one session then $SESSIONS sessions"
# Its copy of the database gets a history too (a first run, then ANALYZE), as above.
pgbench_run "$bench_tmp/replay-history" formations_replay "$bench_tmp/replay-spread.sql" simple
psql_bench -d formations_replay -c "ANALYZE" >/dev/null
cpu replay-hot pgbench_run "$bench_tmp/replay-hot" formations_replay "$bench_tmp/replay-hot.sql" simple
cpu replay-spread pgbench_run "$bench_tmp/replay-spread" formations_replay "$bench_tmp/replay-spread.sql" simple

catalogue() {  # OUT
    wrk --latency -t1 -c4 -d"${DURATION}s" -H 'Connection: keep-alive' \
        "$base_url/api/v1/sessions" >"$1"
}
info "catalogue idle"
catalogue "$bench_tmp/cat-idle"
info "catalogue during 8 slow FEC downloads"
download_pids=()
for _ in 1 2 3 4 5 6 7 8; do
    curl -s -o /dev/null --limit-rate 50k -H "Authorization: Bearer $token" \
        "$base_url/api/v1/exports/fec?year=2001" &
    download_pids+=($!)
done
sleep 1
catalogue "$bench_tmp/cat-exports"
kill "${download_pids[@]}" 2>/dev/null || true
wait "${download_pids[@]}" 2>/dev/null || true
sleep 1
info "catalogue during a burst of PDF renders (sign-in sheets)"
wrk -t1 -c8 -d"$((DURATION + 2))s" -H 'Connection: keep-alive' -H "Authorization: Bearer $token" \
    "$base_url/api/v1/sessions/$capture_session/sign-in-sheet.pdf" >"$bench_tmp/pdf-burst" &
burst_pid=$!
sleep 1
catalogue "$bench_tmp/cat-pdf"
wait "$burst_pid" || true
stop_server

info "PDFs per second against a bare libharu page"
"$ROOT/build/bench/pdf_bench" >"$bench_tmp/pdf"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# --------------------------------------------------------------------------
# Invariants of what the HTTP runs stored
# --------------------------------------------------------------------------

invariants="$(psql_bench <<'SQL'
SELECT count(*) FILTER (WHERE confirmed > capacity OR seats_taken <> confirmed
                          OR (waitlisted > 0 AND confirmed < capacity))
  FROM (SELECT s.capacity, s.seats_taken,
               count(r.id) FILTER (WHERE r.status = 'confirmed') AS confirmed,
               count(r.id) FILTER (WHERE r.status = 'waitlisted') AS waitlisted
          FROM sessions s LEFT JOIN registrations r ON r.session_id = s.id
         GROUP BY s.id) x;
SQL
)"
gaps="$(psql_bench <<'SQL'
SELECT count(*) FROM (SELECT series, year, max(sequence) - min(sequence) + 1 - count(*) AS gap
                        FROM invoices WHERE series IN ('FA', 'AV') GROUP BY series, year) g
 WHERE gap <> 0;
SQL
)"
read -r hot_confirmed hot_waiting < <(psql_bench -F ' ' -v id="$hot_session" <<'SQL'
SELECT count(*) FILTER (WHERE status = 'confirmed'), count(*) FILTER (WHERE status = 'waitlisted')
  FROM registrations WHERE session_id = :id;
SQL
)

# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f\n", 100 * a / b; else print "n/a" }'; }
verdict() {  # VALUE OP LIMIT
    awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
        if (v == "n/a") { print "FAIL"; exit }
        ok = (op == ">=") ? (v + 0 >= l + 0) : (v + 0 <= l + 0); print ok ? "PASS" : "FAIL" }'
}
http_line() {  # LABEL FILE
    printf '  %-34s %8s /s   p50 %9s   p99 %9s   non-2xx %s\n' "$1" "$(wrk_field "$2" rps)" \
        "$(wrk_field "$2" p50)" "$(wrk_field "$2" p99)" "$(wrk_field "$2" non2xx)"
}
p99_ms() { wrk_ms "$(wrk_field "$1" p99)"; }
tail_ratio() { awk -v a="$(p99_ms "$1")" -v b="$(wrk_ms "$(wrk_field "$1" p50)")" \
    'BEGIN { printf "%.1f\n", (b > 0) ? a / b : 0 }'; }

http_hot="$(wrk_field "$bench_tmp/http-hot" rps)"
http_spread="$(wrk_field "$bench_tmp/http-spread" rps)"
min_hot="$(tps "$bench_tmp/min-hot")" min_spread="$(tps "$bench_tmp/min-spread")"
min_counter="$(tps "$bench_tmp/min-counter")"
replay_hot="$(tps "$bench_tmp/replay-hot")" replay_spread="$(tps "$bench_tmp/replay-spread")"
hot_ratio="$(ratio "$http_hot" "$min_hot")" spread_ratio="$(ratio "$http_spread" "$min_spread")"
hot_tail="$(tail_ratio "$bench_tmp/http-hot")" spread_tail="$(tail_ratio "$bench_tmp/http-spread")"
cat_idle="$(p99_ms "$bench_tmp/cat-idle")"
cat_exports="$(p99_ms "$bench_tmp/cat-exports")" cat_pdf="$(p99_ms "$bench_tmp/cat-pdf")"
exports_x="$(awk -v a="$cat_exports" -v b="$cat_idle" 'BEGIN { printf "%.1f\n", a / b }')"
pdf_x="$(awk -v a="$cat_pdf" -v b="$cat_idle" 'BEGIN { printf "%.1f\n", a / b }')"
pdf_ratio="$(awk '/^ratio/ { for (i = 1; i < NF; i++) if ($(i + 1) == "%") { print $i; exit } }' "$bench_tmp/pdf")"

echo
echo "=== bench/ratios.sh — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $load_before -> $load_after"
echo "    wrk -t$THREADS -c$CONNECTIONS ${DURATION}s, pgbench -c$CONNECTIONS -j$THREADS ${DURATION}s; PostgreSQL fsync on; $FORMATIONS"
echo "    captured registration: $replay_stats"
http_line "HTTP registrations, 1 session" "$bench_tmp/http-hot"
http_line "HTTP registrations, $SESSIONS sessions" "$bench_tmp/http-spread"
printf '  %-34s %8s /s   (%s confirmed, %s waiting on the hot session)\n' \
    "pgbench minimal, 1 row" "$min_hot" "$hot_confirmed" "$hot_waiting"
printf '  %-34s %8s /s\n' "pgbench minimal, $SESSIONS rows" "$min_spread" \
    "pgbench minimal + shared counter" "$min_counter" \
    "pgbench service SQL, 1 session" "$replay_hot" "pgbench service SQL, $SESSIONS sessions" "$replay_spread"
printf '  %-34s p99 %s ms idle, %s ms during 8 slow exports (%s), %s ms during PDFs (%s)\n' \
    "catalogue GET /api/v1/sessions" "$cat_idle" "$cat_exports" \
    "$(wrk_field "$bench_tmp/cat-exports" non2xx) non-2xx" "$cat_pdf" \
    "$(wrk_field "$bench_tmp/pdf-burst" rps) PDFs/s"
sed -n '/PDFs\/s/,/^$/p' "$bench_tmp/pdf" | sed '/^$/d; s/^/  /'
echo
echo "=== Ratios (targets of issue 15)"
printf '  %-58s %6s   %s\n' \
    "HTTP / minimal, 1 session (>= 60 %)" "$hot_ratio %" "$(verdict "$hot_ratio" ">=" 60)" \
    "HTTP / minimal, $SESSIONS sessions (>= 40 %)" "$spread_ratio %" "$(verdict "$spread_ratio" ">=" 40)" \
    "HTTP p99 / p50, 1 session (<= 4)" "$hot_tail" "$(verdict "$hot_tail" "<=" 4)" \
    "HTTP p99 / p50, $SESSIONS sessions (<= 4)" "$spread_tail" "$(verdict "$spread_tail" "<=" 4)" \
    "catalogue p99 during 8 slow exports / idle (<= 2)" "$exports_x" "$(verdict "$exports_x" "<=" 2)" \
    "catalogue p99 during PDF renders / idle (<= 2)" "$pdf_x" "$(verdict "$pdf_x" "<=" 2)" \
    "our invoice PDF / bare libharu page (>= 90 %)" "$pdf_ratio %" "$(verdict "$pdf_ratio" ">=" 90)"
printf '  %-58s %6s\n' \
    "for information: HTTP / service SQL replayed, 1 session" "$(ratio "$http_hot" "$replay_hot") %" \
    "for information: HTTP / service SQL replayed, $SESSIONS sessions" "$(ratio "$http_spread" "$replay_spread") %" \
    "for information: service SQL / minimal, 1 session" "$(ratio "$replay_hot" "$min_hot") %" \
    "for information: HTTP / minimal + shared counter, $SESSIONS sessions" \
    "$(ratio "$http_spread" "$min_counter") %"

# What the machine's cores allow at most: an operation that costs C ms of CPU (PostgreSQL and
# the server; wrk and pgbench not counted) cannot run more than cores × 1000 / C times a second,
# however it locks, waits or numbers. Below a target, the target is out of this machine's reach
# for any design that does the same work.
cores="$(nproc)"
echo
echo "=== CPU per operation, and the ceiling it sets on $cores cores"
cpu_line() {  # LABEL NAME COUNT MINIMAL TARGET
    local pg server total ceiling
    pg="$(ticks_ms "${pg_ticks[$2]}" "$3")" server="$(ticks_ms "${server_ticks[$2]}" "$3")"
    total="$(awk -v a="$pg" -v b="$server" 'BEGIN { printf "%.2f\n", a + b }')"
    ceiling="$(awk -v c="$cores" -v t="$total" 'BEGIN { printf "%.0f\n", (t > 0) ? c * 1000 / t : 0 }')"
    printf '  %-34s PostgreSQL %5s ms + server %5s ms = %5s ms' "$1" "$pg" "$server" "$total"
    printf ' -> at most %5s /s = %3s %% of the minimal (target %s %%)\n' \
        "$ceiling" "$(ratio "$ceiling" "$4")" "$5"
}
cpu_line "HTTP registration, 1 session" http-hot "$(wrk_field "$bench_tmp/http-hot" requests)" "$min_hot" 60
cpu_line "HTTP registration, $SESSIONS sessions" http-spread \
    "$(wrk_field "$bench_tmp/http-spread" requests)" "$min_spread" 40
pgbench_cpu_line() {  # LABEL NAME
    printf '  %-34s PostgreSQL %5s ms\n' "$1" \
        "$(ticks_ms "${pg_ticks[$2]}" "$(transactions "$bench_tmp/$2")")"
}
pgbench_cpu_line "pgbench minimal, 1 row" min-hot
pgbench_cpu_line "pgbench minimal, $SESSIONS rows" min-spread
pgbench_cpu_line "pgbench service SQL, 1 session" replay-hot
pgbench_cpu_line "pgbench service SQL, $SESSIONS sessions" replay-spread
echo
echo "=== Invariants: sessions breaking the seat rules: $invariants; invoice series with a gap: $gaps"
((invariants == 0 && gaps == 0)) || exit 1
