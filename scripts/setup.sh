#!/usr/bin/env bash
# Installs what the project needs on a fresh machine; does nothing when it is all there.
set -euo pipefail

need_apt=()
[ -x "$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)/initdb" ] || need_apt+=(postgresql)
[ -f "$(ls -d /usr/share/postgresql/*/extension 2>/dev/null | sort -V | tail -n 1)/unaccent.control" ] || need_apt+=(postgresql-contrib)
command -v psql >/dev/null || need_apt+=(postgresql-client)
[ -f /usr/include/postgresql/libpq-fe.h ] || need_apt+=(libpq-dev)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
command -v curl >/dev/null || need_apt+=(curl)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v npm >/dev/null || need_apt+=(nodejs npm)
python3 -c "import venv, ensurepip" 2>/dev/null || need_apt+=(python3-venv)
# libfaketime: the API suite also runs with the whole system at fixed instants (scripts/test-instants.sh).
ls /usr/lib/*/faketime/libfaketime.so.1 >/dev/null 2>&1 || need_apt+=(faketime)

if [ ${#need_apt[@]} -gt 0 ]; then
    echo "setup: installing ${need_apt[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# French PostgreSQL messages: a test runs the database with lc_messages = fr_FR.UTF-8 (the
# time limit is recognised whatever the server's language).
if ! locale -a 2>/dev/null | grep -qiE '^fr_FR\.utf-?8$'; then
    echo "setup: generating the fr_FR.UTF-8 locale"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    [ -f /usr/share/i18n/locales/fr_FR ] || { $SUDO apt-get update -qq; DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq locales >/dev/null; }
    $SUDO localedef -i fr_FR -f UTF-8 fr_FR.UTF-8
fi

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
    echo "setup: adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
fi

# The wasm-bindgen CLI must be the version of the wasm-bindgen crate in Cargo.lock.
root="$(cd "$(dirname "$0")/.." && pwd)"
wb="$(grep -A1 '^name = "wasm-bindgen"$' "$root/Cargo.lock" | sed -n 's/^version = "\(.*\)"$/\1/p')"
if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$wb" ]; then
    echo "setup: installing wasm-bindgen-cli $wb (a few minutes, once)"
    # Not --locked: its lockfile pins a dependency version the registry no longer has.
    cargo install -q wasm-bindgen-cli --version "$wb"
fi

# The wasm splitter (the portal's pages past the first load come in parts loaded on
# demand: docs/ARCHITECTURE.md, "The web app"), pinned; it must read what rustc emits.
if ! cargo install --list | grep -q '^wasm_split_cli_support v0.2.3:'; then
    echo "setup: installing wasm-split-cli 0.2.3 (a minute, once)"
    cargo install -q --locked wasm_split_cli_support --version 0.2.3 --features build-binary
fi

# Real servers for the tests, from PyPI: SMTP (aiosmtpd, also the demo's mail) and
# S3-compatible object storage (moto's server).
if ! python3 -c "import aiosmtpd" 2>/dev/null; then
    echo "setup: installing aiosmtpd"
    python3 -m pip install -q aiosmtpd==1.4.6
fi
if ! python3 -c "import moto.server" 2>/dev/null; then
    echo "setup: installing moto[server]"
    python3 -m pip install -q "moto[server]==5.1.18"
fi

# The API contract run's schemathesis (scripts/contract.sh), pinned, in an environment of
# its own so that its dependencies and moto's do not pull against each other.
contract_venv="$root/.local/contract-venv"
if [ "$("$contract_venv/bin/schemathesis" --version 2>/dev/null | awk '{print $NF}')" != "4.32.5" ]; then
    echo "setup: installing schemathesis 4.32.5"
    rm -rf "$contract_venv"
    mkdir -p "$root/.local"
    python3 -m venv "$contract_venv"
    "$contract_venv/bin/pip" install -q --disable-pip-version-check schemathesis==4.32.5
fi

# Open311 GeoReport's client as integrators use it, and a JSON Schema validator, pinned
# (scripts/open311.sh).
open311_venv="$root/.local/open311-venv"
open311_pins=(georeport==0.3.1 xmltodict==0.14.2 jsonschema==4.25.1 requests==2.32.5)
if ! "$open311_venv/bin/pip" freeze 2>/dev/null | grep -qx "georeport==0.3.1"; then
    echo "setup: installing the Open311 client (georeport 0.3.1)"
    rm -rf "$open311_venv"
    mkdir -p "$root/.local"
    python3 -m venv "$open311_venv"
    "$open311_venv/bin/pip" install -q --disable-pip-version-check "${open311_pins[@]}"
fi

# Front-end assets (Leaflet, binaryen's wasm-opt) and the browser-test driver, as locked.
for dir in frontend e2e; do
    if [ ! -d "$root/$dir/node_modules" ] || [ "$root/$dir/package-lock.json" -nt "$root/$dir/node_modules/.package-lock.json" ]; then
        echo "setup: npm ci in $dir"
        (cd "$root/$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
done
