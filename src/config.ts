/**
 * Every setting Paperboy reads from the environment, in one zod schema.
 * Each key is documented here, in README.md (Configuration) and in .env.example.
 * A bad value stops start-up with a message that lists every problem at once.
 */
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Cron } from 'croner';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** `N/window` (e.g. `5/1h`, `120/1m`, `10/30s`), or `off`: a rate limit of N requests per window. */
const rateLimit = z
  .string()
  .regex(/^(off|\d+\/\d+[smhd])$/, 'expected N/window like 5/1h or 120/1m, or off')
  .transform((v) => {
    if (v === 'off') return null;
    const [n, w] = v.split('/') as [string, string];
    const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[w.slice(-1) as 's' | 'm' | 'h' | 'd'];
    return { max: Number(n), windowMs: Number(w.slice(0, -1)) * unit };
  });

/** An IPv4/IPv6 address, optionally with a /prefix (CIDR). */
function isAddressOrCidr(v: string): boolean {
  const [addr, prefix, extra] = v.split('/');
  const family = isIP(addr ?? '');
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which reverse proxies may tell us the client's address (X-Forwarded-For) and scheme
 * (X-Forwarded-Proto): none (default), `true` (any: only when nothing else can reach the
 * port), a hop count, or a comma-separated list of proxy addresses / CIDRs.
 */
const trustProxy = z
  .string()
  .trim()
  .refine(
    (v) => /^(true|false|off|\d{1,2})$/.test(v) || v.split(',').every((p) => isAddressOrCidr(p.trim())),
    'expected false, true, a hop count, or a comma-separated list of proxy addresses / CIDRs',
  )
  .transform((v): boolean | number | string[] => {
    if (v === 'false' || v === 'off' || v === '0') return false;
    if (v === 'true') return true;
    if (/^\d+$/.test(v)) return Number(v);
    return v.split(',').map((p) => p.trim());
  });
/** A cron pattern (5 or 6 fields), checked at start-up so a typo never silently stops a job. */
const cron = z.string().refine((p) => isValidCron(p), 'not a cron pattern (e.g. "30 1 * * *")');

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour clock)');

