/**
 * Hugging Face values kept as HF serves them (docs/API.md): organisations, the extra paper
 * fields, each paper's own spelling of its authors with their linked HF user and claim
 * status, and daily entries that own their day's imported counts — a paper HF featured on
 * two days has two entries, so `daily_entries` is unique by (paper, day), not by paper.
 */
import { type Kysely, sql } from 'kysely';
import { type MigrationFactory, withId, zero } from './helpers.ts';

export const hf: MigrationFactory = (dialect) => ({
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async up(db: Kysely<any>) {
    await withId(db.schema.createTable('organizations'), dialect)
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('fullname', 'text', (c) => c.notNull())
      .addColumn('avatar_url', 'text')
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(zero))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    const paperColumns: [string, 'text' | 'integer', boolean][] = [
      ['hf_published_at', 'text', false],
      ['ai_summary_model', 'text', false],
      ['github_repo_added_by', 'text', false],
      ['media_urls', 'text', false],
      ['imported_comments', 'integer', true],
    ];
    for (const [name, type, counter] of paperColumns) {
      await db.schema
        .alterTable('papers')
        .addColumn(name, type, (c) => (counter ? c.notNull().defaultTo(zero) : c))
        .execute();
    }
    await db.schema
      .alterTable('papers')
      .addColumn('organization_id', 'integer', (c) => c.references('organizations.id').onDelete('set null'))
      .execute();
    await db.schema
      .createIndex('papers_organization')
      .on('papers')
      .columns(['organization_id', 'published_at'])
      .execute();

    // Each paper keeps its own spelling of a name; `authors.name` is only the grouping key's label.
    for (const [name, type] of [
      ['name', 'text'],
      ['hf_user', 'text'],
      ['claim_status', 'text'],
      ['claim_status_changed_at', 'text'],
    ] as const) {
      await db.schema.alterTable('paper_authors').addColumn(name, type).execute();
    }
    await db.schema
      .alterTable('paper_authors')
      .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(zero))
      .execute();
    await sql`UPDATE paper_authors SET name = (SELECT a.name FROM authors a WHERE a.id = paper_authors.author_id)`.execute(
      db,
    );

    if (dialect === 'sqlite') {
      // SQLite cannot drop a column's UNIQUE: rebuild the table (nothing references it).
      await withId(db.schema.createTable('daily_entries_new'), dialect)
        .addColumn('paper_id', 'integer', (c) => c.notNull().references('papers.id').onDelete('cascade'))
        .addColumn('feed_date', 'text', (c) => c.notNull())
        .addColumn('submitted_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('submitted_at', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(zero))
        .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(zero))
        .addColumn('imported_upvotes', 'integer', (c) => c.notNull().defaultTo(zero))
        .addColumn('imported_comments', 'integer', (c) => c.notNull().defaultTo(zero))
        .addColumn('author_participating', 'integer', (c) => c.notNull().defaultTo(zero))
        .addColumn('hf_position', 'integer')
        .addColumn('hf_submitter', 'text')
        .execute();
      await sql`INSERT INTO daily_entries_new (id, paper_id, feed_date, submitted_by, submitted_at, note, hidden, is_demo, imported_upvotes, imported_comments, author_participating)
        SELECT e.id, e.paper_id, e.feed_date, e.submitted_by, e.submitted_at, e.note, e.hidden, e.is_demo, p.imported_upvotes, 0, 0
        FROM daily_entries e JOIN papers p ON p.id = e.paper_id`.execute(db);
      await db.schema.dropTable('daily_entries').execute();
      await sql`ALTER TABLE daily_entries_new RENAME TO daily_entries`.execute(db);
      await db.schema
        .createIndex('daily_entries_date')
        .on('daily_entries')
        .columns(['feed_date', 'paper_id'])
        .execute();
      await db.schema
        .createIndex('daily_entries_submitter')
        .on('daily_entries')
        .columns(['submitted_by'])
        .execute();
      await db.schema
        .createIndex('daily_entries_submitted_at')
        .on('daily_entries')
        .columns(['submitted_at'])
        .execute();
    } else {
      await sql`ALTER TABLE daily_entries DROP CONSTRAINT daily_entries_paper_id_key`.execute(db);
      await sql`ALTER TABLE daily_entries
        ADD COLUMN imported_upvotes integer NOT NULL DEFAULT 0,
        ADD COLUMN imported_comments integer NOT NULL DEFAULT 0,
        ADD COLUMN author_participating integer NOT NULL DEFAULT 0,
        ADD COLUMN hf_position integer,
        ADD COLUMN hf_submitter text`.execute(db);
      await sql`UPDATE daily_entries e SET imported_upvotes = p.imported_upvotes FROM papers p WHERE p.id = e.paper_id`.execute(
        db,
      );
    }
    await db.schema
      .createIndex('daily_entries_paper_day')
      .on('daily_entries')
      .columns(['paper_id', 'feed_date'])
      .unique()
      .execute();
  },
});
