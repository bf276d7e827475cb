/**
 * Email tables: subscriptions (double opt-in), editions (what was composed, frozen so
 * every recipient and the preview see the same papers), the outbox (one row per
 * subscription and edition: the unit of "exactly once") and suppressed addresses.
 */
import type { Generated } from 'kysely';

export interface SubscriptionsTable {
  id: Generated<number>;
  /** Lower-cased, trimmed address. */
  email: string;
  /** daily | weekly | alert */
  kind: string;
  /** Saved search of an alert; '' for daily and weekly. */
  query: string;
  /** Space-separated arXiv categories the subscriber narrowed to; '' means all. */
  categories: string;
  /** Comma-separated keywords matched in titles and abstracts; '' means all. */
  keywords: string;
  /** pending (awaiting confirmation) | active | unsubscribed | bounced */
  status: string;
  user_id: number | null;
  created_at: string;
  /** When the last confirmation email went out (throttles repeated sign-ups). */
  confirm_sent_at: string | null;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
  /** Alerts: the instant up to which matches were already mailed. */
  last_alert_at: string | null;
  /** Daily / weekly: top (most upvoted) | for-you | following (the member's own lists). */
  list: Generated<string>;
}

export interface EditionsTable {
  id: Generated<number>;
  /** Unique: `daily:2026-08-21`, `weekly:2026-W34`, `alert:17:2026-08-21T07:00:00.000Z`. */
  key: string;
  /** daily | weekly | alert */
  kind: string;
  /** The feed date, ISO week or instant the edition covers. */
  period: string;
  subject: string;
  /** JSON array of arXiv ids, in the order mailed. */
  paper_ids: string;
  created_at: string;
}

export interface OutboxTable {
  id: Generated<number>;
  edition_id: number;
  subscription_id: number;
  email: string;
  /** queued | sending (leased) | sent | failed | bounced | skipped */
  status: string;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  message_id: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** Addresses that answered with a permanent failure: nothing is sent to them again. */
export interface MailSuppressionsTable {
  email: string;
  reason: string;
  created_at: string;
}

export interface DigestTables {
  subscriptions: SubscriptionsTable;
  editions: EditionsTable;
  outbox: OutboxTable;
  mail_suppressions: MailSuppressionsTable;
}
