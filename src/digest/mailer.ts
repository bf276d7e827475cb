/**
 * Sending email. With SMTP_URL set, messages go through a pooled nodemailer SMTP
 * transport; without it, each message is written as an .eml file into
 * `$PAPERBOY_DATA_DIR/outbox/` and the log says where, so a local instance works with no
 * mail server (sign-in links can be opened from there).
 *
 * Failures are classified so callers can decide: a TemporaryMailError (4xx reply, network
 * trouble) may be retried; a PermanentMailError (5xx reply) will fail again.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import type { Logger } from '../shared/log.ts';

export interface MailMessage {
  to: string;
  subject: string;
  /** A string, or a MIME part already encoded (`{ raw }`: its headers and body), see mime.ts. */
  text: string | RawPart;
  html?: string | RawPart;
  /** Extra headers, e.g. List-Unsubscribe; `prepared` values are sent exactly as given (already encoded). */
  headers?: Record<string, string | { prepared: true; value: string }>;
  replyTo?: string;
  /** Our own Message-ID (with angle brackets); generated when absent. */
  messageId?: string;
}

/** A complete MIME body part (headers, blank line, encoded body), passed to nodemailer as is. */
export interface RawPart {
  raw: string | Buffer;
}

export interface SentMail {
  messageId: string;
  /** The .eml file, for the file outbox. */
  path?: string;
}

export interface Mailer {
  readonly kind: 'smtp' | 'file';
  send(msg: MailMessage): Promise<SentMail>;
  close(): Promise<void>;
}

export class TemporaryMailError extends Error {
  constructor(
    message: string,
    readonly responseCode?: number,
  ) {
    super(message);
    this.name = 'TemporaryMailError';
  }
}

export class PermanentMailError extends Error {
  constructor(
    message: string,
    readonly responseCode?: number,
  ) {
    super(message);
    this.name = 'PermanentMailError';
  }
}

type MailConfig = Pick<
  Config,
  'SMTP_URL' | 'MAIL_FROM' | 'MAIL_REPLY_TO' | 'PAPERBOY_DATA_DIR' | 'BASE_URL' | 'SITE_NAME'
>;

/** The From address: MAIL_FROM, or "Site name <paperboy@host-of-BASE_URL>". */
export function fromAddress(config: MailConfig): string {
  if (config.MAIL_FROM) return config.MAIL_FROM;
  const host = new URL(config.BASE_URL).hostname;
  return `"${config.SITE_NAME.replace(/["\\]/g, '')}" <paperboy@${host.includes('.') ? host : `${host}.localdomain`}>`;
}

export function createMailer(config: MailConfig, log: Logger): Mailer {
  const from = fromAddress(config);
  const messageHost = new URL(config.BASE_URL).hostname;
  const newMessageId = () => `<${Date.now().toString(36)}.${randomBytes(8).toString('hex')}@${messageHost}>`;
  const envelope = (m: MailMessage) => ({
    from,
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    headers: m.headers,
    replyTo: m.replyTo ?? config.MAIL_REPLY_TO,
    messageId: m.messageId ?? newMessageId(),
    date: new Date(),
  });

  if (config.SMTP_URL) {
    const transport = nodemailer.createTransport({
      url: config.SMTP_URL,
      pool: true,
      maxConnections: 5,
      maxMessages: 500,
    });
    return {
      kind: 'smtp',
      async send(m) {
        const mail = envelope(m);
        try {
          await transport.sendMail(mail);
        } catch (e) {
          throw classify(e);
        }
        return { messageId: mail.messageId };
      },
      async close() {
        transport.close();
      },
    };
  }

  const dir = path.join(config.PAPERBOY_DATA_DIR, 'outbox');
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let warned = false;
  return {
    kind: 'file',
    async send(m) {
      const mail = envelope(m);
      const info = await stream.sendMail(mail);
      fs.mkdirSync(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
      const file = path.join(dir, name);
      // Write then rename, so a reader never sees half a message.
      fs.writeFileSync(`${file}.tmp`, info.message as Buffer);
      fs.renameSync(`${file}.tmp`, file);
      if (!warned) {
        log.warn(
          { outbox: dir },
          'SMTP_URL is not set: emails are written to the outbox folder instead of being sent',
        );
        warned = true;
      }
      log.info({ to: m.to, subject: m.subject, file }, 'email written to outbox');
      return { messageId: mail.messageId, path: file };
    },
    async close() {},
  };
}

function classify(e: unknown): Error {
  const err = e as { message?: string; responseCode?: number; permanent?: boolean };
  const message = err.message ?? String(e);
  if (err.responseCode && err.permanent !== false && err.responseCode >= 500 && err.responseCode !== 503) {
    return new PermanentMailError(message, err.responseCode);
  }
  return new TemporaryMailError(message, err.responseCode);
}
