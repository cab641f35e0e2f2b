// End-to-end tests of the release bundle: served under /parallax/ on localhost, driven in
// headless Chromium (Debian's /usr/bin/chromium through playwright-core), with real file drops.
// Fails on any console error, any uncaught exception and any request that leaves localhost.
// Screenshots go to target/browser/ for reviewers (and the README's come from here).
//   node tests/browser/e2e.mjs [DIST_DIR] [--only NAME]
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { launchChromium, serve } from './serve.mjs';
import { makeArticles } from './corpus.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const dist = path.resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--only') || path.join(root, 'dist'));
const shots = path.join(root, 'target', 'browser');
const sampleDir = path.join(root, 'assets', 'sample');
const BASE = '/parallax/';
fs.mkdirSync(shots, { recursive: true });
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const samples = fs.readdirSync(sampleDir).filter((f) => f.endsWith('.txt')).sort()
  .map((name) => ({ name, path: path.join(sampleDir, name), text: fs.readFileSync(path.join(sampleDir, name), 'utf8') }));
assert.equal(samples.length, 5, 'five sample articles');

const server = await serve(dist, 0, BASE);
// Every file of the bundle, by its path under dist/ (the sentence model sits in model/).
const bundleFiles = new Set(fs.readdirSync(dist, { recursive: true })
  .filter((f) => fs.statSync(path.join(dist, f)).isFile()).map((f) => f.split(path.sep).join('/')));
const haveModel = bundleFiles.has('model/all-minilm-l6-v2/model.f16.safetensors');
const url = `http://127.0.0.1:${server.address().port}${BASE}`;
const browser = await launchChromium();

let failures = 0;
const figures = {};

// One test: a fresh browser context (its own storage), checks for console errors and
// requests off localhost, a screenshot at the end.
async function withPage(name, body, options = {}) {
  if (only && !name.includes(only)) return;
  const { url: pageUrl = url, ...contextOptions } = options;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, ...contextOptions });
  const problems = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === 'blob:' || u.protocol === 'data:') return route.continue();
    if (['127.0.0.1', 'localhost'].includes(u.hostname)) {
      // Nothing but the bundle's own files (and the page's address) is ever asked for.
      const file = u.pathname.startsWith(BASE) ? u.pathname.slice(BASE.length) : null;
      if (file === null || !(file === '' || bundleFiles.has(file))) problems.push(`request for something not in the bundle: ${u.pathname}`);
      return route.continue();
    }
    problems.push(`request left localhost: ${route.request().url()}`);
    return route.abort();
  });
  // Every Content-Security-Policy violation is a failure (they also log console errors).
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  page.on('dialog', (d) => { problems.push(`a dialog opened: ${d.message()}`); d.dismiss(); });
  page.on('worker', (worker) => worker.on('console', (msg) => { if (msg.type() === 'error') problems.push(`worker console error: ${msg.text()}`); }));
  const started = Date.now();
  try {
    await page.goto(pageUrl);
    await page.getByTestId('dropzone').waitFor();
    await body(page, context);
    if (!page.isClosed()) {
      for (const v of await page.evaluate(() => window.__csp || []).catch(() => [])) problems.push(`CSP violation: ${v}`);
    }
    assert.deepEqual(problems, [], 'no console errors, no dialogs, no CSP violations, no requests off localhost');
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    failures += 1;
    console.log(`FAIL ${name}: ${err.stack || err.message}${problems.length ? `\n     ${problems.join('\n     ')}` : ''}`);
  } finally {
    await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true }).catch(() => {});
    await context.close();
  }
}

async function expectStoryMap(page, docs) {
  await page.getByTestId('story-map').waitFor({ timeout: 30000 });
  assert.equal(await page.getByTestId('source-chip').count(), docs, `${docs} source chips`);
  const rows = await page.getByTestId('story-row').count();
  assert.ok(rows >= 10, `story map has rows (${rows})`);
  const cells = await page.getByTestId('story-cell').count();
  assert.equal(cells, rows * docs, 'one cell per row and source');
  return rows;
}

// A real DataTransfer holding the files, built in the page.
async function makeDataTransfer(page, files) {
  return page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const f of files) {
      // A large file is made in the page ({size, fill}) rather than shipped from the test.
      const bytes = f.size ? new Uint8Array(f.size).fill(f.fill) : Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return dt;
  }, files.map((f) => ({
    name: f.name,
    type: f.type || 'text/plain',
    size: f.size || 0,
    fill: f.fill || 0,
    base64: f.size ? '' : Buffer.from(f.bytes).toString('base64'),
  })));
}

