import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { expect, it } from 'vitest';
import { importKaggle } from '../../src/ingest/kaggle-import.ts';
import { getPaperDetails } from '../../src/papers/paper-details.repo.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { forEachDialect, freshDbEachTest, type TestDb } from '../support/db.ts';
import { fixturePath } from '../support/http.ts';
import { paperTablesSnapshot } from '../support/snapshot.ts';

const FILE = fixturePath('kaggle/metadata-1000.jsonl');
const lines = fs.readFileSync(FILE, 'utf8').trim().split('\n');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-kaggle-'));

forEachDialect('importKaggle', (dialect) => {
  let db: TestDb;
  const clock = fixedClock('2026-08-21T12:00:00Z');
  freshDbEachTest(dialect, (d) => {
    db = d;
  });

  it('imports 1,000 real records; importing again changes nothing', async () => {
    const first = await importKaggle({ db, clock }, FILE, { batchSize: 300 });
    expect(first).toMatchObject({ lines: 1000, resumedFrom: 0, problems: [] });
    expect(first.counts).toEqual({ new: 1000, updated: 0, unchanged: 0, rejected: 0 });
    const before = await paperTablesSnapshot(db);
    clock.advance(60_000);
    const again = await importKaggle({ db, clock }, FILE, { batchSize: 300 });
    expect(again.counts).toEqual({ new: 0, updated: 0, unchanged: 1000, rejected: 0 });
    expect(await paperTablesSnapshot(db)).toEqual(before);
    const p = await getPaperDetails(db, '0704.0001');
    expect(p?.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(p?.authors[0]?.name).toBe('C. Balázs');
    expect(await db.kysely.selectFrom('ingest_state').selectAll().execute()).toEqual([]);
  });

  it('reads .gz the same as plain text', async () => {
    const dir = tmp();
    const gz = path.join(dir, 'snapshot.json.gz');
    fs.writeFileSync(gz, zlib.gzipSync(lines.slice(0, 200).join('\n')));
    const r = await importKaggle({ db, clock }, gz, { batchSize: 64 });
    expect(r.counts.new).toBe(200);
    expect(r.lines).toBe(200);
  });

  it('rejects bad lines by file and line number and imports the rest', async () => {
    const dir = tmp();
    const file = path.join(dir, 'bad.jsonl');
    const bad = [
      ...lines.slice(0, 5),
      '{"id": "0704.9999", "title": ',
      '',
      '{"id":"x"}',
      ...lines.slice(5, 10),
    ];
    // The last line is cut off mid-record, as in a truncated download.
    fs.writeFileSync(file, `${bad.join('\n')}\n${lines[10]!.slice(0, 50)}`);
    const r = await importKaggle({ db, clock }, file);
    expect(r.counts).toEqual({ new: 10, updated: 0, unchanged: 0, rejected: 3 });
    expect(r.problems).toEqual([
      expect.stringMatching(new RegExp(`^${reEscape(file)} line 6: not valid JSON`)),
      `${file} line 8: "id" "x" is not an arXiv id`,
      expect.stringMatching(new RegExp(`^${reEscape(file)} line 14: not valid JSON`)),
    ]);
  });

  it('a corrupt .gz stops with a clear error; committed batches stay and the re-run resumes', async () => {
    const dir = tmp();
    const gz = path.join(dir, 'cut.jsonl.gz');
    const whole = zlib.gzipSync(lines.join('\n'));
    fs.writeFileSync(gz, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const err = await importKaggle({ db, clock }, gz, { batchSize: 100 }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(
      /cut\.jsonl\.gz \(line \d+\): read failed \(unexpected end of file\)/,
    );
    const stored = await db.kysely.selectFrom('papers').select('id').execute();
    expect(stored.length % 100).toBe(0); // whole batches only
    expect(stored.length).toBeGreaterThan(0);

    // The complete file under the same name: the re-run skips what was committed.
    fs.writeFileSync(gz, whole);
    // A different size means a different file: the checkpoint of the cut one does not apply.
    const r = await importKaggle({ db, clock }, gz, { batchSize: 100 });
    expect(r.resumedFrom).toBe(0);
    expect(r.counts.new + r.counts.unchanged).toBe(1000);
    expect(r.counts.new).toBe(1000 - stored.length);
  });

  it('resumes after the last committed batch when the same file is imported again', async () => {
    const dir = tmp();
    const file = path.join(dir, 'snap.jsonl');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const size = fs.statSync(file).size;
    // What an interrupted run leaves: 400 lines committed, with their checkpoint.
    await importKaggle({ db, clock }, fixturePath('kaggle/metadata-1000.jsonl'), { batchSize: 1000 }).then(
      () => db.kysely.deleteFrom('papers').where('arxiv_id', '>', lines[399]!.slice(7, 16)).execute(),
    );
    await db.kysely
      .insertInto('ingest_state')
      .values({ key: `kaggle:${file}:${size}`, value: '{"line":400}', updated_at: clock.now().toISOString() })
      .execute();
    const r = await importKaggle({ db, clock }, file, { batchSize: 100 });
    expect(r.resumedFrom).toBe(400);
    expect(r.counts).toEqual({ new: 600, updated: 0, unchanged: 0, rejected: 0 });
  });

  it('names a missing file', async () => {
    await expect(importKaggle({ db, clock }, '/nonexistent/x.jsonl')).rejects.toThrow(
      '/nonexistent/x.jsonl: no such file',
    );
  });
});

function reEscape(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
