#!/usr/bin/env bash
# `make web`: the release build of the web app into frontend/dist, two entries from the one
# crate (the citizen portal, and the staff dashboard served under /staff): cargo
# (size-optimised wasm-release profile) → wasm-bindgen (pinned CLI, equal to the crate in
# Cargo.lock) → wasm-opt -Oz (binaryen from npm; Debian's is too old to read the output) →
# file names with a content hash → index.html (portal) and staff.html → a .gz and a .br
# twin of each text and wasm file (Node's zlib: no other tool).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

out=frontend/dist
stage=target/web
rm -rf "$stage" && mkdir -p "$stage"

# WEB_PROFILE=dev: a quick unoptimised build while working on the app.
profile="${WEB_PROFILE:-wasm-release}"
cargo build -q -p civis-web --bins --target wasm32-unknown-unknown --profile "$profile"
[ "$profile" = dev ] && dir=debug || dir="$profile"
for entry in portal staff; do
    wasm-bindgen --target web --no-typescript --out-dir "$stage" --out-name "$entry" \
        "target/wasm32-unknown-unknown/$dir/civis-$entry.wasm"
    [ "$profile" = dev ] || frontend/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory \
        --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
        --enable-reference-types --enable-multivalue "$stage/${entry}_bg.wasm" -o "$stage/${entry}_bg.opt.wasm"
    [ "$profile" = dev ] || mv "$stage/${entry}_bg.opt.wasm" "$stage/${entry}_bg.wasm"
done
cp frontend/static/map.js frontend/static/boot.js frontend/style.css "$stage/"
cp frontend/node_modules/leaflet/dist/leaflet.js frontend/node_modules/leaflet/dist/leaflet.css "$stage/"

rm -rf "$out" && mkdir -p "$out/images"
cp frontend/node_modules/leaflet/dist/images/*.png "$out/images/"
portal="$(cat frontend/index.html)"
staff="$portal"
# The template names its entry's files {{app.js}} and {{app_bg.wasm}}: each page takes its
# own entry's files under that name (the other entry's placeholders match nothing).
for f in portal_bg.wasm portal.js staff_bg.wasm staff.js leaflet.js leaflet.css map.js style.css boot.js; do
    hash="$(sha256sum "$stage/$f" | cut -c1-10)"
    hashed="${f%.*}.$hash.${f##*.}"
    cp "$stage/$f" "$out/$hashed"
    portal="${portal//\{\{${f/portal/app}\}\}/$hashed}"
    staff="${staff//\{\{${f/staff/app}\}\}/$hashed}"
done
printf '%s\n' "$portal" > "$out/index.html"
printf '%s\n' "$staff" > "$out/staff.html"
for f in "$out"/*.{wasm,js,css}; do gzip -9 -k -n "$f"; done
node -e '
const { readFileSync, writeFileSync } = require("node:fs");
const { brotliCompressSync, constants: c } = require("node:zlib");
for (const f of process.argv.slice(1)) {
  const body = readFileSync(f);
  writeFileSync(f + ".br", brotliCompressSync(body, { params: {
    [c.BROTLI_PARAM_QUALITY]: 11, [c.BROTLI_PARAM_SIZE_HINT]: body.length } }));
}' "$out"/*.{wasm,js,css}

for entry in portal staff; do
    wasm="$(ls "$out"/${entry}_bg.*.wasm)"
    echo "web: $entry $(stat -c %s "$wasm") bytes wasm, $(stat -c %s "$wasm.gz") gzip, $(stat -c %s "$wasm.br") brotli"
done
