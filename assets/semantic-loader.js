// Starts a semantic worker (the meaning pass's sentence model): loads semantic-worker.js from
// beside this file, then waits for its first message. The first worker is sent the address of
// semantic-worker_bg.wasm: it compiles it (off the page's thread: compiling, or reading the
// browser's cached code, can take longer than a frame), posts the compiled module back so the
// page hands it to the other workers (the browser then compiles and optimises the code once
// for all of them), and instantiates it. The others are sent that module. The page creates the
// workers only when the pass is turned on.
self.onmessage = async (event) => {
  self.onmessage = null;
  let module = event.data;
  if (typeof module === 'string') {
    try {
      module = await WebAssembly.compileStreaming(fetch(module));
    } catch (e) {
      self.postMessage(JSON.stringify({
        type: 'error',
        message: `its WebAssembly did not load (${e && e.message ? e.message : e})`,
      }));
      return;
    }
    self.postMessage(module);
  }
  wasm_bindgen({ module_or_path: module });
};
importScripts('./semantic-worker.js');
