#!/usr/bin/env bash
#
# Export benchmark: do the FEC and invoice CSV exports stream, i.e. does the server's memory stay
# flat whatever the number of invoices, and how far are they from a plain COPY of the same rows?
#
# Builds the service, starts it against a throwaway PostgreSQL cluster (like deploy/test.sh),
# registers one trainee through the API (a real invoice whose snapshot the generated rows copy),
# then for each count of $COUNTS inserts that many invoices with SQL (generate_series) in a year
# of their own — with credit notes (1 in 20) and full (1 in 2) or half (1 in 4) payments, so the
# FEC has lettering to compute — and measures:
#   - GET /api/v1/exports/fec?year=Y and GET /api/v1/exports/invoices.csv?year=Y over HTTP
#     (curl -o /dev/null: total time and bytes), while reading the server's peak resident memory
#     (VmHWM of /proc/PID/status, reset before each export through /proc/PID/clear_refs; VmRSS is
#     also sampled every 20 ms as a cross-check);
#   - psql's \copy (SELECT … the same rows, the same query files as the service …) TO STDOUT >
#     /dev/null, in the same run, for comparison.
#
#   bench/exports.sh
#   COUNTS="10000 100000 200000" bench/exports.sh
#
# Environment:
#   COUNTS       invoice counts to measure, one year each       default "10000 100000"
#   PG_OPTIONS   extra postgres options for the throwaway cluster
#                default "-c fsync=off -c max_connections=200" (as deploy/test.sh)
#   FORMATIONS_WORKERS / FORMATIONS_THREADS are passed through to the server.
#
# A measurement tool: it asserts nothing about speed or memory. It exits non-zero only when it
# cannot run, or when an export does not answer 200 with the expected number of lines.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COUNTS="${COUNTS:-10000 100000}"
PG_OPTIONS="${PG_OPTIONS:--c fsync=off -c max_connections=200}"
for count in $COUNTS; do
    if [[ ! $count =~ ^[1-9][0-9]*$ ]] || ((count > 999999)); then
        die "COUNTS must hold integers from 1 to 999999 (got '$count')"
    fi
done

install_dependencies
build_project "$ROOT/build"

formations="$ROOT/build/service/formations"
[[ -x $formations ]] || die "$formations was not built"

# --------------------------------------------------------------------------
# Throwaway cluster, server (removed on exit)
# --------------------------------------------------------------------------

bench_cluster_start "$PG_OPTIONS"

"$formations" migrate >/dev/null
"$formations" seed >/dev/null
password="bench-$(date +%s)-$RANDOM"
printf '%s\n' "$password" |
    "$formations" user add compta@bench.invalid --role accountant --password-stdin >/dev/null

session_id="$(psql_bench <<'SQL'
INSERT INTO sessions (reference, course_id, starts_on, ends_on, place, capacity,
                      registration_deadline, status)
SELECT 'BENCH-EXPORTS', c.id, current_date + 30, current_date + 31, 'Salle de test, Paris', 10,
       current_date + 29, 'open'
FROM courses c WHERE c.code = 'CAE'
RETURNING id;
SQL
)"

http_port="$(pick_free_port "$pg_port")"
info "starting formations serve on 127.0.0.1:$http_port"
bench_start_server "$formations" "$http_port"

# One real registration: its invoice is the model of every generated row.
curl -sf -X POST "$base_url/api/v1/registrations" -H 'Content-Type: application/json' -d "{
    \"session_id\": $session_id, \"funding\": \"employer\",
    \"trainee\": {\"first_name\": \"Léa\", \"last_name\": \"Banc-d'Essai\", \"email\": \"lea@bench.invalid\"},
    \"employer\": {\"siret\": \"73282932000074\", \"name\": \"Entreprise du Banc d'Essai\",
                   \"address\": \"1 rue des Mesures\\n75000 Paris\"}}" >/dev/null ||
    die "the model registration failed"
model_id="$(psql_bench -c "SELECT min(id) FROM invoices")"

token="$(curl -sf -X POST "$base_url/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\": \"compta@bench.invalid\", \"password\": \"$password\"}" |
    sed -n 's/.*"token":"\([^"]*\)".*/\1/p')"
[[ -n $token ]] || die "cannot log in the accountant"

# The rows of each export: the files the service runs (embedded in its binary), the FEC's
# sql/queries/fec_postings.sql and the CSV's sql/queries/ledger_documents.sql, their dates bound
# here as literals (the CSV's money settled on the period's last day, as the service does);
# comments dropped (\copy takes one line).
query_sql() {
    local file="$1" from="$2" to="$3"
    sed -e '/^--/d' -e "s/:from_on/'$from'/g" -e "s/:to_on/'$to'/g" \
        -e "s/:settled_on/'$to'/g" "$ROOT/sql/queries/$file" | tr '\n' ' '
}

fec_rows_sql() { query_sql fec_postings.sql "$@"; }
csv_rows_sql() { query_sql ledger_documents.sql "$@"; }

# --------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------

kb() { awk -v field="$1:" '$1 == field {print $2}' "/proc/$server_pid/status"; }

