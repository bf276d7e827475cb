import { type Logger, pino } from 'pino';
import { currentRequestId } from './context.ts';

export type { Logger };

/**
 * JSON lines on stdout. Each line names the node (`NODE_NAME`) and, when written on
 * behalf of a request or of a job a request queued, its `requestId`.
 */
export function createLogger(level: string, node?: string): Logger {
  return pino({
    level,
    base: node ? { node } : undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  });
}

/** A logger that drops everything, for tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
