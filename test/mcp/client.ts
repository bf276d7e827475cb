/** An MCP client of the official SDK, and what the tests read from a tool's answer. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

export interface ToolAnswer {
  isError: boolean;
  text: string;
  /** The text read as JSON (undefined when it is not JSON). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON a tool answered
  json: any;
}

export async function connectClient(transport: Transport): Promise<Client> {
  const client = new Client({ name: 'paperboy-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

export function httpTransport(url: string, token?: string): StreamableHTTPClientTransport {
  return new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
    requestInit: token ? { headers: { authorization: `Bearer ${token}` } } : {},
  });
}

export async function call(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<ToolAnswer> {
  const r = await client.callTool({ name, arguments: args });
  const content = r.content as { type: string; text: string }[];
  if (content.length !== 1 || content[0]!.type !== 'text')
    throw new Error(`expected one text item: ${JSON.stringify(r)}`);
  const text = content[0]!.text;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { isError: r.isError === true, text, json };
}
