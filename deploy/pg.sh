#!/usr/bin/env bash
#
# Manage the persistent development cluster used by deploy/run.sh
# ($ROOT/.pgdata, 127.0.0.1:${FORMATIONS_PG_PORT:-54329}).
#
#   deploy/pg.sh start     start it (creating it and the formations DB if needed)
#   deploy/pg.sh stop      stop it (data is kept; delete .pgdata to reset)
#   deploy/pg.sh status    say whether it runs; exit 0 if it does, 3 if not
#   deploy/pg.sh psql [ARGS...]   psql shell on the formations database
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
    printf 'usage: %s start|stop|status|psql [psql args...]\n' "$0" >&2
    exit 2
}

(($# >= 1)) || usage
command="$1"
shift

case "$command" in
start)
    pg_cluster_start "$FORMATIONS_PGDATA" "$FORMATIONS_PG_PORT"
    pg_create_database "$FORMATIONS_PG_PORT" formations
    printf '%s\n' "$(pg_url "$FORMATIONS_PG_PORT" formations)"
    ;;
stop)
    pg_cluster_stop "$FORMATIONS_PGDATA"
    ;;
status)
    if pg_cluster_running "$FORMATIONS_PGDATA"; then
        printf 'running: %s (port %s)\n' "$FORMATIONS_PGDATA" "$(sed -n 4p "$FORMATIONS_PGDATA/postmaster.pid")"
    else
        printf 'not running: %s\n' "$FORMATIONS_PGDATA"
        # Same convention as `pg_ctl status`.
        exit 3
    fi
    ;;
psql)
    pg_cluster_running "$FORMATIONS_PGDATA" ||
        die "the cluster is not running; start it with: deploy/pg.sh start"
    exec "$(pg_bin)/psql" "$(pg_url "$FORMATIONS_PG_PORT" formations)" "$@"
    ;;
*)
    usage
    ;;
esac
