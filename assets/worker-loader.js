// Starts the analysis worker: loads worker.js and worker_bg.wasm (built by trunk) from
// beside this file. A plain script rather than a blob: URL, so a Content-Security-Policy
// can allow workers from 'self' only.
importScripts('./worker.js');
wasm_bindgen('./worker_bg.wasm');
