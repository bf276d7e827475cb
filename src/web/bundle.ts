/**
 * The browser bundle (/assets/app.js): src/web/client/main.ts and what it imports,
 * bundled by esbuild in memory when the server starts (tens of milliseconds), so
 * `npm install && npm start` needs no build step and the bundle always matches the source.
 * CSP stays `script-src 'self'`: the bundle is an ordinary same-origin file.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface ClientBundle {
  js: string;
  map: string;
  /** Content hash: in the script's URL and its ETag. */
  version: string;
}

// From the project root, so the compiled program (dist/chunks/) finds the sources too.
const ENTRY = fileURLToPath(new URL('../../src/web/client/main.ts', import.meta.url));

let pending: Promise<ClientBundle> | null = null;
let scriptVersion = '';

/** The bundle's version for its URL in pages (`/assets/app.js?v=…`); set once it is built, at start. */
export const clientBundleVersion = () => scriptVersion;

/** Builds once per process; every app instance (and test) shares the result. */
export function clientBundle(): Promise<ClientBundle> {
  pending ??= buildBundle().catch((err: unknown) => {
    pending = null;
    throw err;
  });
  return pending;
}

async function buildBundle(): Promise<ClientBundle> {
  const out = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    sourcemap: 'linked',
    outdir: '/assets',
    entryNames: 'app',
    write: false,
    logLevel: 'silent',
  });
  const js = out.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
  const map = out.outputFiles.find((f) => f.path.endsWith('.map'))?.text ?? '';
  const version = createHash('sha256').update(js).digest('base64url').slice(0, 16);
  scriptVersion = version;
  return { js, map, version };
}
