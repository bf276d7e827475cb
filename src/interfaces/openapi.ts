/**
 * The OpenAPI 3.1 description of the open interfaces, served at /openapi.json and
 * rendered as the readable /api page. Pure data: one source for both, kept beside the
 * presenters it describes.
 */

type Json = Record<string, unknown>;

const str = { type: 'string' };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const dateTime = { type: 'string', format: 'date-time' };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const errors = {
  '400': {
    description: 'A parameter is invalid.',
    content: { 'application/json': { schema: ref('Error') } },
  },
  '429': {
    description: 'Too many requests; see the Retry-After header.',
    headers: { 'Retry-After': { schema: int, description: 'Seconds to wait.' } },
    content: { 'application/json': { schema: ref('Error') } },
  },
};
const notFound = {
  '404': { description: 'Not on this instance.', content: { 'application/json': { schema: ref('Error') } } },
};
const cached = {
  ETag: { schema: str, description: 'Send back in If-None-Match to get a 304 when unchanged.' },
  'Cache-Control': { schema: str },
};
const linkHeader = {
  Link: { schema: str, description: 'RFC 8288 links to the next / previous page (rel="next", rel="prev").' },
};

function q(name: string, description: string, schema: Json, required = false): Json {
  return { name, in: 'query', description, schema, required };
}
function p(name: string, description: string, schema: Json = str): Json {
  return { name, in: 'path', description, schema, required: true };
}
const limitParam = (max: number, dflt: number) =>
  q('limit', `Page size, 1–${max}.`, { ...int, minimum: 1, maximum: max, default: dflt });

const jsonArray = (item: string, headers: Json = {}) => ({
  description: 'OK',
  headers: { ...cached, ...headers },
  content: { 'application/json': { schema: { type: 'array', items: ref(item) } } },
});

const FEED_FORMATS = { type: 'string', enum: ['rss', 'atom', 'json'] };
const LIST_FORMATS = { type: 'string', enum: ['bib', 'ris'] };
const feedBody = {
  description: 'The feed.',
  headers: cached,
  content: {
    'application/rss+xml': { schema: str },
    'application/atom+xml': { schema: str },
    'application/feed+json': { schema: { type: 'object' } },
  },
};
const exportBody = {
  description: 'The citations.',
  headers: cached,
  content: {
    'application/x-bibtex': { schema: str },
    'application/x-research-info-systems': { schema: str },
  },
};

/** Each list (see docs/API.md) as a feed path and an export path. */
const LISTS: { path: string; summary: string; params: Json[] }[] = [
  { path: 'latest', summary: 'Papers as they are featured, newest first', params: [] },
  { path: 'trending', summary: 'Trending papers of the last week', params: [] },
  { path: 'date/{date}', summary: 'One day of the feed', params: [p('date', 'YYYY-MM-DD')] },
  { path: 'week/{week}', summary: 'One ISO week', params: [p('week', 'YYYY-Www')] },
  { path: 'month/{month}', summary: 'One month', params: [p('month', 'YYYY-MM')] },
  { path: 'authors/{name}', summary: "An author's papers", params: [p('name', 'Author name')] },
  {
    path: 'organizations/{org}',
    summary: "An organisation's papers",
    params: [p('org', 'Organisation handle, e.g. google')],
  },
  {
    path: 'categories/{category}',
    summary: 'New papers in an arXiv category',
    params: [p('category', 'e.g. cs.CL')],
  },
  { path: 'users/{handle}', summary: "A user's submissions", params: [p('handle', 'User handle')] },
  { path: 'search', summary: 'A search', params: [q('q', 'Search query (≤ 250 characters).', str, true)] },
];

