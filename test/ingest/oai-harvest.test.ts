import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { Pacer, politeFetch } from '../../src/ingest/http.ts';
import { harvestOai } from '../../src/ingest/oai-harvest.ts';
import { getIngestState } from '../../src/ingest/state.repo.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { IngestError } from '../../src/shared/errors.ts';
import { forEachDialect, freshDbEachTest, type TestDb } from '../support/db.ts';
import { FIXTURES, fixturePath, replayHttp } from '../support/http.ts';

const OAI = 'https://oaipmh.arxiv.org/oai';
const config = { ARXIV_OAI_URL: OAI };
const PAGE1 = 'oai-pmh/ListRecords_oai_dc_set-cs_page1.xml';
const LAST = 'oai-pmh/ListRecords_arXiv_last-page.xml';

forEachDialect('harvestOai', (dialect) => {
  let db: TestDb;
  const clock = fixedClock('2026-08-21T12:00:00Z');
  freshDbEachTest(dialect, (d) => {
    db = d;
  });

  it('follows resumption tokens, waits out 503 Retry-After, and clears its state when done', async () => {
    let busy = true;
    const transport = replayHttp((url) => {
      const p = url.searchParams;
      if (p.get('resumptionToken') === '6960524|1001') return { file: LAST };
      if (p.get('metadataPrefix') === 'oai_dc' && p.get('set') === 'cs' && p.get('from') === '2024-01-25') {
        if (busy) {
          busy = false;
          return {
            status: 503,
            headers: { 'retry-after': '10' },
            body: '<html>Retry after 10 seconds</html>',
          };
        }
        return { file: PAGE1 };
      }
      return undefined;
    });
    const sleeps: number[] = [];
    const http = politeFetch(transport, {
      minIntervalMs: 0,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      pacer: new Pacer(),
    });
    const r = await harvestOai(
      { db, clock, config, http },
      { prefix: 'oai_dc', set: 'cs', from: '2024-01-25' },
    );
    expect(sleeps).toContain(10_000);
    expect(transport.calls).toHaveLength(3);
    expect(r).toMatchObject({
      pages: 2,
      resumed: false,
      counts: { new: 6, updated: 0, unchanged: 0, rejected: 0 },
    });
    expect(await db.kysely.selectFrom('ingest_state').selectAll().execute()).toEqual([]);

    const again = await harvestOai(
      { db, clock, config, http },
      { prefix: 'oai_dc', set: 'cs', from: '2024-01-25' },
    );
    expect(again.counts).toEqual({ new: 0, updated: 0, unchanged: 6, rejected: 0 });
  });

  it('resumes from the stored token after a failure, without refetching stored pages', async () => {
    let down = true;
    const transport = replayHttp((url) => {
      if (url.searchParams.get('resumptionToken') === '6960524|1001') {
        return down ? { status: 500, body: 'Internal Server Error' } : { file: LAST };
      }
      return { file: PAGE1 };
    });
    const deps = { db, clock, config, http: transport };
    await expect(harvestOai(deps, { prefix: 'oai_dc', set: 'cs' })).rejects.toThrow(
      /OAI-PMH answered HTTP 500/,
    );
    expect(await db.kysely.selectFrom('papers').select('arxiv_id').execute()).toHaveLength(5);
    expect(await getIngestState(db, `oai:${OAI}|oai_dc|cs||`)).toBe('6960524|1001');

    down = false;
    transport.calls.length = 0;
    const r = await harvestOai(deps, { prefix: 'oai_dc', set: 'cs' });
    expect(r.resumed).toBe(true);
    expect(transport.calls).toHaveLength(1);
    expect(new URL(transport.calls[0]!).searchParams.get('resumptionToken')).toBe('6960524|1001');
    expect(r.counts.new).toBe(1);
    expect(await getIngestState(db, `oai:${OAI}|oai_dc|cs||`)).toBeNull();
  });

  it('reads saved responses from a directory through the same parser', async () => {
    const http = replayHttp(() => undefined);
    const r = await harvestOai({ db, clock, config, http }, { file: `${FIXTURES}/oai-pmh` });
    expect(http.calls).toEqual([]);
    // GetRecord and the last page hold the same paper: 5 + 1 new, then unchanged.
    expect(r.counts).toEqual({ new: 6, updated: 0, unchanged: 1, rejected: 0 });
    expect(r.pages).toBe(3);
  });

  it('says which files of a directory it skipped, and how many', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oai-'));
    try {
      fs.copyFileSync(fixturePath(PAGE1), path.join(dir, 'page1.xml'));
      fs.copyFileSync(fixturePath(LAST), path.join(dir, 'page2.XML.bak'));
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a response');
      const r = await harvestOai({ db, clock, config, http: replayHttp(() => undefined) }, { file: dir });
      expect(r.pages).toBe(1);
      expect(r.counts.new).toBe(5);
      expect(r.skipped).toEqual([path.join(dir, 'notes.txt'), path.join(dir, 'page2.XML.bak')]);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('a file with an external entity is a clear ingest error naming it; nothing is read or written', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oai-'));
    try {
      const secret = path.join(dir, 'secret.txt');
      fs.writeFileSync(secret, 'TOP-SECRET');
      const file = path.join(dir, 'xxe.xml');
      const page = fs.readFileSync(fixturePath(PAGE1), 'utf8');
      fs.writeFileSync(
        file,
        page
          .replace('<OAI-PMH', `<!DOCTYPE OAI-PMH [<!ENTITY xxe SYSTEM "file://${secret}">]>\n<OAI-PMH`)
          .replace(/<dc:title>/, '<dc:title>&xxe;'),
      );
      const run = harvestOai({ db, clock, config, http: replayHttp(() => undefined) }, { file });
      await expect(run).rejects.toBeInstanceOf(IngestError);
      await expect(run).rejects.toThrow(`${file}: refused XML: external entities are not allowed`);
      expect(await db.kysely.selectFrom('papers').select('id').execute()).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('a truncated page stops the harvest with the line, writing nothing of it', async () => {
    const cut = fs.readFileSync(fixturePath(PAGE1), 'utf8').slice(0, 5000);
    const http = replayHttp(() => ({ body: cut }));
    await expect(harvestOai({ db, clock, config, http }, { set: 'cs' })).rejects.toThrow(
      /line \d+, column \d+\): malformed XML/,
    );
    expect(await db.kysely.selectFrom('papers').select('id').execute()).toEqual([]);
  });
});
