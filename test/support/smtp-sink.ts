/**
 * A fast SMTP sink for volume tests and benchmarks: counts what it accepts per recipient
 * without parsing bodies. `hold` keeps a message unanswered (no 250) while it returns
 * true: for a crash test, a message the server never acknowledged was never delivered.
 */
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  url: string;
  /** Accepted messages per recipient address. */
  perRecipient: Map<string, number>;
  accepted(): number;
  /** Messages waiting for an answer because `hold` said so. */
  held(): number;
  /** Answers every held message with a temporary failure and stops holding. */
  release(): void;
  close(): Promise<void>;
}

export async function startSmtpSink(
  opts: { hold?: (acceptedSoFar: number) => boolean } = {},
): Promise<SmtpSink> {
  const perRecipient = new Map<string, number>();
  let accepted = 0;
  let holding = true;
  const held: ((err?: Error) => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, cb) {
      stream.on('data', () => {});
      stream.on('end', () => {
        if (holding && opts.hold?.(accepted)) {
          held.push(cb);
          return;
        }
        accepted++;
        for (const r of session.envelope.rcptTo)
          perRecipient.set(r.address, (perRecipient.get(r.address) ?? 0) + 1);
        cb();
      });
    },
  });
  // A client killed mid-conversation (the crash tests do that) resets its connections;
  // smtp-server reports that as an 'error' event, which must not crash the test process.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    perRecipient,
    accepted: () => accepted,
    held: () => held.length,
    release() {
      holding = false;
      for (const cb of held.splice(0)) {
        try {
          cb(Object.assign(new Error('451 try again later'), { responseCode: 451 }));
        } catch {
          // the client is gone
        }
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
