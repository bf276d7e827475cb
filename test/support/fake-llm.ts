/**
 * A local OpenAI-compatible chat-completions server for tests: each request is answered
 * by the test's `respond` function (a status, headers and body, or `hang` to never answer),
 * and recorded with the paper title it asked about.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  /** A JSON value, or a string sent as is. */
  body?: unknown;
  /** Answer after this many ms. */
  delayMs?: number;
}

export interface FakeRequest {
  /** 1-based order of arrival. */
  n: number;
  title: string;
  /** The user message (the fenced paper). */
  prompt: string;
  body: { model: string; messages: { role: string; content: string }[]; response_format?: unknown };
  authorization?: string;
}

export type Respond = (req: FakeRequest) => FakeReply | 'hang' | Promise<FakeReply | 'hang'>;

export interface FakeLlm {
  url: string;
  requests: FakeRequest[];
  /** Titles of requests that got a 200 answer, in order. */
  answered: string[];
  /** Most requests in flight at once. */
  maxInFlight: number;
  respond: Respond;
  close(): Promise<void>;
}

/** A well-formed completion whose message is `content` (a JSON value is stringified). */
export function completion(content: unknown, tokens?: number): FakeReply {
  return {
    body: {
      id: 'chatcmpl-test',
      object: 'chat.completion',
      model: 'served-model-name',
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          message: {
            role: 'assistant',
            content: typeof content === 'string' ? content : JSON.stringify(content),
          },
        },
      ],
      ...(tokens !== undefined
        ? { usage: { prompt_tokens: tokens - 20, completion_tokens: 20, total_tokens: tokens } }
        : {}),
    },
  };
}

/** The answer a well-behaved model gives for a title. */
export function goodSummary(title: string, tokens = 100): FakeReply {
  return completion(
    { summary: `Summary of ${title}. It works.`, keywords: ['testing', title.slice(0, 20)] },
    tokens,
  );
}

export async function startFakeLlm(respond: Respond = (r) => goodSummary(r.title)): Promise<FakeLlm> {
  const hung: http.ServerResponse[] = [];
  let inFlight = 0;
  const fake: FakeLlm = {
    url: '',
    requests: [],
    answered: [],
    maxInFlight: 0,
    respond,
    close: async () => {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => {
      raw += d;
    });
    req.on('end', async () => {
      inFlight++;
      fake.maxInFlight = Math.max(fake.maxInFlight, inFlight);
      const body = JSON.parse(raw) as FakeRequest['body'];
      const prompt = body.messages.find((m) => m.role === 'user')?.content ?? '';
      const r: FakeRequest = {
        n: fake.requests.length + 1,
        title: /Title: (.*)\n/.exec(prompt)?.[1] ?? '',
        prompt,
        body,
        authorization: req.headers.authorization,
      };
      fake.requests.push(r);
      const reply = await fake.respond(r);
      if (reply === 'hang') {
        hung.push(res);
        res.on('close', () => inFlight--);
        return;
      }
      if (reply.delayMs) await new Promise((w) => setTimeout(w, reply.delayMs));
      inFlight--;
      const status = reply.status ?? 200;
      if (status === 200) fake.answered.push(r.title);
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
      res.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
      res.end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
