/** The bundled demo dataset is marked `is_demo = 1` wherever it writes, so it can be removed exactly. */
import type { Db } from '../db/connect.ts';

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const row = await db.kysely.selectFrom('papers').select('id').limit(1).executeTakeFirst();
  return !row;
}

/** Deletes demo papers (with their versions, authors links, categories and entries), demo users and organisations. */
export async function removeDemoData(db: Db): Promise<{ papers: number; users: number }> {
  return db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('daily_entries').where('is_demo', '=', 1).execute();
    const papers = await trx.deleteFrom('papers').where('is_demo', '=', 1).executeTakeFirst();
    const users = await trx.deleteFrom('users').where('is_demo', '=', 1).executeTakeFirst();
    // Demo organisations no remaining paper is attributed to.
    await trx
      .deleteFrom('organizations')
      .where('is_demo', '=', 1)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('papers').select('id').whereRef('papers.organization_id', '=', 'organizations.id'),
          ),
        ),
      )
      .execute();
    // Authors no paper refers to any more.
    await trx
      .deleteFrom('authors')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('paper_authors')
              .select('paper_id')
              .whereRef('paper_authors.author_id', '=', 'authors.id'),
          ),
        ),
      )
      .execute();
    return { papers: Number(papers.numDeletedRows), users: Number(users.numDeletedRows) };
  });
}

const DEMO_KEY = 'demo.loaded_at';

/** True once the demo was loaded, even if it was removed since: it is never loaded twice. */
export async function demoWasLoaded(db: Db): Promise<boolean> {
  return !!(await db.kysely
    .selectFrom('ingest_state')
    .select('key')
    .where('key', '=', DEMO_KEY)
    .executeTakeFirst());
}

export async function markDemoLoaded(db: Db, now: Date): Promise<void> {
  await db.kysely
    .insertInto('ingest_state')
    .values({ key: DEMO_KEY, value: now.toISOString(), updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}
