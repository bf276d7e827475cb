import {
  CHROMIUM_PATH,
  FEEDPARSER_PYTHON,
  HAPROXY_PATH,
  HAS_CHROMIUM,
  HAS_FEEDPARSER,
  HAS_HAPROXY,
  HAS_NATIVE_RANKER,
  HAS_PG,
} from './env.ts';

export default function setup() {
  const missing: string[] = [];
  if (!HAS_PG)
    missing.push(
      'PostgreSQL (set DATABASE_URL=postgres://… or TEST_DATABASE_URL): PostgreSQL storage suites',
    );
  if (!HAS_CHROMIUM) missing.push(`Chromium (${CHROMIUM_PATH}; apt-get install -y chromium): browser suites`);
  if (!HAS_FEEDPARSER)
    missing.push(
      `feedparser (${FEEDPARSER_PYTHON}; apt-get install -y python3-feedparser): feed parsing checks`,
    );
  if (!HAS_HAPROXY) missing.push(`HAProxy (${HAPROXY_PATH}; apt-get install -y haproxy): the cluster test`);
  if (!HAS_NATIVE_RANKER)
    missing.push(
      'the native ranker (dist/native/pb_bm25.*; `npm run build` with a C compiler): its comparison with bm25()',
    );
  if (missing.length === 0) return;
  const text = missing.map((m) => `  SKIPPED: ${m}`).join('\n');
  if (process.env.PAPERBOY_REQUIRE_ALL_SUITES === '1') {
    throw new Error(`PAPERBOY_REQUIRE_ALL_SUITES=1 but these are missing:\n${text}`);
  }
  console.warn(`\n*** Some suites will be skipped because this machine lacks:\n${text}\n`);
}