// Drops files on the drop zone with a real DataTransfer and a real drop event.
async function dropFiles(page, files, prepared) {
  const dataTransfer = prepared || await makeDataTransfer(page, files);
  const zone = page.getByTestId('dropzone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

const sampleFiles = () => samples.map((s) => ({ name: s.name, bytes: Buffer.from(s.text) }));

async function loadSample(page) {
  await page.getByTestId('sample-button').click();
  await expectStoryMap(page, 5);
}

// Injects axe-core and checks WCAG 2.1 A/AA with every rule on.
async function axe(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help} — e.g. ${v.nodes[0].target.join(' ')}: ${v.nodes[0].failureSummary.split('\n').slice(1, 2).join('')}`);
  });
  assert.deepEqual(result, [], `axe-core on ${label}`);
}

// A screenshot for the README: the view's tabs at the top of the screen.
async function readmeShot(page, name) {
  await page.locator('.view-bar').evaluate((e) => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 8));
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(shots, `readme-${name}.png`) });
}

async function download(page, testid) {
  const menu = page.getByTestId('export-menu');
  if (!(await menu.evaluate((d) => d.open))) await menu.locator('summary').click();
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 20000 }), page.getByTestId(testid).click()]);
  const p = await file.path();
  return { name: file.suggestedFilename(), text: fs.readFileSync(p, 'utf8') };
}

// ---------------------------------------------------------------------------------------

await withPage('drop', async (page) => {
  const t0 = Date.now();
  await dropFiles(page, sampleFiles());
  const rows = await expectStoryMap(page, 5);
  figures.dropToMapMs = Date.now() - t0;
  figures.rows = rows;
  const names = await page.getByTestId('source-chip').allTextContents();
  samples.forEach((s, i) => assert.ok(names[i].includes(s.name), `chip ${i} names ${s.name}`));
});

await withPage('sample-and-variants', async (page) => {
  await loadSample(page);
  // The quote most outlets carry sits in one row with several sources.
  const rows = page.getByTestId('story-row').filter({ hasText: 'interfering in China’s internal affairs' });
  const counts = await rows.evaluateAll((rs) => rs.map((r) => r.querySelectorAll('[data-testid=story-cell]:not(.absent)').length));
  const present = Math.max(...counts);
  assert.ok(present >= 3, `the "stop interfering" quote is shared by ${present} sources`);
  const row = rows.nth(counts.indexOf(present));
  await row.click();
  await page.getByTestId('variant').first().waitFor();
  assert.ok(await page.locator('[data-testid=variant] ins, [data-testid=variant] del').count() > 0, 'an open row shows word differences');
  // Each line says why it is in the row: the test, its value against its threshold, the
  // shared words.
  const why = await page.getByTestId('why').allTextContents();
  assert.equal(why.length, await page.getByTestId('variant').count(), 'every line explains itself');
  assert.ok(why.some((w) => w.startsWith("The row's representative")), why.join(' / '));
  assert.ok(why.some((w) => /\d\.\d\d \(at least 0\.\d\d\)/.test(w)), why.join(' / '));
  const words = await page.locator('[data-testid=why] .shared-word').allTextContents();
  assert.ok(words.includes('interfering'), `shared words: ${words.join(', ')}`);
  assert.equal(await row.locator('.row-toggle').getAttribute('aria-expanded'), 'true');
  assert.match(page.url(), /#\/story-map\?row=\d+/, 'the open row is in the address');
  // For the README: the first widely shared row open.
  await row.click();
  const all = page.getByTestId('story-row');
  const shared = await all.evaluateAll((rs) => rs.map((r) => r.querySelectorAll('[data-testid=story-cell]:not(.absent)').length));
  await all.nth(shared.findIndex((n) => n >= 3)).click();
  await page.setViewportSize({ width: 1280, height: 900 });
  await readmeShot(page, 'story-map');
});

// The meaning pass: nothing of it is fetched until it is turned on; then the semantic worker
// loads the model (kept in the Cache API) and rows by meaning appear; off, the lexical map
// again; after a reload (model cached, vectors not), the pass on the sample is timed.
await withPage('meaning-pass', async (page, context) => {
  if (!haveModel) {
    if (process.env.PARALLAX_REQUIRE_MODEL) throw new Error('the bundle has no sentence model (./dev model)');
    console.log('skip meaning-pass: the bundle has no sentence model (./dev model fetches it)');
    return;
  }
  const fetched = [];
  // Requests of the page, its workers and its service worker.
  context.on('request', (r) => { const p = new URL(r.url()).pathname; if (/semantic-|\/model\//.test(p)) fetched.push(p); });
  await loadSample(page);
  const lexical = await page.getByTestId('story-row').count();
  const lexicalText = await page.getByTestId('story-map').innerText();
  assert.deepEqual(fetched, [], 'nothing of the pass before it is turned on');
  const toggle = page.getByTestId('meaning-toggle');
  assert.match(await page.getByTestId('meaning').innerText(), /Find paraphrases by meaning \(\d+ MB download, once\)/);
  let t0 = Date.now();
  await toggle.check();
  const status = page.getByTestId('meaning-status');
  await status.filter({ hasText: 'matched by meaning' }).waitFor({ timeout: 180000 });
  figures['meaning pass on the sample, first time (model downloaded), s'] = (Date.now() - t0) / 1000;
  assert.ok(fetched.some((p) => p.endsWith('model.f16.safetensors')), 'the model was fetched');
  const cells = page.locator('[data-testid=story-cell].meaning');
  const n = await cells.count();
  assert.ok(n >= 4, `cells matched by meaning (${n})`);
  assert.ok(await page.getByTestId('story-row').count() < lexical, 'fewer rows: lone lines joined');
  assert.match(await status.innerText(), /\d+ sentences? matched by meaning/);
  // A row by meaning says so, with the cosine, and still shows the word diff.
  const row = page.getByTestId('story-row').filter({ has: page.locator('[data-testid=story-cell].meaning') }).first();
  await row.click();
  const why = await page.getByTestId('why').allTextContents();
  assert.ok(why.some((w) => /^Matched by meaning, cosine 0\.\d\d/.test(w)), why.join(' / '));
  assert.ok(await page.locator('[data-testid=variant] ins, [data-testid=variant] del').count() > 0, 'the word diff is shown');
  await readmeShot(page, 'meaning');
  await row.click();
  // Side by side marks those sentences, with a legend entry.
  await page.getByTestId('view-tab-side-by-side').click();
  const bySide = page.locator('[data-testid=reader-sentence].g-meaning');
  await bySide.first().waitFor();
  assert.match(await bySide.first().getAttribute('title'), /^row \d+: meaning$/);
  assert.match(await page.getByTestId('side-by-side').locator('.legend').innerText(), /◇ by meaning/);
  await axe(page, 'side by side with rows by meaning');
  await page.getByTestId('view-tab-story-map').click();
  // The exports carry the grade.
  const csv = await download(page, 'export-csv');
  assert.ok(csv.text.split('\r\n').some((l) => l.split(',').includes('meaning')), 'the CSV grades a cell meaning');
  const report = await download(page, 'export-html');
  assert.ok(report.text.includes('◇ the same claim by meaning'), 'the HTML report explains ◇');
  assert.match(report.text, /<td class="g meaning" title="[^"]+: meaning">◇<\/td>/, 'the HTML report marks the cells');
  const session = JSON.parse((await download(page, 'export-json')).text);
  assert.ok(session.analysis.clusters.some((c) => c.members.some((m) => m.relation === 'meaning')), 'the session file has the rows by meaning');
  // Off: the lexical map exactly.
  await toggle.uncheck();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=story-row]').length === n, lexical, { timeout: 30000 });
  assert.equal(await cells.count(), 0);
  assert.equal(await page.getByTestId('story-map').innerText(), lexicalText, 'the lexical map again');
  assert.equal(await status.count(), 0);
  // A new visit: the model comes from the Cache API, not the network.
  const before = fetched.length;
  await page.reload();
  await expectStoryMap(page, 5);
  const longTasks = await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([Math.round(e.duration), Math.round(e.startTime - (window.__on || 0))]); }).observe({ type: 'longtask' });
    return true;
  });
  assert.ok(longTasks);
  // The page's own clock: from the switch's change event to the status that says it is done
  // (the test driver's clock adds its own checks before the click).
  await page.evaluate(() => {
    document.querySelector('[data-testid=meaning-toggle]').addEventListener('change', () => { window.__on = performance.now(); }, { capture: true });
    new MutationObserver((_, observer) => {
      const e = document.querySelector('[data-testid=meaning-status]');
      if (e && /matched by meaning/.test(e.textContent)) { window.__done = performance.now(); observer.disconnect(); }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  t0 = Date.now();
  await page.getByTestId('meaning-toggle').check();
  await page.getByTestId('meaning-status').filter({ hasText: 'Reading sentences' }).waitFor({ timeout: 180000 });
  figures['meaning pass on the sample, model cached: loading, s'] = (Date.now() - t0) / 1000;
  await page.getByTestId('meaning-status').filter({ hasText: 'matched by meaning' }).waitFor({ timeout: 180000 });
  figures['meaning pass on the sample, model cached (test driver\'s clock), s'] = (Date.now() - t0) / 1000;
  figures['meaning pass on the sample, model cached (page clock), s'] = await page.evaluate(() => (window.__done - window.__on) / 1000);
  const again = fetched.slice(before).filter((p) => p.includes('/model/'));
  assert.deepEqual(again, [], 'the model is not downloaded again (the Cache API has it)');
  // Their durations, ms (each also names when it started, ms after the switch was turned on).
  figures['meaning pass: main-thread tasks over 50 ms'] = await page.evaluate(() => window.__long);
});

await withPage('identical-variants-grouped', async (page) => {
  // Ten copies of two articles: an open row lists each distinct wording once.
  const files = [];
  for (let i = 0; i < 10; i += 1) {
    files.push({ name: `a${i}.txt`, bytes: Buffer.from(`${samples[0].text}\n\nCopy ${i} closes here with its own words.`) });
  }
  files.push({ name: 'b.txt', bytes: Buffer.from(samples[1].text) });
  await dropFiles(page, files);
  await page.getByTestId('story-map').waitFor({ timeout: 30000 });
  const row = page.getByTestId('story-row').filter({ has: page.locator('.cell.near') }).first();
  await row.click();
  await page.getByTestId('variant').first().waitFor();
  const lines = await page.getByTestId('variant').count();
  const carried = await page.getByTestId('variant').evaluateAll((vs) => vs.reduce((n, v) => n + Number(v.dataset.sources), 0));
  assert.ok(carried >= 11, `the row is carried by ${carried} sources`);
  assert.ok(lines <= 3, `${carried} sources in ${lines} lines`);
});

await withPage('tabs-and-history', async (page) => {
  await loadSample(page);
  await page.getByTestId('view-tab-story-map').waitFor();
  assert.equal(await page.getByRole('tablist').count(), 1);
  for (const view of ['side-by-side', 'quotes', 'facts', 'similarity', 'sources', 'story-map']) {
    await page.getByTestId(`view-tab-${view}`).click();
    await page.waitForURL(new RegExp(`#/${view}`));
    assert.equal(await page.getByTestId(`view-tab-${view}`).getAttribute('aria-selected'), 'true');
    await page.locator(`[role=tabpanel]#panel-${view}`).waitFor();
  }
  // Back and Forward move between views.
  await page.goBack();
  await page.waitForURL(/#\/sources/);
  await page.getByTestId('sources-view').waitFor();
  await page.goBack();
  await page.waitForURL(/#\/similarity/);
  await page.getByTestId('similarity').waitFor();
  await page.goForward();
  await page.getByTestId('sources-view').waitFor();
  // ←/→ on the tabs.
  await page.getByTestId('view-tab-sources').focus();
  await page.keyboard.press('ArrowLeft');
  await page.getByTestId('similarity').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'view-tab-similarity');
  await page.keyboard.press('ArrowRight');
  await page.getByTestId('sources-view').waitFor();
});

