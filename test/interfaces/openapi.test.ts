/** The OpenAPI document describes the routes that exist, and the API page renders it. */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importHfDaily } from '../../src/ingest/ingest.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { forEachDialect } from '../support/db.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/hf-daily');
const EXAMPLES: Record<string, string> = {
  id: '2608.19880',
  date: '2026-08-21',
  week: '2026-W34',
  month: '2026-08',
  name: 'Chengsong%20Huang',
  category: 'cs.CL',
  handle: 'taesiri',
  org: 'google',
};

type Op = {
  parameters?: { name: string; in: string; required?: boolean; schema?: { enum?: string[] } }[];
  security?: unknown[];
};

forEachDialect('OpenAPI document', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await importHfDaily(t.deps, FIXTURES);
  });
  afterAll(() => t.close());

  it('is OpenAPI 3.1, and every documented path and format answers 200', async () => {
    const res = await t.app.inject('/openapi.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const doc = res.json() as {
      openapi: string;
      servers: { url: string }[];
      paths: Record<string, { get?: Op }>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0]!.url).toBe('http://paperboy.test');
    const templates = Object.keys(doc.paths);
    expect(templates.length).toBeGreaterThan(20);
    for (const [template, { get }] of Object.entries(doc.paths)) {
      // Writes, and reads that need a personal token (/api/me/…), are covered by their own tests.
      if (!get || get.security) continue;
      const params = get.parameters ?? [];
      // Every {placeholder} is declared as a path parameter.
      for (const m of template.matchAll(/\{(\w+)\}/g)) {
        expect(
          params.some((p) => p.in === 'path' && p.name === m[1]),
          `${template} declares ${m[1]}`,
        ).toBe(true);
      }
      const formats = params.find((p) => p.name === 'format')?.schema?.enum ?? [''];
      for (const format of formats) {
        let url = template.replace(/\{(\w+)\}/g, (_a, n: string) => (n === 'format' ? format : EXAMPLES[n]!));
        if (params.some((p) => p.in === 'query' && p.required && p.name === 'q')) url += '?q=EnvHarness';
        const r = await t.app.inject(url);
        expect(r.statusCode, url).toBe(200);
      }
    }
  });

  it('is generated from the routes: every API, feed and export route is documented', async () => {
    const doc = (await t.app.inject('/openapi.json')).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)),
    );
    const missing = t.app.routeList
      .filter((r) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
      .filter((r) => /^\/(api\/|feeds\/|exports\/|papers\/:id\.)/.test(r.url) && !r.url.includes(':archive'))
      .map(
        (r) =>
          `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}').replace(/\.(rss|atom|json|bib|ris|md)$/, '.{format}')}`,
      )
      .filter((r) => !documented.has(r));
    expect(missing).toEqual([]);
  });

  it('the API page lists the endpoints for people', async () => {
    const res = await t.app.inject('/api');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('GET /api/daily_papers');
    expect(res.body).toContain('GET /feeds/date/{date}.{format}');
    expect(res.body).toContain('href="/openapi.json"');
  });
});
