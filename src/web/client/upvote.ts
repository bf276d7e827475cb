/**
 * Upvotes in place: intercepts the upvote form's submit, posts it with fetch (same form
 * fields, CSRF token included, JSON answer) and updates the count and pressed state
 * without a reload. Without JavaScript, or if the request fails in an unexpected way, the
 * plain form post still works.
 */

import { enhanceForms, postForm } from './forms.ts';

const FORM = 'form[data-upvote]';

async function send(form: HTMLFormElement): Promise<void> {
  const button = form.querySelector<HTMLButtonElement>('button');
  const action = form.querySelector<HTMLInputElement>('input[name="action"]');
  const count = form.querySelector<HTMLElement>('.vote-count');
  if (!button || !action || !count) return form.submit();
  button.disabled = true;
  try {
    const res = await postForm(form, '/votes');
    if (res.status === 401 || res.status === 403) return form.submit(); // let the server explain
    const data = (await res.json()) as { upvotes?: number; voted?: boolean; error?: string };
    if (!res.ok || typeof data.upvotes !== 'number') {
      button.title = data.error ?? 'Could not record the vote; please try again.';
      return;
    }
    count.textContent = String(data.upvotes);
    button.setAttribute('aria-pressed', data.voted ? 'true' : 'false');
    button.title = data.voted ? 'Remove your upvote' : 'Upvote';
    action.value = data.voted ? 'down' : 'up';
    form.closest<HTMLElement>('[data-upvotes]')?.setAttribute('data-upvotes', String(data.upvotes));
  } catch {
    form.submit();
  } finally {
    button.disabled = false;
  }
}

enhanceForms(FORM, send);