await withPage('side-by-side', async (page) => {
  await loadSample(page);
  await page.getByTestId('view-tab-side-by-side').click();
  const columns = page.getByTestId('reader-column');
  await columns.first().waitFor();
  assert.equal(await columns.count(), 2, 'two columns to start');
  // Every sentence of both documents is there, with its row.
  const sentences = await columns.nth(0).getByTestId('reader-sentence').count();
  assert.ok(sentences >= 10, `${sentences} sentences in the first column`);
  assert.ok(await page.locator('[data-testid=reader-sentence][data-row]').count() > 20);
  assert.ok(await page.locator('.reader-text u.verbatim').count() > 0, 'verbatim passages underlined');
  assert.ok(await columns.nth(0).locator('.rs.g-only').count() > 0, 'sentences only one source carries are marked');
  // Hover a shared sentence of 000: its counterpart in 001 lights up.
  const shared = columns.nth(0).locator('.rs.g-near, .rs.g-identical, .rs.g-paraphrase');
  let target = null;
  for (let i = 0; i < await shared.count(); i += 1) {
    const row = await shared.nth(i).getAttribute('data-row');
    if (await columns.nth(1).locator(`[data-row="${row}"]`).count()) { target = shared.nth(i); break; }
  }
  assert.ok(target, 'a sentence 000 and 001 share');
  const row = await target.getAttribute('data-row');
  await target.scrollIntoViewIfNeeded();
  await target.hover();
  await columns.nth(1).locator(`[data-row="${row}"].lit`).first().waitFor();
  await target.click();
  await page.waitForTimeout(700);
  await target.hover();
  await readmeShot(page, 'side-by-side');
  // Focus lights too.
  await columns.nth(0).locator('[data-testid=reader-sentence]').first().focus();
  // Click: the other column scrolls so that the counterpart lines up.
  await page.setViewportSize({ width: 1280, height: 700 });
  // The last sentence of the first column that the second column shares, and the first: the
  // one far down, the other near the top, so lining them up needs a scroll.
  const sharedRows = await columns.nth(0).getByTestId('reader-sentence').evaluateAll((ss, other) => ss
    .map((s) => s.dataset.row)
    .filter((r) => document.querySelectorAll('[data-testid=reader-column]')[1].querySelector(`[data-row="${r}"]`)), null);
  assert.ok(sharedRows.length >= 3, `${sharedRows.length} rows shared by the two columns`);
  const lastRow = sharedRows[sharedRows.length - 1];
  const last = columns.nth(0).locator(`[data-row="${lastRow}"]`).first();
  await last.scrollIntoViewIfNeeded();
  const before = await columns.nth(1).locator('.reader-text').evaluate((e) => e.scrollTop);
  await last.click();
  await page.waitForTimeout(900);
  const after = await columns.nth(1).locator('.reader-text').evaluate((e) => e.scrollTop);
  const counterpart = columns.nth(1).locator(`[data-row="${lastRow}"]`).first();
  assert.equal(await counterpart.count(), 1, 'the clicked sentence has a counterpart');
  const a = await last.boundingBox();
  const b = await counterpart.boundingBox();
  assert.ok(Math.abs(a.y - b.y) < 12, `counterparts line up (${a.y} vs ${b.y}; scrolled ${before} → ${after})`);
  assert.match(page.url(), new RegExp(`row=${lastRow}`), 'the clicked row is selected everywhere');
  // Add a third column, swap, replace from the picker.
  await page.getByTestId('reader-add').selectOption({ index: 1 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=reader-column]').length === 3);
  const firstBefore = await columns.nth(0).getAttribute('data-doc');
  await columns.nth(0).getByRole('button', { name: /right/ }).click();
  await page.waitForFunction((id) => document.querySelectorAll('[data-testid=reader-column]')[1].dataset.doc === id, firstBefore);
  await columns.nth(2).getByTestId('reader-pick').selectOption({ index: 4 });
  await page.waitForTimeout(200);
  const ids = await columns.evaluateAll((cs) => cs.map((c) => c.dataset.doc));
  assert.equal(new Set(ids).size, 3, 'three different sources');
  assert.match(page.url(), /#\/side-by-side\?docs=[0-9a-f]{10},[0-9a-f]{10},[0-9a-f]{10}/);
  await page.setViewportSize({ width: 1280, height: 900 });
});

await withPage('similarity-and-lineage', async (page) => {
  await loadSample(page);
  await page.getByTestId('view-tab-similarity').click();
  const cells = page.getByTestId('similarity-cell');
  await cells.first().waitFor();
  assert.equal(await cells.count(), 25, 'a 5 × 5 figure');
  const texts = await cells.allTextContents();
  assert.ok(texts.filter((t) => /\d/.test(t)).length >= 20, 'every cell carries its number');
  const label = await cells.nth(1).locator('button').textContent();
  assert.match(label, /\d+ % of \S+ is in \S+, \d+ % of \S+ is in \S+/, 'both containment figures on the cell');
  const lineage = await page.getByTestId('lineage').textContent();
  assert.match(lineage, /likely copy the same wire story/);
  await readmeShot(page, 'similarity');
  // A cell opens the pair side by side.
  const cell = page.locator('[data-testid=similarity-cell]:not(.diag)').first();
  const [a, b] = [await cell.getAttribute('data-a'), await cell.getAttribute('data-b')];
  await cell.locator('button').click();
  await page.getByTestId('reader-column').first().waitFor();
  const ids = await page.getByTestId('reader-column').evaluateAll((cs) => cs.map((c) => c.dataset.doc));
  assert.deepEqual(ids, [a, b]);
});

await withPage('lineage-direction-from-dates', async (page) => {
  await loadSample(page);
  // 000 and 001 are grouped; give them dates (001 earlier): 001 is the probable source.
  const chips = page.getByTestId('source-chip');
  for (const [i, date] of [[0, '2023-06-15'], [1, '2023-06-14']]) {
    await chips.nth(i).getByTestId('edit-source').click();
    await chips.nth(i).getByTestId('chip-date-input').fill(date);
    await chips.nth(i).getByTestId('chip-save').click();
  }
  await page.getByTestId('view-tab-similarity').click();
  const direction = await page.getByTestId('lineage-direction').first().textContent();
  assert.match(direction, /By date, 001 \(2023-06-14\) came first/);
  assert.match(await page.getByTestId('lineage-pair').first().textContent(), /000 probably derives from 001/);
});

await withPage('sources-view', async (page) => {
  await loadSample(page);
  await page.getByTestId('view-tab-sources').click();
  const cards = page.getByTestId('source-summary');
  await cards.first().waitFor();
  assert.equal(await cards.count(), 5);
  for (let i = 0; i < 5; i += 1) {
    assert.match(await cards.nth(i).getByTestId('summary-verbatim').textContent(), /\d+ % of its text/);
    assert.match(await cards.nth(i).getByTestId('summary-closest').textContent(), /similarity \d+/);
  }
  assert.ok(await page.locator('[data-testid=summary-unique] .row-link').count() > 5, 'what only each source reports');
  assert.ok(await page.locator('[data-testid=summary-left-out] .row-link').count() > 3, 'what each leaves out');
  await readmeShot(page, 'sources');
  // An item links to its row in the story map.
  const link = page.locator('[data-testid=summary-unique] .row-link').first();
  const row = await link.getAttribute('data-row');
  await link.click();
  await page.getByTestId('story-map').waitFor();
  await page.locator(`[data-testid=story-row][data-row="${row}"] .row-toggle[aria-expanded=true]`).waitFor();
});

await withPage('quotes-view', async (page) => {
  await loadSample(page);
  await page.getByTestId('view-tab-quotes').click();
  await page.waitForURL(/#\/quotes/);
  const quotes = page.getByTestId('quote');
  await quotes.first().waitFor();
  // Quotes carried by several sources come first in the default filter.
  const shown = await quotes.count();
  assert.ok(shown >= 5, `${shown} shared quotes`);
  // The "new difficulties and challenges" statement: one quote across all five sources, by Qin Gang.
  const since = quotes.filter({ hasText: 'It is clear who is responsible' }).first();
  assert.match(await since.getByTestId('quote-speaker').textContent(), /Qin Gang/);
  const docs = await since.getByTestId('quote-variant').evaluateAll((vs) => new Set(vs.map((v) => v.dataset.doc)).size);
  assert.equal(docs, 5, 'all five sources quote it');
  const flags = await since.getByTestId('quote-flag').allTextContents();
  for (const f of ['truncated', 'wording']) assert.ok(flags.includes(f), `flag ${f} in ${flags}`);
  assert.ok(await since.locator('del, ins').count() > 0, 'the wording diff against the fullest variant');
  // Attribution as each source writes it.
  assert.match(await since.textContent(), /Mr Qin → Qin Gang, told/);
  // A paraphrased variant: reported without quotation marks.
  assert.ok(await page.locator('[data-testid=quote-variant].paraphrased').count() >= 1, 'a paraphrased variant');
  // Every quote, including single-source ones.
  await page.getByTestId('quotes-shared-only').uncheck();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=quote]').length > n, shown);
  await page.getByTestId('quotes-shared-only').check();
  await axe(page, 'quotes view');
  await readmeShot(page, 'quotes');
  // A variant links to its row in the story map; the quote to side by side.
  const link = since.locator('.row-link').first();
  const row = await link.getAttribute('data-row');
  await link.click();
  await page.getByTestId('story-map').waitFor();
  await page.locator(`[data-testid=story-row][data-row="${row}"] .row-toggle[aria-expanded=true]`).waitFor();
  await page.goBack();
  await page.getByTestId('quote').first().waitFor();
  await page.getByTestId('quote').filter({ hasText: 'It is clear who is responsible' }).getByTestId('quote-side-by-side').click();
  await page.getByTestId('reader-column').first().waitFor();
  assert.equal(await page.getByTestId('reader-column').count(), 4);
});

await withPage('facts-view', async (page) => {
  await loadSample(page);
  await page.getByTestId('view-tab-facts').click();
  await page.waitForURL(/#\/facts/);
  const facts = page.getByTestId('discrepancy');
  await facts.first().waitFor();
  assert.equal(await facts.count(), 2, 'Antony/Anthony Blinken and Jake/Jack Sullivan');
  const blinken = facts.filter({ hasText: 'Anthony Blinken' });
  assert.equal(await blinken.getAttribute('data-kind'), 'name');
  const variants = await blinken.getByTestId('fact-variant').allTextContents();
  assert.ok(variants.some((v) => /Antony Blinken in 000\s*003\s*004/.test(v)), variants.join(' / '));
  assert.ok(variants.some((v) => /Anthony Blinken in 001\s*002/.test(v)), variants.join(' / '));
  assert.match(await facts.filter({ hasText: 'Sullivan' }).textContent(), /Jack Sullivan in 001.*Jake Sullivan in 004|Jake Sullivan in 004.*Jack Sullivan in 001/s);
  await axe(page, 'facts view');
  await readmeShot(page, 'facts');
  const link = page.locator('[data-testid=discrepancy] .row-link').first();
  const row = await link.getAttribute('data-row');
  await link.click();
  await page.locator(`[data-testid=story-row][data-row="${row}"] .row-toggle[aria-expanded=true]`).waitFor();
});

await withPage('search-filter-relabel-reorder-export', async (page) => {
  await loadSample(page);
  const total = await page.getByTestId('story-row').count();
  // "/" focuses the search.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'search');
  await page.keyboard.type('Taiwan');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=story-row]').length < n, total);
  const found = await page.getByTestId('story-row').count();
  assert.ok(found >= 2, `${found} rows mention Taiwan`);
  assert.ok(await page.locator('[data-testid=story-row] mark').count() >= 1, 'matches highlighted');
  await page.keyboard.press('Escape');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=story-row]').length === n, total);
  // "Left out by" 003: every row shown lacks 003 and is carried by at least two others.
  const keys = await page.getByTestId('source-chip').evaluateAll((cs) => cs.map((c) => c.dataset.id));
  await page.getByTestId('filter').selectOption(`left-out:${keys[3]}`);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=story-row]').length < n, total);
  const cells = await page.getByTestId('story-row').evaluateAll((rs) => rs.map((r) => [...r.querySelectorAll('[data-testid=story-cell]')].map((c) => !c.classList.contains('absent'))));
  assert.ok(cells.length >= 3, `${cells.length} rows left out by 003`);
  for (const c of cells) {
    assert.equal(c[3], false, '003 lacks the row');
    assert.ok(c.filter(Boolean).length >= 2, 'at least half of the others carry it');
  }
  await page.getByTestId('filter').selectOption('all');
  // Order by one source: its rows in its own order, the others fitted in.
  await page.getByTestId('row-order').selectOption(`source:${keys[3]}`);
  await page.waitForTimeout(100);
  const own = await page.getByTestId('story-row').evaluateAll((rs) => rs
    .filter((r) => !r.querySelectorAll('[data-testid=story-cell]')[3].classList.contains('absent'))
    .map((r) => r.dataset.row));
  await page.getByTestId('view-tab-side-by-side').click();
  await page.getByTestId('reader-column').first().getByTestId('reader-pick').selectOption('3');
  const inText = await page.getByTestId('reader-column').first().getByTestId('reader-sentence').evaluateAll((ss) => [...new Set(ss.map((s) => s.dataset.row))]);
  assert.deepEqual(own, inText.filter((r) => own.includes(r)), 'rows in 003\'s order');
  assert.ok(own.length >= 10);
  await page.getByTestId('view-tab-story-map').click();
  await page.getByTestId('row-order').selectOption('story');
  // Relabel 003 and move it first.
  const chip = page.getByTestId('source-chip').nth(3);
  await chip.getByTestId('edit-source').click();
  await chip.getByTestId('chip-label-input').fill('AJ <b>');
  await chip.getByTestId('chip-outlet-input').fill('Al Jazeera');
  await chip.getByTestId('chip-save').click();
  for (let i = 0; i < 3; i += 1) {
    await page.getByTestId('source-chip').filter({ hasText: 'AJ <b>' }).getByTestId('move-left').click();
  }
  const labels = await page.locator('.chip-label').allTextContents();
  assert.deepEqual(labels, ['AJ <b>', '000', '001', '002', '004'], 'relabelled and moved first');
  assert.equal(await page.locator('.map .head .doc').first().textContent(), 'AJ <b>', 'the story map follows');
  const csv = await download(page, 'export-csv');
  assert.equal(csv.text.split('\r\n')[0], 'row,passage,AJ <b>,000,001,002,004', 'the export follows');
  // Drag 004 onto the first place.
  const from = page.getByTestId('source-chip').nth(4);
  await from.dragTo(page.getByTestId('source-chip').nth(0));
  await page.waitForFunction(() => document.querySelector('.chip-label').textContent === '004');
});

