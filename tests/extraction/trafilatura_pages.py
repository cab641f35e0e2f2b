"""Times trafilatura on the article-extraction pages, for `parallax eval --only extraction`.

Reads the page paths (gzipped HTML) from stdin, one a line; extracts each page's text with
trafilatura's defaults; prints one JSON object per page {"path", "text"} and finally
{"ms_per_page": …}. The pages are decompressed before the clock starts, as Parallax's are.
"""
import gzip
import json
import sys
import time

import trafilatura

paths = [line.strip() for line in sys.stdin if line.strip()]
pages = [gzip.open(p, "rt", encoding="utf-8", errors="replace").read() for p in paths]
texts = []
start = time.perf_counter()
for html in pages:
    texts.append(trafilatura.extract(html) or "")
elapsed = time.perf_counter() - start
for p, t in zip(paths, texts):
    print(json.dumps({"path": p, "text": t}))
print(json.dumps({"ms_per_page": elapsed * 1000 / max(1, len(pages))}))
