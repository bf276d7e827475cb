import type { Kysely } from 'kysely';
import type { MigrationFactory } from './helpers.ts';
import { withId, zero } from './helpers.ts';

export const core: MigrationFactory = (dialect) => ({
  // Migrations see the schema as it was then, not today's Database type.
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async up(db: Kysely<any>) {
    await withId(db.schema.createTable('papers'), dialect)
      .addColumn('arxiv_id', 'text', (c) => c.notNull().unique())
      .addColumn('latest_version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('abstract', 'text', (c) => c.notNull())
      .addColumn('authors_text', 'text', (c) => c.notNull())
      .addColumn('comment', 'text')
      .addColumn('journal_ref', 'text')
      .addColumn('doi', 'text')
      .addColumn('report_no', 'text')
      .addColumn('license', 'text')
      .addColumn('primary_category', 'text')
      .addColumn('categories', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('published_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('withdrawn', 'integer', (c) => c.notNull().defaultTo(zero))
      .addColumn('github_repo', 'text')
      .addColumn('project_page', 'text')
      .addColumn('code_links', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('ai_summary', 'text')
      .addColumn('ai_keywords', 'text')
      .addColumn('github_stars', 'integer')
      .addColumn('thumbnail', 'text')
      .addColumn('imported_upvotes', 'integer', (c) => c.notNull().defaultTo(zero))
      .addColumn('upvotes', 'integer', (c) => c.notNull().defaultTo(zero))
      .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(zero))
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(zero))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('modified_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('papers_published_at').on('papers').columns(['published_at', 'id']).execute();

    await db.schema
      .createTable('paper_versions')
      .addColumn('paper_id', 'integer', (c) => c.notNull().references('papers.id').onDelete('cascade'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('submitted_at', 'text', (c) => c.notNull())
      .addColumn('size', 'text')
      .addPrimaryKeyConstraint('paper_versions_pk', ['paper_id', 'version'])
      .execute();

    await withId(db.schema.createTable('authors'), dialect)
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('normalized', 'text', (c) => c.notNull().unique())
      .execute();

    await db.schema
      .createTable('paper_authors')
      .addColumn('paper_id', 'integer', (c) => c.notNull().references('papers.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id'))
      .addColumn('affiliation', 'text')
      .addPrimaryKeyConstraint('paper_authors_pk', ['paper_id', 'position'])
      .execute();
    await db.schema
      .createIndex('paper_authors_author')
      .on('paper_authors')
      .columns(['author_id', 'paper_id'])
      .execute();

    await db.schema
      .createTable('paper_categories')
      .addColumn('paper_id', 'integer', (c) => c.notNull().references('papers.id').onDelete('cascade'))
      .addColumn('category', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('paper_categories_pk', ['paper_id', 'category'])
      .execute();
    await db.schema
      .createIndex('paper_categories_cat')
      .on('paper_categories')
      .columns(['category', 'paper_id'])
      .execute();

    await withId(db.schema.createTable('users'), dialect)
      .addColumn('email', 'text', (c) => c.unique())
      .addColumn('handle', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('avatar_url', 'text')
      .addColumn('role', 'text', (c) => c.notNull().defaultTo('user'))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(zero))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('daily_entries'), dialect)
      .addColumn('paper_id', 'integer', (c) =>
        c.notNull().unique().references('papers.id').onDelete('cascade'),
      )
      .addColumn('feed_date', 'text', (c) => c.notNull())
      .addColumn('submitted_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('submitted_at', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(zero))
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(zero))
      .execute();
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
      .createTable('ingest_state')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
});
