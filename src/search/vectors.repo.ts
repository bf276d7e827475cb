/**
 * Paper embeddings and nearest-neighbour search.
 *
 * SQLite: float32 vectors in `paper_embeddings` (BLOB). A query scans an in-memory
 * index of them (binary-index.ts: sign bits for a Hamming shortlist, int8 codes to
 * re-score it; 440 bytes a vector) for `oversample` × k candidates and reranks those by
 * exact cosine on the stored floats.
 * PostgreSQL: a `vector(d)` column with an HNSW index (pgvector), when the extension is
 * installed; without it semantic search is unavailable and says so.
 *
 * The tables are created on first use, not by a migration, because their dimension is
 * the configured model's: a different model (another dimension) starts a fresh index.
 */
import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import { bumpDataVersionOn } from '../db/migrations/helpers.ts';
import { BinaryIndex, DEFAULT_SHORTLIST } from './binary-index.ts';
import { paperTextsAfter } from './similar.repo.ts';
import type { Candidate } from './types.ts';

export interface VectorRow {
  paperId: number;
  vector: Float32Array;
}

const ready = new WeakMap<Db, number>();

/** Whether this database can store and search vectors, and why not. */
export async function vectorSupport(db: Db): Promise<{ ok: boolean; reason?: string }> {
  if (db.dialect === 'sqlite') return { ok: true };
  const r = await sql<{
    name: string;
  }>`SELECT name FROM pg_available_extensions WHERE name = 'vector'`.execute(db.kysely);
  return r.rows.length > 0 ? { ok: true } : { ok: false, reason: 'PostgreSQL has no pgvector extension' };
}

/** Creates the vector tables for `dims` dimensions; a different stored dimension is dropped first. */
export async function ensureVectorTables(db: Db, dims: number): Promise<void> {
  if (ready.get(db) === dims) return;
  if (!Number.isInteger(dims) || dims < 1 || dims > 4096) throw new Error(`bad embedding dimension ${dims}`);
  const stored = await storedDimensions(db);
  if (stored !== null && stored !== dims) await dropVectorTables(db);
  if (db.dialect === 'sqlite') {
    await sql`CREATE TABLE IF NOT EXISTS paper_embeddings (
      paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
      model TEXT NOT NULL, embedding BLOB NOT NULL, embedded_at TEXT NOT NULL)`.execute(db.kysely);
    // Lets a running server pick up vectors another process stored (see coarseIndex).
    await sql`CREATE INDEX IF NOT EXISTS paper_embeddings_at ON paper_embeddings (embedded_at)`.execute(
      db.kysely,
    );
  } else {
    await sql`CREATE EXTENSION IF NOT EXISTS vector`.execute(db.kysely);
    await sql`CREATE TABLE IF NOT EXISTS paper_embeddings (
      paper_id integer PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
      model text NOT NULL, embedding vector(${sql.raw(String(dims))}) NOT NULL, embedded_at text NOT NULL)`.execute(
      db.kysely,
    );
    await sql`CREATE INDEX IF NOT EXISTS paper_embeddings_hnsw ON paper_embeddings
      USING hnsw (embedding vector_cosine_ops)`.execute(db.kysely);
  }
  // New vectors change papers' "similar papers": cached paper pages must be re-rendered.
  await bumpDataVersionOn(db.kysely, db.dialect, 'paper_embeddings', 'papers', [
    'INSERT',
    'UPDATE',
    'DELETE',
  ]);
  ready.set(db, dims);
}

async function tableExists(db: Db, name: string): Promise<boolean> {
  const r =
    db.dialect === 'sqlite'
      ? await sql`SELECT 1 FROM sqlite_master WHERE name = ${name}`.execute(db.kysely)
      : await sql`SELECT 1 FROM pg_tables WHERE tablename = ${name} AND schemaname = current_schema()`.execute(
          db.kysely,
        );
  return r.rows.length > 0;
}

