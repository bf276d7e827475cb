/**
 * Settings → API tokens: create (the secret is shown on this one response and never
 * again), list, revoke.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TokenRow } from '../../community/tokens.ts';
import { createToken, listTokens, revokeToken } from '../../community/tokens.ts';
import { AppError } from '../../shared/errors.ts';
import type { WebDeps } from '../deps.ts';
import { requireUser } from '../middleware/auth.ts';
import { parseInput } from '../middleware/validate.ts';
import { renderPage } from '../views/render.tsx';
import { CsrfField } from '../views/request-context.tsx';

const createBody = z.object({ name: z.string().max(200) });

function TokensPage({ tokens, secret, problem }: { tokens: TokenRow[]; secret?: string; problem?: string }) {
  return (
    <section class="form-page">
      <p>
        <a href="/settings">← Settings</a>
      </p>
      <h1>API tokens</h1>
      <p>
        Scripts use a token to submit, upvote and comment through the <a href="/api">API</a>: send it as{' '}
        <code>Authorization: Bearer pb_…</code>. Treat it like a password.
      </p>
      {secret && (
        <div class="notice" role="status">
          <p>
            <strong>Copy your new token now.</strong> It is shown only this once; we keep only a hash of it.
          </p>
          <p>
            <code data-token>{secret}</code>
          </p>
        </div>
      )}
      {problem && (
        <p class="notice error" role="alert">
          {problem}
        </p>
      )}
      <form method="post" action="/settings/tokens" class="stack">
        <CsrfField />
        <label for="token-name">Name (what uses it)</label>
        <input id="token-name" name="name" required maxLength={60} placeholder="e.g. lab Slack bot" />
        <button type="submit" class="button primary">
          Create token
        </button>
      </form>
      <h2>Your tokens</h2>
      {tokens.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <ul class="tokens">
          {tokens.map((t) => (
            <li>
              <strong>{t.name}</strong> <code>{t.prefix}…</code> created {t.createdAt.slice(0, 10)}
              {t.lastUsedAt ? `, last used ${t.lastUsedAt.slice(0, 10)}` : ', never used'}
              {t.revokedAt ? (
                `, revoked ${t.revokedAt.slice(0, 10)}`
              ) : (
                <form method="post" action={`/settings/tokens/${t.id}/revoke`} class="inline">
                  <CsrfField />
                  <button type="submit" class="button">
                    Revoke
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function tokenRoutes(deps: WebDeps) {
  const site = deps.config.SITE_NAME;
  const page = async (
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { secret?: string; problem?: string } = {},
  ) => {
    const user = requireUser(req);
    // The secret must not linger in any cache or history snapshot.
    reply.header('cache-control', 'no-store');
    const tokens = await listTokens(deps, user.id);
    return renderPage(reply, <TokensPage tokens={tokens} {...extra} />, {
      title: 'API tokens',
      siteName: site,
    });
  };
  return async function plugin(app: FastifyInstance) {
    app.get('/settings/tokens', (req, reply) => page(req, reply));
    app.post('/settings/tokens', async (req, reply) => {
      const user = requireUser(req);
      const body = parseInput(createBody, req.body);
      try {
        const { secret } = await createToken(deps, user.id, body.name);
        return page(req, reply, { secret });
      } catch (e) {
        if (!(e instanceof AppError) || e.status >= 500) throw e;
        reply.code(e.status);
        return page(req, reply, { problem: e.message });
      }
    });
    app.post<{ Params: { id: string } }>('/settings/tokens/:id/revoke', async (req, reply) => {
      const user = requireUser(req);
      await revokeToken(deps, user.id, Number(req.params.id) || 0);
      return reply.redirect('/settings/tokens', 303);
    });
  };
}
