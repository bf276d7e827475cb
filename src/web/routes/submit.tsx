/** GET /submit (the form and its rules) and POST /submit. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { pendingSubmissions, submitPaper } from '../../community/submissions.ts';
import type { SessionUser } from '../../community/types.ts';
import { AppError, RateLimitedError } from '../../shared/errors.ts';
import { InvalidArxivIdError } from '../../shared/ids.ts';
import type { WebDeps } from '../deps.ts';
import { requireUser } from '../middleware/auth.ts';
import { wantsJson } from '../middleware/errors.tsx';
import { parseInput } from '../middleware/validate.ts';
import { renderPage } from '../views/render.tsx';
import { SubmitPage } from '../views/submit.tsx';

const submitBody = z.object({ paper: z.string().max(300), note: z.string().max(5000).optional() });

export function submitRoutes(deps: WebDeps) {
  const { config } = deps;
  const { http } = deps;
  const page = async (
    reply: FastifyReply,
    user: SessionUser,
    extra: { problem?: string; queued?: string; paper?: string; note?: string } = {},
  ) =>
    renderPage(
      reply,
      <SubmitPage
        maxAgeDays={config.SUBMIT_MAX_AGE_DAYS}
        dailyCap={config.SUBMIT_DAILY_CAP}
        isAdmin={user.role === 'admin'}
        pending={await pendingSubmissions(deps, user.id)}
        {...extra}
      />,
      { title: 'Submit a paper', siteName: config.SITE_NAME, canonical: `${config.BASE_URL}/submit` },
    );

  return async function plugin(app: FastifyInstance) {
    app.get('/submit', async (req, reply) => {
      const user = requireUser(req);
      return page(reply, user);
    });

    app.post('/submit', async (req, reply) => {
      const user = requireUser(req);
      const body = parseInput(submitBody, req.body);
      try {
        const r = await submitPaper({ ...deps, http }, user, { paper: body.paper, note: body.note });
        if (r.status === 'queued') {
          // Accepted, not done: the job queue finishes it when arXiv answers.
          reply.code(202);
          return wantsJson(req) ? r : page(reply, user, { queued: r.message });
        }
        if (wantsJson(req)) return reply.code(201).send(r);
        return reply.redirect(`/papers/${r.arxivId}`, 303);
      } catch (e) {
        // Over the limit: the error page with its Retry-After, not the form.
        if (wantsJson(req) || e instanceof RateLimitedError) throw e;
        const known = e instanceof AppError || e instanceof InvalidArxivIdError;
        if (!known || (e instanceof AppError && e.status >= 500)) throw e;
        reply.code(e instanceof AppError ? e.status : 400);
        return page(reply, user, {
          problem: (e as Error).message,
          paper: body.paper,
          note: body.note,
        });
      }
    });
  };
}
