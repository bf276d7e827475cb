/**
 * The OpenAPI 3.1 description of the open interfaces, generated from the zod schemas that
 * validate each route (parameters, bodies) and the list-kind registry (every list's feed,
 * export and API): a route's validation and its documentation cannot drift apart. Served
 * at /openapi.json and rendered as the readable /api page. Response shapes (HF's JSON,
 * feeds, citations) are described here, once.
 */
import { z } from 'zod';

type Json = Record<string, unknown>;

/** One documented route: its validation schemas and what it answers. */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Fastify syntax (`/api/papers/:id`); `{format}` stands for a format enum given in `formats`. */
  path: string;
  tag: 'Papers' | 'Lists' | 'Feeds' | 'Citations' | 'Me' | 'MCP';
  summary: string;
  description?: string;
  /** Path and query parameters: those named in `path` are path parameters, the rest query. */
  params?: z.ZodType;
  body?: z.ZodType;
  /** Path formats (`rss`, `atom`, `json`) when the path ends in `.{format}`. */
  formats?: readonly string[];
  /** Needs a personal API token. */
  token?: boolean;
  responses: Record<string, Json>;
}

const str = { type: 'string' };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const dateTime = { type: 'string', format: 'date-time' };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const ERRORS = {
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
const NOT_FOUND = {
  '404': { description: 'Not on this instance.', content: { 'application/json': { schema: ref('Error') } } },
};
const CACHED = {
  ETag: { schema: str, description: 'Send back in If-None-Match to get a 304 when unchanged.' },
  'Cache-Control': { schema: str },
};
const LINK = {
  Link: { schema: str, description: 'RFC 8288 links to the next / previous page (rel="next", rel="prev").' },
};

/** A 200 with the given headers and a body of each media type. */
const ok = (description: string, headers: Json, content: Record<string, Json>) => ({
  '200': {
    description,
    headers,
    content: Object.fromEntries(Object.entries(content).map(([type, schema]) => [type, { schema }])),
  },
});
const jsonArray = (item: string) =>
  ok('OK', { ...CACHED, ...LINK }, { 'application/json': { type: 'array', items: ref(item) } });

/** What read routes answer, by the shape of their body. */
export const RESPONSES = {
  dailyPapers: jsonArray('DailyPaper'),
  papers: jsonArray('Paper'),
  paper: ok('OK', CACHED, { 'application/json': ref('Paper') }),
  feed: ok('The feed.', CACHED, {
    'application/rss+xml': str,
    'application/atom+xml': str,
    'application/feed+json': { type: 'object' },
  }),
  citations: ok('The citations.', CACHED, {
    'application/x-bibtex': str,
    'application/x-research-info-systems': str,
    'text/markdown': str,
  }),
  json: ok('OK', {}, { 'application/json': { type: 'object' } }),
  created: {
    '201': { description: 'Created', content: { 'application/json': { schema: { type: 'object' } } } },
  },
  createdOrQueued: {
    '201': { description: 'Created', content: { 'application/json': { schema: { type: 'object' } } } },
    '202': {
      description: 'Accepted: queued until arXiv answers',
      content: { 'application/json': { schema: { type: 'object' } } },
    },
  },
} satisfies Record<string, Record<string, Json>>;

/** The input side of a zod schema as JSON Schema (refinements and transforms are not representable). */
function jsonSchema(schema: z.ZodType): Json & { properties?: Record<string, Json>; required?: string[] } {
  const s = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json & {
    properties?: Record<string, Json>;
    required?: string[];
  };
  delete s.$schema;
  for (const p of Object.values(s.properties ?? {})) {
    if (p.maximum === Number.MAX_SAFE_INTEGER) delete p.maximum;
    if (p.minimum === Number.MIN_SAFE_INTEGER) delete p.minimum;
  }
  return s;
}

function parameters(schema: z.ZodType | undefined, pathNames: string[]): Json[] {
  if (!schema) return [];
  const s = jsonSchema(schema);
  return Object.entries(s.properties ?? {}).map(([name, prop]) => {
    const { description, ...rest } = prop;
    const inPath = pathNames.includes(name);
    return {
      name,
      in: inPath ? 'path' : 'query',
      ...(description ? { description } : {}),
      schema: rest,
      required: inPath || (s.required ?? []).includes(name),
    };
  });
}

function operation(r: RouteDoc): Json {
  const pathNames = [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const format = r.formats
    ? [{ name: 'format', in: 'path', required: true, schema: { type: 'string', enum: [...r.formats] } }]
    : [];
  return {
    tags: [r.tag],
    summary: r.summary,
    ...(r.description ? { description: r.description } : {}),
    parameters: [...parameters(r.params, pathNames), ...format],
    ...(r.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body) } } } }
      : {}),
    ...(r.token ? { security: [{ token: [] }] } : {}),
    responses: { ...r.responses, ...ERRORS, ...(pathNames.length ? NOT_FOUND : {}) },
  };
}

/** `/api/papers/:id` → `/api/papers/{id}` */
export function openApiPath(fastifyPath: string): string {
  return fastifyPath.replace(/:(\w+)/g, '{$1}');
}

const user = (extra: Json) => ({
  type: 'object',
  required: ['_id', 'avatarUrl', 'fullname', 'name', 'type'],
  properties: { _id: str, avatarUrl: str, fullname: str, name: str, type: { const: 'user' }, ...extra },
});

export function openApiDocument(baseUrl: string, siteName: string, routes: RouteDoc[]): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const p = openApiPath(r.path);
    paths[p] = { ...paths[p], [r.method]: operation(r) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `${siteName} API`,
      version: '1',
      description:
        "Featured research papers as JSON compatible with Hugging Face's papers API, every list as " +
        'JSON, feeds and citations. Unknown fields are omitted, never null. Errors are {"error", "code"}; ' +
        'a parameter given twice is a 400.',
    },
    servers: [{ url: baseUrl }],
    tags: [
      { name: 'Papers', description: 'Hugging Face–compatible JSON' },
      { name: 'Lists', description: 'Every list of the list engine as JSON' },
      { name: 'Feeds', description: 'Every list as RSS, Atom and JSON Feed' },
      { name: 'Citations', description: 'BibTeX, RIS and Markdown' },
      {
        name: 'Me',
        description: 'Your research inbox: follows, library, marks, For You (personal API token)',
      },
      {
        name: 'MCP',
        description: 'Model Context Protocol tools for assistants and agents (docs/API.md)',
      },
    ],
    paths,
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
