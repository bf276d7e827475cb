/** The submit page: the form and every rule a submission must pass. */
import { SUBMIT_NOTE_MAX_CHARS } from '../../community/rules.ts';
import type { PendingSubmissionState } from '../../community/submissions.ts';
import { CsrfField } from './request-context.tsx';

export function SubmitPage({
  maxAgeDays,
  dailyCap,
  isAdmin,
  problem,
  queued,
  pending = [],
  paper,
  note,
}: {
  maxAgeDays: number;
  dailyCap: number;
  isAdmin: boolean;
  problem?: string;
  /** Said after a submission arXiv has not answered about yet. */
  queued?: string;
  /** The member's submissions waiting for arXiv, or given up. */
  pending?: PendingSubmissionState[];
  paper?: string;
  note?: string;
}) {
  return (
    <section class="form-page">
      <h1>Submit a paper</h1>
      <p>Share a new paper with the community: it joins today's feed, where members upvote and discuss it.</p>
      {problem && (
        <p class="notice error" role="alert">
          {problem}
        </p>
      )}
      {queued && (
        <p class="notice" role="status">
          {queued}
        </p>
      )}
      {pending.length > 0 && (
        <>
          <h2>Waiting for arXiv</h2>
          <ul class="pending-submissions">
            {pending.map((p) => (
              <li key={p.arxivId}>
                arXiv:{p.arxivId}, submitted {p.submittedAt.slice(0, 16).replace('T', ' ')} UTC:{' '}
                {p.state === 'waiting'
                  ? 'waiting for arXiv to answer'
                  : `not submitted: ${p.problem ?? 'gave up'}`}
              </li>
            ))}
          </ul>
        </>
      )}
      <form method="post" action="/submit" class="stack">
        <CsrfField />
        <label for="paper">arXiv id or URL</label>
        <input
          id="paper"
          name="paper"
          required
          maxLength={300}
          placeholder="2504.01234 or https://arxiv.org/abs/2504.01234v2"
          value={paper ?? ''}
        />
        <label for="note">Note (optional)</label>
        <textarea id="note" name="note" rows={3} maxLength={SUBMIT_NOTE_MAX_CHARS}>
          {note ?? ''}
        </textarea>
        <button type="submit" class="button primary">
          Submit
        </button>
      </form>
      <h2>Rules</h2>
      <ul class="rules">
        <li>Any arXiv id or link works: abs, pdf, versioned (v2) and old-style ids (hep-th/9901001).</li>
        <li>The paper must have been first published on arXiv within the last {maxAgeDays} days.</li>
        <li>A paper is featured once. If it is already on the feed, upvote it instead.</li>
        <li>
          Each member can submit {dailyCap} papers per day
          {isAdmin ? ' (you are an admin: no daily limit)' : ''}.
        </li>
        <li>A note has at most {SUBMIT_NOTE_MAX_CHARS} characters.</li>
      </ul>
    </section>
  );
}
