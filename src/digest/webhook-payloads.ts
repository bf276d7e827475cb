/**
 * A daily edition as the JSON a chat webhook accepts. Pure.
 *
 * - Slack incoming webhooks: `text` (the notification and fallback) plus Block Kit
 *   `blocks` (https://api.slack.com/messaging/webhooks).
 * - Discord webhooks: `content` (≤ 2000 characters) plus up to 10 `embeds`
 *   (https://discord.com/developers/docs/resources/webhook#execute-webhook).
 * Titles lose their LaTeX ($\alpha$ → α): neither renders math.
 */

import { latexToText } from '../formats/latex-text.ts';
import type { EditionPaper } from './editions.ts';

export type WebhookFormat = 'slack' | 'discord';

interface WebhookEdition {
  heading: string;
  /** Absolute URL of the edition's page. */
  url: string;
  baseUrl: string;
  papers: EditionPaper[];
}

/** Papers a post lists: a chat message is a teaser, the page has the rest. */
export const WEBHOOK_PAPERS = 10;

export function detectFormat(url: string): WebhookFormat {
  const host = new URL(url).hostname;
  return /(^|\.)discord(app)?\.com$/.test(host) ? 'discord' : 'slack';
}

/** Slack mrkdwn escapes &, < and >; a `|` would end a link's text early, so it is swapped. */
function slackEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '∣');
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s;
}

function line(p: EditionPaper): { title: string; meta: string } {
  return {
    title: clip(latexToText(p.title), 200),
    meta: `▲ ${p.upvotes} · ${clip(p.authorsText, 120)}${p.codeUrl ? ' · code' : ''}`,
  };
}

export function webhookPayload(format: WebhookFormat, e: WebhookEdition): Record<string, unknown> {
  const papers = e.papers.slice(0, WEBHOOK_PAPERS);
  const paperUrl = (p: EditionPaper) => `${e.baseUrl}/papers/${p.arxivId}`;
  const more = e.papers.length > papers.length ? ` (top ${papers.length} of ${e.papers.length})` : '';
  if (format === 'discord') {
    return {
      content: clip(`**${e.heading}**${more}\n${e.url}`, 2000),
      embeds: papers.map((p) => {
        const l = line(p);
        return { title: clip(l.title, 256), url: paperUrl(p), description: clip(l.meta, 4096) };
      }),
      allowed_mentions: { parse: [] },
    };
  }
  return {
    text: `${e.heading}${more}: ${e.url}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(e.heading, 150) } },
      ...papers.map((p) => {
        const l = line(p);
        return {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: clip(`*<${paperUrl(p)}|${slackEscape(l.title)}>*\n${slackEscape(l.meta)}`, 3000),
          },
        };
      }),
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `<${e.url}|All papers of the day>${slackEscape(more)}` }],
      },
    ],
  };
}
