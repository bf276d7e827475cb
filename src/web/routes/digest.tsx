/**
 * Email subscription pages: subscribe (anyone, by address), confirm (double opt-in),
 * unsubscribe (RFC 8058 one-click POST, or the visible link's page) and resubscribe,
 * and the browser preview of an edition exactly as mailed.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { spend } from '../../community/rate-limit.ts';
import { deliveryOverview } from '../../digest/admin.ts';
import { describeSubscription } from '../../digest/editions.ts';
import { previewEdition } from '../../digest/preview.ts';
import {
  checkConfirmToken,
  confirmSubscription,
  DIGEST_LISTS,
  resubscribe,
  subscribe,
  subscriptionFromUnsubscribeToken,
  unsubscribe,
} from '../../digest/subscriptions.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import { normalizeEmail } from '../../shared/text.ts';
import type { WebDeps } from '../deps.ts';
import { requireAdmin } from '../middleware/auth.ts';
import { DigestNotice, SubscribePage } from '../views/digest.tsx';
import { DigestAdminPage } from '../views/digest-admin.tsx';
import { renderPage } from '../views/render.tsx';

const CATEGORY = /^[a-z-]+(\.[A-Za-z-]+)?$/;

const subscribeBody = z.object({
  email: z.email('Please enter a valid email address.').max(254),
  kind: z.enum(['daily', 'weekly', 'alert']).default('daily'),
  list: z.enum(DIGEST_LISTS, { error: 'list must be top, for-you or following' }).default('top'),
  q: z.string().trim().max(250).default(''),
  categories: z
    .string()
    .max(200)
    .default('')
    .transform((s) => [...new Set(s.split(/[\s,]+/).filter(Boolean))])
    .refine(
      (cs) => cs.length <= 20 && cs.every((c) => CATEGORY.test(c)),
      'Categories look like cs.CL or math.',
    ),
  keywords: z
    .string()
    .max(300)
    .default('')
    .transform((s) => [
      ...new Set(
        s
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
      ),
    ])
    .refine(
      (ks) => ks.length <= 20 && ks.every((k) => k.length <= 60),
      'At most 20 keywords of 60 characters.',
    ),
});

const tokenQuery = z.object({ token: z.string().min(1).max(512) });

/** Preview pages are the email's own HTML: inline styles, and nothing that runs. */
const PREVIEW_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function tokenFrom(req: { query: unknown; body: unknown }): string {
  const fromBody = (req.body as Record<string, unknown> | undefined)?.token;
  const parsed = tokenQuery.safeParse({ token: (req.query as Record<string, unknown>).token ?? fromBody });
  if (!parsed.success) throw new ValidationError('This link is incomplete: the token is missing.');
  return parsed.data.token;
}

