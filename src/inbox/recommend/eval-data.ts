/**
 * Reading the two offline evaluation corpora: Hugging Face daily-papers JSON (a folder of
 * `<date>.json`, or a `.tar.gz` of one) and daily arXiv listings (`<date>.jsonl.gz`).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface EvalPaper {
  id: string;
  title: string;
  abstract: string;
  /** Day the paper was featured (HF) or listed (arXiv), `YYYY-MM-DD`. */
  day: string;
  upvotes: number;
  authors: string[];
  /** HF: who submitted it to the daily feed. */
  submitter: string | null;
}

/** Files of a tar archive (ustar), by name: enough of the format for a data archive. */
export function* untar(buf: Buffer): Generator<{ name: string; data: Buffer }> {
  for (let at = 0; at + 512 <= buf.length; ) {
    const header = buf.subarray(at, at + 512);
    if (header.every((b) => b === 0)) return;
    const field = (a: number, b: number) => header.subarray(a, b).toString('utf8').replace(/\0.*$/s, '');
    const size = Number.parseInt(field(124, 136).trim() || '0', 8);
    const prefix = field(345, 500);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const type = String.fromCharCode(header[156] ?? 48);
    if (type === '0' || type === '\0') yield { name, data: buf.subarray(at + 512, at + 512 + size) };
    at += 512 + Math.ceil(size / 512) * 512;
  }
}

interface HfItem {
  publishedAt?: string;
  submittedBy?: { name?: string; user?: string };
  paper: {
    id: string;
    title: string;
    summary: string;
    upvotes?: number;
    authors?: { name: string }[];
    submittedOnDailyBy?: { user?: string; name?: string };
  };
}

/** Every featured paper (first featuring wins), from a folder of day files or a .tar.gz of them. */
export function loadHfDaily(source: string): EvalPaper[] {
  const files: { name: string; text: string }[] = [];
  if (fs.statSync(source).isDirectory()) {
    for (const f of fs.readdirSync(source).filter((n) => n.endsWith('.json')))
      files.push({ name: f, text: fs.readFileSync(path.join(source, f), 'utf8') });
  } else {
    for (const f of untar(zlib.gunzipSync(fs.readFileSync(source))))
      if (f.name.endsWith('.json'))
        files.push({ name: path.basename(f.name), text: f.data.toString('utf8') });
  }
  files.sort((a, b) => (a.name < b.name ? -1 : 1));
  const byId = new Map<string, EvalPaper>();
  for (const f of files) {
    const items = JSON.parse(f.text) as HfItem[];
    if (!Array.isArray(items)) continue;
    const day = f.name.slice(0, 10);
    for (const it of items) {
      if (!it?.paper?.id || byId.has(it.paper.id)) continue;
      const by =
        it.submittedBy?.name ?? it.paper.submittedOnDailyBy?.user ?? it.paper.submittedOnDailyBy?.name;
      byId.set(it.paper.id, {
        id: it.paper.id,
        title: it.paper.title.replace(/\s+/g, ' '),
        abstract: it.paper.summary ?? '',
        day,
        upvotes: it.paper.upvotes ?? 0,
        authors: (it.paper.authors ?? []).map((a) => a.name),
        submitter: by ?? null,
      });
    }
  }
  return [...byId.values()];
}

/** Every listed paper (first listing wins) of a folder of `<date>.jsonl.gz` daily listings. */
export function loadArxivDaily(dir: string): EvalPaper[] {
  const byId = new Map<string, EvalPaper>();
  for (const f of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.jsonl.gz'))
    .sort()) {
    const day = f.slice(0, 10);
    for (const line of zlib
      .gunzipSync(fs.readFileSync(path.join(dir, f)))
      .toString('utf8')
      .split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as { id: string; title: string; summary: string; authors: string[] };
      if (byId.has(r.id)) continue;
      byId.set(r.id, {
        id: r.id,
        title: r.title.replace(/\s+/g, ' '),
        abstract: r.summary ?? '',
        day,
        upvotes: 0,
        authors: r.authors ?? [],
        submitter: null,
      });
    }
  }
  return [...byId.values()];
}
