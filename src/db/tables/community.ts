/**
 * Community tables: sessions, sign-in links, votes, comments, flags and the moderation log.
 * Same conventions as core.ts: ISO-8601 UTC text instants, 0/1 booleans, JSON as text.
 */
import type { Generated } from 'kysely';

export interface SessionsTable {
  /** SHA-256 (hex) of the cookie value: a database leak does not hand out sessions. */
  id_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  /** First 200 characters of the User-Agent, shown on the settings page. */
  user_agent: string | null;
}

export interface LoginTokensTable {
  /** SHA-256 (hex) of the token in the emailed link. */
  token_hash: string;
  /** Lower-cased email address the link was sent to. */
  email: string;
  created_at: string;
  expires_at: string;
  /** Set when the link is used; a used link never works again. */
  used_at: string | null;
}

export interface VotesTable {
  paper_id: number;
  user_id: number;
  created_at: string;
}

export interface CommentsTable {
  id: Generated<number>;
  paper_id: number;
  /** Null once the author deleted their account. */
  user_id: number | null;
  parent_id: number | null;
  /** 0 for top-level comments. */
  depth: number;
  /** Markdown source; rendered and sanitised when shown. Empty for tombstones. */
  body: string;
  /** visible | deleted (by its author) | removed (by a moderator) */
  status: string;
  created_at: string;
  edited_at: string | null;
}

export interface CommentFlagsTable {
  comment_id: number;
  user_id: number;
  reason: string;
  created_at: string;
}

/** Append-only: triggers refuse UPDATE and DELETE on both databases. */
export interface ModerationLogTable {
  id: Generated<number>;
  created_at: string;
  /** Null when the action came from the command line. */
  actor_id: number | null;
  /** grant_admin | revoke_admin | hide_paper | unhide_paper | remove_comment | suspend_user | unsuspend_user */
  action: string;
  /** paper | comment | user */
  target_type: string;
  target_id: string;
  reason: string | null;
}

/** The current window of one rate limit and key (community/rate-limit.ts), shared by every process. */
export interface RateLimitCountersTable {
  /** The action: vote, comment, submit, signin-email, signin-ip. */
  bucket: string;
  /** Who: a user id, an email address or a client IP. */
  key: string;
  hits: number;
  /** End of the window (ISO; it began with its first hit): the next hit after it starts a new one. */
  expires_at: string;
}

export interface CommunityTables {
  rate_limit_counters: RateLimitCountersTable;
  sessions: SessionsTable;
  login_tokens: LoginTokensTable;
  votes: VotesTable;
  comments: CommentsTable;
  comment_flags: CommentFlagsTable;
  moderation_log: ModerationLogTable;
}