await withPage('reload-restores-the-session', async (page) => {
  await loadSample(page);
  const chip = page.getByTestId('source-chip').nth(2);
  await chip.getByTestId('edit-source').click();
  await chip.getByTestId('chip-label-input').fill('DE');
  await chip.getByTestId('chip-save').click();
  await page.getByTestId('story-row').nth(5).click();
  await page.getByTestId('variant').first().waitFor();
  const openRow = await page.locator('[data-testid=story-row].open').getAttribute('data-row');
  await page.getByTestId('view-tab-similarity').click();
  await page.getByTestId('view-tab-story-map').click();
  await page.waitForTimeout(400); // the store writes asynchronously
  const t0 = Date.now();
  await page.reload();
  await expectStoryMap(page, 5);
  figures.restore5Ms = Date.now() - t0;
  assert.ok((await page.locator('.chip-label').allTextContents()).includes('DE'), 'labels restored');
  await page.locator(`[data-testid=story-row][data-row="${openRow}"].open`).waitFor();
  // The view too: from the address, and from the store when the address names none.
  await page.getByTestId('view-tab-sources').click();
  await page.waitForTimeout(400);
  await page.goto(url);
  await page.getByTestId('sources-view').waitFor({ timeout: 15000 });
  assert.equal(await page.getByTestId('source-chip').count(), 5);
  // Clear all asks first, then clears the store too.
  await page.getByTestId('clear-all').click();
  await page.getByTestId('confirm-clear').waitFor();
  assert.equal(await page.getByTestId('source-chip').count(), 5, 'nothing cleared before confirming');
  await page.getByTestId('confirm-clear-yes').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=source-chip]'));
  await page.waitForTimeout(400);
  await page.reload();
  await page.getByTestId('dropzone').waitFor();
  await page.waitForTimeout(1000);
  assert.equal(await page.getByTestId('source-chip').count(), 0, 'cleared for good');
});

