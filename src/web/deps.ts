/**
 * What the web layer is built from: the application's dependencies, wired once by
 * `paperboy serve` (and by tests). Its own module, so routes import it without
 * importing web/app.ts (which imports every route).
 */
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Mailer } from '../digest/mailer.ts';
import type { HttpFetch } from '../ingest/http.ts';
import type { Lifecycle } from '../ops/lifecycle.ts';
import type { SemanticRetriever } from '../search/search.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/log.ts';

export interface WebDeps {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  /** Semantic search, when an embedder is configured (absent: keyword search only). */
  semantic?: SemanticRetriever | null;
  mailer: Mailer;
  /**
   * How the submit flows (form and API) reach arXiv: one polite client for the whole app,
   * so its pause between requests holds across both. Tests replay recordings.
   */
  http: HttpFetch;
  /** Draining or not (`paperboy serve` shares it with its shutdown; absent: never draining). */
  lifecycle?: Lifecycle;
}
