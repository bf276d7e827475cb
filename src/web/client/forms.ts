/**
 * What in-place forms share: posting a form with fetch exactly as the browser would (same
 * fields, CSRF token included) asking for JSON, and taking over the submit of the forms a
 * selector names. Each feature module decides what the answer changes on the page.
 */

export function postForm(form: HTMLFormElement, fallbackAction: string): Promise<Response> {
  // Not form.action: a hidden input named "action" shadows that property.
  return fetch(form.getAttribute('action') ?? fallbackAction, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(new FormData(form) as unknown as Record<string, string>).toString(),
    credentials: 'same-origin',
  });
}

/** Sends the forms matching `selector` with `send` instead of a page load. */
export function enhanceForms(selector: string, send: (form: HTMLFormElement) => Promise<void>) {
  document.addEventListener('submit', (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.matches(selector)) return;
    e.preventDefault();
    void send(form);
  });
}
