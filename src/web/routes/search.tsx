/**
 * Search: the /search page, the fragment search-as-you-type swaps in, and the
 * HF-compatible JSON API /api/papers/search.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { allPapers, FEED_DOMAINS, listKind, listLinks } from '../../feed/lists.ts';
import { feedAlternates } from '../../formats/feeds.ts';
import { presentHfDailyItem } from '../../papers/present.ts';
import { highlightSnippet } from '../../search/highlight.ts';
import { highlightWords, MAX_QUERY_LENGTH } from '../../search/query-parser.ts';
import { type SearchResponse, searchPapers } from '../../search/search.ts';
import { searchDeps as searchDepsOf } from '../../search/settings.ts';
import { ValidationError } from '../../shared/errors.ts';
import type { WebDeps } from '../deps.ts';
import { RESPONSES, type RouteDoc } from '../openapi.ts';
import { renderFragment, renderPage } from '../views/render.tsx';
import { SearchPage, type SearchPageProps, SearchResults, SearchSuggestions } from '../views/search.tsx';

const PAGE_SIZE = 20;

const pageQuery = z.object({
  // Room for a pasted abstract ("more like this text").
  q: z.string().max(MAX_QUERY_LENGTH).optional().default(''),
  literal: z.literal('1').optional().catch(undefined),
  sort: z.enum(['relevance', 'newest', 'upvotes']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(50).optional().catch(1).default(1),
});

/** As HF: q at most 250 characters, limit at most 120. */
const apiQuery = z.object({
  q: z.string().max(250, 'q must be at most 250 characters').optional().default(''),
  limit: z.coerce.number().int().min(1).max(120).optional().default(20),
  offset: z.coerce.number().int().min(0).max(1000).optional().default(0),
  mode: z.enum(['hybrid', 'lexical', 'semantic']).optional().default('hybrid'),
  literal: z.literal('1').optional(),
});

export const SEARCH_DOCS: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/papers/search',
    tag: 'Papers',
    summary: 'Search papers (hybrid keyword + semantic); items carry a relevance score',
    params: apiQuery,
    responses: RESPONSES.dailyPapers,
  },
];

export function searchRoutes(deps: WebDeps) {
  const searchDeps = searchDepsOf(deps);
  const site = deps.config.SITE_NAME;
  const presentOpts = { defaultAvatarUrl: `${deps.config.BASE_URL}/assets/favicon.svg` };

  async function run(raw: unknown, opts: { prefix?: boolean } = {}): Promise<SearchPageProps> {
    const parsed = pageQuery.safeParse(raw);
    if (!parsed.success) throw new ValidationError('The search query is not valid.');
    const { q, sort, page, literal } = parsed.data;
    // A sort chosen in the form applies unless the query says sort: itself.
    const text = sort && sort !== 'relevance' && !/\bsort:/i.test(q) ? `${q} sort:${sort}` : q;
    const response = q.trim()
      ? await searchPapers(searchDeps, text, {
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
          literal: !!literal,
          ...opts,
        })
      : null;
    return present(q, sort, page, response, !!literal);
  }

  return async function plugin(app: FastifyInstance) {
    // Anonymous searches are pages like any other: an identical query (a popular one, a
    // shared link) is answered from the page cache until papers change. The hour is in the
    // key because the ranking's recency prior moves with the clock.
    app.get('/search', (req, reply) => {
      const hour = Math.floor(deps.clock.now().getTime() / 3_600_000);
      return app.pageCache.serve(
        req,
        reply,
        `search:${hour}:${req.url}`,
        () => searchPage(req, reply),
        FEED_DOMAINS,
      );
    });

    async function searchPage(req: FastifyRequest, reply: FastifyReply) {
      const props = await run(req.query);
      if (props.response?.redirect) return reply.redirect(`/papers/${props.response.redirect.arxivId}`, 302);
      // A search is a list too: its feeds are announced like every list's.
      const q = props.q.trim();
      const list = q && q.length <= 250 ? listLinks(listKind('search'), { q }) : null;
      return renderPage(reply, <SearchPage {...props} />, {
        title: props.q ? `${props.q.slice(0, 80)} · Search` : 'Search',
        siteName: site,
        canonical: `${deps.config.BASE_URL}/search`,
        description: 'Search every paper here by words, phrases, authors, categories and dates.',
        query: props.q,
        feeds: list ? feedAlternates(list.links.feed, `Search: ${q}`, list.query) : undefined,
      });
    }

    // Search-as-you-type swaps this fragment into the page (rendered here so escaping stays in one place).
    app.get<{ Querystring: { compact?: string } }>('/search/results', async (req, reply) => {
      const props = await run(req.query, { prefix: true });
      const body =
        req.query.compact === '1' ? <SearchSuggestions {...props} /> : <SearchResults {...props} />;
      return renderFragment(reply, body);
    });

    app.get('/api/papers/search', async (req, reply) => {
      const parsed = apiQuery.safeParse(req.query);
      if (!parsed.success)
        throw new ValidationError(
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        );
      const { q, limit, offset, mode, literal } = parsed.data;
      // No query is a search for everything, as huggingface_hub's list_papers() means it:
      // the newest papers, in the same shape.
      if (q.trim() === '') {
        const newest = await allPapers(deps, undefined, offset + limit);
        return newest.items.slice(offset).map((p) => ({ ...presentHfDailyItem(p, presentOpts), score: 0 }));
      }
      const r = await searchPapers(searchDeps, q, { limit, offset, mode, literal: !!literal });
      // The body stays HF's bare array; a corrected query is named in a header.
      if (r.correctedQuery) reply.header('x-search-corrected-query', encodeURIComponent(r.correctedQuery));
      // The same items as HF's /api/papers/search, plus our relevance score.
      return r.hits.map((h) => ({
        ...presentHfDailyItem(h.card, presentOpts),
        score: h.score,
        ...(h.pinned ? { pinned: true } : {}),
      }));
    });
  };
}

function present(
  q: string,
  sort: string | undefined,
  page: number,
  response: SearchResponse | null,
  literal: boolean,
): SearchPageProps {
  const words = response ? highlightWords(response.query) : [];
  const results = (response?.hits ?? []).map((h) => ({
    card: h.card,
    pinned: h.pinned,
    snippet: highlightSnippet(
      h.card.aiSummary && words.length === 0 ? h.card.aiSummary : h.card.abstract,
      words,
    ),
  }));
  const href = (p: number) =>
    `/search?${new URLSearchParams({ q, ...(sort ? { sort } : {}), ...(literal ? { literal: '1' } : {}), ...(p > 1 ? { page: String(p) } : {}) })}`;
  return {
    q,
    response,
    results,
    page,
    prevHref: page > 1 ? href(page - 1) : null,
    nextHref: response?.more ? href(page + 1) : null,
    literalHref: response?.correctedQuery
      ? `/search?${new URLSearchParams({ q, ...(sort ? { sort } : {}), literal: '1' })}`
      : null,
  };
}
