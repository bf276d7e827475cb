/**
 * The list engine. A list is a value `{kind, params, page}`; `resolveList` turns it into
 * one window of paper cards plus what every surface needs to present it (title, links
 * to its page, feeds, exports and API). Pages, `/api/daily_papers`, `/api/lists/…`,
 * feeds, exports, digests, alerts and webhooks all come through here, so a list means
 * the same papers in the same order wherever it is read. Kinds: feed/kinds.ts.
 */
import { findPaperId, loadCards } from '../papers/cards.repo.ts';
import { type PaperCursor, paperIdsAfter } from '../papers/lists.repo.ts';
import type { PaperCard } from '../papers/types.ts';
import { NotFoundError, UnauthorizedError, ValidationError } from '../shared/errors.ts';
import { paperRouteId } from '../shared/params.ts';
import { LIST_KINDS } from './kinds.ts';
import type { Found, ItemNote, ListDeps, ListKind, ListParams } from './list-kind.ts';
import type { TrendingScore } from './ranking.ts';

export type { ItemNote, ListDeps, ListKind, ListParams };

export interface ListSpec {
  kind: string;
  params: ListParams;
  /** Page index from 0. */
  page: number;
}

export interface PaperList {
  spec: ListSpec;
  kind: ListKind;
  title: string;
  description: string;
  /** The HTML page, `/feeds/…` and `/exports/…` (without extension) and `/api/lists/…` of this list. */
  links: { page: string; feed: string; export: string; api: string };
  /** Query string the feed, export and API links need (searches), with its `?`; else empty. */
  query: string;
  items: PaperCard[];
  hasMore: boolean;
  total?: number;
  scores?: Map<number, TrendingScore>;
  /** One member's list: never cached, shared or put in a public feed. */
  personal: boolean;
  notes?: Map<number, ItemNote>;
  about?: Found['about'];
  announced?: Found['announced'];
}

/**
 * The data domains (feed/version.repo.ts) list pages show: papers with their counters and
 * featuring, and submitters' names; not comment threads or who voted.
 */
export const FEED_DOMAINS = ['papers', 'users'] as const;

/** How many items a feed or export carries: enough for a busy week, small enough to poll often. */
export const FEED_SIZE = 100;

const KINDS = new Map(LIST_KINDS.map((k) => [k.name, k]));

export function listKind(name: string): ListKind {
  const kind = KINDS.get(name);
  if (!kind) throw new NotFoundError(`There is no list kind "${name.slice(0, 40)}".`);
  return kind;
}

/** Names of the parameters a path pattern holds (`date/:date` → `date`). */
export function pathParams(pattern: string): string[] {
  return [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!);
}

/** Validates raw parameters against the kind; a problem is a 400 naming the parameter. */
export function parseListSpec(kindName: string, raw: Record<string, unknown>, page = 0): ListSpec {
  const kind = listKind(kindName);
  const r = kind.params.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ValidationError(issue?.message ?? 'invalid list parameters');
  }
  const params: ListParams = {};
  for (const [k, v] of Object.entries(r.data)) if (typeof v === 'string') params[k] = v;
  return { kind: kind.name, params, page };
}

/** A path pattern filled with parameters; the parameters it has no place for go to the query string. */
export function fillPath(pattern: string, params: ListParams): { path: string; query: string } {
  const inPath = new Set(pathParams(pattern));
  // A parameter left out drops its segment: `/papers/new/:date` without a date is `/papers/new`.
  const path = pattern.replace(/(\/?):(\w+)/g, (_m, slash: string, k: string) =>
    params[k] === undefined ? '' : slash + encodeURIComponent(params[k]),
  );
  const rest = Object.entries(params).filter(([k]) => !inPath.has(k));
  return { path, query: rest.length ? `?${new URLSearchParams(rest)}` : '' };
}

/** Where a list lives: its page, feeds and exports (without extension) and API, plus their query string. */
export function listLinks(kind: ListKind, params: ListParams): { links: PaperList['links']; query: string } {
  const at = fillPath(kind.path, params);
  const page = fillPath(kind.page, params);
  return {
    links: {
      page: page.path + page.query,
      feed: `/feeds/${at.path}`,
      export: `/exports/${at.path}`,
      api: `/api/lists/${at.path}`,
    },
    query: at.query,
  };
}

/** One page of a list: `pageSize` cards from `spec.page × pageSize`. */
export async function resolveList(deps: ListDeps, spec: ListSpec, pageSize = FEED_SIZE): Promise<PaperList> {
  const kind = listKind(spec.kind);
  if (kind.personal && !deps.viewer) throw new UnauthorizedError('This list is personal: sign in first.');
  // One extra id tells whether a next page exists without counting.
  const found = await kind.find(deps, spec.params, { offset: spec.page * pageSize, limit: pageSize + 1 });
  const params = { ...spec.params, ...found.params };
  return {
    spec: { ...spec, params },
    kind,
    title: found.title,
    description: found.description,
    ...listLinks(kind, params),
    items: await loadCards(deps.db, found.ids.slice(0, pageSize)),
    hasMore: found.ids.length > pageSize,
    total: found.total,
    scores: found.scores,
    personal: kind.personal === true,
    notes: found.notes,
    about: found.about,
    announced: found.announced,
  };
}

/** Newest change among the list's papers: the feed's `updated` and the Last-Modified basis. */
export function lastChange(items: PaperCard[], fallback: Date): Date {
  let max = 0;
  for (const p of items) {
    const t = Math.max(Date.parse(p.modifiedAt), Date.parse(p.featured?.submittedAt ?? p.publishedAt));
    if (t > max) max = t;
  }
  return max > 0 ? new Date(max) : fallback;
}

/** One paper's card by canonical arXiv id; null when this instance does not have it. */
export async function paperCard(deps: Pick<ListDeps, 'db'>, arxivId: string): Promise<PaperCard | null> {
  const id = await findPaperId(deps.db, arxivId);
  return id === null ? null : ((await loadCards(deps.db, [id]))[0] ?? null);
}

/** The card of the paper a request names (any id form, any version): a 404 when it is not here. */
export async function requirePaperCard(deps: Pick<ListDeps, 'db'>, input: string): Promise<PaperCard> {
  const id = paperRouteId(input);
  const p = await paperCard(deps, id);
  if (!p) throw new NotFoundError(`Paper ${id} is not indexed on this instance.`);
  return p;
}

/** Opaque cursors of `allPapers`: base64url of the last row's sort key. */
export function encodeCursor(c: PaperCursor): string {
  return Buffer.from(JSON.stringify([c.publishedAt, c.id])).toString('base64url');
}

export function decodeCursor(s: string): PaperCursor {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'string' && Number.isInteger(v[1])) {
      return { publishedAt: v[0], id: v[1] as number };
    }
  } catch {
    // fall through to the error below
  }
  throw new ValidationError('cursor is not one this server issued; start again without it.');
}

/** Every indexed paper, newest first, by cursor (`/api/papers`): keyset paging stays stable as papers arrive. */
export async function allPapers(
  deps: Pick<ListDeps, 'db'>,
  cursor: string | undefined,
  limit: number,
): Promise<{ items: PaperCard[]; next: string | null }> {
  const rows = await paperIdsAfter(deps.db, cursor ? decodeCursor(cursor) : null, limit + 1);
  const page = rows.slice(0, limit);
  const items = await loadCards(
    deps.db,
    page.map((r) => r.id),
  );
  const last = page.at(-1);
  return { items, next: rows.length > limit && last ? encodeCursor(last) : null };
}
