/**
 * The library page: folders (create, rename, delete), the saved papers of one folder (or
 * all, or unfiled) with a note each and a folder to move them to, export of what is shown
 * as BibTeX / RIS, and import of a BibTeX file or arXiv ids. Every control is a plain form.
 */
import type { PaperList } from '../../feed/lists.ts';
import type { ImportReport } from '../../inbox/import.ts';
import type { Folder } from '../../inbox/library.repo.ts';
import { PaperCard } from './paper-card.tsx';
import { CsrfField } from './request-context.tsx';

export interface LibraryPageProps {
  list: PaperList;
  folders: Folder[];
  /** The folder shown: its id, null for unfiled papers, undefined for the whole library. */
  folderId: number | null | undefined;
  report?: ImportReport;
}

const here = (folderId: number | null | undefined) =>
  folderId === undefined ? '/library' : `/library?folder=${folderId === null ? 'unfiled' : folderId}`;

function FolderNav({ folders, folderId }: Pick<LibraryPageProps, 'folders' | 'folderId'>) {
  const current = (id: number | null | undefined) => (id === folderId ? 'page' : undefined);
  return (
    <nav aria-label="Folders">
      <ul class="library-folders">
        <li>
          <a href="/library" aria-current={current(undefined)}>
            All saved papers
          </a>
        </li>
        <li>
          <a href="/library?folder=unfiled" aria-current={current(null)}>
            Unfiled
          </a>
        </li>
        {folders.map((f) => (
          <li>
            <a href={`/library?folder=${f.id}`} aria-current={current(f.id)}>
              {f.name}
            </a>{' '}
            <span class="muted">({f.count})</span>
          </li>
        ))}
      </ul>
      <form method="post" action="/inbox/folders" class="inline">
        <CsrfField />
        <label>
          New folder <input name="name" required maxLength={80} />
        </label>{' '}
        <button type="submit">Create</button>
      </form>
    </nav>
  );
}

function FolderTools({ folder }: { folder: Folder }) {
  return (
    <div class="folder-tools">
      <form method="post" action={`/inbox/folders/${folder.id}/rename`} class="inline">
        <CsrfField />
        <label>
          Rename to <input name="name" required maxLength={80} value={folder.name} />
        </label>{' '}
        <button type="submit">Rename</button>
      </form>{' '}
      <form method="post" action={`/inbox/folders/${folder.id}/delete`} class="inline">
        <CsrfField />
        <button type="submit" title="Its papers stay in the library, unfiled">
          Delete folder
        </button>
      </form>
    </div>
  );
}

function ImportForm({ folders, folderId }: Pick<LibraryPageProps, 'folders' | 'folderId'>) {
  return (
    <details class="library-import">
      <summary>Import a BibTeX file or arXiv ids</summary>
      <form method="post" action="/inbox/import">
        <CsrfField />
        <p>
          <label>
            Into{' '}
            <select name="folder">
              <option value="">Unfiled</option>
              {folders.map((f) => (
                <option value={String(f.id)} selected={f.id === folderId}>
                  {f.name}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            or a new folder <input name="newFolder" maxLength={80} />
          </label>
        </p>
        <p>
          <label>
            BibTeX file <input type="file" accept=".bib,.txt,text/plain" data-fill="import-text" />
          </label>
        </p>
        <p>
          <label for="import-text">
            BibTeX entries, or arXiv ids (ids, versioned ids or arxiv.org links; any number a line)
          </label>
          <textarea id="import-text" name="text" rows={6} required maxLength={60000} />
        </p>
        <button type="submit">Import</button>
      </form>
    </details>
  );
}

function Report({ report }: { report: ImportReport }) {
  return (
    <section class="import-report" aria-live="polite">
      <h2>Import</h2>
      <p>
        {report.saved.length} saved
        {report.fetched.length > 0 && `, of which ${report.fetched.length} fetched from arXiv`}
        {report.errors.length > 0 && `; ${report.errors.length} not imported:`}
      </p>
      {report.errors.length > 0 && (
        <ul class="import-errors">
          {report.errors.map((e) => (
            <li>
              line {e.line}: {e.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function LibraryPage({ list, folders, folderId, report }: LibraryPageProps) {
  const folder = typeof folderId === 'number' ? folders.find((f) => f.id === folderId) : undefined;
  const next = here(folderId);
  const exportQuery = folderId === undefined ? '' : `?folder=${folderId === null ? 'unfiled' : folderId}`;
  return (
    <section class="feed library" aria-labelledby="feed-h">
      <header class="feed-header">
        <div>
          <h1 id="feed-h">{list.title}</h1>
          <p class="sub">
            {list.total ?? list.items.length} saved · export{' '}
            <a href={`${list.links.export}.bib${exportQuery}`}>BibTeX</a> ·{' '}
            <a href={`${list.links.export}.ris${exportQuery}`}>RIS</a>
          </p>
        </div>
      </header>
      {report && <Report report={report} />}
      <FolderNav folders={folders} folderId={folderId} />
      {folder && <FolderTools folder={folder} />}
      <ImportForm folders={folders} folderId={folderId} />
      {list.items.length === 0 && (
        <p class="empty">No saved papers here yet: Save any paper from its card.</p>
      )}
      <ol class="cards" data-keynav>
        {list.items.map((card) => {
          const note = list.notes?.get(card.id);
          return (
            <li
              class={note?.read ? 'personal read library-item' : 'personal library-item'}
              data-arxiv-id={card.arxivId}
            >
              <PaperCard card={card} showDate />
              <div class="personal-actions">
                <form method="post" action="/inbox/save" class="inline">
                  <CsrfField />
                  <input type="hidden" name="paper" value={card.arxivId} />
                  <input type="hidden" name="next" value={next} />
                  <label>
                    Move to{' '}
                    <select name="folder">
                      <option value="">Unfiled</option>
                      {folders.map((f) => (
                        <option value={String(f.id)} selected={f.id === note?.folderId}>
                          {f.name}
                        </option>
                      ))}
                    </select>
                  </label>{' '}
                  <button type="submit">Move</button>
                </form>
              </div>
              <form method="post" action="/inbox/note" class="personal-actions">
                <CsrfField />
                <input type="hidden" name="paper" value={card.arxivId} />
                <input type="hidden" name="next" value={next} />
                <label>
                  Note{' '}
                  <textarea name="note" rows={2} maxLength={5000}>
                    {note?.note ?? ''}
                  </textarea>
                </label>{' '}
                <button type="submit">Save note</button>
              </form>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** `/me/feeds`: the member's private feed URLs, made (shown once) or revoked here. */
export function PrivateFeedsPage({ urls }: { urls: { forYou: string; following: string } | null }) {
  return (
    <section class="feed" aria-labelledby="feeds-h">
      <h1 id="feeds-h">Private feeds</h1>
      <p>
        A secret address lets a feed reader follow your For You and Following lists without signing in (papers
        you marked read are left out). Anyone with the address can read those lists: keep it to yourself, and
        revoke it if it leaks. A new address replaces the old one.
      </p>
      {urls && (
        <div class="notice" role="status">
          <p>Your new addresses (shown only now):</p>
          <ul>
            <li>
              For You: <code>{urls.forYou}</code>
            </li>
            <li>
              Following: <code>{urls.following}</code>
            </li>
          </ul>
        </div>
      )}
      <form method="post" action="/me/feeds" class="inline">
        <CsrfField />
        <button type="submit">Make a new private feed address</button>
      </form>{' '}
      <form method="post" action="/me/feeds/revoke" class="inline">
        <CsrfField />
        <button type="submit">Revoke</button>
      </form>
    </section>
  );
}
