/**
 * A small instance for the MCP tests: two featured papers about speculative decoding, one
 * featured paper whose title and abstract are HTML, one featured paper the moderators hid,
 * one paper never featured, and a member with a personal API token.
 */
import { setPaperHidden } from '../../src/community/moderation.ts';
import { createToken } from '../../src/community/tokens.ts';
import { findOrCreateUserByEmail } from '../../src/community/users.repo.ts';
import type { Db } from '../../src/db/connect.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import type { Clock } from '../../src/shared/clock.ts';
import { makePaper } from '../support/factories.ts';

export const FEED_DATE = '2026-08-21';
export const HOSTILE_TITLE = '<script>alert("t")</script> Decoding & <b>drafts</b>';

export function mcpPapers() {
  return {
    draft: makePaper({
      title: 'Speculative decoding with draft models',
      abstract:
        'Speculative decoding makes inference of large language models fast with a small draft model.',
      importedUpvotes: 5,
      githubRepo: 'https://github.com/example/spec-decode',
    }),
    scale: makePaper({
      title: 'Speculative decoding at scale',
      abstract: 'Speculative decoding for large language models served at scale with draft models.',
      importedUpvotes: 3,
    }),
    hostile: makePaper({
      title: HOSTILE_TITLE,
      abstract: 'Speculative <img src=x onerror=alert(1)> decoding, with draft models and <i>markup</i>.',
    }),
    hidden: makePaper({
      title: 'Speculative decoding hidden by moderators',
      abstract: 'Speculative decoding with draft models, a paper the moderators took off the feed.',
    }),
    unfeatured: makePaper({ title: 'Protein folding', abstract: 'Structure prediction of proteins.' }),
  };
}

export type McpPapers = ReturnType<typeof mcpPapers>;

export async function seedMcp(deps: { db: Db; clock: Clock }, papers: McpPapers) {
  const now = deps.clock.now();
  const featured = [papers.draft, papers.scale, papers.hostile, papers.hidden];
  await importBatch(
    deps.db,
    Object.values(papers),
    featured.map((p, i) => ({
      arxivId: p.arxivId,
      feedDate: FEED_DATE,
      submittedAt: `${FEED_DATE}T0${i}:00:00.000Z`,
    })),
    { source: 'test', now },
  );
  const { user: admin } = await findOrCreateUserByEmail(deps.db, 'mod@example.org', now);
  await setPaperHidden(deps, admin, papers.hidden.arxivId, true, 'off topic');
  const { user } = await findOrCreateUserByEmail(deps.db, 'ada@example.org', now);
  const { secret } = await createToken(deps, user.id, 'assistant');
  return { user, token: secret };
}
