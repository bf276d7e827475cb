/** Sign-in by emailed link, sign-out (here or everywhere), profile settings, account deletion. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { changeProfile, deleteAccount, sendLoginLink } from '../../community/account.ts';
import {
  activeSessionCount,
  endAllSessions,
  endSession,
  signInWithLink,
  startSession,
} from '../../community/auth.ts';
import { normalizeEmail } from '../../community/rules.ts';
import { AppError } from '../../shared/errors.ts';
import type { WebDeps } from '../deps.ts';
import {
  clearSessionCookie,
  requireUser,
  SESSION_COOKIE,
  safeNext,
  setSessionCookie,
} from '../middleware/auth.ts';
import { parseInput } from '../middleware/validate.ts';
import { CheckEmailPage, LoginPage, SettingsPage, VerifyPage } from '../views/account.tsx';
import { renderPage } from '../views/render.tsx';

const loginBody = z.object({ email: z.string().max(320), next: z.string().max(500).optional() });
const verifyBody = z.object({ token: z.string().max(200), next: z.string().max(500).optional() });
const profileBody = z.object({ handle: z.string().max(100), display_name: z.string().max(200) });
const deleteBody = z.object({ confirm: z.string().max(100) });

export function accountRoutes(deps: WebDeps) {
  const { config } = deps;
  const site = config.SITE_NAME;
  return async function plugin(app: FastifyInstance) {
    app.get<{ Querystring: { next?: string } }>('/login', async (req, reply) => {
      if (req.user) return reply.redirect(safeNext(req.query.next), 303);
      return renderPage(reply, <LoginPage next={safeNext(req.query.next)} />, {
        title: 'Sign in',
        siteName: site,
      });
    });

    app.post('/login', async (req, reply) => {
      const body = parseInput(loginBody, req.body);
      const next = safeNext(body.next);
      const email = normalizeEmail(body.email);
      if (!email) {
        reply.code(400);
        return renderPage(
          reply,
          <LoginPage next={next} email={body.email} problem="Please enter a valid email address." />,
          {
            title: 'Sign in',
            siteName: site,
          },
        );
      }
      await sendLoginLink(deps, email, { ip: req.ip });
      return renderPage(reply, <CheckEmailPage email={email} minutes={config.LOGIN_LINK_MINUTES} />, {
        title: 'Check your email',
        siteName: site,
      });
    });

    app.get<{ Querystring: { token?: string; next?: string } }>('/login/verify', async (req, reply) => {
      const token = String(req.query.token ?? '').slice(0, 200);
      // Never cache or leak the token: it is a credential until used.
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return renderPage(reply, <VerifyPage token={token} next={safeNext(req.query.next)} />, {
        title: 'Sign in',
        siteName: site,
      });
    });

    app.post('/login/verify', async (req, reply) => {
      const body = parseInput(verifyBody, req.body);
      try {
        const { user, created } = await signInWithLink(deps, body.token);
        const s = await startSession(deps, user.id, req.headers['user-agent']);
        const old = req.cookies[SESSION_COOKIE];
        if (old) await endSession(deps, old);
        setSessionCookie(reply, deps, s.cookieValue);
        return reply.redirect(created ? '/settings?welcome=1' : safeNext(body.next), 303);
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'login_link_invalid') throw e;
        reply.code(400);
        return renderPage(reply, <LoginPage next={safeNext(body.next)} problem={e.message} />, {
          title: 'Sign in',
          siteName: site,
        });
      }
    });

    app.post('/logout', async (req, reply) => {
      const value = req.cookies[SESSION_COOKIE];
      if (value) await endSession(deps, value);
      clearSessionCookie(reply, deps);
      return reply.redirect('/', 303);
    });

    app.post('/logout/everywhere', async (req, reply) => {
      const user = requireUser(req);
      await endAllSessions(deps, user.id);
      clearSessionCookie(reply, deps);
      return reply.redirect('/', 303);
    });

    const settings = async (
      req: import('fastify').FastifyRequest,
      reply: import('fastify').FastifyReply,
      extra: { problem?: string; saved?: boolean } = {},
    ) => {
      const user = requireUser(req);
      const sessions = await activeSessionCount(deps, user.id);
      const q = req.query as { welcome?: string; saved?: string };
      const page = (
        <SettingsPage
          user={user}
          sessions={sessions}
          welcome={q.welcome === '1'}
          saved={extra.saved ?? q.saved === '1'}
          problem={extra.problem}
        />
      );
      return renderPage(reply, page, {
        title: 'Settings',
        siteName: site,
      });
    };
    app.get('/settings', (req, reply) => settings(req, reply));

    app.post('/settings/profile', async (req, reply) => {
      const user = requireUser(req);
      const body = parseInput(profileBody, req.body);
      try {
        await changeProfile(deps.db, user, { handle: body.handle, displayName: body.display_name });
      } catch (e) {
        if (!(e instanceof AppError) || e.status >= 500) throw e;
        reply.code(e.status);
        return settings(req, reply, { problem: e.message });
      }
      return reply.redirect('/settings?saved=1', 303);
    });

    app.post('/settings/delete', async (req, reply) => {
      const user = requireUser(req);
      const body = parseInput(deleteBody, req.body);
      try {
        await deleteAccount(deps, user, body.confirm);
      } catch (e) {
        if (!(e instanceof AppError) || e.status >= 500) throw e;
        reply.code(e.status);
        return settings(req, reply, { problem: e.message });
      }
      clearSessionCookie(reply, deps);
      return reply.redirect('/', 303);
    });
  };
}
