/** Account use cases: requesting a sign-in link by email, profile changes, deletion. */
import type { Db } from '../db/connect.ts';
import type { Mailer } from '../digest/mailer.ts';
import { ValidationError } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
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
 * form does not tell who has an account. With the file outbox (no SMTP) the link is also
 * logged, so whoever runs a local instance can sign in straight away. Limited per client
 * IP and per address (RATE_LIMIT_SIGNIN_*).
 */
export async function sendLoginLink(deps: MailDeps, email: string, from: { ip: string }): Promise<void> {
  await spend(deps, 'signin-ip', from.ip);
  await spend(deps, 'signin-email', email);
  const link = await createLoginLink(deps, email);
  if (!link) return;
  const site = deps.config.SITE_NAME;
  const minutes = deps.config.LOGIN_LINK_MINUTES;
  const sent = await deps.mailer.send({
    to: email,
    subject: `Sign in to ${site}`,
    text: `Hello,\n\nopen this link to sign in to ${site}:\n\n${link.url}\n\nIt works once, for ${minutes} minutes. If you did not ask to sign in, ignore this email: nothing happens without the link.\n`,
    html: `<p>Hello,</p><p>open this link to sign in to ${escapeHtml(site)}:</p><p><a href="${escapeHtml(link.url)}">Sign in to ${escapeHtml(site)}</a></p><p>It works once, for ${minutes} minutes. If you did not ask to sign in, ignore this email: nothing happens without the link.</p>`,
  });
  if (deps.mailer.kind === 'file') {
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
  const handle = input.handle.trim().toLowerCase();
  const displayName = input.displayName.trim();
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
 * votes (counts are recomputed) and flags. Content others rely on stays, anonymised:
 * comments show as by "deleted user", submissions as submitted by nobody; the moderation
 * log keeps its entries (they point at the anonymised row).
 */
export async function deleteAccount(deps: { db: Db }, user: SessionUser, confirmHandle: string) {
  if (confirmHandle.trim().toLowerCase() !== user.handle.toLowerCase())
    throw new ValidationError(`To delete your account, type your handle (${user.handle}) exactly.`);
  await deleteAccountData(deps.db, user);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