# Samples VmRSS every 20 ms into $1 (the maximum seen) until killed.
sample_rss() {
    local out="$1" max=0 value
    while :; do
        value="$(kb VmRSS 2>/dev/null || echo 0)"
        ((value > max)) && max=$value && printf '%s\n' "$max" >"$out"
        sleep 0.02
    done
}

can_reset_hwm=0
if [[ -w /proc/$server_pid/clear_refs ]] && echo 5 >"/proc/$server_pid/clear_refs" 2>/dev/null; then
    can_reset_hwm=1
fi

results=()

# measure LABEL PATH EXPECTED_LINES -> "time bytes rss_before hwm sampled_max"
measure_http() {
    local label="$1" path="$2" expected_lines="$3"
    local before sample_file="$bench_tmp/rss-$RANDOM" out="$bench_tmp/export-$RANDOM"
    ((can_reset_hwm)) && echo 5 >"/proc/$server_pid/clear_refs"
    before="$(kb VmRSS)"
    printf '%s\n' "$before" >"$sample_file"
    sample_rss "$sample_file" &
    sampler_pid=$!
    local stats
    stats="$(curl -s -o "$out" -w '%{http_code} %{time_total} %{size_download}' \
        -H "Authorization: Bearer $token" "$base_url$path")"
    kill "$sampler_pid" 2>/dev/null || true
    wait "$sampler_pid" 2>/dev/null || true
    sampler_pid=""
    local code time bytes lines
    read -r code time bytes <<<"$stats"
    [[ $code == 200 ]] || die "$label: HTTP $code"
    lines="$(wc -l <"$out")"
    ((lines == expected_lines)) || die "$label: $lines lines, expected $expected_lines"
    rm -f -- "$out"
    local hwm="n/a"
    ((can_reset_hwm)) && hwm="$(kb VmHWM)"
    printf '%s %s %s %s %s\n' "$time" "$bytes" "$before" "$hwm" "$(cat "$sample_file")"
}

measure_copy() {
    local sql="$1" start end
    start="$(date +%s.%N)"
    psql_bench -c "\\copy ($sql) TO STDOUT" >/dev/null
    end="$(date +%s.%N)"
    awk -v s="$start" -v e="$end" 'BEGIN {printf "%.3f\n", e - s}'
}

year=2000
for count in $COUNTS; do
    year=$((year + 1))
    info "inserting $count invoices dated $year (credit notes, payments)"
    insert_invoices_year "$year" "$count" "$model_id"
    read -r documents payments < <(psql_bench -F ' ' -c "
        SELECT (SELECT count(*) FROM invoices WHERE year = $year),
               (SELECT count(*) FROM payments p JOIN invoices i ON i.id = p.invoice_id
                 WHERE i.year = $year)")
    from="$year-01-01"
    to="$year-12-31"
    fec_lines=$((1 + 2 * (documents + payments)))
    csv_lines=$((1 + documents))

    # Once untimed, so every measurement runs with warm caches.
    measure_copy "$(fec_rows_sql "$from" "$to")" >/dev/null

    info "$count invoices: FEC over HTTP"
    # A plain redirection, not $(…): measure_http runs in this shell (die stops the script).
    measure_http FEC "/api/v1/exports/fec?year=$year" "$fec_lines" >"$bench_tmp/measure"
    read -r fec_time fec_bytes fec_before fec_hwm fec_sampled <"$bench_tmp/measure"
    fec_copy="$(measure_copy "$(fec_rows_sql "$from" "$to")")"
    info "$count invoices: CSV over HTTP"
    measure_http CSV "/api/v1/exports/invoices.csv?year=$year" "$csv_lines" >"$bench_tmp/measure"
    read -r csv_time csv_bytes csv_before csv_hwm csv_sampled <"$bench_tmp/measure"
    csv_copy="$(measure_copy "$(csv_rows_sql "$from" "$to")")"

    results+=("$(printf '%8s %9s %9s  %-4s %8ss %11s B  %8s kB %9s kB %9s kB  %8ss' \
        "$count" "$documents" "$payments" FEC "$fec_time" "$fec_bytes" "$fec_before" "$fec_hwm" "$fec_sampled" "$fec_copy")")
    results+=("$(printf '%8s %9s %9s  %-4s %8ss %11s B  %8s kB %9s kB %9s kB  %8ss' \
        "$count" "$documents" "$payments" CSV "$csv_time" "$csv_bytes" "$csv_before" "$csv_hwm" "$csv_sampled" "$csv_copy")")
done

echo
echo "=== Exports over HTTP vs psql \\copy of the same rows (server: FORMATIONS_WORKERS=${FORMATIONS_WORKERS:-default}; postgres: ${PG_OPTIONS:-defaults})"
echo "    RSS before: server resident memory when the export starts; peak: VmHWM after a reset"
echo "    (clear_refs) at the start of the export$( ((can_reset_hwm)) || echo ' — unavailable here'); sampled: max VmRSS seen every 20 ms"
printf '%8s %9s %9s  %-4s %9s %13s  %11s %12s %12s  %9s\n' \
    invoices documents payments file "HTTP time" bytes "RSS before" "peak (HWM)" "sampled max" "\\copy"
for line in "${results[@]}"; do
    printf '%s\n' "$line"
done
