/**
 * The import rules of docs/ARCHITECTURE.md, checked on every test run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const files = walk(SRC).map((abs) => {
  const rel = path.relative(SRC, abs).split(path.sep).join('/');
  const text = fs.readFileSync(abs, 'utf8');
  const imports = [...text.matchAll(/^(?:import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)].map((m) => ({
    typeOnly: !!m[1],
    spec: m[2]!,
    target: m[2]!.startsWith('.')
      ? path
          .relative(SRC, path.resolve(path.dirname(abs), m[2]!))
          .split(path.sep)
          .join('/')
      : m[2]!,
  }));
  return { rel, text, imports };
});

/** Modules that must stay pure: no I/O, only other pure modules. */
const PURE = [
  /^shared\/ids\.ts$/,
  /^feed\/dates\.ts$/,
  /^feed\/ranking\.ts$/,
  /^search\/fuse\.ts$/,
  /^search\/bm25\.ts$/,
  /^search\/query-parser\.ts$/,
  /^papers\/names\.ts$/,
  /^papers\/announcements\.ts$/,
  /^shared\/text\.ts$/,
  /^shared\/errors\.ts$/,
  /^community\/imported-people\.ts$/,
  /^summaries\/(prompt|reply)\.ts$/,
];

/** Strongly connected components of more than one module (Tarjan): the import cycles. */
function importCycles(): string[][] {
  const graph = new Map(files.map((f) => [f.rel, f.imports.map((i) => i.target).filter((t) => t !== f.rel)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) cycles.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

describe('architecture', () => {
  it('only repositories, the database layer and jobs use .kysely', () => {
    const allowed = (f: string) => /\.repo\.ts$/.test(f) || f.startsWith('db/') || f.startsWith('jobs/');
    const offenders = files.filter((f) => !allowed(f.rel) && /\.kysely\b/.test(f.text)).map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it('routes import no repositories: they call use cases', () => {
    const offenders = files.flatMap((f) =>
      f.rel.startsWith('web/routes/')
        ? f.imports.filter((i) => /\.repo\.ts$/.test(i.target)).map((i) => `${f.rel} -> ${i.spec}`)
        : [],
    );
    expect(offenders).toEqual([]);
  });

  it('no import cycles between modules, type imports included', () => {
    expect(importCycles()).toEqual([]);
  });

  it('only repositories, migrations, jobs and main touch the database (type imports aside)', () => {
    const allowed = (f: string) =>
      /\.repo\.ts$/.test(f) || f.startsWith('db/') || f.startsWith('jobs/') || f === 'main.ts';
    const offenders = files.flatMap((f) =>
      f.imports
        .filter((i) => !i.typeOnly && i.target.startsWith('db/') && !allowed(f.rel))
        .map((i) => `${f.rel} -> ${i.spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('capabilities never import the web layer or the CLI', () => {
    const offenders = files.flatMap((f) =>
      f.rel.startsWith('web/') || f.rel.startsWith('cli/') || f.rel === 'main.ts'
        ? []
        : f.imports
            .filter((i) => i.target.startsWith('web/') || i.target.startsWith('cli/'))
            .map((i) => `${f.rel} -> ${i.spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('pure modules import only other pure modules', () => {
    const isPure = (p: string) => PURE.some((r) => r.test(p)) || /(^|\/)types\.ts$/.test(p);
    const offenders = files
      .filter((f) => PURE.some((r) => r.test(f.rel)))
      .flatMap((f) => f.imports.filter((i) => !isPure(i.target)).map((i) => `${f.rel} -> ${i.spec}`));
    expect(offenders).toEqual([]);
  });

  it('no source file is over 400 lines', () => {
    const long = files.filter((f) => f.text.split('\n').length > 400).map((f) => f.rel);
    expect(long).toEqual([]);
  });
});
