/** `paperboy mcp [--token pb_…]`: the MCP server on stdio (src/mcp/stdio.ts). */
import { type Command, Option } from 'commander';
import type { OpenContext } from './context.ts';

export function registerMcpCommand(program: Command, open: OpenContext) {
  program
    .command('mcp')
    .description(
      'serve the MCP tools (search, daily papers, read, similar, comments; with a token: upvote, comment, library) on stdin/stdout, for desktop assistants',
    )
    .addOption(
      new Option('--token <pb_…>', 'a personal API token: write tools act as its member').env(
        'PAPERBOY_TOKEN',
      ),
    )
    .action(async (opts: { token?: string }) => {
      // Imported here, so `paperboy --help` loads none of the MCP SDK (nor the logger).
      const [{ serveStdio }, { startSemanticSearch }, { createLogger }] = await Promise.all([
        import('../mcp/stdio.ts'),
        import('../search/semantic.ts'),
        import('../shared/log.ts'),
      ]);
      const ctx = await open();
      // Standard output is the protocol channel: everything else goes to stderr.
      const log = createLogger(ctx.config.LOG_LEVEL, { node: ctx.config.NODE_NAME, fd: 2 });
      const deps = { ...ctx, log };
      try {
        await serveStdio({ ...deps, semantic: await startSemanticSearch(deps) }, opts.token || undefined);
      } finally {
        await ctx.mailer.close();
        await ctx.db.close();
      }
    });
}
