/**
 * Papers as the MCP tools answer them: compact JSON for a language model to read (the HTTP
 * API keeps Hugging Face's shape for its clients). Every value is plain text or a number:
 * titles, abstracts and comments are returned as written, never rendered to HTML.
 */
import type { PaperCard } from '../papers/types.ts';
import { arxivAbsUrl, arxivPdfUrl } from '../shared/ids.ts';

/** Abstracts in lists are cut here (at a word); `get_paper` / `read_paper` give the whole text. */
const LIST_ABSTRACT_CHARS = 400;

function clip(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 40))}…`;
}

function links(p: PaperCard, baseUrl: string) {
  return {
    page: `${baseUrl}/papers/${p.arxivId}`,
    markdown: `${baseUrl}/papers/${p.arxivId}.md`,
    arxiv: arxivAbsUrl(p.arxivId),
    pdf: arxivPdfUrl(p.arxivId),
    ...(p.githubRepo ? { code: p.githubRepo } : {}),
    ...(p.projectPage ? { projectPage: p.projectPage } : {}),
  };
}

function featured(p: PaperCard) {
  return p.featured ? { date: p.featured.feedDate, submitter: p.featured.submitter?.handle ?? null } : null;
}

/** One paper in a list: enough to choose what to read next. */
export function paperListItem(p: PaperCard, baseUrl: string) {
  return {
    id: p.arxivId,
    title: p.title,
    authors: p.authors,
    publishedAt: p.publishedAt,
    featured: featured(p),
    upvotes: p.upvotes,
    comments: p.commentCount,
    ...(p.aiSummary ? { aiSummary: p.aiSummary } : { abstract: clip(p.abstract, LIST_ABSTRACT_CHARS) }),
    url: `${baseUrl}/papers/${p.arxivId}`,
  };
}

/** One paper in full: metadata, links and summary (`get_paper`). */
export function paperDetail(p: PaperCard, baseUrl: string) {
  return {
    id: p.arxivId,
    title: p.title,
    authors: p.authors,
    categories: p.categories,
    publishedAt: p.publishedAt,
    updatedAt: p.updatedAt,
    version: p.latestVersion,
    featured: featured(p),
    upvotes: p.upvotes,
    comments: p.commentCount,
    abstract: p.abstract,
    aiSummary: p.aiSummary,
    aiKeywords: p.aiKeywords,
    aiSummaryModel: p.aiSummaryModel,
    organization: p.organization?.name ?? null,
    doi: p.doi,
    journalRef: p.journalRef,
    arxivComment: p.comment,
    githubStars: p.githubStars,
    links: links(p, baseUrl),
  };
}
