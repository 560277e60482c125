#!/usr/bin/env bash
#
# The Debian package on a clean Debian bookworm, as an admin would run it:
#
#   deploy/package-test.sh [BUILD_DIR]      # ctest runs it (label "package"); needs root
#
# 1. builds the package (cpack) from BUILD_DIR (default build/, already built);
# 2. makes a clean bookworm system with debootstrap (minbase, plus PostgreSQL and nginx, which
#    the package only recommends), cached in BUILD_DIR/package-test-base for a week, and
#    installs the package into a fresh copy of it with apt, which must find every dependency;
# 3. checks the units with `systemd-analyze verify`;
# 4. in private network, mount and PID namespaces (so the shipped ports 80, 5432 and 8081-8083
#    collide with nothing, and every process it started dies with it): starts PostgreSQL,
#    runs formations-migrate.service and three formations@PORT.service instances from the
#    ExecStart, User and EnvironmentFile of the installed units (systemd cannot run in a
#    chroot), enables the shipped nginx site as the README says, and runs a smoke test through
#    nginx: pages, catalogue, registrations and their invoice numbers, requests spread over the
#    instances and kept alive, one instance killed, 429, 413 and other JSON errors, pipelining,
#    no token in the access log, then HTTPS with the shipped TLS settings, then 502 when every
#    instance is down.
# It prints how long each step took. On failure the logs land in test-artifacts/package-test/.
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CHROOT_ENV=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 LC_ALL=C.UTF-8
    DEBIAN_FRONTEND=noninteractive)
FORMATIONS_PACKAGE_TEST_PORTS=(8081 8082 8083)

started_at=$(date +%s.%N)
step_at=$started_at
# step NAME: print how long the step that ends took, and since the start.
step() {
    local now
    now=$(date +%s.%N)
    awk -v name="$1" -v now="$now" -v step="$step_at" -v start="$started_at" 'BEGIN {
        printf "==> %-44s %6.1f s  (total %6.1f s)\n", name, now - step, now - start }' >&2
    step_at=$now
}

fail() {
    printf 'FAILED: %s\n' "$*" >&2
    exit 1
}

# expect WHAT ACTUAL EXPECTED
expect() {
    [[ $2 == "$3" ]] || fail "$1: got '$2', expected '$3'"
    printf '    ok  %s\n' "$1" >&2
}

in_root() {
    chroot "$root" "${CHROOT_ENV[@]}" "$@"
}

# ------------------------------------------------------------------------------------------
# Inside the namespaces (the script runs itself again through unshare, see the end).
# ------------------------------------------------------------------------------------------

