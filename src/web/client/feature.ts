/**
 * "Feature" in place: intercepts a listing card's Feature form, posts it to /submit with
 * fetch (same fields, CSRF token included, JSON answer) and shows the outcome on the card:
 * "Featured", or the submission rule's own message. Without JavaScript, or when the
 * request fails unexpectedly, the plain form post still works.
 */

import { enhanceForms, postForm } from './forms.ts';

const FORM = 'form[data-feature]';

async function send(form: HTMLFormElement): Promise<void> {
  const button = form.querySelector<HTMLButtonElement>('button');
  if (!button) return form.submit();
  button.disabled = true;
  try {
    const res = await postForm(form, '/submit');
    if (res.status === 401 || res.status === 403) return form.submit(); // let the server explain
    const data = (await res.json()) as { error?: string; message?: string };
    if (!res.ok) {
      showProblem(form, data.error ?? 'Could not feature this paper; please try again.');
      button.disabled = false;
      return;
    }
    const done = document.createElement('span');
    done.className = 'featured-mark';
    done.setAttribute('role', 'status');
    // A 202 means accepted but not done yet (e.g. an arXiv look-up still queued).
    done.textContent = res.status === 202 ? (data.message ?? 'Queued') : 'Featured';
    form.replaceWith(done);
  } catch {
    form.submit();
  }
}

function showProblem(form: HTMLFormElement, message: string) {
  const card = form.closest<HTMLElement>('.card') ?? form;
  let p = card.querySelector<HTMLElement>('.feature-problem');
  if (!p) {
    p = document.createElement('p');
    p.className = 'feature-problem';
    p.setAttribute('role', 'alert');
    (card.querySelector('.card-body') ?? card).append(p);
  }
  p.textContent = message;
}

enhanceForms(FORM, send);
