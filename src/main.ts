/**
 * Entry point: `paperboy <command>`. The only module that knows every other one: it
 * reads the configuration, opens the database and hands both to the commands.
 *
 * Start-up stays fast because nothing heavy is imported here or at the top of a command
 * module: each command imports what it runs inside its action, and the configuration,
 * database and mailer are loaded only when a command opens its context. `--help` loads
 * commander and the command definitions alone.
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
import { registerSummarizeCommand } from './cli/summarize.ts';
import { registerWebhookCommands } from './cli/webhooks.ts';
import type { Config } from './config.ts';
import { AppError } from './shared/errors.ts';

async function openContext(): Promise<CliContext> {
  const [{ loadConfig }, { openDatabase }, { createMailer }, { systemClock }, { createLogger }] =
    await Promise.all([
      import('./config.ts'),
      import('./db/open.ts'),
      import('./digest/mailer.ts'),
      import('./shared/clock.ts'),
      import('./shared/log.ts'),
    ]);
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL, { node: config.NODE_NAME });
  const db = await openDatabase(config);
  return { config, db, log, clock: systemClock, mailer: createMailer(config, log) };
}

/** The configuration alone, for commands that open no database. */
async function readConfig(): Promise<Config> {
  return (await import('./config.ts')).loadConfig();
}

const program = new Command()
  .name('paperboy')
  .description('Self-hostable Daily Papers: a community-curated feed of new research papers')
  .showHelpAfterError();

registerServeCommand(program, openContext);
registerDemoCommands(program, openContext);
registerIngestCommands(program, openContext);
registerDigestCommands(program, openContext);
registerSearchCommands(program, openContext, readConfig);
registerInboxCommands(program);
registerAdminCommands(program, openContext);
registerWebhookCommands(program, openContext);
registerJobsCommand(program, openContext);
registerBackupCommands(program, openContext, readConfig);
registerMcpCommand(program, openContext);
registerCopyCommand(program, async (opts) => (await import('./db/copy.ts')).copyInstance(opts));
registerSummarizeCommand(program, openContext);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof Error && err.name === 'ConfigError') {
    // A bad configuration: its message lists every problem; a stack would hide it.
    console.error(err.message);
  } else if (err instanceof AppError) {
    // Expected failures (bad input, an unreadable file, arXiv's error feed) need no stack.
    console.error(`error: ${err.message}`);
  } else {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  }
  process.exit(1);
});
