/** The member's own lists (For You, Following): paper cards with why each is there and what to do with it. */
import type { PersonalList } from '../../inbox/for-you.ts';
import { PaperCard } from './paper-card.tsx';
import { CsrfField } from './request-context.tsx';

function Action({ paper, mark, label, next }: { paper: string; mark: string; label: string; next: string }) {
  return (
    <form method="post" action="/inbox/mark" class="inline">
      <CsrfField />
      <input type="hidden" name="paper" value={paper} />
      <input type="hidden" name="mark" value={mark} />
      <input type="hidden" name="next" value={next} />
      <button type="submit">{label}</button>
    </form>
  );
}

export function PersonalListPage({
  title,
  path,
  list,
  hideRead,
}: {
  title: string;
  path: string;
  list: PersonalList;
  hideRead: boolean;
}) {
  return (
    <main>
      <h1>{title}</h1>
      <p class="meta">
        {list.from
          ? `Papers first published ${list.from.slice(0, 10)} to ${list.to?.slice(0, 10)}.`
          : 'Every paper here.'}{' '}
        {hideRead ? <a href={path}>Show read papers</a> : <a href={`${path}?hideRead=1`}>Hide read papers</a>}
      </p>
      {list.items.length === 0 && <p>Nothing yet: follow authors, categories or searches, or save papers.</p>}
      {list.items.map((i) => (
        <section class={i.read ? 'personal read' : 'personal'} data-arxiv-id={i.paper.arxivId}>
          <PaperCard card={i.paper} />
          <ul class="reasons">
            {i.reasons.map((r) => (
              <li>{r}</li>
            ))}
          </ul>
          <form method="post" action="/inbox/save" class="inline">
            <CsrfField />
            <input type="hidden" name="paper" value={i.paper.arxivId} />
            <input type="hidden" name="next" value={path} />
            <label>
              New folder <input name="newFolder" maxLength={80} />
            </label>
            <button type="submit">Save</button>
          </form>
          <Action paper={i.paper.arxivId} mark="read" label="Mark read" next={path} />
          <Action paper={i.paper.arxivId} mark="more" label="More like this" next={path} />
          <Action paper={i.paper.arxivId} mark="never" label="Not interested" next={path} />
        </section>
      ))}
    </main>
  );
}
