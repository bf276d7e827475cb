/**
 * Turns an edition and a subscriber into the exact message mailed (and previewed):
 * body parts, the per-recipient unsubscribe link and the list headers of RFC 2369/8058.
 */
import type { Config } from '../config.ts';
import { composeDigest, type EmailContent } from './compose.tsx';
import type { EditionPaper } from './editions.ts';
import { describeSubscription, parseFilter } from './editions.ts';
import type { MailMessage } from './mailer.ts';
import { textPart } from './mime.ts';

export interface EditionInfo {
  key: string;
  kind: string;
  subject: string;
  heading: string;
  /** Where "view in your browser" goes: the preview, or for alerts the search itself. */
  previewPath: string;
}

/** The part of a subscription a message depends on. */
export interface Recipient {
  kind: string;
  query: string;
  categories: string;
  keywords: string;
}

export function editionSubject(siteName: string, heading: string): string {
  return `${siteName}: ${heading}`;
}

function introFor(kind: string, n: number, narrowed: boolean): string {
  const papers = n === 1 ? 'paper' : 'papers';
  const choice = narrowed ? ' that match your choices' : '';
  if (kind === 'alert') return `${n} new ${papers} matching your saved search.`;
  if (kind === 'weekly') return `The ${n} most upvoted ${papers} featured this week${choice}.`;
  return `The ${n} most upvoted ${papers} featured that day${choice}.`;
}

export function composeEdition(
  config: Pick<Config, 'SITE_NAME' | 'BASE_URL'>,
  e: EditionInfo,
  papers: EditionPaper[],
  recipient: Recipient,
  unsubscribeUrl: string,
): EmailContent {
  const filter = parseFilter(recipient);
  const narrowed = filter.categories.length > 0 || filter.keywords.length > 0;
  return composeDigest({
    siteName: config.SITE_NAME,
    baseUrl: config.BASE_URL,
    heading: e.heading,
    intro: introFor(e.kind, papers.length, narrowed),
    subject: e.subject,
    papers,
    subscribedTo: describeSubscription(recipient),
    unsubscribeUrl,
    webUrl: `${config.BASE_URL}${e.previewPath}`,
  });
}

/** A stable Message-ID per outbox row: a resend after a crash carries the same one, which mail stores dedupe. */
export function digestMessageId(baseUrl: string, editionKey: string, outboxId: number): string {
  return `<${editionKey.replace(/[^A-Za-z0-9.-]/g, '.')}.${outboxId}@${new URL(baseUrl).hostname}>`;
}

export function listHeaders(
  config: Pick<Config, 'SITE_NAME' | 'BASE_URL'>,
  kind: string,
  unsubscribeUrl: string,
): Record<string, string> {
  const host = new URL(config.BASE_URL).hostname;
  return {
    'List-Unsubscribe': `<${unsubscribeUrl}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'List-Id': `"${config.SITE_NAME.replace(/["\\]/g, '')} ${kind} digest" <${kind}.digest.${host}>`,
    'Auto-Submitted': 'auto-generated',
    Precedence: 'bulk',
  };
}

/**
 * A cache of composed bodies per (edition, filter): most subscribers share a filter, so
 * the body is rendered once with a placeholder where each reader's unsubscribe link goes.
 */
export class BodyCache {
  private static readonly SLOT = 'https://unsubscribe.invalid/SLOT';
  private readonly cache = new Map<string, EmailContent>();
  constructor(private readonly max = 1000) {}

  get(key: string, render: (unsubscribeUrl: string) => EmailContent, unsubscribeUrl: string): EmailContent {
    let c = this.cache.get(key);
    if (!c) {
      if (this.cache.size >= this.max) this.cache.clear();
      c = render(BodyCache.SLOT);
      this.cache.set(key, c);
    }
    return {
      subject: c.subject,
      html: c.html.replaceAll(BodyCache.SLOT, unsubscribeUrl),
      text: c.text.replaceAll(BodyCache.SLOT, unsubscribeUrl),
    };
  }
}

export function buildMessage(
  config: Pick<Config, 'SITE_NAME' | 'BASE_URL'>,
  to: string,
  kind: string,
  content: EmailContent,
  unsubscribeUrl: string,
  messageId: string,
): MailMessage {
  return {
    to,
    subject: content.subject,
    text: textPart('text/plain', content.text),
    html: textPart('text/html', content.html),
    messageId,
    headers: listHeaders(config, kind, unsubscribeUrl),
  };
}
