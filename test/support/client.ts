/**
 * A tiny cookie-keeping client over app.inject, for HTTP tests of signed-in flows: it
 * remembers cookies like a browser, says where its posts come from as Chromium does
 * (`Sec-Fetch-Site: same-origin`) and, when signed in, fills in the session's CSRF token.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { startSession } from '../../src/community/auth.ts';
import type { SessionUser } from '../../src/community/types.ts';
import { findOrCreateUserByEmail, setUserRole } from '../../src/community/users.repo.ts';
import type { TestApp } from './app.ts';

export class TestClient {
  readonly cookies = new Map<string, string>();
  user: SessionUser | null = null;

  constructor(
    readonly app: FastifyInstance,
    readonly ip = '127.0.0.1',
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      const gone = c.value === '' || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0;
      if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  async get(url: string, headers: Record<string, string> = {}) {
    const res = await this.app.inject({
      method: 'GET',
      url,
      remoteAddress: this.ip,
      headers: { cookie: this.cookieHeader(), ...headers },
    });
    this.remember(res);
    return res;
  }

  /** The CSRF token of this client's session, read from a page with a form; '' when signed out. */
  async csrf(): Promise<string> {
    if (!this.cookies.has('pb_session')) return '';
    const res = await this.get('/settings');
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (!m) throw new Error('no CSRF token on the settings page');
    return m[1]!;
  }

  /**
   * POSTs a form as a page of the site would, with the session's CSRF token (unless
   * `_csrf` is given, even as ''). A header given as '' is left out.
   */
  async post(url: string, form: Record<string, string> = {}, headers: Record<string, string> = {}) {
    const body = new URLSearchParams({ _csrf: form._csrf ?? (await this.csrf()), ...form });
    if (!body.get('_csrf')) body.delete('_csrf');
    const all: Record<string, string> = {
      cookie: this.cookieHeader(),
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      ...headers,
    };
    const res = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.ip,
      headers: Object.fromEntries(Object.entries(all).filter(([, v]) => v !== '')),
      payload: body.toString(),
    });
    this.remember(res);
    return res;
  }
}

/** A client signed in as the account of `email` (created when new); `admin` grants the role. */
export async function signedInClient(t: TestApp, email: string, opts: { admin?: boolean; ip?: string } = {}) {
  const { user } = await findOrCreateUserByEmail(t.db, email, t.clock.now());
  if (opts.admin) await setUserRole(t.db, user.id, 'admin');
  const s = await startSession(t.deps, user.id, 'test');
  const c = new TestClient(t.app, opts.ip);
  c.cookies.set('pb_session', s.cookieValue);
  c.user = { ...user, role: opts.admin ? 'admin' : user.role };
  return c;
}

/** The sign-in link in the newest outbox email to `to` (the file mailer writes .eml files). */
export async function linkFromOutbox(t: TestApp, to: string): Promise<string | null> {
  const { simpleParser } = await import('mailparser');
  const fs = await import('node:fs');
  const path = await import('node:path');
  const dir = path.join(t.deps.config.PAPERBOY_DATA_DIR, 'outbox');
  if (!fs.existsSync(dir)) return null;
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .reverse();
  for (const f of files) {
    const mail = await simpleParser(fs.readFileSync(path.join(dir, f)));
    const rcpt = Array.isArray(mail.to) ? mail.to[0]?.text : mail.to?.text;
    if (rcpt !== to) continue;
    const m = /https?:\/\/\S+\/login\/verify\?token=[A-Za-z0-9_-]+(?:&next=\S+)?/.exec(mail.text ?? '');
    return m ? m[0] : null;
  }
  return null;
}

/** Signs in the way a person does: request a link, open it from the outbox, confirm. */
export async function signInByEmail(t: TestApp, c: TestClient, email: string) {
  const res = await c.post('/login', { email });
  if (res.statusCode !== 200) throw new Error(`POST /login answered ${res.statusCode}`);
  const link = await linkFromOutbox(t, email);
  if (!link) throw new Error(`no sign-in email to ${email} in the outbox`);
  const url = new URL(link);
  const page = await c.get(`${url.pathname}${url.search}`);
  if (page.statusCode !== 200) throw new Error(`the sign-in link answered ${page.statusCode}`);
  return c.post('/login/verify', { token: url.searchParams.get('token')! });
}

/** A urlencoded form for app.inject as an anonymous visitor's browser sends it from a page of the site. */
export function sameSiteForm(body: Record<string, string>) {
  return {
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    payload: new URLSearchParams(body).toString(),
  };
}
