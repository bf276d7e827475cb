import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../../test/support/smtp.ts';
import { loadConfig } from '../config.ts';
import { silentLogger } from '../shared/log.ts';
import { createMailer, PermanentMailError, TemporaryMailError } from './mailer.ts';

const message = {
  to: 'reader@example.org',
  subject: 'Today’s papers',
  text: 'Plain part',
  html: '<p>HTML part</p>',
  headers: { 'List-Unsubscribe': '<https://papers.example/u/abc>' },
};

describe('mailer over SMTP', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer({
      reject: (rcpt) => (rcpt.startsWith('busy') ? 450 : rcpt.startsWith('gone') ? 550 : undefined),
    });
  });
  afterAll(async () => {
    await smtp.close();
  });

  const config = () =>
    loadConfig({
      SMTP_URL: smtp.url,
      BASE_URL: 'https://papers.example',
      SITE_NAME: 'Lab Papers',
      MAIL_REPLY_TO: 'editors@papers.example',
    });

  it('delivers both parts with From, Reply-To, Message-ID, Date and extra headers', async () => {
    const mailer = createMailer(config(), silentLogger);
    const sent = await mailer.send(message);
    await mailer.close();
    const got = smtp.received.at(-1)!;
    expect(got.envelopeTo).toEqual(['reader@example.org']);
    expect(got.parsed.subject).toBe('Today’s papers');
    expect(got.parsed.text?.trim()).toBe('Plain part');
    expect(got.parsed.html).toContain('<p>HTML part</p>');
    expect(got.parsed.from?.text).toBe('"Lab Papers" <paperboy@papers.example>');
    expect(got.parsed.replyTo?.text).toBe('editors@papers.example');
    expect(got.parsed.messageId).toBe(sent.messageId);
    expect(sent.messageId).toMatch(/@papers\.example>$/);
    expect(got.parsed.date).toBeInstanceOf(Date);
    expect(got.raw).toContain('List-Unsubscribe: <https://papers.example/u/abc>');
  });

  it('classifies 4xx refusals as temporary and 5xx as permanent', async () => {
    const mailer = createMailer(config(), silentLogger);
    await expect(mailer.send({ ...message, to: 'busy@example.org' })).rejects.toBeInstanceOf(
      TemporaryMailError,
    );
    await expect(mailer.send({ ...message, to: 'gone@example.org' })).rejects.toBeInstanceOf(
      PermanentMailError,
    );
    await mailer.close();
  });

  it('treats an unreachable server as temporary', async () => {
    const mailer = createMailer(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:9' }), silentLogger);
    await expect(mailer.send(message)).rejects.toBeInstanceOf(TemporaryMailError);
    await mailer.close();
  });
});

describe('mailer without SMTP', () => {
  it('writes a complete .eml file into the outbox', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-mail-'));
    const mailer = createMailer(loadConfig({ PAPERBOY_DATA_DIR: dir }), silentLogger);
    expect(mailer.kind).toBe('file');
    const sent = await mailer.send(message);
    expect(path.dirname(sent.path!)).toBe(path.join(dir, 'outbox'));
    const parsed = await simpleParser(fs.readFileSync(sent.path!));
    expect(parsed.subject).toBe('Today’s papers');
    expect(parsed.text?.trim()).toBe('Plain part');
    expect(parsed.to && 'text' in parsed.to ? parsed.to.text : '').toBe('reader@example.org');
    expect(fs.readdirSync(path.join(dir, 'outbox')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
