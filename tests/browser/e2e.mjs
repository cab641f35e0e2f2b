// End-to-end tests of the release bundle: served under /parallax/ on localhost, driven in
// headless Chromium (Debian's /usr/bin/chromium through playwright-core), with real file drops.
// Fails on any console error, any uncaught exception and any request that leaves localhost.
// Screenshots go to target/browser/ for reviewers.
//   node tests/browser/e2e.mjs [DIST_DIR]
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { launchChromium, serve } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const dist = path.resolve(process.argv[2] || path.join(root, 'dist'));
const shots = path.join(root, 'target', 'browser');
const sampleDir = path.join(root, 'assets', 'sample');
const BASE = '/parallax/';
fs.mkdirSync(shots, { recursive: true });

const samples = fs.readdirSync(sampleDir).filter((f) => f.endsWith('.txt')).sort()
  .map((name) => ({ name, path: path.join(sampleDir, name), text: fs.readFileSync(path.join(sampleDir, name), 'utf8') }));
assert.equal(samples.length, 5, 'five sample articles');

const server = await serve(dist, 0, BASE);
const url = `http://127.0.0.1:${server.address().port}${BASE}`;
const browser = await launchChromium();

let failures = 0;
const timings = {};

async function withPage(name, body) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === 'blob:' || u.protocol === 'data:' || ['127.0.0.1', 'localhost'].includes(u.hostname)) {
      return route.continue();
    }
    problems.push(`request left localhost: ${route.request().url()}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  page.on('worker', (worker) => worker.on('console', (msg) => { if (msg.type() === 'error') problems.push(`worker console error: ${msg.text()}`); }));
  const started = Date.now();
  try {
    await page.goto(url);
    await page.getByTestId('dropzone').waitFor();
    await body(page);
    assert.deepEqual(problems, [], 'no console errors, no requests off localhost');
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    failures += 1;
    console.log(`FAIL ${name}: ${err.message}${problems.length ? `\n     ${problems.join('\n     ')}` : ''}`);
  } finally {
    await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true }).catch(() => {});
    await context.close();
  }
}

async function expectStoryMap(page, docs) {
  await page.getByTestId('story-map').waitFor({ timeout: 15000 });
  assert.equal(await page.getByTestId('source-chip').count(), docs, `${docs} source chips`);
  const rows = await page.getByTestId('story-row').count();
  assert.ok(rows >= 10, `story map has rows (${rows})`);
  const cells = await page.getByTestId('story-cell').count();
  assert.equal(cells, rows * docs, 'one cell per row and source');
  return rows;
}

// Drops files on the drop zone with a real DataTransfer and a real drop event.
async function dropFiles(page, files) {
  const dataTransfer = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const f of files) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return dt;
  }, files.map((f) => ({ name: f.name, type: f.type || 'text/plain', base64: Buffer.from(f.bytes).toString('base64') })));
  const zone = page.getByTestId('dropzone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

await withPage('drop', async (page) => {
  const t0 = Date.now();
  await dropFiles(page, samples.map((s) => ({ name: s.name, bytes: Buffer.from(s.text) })));
  const rows = await expectStoryMap(page, 5);
  timings.dropToMapMs = Date.now() - t0;
  timings.rows = rows;
  timings.status = await page.getByTestId('status').textContent();
  const names = await page.getByTestId('source-chip').allTextContents();
  samples.forEach((s, i) => assert.ok(names[i].includes(s.name), `chip ${i} names ${s.name}`));
});

await withPage('sample', async (page) => {
  await page.getByTestId('sample-button').click();
  await expectStoryMap(page, 5);
  // The quote most outlets carry sits in one row with several sources.
  const rows = page.getByTestId('story-row').filter({ hasText: 'interfering in China’s internal affairs' });
  const counts = await rows.evaluateAll((rs) => rs.map((r) => r.querySelectorAll('[data-testid=story-cell]:not(.absent)').length));
  const present = Math.max(...counts);
  assert.ok(present >= 3, `the "stop interfering" quote is shared by ${present} sources`);
  const row = rows.nth(counts.indexOf(present));
  await row.click();
  await page.locator('.variants').waitFor();
  assert.ok(await page.locator('.variants ins, .variants del').count() > 0, 'an open row shows word differences');
  // For the README: the top of the page with the first widely shared row open.
  await row.click();
  const all = page.getByTestId('story-row');
  const shared = await all.evaluateAll((rs) => rs.map((r) => r.querySelectorAll('[data-testid=story-cell]:not(.absent)').length));
  await all.nth(shared.findIndex((n) => n >= 3)).click();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.screenshot({ path: path.join(shots, 'readme.png') });
});

// A set large enough that the engine leaves word diffs out (over 4,000 aligned sentences):
// opening a row asks the worker for that row's diffs.
await withPage('large-set', async (page) => {
  const copies = 60;
  const files = [];
  for (let i = 1; i <= copies; i += 1) {
    for (const s of samples) files.push({ name: s.name.replace('.txt', `-${i}.txt`), bytes: Buffer.from(s.text) });
  }
  await dropFiles(page, files);
  await page.getByTestId('story-map').waitFor({ timeout: 30000 });
  assert.equal(await page.getByTestId('source-chip').count(), files.length, `${files.length} source chips`);
  // With 300 columns the passage column keeps a readable width (the table scrolls sideways).
  const passage = await page.locator('.row td.passage').first().boundingBox();
  assert.ok(passage.width >= 200, `passage column is ${passage.width}px wide`);
  const row = page.getByTestId('story-row').filter({ has: page.locator('.cell.near') }).first();
  await row.click();
  await page.locator('.variants[data-diffs=worker]').waitFor({ timeout: 10000 });
  assert.ok(await page.locator('.variants ins, .variants del').count() > 0, 'the worker sent the row\'s word differences');
});

await withPage('file-picker', async (page) => {
  await page.getByTestId('file-input').setInputFiles(samples.map((s) => s.path));
  await expectStoryMap(page, 5);
});

await withPage('bad-file', async (page) => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  await dropFiles(page, [
    { name: 'photo.png', bytes: png, type: 'image/png' },
    { name: samples[0].name, bytes: Buffer.from(samples[0].text) },
    { name: samples[1].name, bytes: Buffer.from(samples[1].text) },
  ]);
  await page.getByTestId('error').first().waitFor();
  const message = await page.getByTestId('error').first().textContent();
  assert.match(message, /photo\.png is not text: it is a PNG image/);
  await page.getByTestId('story-map').waitFor();
  assert.equal(await page.getByTestId('source-chip').count(), 2, 'the good files are kept');
});

await withPage('paste-and-remove', async (page) => {
  await page.getByTestId('paste-box').fill(samples[2].text);
  await page.getByTestId('paste-add').click();
  await page.getByTestId('paste-box').fill(samples[3].text);
  await page.getByTestId('paste-add').click();
  await expectStoryMap(page, 2);
  await page.getByTestId('remove-source').first().click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=source-chip]').length === 1);
  await page.getByTestId('story-map').waitFor();
});

await browser.close();
server.close();
console.log(`drop → story map for the five samples: ${timings.dropToMapMs} ms (${timings.rows} rows); page says: ${timings.status}`);
console.log(`screenshots: ${path.relative(process.cwd(), shots)}/`);
if (failures) {
  console.log(`${failures} browser test(s) failed`);
  process.exit(1);
}
console.log('browser tests passed');
