// Starts the semantic worker (the meaning pass's sentence model): loads semantic-worker.js and
// semantic-worker_bg.wasm (built by trunk) from beside this file. The page creates it only when
// the pass is turned on.
importScripts('./semantic-worker.js');
wasm_bindgen('./semantic-worker_bg.wasm');
