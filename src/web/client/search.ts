/**
 * Search as you type. On /search the results below the form refresh while typing (and
 * the address bar follows, so Back and reload keep the query); in the header of every
 * other page a short list of matching papers drops down under the box. Both use the
 * server-rendered fragment /search/results, so escaping and highlighting stay on the
 * server. Without this script the forms submit normally.
 */

const DELAY_MS = 150;

function debounce(fn: () => void, ms: number): () => void {
  let t: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(t);
    t = setTimeout(fn, ms);
  };
}

/** Parses our own server's HTML fragment into nodes (no scripts run: CSP allows none inline). */
function fragment(html: string): DocumentFragment {
  const t = document.createElement('template');
  t.innerHTML = html;
  return t.content;
}

function enhance(input: HTMLInputElement): void {
  const pageResults = document.getElementById('search-results');
  const onSearchPage = pageResults !== null && input.id === 'search-q';
  let panel: HTMLElement | null = null;
  let inflight: AbortController | null = null;
  let last = input.value;

  if (!onSearchPage) {
    panel = document.createElement('div');
    panel.className = 'search-suggest';
    panel.id = `${input.id || 'q'}-suggest`;
    panel.hidden = true;
    panel.setAttribute('role', 'region');
    panel.setAttribute('aria-label', 'Matching papers');
    panel.setAttribute('aria-live', 'polite');
    input.setAttribute('aria-controls', panel.id);
    input.form?.after(panel);
  }

  const run = debounce(async () => {
    const q = input.value.trim();
    if (q === last) return;
    last = q;
    inflight?.abort();
    if (q.length < 2) {
      if (panel) panel.hidden = true;
      return;
    }
    inflight = new AbortController();
    const params = new URLSearchParams({ q });
    if (!onSearchPage) params.set('compact', '1');
    const sort = document.querySelector<HTMLSelectElement>('#search-sort')?.value;
    if (onSearchPage && sort && sort !== 'relevance') params.set('sort', sort);
    try {
      const res = await fetch(`/search/results?${params}`, { signal: inflight.signal });
      if (!res.ok) return;
      const nodes = fragment(await res.text());
      if (onSearchPage && pageResults) {
        pageResults.replaceChildren(nodes);
        const url = new URL(location.href);
        url.searchParams.set('q', q);
        url.searchParams.delete('page');
        history.replaceState(null, '', url);
      } else if (panel) {
        panel.replaceChildren(nodes);
        panel.hidden = false;
      }
    } catch {
      // Aborted by a newer keystroke, or offline: the form still submits.
    }
  }, DELAY_MS);

  input.addEventListener('input', run);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && panel) panel.hidden = true;
  });
  document.addEventListener('click', (e) => {
    if (panel && !panel.contains(e.target as Node) && e.target !== input) panel.hidden = true;
  });
}

export function initSearchAsYouType(): void {
  for (const input of document.querySelectorAll<HTMLInputElement>('form[role="search"] input[name="q"]'))
    enhance(input);
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', initSearchAsYouType);
  else initSearchAsYouType();
}
