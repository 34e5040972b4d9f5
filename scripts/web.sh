#!/usr/bin/env bash
# `make web`: the release build of the web app into frontend/dist, two entries from the one
# crate (the citizen portal, and the staff dashboard served under /staff): cargo
# (size-optimised wasm-release profile) → wasm-split-cli (pinned: the parts of an entry
# loaded on demand, out of its first download) → wasm-bindgen (pinned CLI, equal to the
# crate in Cargo.lock) → wasm-opt -Oz on every module (binaryen from npm; Debian's is too
# old to read the output) → a folder per entry named by its content's hash, other files
# with a content hash in their names → index.html (portal) and staff.html → a .gz and a
# .br twin of each text and wasm file (Node's zlib: no other tool).
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
opt() {
    frontend/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
        --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue "$1" -o "$1.opt"
    mv "$1.opt" "$1"
}
# Each entry: split (the parts of the app loaded on demand, `wasm_split` in the code, out
# of the first download) → wasm-bindgen on the main module → wasm-opt on every module. The
# entry's files go to a folder named by their hash (the parts find each other by relative
# names, which the hash of the folder keeps unique across builds).
for entry in portal staff; do
    wasm-split-cli --out-name "$entry" "target/wasm32-unknown-unknown/$dir/civis-$entry.wasm" "$stage/$entry.split"
    wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle --out-dir "$stage/$entry" \
        --out-name "$entry" "$stage/$entry.split/$entry.wasm"
    # The loader, each part, and the chunks parts share.
    find "$stage/$entry.split" -maxdepth 1 \( -name '*.js' -o -name '*.wasm' \) ! -name "$entry.wasm" \
        -exec cp {} "$stage/$entry/" \;
    if [ "$profile" != dev ]; then
        for w in "$stage/$entry"/*.wasm; do opt "$w"; done
    fi
done
cp frontend/static/map.js frontend/static/boot.js frontend/style.css "$stage/"
cp frontend/node_modules/leaflet/dist/leaflet.js frontend/node_modules/leaflet/dist/leaflet.css "$stage/"

rm -rf "$out" && mkdir -p "$out/images"
cp frontend/node_modules/leaflet/dist/images/*.png "$out/images/"
portal="$(cat frontend/index.html)"
staff="$portal"
# The template names its entry's files {{app.js}} and {{app_bg.wasm}}: each page takes its
# own entry's files under that name (the other entry's placeholders match nothing).
for entry in portal staff; do
    hash="$(find "$stage/$entry" -type f -print0 | sort -z | xargs -0 cat | sha256sum | cut -c1-10)"
    cp -r "$stage/$entry" "$out/$entry.$hash"
    portal="${portal//\{\{${entry/portal/app}.js\}\}/$entry.$hash/$entry.js}"
    portal="${portal//\{\{${entry/portal/app}_bg.wasm\}\}/$entry.$hash/${entry}_bg.wasm}"
    staff="${staff//\{\{${entry/staff/app}.js\}\}/$entry.$hash/$entry.js}"
    staff="${staff//\{\{${entry/staff/app}_bg.wasm\}\}/$entry.$hash/${entry}_bg.wasm}"
done
for f in leaflet.js leaflet.css map.js style.css boot.js; do
    hash="$(sha256sum "$stage/$f" | cut -c1-10)"
    hashed="${f%.*}.$hash.${f##*.}"
    cp "$stage/$f" "$out/$hashed"
    portal="${portal//\{\{$f\}\}/$hashed}"
    staff="${staff//\{\{$f\}\}/$hashed}"
done
printf '%s\n' "$portal" > "$out/index.html"
printf '%s\n' "$staff" > "$out/staff.html"
mapfile -t files < <(find "$out" -type f \( -name '*.js' -o -name '*.css' -o -name '*.wasm' \))
for f in "${files[@]}"; do gzip -9 -k -n "$f"; done
node -e '
const { readFileSync, writeFileSync } = require("node:fs");
const { brotliCompressSync, constants: c } = require("node:zlib");
for (const f of process.argv.slice(1)) {
  const body = readFileSync(f);
  writeFileSync(f + ".br", brotliCompressSync(body, { params: {
    [c.BROTLI_PARAM_QUALITY]: 11, [c.BROTLI_PARAM_SIZE_HINT]: body.length } }));
}' "${files[@]}"

for entry in portal staff; do
    wasm="$(ls "$out"/$entry.*/${entry}_bg.wasm)"
    echo "web: $entry $(stat -c %s "$wasm") bytes wasm, $(stat -c %s "$wasm.gz") gzip, $(stat -c %s "$wasm.br") brotli"
done
