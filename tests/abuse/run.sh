#!/usr/bin/env bash
#
# The probes of issue 14 against the production shape: the shipped nginx site and snippets
# (deploy/nginx) in front of three `formations serve` instances and a PostgreSQL of their own,
# on this machine, on free ports:
#
#   tests/abuse/run.sh [BUILD_DIR]        # ctest -L abuse runs it (deploy/test.sh does)
#
# Debian's nginx runs from a folder of its own with the site as shipped, but for what a test
# must change: the listening port, the instances' ports, the paths of the snippets, the pages
# (web/ of this tree) and the logs (sed below, as the package test does for TLS). The probes
# themselves are tests/abuse/abuse_probes.cpp, given the ports, the instances' process ids, the
# database and the command that restarts PostgreSQL. Logs of a failed run land in
# test-artifacts/abuse/.
#
# Why here rather than in the package test's clean Debian (deploy/package-test.sh): that one needs
# root, a package build and debootstrap; this runs in about a minute and a half anywhere the
# build runs, and exercises the same configuration files the package installs.
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../deploy/lib.sh"

build_dir=$(cd "${1:-$ROOT/build}" && pwd -P)
formations=$build_dir/service/formations
probes=$build_dir/tests/abuse_probes
[[ -x $formations && -x $probes ]] || die "build first: $formations, $probes"
nginx_binary=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $nginx_binary ]] || die "nginx is missing (deploy/test.sh installs it)"

# One clock for the instances and the probes (tests/support/test_clock.hpp).
# Unpinned: now, moved back 45 minutes in the last half hour of a day in Paris, so that "today"
# never changes during the run (as unpinned_start in tests/support/test_clock.hpp).
if [[ -z ${FORMATIONS_CLOCK:-} ]]; then
    start=now
    if ((10#$(TZ=${FORMATIONS_TIMEZONE:-Europe/Paris} date +%H%M) >= 2330)); then
        start='45 minutes ago'
    fi
    FORMATIONS_CLOCK=$(date -u -d "$start" +%Y-%m-%dT%H:%M:%SZ)
fi
export FORMATIONS_CLOCK

work=$(mktemp -d)
if ((EUID == 0)); then
    chown "$FORMATIONS_PG_SYSTEM_USER:" "$work"
fi
chmod 711 "$work"
declare -a instance_pids=()
finish() {
    local status=$?
    for pid in "${instance_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    if [[ -f $work/nginx/nginx.pid ]]; then
        "$nginx_binary" -p "$work/nginx" -c "$work/nginx/nginx.conf" -s stop 2>/dev/null || true
    fi
    pg_cluster_stop "$work/pgdata" >/dev/null 2>&1 || true
    if ((status != 0)); then
        local artifacts=$ROOT/test-artifacts/abuse
        rm -rf -- "$artifacts"
        mkdir -p "$artifacts"
        cp "$work"/*.log "$work"/nginx/*.log "$artifacts/" 2>/dev/null || true
        cp "$work/pgdata/server.log" "$artifacts/postgresql.log" 2>/dev/null || true
        info "abuse suite failed; logs in test-artifacts/abuse/"
    fi
    rm -rf -- "$work"
}
trap finish EXIT

# PostgreSQL of its own: the probes restart it.
pg_port=$(pick_free_port)
pg_cluster_start "$work/pgdata" "$pg_port" "-c fsync=off" >/dev/null
pg_create_database "$pg_port" formations
database_url=$(pg_url "$pg_port" formations)
export FORMATIONS_DATABASE_URL=$database_url
"$formations" migrate >"$work/migrate.log"
"$formations" seed --demo >>"$work/migrate.log"
admin_password=abuse-suite-admin-password
"$formations" user add admin@example.org --role admin --password-stdin \
    <<<"$admin_password" >>"$work/migrate.log"

# Free ports for three instances and nginx, all different.
declare -a ports=()
while ((${#ports[@]} < 4)); do
    port=$(pick_free_port "$pg_port")
    [[ " ${ports[*]} " == *" $port "* ]] || ports+=("$port")
done
nginx_port=${ports[3]}

# Three instances, as formations@PORT.service starts them.
instances=""
for port in "${ports[@]:0:3}"; do
    FORMATIONS_LISTEN=127.0.0.1:$port "$formations" serve \
        >"$work/instance-$port.log" 2>&1 &
    instance_pids+=("$!")
    disown "$!"  # a probe kills one with SIGKILL: no job report for it
    instances+="${instances:+,}$port:$!"
done
for port in "${ports[@]:0:3}"; do
    for ((attempt = 0; attempt < 100; attempt++)); do
        curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break
        sleep 0.1
    done
done

# nginx with the shipped site.
mkdir -p "$work/nginx/snippets/formations" "$work/nginx/sites" "$work/nginx/tmp" "$work/acme"
cp "$ROOT"/deploy/nginx/snippets/* "$work/nginx/snippets/formations/"
sed -e "s#listen 80;#listen 127.0.0.1:$nginx_port;#" -e '/listen \[::\]:80;/d' \
    -e "s#server 127.0.0.1:8081 #server 127.0.0.1:${ports[0]} #" \
    -e "s#server 127.0.0.1:8082 #server 127.0.0.1:${ports[1]} #" \
    -e "s#server 127.0.0.1:8083 #server 127.0.0.1:${ports[2]} #" \
    -e "s#snippets/formations/#$work/nginx/snippets/formations/#g" \
    "$ROOT/deploy/nginx/formations" >"$work/nginx/sites/formations"
sed -i -e "s#/usr/share/formations/web#$ROOT/web#" \
    -e "s#/var/log/nginx/#$work/nginx/#g" -e "s#/var/www/acme#$work/acme#" \
    -e "s#snippets/formations/#$work/nginx/snippets/formations/#g" \
    "$work"/nginx/snippets/formations/*.conf
user_line=""
if ((EUID == 0)); then
    user_line="user root root;"  # the workers read web/ and write their temporary files here
fi
cat >"$work/nginx/nginx.conf" <<CONF
$user_line
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    include $work/nginx/sites/formations;
}
CONF
"$nginx_binary" -t -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>"$work/nginx-t.log" ||
    { cat "$work/nginx-t.log" >&2; die "nginx -t"; }
"$nginx_binary" -p "$work/nginx" -c "$work/nginx/nginx.conf"
for ((attempt = 0; attempt < 100; attempt++)); do
    curl -fsS -o /dev/null "http://127.0.0.1:$nginx_port/healthz" 2>/dev/null && break
    sleep 0.1
done

restart="$(pg_bin)/pg_ctl -D $work/pgdata -m fast -w -t 60 restart"
if ((EUID == 0)); then
    restart="cd / && runuser -u $FORMATIONS_PG_SYSTEM_USER -- $restart"
fi
FORMATIONS_ABUSE_NGINX_PORT=$nginx_port \
    FORMATIONS_ABUSE_INSTANCES=$instances \
    FORMATIONS_ABUSE_DATABASE_URL=$database_url \
    FORMATIONS_ABUSE_PG_RESTART="$restart >/dev/null" \
    FORMATIONS_ABUSE_ADMIN_PASSWORD=$admin_password \
    "$probes"
