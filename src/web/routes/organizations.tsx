/** `/organizations/:name`: the papers attributed to one organisation (imported from HF). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { feedAlternates } from '../../interfaces/feeds.ts';
import { getOrganizationPapers } from '../../papers/organizations.repo.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import type { WebDeps } from '../app.ts';
import { OrganizationPage } from '../views/organization.tsx';
import { organizationPath } from '../views/paper-card.tsx';
import { renderPage } from '../views/render.tsx';

const params = z.object({ name: z.string().trim().min(1).max(100) });

export function organizationRoutes(deps: WebDeps) {
  const { config, db } = deps;
  return async function plugin(app: FastifyInstance) {
    app.get('/organizations/:name', async (req, reply) => {
      const parsed = params.safeParse(req.params);
      if (!parsed.success) throw new ValidationError('An organization name is 1 to 100 characters long.');
      const { name } = parsed.data;
      return app.pageCache.serve(req, reply, `organization:${name}`, async () => {
        const org = await getOrganizationPapers(db, name);
        if (!org) throw new NotFoundError(`No organization "${name}" here.`);
        return renderPage(reply, <OrganizationPage org={org} />, {
          title: org.fullname,
          siteName: config.SITE_NAME,
          canonical: `${config.BASE_URL}${organizationPath(org.name)}`,
          description: `${org.total} papers attributed to ${org.fullname}.`,
          feeds: feedAlternates(
            `/feeds/organizations/${encodeURIComponent(org.name)}`,
            `Papers of ${org.fullname}`,
          ),
        });
      });
    });
  };
}