/** The dimension of the stored vectors, or null when there are none. */
export async function storedDimensions(db: Db): Promise<number | null> {
  if (!(await tableExists(db, 'paper_embeddings'))) return null;
  if (db.dialect === 'sqlite') {
    const r = await sql<{
      n: number;
    }>`SELECT length(embedding) / 4 AS n FROM paper_embeddings LIMIT 1`.execute(db.kysely);
    return r.rows[0]?.n ?? null;
  }
  const r = await sql<{
    n: number;
  }>`SELECT vector_dims(embedding) AS n FROM paper_embeddings LIMIT 1`.execute(db.kysely);
  return r.rows[0]?.n ?? null;
}

export async function dropVectorTables(db: Db): Promise<void> {
  await sql`DROP TABLE IF EXISTS paper_embeddings`.execute(db.kysely);
  ready.delete(db);
  coarse.delete(db);
}

/**
 * Papers without a current vector from `model` (none yet, or their title or abstract
 * changed since: a new arXiv version), in id order after `afterId` (a resumable cursor).
 */
export async function papersToEmbed(
  db: Db,
  model: string,
  afterId: number,
  limit: number,
): Promise<{ id: number; title: string; abstract: string }[]> {
  if (!(await tableExists(db, 'paper_embeddings'))) return paperTextsAfter(db, afterId, limit);
  const r = await sql<{ id: number; title: string; abstract: string }>`SELECT p.id, p.title, p.abstract
    FROM papers p LEFT JOIN paper_embeddings e ON e.paper_id = p.id AND e.model = ${model}
    WHERE (e.paper_id IS NULL OR e.embedded_at < p.modified_at) AND p.id > ${afterId}
    ORDER BY p.id LIMIT ${limit}`.execute(db.kysely);
  return r.rows;
}

/** How many papers have a current vector from `model`, and how many papers there are. */
export async function embeddingCounts(db: Db, model: string): Promise<{ embedded: number; papers: number }> {
  const papers = Number(
    (
      await db.kysely
        .selectFrom('papers')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  if (!(await tableExists(db, 'paper_embeddings'))) return { embedded: 0, papers };
  const r = await sql<{
    n: number;
  }>`SELECT count(*) AS n FROM paper_embeddings e JOIN papers p ON p.id = e.paper_id
    WHERE e.model = ${model} AND e.embedded_at >= p.modified_at`.execute(db.kysely);
  return { embedded: Number(r.rows[0]?.n ?? 0), papers };
}

function blob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

/** pgvector's text form of a vector. */
export function pgVector(v: Float32Array): string {
  return `[${Array.from(v).join(',')}]`;
}

/** Stores vectors (replacing earlier ones of the same papers) in one transaction. */
export async function storeEmbeddings(db: Db, rows: VectorRow[], model: string, now: Date): Promise<void> {
  if (rows.length === 0) return;
  await ensureVectorTables(db, rows[0]!.vector.length);
  const at = now.toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    for (const r of rows) {
      if (db.dialect === 'sqlite') {
        await sql`INSERT INTO paper_embeddings (paper_id, model, embedding, embedded_at)
          VALUES (${r.paperId}, ${model}, ${blob(r.vector)}, ${at})
          ON CONFLICT (paper_id) DO UPDATE SET model = excluded.model, embedding = excluded.embedding,
            embedded_at = excluded.embedded_at`.execute(trx);
      } else {
        await sql`INSERT INTO paper_embeddings (paper_id, model, embedding, embedded_at)
          VALUES (${r.paperId}, ${model}, ${pgVector(r.vector)}::vector, ${at})
          ON CONFLICT (paper_id) DO UPDATE SET model = excluded.model, embedding = excluded.embedding,
            embedded_at = excluded.embedded_at`.execute(trx);
      }
    }
  });
  // After the commit, so a rolled-back batch never reaches the index.
  const state = coarse.get(db);
  if (state && state.index.centre.length !== rows[0]!.vector.length) coarse.delete(db);
  else if (state) for (const r of rows) state.index.upsert(r.paperId, r.vector);
}

/**
 * Candidates per wanted result read back from SQLite for the exact cosine (~0.05 ms
 * each): the best of the index's int8-re-scored shortlist, so a few hundred suffice
 * (docs/SEARCH.md, "Vector search at a million papers"). Servers take theirs from
 * SEARCH_VECTOR_OVERSAMPLE.
 */
export const DEFAULT_OVERSAMPLE = 30;

