/**
 * The MCP server: every tool of read-tools.ts and write-tools.ts on one `McpServer` of the
 * official SDK. The HTTP route (`POST /mcp`, web/routes/mcp.ts) builds one per request with
 * the member its bearer token names; `paperboy mcp` builds one for its stdio session.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { SessionUser } from '../community/types.ts';
import { publicError, UnauthorizedError } from '../shared/errors.ts';
import { READ_TOOLS } from './read-tools.ts';
import type { McpDeps, Tool, ToolContext } from './tool.ts';
import { WRITE_TOOLS } from './write-tools.ts';

export type { McpDeps };

export const MCP_TOOLS: Tool[] = [...READ_TOOLS, ...WRITE_TOOLS];

export const NO_TOKEN_MESSAGE =
  'This tool acts as a member: it needs a personal API token (create one under Settings → API tokens). ' +
  'Over HTTP send it as "Authorization: Bearer pb_…"; for `paperboy mcp` set PAPERBOY_TOKEN or pass --token.';

const INSTRUCTIONS =
  'Research papers of this Paperboy instance (arXiv first): search them, read the featured ' +
  "papers of a day, week or month or what is trending, read one paper's page and its discussion, " +
  'find similar papers. With a personal API token: upvote, comment, save papers to your library and list it.';

/**
 * A server whose write tools act as `viewer()` (asked on each call, so a revoked token stops
 * working at once); null: no token, and write tools answer with a tool error saying how to get one.
 */
export function createMcpServer(deps: McpDeps, viewer: () => Promise<SessionUser | null>): McpServer {
  const server = new McpServer(
    { name: deps.config.SITE_NAME, version: '1.0.0' },
    { instructions: INSTRUCTIONS, capabilities: { tools: {} } },
  );
  const ctx: ToolContext = {
    deps,
    async member() {
      const user = await viewer();
      if (!user) throw new UnauthorizedError(NO_TOKEN_MESSAGE);
      return user;
    },
  };
  for (const t of MCP_TOOLS) {
    server.registerTool(
      t.name,
      {
        title: t.title,
        description: t.description,
        inputSchema: t.input,
        annotations: { readOnlyHint: t.readOnly, destructiveHint: false, openWorldHint: false },
      },
      async (args: unknown) => {
        try {
          const out = await t.run(ctx, args as never);
          const text = typeof out === 'string' ? out : JSON.stringify(out, null, 2);
          return { content: [{ type: 'text' as const, text }] };
        } catch (err) {
          // The same message the HTTP API would answer; nothing internal leaks.
          const e = publicError(err);
          if (e.status >= 500) deps.log.error({ err, tool: t.name }, 'MCP tool failed');
          return { content: [{ type: 'text' as const, text: e.message }], isError: true };
        }
      },
    );
  }
  return server;
}
