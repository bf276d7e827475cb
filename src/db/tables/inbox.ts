/**
 * Tables of the research inbox: what a member follows, their library (folders, saved
 * papers with notes), their marks on papers (read, hidden, not interested), the explicit
 * signals no other table records ("more like this" clicks), their trained recommendation
 * model, and the secret of their private feeds. Every row belongs to one member and goes
 * when the account is deleted. Conventions as in core.ts.
 */
import type { Generated } from 'kysely';

export interface FollowsTable {
  id: Generated<number>;
  user_id: number;
  /** author | category | query | organisation | user */
  kind: string;
  /** What is matched: a normalised author name, `cs.CL`, a search query, a handle. */
  target: string;
  /** How it is shown ("Yann LeCun", "speculative decoding"). */
  label: string;
  created_at: string;
}

export interface LibraryFoldersTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  created_at: string;
}

export interface LibraryItemsTable {
  user_id: number;
  paper_id: number;
  /** null: saved without a folder ("Unfiled"). */
  folder_id: number | null;
  note: string;
  saved_at: string;
}

export interface PaperMarksTable {
  user_id: number;
  paper_id: number;
  read_at: string | null;
  /** Hidden from the member's personal lists (a mild negative signal). */
  hidden_at: string | null;
  /** "Not interested, never show me this again" (a strong negative signal). */
  never_at: string | null;
}

export interface InboxSignalsTable {
  id: Generated<number>;
  user_id: number;
  paper_id: number;
  /** more_like_this: the only signal no other table (votes, library, marks) records. */
  kind: string;
  created_at: string;
}

export interface InboxModelsTable {
  user_id: number;
  /** Fingerprint of the signals it was trained on: unchanged signals, no retraining. */
  signals_key: string;
  trained_at: string;
  /** JSON: the model's weights and training summary (downloadable by the member). */
  model: string;
}

export interface FeedSecretsTable {
  user_id: number;
  /** SHA-256 of the secret in the member's private feed URLs. */
  secret_hash: string;
  created_at: string;
}

export interface InboxTables {
  follows: FollowsTable;
  library_folders: LibraryFoldersTable;
  library_items: LibraryItemsTable;
  paper_marks: PaperMarksTable;
  inbox_signals: InboxSignalsTable;
  inbox_models: InboxModelsTable;
  feed_secrets: FeedSecretsTable;
}
