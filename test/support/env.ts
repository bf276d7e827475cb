/**
 * Which real components this machine offers the tests. Suites that need one that is
 * missing are skipped with a visible message (global-setup.ts); with
 * PAPERBOY_REQUIRE_ALL_SUITES=1 (as in CI) a missing one fails the run instead.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export const PG_URL = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || '';
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const HAS_PG = PG_URL.startsWith('postgres');
export const HAS_CHROMIUM = fs.existsSync(CHROMIUM_PATH);
/** Debian's python3-feedparser, importable only from the system python (not the one on PATH). */
export const FEEDPARSER_PYTHON = process.env.FEEDPARSER_PYTHON || '/usr/bin/python3';
export const HAS_FEEDPARSER =
  spawnSync(FEEDPARSER_PYTHON, ['-c', 'import feedparser'], { stdio: 'ignore' }).status === 0;
export const HAPROXY_PATH = process.env.HAPROXY_PATH || '/usr/sbin/haproxy';
export const HAS_HAPROXY = fs.existsSync(HAPROXY_PATH);
/** The SQLite ranking extension that `npm run build` compiles when a C compiler exists. */
export const NATIVE_RANKER_DIR = new URL('../../dist/native/', import.meta.url);
export const HAS_NATIVE_RANKER =
  fs.existsSync(NATIVE_RANKER_DIR) && fs.readdirSync(NATIVE_RANKER_DIR).some((f) => f.startsWith('pb_bm25.'));
