/**
 * A fake HttpFetch that replays recorded responses from test/fixtures: no network.
 * `route` maps a requested URL to a fixture file (relative to test/fixtures) and status.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpFetch } from '../../src/ingest/http.ts';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export function fixturePath(rel: string): string {
  return path.join(FIXTURES, rel);
}

export interface Replay {
  status?: number;
  file?: string;
  body?: string;
  headers?: Record<string, string>;
}

export function replayHttp(route: (url: URL) => Replay | undefined): HttpFetch & { calls: string[] } {
  const calls: string[] = [];
  const fetch = async (url: string) => {
    calls.push(url);
    const r = route(new URL(url));
    if (!r) return { status: 404, headers: {}, body: 'not recorded' };
    const body = r.body ?? fs.readFileSync(fixturePath(r.file!), 'utf8');
    return { status: r.status ?? 200, headers: r.headers ?? {}, body };
  };
  return Object.assign(fetch, { calls });
}
