/** Shared set-up of the email suites: an app with real data, a real SMTP server, subscribers. */

import type { Db } from '../../src/db/connect.ts';
import type { DigestDeps } from '../../src/digest/deps.ts';
import { activateSubscription, insertPendingSubscription } from '../../src/digest/subscriptions.repo.ts';
import { confirmSubscription, subscribe } from '../../src/digest/subscriptions.ts';
import { importHfDaily } from '../../src/ingest/ingest.ts';
import type { ReceivedMail } from '../support/smtp.ts';

export const FIXTURES = new URL('../fixtures/hf-daily/', import.meta.url).pathname;

export async function loadFixtures(deps: DigestDeps) {
  await importHfDaily(deps, FIXTURES);
}

/** The first link in a message's text part that starts with `prefix`. */
export function linkIn(mail: ReceivedMail, prefix: string): string {
  const text = mail.parsed.text ?? '';
  const m = text.match(new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\S+`));
  if (!m) throw new Error(`no link starting with ${prefix} in:\n${text}`);
  return m[0];
}

/** Subscribes and confirms an address through the use cases, reading the link from the mail. */
export async function confirmedSubscriber(
  deps: DigestDeps,
  received: ReceivedMail[],
  email: string,
  opts: { kind?: 'daily' | 'weekly'; categories?: string[]; keywords?: string[] } = {},
) {
  await subscribe(deps, {
    email,
    kind: opts.kind ?? 'daily',
    categories: opts.categories ?? [],
    keywords: opts.keywords ?? [],
  });
  const mail = received.findLast((m) => m.envelopeTo.includes(email));
  if (!mail) throw new Error(`no confirmation mail for ${email}`);
  const token = new URL(linkIn(mail, `${deps.config.BASE_URL}/digest/confirm?token=`)).searchParams.get(
    'token',
  )!;
  return confirmSubscription(deps, token);
}

/** An already confirmed subscriber, made directly in storage (for addresses the test server refuses). */
export async function activeSubscriber(deps: DigestDeps, email: string, kind: 'daily' | 'weekly') {
  const now = deps.clock.now().toISOString();
  const sub = await insertPendingSubscription(deps.db, {
    email,
    kind,
    query: '',
    categories: '',
    keywords: '',
    userId: null,
    now,
  });
  await activateSubscription(deps.db, sub.id, email, now);
  return sub;
}

/** A raw header's value as sent (mailparser folds List-* headers into one object). */
export function rawHeader(mail: ReceivedMail, name: string): string | undefined {
  const line = mail.parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line
    ?.slice(line.indexOf(':') + 1)
    .replace(/\r?\n\s+/g, ' ')
    .trim();
}

/** The https/http URL of List-Unsubscribe. */
export function unsubscribeHeaderUrl(mail: ReceivedMail): string {
  const v = rawHeader(mail, 'List-Unsubscribe') ?? '';
  const m = /^<([^>]+)>$/.exec(v);
  if (!m) throw new Error(`bad List-Unsubscribe: ${v}`);
  return m[1]!;
}

/** `count` confirmed daily subscribers `reader0@example.org` …, written directly (500 a statement). */
export async function insertActiveSubscribers(db: Db, count: number, at: string) {
  for (let i = 0; i < count; i += 500) {
    await db.kysely
      .insertInto('subscriptions')
      .values(
        Array.from({ length: Math.min(500, count - i) }, (_, j) => ({
          email: `reader${i + j}@example.org`,
          kind: 'daily',
          query: '',
          categories: '',
          keywords: '',
          status: 'active',
          user_id: null,
          created_at: at,
          confirmed_at: at,
        })),
      )
      .execute();
  }
}
