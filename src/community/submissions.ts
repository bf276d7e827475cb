/**
 * Submitting a paper to the daily feed, by arXiv id or any arXiv URL. Unknown papers are
 * looked up on the arXiv API. Every refusal names the rule and the reason.
 */
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { feedDateOf } from '../feed/dates.ts';
import type { HttpFetch } from '../ingest/http.ts';
import { ingestArxivIds } from '../ingest/ingest.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError, IngestError, NotFoundError, ValidationError } from '../shared/errors.ts';
import { parseArxivId } from '../shared/ids.ts';
import { spend } from './rate-limit.ts';
import { checkSubmission, SUBMIT_NOTE_MAX_CHARS } from './rules.ts';
import { countSubmissionsOn, findSubmissionTarget, insertSubmission } from './submissions.repo.ts';
import type { SessionUser } from './types.ts';

interface SubmitDeps {
  db: Db;
  clock: Clock;
  config: Config;
  http: HttpFetch;
}

class SubmissionRefused extends AppError {
  constructor(
    readonly rule: string,
    message: string,
    status = 422,
  ) {
    super(`submission_${rule}`, message, status, { rule });
  }
}

export async function submitPaper(
  deps: SubmitDeps,
  user: SessionUser,
  input: { paper: string; note?: string },
): Promise<{ arxivId: string; feedDate: string; fetched: boolean }> {
  await spend(deps, 'submit', user.id);
  const { id: arxivId } = parseArxivId(input.paper);
  const note = input.note?.trim() || null;
  if (note && note.length > SUBMIT_NOTE_MAX_CHARS)
    throw new ValidationError(
      `A note has at most ${SUBMIT_NOTE_MAX_CHARS} characters (yours has ${note.length}).`,
    );

  let target = await findSubmissionTarget(deps.db, arxivId);
  let fetched = false;
  if (!target) {
    try {
      const r = await ingestArxivIds(deps, [arxivId]);
      if (!r.found.includes(arxivId))
        throw new NotFoundError(`arXiv has no paper ${arxivId}. Check the id or URL.`);
    } catch (e) {
      if (e instanceof IngestError)
        throw new AppError(
          'arxiv_unavailable',
          `Could not look ${arxivId} up on arXiv right now; please try again in a minute.`,
          502,
        );
      throw e;
    }
    target = await findSubmissionTarget(deps.db, arxivId);
    if (!target) throw new NotFoundError(`arXiv has no paper ${arxivId}.`);
    fetched = true;
  }
  const featuredRefusal = (t: { feedDate: string; submitterHandle: string | null }) =>
    new SubmissionRefused(
      'already_featured',
      `arXiv:${arxivId} is already on the feed: it was featured on ${t.feedDate}${t.submitterHandle ? ` by @${t.submitterHandle}` : ''}. A paper is featured once; upvote it instead.`,
      409,
    );
  if (target.featured) throw featuredRefusal(target.featured);

  const now = deps.clock.now();
  const feedDate = feedDateOf(now, deps.config.PAPERBOY_TIMEZONE, deps.config.FEED_ROLLOVER);
  const isAdmin = user.role === 'admin';
  const refusal = checkSubmission(
    {
      publishedAt: target.publishedAt,
      submittedToday: isAdmin ? 0 : await countSubmissionsOn(deps.db, user.id, feedDate),
      isAdmin,
      now,
    },
    { submitMaxAgeDays: deps.config.SUBMIT_MAX_AGE_DAYS, submitDailyCap: deps.config.SUBMIT_DAILY_CAP },
  );
  if (refusal) throw new SubmissionRefused(refusal.rule, refusal.message, 422);

  const r = await insertSubmission(deps.db, {
    paperId: target.paperId,
    userId: user.id,
    feedDate,
    now,
    note,
    cap: isAdmin ? null : deps.config.SUBMIT_DAILY_CAP,
  });
  if (!r.ok && r.reason === 'featured') {
    const again = await findSubmissionTarget(deps.db, arxivId);
    throw featuredRefusal(again?.featured ?? { feedDate, submitterHandle: null });
  }
  if (!r.ok) {
    const c = checkSubmission(
      {
        publishedAt: target.publishedAt,
        submittedToday: r.count ?? deps.config.SUBMIT_DAILY_CAP,
        isAdmin,
        now,
      },
      { submitMaxAgeDays: deps.config.SUBMIT_MAX_AGE_DAYS, submitDailyCap: deps.config.SUBMIT_DAILY_CAP },
    );
    throw new SubmissionRefused('daily_cap', c?.message ?? 'Daily submission limit reached.');
  }
  return { arxivId, feedDate, fetched };
}
