#!/usr/bin/env bash
#
# Build and run the formations service locally against a project-local
# PostgreSQL cluster in $ROOT/.pgdata (kept between runs, git-ignored).
#
#   deploy/run.sh                  # http://127.0.0.1:8080/, e-mails in .run/mail/
#   FORMATIONS_LISTEN=0.0.0.0:9000 deploy/run.sh
#   FORMATIONS_PG_PORT=55000 deploy/run.sh
#   FORMATIONS_SMTP_URL=smtp://127.0.0.1:25 deploy/run.sh   # a real SMTP server instead
#
# Ctrl-C stops the server; the database cluster keeps running so the next run
# starts fast and keeps its data. Stop it with `deploy/pg.sh stop`.
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

install_dependencies
build_project "$ROOT/build"

pg_cluster_start "$FORMATIONS_PGDATA" "$FORMATIONS_PG_PORT"
pg_create_database "$FORMATIONS_PG_PORT" formations

# A URL set by the user (e.g. another server) wins over the local cluster.
: "${FORMATIONS_DATABASE_URL:=$(pg_url "$FORMATIONS_PG_PORT" formations)}"
export FORMATIONS_DATABASE_URL

formations="$ROOT/build/service/formations"

# Both are idempotent on the service side: safe to run on every start.
"$formations" migrate
"$formations" seed --demo

# A first admin account, created once; its generated password is printed only then.
admin_email="${FORMATIONS_ADMIN_EMAIL:-admin@formations.local}"
"$formations" user ensure-admin "$admin_email"
listen="${FORMATIONS_LISTEN:-127.0.0.1:8080}"
: "${FORMATIONS_PUBLIC_URL:=http://$listen}"
export FORMATIONS_PUBLIC_URL

# The demo's e-mails go to a local SMTP sink (the tests' aiosmtpd server) that keeps each one as
# a .eml file, unless a real server is configured.
mail_dir="$ROOT/.run/mail"
if [[ -z ${FORMATIONS_SMTP_URL:-} ]]; then
    mkdir -p "$mail_dir"
    sink_port="$(pick_free_port)"
    # Its parent becomes the server (exec below): it ends with it.
    /usr/bin/python3 "$ROOT/tests/support/smtp_sink.py" --dir "$mail_dir" --port "$sink_port" \
        --exit-with-parent >"$mail_dir/sink.log" 2>&1 &
    for _ in $(seq 50); do
        grep -q 'listening on' "$mail_dir/sink.log" 2>/dev/null && break
        sleep 0.1
    done
    grep -q 'listening on' "$mail_dir/sink.log" || die "the SMTP sink did not start: $(cat "$mail_dir/sink.log")"
    export FORMATIONS_SMTP_URL="smtp://127.0.0.1:$sink_port"
fi
info "formations is starting on http://$listen/"
info "public pages (sessions, prices, registration): http://$listen/"
info "staff and accounting pages: http://$listen/connexion.html, log in as $admin_email"
info "  (password printed when the account was created; lost it? create another admin:"
info "  $formations user add you@example.org --role admin)"
if [[ $FORMATIONS_SMTP_URL == "smtp://127.0.0.1:${sink_port:-}" ]]; then
    info "e-mails are caught by a local SMTP sink ($FORMATIONS_SMTP_URL): each one lands in"
    info "  $mail_dir/NNNN.eml (open it with any mail reader), its attachments beside it"
else
    info "e-mails go to $(sed -E 's|//[^@/]*@|//…@|' <<<"$FORMATIONS_SMTP_URL")"
fi
info "Ctrl-C stops the server; PostgreSQL keeps running on 127.0.0.1:$FORMATIONS_PG_PORT (stop it with: deploy/pg.sh stop)"

# exec so Ctrl-C and signals go straight to the server.
exec "$formations" serve