function listPaths(): Json {
  const out: Json = {};
  for (const l of LISTS) {
    out[`/feeds/${l.path}.{format}`] = {
      get: {
        tags: ['Feeds'],
        summary: `${l.summary} (RSS 2.0, Atom 1.0 or JSON Feed 1.1)`,
        parameters: [...l.params, p('format', 'Feed format', FEED_FORMATS)],
        responses: { '200': feedBody, ...errors, ...notFound },
      },
    };
    out[`/exports/${l.path}.{format}`] = {
      get: {
        tags: ['Citations'],
        summary: `${l.summary} as BibTeX or RIS`,
        parameters: [...l.params, p('format', 'Export format', LIST_FORMATS)],
        responses: { '200': exportBody, ...errors, ...notFound },
      },
    };
  }
  return out;
}

const user = (extra: Json) => ({
  type: 'object',
  required: ['_id', 'avatarUrl', 'fullname', 'name', 'type'],
  properties: { _id: str, avatarUrl: str, fullname: str, name: str, type: { const: 'user' }, ...extra },
});

export function openApiDocument(baseUrl: string, siteName: string): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: `${siteName} API`,
      version: '1',
      description:
        "Featured research papers as JSON compatible with Hugging Face's papers API, feeds and citations. " +
        'Unknown fields are omitted, never null. Errors are {"error", "code"}.',
    },
    servers: [{ url: baseUrl }],
    tags: [
      { name: 'Papers', description: 'Hugging Face–compatible JSON' },
      { name: 'Feeds', description: 'Every list as RSS, Atom and JSON Feed' },
      { name: 'Citations', description: 'BibTeX, RIS and Markdown' },
    ],
    paths: {
      '/api/daily_papers': {
        get: {
          tags: ['Papers'],
          summary: 'Featured papers of a day, week, month or all time',
          description: 'At most one of date, week, month. Without any: every day, newest first.',
          parameters: [
            q('date', 'Feed date.', { ...str, format: 'date' }),
            q('week', 'ISO week, YYYY-Www.', { ...str, pattern: '^\\d{4}-W\\d{2}$' }),
            q('month', 'Month, YYYY-MM.', { ...str, pattern: '^\\d{4}-\\d{2}$' }),
            q('submitter', 'Only papers featured by this user handle.', str),
            q('organization', 'Only papers attributed to this organisation (handle).', str),
            q('sort', 'publishedAt: newest featured first; trending: last week by decayed votes.', {
              type: 'string',
              enum: ['publishedAt', 'trending'],
            }),
            q('p', 'Page index from 0.', { ...int, minimum: 0, default: 0 }),
            limitParam(100, 50),
          ],
          responses: { '200': jsonArray('DailyPaper', linkHeader), ...errors },
        },
      },
      '/api/papers': {
        get: {
          tags: ['Papers'],
          summary: 'Every indexed paper, newest first, by cursor',
          parameters: [q('cursor', 'Opaque; from the previous Link rel="next".', str), limitParam(100, 50)],
          responses: { '200': jsonArray('Paper', linkHeader), ...errors },
        },
      },
      '/api/papers/{id}': {
        get: {
          tags: ['Papers'],
          summary: 'One paper',
          parameters: [p('id', 'arXiv id, with or without version; an id-shaped unknown id is a 404')],
          responses: {
            '200': {
              description: 'OK',
              headers: cached,
              content: { 'application/json': { schema: ref('Paper') } },
            },
            ...errors,
            ...notFound,
          },
        },
      },
      '/api/papers/search': {
        get: {
          tags: ['Papers'],
          summary: 'Search papers (hybrid keyword + semantic)',
          parameters: [
            q('q', 'Query, ≤ 250 characters; without it, the newest papers.', str),
            limitParam(120, 20),
          ],
          responses: { '200': jsonArray('DailyPaper'), ...errors },
        },
      },
      '/api/papers/{id}/comments': {
        get: {
          tags: ['Papers'],
          summary: "A paper's comments, oldest first (deleted ones keep their place with body null)",
          parameters: [p('id', 'arXiv id')],
          responses: { '200': { description: 'OK' }, ...errors, ...notFound },
        },
        post: {
          tags: ['Papers'],
          summary: 'Comment (API token): {"body", "parentId"?}',
          parameters: [p('id', 'arXiv id')],
          security: [{ token: [] }],
          responses: { '201': { description: 'Created' }, ...errors, ...notFound },
        },
      },
      '/api/papers/{id}/upvote': {
        post: {
          tags: ['Papers'],
          summary: 'Upvote (API token)',
          parameters: [p('id', 'arXiv id')],
          security: [{ token: [] }],
          responses: { '200': { description: 'OK' }, ...errors, ...notFound },
        },
        delete: {
          tags: ['Papers'],
          summary: 'Remove your upvote (API token)',
          parameters: [p('id', 'arXiv id')],
          security: [{ token: [] }],
          responses: { '200': { description: 'OK' }, ...errors, ...notFound },
        },
      },
      '/api/papers/submit': {
        post: {
          tags: ['Papers'],
          summary: 'Submit a paper to the daily feed (API token): {"paper", "note"?}',
          security: [{ token: [] }],
          responses: {
            '201': { description: 'Featured' },
            '409': { description: 'Already featured' },
            ...errors,
          },
        },
      },
      '/papers/{id}.{format}': {
        get: {
          tags: ['Citations'],
          summary: 'One paper as BibTeX, RIS or Markdown',
          parameters: [
            p('id', 'arXiv id'),
            p('format', 'Format', { type: 'string', enum: ['bib', 'ris', 'md'] }),
          ],
          responses: {
            '200': {
              description: 'OK',
              headers: cached,
              content: {
                'application/x-bibtex': { schema: str },
                'application/x-research-info-systems': { schema: str },
                'text/markdown': { schema: str },
              },
            },
            ...errors,
            ...notFound,
          },
        },
      },
      ...listPaths(),
    },
    components: {
      securitySchemes: {
        token: {
          type: 'http',
          scheme: 'bearer',
          description: 'Personal API token (pb_…) from /settings/tokens',
        },
      },
      schemas: {
        Error: { type: 'object', required: ['error'], properties: { error: str, code: str } },
        Author: {
          type: 'object',
          required: ['_id', 'name', 'hidden'],
          properties: {
            _id: str,
            user: { type: 'object', description: 'The linked Hugging Face user, as imported' },
            name: str,
            status: { ...str, description: 'Claim status on Hugging Face' },
            statusLastChangedAt: dateTime,
            hidden: bool,
          },
        },
        Organization: {
          type: 'object',
          required: ['_id', 'name', 'fullname'],
          properties: { _id: str, name: str, fullname: str, avatar: str },
        },
        Paper: {
          type: 'object',
          required: ['id', 'authors', 'publishedAt', 'title', 'summary', 'upvotes', 'discussionId'],
          properties: {
            id: { ...str, description: 'arXiv id' },
            authors: { type: 'array', items: ref('Author') },
            publishedAt: { ...dateTime, description: 'arXiv v1 date' },
            submittedOnDailyAt: { ...dateTime, description: 'When it was featured' },
            title: str,
            submittedOnDailyBy: user({ user: str, isPro: bool }),
            summary: { ...str, description: 'Abstract' },
            upvotes: int,
            discussionId: str,
            projectPage: str,
            githubRepo: str,
            githubRepoAddedBy: str,
            githubStars: int,
            ai_summary: str,
            ai_keywords: { type: 'array', items: str },
            ai_summary_model: str,
            organization: ref('Organization'),
            mediaUrls: { type: 'array', items: str },
            numComments: int,
          },
        },
        DailyPaper: {
          type: 'object',
          required: ['paper', 'publishedAt', 'title', 'numComments', 'isAuthorParticipating'],
          properties: {
            paper: ref('Paper'),
            publishedAt: {
              ...dateTime,
              description: "When the paper was submitted (HF's value when imported)",
            },
            title: str,
            summary: str,
            thumbnail: str,
            numComments: int,
            submittedBy: user({
              isPro: bool,
              isHf: bool,
              isHfAdmin: bool,
              isMod: bool,
              followerCount: int,
              isUserFollowing: bool,
            }),
            organization: ref('Organization'),
            mediaUrls: { type: 'array', items: str },
            isAuthorParticipating: bool,
          },
        },
      },
    },
  };
}
