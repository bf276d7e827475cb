/**
 * Subscribing with double opt-in, confirming, unsubscribing and resubscribing. Anyone
 * may subscribe by address; nothing but the confirmation email is sent until its link
 * is used. Unsubscribe links carry a signed token and need no login.
 */
import { AppError, NotFoundError, ValidationError } from '../shared/errors.ts';
import { signToken, verifyToken } from '../shared/signed-token.ts';
import { cleanText, normalizeEmail } from '../shared/text.ts';
import { composeConfirmation } from './compose-notice.tsx';
import { type DigestDeps, digestSecret } from './deps.ts';
import { describeSubscription } from './editions.ts';
import { PermanentMailError } from './mailer.ts';
import {
  activateSubscription,
  claimConfirmationSlot,
  deactivateSubscription,
  getSubscription,
  insertPendingSubscription,
  isSuppressed,
  releaseConfirmationSlot,
  type SubscriptionRow,
  updateSubscription,
} from './subscriptions.repo.ts';

/** A confirmation email to one address at most this often, whatever it subscribes to (sign-up forms are public). */
const CONFIRM_THROTTLE_MS = 10 * 60_000;
/** Confirmation links expire after a week. */
const CONFIRM_TTL_MS = 7 * 24 * 3_600_000;

export class InvalidLinkError extends AppError {
  constructor(message = 'This link is not valid. It may have been altered or be too old.') {
    super('invalid_link', message, 400);
  }
}

export interface SubscribeInput {
  email: string;
  kind: 'daily' | 'weekly' | 'alert';
  /** The saved search of an alert (required for alerts, ignored otherwise). */
  query?: string;
  categories: string[];
  keywords: string[];
  /** Daily / weekly: the most upvoted papers (default), or the member's For You or Following list (needs `userId`). */
  list?: DigestList;
  userId?: number | null;
  /**
   * The address is the signed-in account's own, proven by its emailed sign-in link: the
   * subscription starts at once, without a confirmation email.
   */
  verifiedEmail?: boolean;
}

/** What a daily or weekly digest mails: the most upvoted papers, or the subscribing member's own list. */
export const DIGEST_LISTS = ['top', 'for-you', 'following'] as const;
export type DigestList = (typeof DIGEST_LISTS)[number];

export function unsubscribeToken(deps: Pick<DigestDeps, 'config'>, subscriptionId: number): string {
  return signToken(digestSecret(deps.config), 'unsubscribe', String(subscriptionId));
}

export function unsubscribeUrl(deps: Pick<DigestDeps, 'config'>, subscriptionId: number): string {
  return `${deps.config.BASE_URL}/digest/unsubscribe?token=${unsubscribeToken(deps, subscriptionId)}`;
}

/**
 * Records the wish and mails a confirmation link. The outcome is the same whatever the
 * address's state, so the form reveals nothing about who subscribes.
 */
export async function subscribe(
  deps: DigestDeps,
  input: SubscribeInput,
): Promise<{ subscriptionId: number; active: boolean }> {
  const now = deps.clock.now();
  const email = normalizeEmail(input.email);
  if (!email) throw new ValidationError('Please enter a valid email address.');
  const query = input.kind === 'alert' ? cleanText(input.query ?? '', 'A search').trim() : '';
  const keywords = input.keywords.map((k) => cleanText(k, 'A keyword'));
  if (input.kind === 'alert' && !query) throw new ValidationError('An alert needs a search.');
  // The alert runs as a search list (≤ 250 characters with its `sort:newest`).
  if (query.length > 200) throw new ValidationError('An alert’s search is at most 200 characters.');
  const list = input.kind === 'alert' ? 'top' : (input.list ?? 'top');
  // A personal list is one member's: only that member, signed in, can have it mailed.
  if (list !== 'top' && !input.userId)
    throw new ValidationError(
      'Sign in, and use your account’s address, to get your For You or Following list by email.',
    );
  const sub = await insertPendingSubscription(deps.db, {
    email,
    kind: input.kind,
    query,
    categories: input.categories.join(' '),
    keywords: keywords.join(', '),
    list,
    userId: input.userId ?? null,
    now: now.toISOString(),
  });
  if (sub.status === 'active') {
    // Already confirmed: a member may still switch which list it mails.
    if (sub.list !== list && input.userId)
      await updateSubscription(deps.db, sub.id, { list, user_id: input.userId });
    return { subscriptionId: sub.id, active: false };
  }
  if (input.verifiedEmail) {
    await updateSubscription(deps.db, sub.id, {
      categories: input.categories.join(' '),
      keywords: keywords.join(', '),
      user_id: input.userId ?? null,
      list,
    });
    await activateSubscription(deps.db, sub.id, email, now.toISOString());
    deps.log.info({ subscription: sub.id }, 'subscribed by a signed-in account');
    return { subscriptionId: sub.id, active: true };
  }
  // Unconfirmed, unsubscribed or bounced: (re)start the opt-in with the new choices.
  await updateSubscription(deps.db, sub.id, {
    status: 'pending',
    categories: input.categories.join(' '),
    keywords: keywords.join(', '),
    list,
  });
  const sentAt = now.toISOString();
  const allowed = await claimConfirmationSlot(
    deps.db,
    email,
    sentAt,
    new Date(now.getTime() - CONFIRM_THROTTLE_MS).toISOString(),
  );
  if (!allowed) return { subscriptionId: sub.id, active: false };
  await updateSubscription(deps.db, sub.id, { confirm_sent_at: sentAt });
  const token = signToken(digestSecret(deps.config), 'confirm', `${sub.id}:${sentAt}`);
  const mail = composeConfirmation({
    siteName: deps.config.SITE_NAME,
    baseUrl: deps.config.BASE_URL,
    what: describeSubscription(sub),
    confirmUrl: `${deps.config.BASE_URL}/digest/confirm?token=${token}`,
  });
  try {
    await deps.mailer.send({ to: email, ...mail });
  } catch (e) {
    // Let the next attempt through at once: this one never reached the reader.
    await updateSubscription(deps.db, sub.id, { confirm_sent_at: null });
    await releaseConfirmationSlot(deps.db, email, sentAt);
    if (e instanceof PermanentMailError)
      throw new AppError('address_refused', `The mail server for ${email} refused our email.`, 400);
    deps.log.error({ err: e }, 'could not send a confirmation email');
    throw new AppError(
      'mail_unavailable',
      'We could not send the confirmation email just now. Please try again later.',
      503,
    );
  }
  deps.log.info({ subscription: sub.id }, 'confirmation email sent');
  return { subscriptionId: sub.id, active: false };
}

