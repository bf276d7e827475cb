import type { z } from 'zod';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import { isArxivIdShaped, parseArxivId, tryParseArxivId } from '../../shared/ids.ts';

/** Validates input with a zod schema; a failure is a 400 naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) =>
    i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message,
  );
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
