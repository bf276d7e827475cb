/**
 * The browser's files: /assets/app.js (src/web/client/main.ts and what it imports, bundled
 * and minified by esbuild, with its source map) and /assets/app.css (src/web/assets/app.css,
 * minified), each named by a content hash in its URL (`?v=…`) so browsers keep it for a
 * year and still fetch the new one right after an upgrade.
 *
 * They are built when the program is installed (`npm install` / `npm ci` run `prepare`,
 * scripts/build.js, which calls buildAssets into dist/assets/), so the server only reads
 * them at start. When the built files are missing or older than a source (a clone being
 * edited, run through tsx), they are built in memory at start instead: always current.
 * CSP stays `script-src 'self'`: the bundle is an ordinary same-origin file.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ClientAssets {
  js: string;
  map: string;
  css: string;
  /** The site icon (src/web/assets/favicon.svg), linked by version like the others. */
  icon: string;
  /** Content hashes: in the files' URLs and their ETags. */
  jsVersion: string;
  cssVersion: string;
  iconVersion: string;
}

// From the project root, so the compiled program (dist/chunks/) finds the same files.
const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const CLIENT_DIR = root('src/web/client');
const CSS_SOURCE = root('src/web/assets/app.css');
const ICON = root('src/web/assets/favicon.svg');
/** Where scripts/build.js writes the built files. */
export const BUILT_DIR = root('dist/assets');
const BUILT = { js: 'app.js', map: 'app.js.map', css: 'app.css' } as const;

let pending: Promise<ClientAssets> | null = null;
let versions = { js: '', css: '', icon: '' };

/** The files' versions for their URLs in pages; set once they are loaded, at start. */
export const assetVersions = () => versions;

/** Loads (or builds) the files once per process; every app instance (and test) shares them. */
export function clientAssets(): Promise<ClientAssets> {
  pending ??= loadAssets().catch((err: unknown) => {
    pending = null;
    throw err;
  });
  return pending;
}

async function loadAssets(): Promise<ClientAssets> {
  const files = builtIsCurrent() ? readBuilt() : await buildAssets();
  const hash = (s: string) => createHash('sha256').update(s).digest('base64url').slice(0, 16);
  const icon = fs.readFileSync(ICON, 'utf8');
  const assets = {
    ...files,
    icon,
    jsVersion: hash(files.js),
    cssVersion: hash(files.css),
    iconVersion: hash(icon),
  };
  versions = { js: assets.jsVersion, css: assets.cssVersion, icon: assets.iconVersion };
  return assets;
}

function readBuilt() {
  const read = (name: string) => fs.readFileSync(`${BUILT_DIR}/${name}`, 'utf8');
  return { js: read(BUILT.js), map: read(BUILT.map), css: read(BUILT.css) };
}

/** Whether dist/assets holds every file and none is older than a source (a few stats). */
function builtIsCurrent(): boolean {
  try {
    const built = Math.min(...Object.values(BUILT).map((f) => fs.statSync(`${BUILT_DIR}/${f}`).mtimeMs));
    const sources = [CSS_SOURCE, ...fs.readdirSync(CLIENT_DIR).map((f) => `${CLIENT_DIR}/${f}`)];
    return sources.every((f) => fs.statSync(f).mtimeMs <= built);
  } catch {
    return false;
  }
}

/** Bundles and minifies the files (esbuild, loaded only here: tens of milliseconds). */
export async function buildAssets(): Promise<{ js: string; map: string; css: string }> {
  const { build, transform } = await import('esbuild');
  const [out, css] = await Promise.all([
    build({
      entryPoints: [`${CLIENT_DIR}/main.ts`],
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
    }),
    transform(fs.readFileSync(CSS_SOURCE, 'utf8'), {
      loader: 'css',
      minify: true,
      target: ['chrome100', 'firefox100', 'safari15'],
    }),
  ]);
  const js = out.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
  const map = out.outputFiles.find((f) => f.path.endsWith('.map'))?.text ?? '';
  return { js, map, css: css.code };
}

/** Writes the built files where clientAssets finds them (scripts/build.js). */
export async function writeAssets(): Promise<string[]> {
  const files = await buildAssets();
  fs.mkdirSync(BUILT_DIR, { recursive: true });
  for (const [key, name] of Object.entries(BUILT))
    fs.writeFileSync(`${BUILT_DIR}/${name}`, files[key as keyof typeof BUILT]);
  return Object.values(BUILT);
}
