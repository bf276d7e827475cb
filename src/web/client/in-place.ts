/**
 * What every in-place form shares (upvote, save, follow, marks): the same fields posted
 * with fetch (CSRF token included, JSON asked for), and a submit listener for a selector.
 */

/** Posts the form's own fields to its action, asking for JSON. */
export function postForm(form: HTMLFormElement): Promise<Response> {
  // Not form.action: a hidden input named "action" shadows that property.
  return fetch(form.getAttribute('action') ?? '', {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(new FormData(form) as unknown as Record<string, string>).toString(),
    credentials: 'same-origin',
  });
}

/** Sends the forms matching `selector` in place with `send` instead of navigating. */
export function sendInPlace(selector: string, send: (form: HTMLFormElement) => Promise<void>) {
  document.addEventListener('submit', (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.matches(selector)) return;
    e.preventDefault();
    void send(form);
  });
}
