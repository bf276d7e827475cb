/**
 * Submitting a paper to the daily feed, by arXiv id or any arXiv URL. Unknown papers are
 * looked up on the arXiv API, within SUBMIT_LOOKUP_TIMEOUT_MS (pacing, retries and waits
 * included): when arXiv has not answered by then, the submission waits in the job queue
 * (one job per paper, `submission:<id>`) and is featured, under the same rules and
 * credited to the same member, when a later attempt gets arXiv's answer. Every refusal
 * names the rule and the reason.
 */
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { feedDateOf } from '../feed/dates.ts';
import { DeadlineError, type HttpFetch, withDeadline } from '../ingest/http.ts';
import { ingestArxivIds } from '../ingest/ingest.ts';
import { enqueue, FinalJobError, type Job, recentJobs, releaseFinishedKey } from '../jobs/queue.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError, IngestError, NotFoundError, ValidationError } from '../shared/errors.ts';
import { parseArxivId } from '../shared/ids.ts';
import { cleanText } from '../shared/text.ts';
import { spend } from './rate-limit.ts';
import { checkSubmission, SUBMIT_NOTE_MAX_CHARS } from './rules.ts';
import { countSubmissionsOn, findSubmissionTarget, insertSubmission } from './submissions.repo.ts';
import type { SessionUser } from './types.ts';
import { findUserById } from './users.repo.ts';

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

/** The job that finishes a submission arXiv did not answer in time. */
export const PENDING_SUBMISSION_JOB = 'submission';

/** What a waiting submission remembers: who, what, and when (its rules apply as of then). */
interface PendingSubmission {
  arxivId: string;
  userId: number;
  note: string | null;
  feedDate: string;
  submittedAt: string;
}

export type SubmitResult =
  | { status: 'featured'; arxivId: string; feedDate: string; fetched: boolean }
  | { status: 'queued'; arxivId: string; feedDate: string; message: string };

export const QUEUED_MESSAGE = 'Queued: the paper will appear when arXiv answers.';

export async function submitPaper(
  deps: SubmitDeps,
  user: SessionUser,
  input: { paper: string; note?: string },
): Promise<SubmitResult> {
  await spend(deps, 'submit', user.id);
  const { id: arxivId } = parseArxivId(input.paper);
  const note = input.note ? cleanText(input.note, 'A note', { multiline: true }).trim() || null : null;
  if (note && note.length > SUBMIT_NOTE_MAX_CHARS)
    throw new ValidationError(
      `A note has at most ${SUBMIT_NOTE_MAX_CHARS} characters (yours has ${note.length}).`,
    );
  const now = deps.clock.now();
  const feedDate = feedDateOf(now, deps.config.PAPERBOY_TIMEZONE, deps.config.FEED_ROLLOVER);
  const submission = { arxivId, userId: user.id, note, feedDate, submittedAt: now.toISOString() };

  let target = await findSubmissionTarget(deps.db, arxivId);
  let fetched = false;
  if (!target) {
    if (!(await lookUp(deps, arxivId))) {
      await queueSubmission(deps, submission);
      return { status: 'queued', arxivId, feedDate, message: QUEUED_MESSAGE };
    }
    target = await findSubmissionTarget(deps.db, arxivId);
    if (!target) throw new NotFoundError(`arXiv has no paper ${arxivId}.`);
    fetched = true;
  }
  await feature(deps, user, target, submission);
  return { status: 'featured', arxivId, feedDate, fetched };
}

/**
 * Looks a paper up on arXiv within SUBMIT_LOOKUP_TIMEOUT_MS and stores it. True when
 * stored, false when arXiv did not answer (in time, or at all); an id arXiv does not
 * know is a NotFoundError.
 */
async function lookUp(deps: SubmitDeps, arxivId: string): Promise<boolean> {
  const http = withDeadline(deps.http, deps.config.SUBMIT_LOOKUP_TIMEOUT_MS);
  try {
    const r = await ingestArxivIds({ ...deps, http }, [arxivId]);
    if (!r.found.includes(arxivId))
      throw new NotFoundError(`arXiv has no paper ${arxivId}. Check the id or URL.`);
    return true;
  } catch (e) {
    if (e instanceof DeadlineError || e instanceof IngestError) return false;
    throw e;
  }
}

/** Queues the submission once per paper: a second one while it waits adds nothing. */
async function queueSubmission(deps: SubmitDeps, s: PendingSubmission): Promise<void> {
  const uniqueKey = `submission:${s.arxivId}`;
  await releaseFinishedKey(deps.db, uniqueKey);
  await enqueue(deps.db, { kind: PENDING_SUBMISSION_JOB, payload: s, uniqueKey }, deps.clock.now());
}

