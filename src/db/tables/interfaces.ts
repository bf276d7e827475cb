/**
 * Tables of the open interfaces: personal API tokens, and webhooks with their deliveries.
 * Conventions as in core.ts (ISO instants as text, booleans 0/1).
 */
import type { Generated } from 'kysely';

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  /** The owner's label ("laptop script"). */
  name: string;
  /** SHA-256 of the secret, hex: the secret itself is shown once and never stored. */
  token_hash: string;
  /** The secret's first characters, to tell tokens apart in lists. */
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface WebhooksTable {
  id: Generated<number>;
  url: string;
  /** slack | discord: the JSON shape posted. */
  format: string;
  active: number;
  created_at: string;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: number;
  /** The edition posted, e.g. `daily:2026-08-21`: with webhook_id, the idempotency key. */
  edition_key: string;
  /** The JSON body, frozen when queued so retries post the same thing. */
  payload: string;
  /** pending | delivered | failed */
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface InterfacesTables {
  api_tokens: ApiTokensTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}
