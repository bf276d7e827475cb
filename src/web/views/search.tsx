/** The search page: the form, what the query meant, and the results with highlighted snippets. */

import type { PaperCard } from '../../papers/types.ts';
import type { Segment } from '../../search/highlight.ts';
import { MAX_QUERY_LENGTH } from '../../search/query-parser.ts';
import type { SearchResponse } from '../../search/search.ts';
import { FollowButton, SaveButton } from './inbox-buttons.tsx';
import { MathText } from './math.tsx';
import { paperPath } from './paper-card.tsx';

export interface SearchResultView {
  card: PaperCard;
  snippet: Segment[];
  pinned: boolean;
}

export interface SearchPageProps {
  q: string;
  response: SearchResponse | null;
  results: SearchResultView[];
  page: number;
  /** Href of the previous / next page of results. */
  prevHref: string | null;
  nextHref: string | null;
  /** The same search without typo correction, when the query was corrected. */
  literalHref?: string | null;
}

const SORTS = [
  ['relevance', 'Relevance'],
  ['newest', 'Newest'],
  ['upvotes', 'Most upvoted'],
] as const;

export function SearchPage(props: SearchPageProps) {
  const { q, response } = props;
  return (
    <section class="search-page">
      <h1>Search</h1>
      {q.trim() !== '' && (
        <div class="follow-bar">
          <FollowButton
            kind="query"
            value={q}
            what="this search"
            page={`/search?${new URLSearchParams({ q })}`}
          />
        </div>
      )}
      <form class="search-form" action="/search" method="get" role="search">
        <label for="search-q">Search papers</label>
        <input
          id="search-q"
          name="q"
          type="search"
          value={q}
          maxLength={MAX_QUERY_LENGTH}
          autocomplete="off"
          placeholder='e.g. "state space model" author:gu cat:cs.LG after:2024'
          data-search-as-you-type="/search/results"
          aria-controls="search-results"
        />
        <label for="search-sort">Sort by</label>
        <select id="search-sort" name="sort">
          {SORTS.map(([value, label]) => (
            <option value={value} selected={(response?.query.sort ?? 'relevance') === value}>
              {label}
            </option>
          ))}
        </select>
        <button type="submit">Search</button>
      </form>
      <details class="search-help">
        <summary>Search syntax</summary>
        <ul>
          <li>
            <code>"exact phrase"</code> (first exact, then its words), <code>+"required phrase"</code>,{' '}
            <code>+required</code>, <code>-exclude</code>, <code>-"excluded phrase"</code>
          </li>
          <li>
            <code>author:hinton</code>, <code>author:"Yann LeCun"</code>, <code>cat:cs.CL</code>,{' '}
            <code>cat:cs</code>
          </li>
          <li>
            <code>year:2025</code>, <code>after:2025-03</code>, <code>before:2025-06-30</code>
          </li>
          <li>
            <code>has:code</code>, <code>featured:yes</code>, <code>sort:newest</code>,{' '}
            <code>sort:upvotes</code>
          </li>
          <li>An arXiv id or URL opens the paper; a pasted abstract finds papers like it.</li>
        </ul>
      </details>
      <div id="search-results" aria-live="polite">
        <SearchResults {...props} />
      </div>
    </section>
  );
}

