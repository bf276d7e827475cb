import type { OrganizationPapers } from '../../papers/organizations.repo.ts';
import { CardList, KeyboardHint } from './feed.tsx';
import { plural } from './format.ts';

export function OrganizationPage({ org }: { org: OrganizationPapers }) {
  return (
    <section class="feed" aria-labelledby="org-h">
      <header class="feed-header">
        <div>
          <p class="kicker">Organization</p>
          <h1 id="org-h">{org.fullname}</h1>
          <p class="sub">
            {plural(org.total, 'paper')} · newest first ·{' '}
            <a href={`https://huggingface.co/${encodeURIComponent(org.name)}`} rel="noopener nofollow">
              on Hugging Face
            </a>
          </p>
        </div>
      </header>
      <CardList cards={org.papers} />
      {org.total > org.papers.length && <p class="sub">Showing the {org.papers.length} most recent.</p>}
      {org.papers.length > 1 && <KeyboardHint />}
    </section>
  );
}
