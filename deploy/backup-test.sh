#!/usr/bin/env bash
#
# Backup and restore, tested (ctest label "backup"): a database with registrations, invoices
# and a credit note made through the real server is dumped with deploy/backup.sh and restored
# into a new database with deploy/restore.sh. Every table and sequence must be identical, the
# immutability triggers must be there, and the restored database must go on numbering invoices
# and credit notes without a gap. Needs FORMATIONS_TEST_DATABASE_URL (deploy/test.sh sets it)
# and FORMATIONS_BIN.
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

: "${FORMATIONS_TEST_DATABASE_URL:?run through deploy/test.sh}"
bin=${FORMATIONS_BIN:-$ROOT/build/service/formations}
checks=0

fail() {
    printf 'FAILED: %s\n' "$*" >&2
    exit 1
}
expect() {
    [[ $2 == "$3" ]] || fail "$1: got '$2', expected '$3'"
    printf '    ok  %s\n' "$1"
    checks=$((checks + 1))
}

# The maintenance connection as PG* variables, for createdb, psql, pg_restore.
for word in $FORMATIONS_TEST_DATABASE_URL; do
    case $word in
    host=*) export PGHOST=${word#host=} ;;
    port=*) export PGPORT=${word#port=} ;;
    user=*) export PGUSER=${word#user=} ;;
    esac
done
url_of() { printf '%s dbname=%s\n' "$(sed 's/\bdbname=[^ ]*//' <<<"$FORMATIONS_TEST_DATABASE_URL")" "$1"; }
sql() {
    local database=$1
    shift
    psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$database" "$@"
}

original=formations_backup_$$_$RANDOM
restored=${original}_restored
work=$(mktemp -d)
server_pid=""
# shellcheck disable=SC2317 # called through the EXIT trap
cleanup() {
    [[ -z $server_pid ]] || kill "$server_pid" 2>/dev/null || true
    dropdb --if-exists "$original" 2>/dev/null || true
    dropdb --if-exists "$restored" 2>/dev/null || true
    rm -rf -- "$work"
}
trap cleanup EXIT

# serve DATABASE: starts the server on a free port, sets $base_url.
serve() {
    [[ -z $server_pid ]] || { kill "$server_pid"; wait "$server_pid" || true; }
    local log=$work/server-$1.log
    : >"$log"
    FORMATIONS_DATABASE_URL=$(url_of "$1") FORMATIONS_LISTEN=127.0.0.1:0 \
        "$bin" serve >"$log" 2>&1 &
    server_pid=$!
    local attempt port=""
    for ((attempt = 0; attempt < 100; attempt++)); do
        port=$(sed -n 's#.*listening on http://127.0.0.1:\([0-9]*\)/.*#\1#p' "$log")
        [[ -n $port ]] && break
        sleep 0.1
    done
    [[ -n $port ]] || fail "the server did not start: $(cat "$log")"
    base_url=http://127.0.0.1:$port
}

# register N: a registration paid by an employer (invoiced with its seat); prints "token
# invoice-number".
register() {
    curl -fsS -X POST "$base_url/api/v1/registrations" -H 'Content-Type: application/json' \
        -d "{\"session_id\": $session_id, \"funding\": \"employer\",
             \"trainee\": {\"first_name\": \"Léa\", \"last_name\": \"Martin $1\",
                           \"email\": \"lea$1@example.org\"},
             \"employer\": {\"siret\": \"73282932000074\", \"name\": \"Sauvegarde SA\",
                            \"address\": \"3 place Royale, 44000 Nantes\"}}" |
        jq -r '"\(.token) \(.invoices[0].number)"'
}
cancel() {
    curl -fsS -X POST "$base_url/api/v1/registrations/$1/cancel" |
        jq -r '[.invoices[] | select(.kind == "credit_note")][0].number'
}

createdb "$original"
FORMATIONS_DATABASE_URL=$(url_of "$original") "$bin" migrate >/dev/null
FORMATIONS_DATABASE_URL=$(url_of "$original") "$bin" seed --demo >/dev/null
serve "$original"
session_id=$(curl -fsS "$base_url/api/v1/sessions" |
    jq -r '[.sessions[] | select(.registration_open)][0].id')
[[ $session_id =~ ^[0-9]+$ ]] || fail "no open demo session"
read -r token1 invoice1 < <(register 1)
read -r _ invoice2 < <(register 2)
read -r _ invoice3 < <(register 3)
year=${invoice1:3:4}
expect "three invoices" "$invoice1 $invoice2 $invoice3" \
    "FA-$year-00001 FA-$year-00002 FA-$year-00003"
expect "a credit note" "$(cancel "$token1")" "AV-$year-00001"
kill "$server_pid"
wait "$server_pid" || true
server_pid=""

# The commands of the README.
FORMATIONS_CONFIG=/nonexistent FORMATIONS_DATABASE_URL=$(url_of "$original") \
    "$ROOT/deploy/backup.sh" "$work/formations.dump"
[[ ! -e $work/formations.dump.partial ]] || fail "a .partial file was left"
"$ROOT/deploy/restore.sh" "$work/formations.dump" "$restored" "$PGUSER"

# Identical: every table's rows, every sequence, the triggers.
tables=$(sql "$original" -c "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
[[ -n $tables ]] || fail "no table"
for table in $tables; do
    query="SELECT count(*) || ' ' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))
           FROM public.\"$table\" t"
    expect "table $table restored" "$(sql "$restored" -c "$query")" "$(sql "$original" -c "$query")"
done
expect "registrations in the dump" "$(sql "$restored" -c 'SELECT count(*) FROM registrations')" 3
query="SELECT string_agg(sequencename || '=' || coalesce(last_value::text, '-'), ' ' ORDER BY sequencename)
       FROM pg_sequences WHERE schemaname = 'public'"
expect "sequences restored" "$(sql "$restored" -c "$query")" "$(sql "$original" -c "$query")"
query="SELECT string_agg(tgrelid::regclass || '.' || tgname, ' ' ORDER BY tgrelid::regclass::text, tgname)
       FROM pg_trigger WHERE NOT tgisinternal"
expect "triggers restored" "$(sql "$restored" -c "$query")" "$(sql "$original" -c "$query")"
if sql "$restored" -c "UPDATE invoices SET buyer_name = 'x'" 2>/dev/null; then
    fail "an invoice could be changed in the restored database"
fi
expect "invoices stay immutable after a restore" refused refused

# The restored database goes on where the dump ended: no gap, no number given twice.
serve "$restored"
read -r token4 invoice4 < <(register 4)
expect "the next invoice" "$invoice4" "FA-$year-00004"
expect "the next credit note" "$(cancel "$token4")" "AV-$year-00002"

# A restore never overwrites, and refuses what is not a dump.
if "$ROOT/deploy/restore.sh" "$work/formations.dump" "$original" "$PGUSER" 2>/dev/null; then
    fail "a restore into an existing database was accepted"
fi
expect "a restore into an existing database is refused" refused refused
head -c 1000 /dev/urandom >"$work/garbage.dump"
if "$ROOT/deploy/restore.sh" "$work/garbage.dump" "${restored}_x" "$PGUSER" 2>/dev/null; then
    fail "a file that is not a dump was restored"
fi
expect "nothing created from a file that is not a dump" \
    "$(sql postgres -c "SELECT count(*) FROM pg_database WHERE datname = '${restored}_x'")" 0
printf '%d passed, 0 failed\n' "$checks"
