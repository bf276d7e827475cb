import { describe, expect, it } from 'vitest';
import type { CopyReport } from '../db/copy.ts';
import { formatCopyReport, sqlitePathOf } from './copy.ts';

const table = (name: string, rows: number, copied: number, ok = true) => ({
  table: name,
  rows,
  copied,
  targetRows: ok ? rows : rows - 1,
  checksum: 'a'.repeat(32),
  targetChecksum: ok ? 'a'.repeat(32) : 'b'.repeat(32),
  ok,
});

const report = (over: Partial<CopyReport>): CopyReport => ({
  tables: [table('papers', 1200, 1200), table('votes', 30, 30)],
  rebuilt: ['papers_fts'],
  skipped: [],
  resumed: false,
  alreadyComplete: false,
  ok: true,
  ...over,
});

describe('paperboy copy: arguments and report', () => {
  it('takes sqlite:<path> and sqlite://<path>, and explains anything else', () => {
    expect(sqlitePathOf('sqlite:data/paperboy.db')).toBe('data/paperboy.db');
    expect(sqlitePathOf('sqlite:///srv/paperboy/data/paperboy.db')).toBe('/srv/paperboy/data/paperboy.db');
    expect(() => sqlitePathOf('data/paperboy.db')).toThrow(/--from must be sqlite:<path/);
  });

  it('prints a count per table and the verdict', () => {
    const text = formatCopyReport(report({}));
    expect(text).toMatch(/^papers\s+1,200\s+1,200\s+ok a{12}$/m);
    expect(text).toContain('rebuilt by PostgreSQL from the copied rows: papers_fts');
    expect(text.split('\n').at(-1)).toBe(
      'copied 1,230 rows; 2 tables, 1,230 rows verified: the same rows and checksums on both sides',
    );
  });

  it('says what a resumed run kept, what was left out, and which table failed', () => {
    const resumed = report({ resumed: true, tables: [table('papers', 1200, 200), table('votes', 30, 30)] });
    expect(formatCopyReport(resumed)).toContain('copied 230 rows (resuming: 1,000 were already there)');
    const skipped = report({
      skipped: [{ table: 'paper_embeddings', rows: 5, reason: 'PostgreSQL has no pgvector extension' }],
    });
    expect(formatCopyReport(skipped)).toContain(
      'not copied: paper_embeddings (5 rows): PostgreSQL has no pgvector extension',
    );
    const bad = formatCopyReport(report({ ok: false, tables: [table('papers', 1200, 1200, false)] }));
    expect(bad).toContain('MISMATCH: target has 1,199 rows');
    expect(bad).toContain('verification FAILED for papers');
  });
});
