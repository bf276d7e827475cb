/**
 * Sign-in and sessions, as use cases over plain deps.
 *
 * - Sign-in links carry 32 random bytes; only their SHA-256 is stored, they work once and
 *   expire after LOGIN_LINK_MINUTES. Requesting one answers the same for known and unknown
 *   addresses (the account is created when the link is used), so the form reveals nothing.
 * - Sessions are 32 random bytes in an HttpOnly cookie; the database keeps their SHA-256.
 *   A session lasts SESSION_DAYS from its last use (refreshed at most hourly to spare writes).
 */
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { hashSecret, newSecret } from '../shared/secret.ts';
import {
  consumeLoginToken,
  countUserSessions,
  deleteSession,
  deleteUserSessions,
  findSessionUser,
  insertLoginToken,
  insertSession,
  loginTokenState,
  revokeUserTokens,
  touchSession,
} from './sessions.repo.ts';
import type { SessionUser } from './types.ts';
import { findOrCreateUserByEmail, findUserByEmail } from './users.repo.ts';

export interface AuthDeps {
  db: Db;
  clock: Clock;
  config: Config;
}

/** How often a session's expiry slides forward: at most one write per session per hour. */
const SESSION_TOUCH_INTERVAL_MS = 3_600_000;

export async function startSession(
  deps: AuthDeps,
  userId: number,
  userAgent: string | undefined,
): Promise<{ cookieValue: string; expiresAt: Date }> {
  const now = deps.clock.now();
  const cookieValue = newSecret();
  const expiresAt = new Date(now.getTime() + deps.config.SESSION_DAYS * 86_400_000);
  await insertSession(deps.db, {
    idHash: hashSecret(cookieValue),
    userId,
    now,
    expiresAt,
    userAgent: userAgent?.slice(0, 200) ?? null,
  });
  return { cookieValue, expiresAt };
}

/** The user behind a session cookie, or null. Malformed cookies never reach the database. */
export async function resolveSession(deps: AuthDeps, cookieValue: string): Promise<SessionUser | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(cookieValue)) return null;
  const now = deps.clock.now();
  const idHash = hashSecret(cookieValue);
  const found = await findSessionUser(deps.db, idHash, now);
  if (!found) return null;
  if (now.getTime() - Date.parse(found.lastSeenAt) > SESSION_TOUCH_INTERVAL_MS) {
    await touchSession(deps.db, idHash, now, new Date(now.getTime() + deps.config.SESSION_DAYS * 86_400_000));
  }
  return found.user;
}

export async function endSession(deps: AuthDeps, cookieValue: string): Promise<void> {
  await deleteSession(deps.db, hashSecret(cookieValue));
}

/** How many devices a user is signed in on (shown in settings). */
export function activeSessionCount(deps: AuthDeps, userId: number): Promise<number> {
  return countUserSessions(deps.db, userId, deps.clock.now());
}

/** Signs a user out on every device (and, when asked, revokes their API tokens); returns how many sessions ended. */
export async function endAllSessions(
  deps: AuthDeps,
  userId: number,
  opts: { revokeTokens?: boolean } = {},
): Promise<number> {
  if (opts.revokeTokens) await revokeUserTokens(deps.db, userId, deps.clock.now().toISOString());
  return deleteUserSessions(deps.db, userId);
}

/**
 * Creates a sign-in link for `email` (already normalised). The work is the same for every
 * address, whether it has an account, none, or a suspended one (a token is drawn, hashed
 * and stored each time), so neither the answer nor its timing tells them apart;
 * `canSignIn` is false for a suspended account, whose stored token `signInWithLink`
 * refuses anyway and whose owner is told instead of being sent the link.
 */
export async function createLoginLink(
  deps: AuthDeps,
  email: string,
  next = '/',
): Promise<{ url: string; expiresAt: Date; canSignIn: boolean }> {
  const existing = await findUserByEmail(deps.db, email);
  const now = deps.clock.now();
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + deps.config.LOGIN_LINK_MINUTES * 60_000);
  await insertLoginToken(deps.db, { tokenHash: hashSecret(token), email, now, expiresAt });
  // `next` (a same-origin path, checked by the caller) rides in the link, so the reader
  // lands where they were going, not on the home page.
  const back = next !== '/' ? `&next=${encodeURIComponent(next)}` : '';
  const url = `${deps.config.BASE_URL}/login/verify?token=${token}${back}`;
  return { url, expiresAt, canSignIn: !existing || existing.status === 'active' };
}

class LoginLinkError extends AppError {
  constructor(message: string) {
    super('login_link_invalid', message, 400);
  }
}

/** Uses a sign-in link: the account (created on first use) and whether it is new. */
export async function signInWithLink(
  deps: AuthDeps,
  token: string,
): Promise<{ user: SessionUser; created: boolean }> {
  const now = deps.clock.now();
  const tokenHash = hashSecret(token);
  const email = /^[A-Za-z0-9_-]{43}$/.test(token) ? await consumeLoginToken(deps.db, tokenHash, now) : null;
  if (!email) {
    const state = /^[A-Za-z0-9_-]{43}$/.test(token) ? await loginTokenState(deps.db, tokenHash) : 'unknown';
    throw new LoginLinkError(
      state === 'used'
        ? 'This sign-in link has already been used. Links work once; please ask for a new one.'
        : state === 'expired'
          ? `This sign-in link has expired (links are valid for ${deps.config.LOGIN_LINK_MINUTES} minutes). Please ask for a new one.`
          : 'This sign-in link is not valid. Please copy the whole link from the email, or ask for a new one.',
    );
  }
  const { user, created } = await findOrCreateUserByEmail(deps.db, email, now);
  if (user.status !== 'active') throw new LoginLinkError('This account cannot sign in.');
  return { user, created };
}
