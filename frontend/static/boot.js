// Starts the web app (a file of its own: the Content-Security-Policy allows no inline script).
import init from "/{{civis-web.js}}";
init({ module_or_path: "/{{civis-web_bg.wasm}}" });
