/** Organisations papers are attributed to (imported from HF); their list is the `organization` list kind. */
import type { Db } from '../db/connect.ts';

export interface Organization {
  id: number;
  name: string;
  fullname: string;
  avatarUrl: string | null;
}

/** The organisation with this handle (HF's `name`, e.g. `google`); null when unknown. */
export async function findOrganization(db: Db, name: string): Promise<Organization | null> {
  const o = await db.kysely
    .selectFrom('organizations')
    .select(['id', 'name', 'fullname', 'avatar_url'])
    .where('name', '=', name)
    .executeTakeFirst();
  return o ? { id: o.id, name: o.name, fullname: o.fullname, avatarUrl: o.avatar_url } : null;
}
