/** Storage of a member's library: folders, and saved papers (each in at most one folder) with a note. */
import type { Db } from '../db/connect.ts';
import { loadCards } from '../papers/cards.repo.ts';
import type { PaperCard } from '../papers/types.ts';

export interface Folder {
  id: number;
  name: string;
  count: number;
}

export interface SavedPaper {
  paper: PaperCard;
  folderId: number | null;
  note: string;
  savedAt: string;
}

export async function listFolders(db: Db, userId: number): Promise<Folder[]> {
  const rows = await db.kysely
    .selectFrom('library_folders as f')
    .leftJoin('library_items as i', 'i.folder_id', 'f.id')
    .select(['f.id', 'f.name', (eb) => eb.fn.count<number>('i.paper_id').as('n')])
    .where('f.user_id', '=', userId)
    .groupBy(['f.id', 'f.name'])
    .orderBy('f.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, count: Number(r.n) }));
}

export async function findFolder(db: Db, userId: number, folderId: number): Promise<Folder | null> {
  return (await listFolders(db, userId)).find((f) => f.id === folderId) ?? null;
}

export async function folderByName(db: Db, userId: number, name: string): Promise<number | null> {
  const r = await db.kysely
    .selectFrom('library_folders')
    .select('id')
    .where('user_id', '=', userId)
    .where('name', '=', name)
    .executeTakeFirst();
  return r?.id ?? null;
}

export async function insertFolder(db: Db, userId: number, name: string, now: Date): Promise<number> {
  const r = await db.kysely
    .insertInto('library_folders')
    .values({ user_id: userId, name, created_at: now.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function renameFolder(db: Db, userId: number, folderId: number, name: string): Promise<boolean> {
  const r = await db.kysely
    .updateTable('library_folders')
    .set({ name })
    .where('id', '=', folderId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Deletes a folder; its papers stay in the library, unfiled (nothing saved is lost). */
export async function deleteFolder(db: Db, userId: number, folderId: number): Promise<boolean> {
  return db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('library_items')
      .set({ folder_id: null })
      .where('user_id', '=', userId)
      .where('folder_id', '=', folderId)
      .execute();
    const r = await trx
      .deleteFrom('library_folders')
      .where('id', '=', folderId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  });
}

/** Saves a paper (or moves it, when already saved) into a folder; the note is kept. */
export async function upsertItem(
  db: Db,
  item: { userId: number; paperId: number; folderId: number | null; now: Date },
): Promise<void> {
  await db.kysely
    .insertInto('library_items')
    .values({
      user_id: item.userId,
      paper_id: item.paperId,
      folder_id: item.folderId,
      note: '',
      saved_at: item.now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['user_id', 'paper_id']).doUpdateSet({ folder_id: item.folderId }))
    .execute();
}

export async function removeItem(db: Db, userId: number, paperId: number): Promise<boolean> {
  const r = await db.kysely
    .deleteFrom('library_items')
    .where('user_id', '=', userId)
    .where('paper_id', '=', paperId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function setItemNote(db: Db, userId: number, paperId: number, note: string): Promise<boolean> {
  const r = await db.kysely
    .updateTable('library_items')
    .set({ note })
    .where('user_id', '=', userId)
    .where('paper_id', '=', paperId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface SavedRow {
  paperId: number;
  folderId: number | null;
  note: string;
  savedAt: string;
}

/**
 * Saved papers, most recently saved first: every one (`folder` undefined), unfiled ones
 * (`null`) or one folder's.
 */
export async function savedRows(db: Db, userId: number, folder?: number | null): Promise<SavedRow[]> {
  let q = db.kysely
    .selectFrom('library_items')
    .select(['paper_id', 'folder_id', 'note', 'saved_at'])
    .where('user_id', '=', userId);
  if (folder === null) q = q.where('folder_id', 'is', null);
  else if (folder !== undefined) q = q.where('folder_id', '=', folder);
  const rows = await q.orderBy('saved_at', 'desc').orderBy('paper_id', 'desc').execute();
  return rows.map((r) => ({ paperId: r.paper_id, folderId: r.folder_id, note: r.note, savedAt: r.saved_at }));
}

/** Saved papers with their cards, in `savedRows` order. */
export async function listItems(db: Db, userId: number, folder?: number | null): Promise<SavedPaper[]> {
  const rows = await savedRows(db, userId, folder);
  const cards = new Map(
    (
      await loadCards(
        db,
        rows.map((r) => r.paperId),
      )
    ).map((c) => [c.id, c]),
  );
  return rows.flatMap((r) => {
    const paper = cards.get(r.paperId);
    return paper ? [{ paper, folderId: r.folderId, note: r.note, savedAt: r.savedAt }] : [];
  });
}

/** Which of these papers the member has saved. */
export async function savedAmong(db: Db, userId: number, paperIds: number[]): Promise<Set<number>> {
  if (paperIds.length === 0) return new Set();
  const rows = await db.kysely
    .selectFrom('library_items')
    .select('paper_id')
    .where('user_id', '=', userId)
    .where('paper_id', 'in', paperIds)
    .execute();
  return new Set(rows.map((r) => r.paper_id));
}

/** Which of these papers (by arXiv id) the member has saved: the state of Save buttons. */
export async function savedArxivIds(db: Db, userId: number, arxivIds: string[]): Promise<Set<string>> {
  if (arxivIds.length === 0) return new Set();
  const rows = await db.kysely
    .selectFrom('library_items as i')
    .innerJoin('papers as p', 'p.id', 'i.paper_id')
    .select('p.arxiv_id')
    .where('i.user_id', '=', userId)
    .where('p.arxiv_id', 'in', arxivIds)
    .execute();
  return new Set(rows.map((r) => r.arxiv_id));
}