await withPage('dont-keep-on-this-device', async (page) => {
  await loadSample(page);
  await page.getByTestId('keep-switch').check();
  await page.waitForTimeout(400);
  await page.reload();
  await page.getByTestId('dropzone').waitFor();
  await page.waitForTimeout(1000);
  assert.equal(await page.getByTestId('source-chip').count(), 0, 'nothing kept');
  await loadSample(page);
  assert.equal(await page.getByTestId('keep-switch').isChecked(), true, 'the switch stays off');
});

await withPage('storage-unavailable', async (page, context) => {
  await context.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { get() { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); } });
  });
  await page.reload();
  await page.getByTestId('storage-note').waitFor({ timeout: 8000 });
  assert.equal(await page.getByTestId('storage-note').count(), 1, 'said once');
  await loadSample(page);
  assert.match(await page.getByTestId('storage-note').textContent(), /kept only until you close the page/);
});

await withPage('exports', async (page) => {
  // An article that tries to run code: shown as text in the page and in every report.
  const evil = `${samples[4].text}\n\nHe wrote <script>window.__pwned = 1</script> and <img src=x onerror="window.__pwned = 2"> twice.\n`;
  await dropFiles(page, [...sampleFiles().slice(0, 4), { name: 'evil.txt', bytes: Buffer.from(evil) }]);
  await expectStoryMap(page, 5);
  await page.getByTestId('show-debris').check();
  await page.getByTestId('search').fill('twice');
  await page.getByTestId('story-row').first().waitFor();
  assert.match(await page.getByTestId('story-row').first().textContent(), /<script>window.__pwned = 1<\/script>/);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no user text ran');
  assert.equal(await page.locator('main img, main script').count(), 0);
  await page.getByTestId('search').fill('');

  const json = await download(page, 'export-json');
  assert.match(json.name, /\.json$/);
  const session = JSON.parse(json.text);
  assert.equal(session.parallax, 1);
  assert.equal(session.documents.length, 5);
  for (const key of ['id', 'name', 'label', 'text']) assert.ok(key in session.documents[0], `documents have ${key}`);
  assert.equal(session.order.length, 5);
  assert.equal(session.analysis.documents.length, 5);

  const csv = await download(page, 'export-csv');
  const header = csv.text.split('\r\n')[0].split(',');
  assert.deepEqual(header, ['row', 'passage', '000', '001', '002', '003', '004'], 'one column per source');
  assert.ok(csv.text.includes('\r\n\r\nquote,speaker,flags,source,quoted,attribution,row,text\r\n'), 'the quotes section');
  assert.ok(csv.text.includes('\r\n\r\ndiscrepancy,kind,confidence,variant,sources,rows,explanation\r\n'), 'the facts section');
  assert.ok(session.analysis.quotes.length > 5 && session.analysis.discrepancies.length === 2, 'quotes and facts in the JSON');

  const html = await download(page, 'export-html');
  assert.match(html.name, /\.html$/);
  assert.ok(html.text.startsWith('<!doctype html>'));
  for (const external of [/<script/i, /<link/i, /<img/i, /<iframe/i, /url\(/i, /@import/i]) {
    assert.doesNotMatch(html.text, external, `no external reference or script (${external})`);
  }
  assert.ok(html.text.includes('&lt;script&gt;window.__pwned = 1&lt;/script&gt;'), 'the injected script shows as text');
  assert.ok(html.text.includes('<details>') && html.text.includes('<del>'), 'word diffs in <details>');
  assert.ok(html.text.includes('<section id="quotes">') && html.text.includes('<section id="facts">'), 'quotes and facts in the report');
  assert.ok(html.text.includes('Anthony Blinken'), 'the name discrepancy in the report');
  // The report opens offline in a browser and runs nothing.
  const report = await page.context().newPage();
  await report.route('**/*', (r) => r.abort());
  await report.setContent(html.text);
  assert.equal(await report.evaluate(() => window.__pwned), undefined);
  const refs = await report.evaluate(() => [...document.querySelectorAll('[src], [href], link, script, iframe, object, embed')]
    .map((e) => e.getAttribute('src') || e.getAttribute('href') || e.tagName)
    .filter((r) => !r.startsWith('#')));
  assert.deepEqual(refs, [], 'no external reference: only links inside the report');
  assert.ok(await report.locator('table.heat td').count() >= 20, 'the similarity figure');
  await report.screenshot({ path: path.join(shots, 'report.png') });
  await report.close();

  const md = await download(page, 'export-md');
  assert.match(md.text, /^# Parallax summary: 5 sources/);
  for (const h of ['## Sources', '## Likely shared origin', '## Passages most sources share', '## What only each source reports', '## Quotes', '## Facts on which the sources differ']) {
    assert.ok(md.text.includes(h), h);
  }
  assert.ok(md.text.includes('\\<script\\>'), 'Markdown escapes user HTML');

  // The session file reopens the work in a fresh page.
  const fresh = await page.context().browser().newContext();
  const other = await fresh.newPage();
  await other.goto(url);
  await other.getByTestId('dropzone').waitFor();
  await dropFiles(other, [{ name: json.name, bytes: Buffer.from(json.text), type: 'application/json' }]);
  await other.getByTestId('story-map').waitFor({ timeout: 15000 });
  assert.equal(await other.getByTestId('source-chip').count(), 5, 'the session is reopened');
  await fresh.close();
});

await withPage('keyboard-only', async (page) => {
  // From the top of the page: Tab to the sample button, Enter.
  let found = false;
  for (let i = 0; i < 10 && !found; i += 1) {
    await page.keyboard.press('Tab');
    found = (await page.evaluate(() => document.activeElement.dataset.testid)) === 'sample-button';
  }
  assert.ok(found, 'the sample button is reachable by Tab');
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(ring, 'none', 'a visible focus ring');
  await page.keyboard.press('Enter');
  await expectStoryMap(page, 5);
  // Tab on to the story map's first row.
  found = false;
  for (let i = 0; i < 80 && !found; i += 1) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => document.activeElement.classList.contains('row-toggle'));
  }
  assert.ok(found, 'the rows are reachable by Tab');
  const firstRow = await page.evaluate(() => document.activeElement.closest('[data-testid=story-row]').dataset.row);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const third = await page.evaluate(() => document.activeElement.closest('[data-testid=story-row]').dataset.row);
  assert.notEqual(third, firstRow, '↓ moves between rows');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await page.getByTestId('variant').first().waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-expanded')), 'true', 'Enter opens');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('[data-testid=variant]'));
  // Every tab by ←/→ from the tab list.
  await page.getByTestId('view-tab-story-map').focus();
  for (const view of ['side-by-side', 'similarity', 'sources']) {
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(new RegExp(`#/${view}`));
  }
  // Every export button is reachable by Tab and works by keyboard.
  await page.getByTestId('export-menu').locator('summary').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'export-json');
});

