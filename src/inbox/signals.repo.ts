/**
 * A member's signals, read from where each is recorded (library, votes, follows, marks,
 * "more like this" clicks): there is no second copy to keep in step. Also the stored
 * model, and the removal of everything personal to the inbox when an account goes.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';

export type PositiveKind = 'save' | 'upvote' | 'more_like_this' | 'author_follow';
export type NegativeKind = 'hidden' | 'never';

export interface Signal {
  paperId: number;
  kind: PositiveKind | NegativeKind;
}

/** Papers of followed authors counted as positives (the most recent ones). */
const AUTHOR_PAPERS = 200;

export async function memberSignals(db: Db, userId: number): Promise<Signal[]> {
  const k = db.kysely;
  const [saved, voted, clicked, marks, byAuthors] = await Promise.all([
    k.selectFrom('library_items').select('paper_id').where('user_id', '=', userId).execute(),
    k.selectFrom('votes').select('paper_id').where('user_id', '=', userId).execute(),
    k.selectFrom('inbox_signals').select('paper_id').where('user_id', '=', userId).execute(),
    k
      .selectFrom('paper_marks')
      .select(['paper_id', 'hidden_at', 'never_at'])
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('hidden_at', 'is not', null), eb('never_at', 'is not', null)]))
      .execute(),
    k
      .selectFrom('follows as f')
      .innerJoin('authors as a', 'a.normalized', 'f.target')
      .innerJoin('paper_authors as pa', 'pa.author_id', 'a.id')
      .innerJoin('papers as p', 'p.id', 'pa.paper_id')
      .select('p.id as paper_id')
      .distinct()
      .where('f.user_id', '=', userId)
      .where('f.kind', '=', 'author')
      .orderBy('p.id', 'desc')
      .limit(AUTHOR_PAPERS)
      .execute(),
  ]);
  const out: Signal[] = [];
  for (const r of saved) out.push({ paperId: r.paper_id, kind: 'save' });
  for (const r of voted) out.push({ paperId: r.paper_id, kind: 'upvote' });
  for (const r of clicked) out.push({ paperId: r.paper_id, kind: 'more_like_this' });
  for (const r of byAuthors) out.push({ paperId: r.paper_id, kind: 'author_follow' });
  for (const r of marks) out.push({ paperId: r.paper_id, kind: r.never_at ? 'never' : 'hidden' });
  return out;
}

export interface StoredModel {
  signalsKey: string;
  trainedAt: string;
  model: string;
}

export async function loadStoredModel(db: Db, userId: number): Promise<StoredModel | null> {
  const r = await db.kysely
    .selectFrom('inbox_models')
    .select(['signals_key', 'trained_at', 'model'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r ? { signalsKey: r.signals_key, trainedAt: r.trained_at, model: r.model } : null;
}

export async function storeModel(db: Db, userId: number, m: StoredModel): Promise<void> {
  const row = { signals_key: m.signalsKey, trained_at: m.trainedAt, model: m.model };
  await db.kysely
    .insertInto('inbox_models')
    .values({ user_id: userId, ...row })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
    .execute();
}

export async function deleteStoredModel(db: Db, userId: number): Promise<void> {
  await db.kysely.deleteFrom('inbox_models').where('user_id', '=', userId).execute();
}

/**
 * Everything of the inbox that belongs to the member: follows, library, marks, signals,
 * model and feed secret. Runs inside the account deletion's transaction. Upvotes are
 * removed by the account deletion itself.
 */
export async function deleteInboxData(
  q: Kysely<Database> | Transaction<Database>,
  userId: number,
): Promise<void> {
  for (const table of [
    'library_items',
    'library_folders',
    'follows',
    'paper_marks',
    'inbox_signals',
    'inbox_models',
    'feed_secrets',
  ] as const)
    await q.deleteFrom(table).where('user_id', '=', userId).execute();
}
