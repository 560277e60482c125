#!/bin/bash
#
# formations-backup: a consistent dump of the formations database, in pg_dump's custom format.
#
#   formations-backup                 # $FORMATIONS_BACKUP_DIR/formations-<UTC time>.dump, then
#                                     # dumps older than FORMATIONS_BACKUP_KEEP_DAYS are removed
#   formations-backup FILE            # that file (nothing removed)
#
# The database is FORMATIONS_DATABASE_URL, from the environment or else from
# /etc/formations/formations.env (the service's own configuration; run as root, it then switches
# to the "formations" user, whom PostgreSQL knows by peer authentication in the default set-up).
# pg_dump reads one snapshot: registrations and invoices committed during the dump are either
# all in it or all out. The file is written beside its final name and renamed once complete and
# readable by pg_restore, so a file with the final name is always a whole dump.
# Restore: formations-restore FILE NEW_DATABASE (deploy/restore.sh).
set -euo pipefail

config=${FORMATIONS_CONFIG:-/etc/formations/formations.env}

die() {
    printf 'formations-backup: %s\n' "$*" >&2
    exit 1
}

# KEY=VALUE lines as systemd reads them (the subset formations.env uses): comments, blank lines,
# optional single or double quotes around the value. Only variables not already set are taken.
load_config() {
    local line key value
    while IFS= read -r line || [[ -n $line ]]; do
        [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
        [[ $line =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
        key=${BASH_REMATCH[1]}
        value=${BASH_REMATCH[2]}
        if [[ $value =~ ^\'(.*)\'$ || $value =~ ^\"(.*)\"$ ]]; then
            value=${BASH_REMATCH[1]}
        fi
        [[ -n ${!key+set} ]] || export "$key=$value"
    done <"$1"
}

# The service's own configuration, unless the caller named a database; run as root, switch to
# the user the service's configuration is meant for.
if [[ -z ${FORMATIONS_DATABASE_URL:-} && -r $config ]]; then
    load_config "$config"
    from_config=true
fi
if [[ -n ${from_config:-} ]] && ((EUID == 0)) && id formations >/dev/null 2>&1; then
    exec runuser -u formations -- env FORMATIONS_DATABASE_URL="${FORMATIONS_DATABASE_URL:-}" \
        FORMATIONS_BACKUP_DIR="${FORMATIONS_BACKUP_DIR:-}" \
        FORMATIONS_BACKUP_KEEP_DAYS="${FORMATIONS_BACKUP_KEEP_DAYS:-}" "$0" "$@"
fi
[[ -n ${FORMATIONS_DATABASE_URL:-} ]] ||
    die "FORMATIONS_DATABASE_URL is not set (nor in $config)"

rotate=false
if (($# == 0)); then
    directory=${FORMATIONS_BACKUP_DIR:-/var/backups/formations}
    [[ -d $directory ]] || die "$directory does not exist"
    target="$directory/formations-$(date -u +%Y%m%dT%H%M%SZ).dump"
    rotate=true
elif (($# == 1)); then
    target=$1
else
    die "usage: formations-backup [FILE]"
fi

partial="$target.partial"
trap 'rm -f -- "$partial"' EXIT
umask 077
pg_dump --format=custom --no-password --lock-wait-timeout=60000 \
    --dbname="$FORMATIONS_DATABASE_URL" --file="$partial"
# The whole archive must be readable before it takes the final name.
pg_restore --list "$partial" >/dev/null
sync "$partial"
mv -- "$partial" "$target"
trap - EXIT
printf 'formations-backup: %s (%s bytes)\n' "$target" "$(stat -c %s "$target")"

if $rotate; then
    keep=${FORMATIONS_BACKUP_KEEP_DAYS:-14}
    [[ $keep =~ ^[0-9]+$ ]] || die "FORMATIONS_BACKUP_KEEP_DAYS must be a number of days"
    find "$directory" -maxdepth 1 -name 'formations-*.dump' -mtime "+$keep" -print -delete
fi
