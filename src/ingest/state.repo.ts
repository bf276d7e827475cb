/** `ingest_state`: small key/value rows that make imports resumable (checkpoints, OAI tokens). */
import type { Db } from '../db/connect.ts';

export async function getIngestState(db: Db, key: string): Promise<string | null> {
  const row = await db.kysely
    .selectFrom('ingest_state')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value ?? null;
}

export async function setIngestState(db: Db, key: string, value: string, now: Date): Promise<void> {
  const updated_at = now.toISOString();
  await db.kysely
    .insertInto('ingest_state')
    .values({ key, value, updated_at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at }))
    .execute();
}

export async function deleteIngestState(db: Db, key: string): Promise<void> {
  await db.kysely.deleteFrom('ingest_state').where('key', '=', key).execute();
}
