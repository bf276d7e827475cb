import type { PaperDetails } from '../../papers/paper-details.repo.ts';
import { arxivAbsUrl, arxivPdfUrl } from '../../shared/ids.ts';
import { formatShortDate, plural } from './format.ts';
import { SaveButton, SaveToFolder } from './inbox-buttons.tsx';
import { MathText } from './math.tsx';
import { AiSummaryLabel, authorPath, organizationPath, SubmitterLink, userPath } from './paper-card.tsx';
import { SimilarPapers, type SimilarPapersProps } from './similar-papers.tsx';
import { UpvoteButton } from './upvote.tsx';

export function categoryPath(category: string): string {
  return `/search?q=${encodeURIComponent(`cat:${category}`)}`;
}

/** Links a licence URL to itself, shortening the well-known ones. */
function License({ url }: { url: string }) {
  const cc = /creativecommons\.org\/(licenses|publicdomain)\/([a-z-]+)\/([\d.]+)/.exec(url);
  const label = cc
    ? `CC ${cc[2]!.toUpperCase()} ${cc[3]}`
    : url.includes('arxiv.org')
      ? 'arXiv licence'
      : url;
  return url.startsWith('http') ? (
    <a href={url} rel="noopener license">
      {label}
    </a>
  ) : (
    <>{url}</>
  );
}

function PaperLinks({ paper }: { paper: PaperDetails }) {
  const extra = paper.codeLinks.filter((l) => l !== paper.githubRepo && l !== paper.projectPage);
  return (
    <nav class="paper-links" aria-label="Read and run">
      <a class="button primary" href={arxivPdfUrl(paper.arxivId)}>
        PDF
      </a>
      <a class="button" href={arxivAbsUrl(paper.arxivId)}>
        arXiv page
      </a>
      {paper.githubRepo && (
        <a class="button" href={paper.githubRepo} rel="noopener nofollow">
          Code{paper.githubStars ? ` ★ ${paper.githubStars.toLocaleString('en-US')}` : ''}
        </a>
      )}
      {paper.projectPage && (
        <a class="button" href={paper.projectPage} rel="noopener nofollow">
          Project page
        </a>
      )}
      {extra.map((l) => (
        <a class="button subtle" href={l} rel="noopener nofollow">
          {l.replace(/^https?:\/\/(www\.)?/, '').slice(0, 40)}
        </a>
      ))}
    </nav>
  );
}

function Details({ paper }: { paper: PaperDetails }) {
  const latest = paper.versions.at(-1);
  return (
    <dl class="details">
      <dt>Submitted</dt>
      <dd>
        <time datetime={paper.publishedAt}>{formatShortDate(paper.publishedAt)}</time>
        {latest && latest.version > 1 && (
          <>
            {' '}
            · v{latest.version}{' '}
            <time datetime={latest.submittedAt}>{formatShortDate(latest.submittedAt)}</time>
          </>
        )}
      </dd>
      {paper.versions.length > 1 && (
        <>
          <dt>Versions</dt>
          <dd>
            <ul class="versions">
              {paper.versions.map((v) => (
                <li>
                  <a href={arxivAbsUrl(paper.arxivId, v.version)}>v{v.version}</a>{' '}
                  <time datetime={v.submittedAt}>{formatShortDate(v.submittedAt)}</time>
                  {v.size && <span class="muted"> · {v.size}</span>}
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      {paper.categories.length > 0 && (
        <>
          <dt>Categories</dt>
          <dd class="chips">
            {paper.categories.map((c) => (
              <a class="chip" href={categoryPath(c)}>
                {c}
              </a>
            ))}
          </dd>
        </>
      )}
      {paper.organization && (
        <>
          <dt>Organization</dt>
          <dd>
            <a href={organizationPath(paper.organization.name)}>{paper.organization.fullname}</a>
          </dd>
        </>
      )}
      {paper.featured && (
        <>
          <dt>Featured</dt>
          <dd>
            <a href={`/papers/date/${paper.featured.feedDate}`}>{formatShortDate(paper.featured.feedDate)}</a>
            {paper.featured.submitterHandle && (
              <>
                {' '}
                by <SubmitterLink handle={paper.featured.submitterHandle} />
              </>
            )}
          </dd>
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
      {paper.license && (
        <>
          <dt>Licence</dt>
          <dd>
            <License url={paper.license} />
          </dd>
        </>
      )}
    </dl>
  );
}

export function PaperPage({ paper, similar }: { paper: PaperDetails; similar?: SimilarPapersProps }) {
  return (
    <article class="paper" data-arxiv-id={paper.arxivId}>
      <header class="paper-head">
        <p class="kicker">
          <span>arXiv:{paper.arxivId}</span>
          {paper.primaryCategory && (
            <a class="chip" href={categoryPath(paper.primaryCategory)}>
              {paper.primaryCategory}
            </a>
          )}
          {paper.featured && (
            <span>
              Featured{' '}
              <a href={`/papers/date/${paper.featured.feedDate}`}>
                {formatShortDate(paper.featured.feedDate)}
              </a>
            </span>
          )}
          {paper.withdrawn && <strong class="withdrawn">Withdrawn</strong>}
        </p>
        <h1>
          <MathText text={paper.title} />
        </h1>
        <ul class="author-list" aria-label={plural(paper.authors.length, 'author')}>
          {paper.authors.map((a) => (
            <li>
              <a href={authorPath(a.name)}>{a.name}</a>
              {a.affiliation && <span class="affiliation"> ({a.affiliation})</span>}
            </li>
          ))}
        </ul>
      </header>
      <div class="paper-grid">
        <div class="paper-main">
          {paper.aiSummary && (
            <section class="tldr" aria-labelledby="summary-h">
              <h2 id="summary-h">
                <AiSummaryLabel model={paper.aiSummaryModel} />
              </h2>
              <p>
                <MathText text={paper.aiSummary} />
              </p>
            </section>
          )}
          <section aria-labelledby="abstract-h">
            <h2 id="abstract-h">Abstract</h2>
            {paper.abstract.split('\n\n').map((para) => (
              <p class="abstract-full">
                <MathText text={para} />
              </p>
            ))}
          </section>
          {paper.aiKeywords.length > 0 && (
            <nav class="chips" aria-label="Keywords">
              {paper.aiKeywords.slice(0, 12).map((k) => (
                <a class="chip subtle" href={`/search?q=${encodeURIComponent(`"${k}"`)}`}>
                  {k}
                </a>
              ))}
            </nav>
          )}
        </div>
        <aside class="paper-side" aria-label="Links and details">
          <div class="upvotes">
            <UpvoteButton arxivId={paper.arxivId} upvotes={paper.upvotes} />
          </div>
          <div class="save">
            <SaveButton arxivId={paper.arxivId} />
            <SaveToFolder arxivId={paper.arxivId} />
          </div>
          <PaperLinks paper={paper} />
          <Details paper={paper} />
        </aside>
      </div>
      {similar && <SimilarPapers {...similar} />}
    </article>
  );
}
