import type { Command } from 'commander';
import { normalizeEmail } from '../shared/text.ts';
import type { OpenContext } from './context.ts';

export function registerAdminCommands(program: Command, open: OpenContext) {
  const admin = program.command('admin').description('moderators: grant or revoke the admin role');
  for (const [name, grant] of [
    ['grant', true],
    ['revoke', false],
  ] as const) {
    admin
      .command(`${name} <email>`)
      .description(
        grant
          ? 'make the account of <email> an admin (creating it, so its owner can sign in)'
          : 'take the admin role away from the account of <email>',
      )
      .action(async (raw: string) => {
        const email = normalizeEmail(raw);
        if (!email) {
          console.error(`"${raw}" is not an email address`);
          process.exitCode = 1;
          return;
        }
        const ctx = await open();
        const { setAdminByEmail } = await import('../community/moderation.ts');
        try {
          const user = await setAdminByEmail(ctx, email, grant);
          console.log(`${email} (@${user.handle}) is ${grant ? 'now an admin' : 'no longer an admin'}`);
        } finally {
          await ctx.db.close();
        }
      });
  }
}
