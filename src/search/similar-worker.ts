/**
 * Worker thread entry (started by `similar-build.ts`): builds the similar-papers index
 * over a connection of its own to the database, so the building (about a minute of CPU
 * per 100,000 papers, and a heap of every feature's count) never runs on the web
 * process's main thread or in its heap. The build is `buildSimilarIndex` itself, as in
 * the main thread; the finished index goes back with its typed arrays transferred, not
 * copied.
 *
 * Messages to the parent: `{ type: 'started' }` once this module and its imports have
 * loaded (before it, a failure means no worker can run here: the parent builds in its
 * own thread instead), then `{ type: 'built', index }` or `{ type: 'failed', message }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Db, DbSource } from '../db/connect.ts';
import { openIndexSource, paperTextBatches } from './similar.repo.ts';
import { buildSimilarIndex, type SimilarIndex } from './similar-index.ts';

export interface WorkerInput {
  similarIndexOf: DbSource;
}

export type WorkerMessage =
  | { type: 'started' }
  | { type: 'built'; index: SimilarIndex }
  | { type: 'failed'; message: string };

/** The index's typed arrays' buffers, each once: what `postMessage` hands over. */
function indexBuffers(index: SimilarIndex): ArrayBuffer[] {
  const arrays = [index.ids, index.hashes, index.offsets, index.df, index.docs, index.weights, index.scores];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

// Only as a worker started for this (importing the module elsewhere runs nothing).
const input = workerData as WorkerInput | undefined;
const port = parentPort;
if (port && input?.similarIndexOf) {
  const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  post({ type: 'started' });
  let db: Db | undefined;
  try {
    db = openIndexSource(input.similarIndexOf);
    const reader = db;
    // No pause between batches: this thread serves nothing else.
    const index = await buildSimilarIndex(() => paperTextBatches(reader));
    post({ type: 'built', index }, indexBuffers(index));
  } catch (e) {
    post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  } finally {
    await db?.close().catch(() => {});
  }
}
