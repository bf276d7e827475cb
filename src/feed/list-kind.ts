/**
 * What a list kind is (the registry of kinds is feed/kinds.ts; the engine feed/lists.ts).
 *
 * A kind names a family of lists (`day`, `author`, …); its parameters (`date`, `name`, …)
 * pick one list of the family. It declares where that list lives — one path pattern
 * shared by its feeds, exports and API, and its HTML page — how its parameters are
 * validated, and how to find the ids of one window of the list. Everything else (loading
 * cards, paging, links, feeds, exports, API, pages, OpenAPI) is generic.
 */
import type { z } from 'zod';
import type { SessionUser } from '../community/types.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { AnnouncementType } from '../papers/announcements.ts';
import type { CardRef } from '../papers/cards.repo.ts';
import type { Window } from '../papers/lists.repo.ts';
import type { SemanticRetriever } from '../search/search.ts';
import type { Clock } from '../shared/clock.ts';
import type { TrendingScore } from './ranking.ts';

export type { Window };

/** What resolving any list needs: the application's dependencies. */
export interface ListDeps {
  db: Db;
  clock: Clock;
  config: Config;
  /** Semantic search for the `search` kind; absent or null: keyword search only. */
  semantic?: SemanticRetriever | null;
  /**
   * Who is reading: the signed-in member, a token's owner, or the owner of a private feed
   * URL. Only personal kinds read it; they refuse to resolve without one.
   */
  viewer?: SessionUser | null;
}

/** What a personal list says about one of its papers: why it is there, and the viewer's own state. */
export interface ItemNote {
  reasons: string[];
  read: boolean;
  /** Library: the member's note and folder. */
  note?: string;
  folderId?: number | null;
}

export type ListParams = Record<string, string>;

/** One window of a list, found. */
export interface Found {
  /** Papers of the window, in list order: ids, or refs to the entry listed (a day of a paper featured twice). */
  ids: CardRef[];
  title: string;
  description: string;
  /** Canonical parameters (an author's name as stored) when they differ from those asked for. */
  params?: ListParams;
  /** Size of the whole list, when counting it is cheap. */
  total?: number;
  /** Per-paper score components, when the order is a score (trending). */
  scores?: Map<number, TrendingScore>;
  /** Personal kinds: per-paper reasons and marks. */
  notes?: Map<number, ItemNote>;
  /** Personal kinds: the window of first-version dates drawn from, and whether the member's model had nothing to learn from. */
  about?: { from: string | null; to: string | null; coldStart: boolean };
  /** How arXiv announced each paper, when the list is an announcement day (`new`). */
  announced?: Map<number, AnnouncementType>;
}

export interface ListKind {
  name: string;
  /** One line for the API description. */
  summary: string;
  /**
   * Path under `/feeds/`, `/exports/` and `/api/lists/`, e.g. `date/:date`; parameters
   * that are not in the path come from the query string (`search?q=`).
   */
  path: string;
  /** Path of the HTML page, same syntax, e.g. `/papers/date/:date`. */
  page: string;
  /** Validates the parameters (path and query). Values are strings; optional ones may be absent. */
  params: z.ZodObject<Record<string, z.ZodType<string | undefined>>>;
  /**
   * One member's list (For You, Following, the library): resolving it needs a viewer, and
   * every surface answers it `private, no-store`, outside the page cache and public feeds.
   */
  personal?: boolean;
  /** Most papers an export carries (default FEED_SIZE): a library folder is exported whole. */
  exportSize?: number;
  find(deps: ListDeps, params: ListParams, window: Window): Promise<Found>;
  /** How the order is computed, in words and weights (trending shows its formula). */
  explain?(config: Config): { text: string; weights: Record<string, number> };
}
