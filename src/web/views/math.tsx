/**
 * Text with `$…$` / `$$…$$` math: math becomes MathML rendered by KaTeX on the server
 * (cached), everything else stays text that preact escapes. KaTeX runs with trust off,
 * so untrusted TeX cannot add links, styles or scripts.
 *
 * MathML only, not KaTeX's HTML output: the HTML output positions glyphs with inline
 * `style` attributes, which the strict CSP (`style-src 'self'`) blocks; MathML needs no
 * styles or fonts of ours, is read by screen readers, and is a tenth of the size.
 * Every current browser renders MathML Core.
 */
import katex from 'katex';

const cache = new Map<string, string>();
const CACHE_MAX = 20_000;
const MAX_INLINE = 1000;
const MAX_DISPLAY = 2000;

export function renderMath(tex: string, display: boolean): string {
  const key = `${display ? 'D' : 'I'}${tex}`;
  let html = cache.get(key);
  if (html === undefined) {
    html = katex.renderToString(tex, {
      displayMode: display,
      output: 'mathml',
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

export interface MathPart {
  text?: string;
  tex?: string;
  display?: boolean;
  /** Offset in the source just after this part. */
  end: number;
}

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** The next `$` at or after `from` that is not escaped as `\$`; -1 when none. */
function nextDollar(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '$') return i;
  }
  return -1;
}

/**
 * Splits text into plain and math parts; pure. Follows pandoc's rule so prices are not
 * math: an inline `$` opens only before a non-space, closes only after a non-space and
 * not before a digit ("costs $8 and $3 more" stays text). `\$` is a literal dollar.
 */
export function splitMath(text: string): MathPart[] {
  const parts: MathPart[] = [];
  let plain = '';
  let i = 0;
  const flush = (end: number) => {
    if (plain) parts.push({ text: plain, end });
    plain = '';
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '$') {
      plain += '$';
      i += 2;
      continue;
    }
    if (c === '$' && text[i + 1] === '$') {
      const close = text.indexOf('$$', i + 2);
      const tex = close > 0 ? text.slice(i + 2, close) : '';
      if (tex.trim() && tex.length <= MAX_DISPLAY) {
        flush(i);
        parts.push({ tex, display: true, end: close + 2 });
        i = close + 2;
        continue;
      }
    } else if (c === '$' && !isSpace(text[i + 1])) {
      const close = nextDollar(text, i + 1);
      if (
        close > 0 &&
        close - i - 1 <= MAX_INLINE &&
        !isSpace(text[close - 1]) &&
        !isDigit(text[close + 1])
      ) {
        flush(i);
        parts.push({ tex: text.slice(i + 1, close), display: false, end: close + 1 });
        i = close + 1;
        continue;
      }
    }
    plain += c;
    i++;
  }
  flush(text.length);
  return parts;
}

export function MathText({ text }: { text: string }) {
  return (
    <>
      {splitMath(text).map((p) =>
        p.tex !== undefined ? (
          // KaTeX output with trust off escapes its input, so it is safe to inline.
          <span class="math" dangerouslySetInnerHTML={{ __html: renderMath(p.tex, !!p.display) }} />
        ) : (
          p.text
        ),
      )}
    </>
  );
}
