/**
 * The research inbox in real Chromium against the real server process, one journey:
 * sign in → follow an author (in place) → save a paper into a new folder → mark another
 * read (in place, dimmed) → For You shows why each paper is there → export the folder as
 * BibTeX.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { type Browser, linkFromOutbox, type ServerProcess, startSite, stopSite } from '../support/browser.ts';
import { HAS_CHROMIUM } from '../support/env.ts';
import { makePaper } from '../support/factories.ts';

describe.skipIf(!HAS_CHROMIUM)('research inbox in Chromium', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  // The server runs on the real clock: make the papers recent relative to it.
  const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
  const papers = [
    makePaper({
      title: 'Speculative decoding with small draft models',
      abstract: 'Speculative decoding speeds up language model inference with a draft model.',
      authors: [{ name: 'Grace Hopper' }],
      publishedAt: at(30),
    }),
    makePaper({
      title: 'Speculative decoding for long sequences',
      abstract: 'Speculative decoding with tree drafts for long generation.',
      authors: [{ name: 'Grace Hopper' }],
      publishedAt: at(20),
    }),
    makePaper({
      title: 'Protein structure prediction',
      abstract: 'Folding proteins with deep networks.',
      authors: [{ name: 'Ada Lovelace' }],
      publishedAt: at(10),
    }),
  ];

  beforeAll(async () => {
    ({ dataDir, server, browser } = await startSite('inbox', async (db) => {
      await importBatch(db, papers, [], { source: 'test', now: new Date() });
    }));
  });

  afterAll(() => stopSite({ dataDir, server, browser }));

  it('sign in → follow → save into a new folder → mark read → For You says why → BibTeX', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    const [draft, tree, protein] = papers as [(typeof papers)[0], (typeof papers)[0], (typeof papers)[0]];

    await page.goto(`${server.url}/login`);
    await page.fill('#email', 'reader@example.org');
    await Promise.all([page.waitForURL(/\/login$/), page.click('button[type=submit]')]);
    await page.goto(await linkFromOutbox(dataDir, 'reader@example.org'));
    await Promise.all([page.waitForURL(/\/settings\?welcome=1$/), page.click('main button[type=submit]')]);

    // Follow an author: the button toggles in place, without navigating.
    await page.goto(`${server.url}/authors/Grace%20Hopper`);
    const followButton = page.locator('form[action="/inbox/follow"] button');
    expect(await followButton.getAttribute('aria-pressed')).toBe('false');
    const url = page.url();
    await followButton.click();
    await expect.poll(() => followButton.getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('true');
    expect(await followButton.innerText()).toContain('Following this author');
    expect(page.url()).toBe(url);

    // Save a paper into a new folder from its page.
    await page.goto(`${server.url}/papers/${draft.arxivId}`);
    await page.fill('input[name="newFolder"]', 'Decoding reading group');
    await Promise.all([
      page.waitForURL(`${server.url}/papers/${draft.arxivId}`),
      page.click('form.save-to-folder button'),
    ]);
    expect(await page.locator('.paper-side form[action="/inbox/save"] button').first().innerText()).toBe(
      'Saved ✓',
    );

    // Mark another read on Following: dimmed in place.
    await page.goto(`${server.url}/following`);
    const item = page.locator(`li.personal[data-arxiv-id="${tree.arxivId}"]`);
    await item.locator('button', { hasText: 'Mark read' }).click();
    await expect.poll(() => item.getAttribute('class'), { timeout: 15_000 }).toContain('read');
    expect(await item.locator('button', { hasText: 'Mark unread' }).count()).toBe(1);

    // For You: each paper says why it is there.
    await page.goto(`${server.url}/for-you`);
    const reasons = await page.locator('.reasons').allInnerTexts();
    expect(reasons.join('\n')).toContain('by an author you follow: Grace Hopper');
    expect(await page.locator(`li.personal[data-arxiv-id="${draft.arxivId}"]`).count()).toBe(0); // saved: not again
    expect(await page.locator(`li.personal[data-arxiv-id="${protein.arxivId}"]`).count()).toBe(1);

    // Export the folder as BibTeX from the library page.
    await page.goto(`${server.url}/library`);
    await page.click('nav[aria-label="Folders"] a:has-text("Decoding reading group")');
    expect(await page.locator('main h1').innerText()).toBe('Library: Decoding reading group');
    const href = await page.locator('a', { hasText: 'BibTeX' }).getAttribute('href');
    const bib = await page.request.get(`${server.url}${href}`);
    expect(bib.status()).toBe(200);
    expect(bib.headers()['cache-control']).toBe('private, no-store');
    const body = await bib.text();
    expect(body).toContain(`eprint = {${draft.arxivId}}`);
    expect(body).not.toContain(tree.arxivId);
    expect(problems).toEqual([]);
  });
});
