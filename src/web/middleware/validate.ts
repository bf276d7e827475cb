/**
 * Input validation of every route: one zod schema per route (beside the route, also the
 * source of its OpenAPI description), and one rule for repeated parameters.
 */
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { ValidationError } from '../../shared/errors.ts';

export { limitParam, pageParam, paperRouteId } from '../../shared/params.ts';

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
 * No read route takes a parameter twice: `?q=a&q=b` is a 400 that says so, on every
 * route, before any handler sees an array where it expects text.
 */
export function rejectRepeatedParams(app: FastifyInstance) {
  app.addHook('preValidation', (req, _reply, done) => {
    const q = req.query as Record<string, unknown> | undefined;
    const repeated = q && typeof q === 'object' ? Object.keys(q).filter((k) => Array.isArray(q[k])) : [];
    if (!repeated.length) return done();
    done(
      new ValidationError(
        `${repeated.map((k) => `"${k}"`).join(', ')} ${repeated.length > 1 ? 'are' : 'is'} given more than once; give each parameter once.`,
      ),
    );
  });
}

/** Route params of a paper id: `:id`, or `:archive/:num` for an old-style id with its raw slash. */
export type IdParams = { id?: string; archive?: string; num?: string };

/** The arXiv id in a paper route's params (`hep-th/9901001` from `:archive/:num`). */
export function paramId(p: IdParams): string {
  return p.id ?? `${p.archive}/${p.num}`;
}
