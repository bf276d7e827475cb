import type { Kysely } from 'kysely';
import { announcementsOf } from '../../papers/announcements.ts';
import { bumpDataVersionOn, type MigrationFactory } from './helpers.ts';

/** Papers read per backfill step: bounded memory at any corpus size. */
const BATCH = 2000;

/**
 * The "New on arXiv" listing: each paper's announcements (the day each version was listed,
 * and as what), read by day. Papers already stored get the announcements their version
 * dates imply (papers/announcements.ts), as every later import does.
 */
export const listing: MigrationFactory = (dialect) => ({
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('paper_announcements')
      .addColumn('paper_id', 'integer', (c) => c.notNull().references('papers.id').onDelete('cascade'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('paper_announcements_pk', ['paper_id', 'version'])
      .execute();
    await db.schema
      .createIndex('paper_announcements_day')
      .on('paper_announcements')
      .columns(['day', 'type', 'paper_id'])
      .execute();
    await bumpDataVersionOn(db, dialect, 'paper_announcements', 'papers', ['INSERT', 'UPDATE', 'DELETE']);
    await backfillAnnouncements(db);
    // On SQLite, 0010_hf rebuilt daily_entries and so dropped 0008's triggers: featuring a
    // paper left cached pages stale (the listing's Feature button made it visible).
    await bumpDataVersionOn(db, dialect, 'daily_entries', 'papers', ['INSERT', 'UPDATE', 'DELETE']);
  },
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async down(db: Kysely<any>) {
    await db.schema.dropTable('paper_announcements').execute();
  },
});

/** Announcements for every stored paper, from its version dates; existing rows are kept. */
// biome-ignore lint/suspicious/noExplicitAny: migrations run on an untyped Kysely
export async function backfillAnnouncements(db: Kysely<any>) {
  let after = 0;
  for (;;) {
    const papers: { id: number; published_at: string; updated_at: string; latest_version: number }[] =
      await db
        .selectFrom('papers')
        .select(['id', 'published_at', 'updated_at', 'latest_version'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(BATCH)
        .execute();
    if (papers.length === 0) return;
    after = papers.at(-1)!.id;
    const versions: { paper_id: number; version: number; submitted_at: string }[] = await db
      .selectFrom('paper_versions')
      .select(['paper_id', 'version', 'submitted_at'])
      .where('paper_id', '>=', papers[0]!.id)
      .where('paper_id', '<=', after)
      .execute();
    const byPaper = new Map<number, typeof versions>();
    for (const v of versions) byPaper.set(v.paper_id, [...(byPaper.get(v.paper_id) ?? []), v]);
    const rows = papers.flatMap((p) =>
      announcementsOf({
        publishedAt: p.published_at,
        updatedAt: p.updated_at,
        version: p.latest_version,
        versions: byPaper.get(p.id)?.map((v) => ({ version: v.version, submittedAt: v.submitted_at })),
      }).map((a) => ({ paper_id: p.id, version: a.version, day: a.day, type: a.type })),
    );
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('paper_announcements')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['paper_id', 'version']).doNothing())
        .execute();
  }
}
