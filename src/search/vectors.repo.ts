/**
 * Paper embeddings and nearest-neighbour search.
 *
 * SQLite: float32 vectors in `paper_embeddings` (BLOB) plus a sqlite-vec `vec0` table of
 * their binary quantisation (1 bit per dimension: 48 bytes for 384 dimensions). A query
 * scans the bit vectors by Hamming distance (a million fit in 48 MB), keeps `oversample`
 * × k candidates, and reranks those by exact cosine on the float vectors.
 * PostgreSQL: a `vector(d)` column with an HNSW index (pgvector), when the extension is
 * installed; without it semantic search is unavailable and says so.
 *
 * The tables are created on first use, not by a migration, because their dimension is
 * the configured model's: a different model (another dimension) starts a fresh index.
 */
import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Candidate } from './types.ts';

export interface VectorRow {
  paperId: number;
  vector: Float32Array;
}

const ready = new WeakMap<Db, number>();

/** Whether this database can store and search vectors, and why not. */
export async function vectorSupport(db: Db): Promise<{ ok: boolean; reason?: string }> {
  if (db.dialect === 'sqlite') {
    try {
      await sql`SELECT vec_version()`.execute(db.kysely);
      return { ok: true };
    } catch {
      return { ok: false, reason: 'the sqlite-vec extension could not be loaded' };
    }
  }
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
    await sql`CREATE VIRTUAL TABLE IF NOT EXISTS paper_vectors_bq USING vec0(embedding bit[${sql.raw(String(dims))}])`.execute(
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
  if (db.dialect === 'sqlite') await sql`DROP TABLE IF EXISTS paper_vectors_bq`.execute(db.kysely);
  await sql`DROP TABLE IF EXISTS paper_embeddings`.execute(db.kysely);
  ready.delete(db);
}

/** Papers without a vector from `model`, in id order after `afterId` (a resumable cursor). */
export async function papersToEmbed(
  db: Db,
  model: string,
  afterId: number,
  limit: number,
): Promise<{ id: number; title: string; abstract: string }[]> {
  if (!(await tableExists(db, 'paper_embeddings'))) {
    const r = await db.kysely
      .selectFrom('papers')
      .select(['id', 'title', 'abstract'])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return r;
  }
  const r = await sql<{ id: number; title: string; abstract: string }>`SELECT p.id, p.title, p.abstract
    FROM papers p LEFT JOIN paper_embeddings e ON e.paper_id = p.id AND e.model = ${model}
    WHERE e.paper_id IS NULL AND p.id > ${afterId} ORDER BY p.id LIMIT ${limit}`.execute(db.kysely);
  return r.rows;
}

/** How many papers have a vector from `model`, and how many papers there are. */
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
  }>`SELECT count(*) AS n FROM paper_embeddings WHERE model = ${model}`.execute(db.kysely);
  return { embedded: Number(r.rows[0]?.n ?? 0), papers };
}

function blob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

function pgVector(v: Float32Array): string {
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
        // vec0 has no upsert: replace the row.
        // vec0 accepts only INTEGER rowids, and better-sqlite3 binds JS numbers as REAL.
        const rowid = BigInt(r.paperId);
        await sql`DELETE FROM paper_vectors_bq WHERE rowid = ${rowid}`.execute(trx);
        await sql`INSERT INTO paper_vectors_bq (rowid, embedding)
          VALUES (${rowid}, vec_quantize_binary(${blob(r.vector)}))`.execute(trx);
      } else {
        await sql`INSERT INTO paper_embeddings (paper_id, model, embedding, embedded_at)
          VALUES (${r.paperId}, ${model}, ${pgVector(r.vector)}::vector, ${at})
          ON CONFLICT (paper_id) DO UPDATE SET model = excluded.model, embedding = excluded.embedding,
            embedded_at = excluded.embedded_at`.execute(trx);
      }
    }
  });
}

export interface KnnOptions {
  k: number;
  /** SQLite: candidates kept from the binary prefilter, as a multiple of k. */
  oversample?: number;
  /** Papers to leave out (the paper itself, for "similar papers"). */
  exclude?: number[];
}

/** The k nearest papers by cosine similarity (score = similarity, higher is better). */
export async function nearestPapers(db: Db, query: Float32Array, opts: KnnOptions): Promise<Candidate[]> {
  if (!(await tableExists(db, 'paper_embeddings'))) return [];
  const exclude = new Set(opts.exclude ?? []);
  const want = opts.k + exclude.size;
  if (db.dialect === 'sqlite') {
    const pool = Math.max(want * (opts.oversample ?? 8), 100);
    const coarse = await sql<{ id: number }>`SELECT rowid AS id FROM paper_vectors_bq
      WHERE embedding MATCH vec_quantize_binary(${blob(query)}) AND k = ${pool}`.execute(db.kysely);
    const ids = coarse.rows.map((r) => r.id).filter((id) => !exclude.has(id));
    if (ids.length === 0) return [];
    const floats = await sql<{ paper_id: number; embedding: Buffer }>`SELECT e.paper_id, e.embedding
      FROM paper_embeddings e JOIN papers p ON p.id = e.paper_id
      WHERE e.paper_id IN (${sql.join(ids)})`.execute(db.kysely);
    const scored = floats.rows.map((r) => ({ id: r.paper_id, score: dot(query, toFloats(r.embedding)) }));
    return scored.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, opts.k);
  }
  const rows =
    await sql<Candidate>`SELECT paper_id AS id, 1 - (embedding <=> ${pgVector(query)}::vector) AS score
    FROM paper_embeddings ORDER BY embedding <=> ${pgVector(query)}::vector LIMIT ${want}`.execute(db.kysely);
  return rows.rows.filter((r) => !exclude.has(r.id)).slice(0, opts.k);
}

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
function toFloats(b: Uint8Array): Float32Array {
  return new Float32Array(new Uint8Array(b).buffer);
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}