/**
 * The job: looks the paper up again and features it for its submitter under the rules as
 * they stood when it was submitted. arXiv still silent: throws, so the queue retries with
 * backoff and, after its last attempt, marks the job failed with the reason. A refusal
 * (the rules, an unknown id, an account no longer active) fails it at once.
 */
export async function finishPendingSubmission(deps: SubmitDeps, payload: unknown) {
  const s = payload as PendingSubmission;
  const user = await findUserById(deps.db, s.userId);
  if (user?.status !== 'active') throw new FinalJobError(`the submitter's account is no longer active`);
  try {
    let target = await findSubmissionTarget(deps.db, s.arxivId);
    if (!target) {
      if (!(await lookUp(deps, s.arxivId)))
        throw new Error(
          `arXiv did not answer about ${s.arxivId} within ${deps.config.SUBMIT_LOOKUP_TIMEOUT_MS / 1000} s`,
        );
      target = await findSubmissionTarget(deps.db, s.arxivId);
      if (!target) throw new NotFoundError(`arXiv has no paper ${s.arxivId}.`);
    }
    await feature(deps, user, target, s);
  } catch (e) {
    if (e instanceof AppError && e.status < 500) throw new FinalJobError(e.message);
    throw e;
  }
  return { featured: s.arxivId, feedDate: s.feedDate, submitter: user.handle };
}

export interface PendingSubmissionState {
  arxivId: string;
  submittedAt: string;
  /** waiting: arXiv has not answered yet; failed: given up or refused (see `problem`). */
  state: 'waiting' | 'failed';
  problem: string | null;
}

/** A member's submissions of the last `days` still waiting for arXiv or given up, newest first. */
export async function pendingSubmissions(
  deps: { db: Db; clock: Clock },
  userId: number,
  days = 7,
): Promise<PendingSubmissionState[]> {
  const since = new Date(deps.clock.now().getTime() - days * 86_400_000);
  const jobs = await recentJobs(deps.db, PENDING_SUBMISSION_JOB, since);
  return jobs.flatMap((j: Job) => {
    const s = JSON.parse(j.payload) as PendingSubmission;
    if (s.userId !== userId || j.status === 'done') return [];
    const failed = j.status === 'failed';
    return [
      {
        arxivId: s.arxivId,
        submittedAt: s.submittedAt,
        state: failed ? ('failed' as const) : ('waiting' as const),
        problem: failed ? j.last_error : null,
      },
    ];
  });
}

/** Features a known paper for `user` under the rules as of `s.submittedAt` (the feed date it was submitted on). */
async function feature(
  deps: SubmitDeps,
  user: SessionUser,
  target: NonNullable<Awaited<ReturnType<typeof findSubmissionTarget>>>,
  s: PendingSubmission,
): Promise<void> {
  const { arxivId, feedDate } = s;
  const featuredRefusal = (t: { feedDate: string; submitterHandle: string | null }) =>
    new SubmissionRefused(
      'already_featured',
      `arXiv:${arxivId} is already on the feed: it was featured on ${t.feedDate}${t.submitterHandle ? ` by @${t.submitterHandle}` : ''}. A paper is featured once; upvote it instead.`,
      409,
    );
  if (target.featured) throw featuredRefusal(target.featured);

  const now = new Date(s.submittedAt);
  const isAdmin = user.role === 'admin';
  const limits = {
    submitMaxAgeDays: deps.config.SUBMIT_MAX_AGE_DAYS,
    submitDailyCap: deps.config.SUBMIT_DAILY_CAP,
  };
  const refusal = checkSubmission(
    {
      publishedAt: target.publishedAt,
      submittedToday: isAdmin ? 0 : await countSubmissionsOn(deps.db, user.id, feedDate),
      isAdmin,
      now,
    },
    limits,
  );
  if (refusal) throw new SubmissionRefused(refusal.rule, refusal.message, 422);

  const r = await insertSubmission(deps.db, {
    paperId: target.paperId,
    userId: user.id,
    feedDate,
    now: deps.clock.now(),
    note: s.note,
    cap: isAdmin ? null : deps.config.SUBMIT_DAILY_CAP,
  });
  if (!r.ok && r.reason === 'featured') {
    const again = await findSubmissionTarget(deps.db, arxivId);
    throw featuredRefusal(again?.featured ?? { feedDate, submitterHandle: null });
  }
  if (!r.ok) {
    const c = checkSubmission(
      { publishedAt: target.publishedAt, submittedToday: r.count ?? limits.submitDailyCap, isAdmin, now },
      limits,
    );
    throw new SubmissionRefused('daily_cap', c?.message ?? 'Daily submission limit reached.');
  }
}
