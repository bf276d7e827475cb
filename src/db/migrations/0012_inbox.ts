import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { MigrationFactory } from './helpers.ts';
import { withId } from './helpers.ts';

export const inbox: MigrationFactory = (dialect) => ({
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async up(db: Kysely<any>) {
    const owner = (c: ColumnDefinitionBuilder) => c.notNull().references('users.id').onDelete('cascade');
    const paper = (c: ColumnDefinitionBuilder) => c.notNull().references('papers.id').onDelete('cascade');
    await withId(db.schema.createTable('follows'), dialect)
      .addColumn('user_id', 'integer', owner)
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('follows_once', ['user_id', 'kind', 'target'])
      .execute();
    // "Who follows this author / category" for the Following list of many members.
    await db.schema.createIndex('follows_target').on('follows').columns(['kind', 'target']).execute();

    await withId(db.schema.createTable('library_folders'), dialect)
      .addColumn('user_id', 'integer', owner)
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('library_folders_name', ['user_id', 'name'])
      .execute();

    await db.schema
      .createTable('library_items')
      .addColumn('user_id', 'integer', owner)
      .addColumn('paper_id', 'integer', paper)
      .addColumn('folder_id', 'integer', (c) => c.references('library_folders.id').onDelete('set null'))
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('saved_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('library_items_pk', ['user_id', 'paper_id'])
      .execute();
    await db.schema.createIndex('library_items_folder').on('library_items').column('folder_id').execute();

    await db.schema
      .createTable('paper_marks')
      .addColumn('user_id', 'integer', owner)
      .addColumn('paper_id', 'integer', paper)
      .addColumn('read_at', 'text')
      .addColumn('hidden_at', 'text')
      .addColumn('never_at', 'text')
      .addPrimaryKeyConstraint('paper_marks_pk', ['user_id', 'paper_id'])
      .execute();

    await withId(db.schema.createTable('inbox_signals'), dialect)
      .addColumn('user_id', 'integer', owner)
      .addColumn('paper_id', 'integer', paper)
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('inbox_signals_once', ['user_id', 'paper_id', 'kind'])
      .execute();

    await db.schema
      .createTable('inbox_models')
      .addColumn('user_id', 'integer', (c) => owner(c).primaryKey())
      .addColumn('signals_key', 'text', (c) => c.notNull())
      .addColumn('trained_at', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('feed_secrets')
      .addColumn('user_id', 'integer', (c) => owner(c).primaryKey())
      .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    // A digest subscription mails the most upvoted papers (top), or the member's For You
    // or Following list.
    await db.schema
      .alterTable('subscriptions')
      .addColumn('list', 'text', (c) => c.notNull().defaultTo('top'))
      .execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async down(db: Kysely<any>) {
    await db.schema.alterTable('subscriptions').dropColumn('list').execute();
    for (const t of [
      'feed_secrets',
      'inbox_models',
      'inbox_signals',
      'paper_marks',
      'library_items',
      'library_folders',
      'follows',
    ])
      await db.schema.dropTable(t).execute();
  },
});
