import { type Kysely, sql } from 'kysely';
import type { MigrationFactory } from './helpers.ts';

/**
 * papers.upvotes kept by triggers on votes: every inserted vote row adds one, every
 * deleted row takes one away, inside the statement that wrote the row. A vote is then one
 * statement in its own (implicit) transaction: the counter moves exactly when a row
 * really changed (a duplicate insert that does nothing, or a delete that finds nothing,
 * fires nothing), costs O(1) on a paper with any number of votes, and holds the paper's
 * row lock (PostgreSQL) only while that statement commits, instead of across the round
 * trips of an explicit transaction. Every path that writes votes (the vote use case,
 * account deletion, cascades) keeps the count without knowing about it.
 */
export const votes: MigrationFactory = (dialect) => ({
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async up(db: Kysely<any>) {
    if (dialect === 'sqlite') {
      await sql`CREATE TRIGGER votes_count_insert AFTER INSERT ON votes BEGIN
        UPDATE papers SET upvotes = upvotes + 1 WHERE id = new.paper_id;
      END`.execute(db);
      await sql`CREATE TRIGGER votes_count_delete AFTER DELETE ON votes BEGIN
        UPDATE papers SET upvotes = upvotes - 1 WHERE id = old.paper_id;
      END`.execute(db);
      return;
    }
    await sql`CREATE FUNCTION count_vote() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE papers SET upvotes = upvotes + 1 WHERE id = NEW.paper_id;
        ELSE
          UPDATE papers SET upvotes = upvotes - 1 WHERE id = OLD.paper_id;
        END IF;
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE TRIGGER votes_count AFTER INSERT OR DELETE ON votes
      FOR EACH ROW EXECUTE FUNCTION count_vote()`.execute(db);
  },
});
