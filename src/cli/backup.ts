import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import type { OpenContext } from './context.ts';
import { progressBar } from './progress.ts';

/** `paperboy backup <file>` and `paperboy restore <file>` (docs/DEPLOY.md, Backups). */
export function registerBackupCommands(program: Command, open: OpenContext, config: () => Promise<Config>) {
  program
    .command('backup <file>')
    .description(
      'write a consistent copy of the database to <file> while the server runs (SQLite: online backup; PostgreSQL: pg_dump)',
    )
    .option('--pg-dump <path>', 'pg_dump to run (PostgreSQL; at least the server major version)', 'pg_dump')
    .action(async (file: string, opts: { pgDump: string }) => {
      const ctx = await open();
      const { backupPostgres, backupSqlite } = await import('../ops/backup.repo.ts');
      try {
        if (ctx.config.DATABASE_URL) {
          const r = await backupPostgres(ctx.config.DATABASE_URL, file, opts.pgDump);
          console.log(`backup written to ${path.resolve(file)} (pg_dump custom format, ${r.bytes} bytes)`);
          return;
        }
        const bar = progressBar('pages');
        const r = await backupSqlite(ctx.db, file, (p) => bar.update(p.done, p.total));
        bar.stop();
        console.log(`backup written to ${path.resolve(file)} (${r.pages} pages, checked)`);
      } finally {
        await ctx.db.close();
      }
    });

  program
    .command('restore <file>')
    .description(
      'put a backup back: SQLite into PAPERBOY_DATA_DIR (server stopped), PostgreSQL into the empty DATABASE_URL',
    )
    .option('--force', 'SQLite: replace an existing database file')
    .option('--pg-restore <path>', 'pg_restore to run (PostgreSQL)', 'pg_restore')
    .action(async (file: string, opts: { force?: boolean; pgRestore: string }) => {
      const c = await config();
      const { restorePostgres, restoreSqlite } = await import('../ops/backup.repo.ts');
      if (c.DATABASE_URL) {
        await restorePostgres(c.DATABASE_URL, file, opts.pgRestore);
        console.log('restored into DATABASE_URL; the next start applies any newer migrations');
        return;
      }
      const target = path.join(c.PAPERBOY_DATA_DIR, 'paperboy.db');
      const r = restoreSqlite(file, target, { force: !!opts.force });
      console.log(`restored ${r.bytes} bytes to ${target}; the next start applies any newer migrations`);
    });
}
