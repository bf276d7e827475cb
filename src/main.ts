/**
 * Entry point: `paperboy <command>`. The only module that knows every other one: it
 * reads the configuration, opens the database and hands both to the commands.
 */
import { Command } from 'commander';
import { registerAdminCommands } from './cli/admin.ts';
import { registerBackupCommands } from './cli/backup.ts';
import type { CliContext } from './cli/context.ts';
import { registerCopyCommand } from './cli/copy.ts';
import { registerDigestCommands } from './cli/digest.ts';
import { registerDemoCommands } from './cli/import.ts';
import { registerInboxCommands } from './cli/inbox.ts';
import { registerIngestCommands } from './cli/ingest.ts';
import { registerJobsCommand } from './cli/jobs.ts';
import { registerMcpCommand } from './cli/mcp.ts';
import { registerSearchCommands } from './cli/search.ts';
import { registerServeCommand } from './cli/serve.ts';
import { registerWebhookCommands } from './cli/webhooks.ts';
import { ConfigError, loadConfig } from './config.ts';
import { copyInstance } from './db/copy.ts';
import { openDatabase } from './db/open.ts';
import { createMailer } from './digest/mailer.ts';
import { systemClock } from './shared/clock.ts';
import { AppError } from './shared/errors.ts';
import { createLogger } from './shared/log.ts';

async function openContext(): Promise<CliContext> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL, { node: config.NODE_NAME });
  const db = await openDatabase(config);
  return { config, db, log, clock: systemClock, mailer: createMailer(config, log) };
}

const program = new Command()
  .name('paperboy')
  .description('Self-hostable Daily Papers: a community-curated feed of new research papers')
  .showHelpAfterError();

registerServeCommand(program, openContext);
registerDemoCommands(program, openContext);
registerIngestCommands(program, openContext);
registerDigestCommands(program, openContext);
registerSearchCommands(program, openContext, () => loadConfig());
registerInboxCommands(program);
registerAdminCommands(program, openContext);
registerWebhookCommands(program, openContext);
registerJobsCommand(program, openContext);
registerBackupCommands(program, openContext, () => loadConfig());
registerMcpCommand(program, openContext);
registerCopyCommand(program, copyInstance);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else if (err instanceof AppError) {
    // Expected failures (bad input, an unreadable file, arXiv's error feed) need no stack.
    console.error(`error: ${err.message}`);
  } else {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  }
  process.exit(1);
});
