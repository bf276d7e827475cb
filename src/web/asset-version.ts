/**
 * The stylesheet as served: minified by esbuild once, when the server starts (a few
 * milliseconds), and named by its content hash in its URL (`/assets/app.css?v=…`) so
 * browsers keep it for a year and still fetch the new one right after an upgrade.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { transformSync } from 'esbuild';

const source = fs.readFileSync(new URL('../../src/web/assets/app.css', import.meta.url), 'utf8');
export const STYLESHEET = transformSync(source, {
  loader: 'css',
  minify: true,
  target: ['chrome100', 'firefox100', 'safari15'],
}).code;
export const CSS_VERSION = createHash('sha256').update(STYLESHEET).digest('base64url').slice(0, 10);
