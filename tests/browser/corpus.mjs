// Deterministic article sets for the browser tests: N articles about N/5 stories with
// realistic reuse (kept, lightly edited, reordered and unique sentences), built from the
// words of the sample story so that no data outside the repository is needed.
//   import { makeArticles } from './corpus.mjs';  makeArticles(200, sampleTexts)

function rng(seed) {
  let x = BigInt(seed) || 1n;
  return () => {
    x ^= x >> 12n; x ^= (x << 25n) & 0xffffffffffffffffn; x ^= x >> 27n;
    return Number(((x * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn) >> 11n) / 2 ** 53;
  };
}

export function makeArticles(n, sampleTexts, seed = 47) {
  const random = rng(seed);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const words = [...new Set(sampleTexts.join(' ').split(/[^\p{L}\p{N}’'-]+/u).filter((w) => w.length > 2))];
  const sentence = () => {
    const len = 12 + Math.floor(random() * 18);
    const ws = Array.from({ length: len }, () => pick(words));
    ws[0] = ws[0][0].toUpperCase() + ws[0].slice(1);
    return `${ws.join(' ')}.`;
  };
  const stories = Math.max(1, Math.floor(n / 5));
  const pools = Array.from({ length: stories }, () => Array.from({ length: 30 }, sentence));
  const edit = (s) => {
    const ws = s.split(' ');
    for (let k = Math.floor(random() * 3); k >= 0; k -= 1) {
      const i = Math.floor(random() * ws.length);
      const op = random();
      if (op < 0.4 && ws.length > 6) ws.splice(i, 1);
      else if (op < 0.8) ws[i] = pick(words);
      else ws.splice(i, 0, pick(['also', 'reportedly', 'then', 'however', 'still']));
    }
    return ws.join(' ');
  };
  const out = [];
  for (let a = 0; a < n; a += 1) {
    const story = pools[a % stories];
    const chosen = story.filter(() => random() < 0.7);
    for (let k = 0; k < 3 && chosen.length > 3; k += 1) {
      const i = Math.floor(random() * (chosen.length - 1));
      [chosen[i], chosen[i + 1]] = [chosen[i + 1], chosen[i]];
    }
    const body = chosen.map((s) => (random() < 0.5 ? edit(s) : s));
    for (let k = 2 + Math.floor(random() * 4); k > 0; k -= 1) body.splice(Math.floor(random() * (body.length + 1)), 0, sentence());
    const paras = [];
    for (let i = 0; i < body.length; i += 3) paras.push(body.slice(i, i + 3).join(' '));
    const title = `Story ${a % stories}: report ${Math.floor(a / stories)}`;
    out.push({ name: `article${String(a).padStart(4, '0')}.txt`, text: `${title}\n\n${paras.join('\n\n')}\n` });
  }
  return out;
}