interface CoarseState {
  index: BinaryIndex;
  /** embedded_at of the newest vector seen, for incremental refreshes. */
  seenAt: string;
  /** PRAGMA data_version when last refreshed: it moves when another connection commits. */
  dataVersion: number;
}
const coarse = new WeakMap<Db, CoarseState>();
const loading = new WeakMap<Db, Promise<CoarseState>>();

/** How far back a refresh re-reads: covers a writer whose batch was stamped before it committed. */
const REFRESH_OVERLAP_MS = 60_000;

/**
 * The in-memory binary index of this SQLite database, loaded on first use and kept
 * current: vectors stored through this connection are added as they are written; after
 * another process commits (a `paperboy embed` run), vectors stamped since the last look
 * are read again.
 */
async function coarseIndex(db: Db): Promise<BinaryIndex> {
  const s = db.sqlite!;
  const dataVersion = () => Number(s.pragma('data_version', { simple: true }));
  let state = coarse.get(db);
  if (!state) {
    let p = loading.get(db);
    if (!p) {
      p = loadCoarseIndex(db, dataVersion).finally(() => loading.delete(db));
      loading.set(db, p);
    }
    state = await p;
    coarse.set(db, state);
    return state.index;
  }
  const dv = dataVersion();
  if (dv === state.dataVersion) return state.index;
  state.dataVersion = dv;
  const since = new Date(Date.parse(state.seenAt) - REFRESH_OVERLAP_MS).toISOString();
  const rows = s
    .prepare('SELECT paper_id, embedded_at, embedding FROM paper_embeddings WHERE embedded_at >= ?')
    .raw()
    .all(since) as [number, string, Buffer][];
  if (rows.length > 0 && rows[0]![2].length / 4 !== state.index.centre.length) {
    coarse.delete(db); // another model (another dimension) replaced the vectors
    return coarseIndex(db);
  }
  for (const [id, at, v] of rows) {
    state.index.upsert(id, toFloats(v));
    if (at > state.seenAt) state.seenAt = at;
  }
  return state.index;
}

async function loadCoarseIndex(db: Db, dataVersion: () => number): Promise<CoarseState> {
  const s = db.sqlite!;
  // Read the stamp first: a vector written during the scan is re-read by the next refresh.
  const seenAt =
    (s.prepare('SELECT max(embedded_at) FROM paper_embeddings').pluck().get() as string | null) ??
    new Date(0).toISOString();
  const index = new BinaryIndex(centreOfStoredVectors(db), 1 << 16);
  const page = s
    .prepare(
      'SELECT paper_id, embedding FROM paper_embeddings WHERE paper_id > ? ORDER BY paper_id LIMIT 5000',
    )
    .raw();
  for (let after = 0; ; ) {
    const rows = page.all(after) as [number, Buffer][];
    if (rows.length === 0) break;
    for (const [id, v] of rows) index.upsert(id, toFloats(v));
    after = rows[rows.length - 1]![0];
    // A million vectors take seconds: let the server answer requests meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
  }
  // A data version that matches nothing: the first query re-reads what was stored while
  // the scan ran (by this connection too, whose writes do not move data_version).
  return { index, seenAt, dataVersion: dataVersion() - 1 };
}

/** The mean of up to 1,000 stored vectors spread evenly over the id range. */
function centreOfStoredVectors(db: Db): Float32Array {
  const s = db.sqlite!;
  const range = s.prepare('SELECT min(paper_id) AS lo, max(paper_id) AS hi FROM paper_embeddings').get() as {
    lo: number | null;
    hi: number | null;
  };
  const next = s
    .prepare('SELECT embedding FROM paper_embeddings WHERE paper_id >= ? ORDER BY paper_id LIMIT 1')
    .pluck();
  let sum: Float64Array | null = null;
  let n = 0;
  if (range.lo !== null && range.hi !== null) {
    const samples = Math.min(1000, range.hi - range.lo + 1);
    for (let i = 0; i < samples; i++) {
      const v = toFloats(next.get(range.lo + Math.floor(((range.hi - range.lo) * i) / samples)) as Buffer);
      sum ??= new Float64Array(v.length);
      for (let d = 0; d < v.length; d++) sum[d]! += v[d]!;
      n++;
    }
  }
  return sum ? Float32Array.from(sum, (x) => x / n) : new Float32Array(0);
}

