/** Account use cases: requesting a sign-in link by email, profile changes, deletion. */
import type { Db } from '../db/connect.ts';
import type { Mailer } from '../digest/mailer.ts';
import type { Clock } from '../shared/clock.ts';
import { ValidationError } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import { cleanHandle, cleanName } from '../shared/text.ts';
import { deleteAccountData } from './account.repo.ts';
import { type AuthDeps, createLoginLink } from './auth.ts';
import { spend } from './rate-limit.ts';
import { displayNameProblem, handleProblem } from './rules.ts';
import type { SessionUser } from './types.ts';
import { updateProfile } from './users.repo.ts';

interface MailDeps extends AuthDeps {
  mailer: Mailer;
  log: Logger;
}

/**
 * Emails a sign-in link. The caller shows the same answer whatever happens here, so the
 * form does not tell who has an account; and every address costs the same work (a stored
 * token and one email), so the time taken does not tell either: a suspended account's
 * address gets a notice that it cannot sign in instead of the link. With the file outbox
 * (no SMTP) the link is also logged, so whoever runs a local instance can sign in straight
 * away. Limited per client IP and per address (RATE_LIMIT_SIGNIN_*).
 */
export async function sendLoginLink(
  deps: MailDeps,
  email: string,
  from: { ip: string },
  next = '/',
): Promise<void> {
  await spend(deps, 'signin-ip', from.ip);
  await spend(deps, 'signin-email', email);
  const link = await createLoginLink(deps, email, next);
  const site = deps.config.SITE_NAME;
  const minutes = deps.config.LOGIN_LINK_MINUTES;
  const ignore = 'If you did not ask to sign in, ignore this email: nothing happens without the link.';
  const sent = await deps.mailer.send(
    link.canSignIn
      ? {
          to: email,
          subject: `Sign in to ${site}`,
          text: `Hello,\n\nopen this link to sign in to ${site}:\n\n${link.url}\n\nIt works once, for ${minutes} minutes. ${ignore}\n`,
          html: `<p>Hello,</p><p>open this link to sign in to ${escapeHtml(site)}:</p><p><a href="${escapeHtml(link.url)}">Sign in to ${escapeHtml(site)}</a></p><p>It works once, for ${minutes} minutes. ${ignore}</p>`,
        }
      : {
          to: email,
          subject: `Sign in to ${site}`,
          text: `Hello,\n\nsomeone asked to sign in to ${site} with this address, but its account is suspended and cannot sign in. If you think this is a mistake, write to the site's administrators.\n`,
          html: `<p>Hello,</p><p>someone asked to sign in to ${escapeHtml(site)} with this address, but its account is suspended and cannot sign in. If you think this is a mistake, write to the site's administrators.</p>`,
        },
  );
  if (deps.mailer.kind === 'file' && link.canSignIn) {
    deps.log.info(
      { email, file: sent.path, url: link.url },
      'sign-in link written to the outbox (no SMTP_URL configured)',
    );
  }
}

export async function changeProfile(
  db: Db,
  user: SessionUser,
  input: { handle: string; displayName: string },
) {
  const handle = cleanHandle(input.handle);
  const displayName = cleanName(input.displayName, 'A display name');
  const problem =
    (handle !== user.handle.toLowerCase() ? handleProblem(handle) : null) ?? displayNameProblem(displayName);
  if (problem) throw new ValidationError(problem);
  await updateProfile(db, user.id, {
    handle: handle === user.handle.toLowerCase() ? user.handle : handle,
    displayName,
  });
}

/**
 * Deletes an account. Personal data goes: email, name, handle, sessions, sign-in links,
 * API tokens (revoked), digest subscriptions and alerts of the account or its address with
 * their outbox rows, votes (counts are recomputed) and flags. Content others rely on stays, anonymised:
 * comments show as by "deleted user", submissions as submitted by nobody; the moderation
 * log keeps its entries (they point at the anonymised row).
 */
export async function deleteAccount(
  deps: { db: Db; clock: Clock },
  user: SessionUser,
  confirmHandle: string,
) {
  if (confirmHandle.trim().toLowerCase() !== user.handle.toLowerCase())
    throw new ValidationError(`To delete your account, type your handle (${user.handle}) exactly.`);
  await deleteAccountData(deps.db, user, deps.clock.now().toISOString());
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