for (const scheme of ['light', 'dark']) {
  await withPage(`axe-${scheme}`, async (page) => {
    await loadSample(page);
    await page.getByTestId('story-row').filter({ has: page.locator('.cell.near') }).first().click();
    await page.getByTestId('variant').first().waitFor();
    await axe(page, `the story map with a row open (${scheme})`);
    for (const view of ['side-by-side', 'similarity', 'sources']) {
      await page.getByTestId(`view-tab-${view}`).click();
      await page.locator(`#panel-${view}`).waitFor();
      await page.waitForTimeout(200);
      await axe(page, `${view} (${scheme})`);
    }
    // An open chip editor, the export menu and the clear confirmation.
    await page.getByTestId('edit-source').first().click();
    await page.getByTestId('export-menu').locator('summary').click();
    await page.getByTestId('clear-all').click();
    await axe(page, `editing, exporting, confirming (${scheme})`);
    if (scheme === 'dark') {
      await page.getByTestId('view-tab-story-map').click();
      await page.keyboard.press('Escape');
      await readmeShot(page, 'dark');
    }
  }, { colorScheme: scheme });
}

await withPage('narrow-380', async (page) => {
  await loadSample(page);
  for (const view of ['story-map', 'side-by-side', 'similarity', 'sources']) {
    await page.getByTestId(`view-tab-${view}`).click();
    await page.locator(`#panel-${view}`).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${view} fits 380 px (${overflow} px too wide)`);
  }
  await page.getByTestId('view-tab-story-map').click();
  await page.getByTestId('story-row').nth(5).click();
  await page.locator('.map-tools').evaluate((e) => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY + 250));
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(shots, 'readme-380.png'), fullPage: false });
}, { viewport: { width: 380, height: 800 } });

// No inline style anywhere: served with a Content-Security-Policy that forbids them, every
// view and interaction runs without a violation (each would be a console error).
const strict = await serve(dist, 0, BASE, { 'Content-Security-Policy': "style-src 'self'" });
await withPage('no-inline-styles-under-csp', async (page) => {
  await loadSample(page);
  await page.getByTestId('story-row').nth(3).click();
  await page.getByTestId('variant').first().waitFor();
  for (const view of ['side-by-side', 'quotes', 'facts', 'similarity', 'sources', 'story-map']) {
    await page.getByTestId(`view-tab-${view}`).click();
    await page.locator(`#panel-${view}`).waitFor();
  }
  await page.getByTestId('view-tab-side-by-side').click();
  await page.getByTestId('reader-sentence').nth(5).click();
  await page.getByTestId('edit-source').first().click();
}, { url: `http://127.0.0.1:${strict.address().port}${BASE}` });
// The same with 300 sources: the windowed story map sizes its spacers through the CSSOM.
await withPage('no-inline-styles-under-csp-large', async (page) => {
  const files = [];
  for (let i = 1; i <= 40; i += 1) for (const s of samples) files.push({ name: s.name.replace('.txt', `-${i}.txt`), bytes: Buffer.from(s.text) });
  await dropFiles(page, files);
  await page.getByTestId('story-row').first().waitFor({ timeout: 30000 });
  await page.getByTestId('show-debris').check();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=story-row]').length >= 12);
  // Scrolled down and right (again on every poll: on a busy machine the map may still be
  // growing when the first scroll lands), the spacers take up what is off screen.
  await page.waitForFunction(() => {
    window.scrollTo(0, document.documentElement.scrollHeight);
    const scroller = document.querySelector('.map-scroll');
    scroller.scrollLeft = 1500;
    return document.querySelector('.map-body > .spacer')?.getBoundingClientRect().height > 100;
  }, null, { timeout: 20000, polling: 250 });
  await page.waitForFunction(() => parseFloat(getComputedStyle(document.querySelector('.map')).getPropertyValue('--left')) > 500, null, { timeout: 20000 });
}, { url: `http://127.0.0.1:${strict.address().port}${BASE}` });

// The page carries its Content-Security-Policy (GitHub Pages sets no headers) and no inline
// script (trunk's start-up script is moved into a file at build time).
await withPage('content-security-policy', async (page) => {
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  for (const directive of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "connect-src 'self'", "object-src 'none'"]) {
    assert.ok(csp.includes(directive), `${directive} in ${csp}`);
  }
  assert.ok(!csp.includes('unsafe-inline') && !/https?:/.test(csp), 'no inline code, no remote origin');
  assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script');
  await loadSample(page);
});

// After one visit the page works with the network cut: a service worker keeps the bundle.
await withPage('works-offline', async (page, context) => {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  await page.reload();
  await page.getByTestId('dropzone').waitFor();
  await loadSample(page);
  await page.getByTestId('view-tab-similarity').click();
  await page.locator('#panel-similarity').waitFor();
  await context.setOffline(false);
});

await withPage('wide-2560', async (page) => {
  await loadSample(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `fits 2560 px (${overflow})`);
}, { viewport: { width: 2560, height: 1200 } });

// 200 generated articles dropped at once: the main thread never blocks for 50 ms or more
// (Long Tasks API) from the drop until every row of the first screen is shown; then every
// view, and a reload that restores the 200.
// The longest task is measured on a fresh page; another page is tried (up to three in all)
// only while one saw a long task (a shared 2-core machine can stall any task now and then),
// and every figure is reported: a real regression fails every try.
async function drop200LongTasks(page) {
  const articles = makeArticles(200, samples.map((s) => s.text));
  const files = articles.map((a) => ({ name: a.name, bytes: Buffer.from(a.text) }));
  const prepared = await makeDataTransfer(page, files); // the test's own work, before measuring
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
  });
  const t0 = Date.now();
  await dropFiles(page, files, prepared);
  await page.getByTestId('story-row').first().waitFor({ timeout: 60000 });
  const firstRows = Date.now() - t0;
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=story-row]').length >= 12);
  await page.waitForTimeout(1000);
  const long = await page.evaluate(() => window.__long);
  return { firstRows, long: long.map((d) => Math.round(d)) };
}

await withPage('drop-200-no-long-tasks', async (page) => {
  let run = await drop200LongTasks(page);
  figures.dropToFirstRows200Ms = run.firstRows;
  figures.longTasks200Ms = run.long;
  // Up to two more tries on fresh pages: a stall of the shared machine is not a regression,
  // a regression shows on every try.
  for (let attempt = 2; run.long.length && attempt <= 3; attempt += 1) {
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const again = await fresh.newPage();
    await again.goto(url);
    await again.getByTestId('dropzone').waitFor();
    run = await drop200LongTasks(again);
    figures[`longTasks200MsTry${attempt}`] = run.long;
    await fresh.close();
  }
  assert.ok(Math.max(0, ...run.long) < 50, `longest main-thread task ${Math.max(0, ...run.long)} ms`);
  // The sources bar stays compact.
  const bar = await page.locator('section.sources').boundingBox();
  assert.ok(bar.height < 200, `the sources bar is ${bar.height}px high`);
  assert.equal(await page.getByTestId('source-count').textContent(), '200 sources');
  // Switching tabs with 200 articles.
  const switches = {};
  for (const view of ['side-by-side', 'quotes', 'facts', 'similarity', 'sources', 'story-map']) {
    const s0 = Date.now();
    await page.getByTestId(`view-tab-${view}`).click();
    await page.locator(`#panel-${view} section`).first().waitFor();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
    switches[view] = Date.now() - s0;
  }
  figures.tabSwitch200Ms = switches;
  await page.getByTestId('view-tab-similarity').click();
  await page.getByTestId('similarity-canvas').waitFor();
  assert.ok(await page.getByTestId('similarity-table').locator('tbody tr').count() === 199, 'the figures as a table');
  await page.screenshot({ path: path.join(shots, 'similarity-200.png') });
  // The large-set forms of the views are accessible too: canvas and table, compact bar,
  // windowed grid.
  await axe(page, 'similarity with 200 sources');
  await page.getByTestId('view-tab-story-map').click();
  await page.getByTestId('story-row').first().waitFor();
  await axe(page, 'the story map with 200 sources');
  await page.getByTestId('view-tab-story-map').click();
  await page.waitForTimeout(1500); // the store writes in small steps
  const t1 = Date.now();
  await page.reload();
  await page.getByTestId('story-row').first().waitFor({ timeout: 60000 });
  figures.reloadToRows200Ms = Date.now() - t1;
  assert.equal(await page.getByTestId('source-count').textContent(), '200 sources');
}, { viewport: { width: 1280, height: 900 } });

