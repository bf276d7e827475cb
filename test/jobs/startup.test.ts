/**
 * Several nodes starting together on one PostgreSQL database (`paperboy serve --role …`
 * on each): migrations are applied once, under Kysely's advisory lock, and every node
 * comes up.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { HAS_PG, PG_URL } from '../support/env.ts';

if (HAS_PG)
  describe('start-up of several nodes [postgres]', () => {
    it('four nodes migrating an empty database at once apply each migration once', async () => {
      const name = `pb_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(PG_URL);
      url.pathname = `/${name}`;
      const nodes = Array.from({ length: 4 }, () => connect({ databaseUrl: url.toString(), poolSize: 2 }));
      try {
        const applied = await Promise.all(nodes.map((db) => migrateToLatest(db)));
        // One node applied everything; the others found nothing left to do.
        expect(applied.map((a) => a.length).sort()).toEqual([0, 0, 0, Object.keys(migrations).length]);
        const rows = await nodes[0]!.kysely
          .selectFrom('kysely_migration' as never)
          .select('name' as never)
          .execute();
        expect(rows).toHaveLength(Object.keys(migrations).length);
      } finally {
        for (const db of nodes) await db.close();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    });
  });
