/** Shapes the community capability hands to the web layer and to other capabilities. */

/** The signed-in user, as every request sees it. */
export interface SessionUser {
  id: number;
  handle: string;
  displayName: string;
  email: string | null;
  /** user | admin */
  role: string;
  /** active | suspended | deleted */
  status: string;
}

export function isAdmin(u: Pick<SessionUser, 'role'> | null | undefined): boolean {
  return u?.role === 'admin';
}
