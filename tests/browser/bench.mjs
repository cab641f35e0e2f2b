// Browser benchmark: the generated article sets of `cargo bench --bench engine`
// (target/bench/<set>/*.txt) dropped on the built page, analysed in its Web Worker.
// Prints, per set: time from request to answer, the engine's time inside the worker, and
// the worker's WebAssembly memory afterwards (its peak: wasm memory never shrinks).
//   node tests/browser/bench.mjs [DIST_DIR]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, serve } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const dist = path.resolve(process.argv[2] || path.join(root, 'dist'));
const sets = path.join(root, 'target', 'bench');
const BASE = '/parallax/';

if (!fs.existsSync(sets)) {
  console.log('no sets in target/bench: run `cargo bench --bench engine` first (./dev bench does both)');
  process.exit(1);
}
const server = await serve(dist, 0, BASE);
const url = `http://127.0.0.1:${server.address().port}${BASE}`;
const browser = await launchChromium();

console.log('browser (headless Chromium, release bundle, analysis in the Web Worker)');
const only = process.env.BENCH_SETS ? process.env.BENCH_SETS.split(',') : null;
for (const name of fs.readdirSync(sets).sort((a, b) => Number(a.split('-').pop()) - Number(b.split('-').pop()))) {
  if (only && !only.includes(name)) continue;
  const dir = path.join(sets, name);
  const files = fs.readdirSync(dir).sort().map((f) => ({ name: f, base64: fs.readFileSync(path.join(dir, f)).toString('base64') }));
  const bytes = files.reduce((n, f) => n + Buffer.from(f.base64, 'base64').length, 0);
  const runs = [];
  for (let run = 0; run < 3; run += 1) {
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByTestId('dropzone').waitFor();
    const dataTransfer = await page.evaluateHandle((files) => {
      const dt = new DataTransfer();
      for (const f of files) {
        const bin = atob(f.base64);
        const data = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i += 1) data[i] = bin.charCodeAt(i);
        dt.items.add(new File([data], f.name, { type: 'text/plain' }));
      }
      return dt;
    }, files);
    const measure = async () => {
      const t0 = Date.now();
      await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer });
      const status = page.locator('[data-testid=status][data-total-ms]');
      await status.waitFor({ timeout: 600000 });
      const wall = Date.now() - t0;
      return {
        total: Number(await status.getAttribute('data-total-ms')),
        engine: Number(await status.getAttribute('data-engine-ms')),
        memory: Number(await status.getAttribute('data-memory-bytes')),
        wall,
      };
    };
    // A person takes a moment to choose files: let the worker start and warm up first.
    await page.waitForTimeout(1500);
    const cold = await measure();
    // The same set again in the same worker, three times: the WebAssembly code is now
    // optimised (V8 tiers code up as it runs), which is what every later analysis costs.
    const again = [];
    for (let i = 0; i < 3; i += 1) {
      await page.getByTestId('clear-all').click();
      await page.getByTestId('confirm-clear-yes').click();
      await page.getByTestId('status').waitFor({ state: 'detached' });
      again.push(await measure());
    }
    again.sort((a, b) => a.engine - b.engine);
    runs.push({ ...cold, warm: again[1].engine, memory: again[2].memory });
    await page.close();
  }
  runs.sort((a, b) => a.engine - b.engine);
  const m = runs[Math.floor(runs.length / 2)];
  const warm = runs.map((r) => r.warm).sort((a, b) => a - b)[1];
  console.log(`${name.padEnd(14)} ${String(files.length).padStart(5)} docs ${(bytes / 1e6).toFixed(2).padStart(6)} MB  engine ${m.engine.toFixed(1).padStart(7)} ms first, ${warm.toFixed(1).padStart(7)} ms again (medians of 3 pages; again: of 3 runs each)  request→answer ${m.total.toFixed(1).padStart(7)} ms  drop→map ${String(m.wall).padStart(6)} ms  wasm memory ${(m.memory / 1048576).toFixed(1)} MB`);
}
await browser.close();
server.close();
