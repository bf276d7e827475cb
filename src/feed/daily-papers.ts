/**
 * Hugging Face's `/api/daily_papers` parameters, and the one list of the engine they name:
 * submitter → the user's submissions; organization (ours) → the papers attributed to it;
 * date / week / month → that feed period (sorted as `sort` asks); sort=trending → trending;
 * otherwise every featured paper (sort=publishedAt: newest featured first). The HTTP API and
 * the MCP server's `daily_papers` tool both read featured papers through here.
 */
import { z } from 'zod';
import { ValidationError } from '../shared/errors.ts';
import { limitParam, pageParam } from '../shared/params.ts';
import { isValidDate } from './dates.ts';
import { type ListSpec, parseListSpec } from './lists.ts';

export const dailyPapersParams = z.object({
  p: pageParam.describe('Page index, from 0.'),
  limit: limitParam(100, 50).describe('Page size, 1 to 100.'),
  date: z
    .string()
    .refine(isValidDate, 'date must be a calendar date written YYYY-MM-DD')
    .optional()
    .describe('A feed date, YYYY-MM-DD: that day, most upvoted first.'),
  week: z
    .string()
    .regex(/^\d{4}-W\d{2}$/, 'week must be an ISO week written YYYY-Www')
    .optional()
    .describe('An ISO week, YYYY-Www.'),
  month: z
    .string()
    .regex(/^\d{4}-\d{2}$/, 'month must be written YYYY-MM')
    .optional()
    .describe('A month, YYYY-MM.'),
  submitter: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('Only papers featured by this user handle (any case).'),
  organization: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('Ours: only papers attributed to this organisation (its handle, e.g. google).'),
  sort: z
    .enum(['publishedAt', 'trending'], { error: 'sort must be publishedAt or trending' })
    .optional()
    .describe('publishedAt: newest featured first; trending: the trending score (docs/COMMUNITY.md).'),
});

export type DailyPapersParams = z.output<typeof dailyPapersParams>;

/** The list (and page size) the parameters name; a combination HF does not allow is a ValidationError. */
export function dailyPapersList(q: DailyPapersParams): { spec: ListSpec; limit: number } {
  const periods = (['date', 'week', 'month'] as const).filter((k) => q[k] !== undefined);
  if (periods.length > 1) throw new ValidationError('Give at most one of date, week and month.');
  const period = periods[0];
  const sort = q.sort ? { sort: q.sort } : {};
  let spec: ListSpec;
  if (q.submitter !== undefined && q.organization !== undefined)
    throw new ValidationError('Give at most one of submitter and organization.');
  if (q.submitter !== undefined) {
    if (period || q.sort)
      throw new ValidationError('submitter cannot be combined with date, week, month or sort.');
    spec = parseListSpec('user', { handle: q.submitter }, q.p);
  } else if (q.organization !== undefined) {
    if (period || q.sort)
      throw new ValidationError('organization cannot be combined with date, week, month or sort.');
    spec = parseListSpec('organization', { org: q.organization }, q.p);
  } else if (period) {
    spec = parseListSpec(period === 'date' ? 'day' : period, { [period]: q[period], ...sort }, q.p);
  } else if (q.sort === 'trending') spec = parseListSpec('trending', {}, q.p);
  else spec = parseListSpec('latest', sort, q.p);
  return { spec, limit: q.limit };
}

/** `/api/daily_papers`'s query: the parameters, validated, turned into their list. */
export const dailyPapersQuery = dailyPapersParams.transform(dailyPapersList);
