import { type Logger, pino } from 'pino';

export type { Logger };

/** Logs to standard output, or to standard error (`fd` 2) where standard output carries a protocol. */
export function createLogger(level: string, fd: 1 | 2 = 1): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(fd));
}

/** A logger that drops everything, for tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
