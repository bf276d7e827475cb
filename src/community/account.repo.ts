/** Account deletion in one transaction: personal data removed, shared content anonymised. */
import type { Db } from '../db/connect.ts';
import { deleteInboxData } from '../inbox/signals.repo.ts';
import { lockPaper, recountUpvotes } from './counters.repo.ts';
import type { SessionUser } from './types.ts';

export async function deleteAccountData(db: Db, user: SessionUser): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    const voted = await trx.selectFrom('votes').select('paper_id').where('user_id', '=', user.id).execute();
    await trx.deleteFrom('votes').where('user_id', '=', user.id).execute();
    for (const { paper_id } of voted) {
      await lockPaper(trx, db.dialect, paper_id);
      await recountUpvotes(trx, paper_id);
    }
    await deleteInboxData(trx, user.id);
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    if (user.email) await trx.deleteFrom('login_tokens').where('email', '=', user.email).execute();
    await trx.deleteFrom('comment_flags').where('user_id', '=', user.id).execute();
    await trx.updateTable('comments').set({ user_id: null }).where('user_id', '=', user.id).execute();
    await trx
      .updateTable('daily_entries')
      .set({ submitted_by: null })
      .where('submitted_by', '=', user.id)
      .execute();
    await trx
      .updateTable('users')
      .set({
        email: null,
        handle: `deleted-${user.id}`,
        display_name: 'Deleted user',
        avatar_url: null,
        role: 'user',
        status: 'deleted',
      })
      .where('id', '=', user.id)
      .execute();
  });
}
