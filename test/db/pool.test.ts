/**
 * PostgreSQL connections outlive a pause: a new backend starts cold (catalog caches, text
 * search dictionaries, shared buffers mapped anew), which a quiet instance paid on every
 * search once node-postgres closed idle connections after its default 10 s.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connect, IDLE_CONNECTION_MS } from '../../src/db/connect.ts';
import { HAS_PG, PG_URL } from '../support/env.ts';

describe.skipIf(!HAS_PG)('PostgreSQL pool [postgres]', () => {
  it('keeps an idle connection past 10 s, so the next query finds the same warm backend', async () => {
    expect(IDLE_CONNECTION_MS).toBeGreaterThan(60_000);
    const db = connect({ databaseUrl: PG_URL });
    try {
      const pid = async () =>
        (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db.kysely)).rows[0]!.pid;
      const before = await pid();
      await new Promise((r) => setTimeout(r, 10_500));
      expect(await pid()).toBe(before);
    } finally {
      await db.close();
    }
  }, 20_000);
});
