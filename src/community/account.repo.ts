/** Account deletion in one transaction: personal data removed, shared content anonymised. */
import type { Db } from '../db/connect.ts';
import { deleteInboxData } from '../inbox/signals.repo.ts';
import type { SessionUser } from './types.ts';

export async function deleteAccountData(db: Db, user: SessionUser, now: string): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    // Each deleted vote takes one from its paper's count (triggers of 0018_votes).
    await trx.deleteFrom('votes').where('user_id', '=', user.id).execute();
    await deleteInboxData(trx, user.id);
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await trx
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .execute();
    // Email: every subscription, alert and pending confirmation of the account or its
    // address, with their queued and past messages (the outbox cascades), and the throttle row.
    await trx
      .deleteFrom('subscriptions')
      .where((eb) =>
        eb.or([eb('user_id', '=', user.id), ...(user.email ? [eb('email', '=', user.email)] : [])]),
      )
      .execute();
    if (user.email) {
      await trx.deleteFrom('outbox').where('email', '=', user.email).execute();
      await trx.deleteFrom('mail_confirmations').where('email', '=', user.email).execute();
      await trx.deleteFrom('login_tokens').where('email', '=', user.email).execute();
    }
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
