/**
 * Ingest use cases: read a source (file, directory or network), parse it, upsert
 * idempotently, and report counts. Every source reads local files through the same
 * code path as network responses.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/connect.ts';
import { importBatch } from '../papers/papers.repo.ts';
import { emptyCounts, type UpsertCounts } from '../papers/types.ts';
import type { Clock } from '../shared/clock.ts';
import { IngestError } from '../shared/errors.ts';
import { parseHfDaily } from './hf-daily.ts';

export interface IngestDeps {
  db: Db;
  clock: Clock;
}

export type IngestProgress = (done: number, total: number, label?: string) => void;

export interface HfImportResult {
  papers: UpsertCounts;
  entries: UpsertCounts;
  files: number;
  /** Problems that did not stop the import: bad items, unreadable files. */
  problems: string[];
}

const DATE_FILE = /(\d{4}-\d{2}-\d{2})\.json$/;

/**
 * Imports HF daily-papers responses from one file or every `*.json` in a directory.
 * Each file is one transaction: a crash leaves whole days imported or not at all, and a
 * re-run completes the rest without doubling anything.
 */
export async function importHfDaily(
  deps: IngestDeps,
  target: string,
  opts: { isDemo?: boolean; onProgress?: IngestProgress } = {},
): Promise<HfImportResult> {
  const files = listJsonFiles(target);
  const result: HfImportResult = { papers: emptyCounts(), entries: emptyCounts(), files: 0, problems: [] };
  for (const [i, file] of files.entries()) {
    const feedDate = DATE_FILE.exec(file)?.[1];
    const parsed = parseHfDaily(fs.readFileSync(file, 'utf8'), file, feedDate);
    for (const r of parsed.rejected) result.problems.push(`${file} item ${r.index}: ${r.reason}`);
    result.papers.rejected += parsed.rejected.length;
    const upsert = { source: 'hf-daily', now: deps.clock.now(), isDemo: opts.isDemo };
    const counts = await importBatch(deps.db, parsed.papers, parsed.entries, upsert);
    add(result.papers, counts.papers);
    add(result.entries, counts.entries);
    result.files++;
    opts.onProgress?.(i + 1, files.length, path.basename(file));
  }
  return result;
}

function listJsonFiles(target: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new IngestError('no such file or directory', target);
  }
  if (!stat.isDirectory()) return [target];
  return fs
    .readdirSync(target)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(target, f));
}

function add(into: UpsertCounts, c: UpsertCounts) {
  into.new += c.new;
  into.updated += c.updated;
  into.unchanged += c.unchanged;
  into.rejected += c.rejected;
}
