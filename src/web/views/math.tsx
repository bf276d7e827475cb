/**
 * Text with `$…$` / `$$…$$` math: math becomes KaTeX HTML (rendered on the server,
 * cached), everything else stays text that preact escapes. KaTeX runs with trust off,
 * so untrusted TeX cannot add links, styles or scripts.
 */
import katex from 'katex';

const MATH = /\$\$([^$]{1,2000}?)\$\$|\$([^$\n]{1,1000}?)\$/g;
const cache = new Map<string, string>();
const CACHE_MAX = 20_000;

export function renderMath(tex: string, display: boolean): string {
  const key = `${display ? 'D' : 'I'}${tex}`;
  let html = cache.get(key);
  if (html === undefined) {
    html = katex.renderToString(tex, {
      displayMode: display,
      throwOnError: false,
      trust: false,
      strict: 'ignore',
      maxExpand: 200,
    });
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, html);
  }
  return html;
}

/** Splits text into plain and math parts; pure. */
export function splitMath(text: string): { text?: string; tex?: string; display?: boolean }[] {
  const parts: { text?: string; tex?: string; display?: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(MATH)) {
    const tex = m[1] ?? m[2] ?? '';
    if (!tex.trim()) continue;
    if (m.index > last) parts.push({ text: text.slice(last, m.index) });
    parts.push({ tex, display: m[1] !== undefined });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

export function MathText({ text }: { text: string }) {
  return (
    <>
      {splitMath(text).map((p, i) =>
        p.tex !== undefined ? (
          // KaTeX output with trust off escapes its input, so it is safe to inline.
          <span key={i} class="math" dangerouslySetInnerHTML={{ __html: renderMath(p.tex, !!p.display) }} />
        ) : (
          p.text
        ),
      )}
    </>
  );
}