/** Loads the vector index ahead of the first query (a server calls this at start). */
export async function warmVectorIndex(db: Db): Promise<{ vectors: number; bytes: number }> {
  if (db.dialect !== 'sqlite' || !(await tableExists(db, 'paper_embeddings')))
    return { vectors: 0, bytes: 0 };
  const index = await coarseIndex(db);
  return { vectors: index.size, bytes: index.bytes };
}

export interface KnnOptions {
  k: number;
  /** Candidates per result: the binary prefilter's pool (SQLite), `hnsw.ef_search` ÷ k (PostgreSQL). */
  oversample?: number;
  /** Papers to leave out (the paper itself, for "similar papers"). */
  exclude?: number[];
  /** Hamming candidates re-scored in memory before the pool is cut (SQLite; benchmarks). */
  shortlist?: number;
}

/** The k nearest papers by cosine similarity (score = similarity, higher is better). */
export async function nearestPapers(db: Db, query: Float32Array, opts: KnnOptions): Promise<Candidate[]> {
  if (!(await tableExists(db, 'paper_embeddings'))) return [];
  const exclude = new Set(opts.exclude ?? []);
  const want = opts.k + exclude.size;
  if (db.dialect === 'sqlite') {
    const pool = Math.max(want * (opts.oversample ?? DEFAULT_OVERSAMPLE), 100);
    const ids = (await coarseIndex(db))
      .nearest(query, pool, opts.shortlist ?? DEFAULT_SHORTLIST)
      .filter((id) => !exclude.has(id));
    if (ids.length === 0) return [];
    // Deleting a paper deletes its vector (foreign key), so a stale id simply finds no row.
    const floats = db
      .sqlite!.prepare(
        'SELECT paper_id, embedding FROM paper_embeddings WHERE paper_id IN (SELECT value FROM json_each(?))',
      )
      .raw()
      .all(JSON.stringify(ids)) as [number, Buffer][];
    const scored = floats.map(([id, v]) => ({ id, score: dot(query, toFloats(v)) }));
    return scored.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, opts.k);
  }
  // pgvector's HNSW scan returns at most `hnsw.ef_search` rows (40 by default), its
  // candidate list: as deep as the SQLite pool, never shallower than the rows asked for.
  const ef = Math.min(PG_MAX_EF_SEARCH, Math.max(want, opts.k * (opts.oversample ?? DEFAULT_OVERSAMPLE)));
  const rows = await db.kysely.transaction().execute(async (trx) => {
    await sql`SELECT set_config('hnsw.ef_search', ${String(ef)}, true)`.execute(trx);
    return sql<Candidate>`SELECT paper_id AS id, 1 - (embedding <=> ${pgVector(query)}::vector) AS score
      FROM paper_embeddings ORDER BY embedding <=> ${pgVector(query)}::vector LIMIT ${want}`.execute(trx);
  });
  return rows.rows.filter((r) => !exclude.has(r.id)).slice(0, opts.k);
}

/** pgvector's upper bound for `hnsw.ef_search`. */
const PG_MAX_EF_SEARCH = 1000;

/** The stored vector of a paper, or null. */
export async function paperVector(db: Db, paperId: number): Promise<Float32Array | null> {
  if (!(await tableExists(db, 'paper_embeddings'))) return null;
  if (db.dialect === 'sqlite') {
    const r = await sql<{
      embedding: Buffer;
    }>`SELECT embedding FROM paper_embeddings WHERE paper_id = ${paperId}`.execute(db.kysely);
    const b = r.rows[0]?.embedding;
    return b ? toFloats(b) : null;
  }
  const r = await sql<{ embedding: string }>`SELECT embedding::text AS embedding FROM paper_embeddings
    WHERE paper_id = ${paperId}`.execute(db.kysely);
  const t = r.rows[0]?.embedding;
  return t ? Float32Array.from(JSON.parse(t) as number[]) : null;
}

/** A float32 view of a BLOB (copied: a Buffer's offset need not be 4-aligned). */
export function toFloats(b: Uint8Array): Float32Array {
  return new Float32Array(new Uint8Array(b).buffer);
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}
