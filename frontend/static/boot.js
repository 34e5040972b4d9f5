// Starts the web app (a file of its own: the Content-Security-Policy allows no inline
// script). The page names its entry, the portal's or the staff's, in two preload links.
const js = document.querySelector('link[rel="modulepreload"]').href;
const wasm = document.querySelector('link[rel="preload"][as="fetch"]').href;
import(js).then((app) => app.default({ module_or_path: wasm }));

// Leaflet and its glue, loaded once when the first map opens (most pages have none).
let map;
window.civisLoadMap = () =>
  (map ??= new Promise((ok, fail) => {
    const files = document.querySelector('meta[name="civis-map-files"]').content.split(" ");
    let left = files.length;
    const done = () => --left === 0 && ok();
    for (const f of files) {
      const css = f.endsWith(".css");
      const el = document.createElement(css ? "link" : "script");
      if (css) { el.rel = "stylesheet"; el.href = f; } else { el.src = f; el.async = false; }
      el.onload = done;
      el.onerror = () => { map = undefined; fail(new Error(f)); };
      document.head.append(el);
    }
  }));
