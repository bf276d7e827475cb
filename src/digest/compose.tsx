/**
 * Email bodies: an HTML part (JSX, inline styles because mail clients drop stylesheets,
 * a dark-mode block for the clients that honour it) and a plain-text part with the same
 * content. Pure: everything comes in as arguments. Math is left as its TeX source, which
 * reads well in both parts (mail clients cannot run KaTeX).
 */
import { renderToString } from 'preact-render-to-string';
import type { EditionPaper } from './editions.ts';

export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

export interface DigestView {
  siteName: string;
  baseUrl: string;
  /** "Top papers of Friday, August 21, 2026". */
  heading: string;
  /** One line under the heading, e.g. "The 10 most upvoted papers featured that day." */
  intro: string;
  subject: string;
  papers: EditionPaper[];
  /** Why the reader gets this, e.g. "the daily digest (cs.CL, cs.LG)". */
  subscribedTo: string;
  unsubscribeUrl: string;
  /** The browser preview of this edition. */
  webUrl: string;
}

const C = {
  text: '#1f2328',
  muted: '#59636e',
  accent: '#b3400b',
  border: '#d1d9e0',
  bg: '#ffffff',
  page: '#f6f8fa',
};

const DARK_CSS = `
:root { color-scheme: light dark; supported-color-schemes: light dark; }
@media (prefers-color-scheme: dark) {
  .pb-page { background: #0d1117 !important; }
  .pb-card { background: #161b22 !important; border-color: #30363d !important; }
  .pb-text { color: #e6edf3 !important; }
  .pb-muted { color: #9198a1 !important; }
  .pb-link { color: #ffa657 !important; }
}`;

