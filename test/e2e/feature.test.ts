/**
 * "Feature" from the New on arXiv listing in real Chromium, against the real server: the
 * button features the paper in place (no navigation), a refusal shows the submission
 * rule's own message on the card, and the listing then marks the paper featured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../../src/community/auth.ts';
import { findOrCreateUserByEmail } from '../../src/community/users.repo.ts';
import { loadConfig } from '../../src/config.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { type Browser, type ServerProcess, startSite, stopSite } from '../support/browser.ts';
import { HAS_CHROMIUM } from '../support/env.ts';
import { makePaper } from '../support/factories.ts';

describe.skipIf(!HAS_CHROMIUM)('Feature from the listing in Chromium', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let session: string;
  // The server runs on the real clock: the listing is yesterday's, its new papers recent.
  const yesterday = new Date(Date.now() - 86_400_000).toISOString();
  const day = yesterday.slice(0, 10);
  const fresh = makePaper({
    title: 'A fresh paper to feature',
    publishedAt: yesterday,
    announcement: { day, type: 'new' },
  });
  const old = makePaper({
    title: 'An old paper, replaced',
    version: 2,
    publishedAt: '2020-01-06T12:00:00.000Z',
    announcement: { day, type: 'replace' },
  });

  beforeAll(async () => {
    ({ dataDir, server, browser } = await startSite('feature', async (db, dir) => {
      const clock = fixedClock(new Date().toISOString());
      await importBatch(db, [fresh, old], [], { source: 'test', now: clock.now() });
      const { user } = await findOrCreateUserByEmail(db, 'curator@example.org', clock.now());
      const config = loadConfig({ PAPERBOY_DATA_DIR: dir });
      session = (await startSession({ db, clock, config }, user.id, 'test')).cookieValue;
    }));
    await browser.context.addCookies([{ name: 'pb_session', value: session, url: server.url }]);
  });

  afterAll(() => stopSite({ dataDir, server, browser }));

  it('features in place, shows a refusal’s own message, and the listing then marks the paper', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // The refusal's 422 is an answer the page shows, which Chromium also logs.
      if (m.type() === 'error' && !m.text().includes('status of 422')) problems.push(`console: ${m.text()}`);
    });
    const listing = `${server.url}/papers/new?replacements=1`;
    await page.goto(listing);
    const card = (id: string) => page.locator(`article.card[data-arxiv-id="${id}"]`);
    expect(await card(fresh.arxivId).locator('.announced').innerText()).toBe('New');
    expect(await card(old.arxivId).locator('.announced').innerText()).toBe('Replacement');

    await card(fresh.arxivId).locator('form[data-feature] button').click();
    await card(fresh.arxivId).locator('.featured-mark[role=status]').waitFor();
    expect(await card(fresh.arxivId).locator('.featured-mark').innerText()).toBe('Featured');
    expect(page.url()).toBe(listing); // in place: no navigation

    // The age rule refuses the old paper, in the words of the submit page.
    await card(old.arxivId).locator('form[data-feature] button').click();
    const problem = card(old.arxivId).locator('.feature-problem[role=alert]');
    await problem.waitFor();
    expect(await problem.innerText()).toContain('only papers from the last 14 days can be submitted');
    expect(await card(old.arxivId).locator('form[data-feature]').count()).toBe(1);

    await page.reload();
    expect(await card(fresh.arxivId).locator('.featured-mark').innerText()).toMatch(/^Featured /);
    expect(await card(fresh.arxivId).locator('form.vote-form').count()).toBe(1);
    expect(await card(fresh.arxivId).locator('form[data-feature]').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
