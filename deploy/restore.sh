#!/bin/bash
#
# formations-restore: restore a formations-backup dump into a NEW database.
#
#   runuser -u postgres -- formations-restore FILE DATABASE [OWNER]
#
# Creates DATABASE (it must not exist: a restore never overwrites anything), owned by OWNER
# (default: formations, the role the service connects as), and restores FILE into it in one
# transaction: it is complete, or nothing is left but an empty database. Connects like every
# PostgreSQL tool (PGHOST, PGPORT, PGUSER…; by default the local server as the current user),
# with a role allowed to create databases and to SET ROLE to OWNER: the postgres superuser.
# Tables get their rows, then their indexes, constraints and triggers (the invoice immutability
# triggers included), and every sequence and counter its value: the invoice numbering goes on
# from the last number in the dump. Then point FORMATIONS_DATABASE_URL at DATABASE (or rename
# the databases while the instances are stopped) and restart the service; see the README.
set -euo pipefail

die() {
    printf 'formations-restore: %s\n' "$*" >&2
    exit 1
}

(($# == 2 || $# == 3)) || die "usage: formations-restore FILE DATABASE [OWNER]"
file=$1
database=$2
owner=${3:-formations}
[[ -r $file ]] || die "cannot read $file"

# A damaged or foreign file is refused before anything is created.
pg_restore --list "$file" >/dev/null || die "$file is not a pg_dump custom-format archive"

exists=$(psql -X -A -t -q -v ON_ERROR_STOP=1 -d postgres -v name="$database" \
    <<<"SELECT 1 FROM pg_database WHERE datname = :'name'")
[[ -z $exists ]] || die "database $database exists already: choose a new name"

createdb --owner="$owner" --template=template0 --encoding=UTF8 "$database"
if ! pg_restore --dbname="$database" --exit-on-error --single-transaction --no-owner \
    --role="$owner" "$file"; then
    die "the restore failed and was rolled back; $database is empty (dropdb $database)"
fi
printf 'formations-restore: %s restored into database %s (owner %s)\n' "$file" "$database" "$owner"