# The variables of a unit's EnvironmentFile, as systemd reads them: KEY=VALUE lines, comments,
# quotes around a value removed (the subset formations.env uses).
declare -A unit_env=()
load_unit_environment() {
    local unit=$1 file line key value
    unit_env=()
    file=$(sed -n 's/^EnvironmentFile=-\{0,1\}//p' "$root$unit")
    [[ -n $file ]] || fail "$unit has no EnvironmentFile"
    while IFS= read -r line || [[ -n $line ]]; do
        [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
        [[ $line =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
        key=${BASH_REMATCH[1]}
        value=${BASH_REMATCH[2]}
        if [[ $value =~ ^\'(.*)\'$ || $value =~ ^\"(.*)\"$ ]]; then
            value=${BASH_REMATCH[1]}
        fi
        unit_env[$key]=$value
    done <"$root$file"
}

# unit_commands UNIT INSTANCE: the unit's ExecStart lines, one per line, with %i and ${VAR}
# replaced as systemd would (the forms the units use).
unit_commands() {
    local unit=$1 instance=$2 line key
    while IFS= read -r line; do
        line=${line//%i/$instance}
        for key in "${!unit_env[@]}"; do
            line=${line//\$\{$key\}/${unit_env[$key]}}
        done
        [[ $line != *'${'* ]] || fail "$unit: unknown variable in ExecStart: $line"
        printf '%s\n' "$line"
    done < <(sed -n 's/^ExecStart=//p' "$root$unit")
}

# as_unit UNIT: sets `as_unit` to the command prefix that runs a command in the chroot with the
# unit's user and environment (an array, so that a command started with & is the process
# itself: chroot and env exec it).
as_unit() {
    local unit=$1 user key uid gid
    user=$(sed -n 's/^User=//p' "$root$unit")
    # Numbers: chroot may look names up in the host's user database.
    uid=$(in_root id -u "$user")
    gid=$(in_root id -g "$user")
    as_unit=(chroot --userspec="$uid:$gid" "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin
        LANG=C.UTF-8)
    for key in "${!unit_env[@]}"; do
        as_unit+=("$key=${unit_env[$key]}")
    done
}

wait_for() {
    local what=$1 url=$2 attempt
    for ((attempt = 0; attempt < 100; attempt++)); do
        if curl -fsS -o /dev/null "$url" 2>/dev/null; then
            return 0
        fi
        sleep 0.2
    done
    fail "$what did not answer at $url"
}

# http METHOD PATH [curl args...]: through nginx; prints the status, then the body, and keeps
# the headers in $work/headers.
nginx_url=http://127.0.0.1
http() {
    local method=$1 path=$2
    shift 2
    curl -sS -X "$method" -D "$work/headers" -o "$work/body" -w '%{http_code}' \
        "$@" "$nginx_url$path"
    printf '\n'
    cat "$work/body"
}
# raw_http TEXT: TEXT sent as is on one connection to nginx; prints what comes back until nginx
# closes the connection.
raw_http() {
    local text=$1
    exec 3<>/dev/tcp/127.0.0.1/80
    printf '%b' "$text" >&3
    timeout 5 cat <&3 || true
    exec 3<&-
}
status_of() { head -n 1 <<<"$1"; }
body_of() { tail -n +2 <<<"$1"; }
header() { grep -i "^$1:" "$work/headers" | tr -d '\r' | sed 's/^[^:]*: //'; }
header_count() { grep -ci "^$1:" "$work/headers" || true; }

inside() {
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount -t tmpfs tmpfs "$root/run"
    ip link set lo up

    # PostgreSQL as the README sets it up: the service's system user, peer authentication.
    in_root pg_ctlcluster 15 main start
    in_root runuser -u postgres -- createuser formations
    in_root runuser -u postgres -- createdb -O formations formations
    step "PostgreSQL started, database created"

    local migrate=/lib/systemd/system/formations-migrate.service
    local instance=/lib/systemd/system/formations@.service
    load_unit_environment "$migrate"
    as_unit "$migrate"
    local command
    while IFS= read -r command; do
        # shellcheck disable=SC2086 # the unit's command line, split as systemd splits it
        "${as_unit[@]}" $command >>"$work/migrate.log" 2>&1 ||
            fail "formations-migrate.service: $command (see migrate.log)"
    done < <(unit_commands "$migrate" "")
    local admin_password=package-test-admin-password
    "${as_unit[@]}" /usr/bin/formations user add admin@example.org --role admin \
        --password-stdin <<<"$admin_password" >>"$work/migrate.log"
    step "formations-migrate.service, an admin"

    load_unit_environment "$instance"
    as_unit "$instance"
    local port
    declare -A pids=()
    for port in "${FORMATIONS_PACKAGE_TEST_PORTS[@]}"; do
        command=$(unit_commands "$instance" "$port")
        # shellcheck disable=SC2086
        "${as_unit[@]}" $command >"$work/instance-$port.log" 2>&1 &
        pids[$port]=$!
    done
    for port in "${FORMATIONS_PACKAGE_TEST_PORTS[@]}"; do
        wait_for "formations@$port" "http://127.0.0.1:$port/healthz"
    done
    step "3 instances of formations@.service"

    # The site enabled as the README says.
    ln -s ../sites-available/formations "$root/etc/nginx/sites-enabled/formations"
    rm -f "$root/etc/nginx/sites-enabled/default"
    in_root nginx -t 2>>"$work/nginx-t.log" || fail "nginx -t (see nginx-t.log)"
    in_root nginx
    wait_for nginx "$nginx_url/healthz"
    step "nginx with the shipped site"

    smoke_test "$admin_password" pids
    step "smoke test through nginx"
    tls_test
    step "HTTPS with the shipped TLS settings"

    for port in "${!pids[@]}"; do
        kill -9 "${pids[$port]}" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    local reply
    reply=$(http GET /api/v1/sessions)
    expect "every instance down: 502" "$(status_of "$reply")" 502
    expect "502 is JSON" "$(body_of "$reply" | jq -r .error.code)" bad_gateway
    expect "502 Retry-After" "$(header Retry-After)" 5

    in_root nginx -s quit
    in_root pg_ctlcluster 15 main stop
}

smoke_test() {
    local admin_password=$1
    local -n instance_pids=$2
    local reply token year

    reply=$(http GET /)
    expect "the home page, served by nginx" "$(status_of "$reply")" 200
    expect "it is the package's page" "$(body_of "$reply" | grep -c '<html lang="fr"')" 1
    expect "its Content-Security-Policy" "$(header Content-Security-Policy)" \
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    reply=$(http GET /page-qui-n-existe-pas.html)
    expect "a missing page: 404" "$(status_of "$reply")" 404
    expect "with the site's 404 page" "$(header Content-Type)" "text/html; charset=utf-8"
    reply=$(http POST /index.html)
    expect "POST on a page: 405" "$(status_of "$reply")" 405
    expect "405 is JSON" "$(body_of "$reply" | jq -r .error.code)" method_not_allowed
    reply=$(curl -sS -o /dev/null -w '%{http_code} %{content_type}' http://127.0.0.1:8081/)
    expect "an instance serves the installed pages by default" "$reply" \
        "200 text/html; charset=utf-8"

    reply=$(http POST /api/v1/auth/login -H 'Content-Type: application/json' \
        -d "{\"email\": \"admin@example.org\", \"password\": \"$admin_password\"}")
    expect "admin login" "$(status_of "$reply")" 200
    token=$(body_of "$reply" | jq -r .token)
    local starts_on
    starts_on=$(date -d '+60 days' +%F)
    reply=$(http POST /api/v1/sessions -H "Authorization: Bearer $token" \
        -H 'Content-Type: application/json' \
        -d "{\"starts_on\": \"$starts_on\", \"place\": \"Salle Jean Jaurès, Nantes\", \"capacity\": 12}")
    expect "a session created by staff" "$(status_of "$reply")" 201
    local session_id
    session_id=$(body_of "$reply" | jq -r .id)

    reply=$(http GET /api/v1/sessions)
    expect "the catalogue" "$(status_of "$reply")" 200
    expect "lists the session" \
        "$(body_of "$reply" | jq -r ".sessions[] | select(.id == $session_id) | .place")" \
        "Salle Jean Jaurès, Nantes"
    expect "API answers carry each security header once" \
        "$(header_count X-Content-Type-Options) $(header_count X-Frame-Options) $(header_count Referrer-Policy) $(header_count Content-Security-Policy)" \
        "1 1 1 1"
    expect "the API's Content-Security-Policy" "$(header Content-Security-Policy)" \
        "default-src 'none'; frame-ancestors 'none'"
    reply=$(http GET "/api/v1/quote?session_id=$session_id")
    expect "a quote" "$(body_of "$reply" | jq -r .price_cents)" 30000

    # Registrations: one, then six more with an instance killed (-9) in between. A POST whose
    # connection is refused was never sent, so nginx passes it to another instance.
    local -a numbers=()
    register() {
        local n=$1 reply_
        reply_=$(http POST /api/v1/registrations -H 'Content-Type: application/json' \
            -H "Idempotency-Key: package-test-$n" \
            -d "{\"session_id\": $session_id, \"funding\": \"self\",
                 \"trainee\": {\"first_name\": \"Zoé\", \"last_name\": \"Lefèvre $n\",
                               \"email\": \"zoe$n@example.org\",
                               \"address\": \"12 rue des Œillets, 44000 Nantes\"}}")
        expect "registration $n: 201" "$(status_of "$reply_")" 201
        registration_token=$(body_of "$reply_" | jq -r .token)
        # The sale is concluded when the trainee signs the contract, as the personal page does
        # (the PDF's SHA-256, the sentence shown): the invoice is issued then.
        local statement hash
        statement=$(body_of "$(http GET "/api/v1/registrations/$registration_token/contract")" |
            jq -r .statement)
        http GET "/api/v1/registrations/$registration_token/contract.pdf" >/dev/null
        hash=$(sha256sum "$work/body" | cut -d' ' -f1)
        reply_=$(http POST "/api/v1/registrations/$registration_token/contract/signature" \
            -H 'Content-Type: application/json' \
            -d "$(jq -n --arg h "$hash" --arg s "$statement" '{pdf_sha256: $h, statement: $s}')")
        expect "signature $n: 201" "$(status_of "$reply_")" 201
        reply_=$(http GET "/api/v1/registrations/$registration_token")
        numbers+=("$(body_of "$reply_" | jq -r '.invoices[0].number')")
    }
    register 1
    year=${numbers[0]:3:4}
    expect "its invoice" "${numbers[0]}" "FA-$year-00001"
    # Its PDF, rendered with the font subsets the package installs.
    reply=$(http GET "/api/v1/invoices/${numbers[0]}.pdf?token=$registration_token")
    expect "the invoice PDF" "$(status_of "$reply") $(head -c 5 "$work/body")" "200 %PDF-"

    # Spread over the three instances (least_conn), connections to them kept open.
    for _ in 1 2 3 4 5 6 7 8 9; do
        http GET /api/v1/sessions >/dev/null
    done
    local port served=0
    for port in "${FORMATIONS_PACKAGE_TEST_PORTS[@]}"; do
        if grep -q '"method":"GET","request_id":"[^"]*","route":"/api/v1/sessions","status":200' \
            "$work/instance-$port.log"; then
            served=$((served + 1))
        fi
    done
    expect "the catalogue was served by every instance" "$served" 3
    local kept
    kept=$(ss -Htn state established '( dport = :8081 or dport = :8082 or dport = :8083 )' | wc -l)
    ((kept > 0)) || fail "no connection to the instances kept alive"
    printf '    ok  %s connection(s) to the instances kept alive\n' "$kept" >&2

    kill -9 "${instance_pids[8082]}"
    wait "${instance_pids[8082]}" 2>/dev/null || true
    if curl -fsS -o /dev/null http://127.0.0.1:8082/healthz 2>/dev/null; then
        fail "formations@8082 still answers after kill -9"
    fi
    local n
    for n in 2 3 4 5 6 7; do
        register "$n"
    done
    expect "invoice numbers without a gap, an instance down" "${numbers[*]}" \
        "$(printf "FA-$year-%05d " 1 2 3 4 5 6 7 | sed 's/ $//')"
    for _ in 1 2 3 4 5 6; do
        reply=$(http GET /api/v1/sessions)
        expect "GET with an instance down" "$(status_of "$reply")" 200
    done
    reply=$(http GET "/api/v1/sessions/$session_id")
    expect "seats taken" "$(body_of "$reply" | jq -r .seats_left)" 5

    # The registration token is a secret: not in the access log.
    http GET "/api/v1/registrations/$registration_token" >/dev/null
    grep -q "/api/v1/registrations/<token>" "$root/var/log/nginx/formations.access.log" ||
        fail "the access log has no redacted registration path"
    if grep -q "$registration_token" "$root/var/log/nginx/formations.access.log"; then
        fail "a registration token is in the access log"
    fi
    printf '    ok  %s\n' "no registration token in the access log" >&2

    # limit_req on logins: a burst of 5, then 429 (JSON, Retry-After). Unknown addresses, so
    # that the service's own lockout of an address never answers first.
    local statuses=""
    for n in 1 2 3 4 5 6 7 8 9 10; do
        reply=$(http POST /api/v1/auth/login -H 'Content-Type: application/json' \
            -d "{\"email\": \"nobody$n@example.org\", \"password\": \"wrong\"}")
        statuses+="$(status_of "$reply") "
    done
    [[ $statuses == *429* ]] || fail "no 429 after 10 logins: $statuses"
    printf '    ok  10 logins at once: %s\n' "$statuses" >&2
    expect "429 is JSON" "$(body_of "$reply" | jq -r .error.code)" too_many_requests
    expect "429 Retry-After" "$(header Retry-After)" 60

    # limit_req on the public complaint form: a burst of 3, then 1 a minute, before the
    # service's own 5 an hour (FORMATIONS_COMPLAINTS_PER_HOUR) is reached.
    statuses=""
    for n in 1 2 3 4 5 6; do
        reply=$(http POST /api/v1/complaints -H 'Content-Type: application/json' \
            -d "{\"author_email\": \"plainte$n@example.org\", \"subject\": \"Essai $n\",
                 \"description\": \"Une réclamation de test.\"}")
        statuses+="$(status_of "$reply") "
    done
    [[ $statuses == "201 201 201 201 429 429 " ]] || fail "6 complaints at once: $statuses"
    printf '    ok  6 complaints at once: %s\n' "$statuses" >&2
    expect "a refused complaint is JSON" "$(body_of "$reply" | jq -r .error.code)" too_many_requests

    # Sizes.
    head -c 100000 /dev/zero | tr '\0' x >"$work/big-body"
    reply=$(http POST /api/v1/registrations -H 'Content-Type: application/json' \
        --data-binary @"$work/big-body")
    expect "a 100 kB body: 413" "$(status_of "$reply")" 413
    expect "413 is JSON" "$(body_of "$reply" | jq -r .error.code)" payload_too_large
    expect "413 content type" "$(header Content-Type)" "application/json; charset=utf-8"
    reply=$(http GET "/api/v1/sessions?q=$(head -c 9000 /dev/zero | tr '\0' a)")
    expect "a 9 kB request line: 414" "$(status_of "$reply")" 414
    expect "414 is JSON" "$(body_of "$reply" | jq -r .error.code)" uri_too_long
    reply=$(http GET /api/v1/sessions -H "X-Filler: $(head -c 9000 /dev/zero | tr '\0' a)")
    expect "a 9 kB header: 400" "$(status_of "$reply")" 400
    expect "400 is JSON" "$(body_of "$reply" | jq -r .error.code)" request_header_too_large
    reply=$(raw_http 'NOT HTTP\r\n\r\n')
    expect "an unreadable request line: JSON 400" \
        "$(grep -c '"code":"bad_request"' <<<"$reply")" 1

    # Two requests pipelined on one connection: nginx answers both (Pistache would drop the
    # second).
    reply=$(raw_http 'GET /healthz HTTP/1.1\r\nHost: t\r\n\r\nGET /api/v1/sessions HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n')
    expect "pipelined requests, both answered" "$(grep -o 'HTTP/1.1 200 OK' <<<"$reply" | wc -l)" 2

    reply=$(http GET /readyz)
    expect "/readyz from this machine" "$(status_of "$reply")" 200
}

tls_test() {
    local certificates=/etc/ssl/formations-test
    mkdir -p "$root$certificates"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
        -keyout "$root$certificates/key.pem" -out "$root$certificates/cert.pem" 2>/dev/null
    # The admin's steps: uncomment the HTTPS server, set the certificate's paths.
    local site=$root/etc/nginx/sites-available/formations
    sed -i -e '/^# server {$/,/^# }$/s/^# //' \
        -e "s#/etc/letsencrypt/live/formations.example.org/fullchain.pem#$certificates/cert.pem#" \
        -e "s#/etc/letsencrypt/live/formations.example.org/chain.pem#$certificates/cert.pem#" \
        -e "s#/etc/letsencrypt/live/formations.example.org/privkey.pem#$certificates/key.pem#" \
        "$site"
    in_root nginx -t 2>>"$work/nginx-t.log" || fail "nginx -t with TLS (see nginx-t.log)"
    in_root nginx -s reload
    local attempt reply
    for ((attempt = 0; attempt < 50; attempt++)); do
        reply=$(curl -ksS -D - -o /dev/null https://127.0.0.1/healthz 2>/dev/null || true)
        [[ $reply == HTTP/2\ 200* ]] && break
        sleep 0.2
    done
    expect "HTTPS (HTTP/2)" "$(head -n 1 <<<"$reply" | tr -d '\r')" "HTTP/2 200 "
    expect "HSTS over HTTPS" "$(grep -i '^strict-transport-security:' <<<"$reply" | tr -d '\r')" \
        "strict-transport-security: max-age=63072000"
    reply=$(curl -ksS -o /dev/null -w '%{http_code}' --tls13-ciphers TLS_AES_128_GCM_SHA256 \
        --tlsv1.3 https://127.0.0.1/healthz)
    expect "TLS 1.3" "$reply" 200
    if curl -ksS -o /dev/null --tlsv1.1 --tls-max 1.1 https://127.0.0.1/healthz 2>/dev/null; then
        fail "TLS 1.1 was accepted"
    fi
    printf '    ok  %s\n' "TLS 1.1 refused" >&2
    reply=$(curl -sS -D - -o /dev/null http://127.0.0.1/healthz)
    expect "no HSTS over plain HTTP" "$(grep -ci '^strict-transport-security:' <<<"$reply")" 0
}

# ------------------------------------------------------------------------------------------
# Outside: the package, the clean system, the units.
# ------------------------------------------------------------------------------------------

# The Debian mirror the machine's apt uses (FORMATIONS_DEBIAN_MIRROR overrides it).
debian_mirror() {
    if [[ -n ${FORMATIONS_DEBIAN_MIRROR:-} ]]; then
        printf '%s\n' "$FORMATIONS_DEBIAN_MIRROR"
        return
    fi
    local mirror
    mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
        awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }')
    if [[ -z $mirror ]]; then
        mirror=$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' \
            /etc/apt/sources.list 2>/dev/null)
    fi
    [[ -n $mirror ]] || die "no Debian mirror found in apt's sources; set FORMATIONS_DEBIAN_MIRROR"
    printf '%s\n' "$mirror"
}

# chroot_apt ROOT COMMAND: a shell command (apt-get …) in the chroot, with /proc and /dev
# mounted for the packages' scripts in a mount namespace of its own (unmounted when it ends).
chroot_apt() {
    # shellcheck disable=SC2016 # $1 and $2 belong to the inner shell
    unshare --mount --propagation private -- bash -c '
        mount -t proc proc "$1/proc" && mount --rbind /dev "$1/dev" &&
        chroot "$1" "${@:3}" sh -c "$2"' _ "$1" "$2" "${CHROOT_ENV[@]}"
}

# A clean bookworm with PostgreSQL and nginx (the package recommends them; it depends on
# neither) and systemd (for systemd-analyze), made once a week and copied for every run.
make_base_system() {
    local base=$1
    if [[ -f $base/.complete && -z $(find "$base/.complete" -mtime +7) ]]; then
        return
    fi
    rm -rf -- "$base" "$base.partial"
    local mirror
    mirror=$(debian_mirror)
    info "debootstrap bookworm (minbase) from $mirror"
    debootstrap --variant=minbase bookworm "$base.partial" "$mirror" >"$work/debootstrap.log" 2>&1 ||
        fail "debootstrap (see debootstrap.log)"
    # Nothing starts services inside a chroot while packages are installed.
    printf '#!/bin/sh\nexit 101\n' >"$base.partial/usr/sbin/policy-rc.d"
    chmod 755 "$base.partial/usr/sbin/policy-rc.d"
    chroot_apt "$base.partial" "apt-get install -y -q --no-install-recommends \
        postgresql nginx systemd" >"$work/base-apt.log" 2>&1 ||
        fail "installing postgresql, nginx and systemd in the base system (see base-apt.log)"
    touch "$base.partial/.complete"
    mv -- "$base.partial" "$base"
}

outside() {
    if ((EUID != 0)); then
        info "skipped: the package test needs root (debootstrap, chroot, namespaces)"
        exit 77
    fi
    build_dir=$(cd "${1:-$ROOT/build}" && pwd -P)
    [[ -x $build_dir/service/formations ]] || die "build first: $build_dir/service/formations"
    work=$(mktemp -d "$build_dir/package-test.XXXXXX")
    root=$work/root
    # shellcheck disable=SC2317 # called through the EXIT trap
    finish() {
        local status=$?
        if ((status != 0)); then
            local artifacts=$ROOT/test-artifacts/package-test
            rm -rf -- "$artifacts"
            mkdir -p "$artifacts"
            cp "$work"/*.log "$artifacts/" 2>/dev/null || true
            cp -r "$root/var/log/nginx" "$artifacts/nginx" 2>/dev/null || true
            cp -r "$root/var/log/postgresql" "$artifacts/postgresql" 2>/dev/null || true
            info "package test failed; logs in test-artifacts/package-test/"
        fi
        rm -rf -- "$work"
    }
    trap finish EXIT

    (cd "$build_dir" && cpack -G DEB) >"$work/cpack.log" 2>&1 || fail "cpack (see cpack.log)"
    local deb
    deb=$(ls -t "$build_dir"/packages/formations_*.deb | head -n 1)
    info "$(basename "$deb"): $(dpkg-deb -f "$deb" Depends)"
    step "package built (cpack)"

    make_base_system "$build_dir/package-test-base"
    step "clean bookworm + postgresql + nginx ready"
    cp -a "$build_dir/package-test-base" "$root"
    rm -f "$root/.complete"
    step "copied into a fresh root"

    cp "$deb" "$root/tmp/formations.deb"
    chroot_apt "$root" "apt-get update -q &&
        apt-get install -y -q --no-install-recommends /tmp/formations.deb" \
        >"$work/install.log" 2>&1 || fail "installing the package (see install.log)"
    expect "package installed" "$(in_root dpkg-query -W -f '${Status}' formations)" \
        "install ok installed"
    expect "the formations user" "$(in_root id -un formations)" formations
    expect "formations.env: root:formations 0640" \
        "$(in_root stat -c '%U:%G %a' /etc/formations/formations.env)" "root:formations 640"
    expect "/var/backups/formations" "$(in_root stat -c '%U:%G %a' /var/backups/formations)" \
        "formations:formations 750"
    if ls "$root/etc/nginx/sites-enabled/formations" >/dev/null 2>&1; then
        fail "the package enabled the nginx site by itself"
    fi
    step "package installed with apt"

    if command -v systemd-analyze >/dev/null 2>&1; then
        local -a units=(formations@8081.service formations-migrate.service formations.target
            formations-backup.service formations-backup.timer)
        systemd-analyze --root="$root" verify "${units[@]/#/$root/lib/systemd/system/}" \
            >"$work/verify.log" 2>&1 || {
            cat "$work/verify.log" >&2
            fail "systemd-analyze verify"
        }
        [[ ! -s $work/verify.log ]] || {
            cat "$work/verify.log" >&2
            fail "systemd-analyze verify printed warnings"
        }
        printf '    ok  systemd-analyze verify: %s\n' "${units[*]}" >&2
        systemd-analyze security --offline=true --root="$root" formations@8081.service \
            2>/dev/null | tail -n 1 >&2 || true
        step "systemd-analyze"
    else
        info "systemd-analyze not found: units not verified"
    fi

    # The namespaces: a private network (loopback only), mounts, and PIDs (every process left
    # dies with the script).
    unshare --net --mount --pid --fork --propagation private -- \
        env FORMATIONS_PACKAGE_TEST_STARTED="$started_at" "${BASH_SOURCE[0]}" --inside "$root" "$work"
    step "package test passed"
}

if [[ ${1:-} == --inside ]]; then
    root=$2
    work=$3
    started_at=$FORMATIONS_PACKAGE_TEST_STARTED
    step_at=$(date +%s.%N)
    inside
else
    outside "$@"
fi
