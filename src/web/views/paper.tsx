import type { PaperDetails } from '../../papers/paper-details.repo.ts';
import { arxivAbsUrl, arxivPdfUrl } from '../../shared/ids.ts';
import { MathText } from './math.tsx';
import { authorPath } from './paper-card.tsx';
import { SimilarPapers, type SimilarPapersProps } from './similar-papers.tsx';
import { UpvoteButton } from './upvote.tsx';

export function PaperPage({ paper, similar }: { paper: PaperDetails; similar?: SimilarPapersProps }) {
  return (
    <article class="paper">
      <p class="kicker">
        arXiv:{paper.arxivId}
        {paper.primaryCategory && <span> · {paper.primaryCategory}</span>}
        {paper.withdrawn && <strong class="withdrawn"> · withdrawn</strong>}
      </p>
      <h1>
        <MathText text={paper.title} />
      </h1>
      <ul class="author-list">
        {paper.authors.map((a) => (
          <li>
            <a href={authorPath(a.name)}>{a.name}</a>
            {a.affiliation && <span class="affiliation"> ({a.affiliation})</span>}
          </li>
        ))}
      </ul>
      <p class="paper-links">
        <a class="button" href={arxivAbsUrl(paper.arxivId)}>
          arXiv page
        </a>
        <a class="button" href={arxivPdfUrl(paper.arxivId)}>
          PDF
        </a>
        {paper.githubRepo && (
          <a class="button" href={paper.githubRepo} rel="noopener nofollow">
            Code{paper.githubStars ? ` ★ ${paper.githubStars}` : ''}
          </a>
        )}
        {paper.projectPage && (
          <a class="button" href={paper.projectPage} rel="noopener nofollow">
            Project page
          </a>
        )}
        <UpvoteButton arxivId={paper.arxivId} upvotes={paper.upvotes} />
      </p>
      <section aria-labelledby="abstract-h">
        <h2 id="abstract-h">Abstract</h2>
        {paper.abstract.split('\n\n').map((para) => (
          <p class="abstract-full">
            <MathText text={para} />
          </p>
        ))}
      </section>
      {paper.aiSummary && (
        <section aria-labelledby="summary-h">
          <h2 id="summary-h">Summary</h2>
          <p>{paper.aiSummary}</p>
        </section>
      )}
      <section aria-labelledby="details-h" class="details">
        <h2 id="details-h">Details</h2>
        <dl>
          <dt>Published</dt>
          <dd>{paper.publishedAt.slice(0, 10)}</dd>
          {paper.versions.length > 0 && (
            <>
              <dt>Versions</dt>
              <dd>
                <ul class="versions">
                  {paper.versions.map((v) => (
                    <li>
                      <a href={arxivAbsUrl(paper.arxivId, v.version)}>v{v.version}</a>{' '}
                      {v.submittedAt.slice(0, 10)}
                      {v.size && ` (${v.size})`}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          )}
          {paper.categories.length > 0 && (
            <>
              <dt>Categories</dt>
              <dd>{paper.categories.join(', ')}</dd>
            </>
          )}
          {paper.comment && (
            <>
              <dt>Comment</dt>
              <dd>{paper.comment}</dd>
            </>
          )}
          {paper.journalRef && (
            <>
              <dt>Journal</dt>
              <dd>{paper.journalRef}</dd>
            </>
          )}
          {paper.doi && (
            <>
              <dt>DOI</dt>
              <dd>
                <a href={`https://doi.org/${paper.doi}`}>{paper.doi}</a>
              </dd>
            </>
          )}
          {paper.featured && (
            <>
              <dt>Featured</dt>
              <dd>
                <a href={`/papers/date/${paper.featured.feedDate}`}>{paper.featured.feedDate}</a>
                {paper.featured.submitterHandle && (
                  <>
                    {' '}
                    · submitted by{' '}
                    <a href={`/users/${encodeURIComponent(paper.featured.submitterHandle)}`}>
                      @{paper.featured.submitterHandle}
                    </a>
                  </>
                )}
              </dd>
            </>
          )}
        </dl>
      </section>
      {similar && <SimilarPapers {...similar} />}
    </article>
  );
}
