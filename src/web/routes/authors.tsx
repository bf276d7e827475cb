/** `/authors/:name`: every paper of one author, matched by normalised name. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { feedAlternates } from '../../interfaces/feeds.ts';
import { getAuthorPapers } from '../../papers/authors.repo.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import type { WebDeps } from '../app.ts';
import { AuthorPage } from '../views/author.tsx';
import { authorPath } from '../views/paper-card.tsx';
import { renderPage } from '../views/render.tsx';

const params = z.object({ name: z.string().trim().min(1).max(200) });

export function authorRoutes(deps: WebDeps) {
  const { config, db } = deps;
  return async function plugin(app: FastifyInstance) {
    app.get('/authors/:name', async (req, reply) => {
      const parsed = params.safeParse(req.params);
      if (!parsed.success) throw new ValidationError('An author name is 1 to 200 characters long.');
      const { name } = parsed.data;
      return app.pageCache.serve(req, reply, `author:${name}`, async () => {
        const author = await getAuthorPapers(db, name);
        if (!author) throw new NotFoundError(`No paper here has an author named "${name}".`);
        return renderPage(reply, <AuthorPage author={author} />, {
          title: author.name,
          siteName: config.SITE_NAME,
          canonical: `${config.BASE_URL}${authorPath(author.name)}`,
          description: `${author.total} papers by ${author.name}.`,
          feeds: feedAlternates(
            `/feeds/authors/${encodeURIComponent(author.name)}`,
            `Papers by ${author.name}`,
          ),
        });
      });
    });
  };
}
