/**
 * Save, Follow and the marks of personal lists in place: intercepts a toggle form's submit
 * (`form[data-toggle]`, views/inbox-buttons.tsx), posts the same fields with fetch (CSRF
 * token included, JSON answer) and flips the button: its label, `aria-pressed` and the
 * hidden input that says what the next click does. Marking a paper read dims it; hiding it
 * or "not interested" takes it off the list. Without JavaScript, or on an unexpected
 * failure, the plain form post still works.
 */

import { enhanceForms, postForm } from './forms.ts';

const FORM = 'form[data-toggle]';

function flip(button: HTMLButtonElement, state: HTMLInputElement): boolean {
  const on = button.getAttribute('aria-pressed') !== 'true';
  button.setAttribute('aria-pressed', on ? 'true' : 'false');
  button.textContent = (on ? button.dataset.clearLabel : button.dataset.setLabel) ?? button.textContent;
  state.value = (on ? state.dataset.clear : state.dataset.set) ?? state.value;
  return on;
}

function afterMark(form: HTMLFormElement, on: boolean) {
  const mark = form.querySelector<HTMLInputElement>('input[name="mark"]')?.value;
  const item = form.closest<HTMLElement>('li.personal');
  if (!item) return;
  if (mark === 'read') item.classList.toggle('read', on);
  if ((mark === 'hidden' || mark === 'never') && on) item.remove();
}

async function send(form: HTMLFormElement): Promise<void> {
  const button = form.querySelector<HTMLButtonElement>('button');
  const state = form.querySelector<HTMLInputElement>('input[data-set]');
  if (!button || !state) return form.submit();
  button.disabled = true;
  try {
    const res = await postForm(form, '');
    if (res.status === 401 || res.status === 403) return form.submit(); // let the server explain
    if (!res.ok) {
      const data = (await res.json().catch(() => ({}))) as { message?: string };
      button.title = data.message ?? 'That did not work; please try again.';
      return;
    }
    const on = flip(button, state);
    afterMark(form, on);
  } catch {
    form.submit();
  } finally {
    button.disabled = false;
  }
}

enhanceForms(FORM, send);

// A chosen BibTeX file fills the import form's text box (forms post text; no upload needed).
document.addEventListener('change', (e) => {
  const input = e.target;
  if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !input.dataset.fill) return;
  const target = document.getElementById(input.dataset.fill);
  const file = input.files?.[0];
  if (!(target instanceof HTMLTextAreaElement) || !file) return;
  void file.text().then((text) => {
    target.value = text;
  });
});
