#!/usr/bin/env bash
# `make web`: the release build of the web app into frontend/dist: cargo (size-optimised
# wasm-release profile) → wasm-bindgen (pinned CLI, equal to the crate in Cargo.lock) →
# wasm-opt -Oz (binaryen from npm; Debian's is too old to read the output) → file names
# with a content hash → index.html → a .gz twin of each text and wasm file.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

out=frontend/dist
stage=target/web
rm -rf "$stage" && mkdir -p "$stage"

# WEB_PROFILE=dev: a quick unoptimised build while working on the app.
profile="${WEB_PROFILE:-wasm-release}"
cargo build -q -p civis-web --target wasm32-unknown-unknown --profile "$profile"
[ "$profile" = dev ] && dir=debug || dir="$profile"
wasm-bindgen --target web --no-typescript --out-dir "$stage" --out-name civis-web \
    "target/wasm32-unknown-unknown/$dir/civis-web.wasm"
[ "$profile" = dev ] || frontend/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$stage/civis-web_bg.wasm" -o "$stage/civis-web_bg.opt.wasm"
[ "$profile" = dev ] || mv "$stage/civis-web_bg.opt.wasm" "$stage/civis-web_bg.wasm"
cp frontend/static/map.js frontend/static/boot.js frontend/style.css "$stage/"
cp frontend/node_modules/leaflet/dist/leaflet.js frontend/node_modules/leaflet/dist/leaflet.css "$stage/"
mkdir -p "$stage/images"
cp frontend/node_modules/leaflet/dist/images/*.png "$stage/images/"

rm -rf "$out" && mkdir -p "$out/images"
cp "$stage"/images/*.png "$out/images/"
index="$(cat frontend/index.html)"
boot="$(cat "$stage/boot.js")"
# boot.js names the hashed app, so it is hashed last.
for f in civis-web_bg.wasm civis-web.js leaflet.js leaflet.css map.js style.css boot.js; do
    [ "$f" = boot.js ] && printf '%s\n' "$boot" > "$stage/boot.js"
    hash="$(sha256sum "$stage/$f" | cut -c1-10)"
    hashed="${f%.*}.$hash.${f##*.}"
    cp "$stage/$f" "$out/$hashed"
    index="${index//\{\{$f\}\}/$hashed}"
    boot="${boot//\{\{$f\}\}/$hashed}"
done
# The JS glue names the wasm file itself only as a default; index.html passes the hashed one.
printf '%s\n' "$index" > "$out/index.html"
for f in "$out"/*.{wasm,js,css}; do gzip -9 -k -n "$f"; done

wasm="$(ls "$out"/civis-web_bg.*.wasm | grep -v '\.gz$')"
echo "web: $(stat -c %s "$wasm") bytes wasm, $(stat -c %s "$wasm.gz") gzipped → $out"
