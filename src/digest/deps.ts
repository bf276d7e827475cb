import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/log.ts';
import { loadOrCreateSecret } from '../shared/secret.ts';
import type { Mailer } from './mailer.ts';

/** What the email use cases need; WebDeps and the CLI context both satisfy it. */
export interface DigestDeps {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  mailer: Mailer;
}

const secrets = new Map<string, string>();

/** The token-signing secret of this instance (read or created once per process). */
export function digestSecret(config: Pick<Config, 'PAPERBOY_DATA_DIR' | 'PAPERBOY_SECRET'>): string {
  const key = `${config.PAPERBOY_DATA_DIR}\n${config.PAPERBOY_SECRET ?? ''}`;
  let s = secrets.get(key);
  if (!s) {
    s = loadOrCreateSecret(config.PAPERBOY_DATA_DIR, config.PAPERBOY_SECRET);
    secrets.set(key, s);
  }
  return s;
}
