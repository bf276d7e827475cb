/**
 * Input validation of every route: one zod schema per route (beside the route, also the
 * source of its OpenAPI description), and one rule for repeated parameters.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import { isArxivIdShaped, parseArxivId, tryParseArxivId } from '../../shared/ids.ts';

/** Validates input with a zod schema; a failure is a 400 naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => {
    if (i.code === 'unrecognized_keys') return `unknown parameter ${i.keys.map((k) => `"${k}"`).join(', ')}`;
    return i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message;
  });
  throw new ValidationError(problems.join('; '), { problems });
}

/**
 * The canonical arXiv id a paper route (`/papers/{id}`, `.md`, `/api/papers/{id}`) names.
 * An id-shaped string that cannot exist (`1234.56789`) is a paper not indexed here: 404,
 * as for any unknown id; only a string that cannot be an id is a 400.
 */
export function paperRouteId(input: string): string {
  const parsed = tryParseArxivId(input);
  if (parsed) return parsed.id;
  if (isArxivIdShaped(input))
    throw new NotFoundError(`Paper ${input.trim().slice(0, 40)} is not indexed here.`);
  return parseArxivId(input).id; // throws the 400 naming the expected forms
}

/** A page size parameter: whole number in 1..max, `dflt` when absent. */
export const limitParam = (max: number, dflt: number) =>
  z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(max, `limit must be at most ${max}`)
    .default(dflt);

/** A page index from 0 (HF's `p`). */
export const pageParam = z.coerce
  .number({ error: 'p must be a number' })
  .int('p must be a whole number')
  .min(0, 'p must be 0 or more')
  .max(100_000, 'p must be at most 100000')
  .default(0);

/**
 * No read route takes a parameter twice: `?q=a&q=b` is a 400 that says so, on every
 * route, before any handler sees an array where it expects text.
 */
export function rejectRepeatedParams(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    const q = req.query as Record<string, unknown> | undefined;
    if (!q || typeof q !== 'object') return;
    const repeated = Object.keys(q).filter((k) => Array.isArray(q[k]));
    if (repeated.length)
      throw new ValidationError(
        `${repeated.map((k) => `"${k}"`).join(', ')} ${repeated.length > 1 ? 'are' : 'is'} given more than once; give each parameter once.`,
      );
  });
}

/** Route params of a paper id: `:id`, or `:archive/:num` for an old-style id with its raw slash. */
export type IdParams = { id?: string; archive?: string; num?: string };

/** The arXiv id in a paper route's params (`hep-th/9901001` from `:archive/:num`). */
export function paramId(p: IdParams): string {
  return p.id ?? `${p.archive}/${p.num}`;
}
