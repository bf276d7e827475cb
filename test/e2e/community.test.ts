/**
 * The community in real Chromium against the real server process:
 * - script injection in an imported title / abstract, a display name and a comment is
 *   shown as text and never runs (no dialog, no marker set, no page error);
 * - one journey: sign in with the link from the outbox → choose a name → submit a paper
 *   → upvote it in place (JS) → comment → see it on /papers/trending and the profile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { type Browser, linkFromOutbox, type ServerProcess, startSite, stopSite } from '../support/browser.ts';
import { HAS_CHROMIUM } from '../support/env.ts';
import { makePaper } from '../support/factories.ts';

const XSS = `<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=1;alert(1)</script>`;

describe.skipIf(!HAS_CHROMIUM)('community in Chromium', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  // The server runs on the real clock: make the papers recent relative to it.
  const yesterday = new Date(Date.now() - 86_400_000).toISOString();
  const hostile = makePaper({
    title: `Hostile ${XSS} title`,
    abstract: `An abstract ${XSS} here.`,
    publishedAt: yesterday,
  });
  const toSubmit = makePaper({ title: 'A paper worth submitting', publishedAt: yesterday });

  beforeAll(async () => {
    ({ dataDir, server, browser } = await startSite('community', async (db) => {
      await importBatch(
        db,
        [hostile, toSubmit],
        [{ arxivId: hostile.arxivId, feedDate: yesterday.slice(0, 10), submittedAt: yesterday }],
        { source: 'test', now: new Date() },
      );
    }));
  });

  afterAll(() => stopSite({ dataDir, server, browser }));

  it('sign in from the outbox, name, submit, upvote in place, comment; injections stay text', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    const noXss = async () =>
      expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();

    // An imported title and abstract with markup are text, on the feed and the paper page.
    await page.goto(`${server.url}/papers/${hostile.arxivId}`);
    expect(await page.locator('main h1').innerText()).toContain('<script>');
    expect(await page.locator('.abstract-full').first().innerText()).toContain('<img src=x');
    await noXss();

    // Sign in with the link from the outbox.
    await page.goto(`${server.url}/login`);
    await page.fill('#email', 'journey@example.org');
    await Promise.all([page.waitForURL(/\/login$/), page.click('button[type=submit]')]);
    expect(await page.locator('main').innerText()).toContain('Check your email');
    await page.goto(await linkFromOutbox(dataDir, 'journey@example.org'));
    await Promise.all([page.waitForURL(/\/settings\?welcome=1$/), page.click('main button[type=submit]')]);

    // A hostile display name is stored and shown as text.
    await page.fill('#display_name', `Eve ${XSS}`.slice(0, 60));
    await page.fill('#handle', 'journey');
    await Promise.all([page.waitForURL(/saved=1/), page.click('form[action="/settings/profile"] button')]);

    // Submit a paper by its arXiv URL.
    await page.goto(`${server.url}/submit`);
    await page.fill('#paper', `https://arxiv.org/abs/${toSubmit.arxivId}v1`);
    await Promise.all([
      page.waitForURL(`${server.url}/papers/${toSubmit.arxivId}`),
      page.click('main button[type=submit]'),
    ]);
    expect(await page.locator('.details').innerText()).toContain('@journey');

    // Upvote: the client module updates the count in place, without navigating.
    const button = page.locator('.paper-side form[data-upvote] button');
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    const url = page.url();
    await button.click();
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
    expect(await button.locator('.vote-count').innerText()).toBe('1');
    expect(page.url()).toBe(url);

    // Comment with markdown and a script.
    await page.fill('#comment-body', `**Great** paper ${XSS}`);
    await Promise.all([
      page.waitForURL(/#comment-\d+$/),
      page.click('form.comment-form button[type=submit]'),
    ]);
    const comment = page.locator('.comment').first();
    expect(await comment.locator('.comment-body strong').innerText()).toBe('Great');
    expect(await comment.locator('.comment-body').innerText()).toContain('<script>');
    expect(await comment.locator('.comment-author').innerText()).toContain('<img src=x');
    expect(await page.locator('.upvoters').innerText()).toContain('@journey');

    // Trending and the profile show it.
    await page.goto(`${server.url}/papers/trending`);
    expect(await page.locator('main').innerText()).toContain('A paper worth submitting');
    await page.goto(`${server.url}/users/journey`);
    const profile = await page.locator('main').innerText();
    expect(profile).toContain('Eve <img src=x');
    expect(profile.split('Upvoted papers')[0]).toContain('A paper worth submitting');
    expect(profile.split('Upvoted papers')[1]?.split('Comments')[0]).toContain('A paper worth submitting');
    expect(profile).toContain('Great paper');

    await noXss();
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);
});