// 2,000 articles: the progress moves, and Cancel stops the worker at once.
await withPage('cancel-a-long-analysis', async (page) => {
  const articles = makeArticles(2000, samples.map((s) => s.text), 11);
  await dropFiles(page, articles.map((a) => ({ name: a.name, bytes: Buffer.from(a.text) })));
  // Feedback at once, while the files are read.
  assert.match(await page.getByTestId('reading').textContent({ timeout: 5000 }), /Reading 2000 files/);
  await page.getByTestId('progress').waitFor({ timeout: 30000 });
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=progress]')?.dataset.done) > 0, null, { timeout: 20000 });
  const t0 = Date.now();
  await page.getByTestId('cancel').click();
  await page.getByTestId('reanalyse').waitFor({ timeout: 500 });
  figures.cancelMs = Date.now() - t0;
  assert.equal(await page.getByTestId('progress').count(), 0, 'no progress after Cancel');
  // A fresh worker takes new input at once: remove all but five and analyse those.
  await page.waitForTimeout(300);
  assert.equal(await page.getByTestId('story-map').count(), 0, 'no stale result is shown');
}, { viewport: { width: 1280, height: 900 } });

// New input while an analysis runs: the run is superseded, and only the newest result shows.
await withPage('new-input-supersedes-a-run', async (page) => {
  const articles = makeArticles(600, samples.map((s) => s.text), 5);
  await dropFiles(page, articles.map((a) => ({ name: a.name, bytes: Buffer.from(a.text) })));
  await page.getByTestId('progress').waitFor({ timeout: 30000 });
  // A file that adds nothing (not text): the run goes on to its end.
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  await dropFiles(page, [{ name: 'photo.png', bytes: png, type: 'image/png' }]);
  await page.getByTestId('error').first().waitFor();
  await page.locator('[data-testid=status][data-total-ms]').waitFor({ timeout: 60000 });
  assert.match(await page.getByTestId('status').textContent(), /Analysed 600 documents/);
  // Five more while the next run is in flight: the result is that of all 605.
  await page.getByTestId('remove-source').first().click().catch(() => {});
  await page.getByTestId('show-all-sources').click();
  await page.getByTestId('remove-source').first().click();
  await page.getByTestId('progress').waitFor({ timeout: 30000 });
  await dropFiles(page, sampleFiles());
  await page.locator('[data-testid=status][data-total-ms]').waitFor({ timeout: 60000 });
  assert.match(await page.getByTestId('status').textContent(), /Analysed 604 documents/);
  assert.equal(await page.getByTestId('source-count').textContent(), '604 sources');
}, { viewport: { width: 1280, height: 900 } });

// 1,000 articles: the progress moves at least once a second, and the first rows appear
// within 1.5 s of the analysis arriving.
await withPage('thousand-progress-and-first-rows', async (page) => {
  const articles = makeArticles(1000, samples.map((s) => s.text), 7);
  await page.evaluate(() => {
    window.__ticks = [];
    new MutationObserver(() => {
      const p = document.querySelector('[data-testid=progress]');
      if (p) window.__ticks.push([performance.now(), p.dataset.stage, p.dataset.done]);
    }).observe(document.body, { subtree: true, attributes: true, childList: true, attributeFilter: ['data-done'] });
  });
  const t0 = Date.now();
  await dropFiles(page, articles.map((a) => ({ name: a.name, bytes: Buffer.from(a.text) })));
  await page.getByTestId('story-row').first().waitFor({ timeout: 120000 });
  figures.dropToFirstRows1000Ms = Date.now() - t0;
  const ms = await page.evaluate(() => {
    const m = performance.getEntriesByName('parallax:analysis-arrived');
    return performance.now() - m[m.length - 1].startTime;
  });
  figures.firstRowsAfterArrival1000Ms = Math.round(ms);
  assert.ok(ms < 1500, `first rows ${ms.toFixed(0)} ms after the analysis arrived`);
  const ticks = await page.evaluate(() => window.__ticks.filter((t) => t[2] !== undefined));
  const moves = ticks.filter((t, i) => i === 0 || t[2] !== ticks[i - 1][2]).map((t) => t[0]);
  const gaps = moves.slice(1).map((t, i) => t - moves[i]);
  figures.progressUpdates1000 = moves.length;
  figures.longestProgressGap1000Ms = Math.round(Math.max(0, ...gaps));
  assert.ok(moves.length >= 3, `the progress moved ${moves.length} times`);
  assert.ok(Math.max(0, ...gaps) < 1000, `the progress moves at least once a second (longest gap ${Math.max(...gaps).toFixed(0)} ms)`);
  assert.ok(await page.getByTestId('story-row').count() < 200, 'only the rows in view are rendered');
  // Scrolling renders the next rows.
  await page.waitForTimeout(500);
  const firstRow = await page.getByTestId('story-row').first().getAttribute('data-row');
  await page.mouse.wheel(0, 8000);
  await page.waitForTimeout(500);
  const after = await page.getByTestId('story-row').first().getAttribute('data-row');
  assert.notEqual(after, firstRow, 'scrolling brings other rows');
}, { viewport: { width: 1280, height: 900 } });

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
  assert.equal(await page.getByTestId('source-count').textContent(), `${files.length} sources`);
  // With 300 columns the passage column keeps a readable width (the table scrolls sideways).
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=story-row]').length >= 8);
  await page.waitForTimeout(200);
  const width = await page.locator('.row .passage').first().evaluate((e) => e.getBoundingClientRect().width);
  assert.ok(width >= 200, `passage column is ${width}px wide`);
  assert.ok(await page.locator('.map .head .doc').count() < 150, 'only the columns in view are rendered');
  // Open near rows until one differs by words (some differ only by quotes or case). The
  // click is dispatched in the page: rows in a windowed map are reused as it scrolls, and a
  // pointer click that scrolls first could land on another row.
  let marked = 0;
  for (let attempt = 0; attempt < 6 && !marked; attempt += 1) {
    const n = await page.evaluate((k) => {
      const rows = [...document.querySelectorAll('[data-testid=story-row]')].filter((r) => r.querySelector('.cell.near'));
      const row = rows[k];
      if (!row) return null;
      row.querySelector('.row-toggle').click();
      return row.dataset.row;
    }, attempt);
    if (!n) break;
    await page.locator(`[data-testid=story-row][data-row="${n}"].open`).waitFor();
    await page.locator('.variants[data-diffs=worker]').waitFor({ timeout: 10000 });
    assert.ok(await page.getByTestId('variant').count() <= 10, 'identical wordings grouped');
    marked = await page.locator('[data-testid=variant] ins, [data-testid=variant] del').count();
  }
  assert.ok(marked > 0, 'the worker sent the row\'s word differences');
  // ... and the shared words behind each match.
  assert.ok(await page.locator('[data-testid=why] .shared-word').count() > 0, 'the worker sent the row\'s shared words');
});

await withPage('file-picker', async (page) => {
  await page.getByTestId('file-input').setInputFiles(samples.map((s) => s.path));
  await expectStoryMap(page, 5);
});

// A saved web page: its article is analysed, its furniture is kept aside on the chip (and
// shown on request), its scripts and event handlers never run (a dialog or a console error
// would fail the test), and its headline, date and outlet reach the chip.
await withPage('saved-web-page', async (page) => {
  const html = fs.readFileSync(path.join(root, 'tests/fixtures/pages/courier-blinken.html'));
  await dropFiles(page, [
    { name: 'courier-blinken.html', bytes: html, type: 'text/html' },
    { name: samples[0].name, bytes: Buffer.from(samples[0].text) },
  ]);
  await expectStoryMap(page, 2);
  const chip = page.getByTestId('source-chip').first();
  assert.match(await chip.textContent(), /Blinken urges Beijing/);
  assert.match(await chip.textContent(), /The Evening Courier/);
  assert.match(await chip.textContent(), /2023-06-14/);
  const leftOut = chip.getByTestId('left-out');
  assert.match(await leftOut.locator('summary').textContent(), /^\d+ words left out$/);
  await leftOut.locator('summary').click();
  assert.match(await leftOut.locator('pre').textContent(), /Great article, thanks/);
  const map = await page.getByTestId('story-map').textContent();
  assert.ok(!map.includes('Share on Facebook') && !map.includes('Great article'), 'furniture is not in the story map');
  assert.ok(map.includes('keep the lines of communication open'), 'the article is');
  assert.equal(await page.evaluate(() => document.querySelectorAll('svg[onload], img[onerror]').length), 0, 'no markup of the page is in ours');
});

