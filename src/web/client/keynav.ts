/**
 * Keyboard navigation of paper lists: j / k move between cards, o or Enter opens the
 * current one, / focuses the search box. The current card's title link takes the focus,
 * so screen readers announce it and Enter follows it natively.
 */

const LIST = '[data-keynav]';
const CARD = '.card';
const LINK = '.card-link';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
}

function cards(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>(`${LIST} ${CARD}`));
}

function currentIndex(all: HTMLElement[]): number {
  const marked = all.findIndex((c) => c.classList.contains('is-current'));
  if (marked >= 0) return marked;
  return all.findIndex((c) => c.contains(document.activeElement));
}

export function select(all: HTMLElement[], index: number): void {
  const i = Math.max(0, Math.min(all.length - 1, index));
  for (const c of all) c.classList.remove('is-current');
  const card = all[i];
  if (!card) return;
  card.classList.add('is-current');
  card.querySelector<HTMLAnchorElement>(LINK)?.focus({ preventScroll: true });
  card.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

export function onKey(e: KeyboardEvent): void {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
  if (e.key === '/') {
    const search = document.querySelector<HTMLInputElement>('input[type="search"]');
    if (search) {
      e.preventDefault();
      search.focus();
      search.select();
    }
    return;
  }
  const all = cards();
  if (all.length === 0) return;
  const i = currentIndex(all);
  if (e.key === 'j') {
    e.preventDefault();
    select(all, i + 1);
  } else if (e.key === 'k') {
    e.preventDefault();
    select(all, i < 0 ? 0 : i - 1);
  } else if (e.key === 'o' || (e.key === 'Enter' && i >= 0 && !(e.target instanceof HTMLAnchorElement))) {
    const link = all[Math.max(i, 0)]?.querySelector<HTMLAnchorElement>(LINK);
    if (link) {
      e.preventDefault();
      link.click();
    }
  }
}

document.addEventListener('keydown', onKey);
// Lets CSS show what only works with JavaScript (the shortcut hint).
document.documentElement.classList.add('js');
