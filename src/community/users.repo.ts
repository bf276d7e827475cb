/** Storage of user accounts: look-ups, creation from a verified email, profile changes, deletion. */
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { ConflictError } from '../shared/errors.ts';
import { importedHandle } from './imported-people.ts';
import { handleFromEmail } from './rules.ts';
import type { SessionUser } from './types.ts';

type Q = Kysely<Database> | Transaction<Database>;

const userColumns = ['id', 'handle', 'display_name', 'email', 'role', 'status'] as const;

/** A users row (or a join selecting its columns) as the signed-in user. */
export function toSessionUser(r: {
  id: number;
  handle: string;
  display_name: string;
  email: string | null;
  role: string;
  status: string;
}): SessionUser {
  return {
    id: r.id,
    handle: r.handle,
    displayName: r.display_name,
    email: r.email,
    role: r.role,
    status: r.status,
  };
}

export async function findUserById(db: Db, id: number): Promise<SessionUser | null> {
  const r = await db.kysely.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
  return r ? toSessionUser(r) : null;
}

export async function findUserByEmail(db: Db, email: string): Promise<SessionUser | null> {
  const r = await db.kysely
    .selectFrom('users')
    .select(userColumns)
    .where('email', '=', email)
    .executeTakeFirst();
  return r ? toSessionUser(r) : null;
}

/** Handles compare case-insensitively (imported HF handles keep their case for display). */
export async function findUserByHandle(db: Db, handle: string): Promise<SessionUser | null> {
  const r = await db.kysely
    .selectFrom('users')
    .select(userColumns)
    .where((eb) => eb(eb.fn('lower', ['handle']), '=', handle.toLowerCase()))
    .executeTakeFirst();
  return r ? toSessionUser(r) : null;
}

/**
 * The person a public handle names: a member's handle first, else the HF user name of an
 * imported submitter (HF clients and links ask by that name). Every surface looks up this way.
 */
export async function findUserByPublicHandle(db: Db, handle: string): Promise<SessionUser | null> {
  return (await findUserByHandle(db, handle)) ?? (await findUserByHandle(db, importedHandle(handle)));
}

async function handleTaken(q: Q, handle: string, exceptUserId?: number): Promise<boolean> {
  let query = q
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['handle']), '=', handle.toLowerCase()));
  if (exceptUserId !== undefined) query = query.where('id', '!=', exceptUserId);
  return (await query.executeTakeFirst()) !== undefined;
}

/**
 * The account for a verified email: found, or created with a handle derived from the
 * address (made unique with a number). Safe when two first sign-ins race (unique email).
 */
export async function findOrCreateUserByEmail(
  db: Db,
  email: string,
  now: Date,
): Promise<{ user: SessionUser; created: boolean }> {
  const existing = await findUserByEmail(db, email);
  if (existing) return { user: existing, created: false };
  const base = handleFromEmail(email);
  for (let n = 1; n < 1000; n++) {
    const handle = n === 1 ? base : `${base.slice(0, 26)}${n}`;
    if (await handleTaken(db.kysely, handle)) continue;
    try {
      const row = await db.kysely
        .insertInto('users')
        .values({
          email,
          handle,
          display_name: base,
          avatar_url: null,
          role: 'user',
          status: 'active',
          is_demo: 0,
          created_at: now.toISOString(),
        })
        .returning(userColumns)
        .executeTakeFirstOrThrow();
      return { user: toSessionUser(row), created: true };
    } catch (e) {
      // Another request created this email's account (or took the handle) meanwhile.
      const again = await findUserByEmail(db, email);
      if (again) return { user: again, created: false };
      if (!(await handleTaken(db.kysely, handle))) throw e;
    }
  }
  throw new ConflictError('Could not find a free handle for this account; please try again.');
}

export async function updateProfile(
  db: Db,
  userId: number,
  profile: { handle: string; displayName: string },
): Promise<void> {
  if (await handleTaken(db.kysely, profile.handle, userId))
    throw new ConflictError(`The handle @${profile.handle} is taken; please pick another.`);
  try {
    await db.kysely
      .updateTable('users')
      .set({ handle: profile.handle, display_name: profile.displayName })
      .where('id', '=', userId)
      .execute();
  } catch (e) {
    if (await handleTaken(db.kysely, profile.handle, userId))
      throw new ConflictError(`The handle @${profile.handle} is taken; please pick another.`);
    throw e;
  }
}

export async function setUserRole(db: Db, userId: number, role: 'user' | 'admin') {
  await db.kysely.updateTable('users').set({ role }).where('id', '=', userId).execute();
}

export async function setUserStatus(
  db: Db,
  userId: number,
  status: 'active' | 'suspended',
  now: Date = new Date(),
) {
  await db.kysely
    .updateTable('users')
    .set({ status })
    .where('id', '=', userId)
    .where('status', '!=', 'deleted')
    .execute();
  if (status === 'suspended') {
    // Suspension ends every way in: sessions, and API tokens (revoked, not just refused).
    await db.kysely.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await db.kysely
      .updateTable('api_tokens')
      .set({ revoked_at: now.toISOString() })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
  }
}
