/**
 * What an MCP tool is here: a name, a description and a zod input schema a model reads
 * (the SDK publishes it as JSON Schema and validates arguments against it), and `run`,
 * a thin adapter that calls the same use case as the HTTP route and returns plain data.
 */
import type { z } from 'zod';
import type { SessionUser } from '../community/types.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { SemanticRetriever } from '../search/search.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/log.ts';

/** The application's dependencies, as `paperboy serve` and `paperboy mcp` wire them. */
export interface McpDeps {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  semantic?: SemanticRetriever | null;
}

export interface ToolContext {
  deps: McpDeps;
  /** The member the personal API token belongs to; write tools refuse without one. */
  member(): Promise<SessionUser>;
}

export interface Tool<S extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: S;
  /** Changes nothing (a hint to clients). */
  readOnly: boolean;
  /** Plain data (sent as JSON text) or text (sent as is). */
  run(ctx: ToolContext, args: z.output<S>): Promise<unknown>;
}

/** Keeps each tool's argument type tied to its own schema. */
export function tool<S extends z.ZodObject>(t: Tool<S>): Tool {
  return t as unknown as Tool;
}