/** Checks a confirmation link without acting on it (the page shows a button). */
export async function checkConfirmToken(deps: DigestDeps, token: string): Promise<SubscriptionRow> {
  const payload = verifyToken(digestSecret(deps.config), 'confirm', token);
  const m = payload ? /^(\d+):(.+)$/.exec(payload) : null;
  if (!m) throw new InvalidLinkError();
  const sub = await getSubscription(deps.db, Number(m[1]));
  const issued = Date.parse(m[2]!);
  if (!sub || Number.isNaN(issued)) throw new InvalidLinkError();
  if (sub.status === 'active') return sub;
  // Only the latest link works, and only for a week.
  if (sub.confirm_sent_at !== m[2] || deps.clock.now().getTime() - issued > CONFIRM_TTL_MS)
    throw new InvalidLinkError('This confirmation link has expired. Subscribe again to get a new one.');
  if (sub.status !== 'pending') throw new InvalidLinkError();
  return sub;
}

export async function confirmSubscription(deps: DigestDeps, token: string): Promise<SubscriptionRow> {
  const sub = await checkConfirmToken(deps, token);
  if (sub.status !== 'active') {
    await activateSubscription(deps.db, sub.id, sub.email, deps.clock.now().toISOString());
    deps.log.info({ subscription: sub.id }, 'subscription confirmed');
  }
  return (await getSubscription(deps.db, sub.id))!;
}

/** The subscription an unsubscribe link is for. */
export async function subscriptionFromUnsubscribeToken(
  deps: DigestDeps,
  token: string,
): Promise<SubscriptionRow> {
  const payload = verifyToken(digestSecret(deps.config), 'unsubscribe', token);
  if (!payload || !/^\d+$/.test(payload)) throw new InvalidLinkError();
  const sub = await getSubscription(deps.db, Number(payload));
  if (!sub) throw new NotFoundError('This subscription no longer exists.');
  return sub;
}

export async function unsubscribe(deps: DigestDeps, token: string): Promise<SubscriptionRow> {
  const sub = await subscriptionFromUnsubscribeToken(deps, token);
  if (sub.status !== 'unsubscribed') {
    await deactivateSubscription(deps.db, sub.id, deps.clock.now().toISOString());
    deps.log.info({ subscription: sub.id }, 'unsubscribed');
  }
  return (await getSubscription(deps.db, sub.id))!;
}

/**
 * Undoes an unsubscribe from the same link. The token proves the reader received our
 * mail, so no new confirmation is needed; an address that bounced must subscribe again.
 */
export async function resubscribe(deps: DigestDeps, token: string): Promise<SubscriptionRow> {
  const sub = await subscriptionFromUnsubscribeToken(deps, token);
  if (sub.status === 'unsubscribed' && !(await isSuppressed(deps.db, sub.email))) {
    await activateSubscription(deps.db, sub.id, sub.email, deps.clock.now().toISOString());
    deps.log.info({ subscription: sub.id }, 'resubscribed');
  }
  return (await getSubscription(deps.db, sub.id))!;
}
