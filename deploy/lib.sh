# shellcheck shell=bash
#
# Shared helpers for the deploy scripts (run.sh, pg.sh, test.sh) and the
# benchmarks (bench/lib.sh).
# This file is meant to be *sourced*, not executed: it only defines variables
# and functions. The scripts that source it turn on `set -euo pipefail`
# themselves, and every function here is written to work under those options.

# The variables below are used by the scripts that source this file.
# shellcheck disable=SC2034

# Debian packages the project needs to build, run and test. Kept in one array
# so adding a dependency is a one-line change.
#
# `postgresql-client` is deliberately not listed: the `postgresql` metapackage
# depends on postgresql-<major>, which depends on postgresql-client-<major>, so
# psql is always present once `postgresql` is. The unversioned
# `postgresql-client` metapackage is not installed on the project's machines,
# and listing it would make every run (CI included) do a pointless
# `apt-get update` + install.
FORMATIONS_DEBIAN_PACKAGES=(
    build-essential
    cmake
    pkg-config
    g++
    libpistache-dev
    libsoci-dev
    libpq-dev
    postgresql
    libhpdf-dev
    libboost-date-time-dev
    doctest-dev
    nlohmann-json3-dev
    libcli11-dev
    libsodium-dev
    libzip-dev
    # E-mail: SMTP and MIME (libcurl), .ics files (libical), accented domains (libidn2), and the
    # SMTP sink of deploy/run.sh and the tests (aiosmtpd, for Debian's /usr/bin/python3).
    libcurl4-openssl-dev
    libical-dev
    libidn2-dev
    python3-aiosmtpd
    tzdata
    locales
    fonts-dejavu-core
    fonttools # pyftsubset makes the font subsets the PDFs embed (invoices/fonts)
    poppler-utils
    wrk
    curl
    ca-certificates
    jq
    # The abuse suite (tests/abuse/run.sh) runs Debian's nginx with the shipped site.
    nginx
    # Fuzzing (tests/fuzz/run.sh): clang with libFuzzer's runtime and the sanitizers
    # (libclang-rt, only recommended by clang), linked by lld.
    clang-14
    libclang-rt-14-dev
    lld-14
    # The Debian package (deploy/package.sh) and its test (deploy/package-test.sh): a clean
    # bookworm made with debootstrap, network namespaces, a self-signed certificate, the
    # units checked by systemd-analyze.
    dpkg-dev
    debootstrap
    iproute2
    openssl
    systemd
)

# Repository root, from this file's location, so the scripts work whatever the
# caller's current directory is. `pwd -P` resolves symlinks for stable paths.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"

# The persistent development cluster (run.sh, pg.sh). .pgdata is git-ignored.
FORMATIONS_PGDATA="$ROOT/.pgdata"
FORMATIONS_PG_PORT="${FORMATIONS_PG_PORT:-54329}"

# Superuser created by initdb in our own clusters. Authentication is `trust`
# and the server listens on 127.0.0.1 only, so no password is involved.
FORMATIONS_PG_USER=formations

# System account that runs the server when the scripts run as root:
# PostgreSQL refuses to run as root.
FORMATIONS_PG_SYSTEM_USER=postgres

# Print an error and exit. Used for conditions the user has to fix.
die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# Informational output goes to stderr so it never mixes with values that
# functions print on stdout (pg_url, pg_bin).
info() {
    printf '==> %s\n' "$*" >&2
}

# --------------------------------------------------------------------------
# Dependencies
# --------------------------------------------------------------------------

