/**
 * AI summaries written here (src/summaries): the text itself lives where imported ones do
 * (`papers.ai_summary`, `ai_keywords`, `ai_summary_model`); these tables hold only the
 * summariser's own state. `summary_state`: one row per paper it has touched, with a lease
 * (`leased_by`, `not_before`) so concurrent runs never ask for the same paper, its failed
 * attempts, and the model of the summary it stored. `summary_usage`: requests and tokens
 * spent per day, the daily budget shared by every worker.
 */
import { type Kysely, sql } from 'kysely';
import { type MigrationFactory, zero } from './helpers.ts';

export const summaries: MigrationFactory = () => ({
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('summary_state')
      .addColumn('paper_id', 'integer', (c) => c.primaryKey().references('papers.id').onDelete('cascade'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(zero))
      .addColumn('leased_by', 'text')
      .addColumn('not_before', 'text')
      .addColumn('model', 'text')
      .addColumn('last_error', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // The papers still without a summary, newest first: the summariser's scan stays short
    // when almost every paper has one (SUMMARIZER_SCOPE=all on a large instance).
    await db.schema
      .createIndex('papers_unsummarised')
      .on('papers')
      .columns(['published_at', 'id'])
      .where(sql.ref('ai_summary'), 'is', null)
      .execute();
    await db.schema
      .createTable('summary_usage')
      .addColumn('day', 'text', (c) => c.primaryKey())
      .addColumn('requests', 'integer', (c) => c.notNull().defaultTo(zero))
      .addColumn('tokens', 'integer', (c) => c.notNull().defaultTo(zero))
      .execute();
  },
});
