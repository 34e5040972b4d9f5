#!/usr/bin/env bash
# Installs what the project needs on a fresh machine; does nothing when it is all there.
set -euo pipefail

need_apt=()
[ -x "$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)/initdb" ] || need_apt+=(postgresql)
[ -f "$(ls -d /usr/share/postgresql/*/extension 2>/dev/null | sort -V | tail -n 1)/unaccent.control" ] || need_apt+=(postgresql-contrib)
command -v psql >/dev/null || need_apt+=(postgresql-client)
[ -f /usr/include/postgresql/libpq-fe.h ] || need_apt+=(libpq-dev)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)

if [ ${#need_apt[@]} -gt 0 ]; then
    echo "setup: installing ${need_apt[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
    echo "setup: adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
fi
