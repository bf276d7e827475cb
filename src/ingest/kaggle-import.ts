/**
 * Streams a Kaggle `arxiv-metadata-oai-snapshot` file (plain or gzip, local path or URL)
 * into the database with bounded memory: lines are read chunk by chunk, parsed, and
 * written in batches, each batch one transaction.
 *
 * Resumable: every batch commits together with a checkpoint (the number of lines fully
 * processed) in `ingest_state`. An import killed halfway — even with SIGKILL — leaves whole
 * batches only; running the same command again skips the committed lines and finishes,
 * ending with exactly the rows of an uninterrupted import. The checkpoint is removed when
 * the import completes, so a later run reads the whole file again (changing nothing).
 *
 * Bulk mode (`bulk: true`, for large imports) suspends the SQLite keyword index during
 * the import and rebuilds it once at the end: a killed bulk import leaves it suspended
 * until the re-run (or any later Kaggle import) finishes and rebuilds it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline, type Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';
import { deferSearchIndex, rebuildSearchIndex, upsertPapersBulk } from '../papers/bulk.repo.ts';
import { emptyCounts, type PaperRecord, type UpsertCounts } from '../papers/types.ts';
import { IngestError } from '../shared/errors.ts';
import { httpStream } from './http.ts';
import type { IngestDeps, IngestProgress } from './ingest.ts';
import { parseKaggleLine } from './kaggle-snapshot.ts';
import { deleteIngestState, getIngestState } from './state.repo.ts';

export interface KaggleImportResult {
  counts: UpsertCounts;
  /** Lines read in this run (including skipped ones when resuming). */
  lines: number;
  /** Lines skipped because an earlier, interrupted run had committed them. */
  resumedFrom: number;
  /** The first problems (bad lines), each naming the file and line. */
  problems: string[];
}

const MAX_PROBLEMS = 50;

export async function importKaggle(
  deps: IngestDeps & { userAgent?: string },
  target: string,
  opts: { batchSize?: number; bulk?: boolean; onProgress?: IngestProgress } = {},
): Promise<KaggleImportResult> {
  const batchSize = opts.batchSize ?? 2000;
  const { stream, size, key, label } = await open(target, deps.userAgent);
  const saved = await getIngestState(deps.db, key);
  const resumedFrom = saved ? Number(JSON.parse(saved).line) || 0 : 0;
  const result: KaggleImportResult = { counts: emptyCounts(), lines: 0, resumedFrom, problems: [] };

  if (opts.bulk) await deferSearchIndex(deps.db, deps.clock.now());
  let batch: PaperRecord[] = [];
  let bytes = 0;
  // Progress counts bytes of the file as stored (compressed when .gz), against its size.
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  const flush = async () => {
    const checkpoint = { key, value: JSON.stringify({ line: result.lines }) };
    const c = await upsertPapersBulk(deps.db, batch, { source: 'kaggle', now: deps.clock.now() }, checkpoint);
    result.counts.new += c.new;
    result.counts.updated += c.updated;
    result.counts.unchanged += c.unchanged;
    batch = [];
    opts.onProgress?.(bytes, size ?? bytes);
  };
  const handle = (line: string) => {
    result.lines++;
    if (result.lines <= resumedFrom || line.trim() === '') return;
    const parsed = parseKaggleLine(line);
    if (parsed.ok) {
      batch.push(parsed.record);
    } else {
      result.counts.rejected++;
      if (result.problems.length < MAX_PROBLEMS)
        result.problems.push(`${label} line ${result.lines}: ${parsed.reason}`);
    }
  };

  // Lines are cut in bytes (a newline byte never occurs inside a UTF-8 sequence) and decoded
  // one by one: a line of ASCII stays a one-byte string even when a neighbour is not, which
  // keeps JSON parsing and the database's UTF-8 conversion on their fast paths.
  let rest: Buffer = Buffer.alloc(0);
  try {
    // pipeline() destroys every stage on error, so a corrupt .gz surfaces in the loop below.
    const decoded = isGzip(target)
      ? pipeline(stream, counter, zlib.createGunzip(), () => {})
      : pipeline(stream, counter, () => {});
    for await (const chunk of decoded as AsyncIterable<Buffer>) {
      const buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      for (let end = buf.indexOf(10); end >= 0; end = buf.indexOf(10, start)) {
        handle(buf.toString('utf8', start, end));
        start = end + 1;
        if (batch.length >= batchSize) await flush();
      }
      rest = Buffer.from(buf.subarray(start));
    }
    if (rest.length) handle(rest.toString('utf8'));
  } catch (e) {
    if (e instanceof IngestError) throw e;
    throw new IngestError(
      `read failed (${(e as Error).message}); ${result.lines} lines read, batches before line ${result.lines - batch.length + 1} are saved: run the same command again to resume`,
      label,
      `line ${result.lines + 1}`,
    );
  }
  if (batch.length > 0) await flush();
  await rebuildSearchIndex(deps.db);
  await deleteIngestState(deps.db, key);
  return result;
}

function isGzip(target: string): boolean {
  if (/\.gz$/i.test(target.split('?')[0]!)) return true;
  if (/^https?:\/\//i.test(target)) return false;
  try {
    if (!fs.statSync(target).isFile()) return false; // a pipe cannot be peeked without losing bytes
    const fd = fs.openSync(target, 'r');
    const head = Buffer.alloc(2);
    fs.readSync(fd, head, 0, 2, 0);
    fs.closeSync(fd);
    return head[0] === 0x1f && head[1] === 0x8b;
  } catch {
    return false;
  }
}

async function open(target: string, userAgent = 'Paperboy') {
  if (/^https?:\/\//i.test(target)) {
    const { stream, size } = await httpStream(target, userAgent);
    return { stream, size, key: `kaggle:${target}`, label: target };
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new IngestError('no such file', target);
  }
  const abs = path.resolve(target);
  const stream: Readable = fs.createReadStream(abs, { highWaterMark: 1 << 20 });
  return {
    stream,
    size: stat.isFile() ? stat.size : undefined,
    key: `kaggle:${abs}:${stat.isFile() ? stat.size : 'stream'}`,
    label: target,
  };
}
