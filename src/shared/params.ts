/**
 * Parameters every interface takes the same way (the HTTP API, feeds, the MCP server):
 * page sizes, page indexes and the arXiv id a paper request names.
 */
import { z } from 'zod';
import { NotFoundError } from './errors.ts';
import { isArxivIdShaped, parseArxivId, tryParseArxivId } from './ids.ts';

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
 * The canonical arXiv id a paper request (`/papers/{id}`, `.md`, `/api/papers/{id}`, an MCP
 * tool) names. An id-shaped string that cannot exist (`1234.56789`) is a paper not indexed
 * here: 404, as for any unknown id; only a string that cannot be an id is a 400.
 */
export function paperRouteId(input: string): string {
  const parsed = tryParseArxivId(input);
  if (parsed) return parsed.id;
  if (isArxivIdShaped(input))
    throw new NotFoundError(`Paper ${input.trim().slice(0, 40)} is not indexed here.`);
  return parseArxivId(input).id; // throws the 400 naming the expected forms
}
