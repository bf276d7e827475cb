/** The MCP tools anyone may call: search, featured lists, one paper, its page, similar papers, comments. */
import { z } from 'zod';
import { paperComments, publicComment } from '../community/comments.ts';
import { dailyPapersList, dailyPapersParams } from '../feed/daily-papers.ts';
import { requirePaperCard, resolveList } from '../feed/lists.ts';
import { paperMarkdown } from '../formats/citations.ts';
import { searchPapers } from '../search/search.ts';
import { searchDeps, similarDeps } from '../search/settings.ts';
import { similarToArxivId } from '../search/similar.ts';
import { NotFoundError } from '../shared/errors.ts';
import { parseArxivId } from '../shared/ids.ts';
import { limitParam } from '../shared/params.ts';
import { paperDetail, paperListItem } from './present.ts';
import { tool } from './tool.ts';

/** The one description of a paper argument, shared by every tool that takes one. */
export const paperId = z
  .string()
  .min(1, 'id must not be empty')
  .max(300, 'id must be at most 300 characters')
  .describe(
    'The paper: an arXiv id with or without version (2504.01234, 2504.01234v2, hep-th/9901001) or an arXiv URL.',
  );

const search = tool({
  name: 'search_papers',
  title: 'Search papers',
  description:
    'Search every paper on this instance (featured or not) by keywords and meaning; best match first. ' +
    'Query language: words (all must match first), "exact phrase", +required, -excluded, author:hinton or ' +
    'author:"Yann LeCun", cat:cs.CL (or cat:cs), year:2025, year:2023-2025, after:2025-03, before:2025-06-30, ' +
    'has:code, featured:yes|no, sort:newest|sort:upvotes. An arXiv id or URL returns that paper. ' +
    'Returns {query, results: [{id, title, authors, publishedAt, featured, upvotes, comments, aiSummary|abstract, url, score}], more}. ' +
    'Use get_paper or read_paper for one paper in full.',
  input: z.strictObject({
    query: z
      .string()
      .trim()
      .min(1, 'query must not be empty (to browse, use daily_papers)')
      .max(250, 'query must be at most 250 characters')
      .describe('What to look for, in the query language above.'),
    limit: limitParam(50, 10).describe('How many results, 1 to 50.'),
    offset: z.coerce
      .number()
      .int('offset must be a whole number')
      .min(0, 'offset must be 0 or more')
      .max(1000, 'offset must be at most 1000')
      .default(0)
      .describe('Results to skip, for the next page.'),
  }),
  readOnly: true,
  async run({ deps }, a) {
    const r = await searchPapers(searchDeps(deps), a.query, { limit: a.limit, offset: a.offset });
    return {
      query: r.correctedQuery ?? a.query,
      results: r.hits.map((h) => ({ ...paperListItem(h.card, deps.config.BASE_URL), score: h.score })),
      more: r.more,
    };
  },
});

const daily = tool({
  name: 'daily_papers',
  title: 'Featured papers (daily, weekly, monthly, trending)',
  description:
    "The community's featured papers, as Hugging Face's /api/daily_papers: one feed date (date), an ISO week " +
    '(week) or a month (month), at most one of them, most upvoted first; sort=trending for what is trending now ' +
    '(or within the period); submitter for the papers one member featured, organization for one organisation ' +
    '(neither combines with a period or sort). Without any: every featured paper, newest day first. ' +
    'Returns {list, page, hasMore, papers: [{id, title, authors, publishedAt, featured: {date, submitter}, upvotes, comments, aiSummary|abstract, url}]}.',
  input: dailyPapersParams.extend({ limit: limitParam(100, 20).describe('Page size, 1 to 100.') }).strict(),
  readOnly: true,
  async run({ deps }, a) {
    const { spec, limit } = dailyPapersList(a);
    const list = await resolveList(deps, spec, limit);
    return {
      list: list.title,
      page: spec.page,
      hasMore: list.hasMore,
      papers: list.items.map((p) => paperListItem(p, deps.config.BASE_URL)),
    };
  },
});

const getPaper = tool({
  name: 'get_paper',
  title: 'One paper',
  description:
    "One paper's metadata: title, authors, categories, dates, abstract, AI summary and keywords (when known), " +
    'upvotes, comment count, the day it was featured and by whom, and links (its page here, Markdown, arXiv, PDF, code, project page).',
  input: z.strictObject({ id: paperId }),
  readOnly: true,
  run: async ({ deps }, a) => paperDetail(await requirePaperCard(deps, a.id), deps.config.BASE_URL),
});

const readPaper = tool({
  name: 'read_paper',
  title: "Read a paper's page",
  description:
    "The paper's page as Markdown (the same text as /papers/{id}.md): title, authors, facts, links, AI summary, " +
    'abstract and a BibTeX citation. Not the full text of the PDF.',
  input: z.strictObject({ id: paperId }),
  readOnly: true,
  run: async ({ deps }, a) => paperMarkdown(await requirePaperCard(deps, a.id), deps.config.BASE_URL),
});

const similar = tool({
  name: 'similar_papers',
  title: 'Similar papers',
  description:
    'Papers similar to one, most similar first (as its page lists them): nearest in meaning when it has an ' +
    'embedding, else by its most distinctive words (`by` says which). Never the paper itself, never a hidden paper.',
  input: z.strictObject({ id: paperId, limit: limitParam(50, 10).describe('How many, 1 to 50.') }),
  readOnly: true,
  async run({ deps }, a) {
    const { id } = parseArxivId(a.id);
    const r = await similarToArxivId(similarDeps(deps), id, a.limit);
    if (!r) throw new NotFoundError(`Paper ${id} is not indexed on this instance.`);
    return { paper: id, by: r.by, papers: r.cards.map((p) => paperListItem(p, deps.config.BASE_URL)) };
  },
});

const comments = tool({
  name: 'get_comments',
  title: "A paper's comments",
  description:
    "A paper's discussion, oldest first: [{id, parentId, depth, status, author: {user, fullname}, body, createdAt, editedAt}]. " +
    'body is the Markdown the member wrote; deleted or removed comments keep their place with author and body null.',
  input: z.strictObject({ id: paperId }),
  readOnly: true,
  async run({ deps }, a) {
    const { id } = parseArxivId(a.id);
    return { paper: id, comments: (await paperComments(deps, id)).map(publicComment) };
  },
});

export const READ_TOOLS = [search, daily, getPaper, readPaper, similar, comments];
