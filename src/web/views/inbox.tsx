/** The member's own lists (For You, Following): paper cards with why each is there and what to do with it. */
import type { PaperList } from '../../feed/lists.ts';
import { Pager } from './feed.tsx';
import { Toggle } from './inbox-buttons.tsx';
import { PaperCard } from './paper-card.tsx';

/** One mark on a paper of a personal list, as a toggle (Mark read / Mark unread, Hide / Unhide, …). */
export function MarkButton({
  paper,
  mark,
  on,
  labels,
  next,
}: {
  paper: string;
  mark: 'read' | 'hidden' | 'never' | 'more';
  /** Whether the mark is set now (the button then clears it). */
  on: boolean;
  labels: [set: string, clear: string];
  next: string;
}) {
  return (
    <Toggle action="/inbox/mark" field="on" values={['1', '0']} labels={labels} on={on}>
      <input type="hidden" name="paper" value={paper} />
      <input type="hidden" name="mark" value={mark} />
      <input type="hidden" name="next" value={next} />
    </Toggle>
  );
}

export function PersonalListPage({ list }: { list: PaperList }) {
  const { page: path } = list.links;
  const hideRead = list.spec.params.hideRead === '1';
  const base = path.split('?')[0] ?? path;
  const at = (n: number) =>
    `${base}?${new URLSearchParams({ ...(hideRead ? { hideRead: '1' } : {}), p: String(n) })}`;
  const p = list.spec.page;
  const prev = p > 0 ? { href: at(p - 1), label: 'Previous page' } : null;
  const next = list.hasMore ? { href: at(p + 1), label: 'Next page' } : null;
  return (
    <section class="feed personal-list" aria-labelledby="feed-h">
      <header class="feed-header">
        <div>
          <h1 id="feed-h">{list.title}</h1>
          <p class="sub">
            {list.about?.from
              ? `Papers first published ${list.about.from.slice(0, 10)} to ${list.about.to?.slice(0, 10)}.`
              : 'Every paper here.'}{' '}
            {hideRead ? (
              <a href={base}>Show read papers</a>
            ) : (
              <a href={`${base}?hideRead=1`}>Hide read papers</a>
            )}
            {' · '}
            <a href={`${list.links.export}.bib`}>BibTeX</a> · <a href="/me/feeds">Private feed address</a>
          </p>
        </div>
      </header>
      <Pager prev={prev} next={next} label="Pages" />
      {list.items.length === 0 && (
        <p class="empty">Nothing yet: follow authors, categories or searches, or save papers.</p>
      )}
      <ol class="cards" data-keynav>
        {list.items.map((card) => {
          const note = list.notes?.get(card.id);
          const read = note?.read ?? false;
          return (
            <li class={read ? 'personal read' : 'personal'} data-arxiv-id={card.arxivId}>
              <PaperCard card={card} showDate />
              {note && note.reasons.length > 0 && (
                <p class="reasons">
                  <strong>Why:</strong> {note.reasons.join(' · ')}
                </p>
              )}
              <div class="personal-actions">
                <MarkButton
                  paper={card.arxivId}
                  mark="read"
                  on={read}
                  labels={['Mark read', 'Mark unread']}
                  next={path}
                />
                <MarkButton
                  paper={card.arxivId}
                  mark="hidden"
                  on={false}
                  labels={['Hide', 'Unhide']}
                  next={path}
                />
                <MarkButton
                  paper={card.arxivId}
                  mark="more"
                  on={false}
                  labels={['More like this', 'More like this']}
                  next={path}
                />
                <MarkButton
                  paper={card.arxivId}
                  mark="never"
                  on={false}
                  labels={['Not interested', 'Interested again']}
                  next={path}
                />
              </div>
            </li>
          );
        })}
      </ol>
      {list.items.length > 8 && <Pager prev={prev} next={next} label="Pages (bottom)" />}
    </section>
  );
}