// Word, Markdown, a web archive and a JSON Lines batch (with one bad line): each is read by
// its content; the batch gives one source per good line and a message for the bad one.
await withPage('file-formats', async (page) => {
  const dir = path.join(root, 'tests/fixtures/formats');
  const file = (name, type) => ({ name, bytes: fs.readFileSync(path.join(dir, name)), type });
  await dropFiles(page, [
    file('qin-blinken.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    file('qin-blinken.md', 'text/markdown'),
    file('archive.mhtml', 'multipart/related'),
    file('batch.jsonl', 'application/jsonl'),
  ]);
  await expectStoryMap(page, 5);
  const chips = await page.getByTestId('source-chip').allTextContents();
  for (const name of ['qin-blinken.docx', 'qin-blinken.md', 'archive.mhtml', 'wire-a', 'wire-b']) {
    assert.ok(chips.some((c) => c.includes(name)), `${name} in ${chips.join(' | ')}`);
  }
  assert.match((await page.getByTestId('error').allTextContents()).join(' '), /batch\.jsonl, line 3, is not an article of a batch/);
  const map = await page.getByTestId('story-map').textContent();
  for (const absent of ['**', '](', 'A sentence the editor deleted', 'A footnote that is not', 'A reviewer comment']) {
    assert.ok(!map.includes(absent), `${absent} is not in the story map`);
  }
});

// Hostile and odd files: each is refused with a message naming it, the good ones are kept.
await withPage('bad-file', async (page) => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, 0, 0]);
  const exe = Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]);
  await dropFiles(page, [
    { name: 'photo.png', bytes: png, type: 'image/png' },
    { name: 'archive.zip', bytes: zip, type: 'application/zip' },
    { name: 'setup.txt', bytes: exe },
    { name: 'empty.txt', bytes: Buffer.alloc(0) },
    { name: 'blank.txt', bytes: Buffer.from('  \n\t \r\n ') },
    { name: samples[0].name, bytes: Buffer.from(samples[0].text) },
    { name: samples[1].name, bytes: Buffer.from(samples[1].text) },
  ]);
  await page.getByTestId('story-map').waitFor();
  const messages = (await page.getByTestId('error').allTextContents()).join('\n');
  // Expected, one message each:
  assert.match(messages, /photo\.png is not text: it is a PNG image/);
  assert.match(messages, /archive\.zip is not text: it is a ZIP archive/);
  assert.match(messages, /setup\.txt is not text: it is a Windows program/);
  assert.match(messages, /empty\.txt is empty/);
  assert.match(messages, /blank\.txt is empty/);
  assert.equal(await page.getByTestId('source-chip').count(), 2, 'the good files are kept');
});

// A 50 MB file is refused by its size (it is not even read), the others are analysed.
await withPage('fifty-megabytes', async (page) => {
  await dropFiles(page, [
    { name: 'huge.txt', size: 50_000_000, fill: 97 },
    ...sampleFiles().slice(0, 2),
  ]);
  await page.getByTestId('story-map').waitFor();
  assert.match((await page.getByTestId('error').allTextContents()).join(' '), /huge\.txt is too large: 50\.0 MB, and the limit is 20 MB per file\./);
  assert.equal(await page.getByTestId('source-chip').count(), 2);
});

// The same file twice is refused as already loaded; the same text under another name is
// kept and flagged on both chips; a damaged file is read with a warning on its chip.
await withPage('duplicates-and-warnings', async (page) => {
  await dropFiles(page, sampleFiles().slice(0, 2));
  await expectStoryMap(page, 2);
  const broken = Buffer.concat([Buffer.from('Zürich and Genève voted on Sunday. '), Buffer.from([0xc3]), Buffer.from(' The count ended late.')]);
  await dropFiles(page, [
    { name: samples[0].name, bytes: Buffer.from(samples[0].text) },
    { name: 'copy-of-000.txt', bytes: Buffer.from(samples[0].text) },
    { name: 'broken.txt', bytes: broken },
  ]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=source-chip]').length === 4);
  assert.match((await page.getByTestId('error').allTextContents()).join(' '), new RegExp(`${samples[0].name.replace('.', '\\.')} is already loaded`));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=chip-warning]').length >= 3);
  const warnings = await page.getByTestId('chip-warning').allTextContents();
  assert.ok(warnings.some((w) => w.includes('Identical to copy-of-000.txt')), warnings.join(' | '));
  assert.ok(warnings.some((w) => w.includes(`Identical to ${samples[0].name}`)), warnings.join(' | '));
  assert.ok(warnings.some((w) => /broken\.txt is not valid UTF-8 in 1 place/.test(w)), warnings.join(' | '));
});

// 500 files at once: all read and analysed.
await withPage('five-hundred-files', async (page) => {
  const articles = makeArticles(500, samples.map((s) => s.text));
  await dropFiles(page, articles.map((a) => ({ name: a.name, bytes: Buffer.from(a.text) })));
  await page.getByTestId('story-row').first().waitFor({ timeout: 60000 });
  await page.waitForFunction(() => document.querySelector('[data-testid=source-count]')?.textContent === '500 sources', null, { timeout: 60000 });
});

// Markup in a text file is shown as text and runs nothing (a dialog would fail the test).
await withPage('text-with-payloads', async (page) => {
  const payload = 'The mayor said the council would vote on Monday. <script>alert(1)</script> <img src=x onerror=alert(2)> <a href="javascript:alert(3)">link</a> <svg onload=alert(4)></svg> The vote is expected to pass.';
  await dropFiles(page, [{ name: 'payload.txt', bytes: Buffer.from(payload) }, ...sampleFiles().slice(0, 1)]);
  await expectStoryMap(page, 2);
  const map = await page.getByTestId('story-map').textContent();
  assert.ok(map.includes('<script>alert(1)</script>'), 'the markup is shown as text');
  assert.equal(await page.evaluate(() => document.querySelectorAll('main script, main img[onerror], main svg[onload], main a[href^="javascript"]').length), 0);
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

// The worker dies during an analysis (here: it is handed a message it cannot read, as a
// crash or a trap would end it): the page says so, restarts the worker, keeps the last good
// result on screen marked as earlier, and "Analyse again" then works.
await withPage('worker-crash-keeps-the-last-result', async (page, context) => {
  await context.addInitScript(() => {
    const Native = window.Worker;
    window.__workers = 0;
    window.Worker = class extends Native {
      constructor(...args) { super(...args); window.__workers += 1; }
      postMessage(message, transfer) {
        if (window.__crashNext) {
          window.__crashNext = false;
          return super.postMessage(1e12); // the worker's handler throws on it
        }
        return super.postMessage(message, transfer);
      }
    };
  });
  await page.reload();
  await loadSample(page);
  const workers = await page.evaluate(() => window.__workers);
  await page.evaluate(() => { window.__crashNext = true; });
  await page.getByTestId('paste-box').fill('A sixth report that arrives later. It says little that is new, but it says it at length.');
  await page.getByTestId('paste-add').click();
  await page.getByTestId('earlier-result').waitFor();
  assert.match(await page.getByTestId('earlier-result').textContent(), /earlier result \(5 documents\)/);
  assert.match((await page.getByTestId('error').allTextContents()).join(' '), /The analysis stopped on an internal error/);
  assert.ok(await page.getByTestId('story-row').count() > 10, 'the last good result stays on screen');
  assert.equal(await page.evaluate(() => window.__workers), workers + 1, 'a fresh worker was started');
  await page.getByTestId('reanalyse').click();
  await expectStoryMap(page, 6);
  await page.getByTestId('earlier-result').waitFor({ state: 'detached' });
});

await browser.close();
server.close();
strict.close();
console.log(`figures: ${JSON.stringify(figures)}`);
console.log(`screenshots: ${path.relative(process.cwd(), shots)}/`);
if (failures) {
  console.log(`${failures} browser test(s) failed`);
  process.exit(1);
}
console.log('browser tests passed');
