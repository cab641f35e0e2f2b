// Serves a built bundle under a sub-path, as GitHub Pages serves a project site.
//   node serve.mjs DIST_DIR [PORT] [SUBPATH]     (defaults: 8080, /parallax/)
// No dependencies; used by the browser tests and by `./dev serve`.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

// Debian's Chromium, headless, with the flags this machine's closed network needs (without
// the background-networking ones it floods the network with refused connections).
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export function serve(dist, port = 8080, base = '/parallax/', headers = {}) {
  const root = path.resolve(dist);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === base.slice(0, -1)) {
      res.writeHead(301, { Location: base });
      return res.end();
    }
    if (!url.pathname.startsWith(base)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end(`Not found: the app is served under ${base}`);
    }
    let rel = decodeURIComponent(url.pathname.slice(base.length)) || 'index.html';
    let file = path.join(root, rel);
    if (!file.startsWith(root)) {
      res.writeHead(403);
      return res.end();
    }
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      // GitHub Pages serves 404.html for unknown paths; the deploy copies index.html there.
      const fallback = path.join(root, '404.html');
      if (!fs.existsSync(fallback)) {
        res.writeHead(404);
        return res.end('Not found');
      }
      file = fallback;
      res.statusCode = 404;
    }
    res.setHeader('Content-Type', TYPES[path.extname(file)] || 'application/octet-stream');
    res.setHeader('Cache-Control', 'no-store');
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dist = 'dist', port = '8080', base = '/parallax/'] = process.argv.slice(2);
  const server = await serve(dist, Number(port), base);
  const { port: actual } = server.address();
  console.log(`Parallax is served at http://127.0.0.1:${actual}${base}  (Ctrl-C stops it)`);
}