/** The first paragraph of an abstract, cut at a word boundary. */
export function oneParagraph(text: string, max = 480): string {
  const para = (text.split(/\n\s*\n/)[0] ?? '').replace(/\s+/g, ' ').trim();
  if (para.length <= max) return para;
  const cut = para.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

export function shortAuthors(authorsText: string, max = 6): string {
  const all = authorsText.split(', ').filter(Boolean);
  return all.length > max ? `${all.slice(0, max).join(', ')} and ${all.length - max} more` : all.join(', ');
}

export function paperUrl(baseUrl: string, arxivId: string): string {
  return `${baseUrl}/papers/${arxivId}`;
}

function Paper({ p, rank, baseUrl }: { p: EditionPaper; rank: number; baseUrl: string }) {
  const link = { color: C.accent, textDecoration: 'none' };
  return (
    <tr>
      <td
        class="pb-card"
        style={{ padding: '16px 20px', borderTop: `1px solid ${C.border}`, background: C.bg }}
      >
        <p
          class="pb-text"
          style={{ margin: '0 0 4px', fontSize: '17px', lineHeight: '1.35', fontWeight: 600, color: C.text }}
        >
          {rank}.{' '}
          <a class="pb-link" href={paperUrl(baseUrl, p.arxivId)} style={{ ...link, color: C.text }}>
            {p.title}
          </a>
        </p>
        <p class="pb-muted" style={{ margin: '0 0 8px', fontSize: '13px', color: C.muted }}>
          {shortAuthors(p.authorsText)}
        </p>
        <p class="pb-text" style={{ margin: '0 0 10px', fontSize: '14px', lineHeight: '1.5', color: C.text }}>
          {oneParagraph(p.abstract)}
        </p>
        <p class="pb-muted" style={{ margin: 0, fontSize: '13px', color: C.muted }}>
          <span>▲ {p.upvotes} upvotes</span>
          {' · '}
          <a class="pb-link" href={paperUrl(baseUrl, p.arxivId)} style={link}>
            Paper page
          </a>
          {' · '}
          <a class="pb-link" href={`https://arxiv.org/abs/${p.arxivId}`} style={link}>
            arXiv
          </a>
          {p.codeUrl && (
            <>
              {' · '}
              <a class="pb-link" href={p.codeUrl} style={link}>
                Code
              </a>
            </>
          )}
        </p>
      </td>
    </tr>
  );
}

function DigestHtml({ v }: { v: DigestView }) {
  const link = { color: C.accent };
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <title>{v.subject}</title>
        <style>{DARK_CSS}</style>
      </head>
      <body class="pb-page" style={{ margin: 0, padding: 0, background: C.page }}>
        <table
          role="presentation"
          class="pb-page"
          width="100%"
          cellpadding="0"
          cellspacing="0"
          style={{
            background: C.page,
            fontFamily: '-apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
          }}
        >
          <tr>
            <td align="center" style={{ padding: '24px 12px' }}>
              <table
                role="presentation"
                class="pb-card"
                width="100%"
                cellpadding="0"
                cellspacing="0"
                style={{
                  maxWidth: '640px',
                  background: C.bg,
                  border: `1px solid ${C.border}`,
                  borderRadius: '8px',
                }}
              >
                <tr>
                  <td style={{ padding: '20px 20px 12px' }}>
                    <p class="pb-muted" style={{ margin: '0 0 4px', fontSize: '13px', color: C.muted }}>
                      <a class="pb-link" href={`${v.baseUrl}/`} style={{ ...link, textDecoration: 'none' }}>
                        🗞️ {v.siteName}
                      </a>
                    </p>
                    <h1 class="pb-text" style={{ margin: '0 0 6px', fontSize: '22px', color: C.text }}>
                      {v.heading}
                    </h1>
                    <p class="pb-muted" style={{ margin: 0, fontSize: '14px', color: C.muted }}>
                      {v.intro}
                    </p>
                  </td>
                </tr>
                {v.papers.map((p, i) => (
                  <Paper p={p} rank={i + 1} baseUrl={v.baseUrl} />
                ))}
                <tr>
                  <td
                    class="pb-muted"
                    style={{
                      padding: '16px 20px',
                      borderTop: `1px solid ${C.border}`,
                      fontSize: '12px',
                      color: C.muted,
                    }}
                  >
                    You receive this because you subscribed to {v.subscribedTo} on {v.siteName}.{' '}
                    <a class="pb-link" href={v.webUrl} style={link}>
                      View in your browser
                    </a>
                    {' · '}
                    <a class="pb-link" href={v.unsubscribeUrl} style={link}>
                      Unsubscribe
                    </a>
                  </td>
                </tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html>
  );
}

/** Wraps text at `width` columns, indenting every line by `indent`. */
export function wrap(text: string, width = 72, indent = ''): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width - indent.length) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

function digestText(v: DigestView): string {
  const out = [`${v.siteName}: ${v.heading}`, v.intro, ''];
  v.papers.forEach((p, i) => {
    out.push(wrap(`${i + 1}. ${p.title}`, 76));
    out.push(wrap(shortAuthors(p.authorsText), 76, '   '));
    out.push(`   ▲ ${p.upvotes} upvotes · ${p.commentCount} comments`);
    out.push('');
    out.push(wrap(oneParagraph(p.abstract), 76, '   '));
    out.push('');
    out.push(`   Paper: ${paperUrl(v.baseUrl, p.arxivId)}`);
    if (p.codeUrl) out.push(`   Code:  ${p.codeUrl}`);
    out.push('');
  });
  out.push('-- ');
  out.push(wrap(`You receive this because you subscribed to ${v.subscribedTo} on ${v.siteName}.`, 76));
  out.push(`View in your browser: ${v.webUrl}`);
  out.push(`Unsubscribe: ${v.unsubscribeUrl}`);
  return `${out.join('\n')}\n`;
}

export function composeDigest(v: DigestView): EmailContent {
  return {
    subject: v.subject,
    html: `<!doctype html>${renderToString(<DigestHtml v={v} />)}`,
    text: digestText(v),
  };
}
