import { type Logger, pino } from 'pino';
import { currentRequestId } from './context.ts';

export type { Logger };

/**
 * JSON lines on standard output, or on standard error (`fd: 2`) where standard output
 * carries a protocol. Each line names the node (`NODE_NAME`) and, when written on behalf
 * of a request or of a job a request queued, its `requestId`.
 */
export function createLogger(level: string, opts: { node?: string; fd?: 1 | 2 } = {}): Logger {
  return pino(
    {
      level,
      base: opts.node ? { node: opts.node } : undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    pino.destination(opts.fd ?? 1),
  );
}

/** A logger that drops everything, for tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
