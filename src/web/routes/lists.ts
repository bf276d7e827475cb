/** What the feed and export routes need to resolve any list, search included. */
import type { ListDeps } from '../../interfaces/lists.ts';
import { type SearchDeps, searchPapers } from '../../search/search.ts';
import { searchSettings } from '../../search/settings.ts';
import type { WebDeps } from '../app.ts';

export function listDeps(deps: WebDeps): ListDeps {
  const searchDeps: SearchDeps = {
    db: deps.db,
    clock: deps.clock,
    settings: searchSettings(deps.config),
    semantic: deps.semantic ?? null,
  };
  return {
    db: deps.db,
    clock: deps.clock,
    config: deps.config,
    searchIds: async (q, limit) => (await searchPapers(searchDeps, q, { limit })).hits.map((h) => h.card.id),
  };
}
