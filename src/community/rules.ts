/**
 * The community's limits and the pure checks behind them. No I/O: everything a check
 * needs (the time, the counts) is passed in, so each rule is a table test.
 * Numbers that an operator may want to change come from config (see README, Configuration).
 */

/** Handles are URL-safe and case-insensitive (stored lower-case): `/users/{handle}`. */
const HANDLE_PATTERN = /^[a-z0-9][a-z0-9_-]{1,29}$/;
const DISPLAY_NAME_MAX = 60;
/** Characters of markdown in one comment (about two pages of text). */
export const COMMENT_MAX_CHARS = 10_000;
/** Replies nest this deep (0 = top level); a reply to a deeper comment joins its parent's thread. */
const COMMENT_MAX_DEPTH = 4;
export const SUBMIT_NOTE_MAX_CHARS = 500;
export const FLAG_REASON_MAX_CHARS = 300;
/** Handles a new account may not take: they would shadow pages or confuse readers. */
const RESERVED_HANDLES = new Set([
  'admin',
  'administrator',
  'moderator',
  'paperboy',
  'root',
  'system',
  'deleted',
  'anonymous',
  'me',
  'settings',
  'login',
  'logout',
  'api',
]);

/** The operator-tunable numbers the checks below need (from config). */
interface CommunityRules {
  sessionDays: number;
  loginLinkMinutes: number;
  submitMaxAgeDays: number;
  submitDailyCap: number;
  commentEditMinutes: number;
}

/** Null when the handle is acceptable, else the reason. */
export function handleProblem(handle: string): string | null {
  if (!HANDLE_PATTERN.test(handle))
    return 'A handle is 2–30 characters: lower-case letters, digits, "-" or "_", starting with a letter or digit.';
  if (RESERVED_HANDLES.has(handle)) return `"${handle}" is reserved; please pick another handle.`;
  if (/^deleted-\d+$/.test(handle)) return 'Handles of the form deleted-N are reserved for deleted accounts.';
  return null;
}

export function displayNameProblem(name: string): string | null {
  if (name.trim().length === 0) return 'Please enter a display name.';
  if (name.length > DISPLAY_NAME_MAX) return `A display name has at most ${DISPLAY_NAME_MAX} characters.`;
  // Control characters (including bidi overrides) make names that impersonate others.
  if (/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u.test(name))
    return 'A display name cannot contain control characters.';
  return null;
}

/** A starting handle derived from an email address: `Ada.Lovelace+x@…` → `ada-lovelace`. */
export function handleFromEmail(email: string): string {
  const local = email.split('@')[0]!.split('+')[0]!;
  const base = local
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 24);
  const h = base.length >= 2 ? base : `reader${base}`;
  return handleProblem(h) ? `${h.slice(0, 20)}-reader` : h;
}

/** Loose but useful: one @, a dot in the domain, no spaces, at most 254 characters (RFC 5321). */
export function normalizeEmail(input: string): string | null {
  const e = input.trim().toLowerCase();
  if (e.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) return null;
  return e;
}

export function commentBodyProblem(body: string): string | null {
  if (body.trim().length === 0) return 'A comment cannot be empty.';
  if (body.length > COMMENT_MAX_CHARS)
    return `A comment has at most ${COMMENT_MAX_CHARS.toLocaleString('en-US')} characters (this one has ${body.length.toLocaleString('en-US')}).`;
  return null;
}

/** Depth of a new reply: one below its parent, capped (deeper replies join the parent's level). */
export function replyDepth(parentDepth: number): number {
  return Math.min(parentDepth + 1, COMMENT_MAX_DEPTH);
}

/** True while the author may still edit a comment written at `createdAt`. */
export function canStillEdit(
  createdAt: string,
  now: Date,
  rules: Pick<CommunityRules, 'commentEditMinutes'>,
) {
  return now.getTime() - Date.parse(createdAt) <= rules.commentEditMinutes * 60_000;
}

type SubmissionRefusal = { rule: 'too_old'; message: string } | { rule: 'daily_cap'; message: string };

/**
 * The rules a submission must pass besides "featured once" (which the database enforces).
 * `publishedAt` is when v1 appeared on arXiv; `submittedToday` counts the user's entries
 * on the current feed day.
 */
export function checkSubmission(
  input: { publishedAt: string; submittedToday: number; isAdmin: boolean; now: Date },
  rules: Pick<CommunityRules, 'submitMaxAgeDays' | 'submitDailyCap'>,
): SubmissionRefusal | null {
  const ageDays = (input.now.getTime() - Date.parse(input.publishedAt)) / 86_400_000;
  if (ageDays > rules.submitMaxAgeDays) {
    return {
      rule: 'too_old',
      message: `This paper was first published on ${input.publishedAt.slice(0, 10)}, ${Math.floor(ageDays)} days ago; only papers from the last ${rules.submitMaxAgeDays} days can be submitted.`,
    };
  }
  if (!input.isAdmin && input.submittedToday >= rules.submitDailyCap) {
    return {
      rule: 'daily_cap',
      message: `You have already submitted ${input.submittedToday} papers today, the daily limit is ${rules.submitDailyCap}. Please come back tomorrow.`,
    };
  }
  return null;
}