export function digestRoutes(deps: WebDeps) {
  const site = deps.config.SITE_NAME;
  const page = (reply: FastifyReply, title: string, body: preact.ComponentChildren) =>
    renderPage(reply, body, { title, siteName: site });

  return async function plugin(app: FastifyInstance) {
    // RFC 8058 allows mail clients to POST the one-click unsubscribe as multipart/form-data;
    // the token is in the URL, so the body is read and ignored.
    app.addContentTypeParser('multipart/form-data', (_req, payload, done) => {
      payload.resume();
      payload.on('end', () => done(null, {}));
      payload.on('error', done);
    });

    app.get<{ Querystring: { q?: string } }>('/digest', async (req, reply) =>
      renderPage(
        reply,
        <SubscribePage
          siteName={site}
          defaults={{ query: String(req.query.q ?? '').slice(0, 250), email: req.user?.email ?? undefined }}
        />,
        {
          title: 'Papers by email',
          siteName: site,
          canonical: `${deps.config.BASE_URL}/digest`,
        },
      ),
    );

    app.post('/digest/subscribe', async (req, reply) => {
      await spend(deps, 'subscribe-ip', req.ip);
      const parsed = subscribeBody
        .refine((b) => b.kind !== 'alert' || b.q !== '', 'Type the search the alert should run.')
        .safeParse(req.body ?? {});
      if (!parsed.success) {
        const raw = (req.body ?? {}) as Record<string, string>;
        reply.code(400);
        return page(
          reply,
          'Papers by email',
          <SubscribePage
            siteName={site}
            error={parsed.error.issues[0]?.message ?? 'Please check the form.'}
            defaults={{
              email: String(raw.email ?? '').slice(0, 254),
              kind: raw.kind === 'weekly' || raw.kind === 'alert' ? raw.kind : 'daily',
              query: String(raw.q ?? '').slice(0, 250),
              categories: String(raw.categories ?? '').slice(0, 200),
              keywords: String(raw.keywords ?? '').slice(0, 300),
            }}
          />,
        );
      }
      const user = req.user;
      const own = !!user?.email && normalizeEmail(user.email) === normalizeEmail(parsed.data.email);
      const r = await subscribe(deps, {
        ...parsed.data,
        query: parsed.data.q,
        userId: own ? user.id : null,
        verifiedEmail: own,
      });
      if (r.active)
        return page(
          reply,
          'Subscribed',
          <DigestNotice title="You are subscribed">
            <p>
              {parsed.data.email} is your account's address, so the subscription starts now. Every email has a
              link to unsubscribe.
            </p>
          </DigestNotice>,
        );
      return page(
        reply,
        'Check your inbox',
        <DigestNotice title="Check your inbox">
          <p>
            We sent a confirmation link to <strong>{parsed.data.email}</strong>. Your subscription starts when
            you open it; until then nothing else is sent.
          </p>
        </DigestNotice>,
      );
    });

    app.get('/digest/confirm', async (req, reply) => {
      const token = tokenFrom(req);
      const sub = await checkConfirmToken(deps, token);
      const what = describeSubscription(sub);
      if (sub.status === 'active')
        return page(
          reply,
          'Subscribed',
          <DigestNotice title="You are subscribed">
            {
              <p>
                {sub.email} receives {what}.
              </p>
            }
          </DigestNotice>,
        );
      return page(
        reply,
        'Confirm your subscription',
        <DigestNotice
          title="Confirm your subscription"
          action={{ href: '/digest/confirm', label: 'Confirm my subscription', token }}
        >
          <p>
            Send {what} to <strong>{sub.email}</strong>?
          </p>
        </DigestNotice>,
      );
    });

    // Token-authenticated routes need no CSRF token: the signed token in the link is the
    // credential, and mail clients POST one-click unsubscribes without cookies (RFC 8058).
    const tokenAuth = { config: { csrf: false } };
    app.post('/digest/confirm', tokenAuth, async (req, reply) => {
      const sub = await confirmSubscription(deps, tokenFrom(req));
      return page(
        reply,
        'Subscribed',
        <DigestNotice title="You are subscribed">
          <p>
            {sub.email} will receive {describeSubscription(sub)}. Every email has a link to unsubscribe.
          </p>
        </DigestNotice>,
      );
    });

    // The visible link in the footer: a page with the button, so link scanners do nothing.
    app.get('/digest/unsubscribe', async (req, reply) => {
      const token = tokenFrom(req);
      const sub = await subscriptionFromUnsubscribeToken(deps, token);
      const what = describeSubscription(sub);
      const query = `?token=${encodeURIComponent(token)}`;
      if (sub.status !== 'active')
        return page(
          reply,
          'Unsubscribed',
          <DigestNotice
            title="You are unsubscribed"
            action={
              sub.status === 'unsubscribed'
                ? { href: `/digest/resubscribe${query}`, label: 'Resubscribe', primary: false }
                : undefined
            }
          >
            <p>
              {sub.email} no longer receives {what}.
            </p>
          </DigestNotice>,
        );
      return page(
        reply,
        'Unsubscribe',
        <DigestNotice
          title="Unsubscribe"
          action={{ href: `/digest/unsubscribe${query}`, label: 'Unsubscribe' }}
        >
          <p>
            Stop sending {what} to <strong>{sub.email}</strong>?
          </p>
        </DigestNotice>,
      );
    });

    // RFC 8058 one-click (body `List-Unsubscribe=One-Click`, from the mail client) and the page's button.
    app.post('/digest/unsubscribe', tokenAuth, async (req, reply) => {
      const token = tokenFrom(req);
      const sub = await unsubscribe(deps, token);
      return page(
        reply,
        'Unsubscribed',
        <DigestNotice
          title="You are unsubscribed"
          action={{
            href: `/digest/resubscribe?token=${encodeURIComponent(token)}`,
            label: 'Resubscribe',
            primary: false,
          }}
        >
          <p>
            {sub.email} will not receive {describeSubscription(sub)} any more. Changed your mind? One click
            brings it back.
          </p>
        </DigestNotice>,
      );
    });

    app.post('/digest/resubscribe', tokenAuth, async (req, reply) => {
      const sub = await resubscribe(deps, tokenFrom(req));
      const what = describeSubscription(sub);
      return page(
        reply,
        sub.status === 'active' ? 'Subscribed' : 'Subscribe again',
        sub.status === 'active' ? (
          <DigestNotice title="Welcome back">
            <p>
              {sub.email} receives {what} again.
            </p>
          </DigestNotice>
        ) : (
          <DigestNotice title="Subscribe again">
            <p>
              Mail to {sub.email} could not be delivered earlier. <a href="/digest">Subscribe again</a> to
              confirm the address.
            </p>
          </DigestNotice>
        ),
      );
    });

    app.get('/admin/digest', async (req, reply) => {
      requireAdmin(req);
      const overview = await deliveryOverview(deps.db);
      return renderPage(reply, <DigestAdminPage {...overview} />, {
        title: 'Email delivery',
        siteName: site,
      });
    });

    app.get<{ Params: { kind: string; period: string }; Querystring: { format?: string } }>(
      '/digest/preview/:kind/:period',
      async (req, reply) => {
        const { kind, period } = req.params;
        if (kind !== 'daily' && kind !== 'weekly') throw new NotFoundError('Editions are daily or weekly.');
        const mail = await previewEdition(deps, kind, period);
        if (!mail) throw new NotFoundError(`There is no ${kind} edition for ${period.slice(0, 20)}.`);
        if (req.query.format === 'text') return reply.type('text/plain; charset=utf-8').send(mail.text);
        return reply
          .header('content-security-policy', PREVIEW_CSP)
          .type('text/html; charset=utf-8')
          .send(mail.html);
      },
    );
  };
}