# Install the missing Debian packages, and only those. When everything is
# already installed this is a fast no-op (no apt-get update, no network), which
# matters because it runs on every run.sh / test.sh / CI invocation.
install_dependencies() {
    local pkg status
    local -a missing=()
    for pkg in "${FORMATIONS_DEBIAN_PACKAGES[@]}"; do
        # dpkg-query exits non-zero for packages dpkg has never heard of;
        # that simply means "missing". The prefix match copes with multi-arch
        # packages, for which the status is printed once per architecture.
        status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
        if [[ $status != "install ok installed"* ]]; then
            missing+=("$pkg")
        fi
    done
    if ((${#missing[@]} == 0)); then
        return 0
    fi

    local -a sudo=()
    if ((EUID != 0)); then
        command -v sudo >/dev/null 2>&1 ||
            die "missing packages (${missing[*]}) and not root and no sudo to install them"
        sudo=(sudo)
    fi
    info "installing missing packages: ${missing[*]}"
    "${sudo[@]}" apt-get update
    # env keeps DEBIAN_FRONTEND through sudo, which would otherwise drop it.
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}"
    # Installing `postgresql` makes Debian create and start a default cluster
    # on port 5432. We never use it (our clusters are project-local), and we
    # leave it alone rather than stop it behind the admin's back.
}

# The browser tests (tests/e2e) drive Debian's Chromium with playwright-core
# from the npm registry: install chromium and Node.js/npm when missing, then
# the exact versions of tests/e2e/package-lock.json into tests/e2e/node_modules
# (git-ignored) with `npm ci`. Like install_dependencies, a fast no-op when
# everything is there.
install_browser_test_dependencies() {
    local -a missing=()
    [[ -x /usr/bin/chromium ]] || missing+=(chromium)
    # Node.js may come from elsewhere than Debian (it then carries its own
    # npm): only ask apt for what no command provides.
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    if ((${#missing[@]} > 0)); then
        local -a sudo=()
        if ((EUID != 0)); then
            command -v sudo >/dev/null 2>&1 ||
                die "missing packages (${missing[*]}) and not root and no sudo to install them"
            sudo=(sudo)
        fi
        info "installing missing packages for the browser tests: ${missing[*]}"
        "${sudo[@]}" apt-get update
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y --no-install-recommends "${missing[@]}"
    fi
    local e2e="$ROOT/tests/e2e"
    # npm ci leaves node_modules/.package-lock.json: older than the lock file
    # means the lock changed since.
    if [[ ! -f $e2e/node_modules/playwright-core/package.json ||
        $e2e/package-lock.json -nt $e2e/node_modules/.package-lock.json ]]; then
        info "installing the npm packages of the browser tests (tests/e2e)"
        (cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error)
    fi
}

# ensure_locale NAME: generate a glibc locale (e.g. fr_FR.UTF-8) unless it is
# there. The tests run a database whose lc_messages is French, to check that
# the service recognises errors by SQLSTATE, never by their wording; the
# server needs the locale to exist. Idempotent and offline once generated.
ensure_locale() {
    local name="$1" available
    available="$(locale -a 2>/dev/null || true)"
    # `locale -a` writes fr_FR.utf8 for fr_FR.UTF-8.
    if grep -qix "${name%%.*}.utf-\?8" <<<"$available"; then
        return 0
    fi
    local -a sudo=()
    if ((EUID != 0)); then
        command -v sudo >/dev/null 2>&1 ||
            die "the $name locale is missing and not root and no sudo to generate it"
        sudo=(sudo)
    fi
    info "generating the $name locale"
    if ! grep -q "^$name UTF-8" /etc/locale.gen 2>/dev/null; then
        printf '%s UTF-8\n' "$name" | "${sudo[@]}" tee -a /etc/locale.gen >/dev/null
    fi
    "${sudo[@]}" locale-gen >/dev/null
}

# --------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------

# build_project [build_dir] [werror] [target...]: configure (Release) and build
# (every target, or those named). deploy/test.sh (what CI runs) passes
# werror=ON: a warning fails the build there. run.sh passes nothing and keeps
# whatever the build directory has, so a new compiler warning does not stop a
# developer from running the service.
build_project() {
    local build_dir="${1:-$ROOT/build}" werror="${2:-}"
    local -a targets=("${@:3}")
    local -a cmake_args=(-S "$ROOT" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release)
    if [[ -n $werror ]]; then
        cmake_args+=(-DFORMATIONS_WERROR="$werror")
    fi
    cmake "${cmake_args[@]}"
    cmake --build "$build_dir" -j"$(nproc)" ${targets[@]+--target "${targets[@]}"}
}

# --------------------------------------------------------------------------
# PostgreSQL project-local clusters
# --------------------------------------------------------------------------

# Print the directory holding the server binaries (initdb, pg_ctl, postgres).
# Debian keeps them out of PATH under /usr/lib/postgresql/<major>/bin. Prefer
# 15 (the version the project targets), else the newest installed major.
# PG_BIN in the environment overrides the detection.
pg_bin() {
    if [[ -n ${PG_BIN:-} ]]; then
        printf '%s\n' "$PG_BIN"
        return 0
    fi
    if [[ -x /usr/lib/postgresql/15/bin/pg_ctl ]]; then
        printf '%s\n' /usr/lib/postgresql/15/bin
        return 0
    fi
    local dir best=""
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x $dir/pg_ctl ]] || continue
        local major="${dir#/usr/lib/postgresql/}"
        major="${major%/bin}"
        if [[ -z $best ]] || ((major > ${best#*:})); then
            best="$dir:$major"
        fi
    done
    [[ -n $best ]] || die "no PostgreSQL server found under /usr/lib/postgresql (is the 'postgresql' package installed?)"
    printf '%s\n' "${best%:*}"
}

# Print a libpq conninfo for one of our clusters: pg_url PORT DBNAME.
pg_url() {
    local port="$1" dbname="$2"
    printf 'host=127.0.0.1 port=%s user=%s dbname=%s\n' "$port" "$FORMATIONS_PG_USER" "$dbname"
}

# Run a server-side command (initdb, pg_ctl) as the account that owns the
# cluster: postgres when we are root, since PostgreSQL refuses to run as root;
# ourselves otherwise. The `cd /` avoids "could not change directory" errors
# when the caller's cwd (e.g. /root) is not readable by postgres.
_pg_run() {
    if ((EUID == 0)); then
        (cd / && runuser -u "$FORMATIONS_PG_SYSTEM_USER" -- "$@")
    else
        "$@"
    fi
}

# Absolute path of a directory that may not exist yet (its parent must).
_pg_abs_dir() {
    local dir="$1" parent
    parent="$(dirname -- "$dir")"
    [[ -d $parent ]] || mkdir -p -- "$parent"
    printf '%s/%s\n' "$(cd -- "$parent" && pwd -P)" "$(basename -- "$dir")"
}

# True when the cluster in DATA_DIR is up. postmaster.pid alone is not enough
# (it survives a crash or a reboot), so ask pg_ctl, which checks the PID.
pg_cluster_running() {
    local data_dir="$1"
    [[ -f $data_dir/postmaster.pid ]] || return 1
    _pg_run "$(pg_bin)/pg_ctl" status -D "$data_dir" >/dev/null 2>&1
}

# Create DATA_DIR with the right owner and mode and initdb it.
_pg_cluster_init() {
    local data_dir="$1" bin="$2"

    mkdir -p -- "$data_dir"
    if ((EUID == 0)); then
        # The postgres account must be able to reach the data directory;
        # `test -x` as postgres fails if any ancestor is not traversable.
        local parent
        parent="$(dirname -- "$data_dir")"
        runuser -u "$FORMATIONS_PG_SYSTEM_USER" -- test -x "$parent" ||
            die "$parent (or one of its parents) is not traversable by the '$FORMATIONS_PG_SYSTEM_USER' user; PostgreSQL cannot run there as root. Make it traversable (chmod o+x) or use another directory."
        # The data directory doubles as the socket directory, so one chown
        # covers both.
        chown "$FORMATIONS_PG_SYSTEM_USER:" "$data_dir"
    fi
    # initdb insists on 0700/0750 and an empty directory.
    chmod 700 "$data_dir"
    if [[ -n "$(ls -A -- "$data_dir")" ]]; then
        die "$data_dir is not empty but holds no cluster (no PG_VERSION); move it away or delete it"
    fi

    # C.UTF-8 gives byte-order collation (fast, reproducible across machines)
    # with UTF-8 character classification. glibc lists it as C.utf8 on
    # Debian. Capture `locale -a` first: piping it into `grep -q` could
    # SIGPIPE it and trip pipefail.
    local -a locale_args=(--no-locale)
    local locales
    locales="$(locale -a 2>/dev/null || true)"
    if grep -Eqi '^c\.utf-?8$' <<<"$locales"; then
        locale_args=(--locale=C.UTF-8)
    fi

    info "initialising PostgreSQL cluster in $data_dir"
    local output
    if ! output="$(_pg_run "$bin/initdb" -D "$data_dir" --auth=trust \
        --username="$FORMATIONS_PG_USER" --encoding=UTF8 "${locale_args[@]}" \
        --no-instructions 2>&1)"; then
        printf '%s\n' "$output" >&2
        die "initdb failed for $data_dir"
    fi
}

# pg_cluster_start DATA_DIR PORT [EXTRA_SERVER_OPTIONS]
# Start (creating it first if needed) a cluster listening on 127.0.0.1:PORT
# only, with its unix socket inside DATA_DIR (so it never touches
# /var/run/postgresql or the system cluster) and its log in
# DATA_DIR/server.log. EXTRA_SERVER_OPTIONS is appended to the postgres
# command line, e.g. "-c fsync=off -c max_connections=200" for a throwaway
# test cluster. A cluster that is already running is left as it is.
pg_cluster_start() {
    local data_dir port="$2" extra_options="${3:-}" bin
    data_dir="$(_pg_abs_dir "$1")"
    bin="$(pg_bin)"

    [[ $port =~ ^[0-9]+$ ]] || die "invalid port: $port"

    if pg_cluster_running "$data_dir"; then
        # Line 4 of postmaster.pid is the port. A cluster started earlier on
        # another port would silently break the URL we hand out, so refuse.
        local running_port
        running_port="$(sed -n 4p "$data_dir/postmaster.pid")"
        if [[ $running_port != "$port" ]]; then
            die "the cluster in $data_dir is already running on port $running_port, not $port; stop it first (pg_ctl -D $data_dir stop, or deploy/pg.sh stop)"
        fi
        return 0
    fi

    # Unix socket paths are limited to 107 bytes; fail with a clear message
    # rather than a cryptic server log line.
    local socket="$data_dir/.s.PGSQL.$port"
    if ((${#socket} > 107)); then
        die "socket path $socket is too long for a unix socket; use a shorter data directory path"
    fi

    if [[ ! -f $data_dir/PG_VERSION ]]; then
        _pg_cluster_init "$data_dir" "$bin"
    fi

    # pg_ctl hands -o to /bin/sh, so quote the path (spaces etc.).
    local quoted_dir
    quoted_dir="$(printf '%q' "$data_dir")"
    local options="-p $port -k $quoted_dir -c listen_addresses=127.0.0.1"
    if [[ -n $extra_options ]]; then
        options+=" $extra_options"
    fi

    info "starting PostgreSQL on 127.0.0.1:$port (data: $data_dir)"
    if ! _pg_run "$bin/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" \
        -w -t 60 -o "$options" start >/dev/null; then
        printf '%s\n' "--- last lines of $data_dir/server.log ---" >&2
        tail -n 20 "$data_dir/server.log" >&2 2>/dev/null || true
        die "could not start PostgreSQL in $data_dir on port $port"
    fi
}

# pg_cluster_stop DATA_DIR: fast shutdown (disconnects clients, no crash
# recovery needed next time) if the cluster is running; otherwise nothing.
pg_cluster_stop() {
    local data_dir="$1"
    [[ -d $data_dir ]] || return 0
    if pg_cluster_running "$data_dir"; then
        info "stopping PostgreSQL in $data_dir"
        _pg_run "$(pg_bin)/pg_ctl" -D "$data_dir" -m fast -w -t 60 stop >/dev/null
    fi
}

# pg_create_database PORT NAME: create database NAME unless it exists.
# psql is a client over TCP with trust auth, so it runs as the caller (root
# included) — only the server needs the postgres account. The SQL is fed on
# stdin because psql does not interpolate :'var' in -c strings; %I quotes the
# name safely and \gexec runs the CREATE only when the SELECT returns a row.
pg_create_database() {
    local port="$1" name="$2"
    "$(pg_bin)/psql" -X -q -v ON_ERROR_STOP=1 -v dbname="$name" \
        -h 127.0.0.1 -p "$port" -U "$FORMATIONS_PG_USER" -d postgres <<'SQL'
SELECT format('CREATE DATABASE %I', :'dbname')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'dbname')
\gexec
SQL
}

# --------------------------------------------------------------------------
# Free ports (test.sh, bench/)
# --------------------------------------------------------------------------

# True when nothing listens on TCP port $1. ss sees every address; without it,
# fall back to trying to connect to 127.0.0.1 through bash's /dev/tcp.
port_is_free() {
    local port="$1"
    if command -v ss >/dev/null 2>&1; then
        [[ -z "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]
    else
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 1
        fi
    fi
}

# pick_free_port [EXCLUDED_PORT]: print a free port in 20000-29999, other
# than EXCLUDED_PORT (e.g. a port picked earlier and not listened on yet).
pick_free_port() {
    local excluded="${1:-}" attempt port
    for ((attempt = 0; attempt < 100; attempt++)); do
        port=$((20000 + RANDOM % 10000))
        if [[ $port != "$excluded" ]] && port_is_free "$port"; then
            printf '%s\n' "$port"
            return 0
        fi
    done
    die "no free TCP port found in 20000-29999"
}
