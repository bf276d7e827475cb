/**
 * A tiny cookie-keeping client over app.inject, for HTTP tests of signed-in flows:
 * it remembers cookies like a browser and fills in the CSRF token of a page's form.
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

  /** A CSRF token valid for this client (fetched from a page with a form). */
  async csrf(): Promise<string> {
    const res = await this.get('/login/verify?token=x');
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (!m) throw new Error('no CSRF token on the page');
    return m[1]!;
  }

  /** POSTs a form with a valid CSRF token (unless `_csrf` is given, even as ''). */
  async post(url: string, form: Record<string, string> = {}, headers: Record<string, string> = {}) {
    const body = new URLSearchParams({ _csrf: form._csrf ?? (await this.csrf()), ...form });
    if (form._csrf === '') body.delete('_csrf');
    const res = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.ip,
      headers: {
        cookie: this.cookieHeader(),
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
      },
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
    const m = /https?:\/\/\S+\/login\/verify\?token=[A-Za-z0-9_-]+/.exec(mail.text ?? '');
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
  const token = url.searchParams.get('token')!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  return c.post('/login/verify', { token, _csrf: csrf });
}

/** A urlencoded form for app.inject with a valid CSRF token and its cookie, as a browser would send it. */
export async function csrfForm(app: FastifyInstance, body: Record<string, string>) {
  const c = new TestClient(app);
  const _csrf = await c.csrf();
  return {
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: c.cookieHeader() },
    payload: new URLSearchParams({ ...body, _csrf }).toString(),
  };
}
