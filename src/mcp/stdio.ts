/**
 * `paperboy mcp`: the MCP server over standard input and output, for desktop assistants that
 * start it as a child process. Standard output carries only the protocol; logs go to stderr.
 * Write tools act as the member of the personal API token given (PAPERBOY_TOKEN or --token),
 * checked at start and again on every call, so revoking it takes effect at once.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { authenticateToken } from '../community/tokens.ts';
import type { SessionUser } from '../community/types.ts';
import { UnauthorizedError } from '../shared/errors.ts';
import { createMcpServer, type McpDeps } from './server.ts';

const BAD_TOKEN = 'Invalid or revoked API token (create one under Settings → API tokens).';

/** Serves until stdin closes; resolves then. A token that does not authenticate is refused before serving. */
export async function serveStdio(deps: McpDeps, token: string | undefined): Promise<void> {
  const viewer = async (): Promise<SessionUser | null> => {
    if (!token) return null;
    const owner = await authenticateToken(deps, token);
    if (!owner) throw new UnauthorizedError(BAD_TOKEN);
    return owner.user;
  };
  const member = await viewer();
  const server = createMcpServer(deps, viewer);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    process.stdin.once('end', resolve);
  });
  await server.connect(transport);
  deps.log.info({ member: member?.handle ?? null }, 'MCP server on stdio');
  await closed;
  await server.close();
}
