/**
 * Parses a feed with the real Universal Feed Parser (Debian's python3-feedparser), the
 * parser many feed readers build on, and reports what it understood.
 */
import { spawnSync } from 'node:child_process';
import { FEEDPARSER_PYTHON } from './env.ts';

export interface Parsed {
  bozo: boolean;
  bozoException: string | null;
  version: string;
  title: string;
  links: { rel: string; type: string; href: string }[];
  entries: { id: string; title: string; link: string; authors: string[]; tags: string[]; summary: string }[];
}

const SCRIPT = `
import sys, json, html, feedparser

def text(d, key):
  # What a reader displays: HTML-typed fields are decoded, plain ones taken as they are.
  v = d.get(key, '')
  det = d.get(key + '_detail')
  return html.unescape(v) if det and det.get('type') == 'text/html' else v

d = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({
  "bozo": bool(d.bozo),
  "bozoException": str(d.get("bozo_exception")) if d.bozo else None,
  "version": d.version,
  "title": d.feed.get("title", ""),
  "links": [{"rel": l.get("rel", ""), "type": l.get("type", ""), "href": l.get("href", "")} for l in d.feed.get("links", [])],
  "entries": [{
    "id": e.get("id", ""), "title": text(e, "title"), "link": e.get("link", ""),
    "authors": [a.get("name", "") for a in e.get("authors", [])],
    "tags": [t.get("term", "") for t in e.get("tags", [])],
    "summary": e.get("summary", ""),
  } for e in d.entries],
}))
`;

export function feedparse(body: string): Parsed {
  const r = spawnSync(FEEDPARSER_PYTHON, ['-c', SCRIPT], { input: body, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`feedparser failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Parsed;
}
