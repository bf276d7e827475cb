import type { Command } from 'commander';
import type { CopyReport, copyInstance } from '../db/copy.ts';
import { ValidationError } from '../shared/errors.ts';
import { progressBars } from './progress.ts';

/** `sqlite:<path>` (also `sqlite://<path>`) → the path. */
export function sqlitePathOf(from: string): string {
  const m = /^sqlite:(?:\/\/)?(.+)$/.exec(from);
  if (!m) throw new ValidationError(`--from must be sqlite:<path to paperboy.db>, not "${from}"`);
  return m[1]!;
}

function postgresUrlOf(to: string): string {
  if (!/^postgres(ql)?:\/\//.test(to)) throw new ValidationError('--to must be a postgres://… URL');
  return to;
}

/** One line per table, then what was rebuilt or left out, then the verdict. */
export function formatCopyReport(r: CopyReport): string {
  const width = Math.max(5, ...r.tables.map((t) => t.table.length));
  const n = (v: number) => v.toLocaleString('en-US');
  const lines = [`${'table'.padEnd(width)}  ${'rows'.padStart(10)}  ${'copied'.padStart(10)}  verified`];
  for (const t of r.tables)
    lines.push(
      `${t.table.padEnd(width)}  ${n(t.rows).padStart(10)}  ${n(t.copied).padStart(10)}  ${
        t.ok
          ? `ok ${t.checksum.slice(0, 12)}`
          : `MISMATCH: target has ${n(t.targetRows)} rows, checksum ${t.targetChecksum.slice(0, 12)}`
      }`,
    );
  if (r.rebuilt.length) lines.push(`rebuilt by PostgreSQL from the copied rows: ${r.rebuilt.join(', ')}`);
  for (const s of r.skipped) lines.push(`not copied: ${s.table} (${n(s.rows)} rows): ${s.reason}`);
  const rows = r.tables.reduce((a, t) => a + t.rows, 0);
  const copied = r.tables.reduce((a, t) => a + t.copied, 0);
  const bad = r.tables.filter((t) => !t.ok).map((t) => t.table);
  if (r.alreadyComplete)
    lines.push(
      `the target already is a complete copy: ${n(rows)} rows in ${r.tables.length} tables verified`,
    );
  else if (bad.length === 0)
    lines.push(
      `copied ${n(copied)} rows${r.resumed ? ` (resuming: ${n(rows - copied)} were already there)` : ''}; ` +
        `${r.tables.length} tables, ${n(rows)} rows verified: the same rows and checksums on both sides`,
    );
  else
    lines.push(
      `verification FAILED for ${bad.join(', ')}: did the source change during the copy? ` +
        'Stop the old instance, then copy again into a new, empty database',
    );
  return lines.join('\n');
}

/** `paperboy copy --from sqlite:<path> --to postgres://…`: the way from SQLite to PostgreSQL. */
export function registerCopyCommand(program: Command, copy: typeof copyInstance) {
  program
    .command('copy')
    .description(
      'copy a whole instance from SQLite to an empty PostgreSQL database, verifying every table; re-run to resume',
    )
    .requiredOption('--from <source>', 'sqlite:<path to paperboy.db>')
    .requiredOption('--to <url>', 'postgres://… URL of an empty database')
    .option('--batch-size <n>', 'rows per insert', (v) => Number.parseInt(v, 10), 1000)
    .action(async (o: { from: string; to: string; batchSize: number }) => {
      const bars = progressBars();
      const report = await copy({
        sqlitePath: sqlitePathOf(o.from),
        databaseUrl: postgresUrlOf(o.to),
        batchSize: o.batchSize > 0 ? o.batchSize : 1000,
        onProgress: bars,
      });
      console.log(formatCopyReport(report));
      if (!report.ok) process.exitCode = 1;
    });
}
