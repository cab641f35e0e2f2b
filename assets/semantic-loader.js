// Starts a semantic worker (the meaning pass's sentence model): loads semantic-worker.js from
// beside this file and instantiates the WebAssembly module the page sends first (the page
// compiles semantic-worker_bg.wasm once for all its semantic workers). The page creates the
// workers only when the pass is turned on.
self.onmessage = (event) => {
  self.onmessage = null;
  wasm_bindgen({ module_or_path: event.data });
};
importScripts('./semantic-worker.js');
