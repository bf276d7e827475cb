/**
 * Citations and exports of papers: BibTeX, RIS, Markdown, and the `citation_*` meta tags
 * reference managers (Zotero, Mendeley) read from a paper page. Pure.
 */
import { normalizeAuthorName } from '../papers/names.ts';
import type { PaperCard } from '../papers/types.ts';
import { arxivAbsUrl, arxivPdfUrl } from '../shared/ids.ts';
import { latexToText } from './latex-text.ts';

/** What a citation needs; both the API's and the paper page's records provide it. */
export interface CitablePaper {
  arxivId: string;
  title: string;
  abstract: string;
  authors: string[];
  /** Primary first. */
  categories: string[];
  publishedAt: string;
  doi: string | null;
  journalRef: string | null;
}

// ---------------------------------------------------------------------------- BibTeX

/** Splits text into math ($…$) and non-math runs; math is valid LaTeX and is kept as is. */
function splitMath(s: string): { math: boolean; text: string }[] {
  const out: { math: boolean; text: string }[] = [];
  const re = /\$[^$]+\$/g;
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m.index > last) out.push({ math: false, text: s.slice(last, m.index) });
    out.push({ math: true, text: m[0] });
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push({ math: false, text: s.slice(last) });
  return out;
}

function braceBalanced(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * A field value BibTeX and LaTeX read back as the same text: specials outside math are
 * escaped unless already escaped; LaTeX commands the author wrote (\textsc{…}) stay; a
 * stray brace (which would end the field early) is escaped.
 */
export function bibtexEscape(s: string): string {
  const clean = s.replace(/\s+/g, ' ').trim();
  const body = splitMath(clean)
    .map(({ math, text }) => {
      if (math) return braceBalanced(text) ? text : text.replace(/[{}]/g, (c) => `\\${c}`);
      let t = text.replace(/(?<!\\)([&%#_])/g, '\\$1');
      // A lone $ (unpaired) would open math mode.
      t = t.replace(/(?<!\\)\$/g, '\\$');
      t = t.replace(/(?<!\\)~/g, '\\textasciitilde{}').replace(/(?<!\\)\^(?![{])/g, '\\^{}');
      return t;
    })
    .join('');
  return braceBalanced(body) ? body : body.replace(/(?<!\\)([{}])/g, '\\$1');
}

/** `lovelace2026study`: first author's last name, year, first significant title word. */
export function citationKey(p: CitablePaper): string {
  const ascii = (s: string) => normalizeAuthorName(s).replace(/[^a-z0-9 ]/g, '');
  const last =
    ascii(p.authors[0] ?? 'anon')
      .split(' ')
      .filter(Boolean)
      .at(-1) ?? 'anon';
  const words = ascii(latexToText(p.title))
    .split(' ')
    .filter((w) => w.length > 3 && !['with', 'from', 'towards', 'toward', 'that', 'this'].includes(w));
  return `${last}${p.publishedAt.slice(0, 4)}${words[0] ?? 'paper'}`;
}

export function toBibtex(p: CitablePaper, key = citationKey(p)): string {
  const fields: [string, string][] = [
    // Double braces keep the title's capitalisation (BibTeX styles lower-case otherwise).
    ['title', `{${bibtexEscape(p.title)}}`],
    ['author', p.authors.map(bibtexEscape).join(' and ')],
    ['year', p.publishedAt.slice(0, 4)],
    ['month', String(Number(p.publishedAt.slice(5, 7)))],
    ['eprint', p.arxivId],
    ['archivePrefix', 'arXiv'],
    ...(p.categories[0] ? ([['primaryClass', p.categories[0]]] as [string, string][]) : []),
    ['url', arxivAbsUrl(p.arxivId)],
    ...(p.doi ? ([['doi', bibtexEscape(p.doi)]] as [string, string][]) : []),
    ...(p.journalRef ? ([['note', bibtexEscape(p.journalRef)]] as [string, string][]) : []),
  ];
  const body = fields.map(([k, v]) => `  ${k} = {${v}}`).join(',\n');
  return `@misc{${key},\n${body}\n}\n`;
}

/** Many papers in one file; keys stay unique (`…a`, `…b`) when two would collide. */
export function toBibtexList(papers: CitablePaper[]): string {
  const seen = new Map<string, number>();
  return papers
    .map((p) => {
      const key = citationKey(p);
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      return toBibtex(p, n === 0 ? key : `${key}${String.fromCharCode(96 + n)}`);
    })
    .join('\n');
}

// ------------------------------------------------------------------------------- RIS

function risLine(tag: string, value: string): string {
  return `${tag}  - ${value.replace(/\s+/g, ' ').trim()}`;
}

/** RIS (one record): TY first and ER last, as every importer requires; CRLF line ends. */
export function toRis(p: CitablePaper): string {
  const d = p.publishedAt.slice(0, 10).replaceAll('-', '/');
  const lines = [
    // A preprint is unpublished work (UNPB) until it has a journal reference.
    risLine('TY', p.journalRef ? 'JOUR' : 'UNPB'),
    risLine('TI', latexToText(p.title)),
    ...p.authors.map((a) => risLine('AU', a)),
    risLine('PY', p.publishedAt.slice(0, 4)),
    risLine('DA', d),
    risLine('AB', p.abstract),
    risLine('UR', arxivAbsUrl(p.arxivId)),
    risLine('L1', arxivPdfUrl(p.arxivId)),
    ...(p.doi ? [risLine('DO', p.doi)] : []),
    ...(p.journalRef ? [risLine('JO', p.journalRef)] : []),
    risLine('PB', 'arXiv'),
    risLine('M1', `arXiv:${p.arxivId}`),
    ...p.categories.map((c) => risLine('KW', c)),
    risLine('ER', ''),
  ];
  return `${lines.join('\r\n').replace(/ +\r\n/g, '\r\n')}\r\n`;
}

export function toRisList(papers: CitablePaper[]): string {
  return papers.map(toRis).join('\r\n');
}

// -------------------------------------------------------------------------- Markdown

export interface MarkdownExtras {
  url: string;
  upvotes?: number;
  aiSummary?: string | null;
  githubRepo?: string | null;
  projectPage?: string | null;
  featuredOn?: string | null;
}

/**
 * Imported text as Markdown text: every character that could open markup (an HTML tag or
 * entity, emphasis, code, a link, a heading's closing `#`, a table cell) is backslash-escaped,
 * so a hostile title renders as itself in any renderer, raw HTML allowed or not. Characters
 * that only matter at a line's start (`-`, `+`, `1.`) stay: these fields never start a line.
 */
export function markdownText(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>&#|~!]/g, '\\$&');
}

/** Markdown that renders and reads well as plain text: for notes, LLM context and chat. */
export function toMarkdown(p: CitablePaper, x: MarkdownExtras): string {
  const links = [
    `- Paper page: <${x.url}>`,
    `- arXiv: <${arxivAbsUrl(p.arxivId)}> · PDF: <${arxivPdfUrl(p.arxivId)}>`,
    ...(x.githubRepo ? [`- Code: <${x.githubRepo}>`] : []),
    ...(x.projectPage ? [`- Project page: <${x.projectPage}>`] : []),
  ];
  const facts = [
    `Published ${p.publishedAt.slice(0, 10)}`,
    ...(x.featuredOn ? [`featured ${x.featuredOn}`] : []),
    ...(x.upvotes !== undefined ? [`${x.upvotes} upvotes`] : []),
    ...(p.categories.length ? [p.categories.join(', ')] : []),
  ];
  return [
    `# ${markdownText(p.title)}`,
    '',
    `**Authors:** ${p.authors.map(markdownText).join(', ')}`,
    '',
    `${facts.join(' · ')}`,
    '',
    ...links,
    '',
    ...(x.aiSummary ? ['## Summary', '', x.aiSummary, ''] : []),
    '## Abstract',
    '',
    p.abstract.trim(),
    '',
    '## Cite',
    '',
    '```bibtex',
    toBibtex(p).trimEnd(),
    '```',
    '',
  ].join('\n');
}

/** A paper's Markdown page: `/papers/{id}.md` and the MCP server's `read_paper` answer this. */
export function paperMarkdown(p: PaperCard, baseUrl: string): string {
  return toMarkdown(p, {
    url: `${baseUrl}/papers/${p.arxivId}`,
    upvotes: p.upvotes,
    aiSummary: p.aiSummary,
    githubRepo: p.githubRepo,
    projectPage: p.projectPage,
    featuredOn: p.featured?.feedDate ?? null,
  });
}

// ------------------------------------------------------------------ citation_* tags

/**
 * Highwire Press tags, which Zotero's connector and Google Scholar read from a page:
 * title, each author, dates, the arXiv id and the PDF.
 */
export function citationMetaTags(p: CitablePaper): { name: string; content: string }[] {
  const date = p.publishedAt.slice(0, 10).replaceAll('-', '/');
  return [
    { name: 'citation_title', content: latexToText(p.title) },
    ...p.authors.map((a) => ({ name: 'citation_author', content: a })),
    { name: 'citation_publication_date', content: date },
    { name: 'citation_online_date', content: date },
    { name: 'citation_arxiv_id', content: p.arxivId },
    { name: 'citation_pdf_url', content: arxivPdfUrl(p.arxivId) },
    { name: 'citation_abstract_html_url', content: arxivAbsUrl(p.arxivId) },
    { name: 'citation_publisher', content: 'arXiv' },
    ...(p.doi ? [{ name: 'citation_doi', content: p.doi }] : []),
    ...(p.journalRef ? [{ name: 'citation_journal_title', content: p.journalRef }] : []),
  ];
}