/** The part search-as-you-type replaces. */
export function SearchResults({
  q,
  response,
  results,
  page,
  prevHref,
  nextHref,
  literalHref,
}: SearchPageProps) {
  if (!response || q.trim() === '')
    return <p class="empty">Type words, a phrase, an author or an arXiv id.</p>;
  return (
    <>
      <p class="search-status">
        {results.length === 0
          ? 'No papers match.'
          : `${page > 1 ? `Page ${page}: ` : ''}${results.length}${response.more ? '+' : ''} ${results.length === 1 ? 'paper' : 'papers'}`}
        {response.correctedQuery && (
          <span class="corrected">
            {' '}
            · Showing results for <strong>{response.correctedQuery}</strong>
            {literalHref && (
              <>
                {' '}
                · search instead for <a href={literalHref}>{q}</a>
              </>
            )}
          </span>
        )}
        {response.likeText && (
          <span class="like-text">
            {' '}
            · papers like this text, by its words: {response.likeText.join(', ')}
          </span>
        )}
        {response.semantic === 'off' && (
          <span class="semantic-note"> · keyword search (semantic search is off)</span>
        )}
        {response.semantic === 'fallback' && (
          <span class="semantic-note"> · keyword results only (semantic search did not answer in time)</span>
        )}
        {response.query.ignored.length > 0 && (
          <span class="ignored"> · not understood, ignored: {response.query.ignored.join(' ')}</span>
        )}
        {' · '}
        <a href={`/digest?q=${encodeURIComponent(q)}#alert`}>Email me new matches</a>
      </p>
      <ol class="search-results">
        {results.map((r) => (
          <SearchResultItem result={r} />
        ))}
      </ol>
      {(prevHref || nextHref) && (
        <nav class="pager" aria-label="More results">
          {prevHref ? (
            <a href={prevHref} rel="prev">
              ← Previous
            </a>
          ) : (
            <span />
          )}
          {nextHref ? (
            <a href={nextHref} rel="next">
              Next →
            </a>
          ) : (
            <span />
          )}
        </nav>
      )}
    </>
  );
}

function SearchResultItem({ result }: { result: SearchResultView }) {
  const { card } = result;
  const authors = card.authors;
  return (
    <li class={result.pinned ? 'search-result pinned' : 'search-result'} data-arxiv-id={card.arxivId}>
      <h2 class="card-title">
        {result.pinned && <span class="badge">Exact title</span>}
        <a href={paperPath(card.arxivId)}>
          <MathText text={card.title} />
        </a>
      </h2>
      <p class="authors">
        {authors.slice(0, 6).join(', ')}
        {authors.length > 6 && ` and ${authors.length - 6} more`}
      </p>
      <p class="snippet">
        <Highlighted segments={result.snippet} />
      </p>
      <div class="meta">
        <span>▲ {card.upvotes}</span>
        <span>{card.publishedAt.slice(0, 10)}</span>
        <span>arXiv:{card.arxivId}</span>
        {card.categories[0] && <span>{card.categories[0]}</span>}
        {card.featured && (
          <span>
            <a href={`/papers/date/${card.featured.feedDate}`}>featured {card.featured.feedDate}</a>
          </span>
        )}
        {card.githubRepo && (
          <span>
            <a href={card.githubRepo} rel="noopener nofollow">
              Code
            </a>
          </span>
        )}
        <span>
          <SaveButton arxivId={card.arxivId} />
        </span>
      </div>
    </li>
  );
}

/** Text segments; hits in <mark>. Each segment is text, escaped by the renderer. */
export function Highlighted({ segments }: { segments: Segment[] }) {
  return <>{segments.map((s) => (s.hit ? <mark>{s.text}</mark> : s.text))}</>;
}

/** The short list under the header box while typing (search-as-you-type on other pages). */
export function SearchSuggestions({ q, response, results }: SearchPageProps) {
  if (!response) return null;
  if (response.redirect) {
    return (
      <p>
        <a href={paperPath(response.redirect.arxivId)}>Open arXiv:{response.redirect.arxivId}</a>
      </p>
    );
  }
  return (
    <>
      {results.length === 0 ? (
        <p class="empty">No papers match yet.</p>
      ) : (
        <ol>
          {results.slice(0, 6).map((r) => (
            <li>
              <a href={paperPath(r.card.arxivId)}>
                <MathText text={r.card.title} />
              </a>{' '}
              <span class="meta">{r.card.publishedAt.slice(0, 4)}</span>
            </li>
          ))}
        </ol>
      )}
      <p>
        <a href={`/search?${new URLSearchParams({ q })}`}>All results for “{q}” →</a>
      </p>
    </>
  );
}