/** Every setting, by name (the keys README.md and .env.example document). */
export const configFields = z.object({
  // --- server ---------------------------------------------------------------
  /** TCP port the web server listens on. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to bind; `0.0.0.0` to accept connections from other machines. */
  HOST: z.string().min(1).default('localhost'),
  /** Reverse proxies whose X-Forwarded-For / -Proto are believed: off, `true`, a hop count, or addresses / CIDRs. */
  TRUST_PROXY: trustProxy.prefault('false'),
  /** Public URL of this instance, used in emails, feeds and canonical links. Defaults to http://localhost:PORT. */
  BASE_URL: z.url().optional(),
  /** Name shown in the header, page titles, feeds and emails. */
  SITE_NAME: z.string().min(1).max(80).default('Paperboy'),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** This process's name in metrics and logs (the `node` label); default: the host name. */
  NODE_NAME: z
    .string()
    .regex(/^[\w.:-]{1,64}$/, 'letters, digits, . _ : - (at most 64)')
    .default(() => os.hostname()),
  /** On SIGTERM, seconds /readyz answers 503 while still serving, so proxies stop sending first. */
  SHUTDOWN_DELAY_SECONDS: z.coerce.number().min(0).max(300).default(5),
  /** On SIGTERM, the most seconds to wait for in-flight requests and jobs before exiting anyway. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(30),

  // --- storage --------------------------------------------------------------
  /** Where the SQLite database, the email outbox and other state live. */
  PAPERBOY_DATA_DIR: z.string().min(1).default('./data'),
  /** `postgres://…` switches storage to PostgreSQL; unset means SQLite in PAPERBOY_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL (leave unset for SQLite)')
    .optional(),
  /** Load the bundled demo dataset when the database is empty. */
  PAPERBOY_DEMO: bool.default(true),

  /** Memory for rendered pages served to anonymous readers (MiB); 0 turns the cache off. */
  PAGE_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(64),

  // --- API and feeds --------------------------------------------------------
  /** Requests per minute one client IP may make to /api, /feeds and /exports; 0: no limit. */
  API_RATE_LIMIT: z.coerce.number().int().min(0).default(300),
  /** Requests per minute one personal API token may make (counted apart from its IP); 0: no limit. */
  API_TOKEN_RATE_LIMIT: z.coerce.number().int().min(0).default(1200),
  /** Cron (in PAPERBOY_TIMEZONE) at which each daily edition is posted to the configured webhooks. */
  WEBHOOK_CRON: cron.default('0 7 * * 1-5'),

  // --- feed -----------------------------------------------------------------
  /** IANA time zone of the instance: feed dates, schedules and "today" are in this zone. */
  PAPERBOY_TIMEZONE: z
    .string()
    .refine((tz) => isValidTimeZone(tz), 'unknown IANA time zone')
    .default('UTC'),
  /** Local time at which a new feed day begins (HF uses 21:30 America/New_York). */
  FEED_ROLLOVER: hhmm.default('00:00'),

  // --- ingest ---------------------------------------------------------------
  /** arXiv categories the scheduled daily ingest harvests. */
  ARXIV_CATEGORIES: csv.default(['cs.CL', 'cs.LG', 'cs.CV', 'cs.AI']),
  /** Fetch new papers from arXiv on a schedule (needs internet access). */
  ARXIV_INGEST: bool.default(false),
  /** Base URL of the arXiv export API. */
  ARXIV_API_URL: z.url().default('https://export.arxiv.org/api/query'),
  /** Base URL of arXiv's OAI-PMH endpoint. */
  ARXIV_OAI_URL: z.url().default('https://oaipmh.arxiv.org/oai'),
  /** Base URL of arXiv's RSS listing feeds. */
  ARXIV_RSS_URL: z.url().default('https://rss.arxiv.org/rss'),
  /** Minimum pause between two requests to arXiv, in milliseconds (arXiv asks for ≥ 3 s). */
  ARXIV_MIN_INTERVAL_MS: z.coerce.number().int().min(0).default(3000),
  /** Cron expression (in PAPERBOY_TIMEZONE) of the daily arXiv ingest. */
  ARXIV_INGEST_CRON: cron.default('30 1 * * *'),

  // --- community ------------------------------------------------------------
  /** Days a sign-in lasts on one device (sessions are revocable from settings). */
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Minutes an emailed sign-in link stays valid (it works once). */
  LOGIN_LINK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** A submitted paper must have been first published on arXiv within this many days. */
  SUBMIT_MAX_AGE_DAYS: z.coerce.number().int().min(1).default(14),
  /**
   * Longest a submission waits for arXiv to look an unknown paper up (pacing and retries
   * included); past it the submission is queued and finished by a job when arXiv answers.
   */
  SUBMIT_LOOKUP_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Papers one user may submit per feed day (admins are exempt). */
  SUBMIT_DAILY_CAP: z.coerce.number().int().min(1).default(5),
  /** Minutes during which a comment's author may edit it. */
  COMMENT_EDIT_MINUTES: z.coerce.number().int().min(0).default(15),
  /** Trending: exponent of the age decay (higher forgets faster). See src/feed/ranking.ts. */
  TRENDING_GRAVITY: z.coerce.number().min(0).max(5).default(1.8),
  /** Trending: points one comment is worth, relative to one upvote. */
  TRENDING_COMMENT_WEIGHT: z.coerce.number().min(0).default(0.5),
  /** Trending: hours added to a paper's age so brand-new papers do not divide by ~0. */
  TRENDING_AGE_OFFSET_HOURS: z.coerce.number().min(0.1).default(2),
  /** Trending: feed days ranked (the last N; when they are empty, the N latest days with papers). */
  TRENDING_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  /** For You and Following: days of new papers a member's lists are drawn from (0: every paper). */
  INBOX_WINDOW_DAYS: z.coerce.number().int().min(0).max(3650).default(7),
  /** For You: seed of the sampled "seen but skipped" negatives (a fixed seed gives the same model). */
  INBOX_SEED: z.coerce.number().int().min(0).default(1),
  /** Sign-in link requests per email address. */
  RATE_LIMIT_SIGNIN_EMAIL: rateLimit.prefault('5/1h'),
  /** Sign-in link requests per client IP. */
  RATE_LIMIT_SIGNIN_IP: rateLimit.prefault('20/1h'),
  /** Subscription requests (digests, alerts) per client IP: each may mail a confirmation. */
  RATE_LIMIT_SUBSCRIBE_IP: rateLimit.prefault('10/1h'),
  /** Submissions per user. */
  RATE_LIMIT_SUBMIT: rateLimit.prefault('10/1h'),
  /** Upvote / unvote requests per user. */
  RATE_LIMIT_VOTE: rateLimit.prefault('120/1m'),
  /** Comments (new, edits, flags) per user. */
  RATE_LIMIT_COMMENT: rateLimit.prefault('10/1m'),

  // --- search ---------------------------------------------------------------
  /** bm25 / ts_rank weight of a match in the title. */
  SEARCH_WEIGHT_TITLE: z.coerce.number().min(0).default(5),
  /** bm25 / ts_rank weight of a match in the author list. */
  SEARCH_WEIGHT_AUTHORS: z.coerce.number().min(0).default(2),
  /** bm25 / ts_rank weight of a match in the abstract. */
  SEARCH_WEIGHT_ABSTRACT: z.coerce.number().min(0).default(1),
  /** Most matches a text query ranks (newest first beyond it): bounds the cost of common words. The every-word pass ranks 2 / 5 of it (passes.ts). */
  SEARCH_CANDIDATES: z.coerce.number().int().min(100).default(5000),
  /** Reciprocal rank fusion constant k. */
  SEARCH_RRF_K: z.coerce.number().min(1).default(60),
  /** Weight of the keyword ranking in fusion. */
  SEARCH_LEXICAL_WEIGHT: z.coerce.number().min(0).default(1),
  /** Weight of the semantic (embedding) ranking in fusion. */
  SEARCH_SEMANTIC_WEIGHT: z.coerce.number().min(0).default(1),
  /** How much a brand-new paper gains over an old one (0 disables; 0.02 = at most +2%, about one rank). */
  SEARCH_RECENCY_WEIGHT: z.coerce.number().min(0).max(1).default(0.02),
  /** Age in days at which the recency prior halves. */
  SEARCH_RECENCY_HALF_LIFE_DAYS: z.coerce.number().positive().default(365),
  /** How much a much-upvoted paper gains (0 disables; 0.02 = at most +2%, about one rank). */
  SEARCH_POPULARITY_WEIGHT: z.coerce.number().min(0).max(1).default(0.02),
  /** Semantic search: `transformers` (local ONNX model), `openai` (an OpenAI-compatible endpoint) or `off`. */
  EMBEDDER: z.enum(['transformers', 'openai', 'off']).default('transformers'),
  /** Embedding model id (a Hugging Face model with ONNX weights, or the endpoint's model name). */
  EMBEDDER_MODEL: z.string().min(1).default('Xenova/bge-small-en-v1.5'),
  /** Directory holding <model id>/ (config.json, tokenizer.json, onnx/model.onnx); looked up before downloading. */
  EMBEDDER_MODEL_DIR: z.string().min(1).optional(),
  /** May a missing model be downloaded from the Hugging Face Hub on first use (into PAPERBOY_DATA_DIR/models)? */
  EMBEDDER_ALLOW_DOWNLOAD: bool.default(true),
  /** How token vectors become one vector: `cls` (BGE models) or `mean` (most sentence-transformers). */
  EMBEDDER_POOLING: z.enum(['cls', 'mean']).default('cls'),
  /** Text put before queries (not documents); BGE models are trained with this one. */
  EMBEDDER_QUERY_PREFIX: z.string().default('Represent this sentence for searching relevant passages: '),
  /** Base URL of an OpenAI-compatible API (EMBEDDER=openai), e.g. https://api.openai.com or http://localhost:8080. */
  EMBEDDER_URL: z.url().optional(),
  /** Bearer token for EMBEDDER_URL. */
  EMBEDDER_API_KEY: z.string().min(1).optional(),
  /** A query embedding slower than this falls back to keyword search, in milliseconds. */
  EMBEDDER_TIMEOUT_MS: z.coerce.number().int().min(10).default(1500),
  /** Cron (in PAPERBOY_TIMEZONE) of the job that embeds newly ingested papers; `off` disables it. */
  EMBED_CRON: z.union([z.literal('off').transform(() => null), cron]).default('* * * * *'),
  /** Vector candidates per wanted result before the exact rerank (SQLite): recall against latency. */
  SEARCH_VECTOR_OVERSAMPLE: z.coerce.number().int().min(1).max(1000).default(30),
  /** Similar papers: past this many papers, no in-memory index (~1 KB a paper per web process); 0 = never. */
  SIMILAR_INDEX_MAX_PAPERS: z.coerce.number().int().min(0).default(1_500_000),
  // --- AI summaries (src/summaries) ---------------------------------------------
  /** AI summaries and keywords for papers lacking them: `openai` (any OpenAI-compatible chat endpoint) or `off`. */
  SUMMARIZER: z.enum(['openai', 'off']).default('off'),
  /** Base URL of the OpenAI-compatible API (e.g. https://api.openai.com, http://localhost:11434 for Ollama). */
  SUMMARIZER_URL: z.url().optional(),
  /** The endpoint's model name; shown beside every summary it wrote ("AI summary · <model>"). */
  SUMMARIZER_MODEL: z.string().min(1).max(200).optional(),
  /** Bearer token for SUMMARIZER_URL. */
  SUMMARIZER_API_KEY: z.string().min(1).optional(),
  /** Which papers get a summary: `featured` (on the daily feed) or `all` (every paper, newest first). */
  SUMMARIZER_SCOPE: z.enum(['featured', 'all']).default('featured'),
  /** Requests in flight at once. */
  SUMMARIZER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /** Longest wait for one answer, in milliseconds (then retried with backoff). */
  SUMMARIZER_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  /** Requests per day (in PAPERBOY_TIMEZONE), retries included; 0: no limit. */
  SUMMARIZER_DAILY_REQUESTS: z.coerce.number().int().min(0).default(1000),
  /** Tokens per day as the endpoint reports them (estimated when it does not); 0: no limit. */
  SUMMARIZER_DAILY_TOKENS: z.coerce.number().int().min(0).default(0),
  /** Cron (in PAPERBOY_TIMEZONE) of the job that summarises new papers. */
  SUMMARIZER_CRON: cron.default('*/10 * * * *'),
  // --- email ----------------------------------------------------------------
  /** smtp://user:pass@host:587 or smtps://…:465; unset writes emails as .eml files to PAPERBOY_DATA_DIR/outbox. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'expected an smtp:// or smtps:// URL')
    .optional(),
  /** From header of every email, e.g. `"Lab Papers" <papers@lab.example>`; default derives from BASE_URL. */
  MAIL_FROM: z.string().min(3).optional(),
  /** Reply-To header of every email. */
  MAIL_REPLY_TO: z.string().min(3).optional(),

  // --- email digests ------------------------------------------------------------
  /** Signs unsubscribe and confirmation links. Unset: generated once and kept in PAPERBOY_DATA_DIR/secret. */
  PAPERBOY_SECRET: z.string().min(32, 'use at least 32 characters').optional(),
  /** Send digests and alerts on their schedules (0 leaves sending to `paperboy digest send`). */
  DIGEST_SCHEDULE: bool.default(true),
  /** Cron (in PAPERBOY_TIMEZONE) of the daily edition: weekday mornings by default. */
  DIGEST_DAILY_CRON: cron.default('0 7 * * 1-5'),
  /** Cron of the weekly edition (the previous ISO week's top papers). */
  DIGEST_WEEKLY_CRON: cron.default('0 7 * * 1'),
  /** Cron of delivery passes over the outbox (new messages, retries, messages a crashed sender left). */
  DIGEST_DELIVER_CRON: cron.default('* * * * *'),
  /** Cron of saved-search alerts (new matches since each alert's last run). */
  DIGEST_ALERT_CRON: cron.default('30 7 * * *'),
  /** Most papers in one edition. */
  DIGEST_TOP_N: z.coerce.number().int().min(1).max(100).default(10),
  /** Messages handed to the mailer at once (match the SMTP pool size). */
  DIGEST_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
  /** How long a sender owns a claimed message before another may take it over, in seconds. */
  DIGEST_LEASE_SECONDS: z.coerce.number().int().min(1).default(120),
  /** Attempts on temporary (4xx) failures before a message is marked failed. */
  DIGEST_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** First retry delay after a temporary failure, in seconds; doubles on each attempt (capped at 6 h). */
  DIGEST_RETRY_SECONDS: z.coerce.number().int().min(0).default(60),
});

export const configSchema = configFields
  .refine((c) => c.EMBEDDER !== 'openai' || c.EMBEDDER_URL !== undefined, {
    path: ['EMBEDDER_URL'],
    message: 'required when EMBEDDER=openai (the base URL of an OpenAI-compatible API)',
    // Checked even when other settings are wrong, so every problem is listed at once.
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  })
  .refine((c) => c.SUMMARIZER !== 'openai' || c.SUMMARIZER_URL !== undefined, {
    path: ['SUMMARIZER_URL'],
    message: 'required when SUMMARIZER=openai (the base URL of an OpenAI-compatible API)',
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  })
  .refine((c) => c.SUMMARIZER !== 'openai' || c.SUMMARIZER_MODEL !== undefined, {
    path: ['SUMMARIZER_MODEL'],
    message: 'required when SUMMARIZER=openai (the model name the endpoint serves)',
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  })
  .transform((c) => ({
    ...c,
    BASE_URL: (c.BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, ''),
    PAPERBOY_DATA_DIR: path.resolve(c.PAPERBOY_DATA_DIR),
  }));

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws one ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset", as in most .env conventions.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return result.data;
}

function isValidCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
