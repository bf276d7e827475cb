/**
 * Where the similar-papers index (`similar-index.ts`) is built. A large instance's build
 * runs in a worker thread (`similar-worker.ts`) over a connection of its own: a million
 * papers take minutes of CPU and a heap of a gigabyte, which in the web process's main
 * thread would hold up every request (its synchronous steps and the garbage collection of
 * that heap). The finished index comes back with its arrays transferred, not copied. A
 * database that cannot be opened twice (SQLite in memory), or a process where no worker
 * starts (no compiled entry, no tsx), builds in its own thread as before, pausing between
 * batches. Both run the same `buildSimilarIndex`.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db, DbSource } from '../db/connect.ts';
import { paperTextBatches } from './similar.repo.ts';
import { buildSimilarIndex, type SimilarIndex } from './similar-index.ts';
import type { WorkerInput, WorkerMessage } from './similar-worker.ts';

/**
 * The worker's entry: the TypeScript source when this module runs from it (tsx, vitest),
 * else the compiled dist/bin/similar-worker.js (an entry of scripts/build.js; the path
 * means the same from src/search/ and from dist/chunks/, both two folders below the root).
 */
export const WORKER_ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./similar-worker.ts', import.meta.url)
  : new URL('../../dist/bin/similar-worker.js', import.meta.url);

export type BuiltIn = 'worker' | 'main thread';

/**
 * Builds `db`'s index: in a worker when `inWorker` and `db` can be opened again and a
 * worker starts here, else in this thread. Rejects when the build failed (the database
 * went away): the caller keeps its old index.
 */
export async function buildIndex(
  db: Db,
  opts: { inWorker: boolean; entry?: URL },
): Promise<{ index: SimilarIndex; builtIn: BuiltIn }> {
  if (opts.inWorker && db.source) {
    const index = await buildInWorker(db.source, opts.entry);
    if (index) return { index, builtIn: 'worker' };
  }
  const index = await buildSimilarIndex(
    () => paperTextBatches(db),
    () => new Promise((resolve) => setImmediate(resolve)),
  );
  return { index, builtIn: 'main thread' };
}

/**
 * The index of the database `source` names, built in a worker thread; null when no
 * worker could start (the entry is missing or failed to load). Rejects when the worker
 * started but the build failed.
 */
export function buildInWorker(source: DbSource, entry = WORKER_ENTRY): Promise<SimilarIndex | null> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = startWorker(entry, { similarIndexOf: source });
    } catch {
      resolve(null);
      return;
    }
    let started = false;
    let settled = false;
    const settle = (fn: () => void) => {
      if (!settled) {
        settled = true;
        fn();
      }
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'started') started = true;
      else if (m.type === 'built') settle(() => resolve(m.index));
      else settle(() => reject(new Error(`similar-papers index worker: ${m.message}`)));
    });
    worker.on('error', (e) => settle(() => (started ? reject(e) : resolve(null))));
    worker.on('exit', (code) =>
      settle(() =>
        started ? reject(new Error(`similar-papers index worker exited (code ${code})`)) : resolve(null),
      ),
    );
  });
}

function startWorker(entry: URL, workerData: WorkerInput): Worker {
  if (!fs.existsSync(fileURLToPath(entry))) throw new Error(`no worker entry at ${entry.href}`);
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData });
  // From the sources: Node 20 gives a worker none of the parent's module hooks (tsx's),
  // so the worker registers them before loading its TypeScript entry.
  const tsx = import.meta.resolve('tsx/esm/api');
  const load = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(load, { eval: true, workerData });
}
