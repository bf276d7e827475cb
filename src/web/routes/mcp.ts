/**
 * `POST /mcp`: the MCP server (src/mcp/) over Streamable HTTP, stateless: each request gets
 * its own server and transport, with the member of its `Authorization: Bearer pb_…` token.
 * Registered inside the interfaces plugin, so the token is resolved and the API's per-IP /
 * per-token rate limit counts every MCP request. Only the token acts as a member: a session
 * cookie is ignored here, so a cross-site page cannot call tools as a signed-in reader
 * (which is also why this POST needs no CSRF check).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebDeps } from '../deps.ts';
import type { RouteDoc } from '../openapi.ts';
import { RESPONSES } from '../openapi.ts';

export const MCP_DOCS: RouteDoc[] = [
  {
    method: 'post',
    path: '/mcp',
    tag: 'MCP',
    summary: 'Model Context Protocol server (Streamable HTTP, stateless); write tools need an API token',
    description:
      'JSON-RPC 2.0 messages of MCP (initialize, tools/list, tools/call). Send Accept: application/json, ' +
      'text/event-stream. Tools: search_papers, daily_papers, get_paper, read_paper, similar_papers, get_comments; ' +
      'with Authorization: Bearer pb_…: upvote, comment, save_to_library, list_library. See docs/API.md.',
    responses: RESPONSES.json,
  },
];

/**
 * The SDK and the tools, loaded on the first MCP request: they take seconds to import on a
 * busy machine, which every start (and `paperboy --help`) would otherwise pay.
 */
let loaded: ReturnType<typeof importMcp> | null = null;
function importMcp() {
  return Promise.all([
    import('../../mcp/server.ts'),
    import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'),
  ]);
}

export function mcpRoutes(deps: WebDeps) {
  async function handle(req: FastifyRequest, reply: FastifyReply) {
    loaded ??= importMcp();
    const [{ createMcpServer }, { WebStandardStreamableHTTPServerTransport }] = await loaded;
    const viewer = req.apiTokenId !== undefined ? req.user : null;
    const server = createMcpServer(deps, async () => viewer);
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    try {
      await server.connect(transport);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const res = await transport.handleRequest(
        new Request(`${deps.config.BASE_URL}/mcp`, { method: 'POST', headers }),
        { parsedBody: req.body },
      );
      reply.code(res.status).header('cache-control', 'no-store');
      res.headers.forEach((value, key) => {
        reply.header(key, value);
      });
      return reply.send(await res.text());
    } finally {
      await server.close();
    }
  }

  return async function plugin(app: FastifyInstance) {
    app.post('/mcp', { config: { csrf: false } }, handle);
    // Stateless: no server-sent event stream to open, no session to end.
    app.route({
      method: ['GET', 'DELETE'],
      url: '/mcp',
      handler: (_req, reply) =>
        reply.code(405).header('allow', 'POST').send({
          error: 'This MCP server is stateless: send JSON-RPC messages with POST.',
          code: 'method_not_allowed',
        }),
    });
  };
}
