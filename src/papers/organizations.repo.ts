/** Organisation pages: the papers attributed to one organisation (imported from HF). */
import type { Db } from '../db/connect.ts';
import { LIST_ITEM_COLUMNS, latestVisibleEntry, toListItem } from './list-items.repo.ts';
import type { PaperListItem } from './types.ts';

export interface Organization {
  id: number;
  name: string;
  fullname: string;
  avatarUrl: string | null;
}

export interface OrganizationPapers extends Organization {
  total: number;
  papers: PaperListItem[];
}

export async function findOrganization(db: Db, name: string): Promise<Organization | null> {
  const o = await db.kysely
    .selectFrom('organizations')
    .select(['id', 'name', 'fullname', 'avatar_url'])
    .where('name', '=', name)
    .executeTakeFirst();
  return o ? { id: o.id, name: o.name, fullname: o.fullname, avatarUrl: o.avatar_url } : null;
}

/** Ids of the organisation's papers, newest first (index papers_organization). */
export async function listOrganizationPaperIds(
  db: Db,
  organizationId: number,
  limit: number,
): Promise<number[]> {
  const rows = await db.kysely
    .selectFrom('papers')
    .select('id')
    .where('organization_id', '=', organizationId)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** The organisation named `name` (its HF handle) and its papers as cards, newest first. */
export async function getOrganizationPapers(
  db: Db,
  name: string,
  limit = 200,
): Promise<OrganizationPapers | null> {
  const org = await findOrganization(db, name);
  if (!org) return null;
  const [rows, count] = await Promise.all([
    db.kysely
      .selectFrom('papers as p')
      .leftJoin('daily_entries as e', (j) => j.on(latestVisibleEntry))
      .leftJoin('users as u', 'u.id', 'e.submitted_by')
      .select(LIST_ITEM_COLUMNS)
      .where('p.organization_id', '=', org.id)
      .orderBy('p.published_at', 'desc')
      .orderBy('p.id', 'desc')
      .limit(limit)
      .execute(),
    db.kysely
      .selectFrom('papers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', org.id)
      .executeTakeFirst(),
  ]);
  return { ...org, total: Number(count?.n ?? 0), papers: rows.map(toListItem) };
}
