/**
 * The real server in real Chromium: open the home page, follow a paper link, and check
 * the math rendered, the client bundle ran, and nothing broke the CSP.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArxivAtom } from '../../src/ingest/arxiv-api.ts';
import { importHfDaily } from '../../src/ingest/ingest.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { type Browser, type ServerProcess, startSite, stopSite } from '../support/browser.ts';
import { HAS_CHROMIUM } from '../support/env.ts';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
// A real arXiv record whose title is math: "$ω$Test: WebView-Oriented Testing for Android Applications".
const ATOM = path.join(FIXTURES, 'arxiv-api/q_testing_s0_m100_cfe7536492ca.http200.xml');

describe.skipIf(!HAS_CHROMIUM)('in Chromium', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let mathId: string;

  beforeAll(async () => {
    ({ dataDir, server, browser } = await startSite('browser', async (db) => {
      const clock = fixedClock('2026-08-21T22:00:00.000Z');
      await importHfDaily({ db, clock }, path.join(FIXTURES, 'hf-daily'));
      const math = parseArxivAtom(fs.readFileSync(ATOM, 'utf8'), ATOM).records.find((r) =>
        r.title.includes('$'),
      );
      if (!math) throw new Error('fixture has no paper with math in its title');
      mathId = math.arxivId;
      await importBatch(
        db,
        [math],
        [{ arxivId: mathId, feedDate: '2026-08-21', submittedAt: '2026-08-21T22:00:00.000Z' }],
        { source: 'arxiv-api', now: clock.now() },
      );
    }));
  });

  afterAll(() => stopSite({ dataDir, server, browser }));

  it('opens the home page, follows a paper link and shows rendered math, without console errors', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));

    const home = await page.goto(`${server.url}/`);
    expect(home?.status()).toBe(200);
    await expect(page.title()).resolves.toBe('Paperboy');
    const link = page.locator(`a.card-link[href="/papers/${mathId}"]`);
    // The card title renders the math too.
    expect(await link.locator('.katex').count()).toBeGreaterThan(0);

    await Promise.all([page.waitForURL(`${server.url}/papers/${mathId}`), link.click()]);
    const h1 = page.locator('main h1');
    await expect(h1.locator('.katex').count()).resolves.toBeGreaterThan(0);
    const visible = await h1.evaluate((el) => (el as HTMLElement).innerText);
    expect(visible).toContain('Test: WebView-Oriented Testing for Android Applications');
    expect(visible).not.toContain('$');
    // MathML, which needs no inline styles (the CSP forbids them) and no web fonts.
    expect(await h1.locator('.katex math').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('moves between cards with j / k and opens one with o', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${server.url}/papers/date/2026-08-21`);
    const cards = page.locator('[data-keynav] .card');
    // The shortcut hint shows only once the bundle has run.
    await expect(page.locator('.kbd-hint').isVisible()).resolves.toBe(true);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await expect(cards.nth(0).getAttribute('class')).resolves.toContain('is-current');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('href'));
    const firstHref = await cards.nth(0).locator('.card-link').getAttribute('href');
    expect(focused).toBe(firstHref);
    await page.keyboard.press('j');
    const secondHref = await cards.nth(1).locator('.card-link').getAttribute('href');
    await Promise.all([page.waitForURL(`${server.url}${secondHref}`), page.keyboard.press('o')]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
