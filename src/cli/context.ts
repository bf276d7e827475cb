import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Mailer } from '../digest/mailer.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/log.ts';

/** What every command needs; opened lazily so `--help` touches nothing. */
export interface CliContext {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  mailer: Mailer;
}

export type OpenContext = () => Promise<CliContext>;

/** Prints a one-line summary of counts, e.g. "papers: 12 new, 3 updated, 0 unchanged, 1 rejected". */
export function formatCounts(
  label: string,
  c: { new: number; updated: number; unchanged: number; rejected: number },
) {
  return `${label}: ${c.new} new, ${c.updated} updated, ${c.unchanged} unchanged, ${c.rejected} rejected`;
}
