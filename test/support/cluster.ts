/**
 * A Paperboy cluster for tests and benchmarks: `paperboy serve --role …` processes on one
 * PostgreSQL database, behind a real HAProxy (Debian `haproxy`) started here. HAProxy
 * checks each web node's /readyz, balances round-robin, and sends a request carrying
 * `x-node: <name>` to that node (tests pin a request to a node that way).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { HAPROXY_PATH } from './env.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function until(what: string, ok: () => Promise<boolean>, timeoutMs: number, child?: ChildProcess) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`${what}: process exited with ${child.exitCode}`);
    if (await ok().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`${what}: not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Node {
  name: string;
  role: 'web' | 'worker';
  port: number;
  pid: number;
  /** Resolves with the exit code (null when killed by a signal) once the process ends. */
  exited: Promise<number | null>;
  signal(sig: NodeJS.Signals): void;
  /** Lines the process wrote to stderr and stdout (its JSON log). */
  output: string[];
}

/** Starts `paperboy serve --role <role>` and waits until its /readyz answers 200. */
export async function startNode(
  name: string,
  role: 'web' | 'worker',
  env: Record<string, string>,
): Promise<Node> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve', '--role', role], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', NODE_NAME: name },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const node: Node = {
    name,
    role,
    port,
    pid: child.pid!,
    exited,
    signal: (sig) => child.kill(sig),
    output,
  };
  try {
    await until(
      `node ${name}`,
      async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200,
      180_000,
      child,
    );
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n${output.join('')}`);
  }
  return node;
}

export interface Balancer {
  origin: string;
  /** Resolves once HAProxy sees `server` in the given state (UP or DOWN), by its stats socket. */
  serverState(server: string): Promise<string>;
  stop(): Promise<void>;
}

/** HAProxy in front of `servers` (web nodes), checking /readyz every 250 ms (down after 2 failures). */
export async function startHaproxy(servers: Node[]): Promise<Balancer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-haproxy-'));
  const port = await freePort();
  const socket = path.join(dir, 'stats.sock');
  const cfg = `global
  maxconn 2000
  stats socket ${socket} mode 600 level admin

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  # A busy node answers /readyz late; that is not "not ready".
  timeout check 10s
  option redispatch
  retries 3
  retry-on conn-failure empty-response

frontend www
  bind 127.0.0.1:${port}
  option forwardfor
  default_backend paperboy

backend paperboy
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 250ms fastinter 250ms downinter 250ms fall 2 rise 1
${servers.map((s) => `  use-server ${s.name} if { req.hdr(x-node) -m str ${s.name} }`).join('\n')}
${servers.map((s) => `  server ${s.name} 127.0.0.1:${s.port} check`).join('\n')}
`;
  fs.writeFileSync(path.join(dir, 'haproxy.cfg'), cfg);
  const child = spawn(HAPROXY_PATH, ['-db', '-f', path.join(dir, 'haproxy.cfg')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  const stat = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const c = net.connect(socket);
      let out = '';
      c.on('data', (d) => {
        out += d.toString();
      });
      c.on('end', () => resolve(out));
      c.on('error', reject);
      c.write('show stat\n');
    });
  const serverState = async (server: string) => {
    const line = (await stat()).split('\n').find((l) => l.startsWith(`paperboy,${server},`));
    return line?.split(',')[17] ?? 'unknown';
  };
  try {
    await until(
      'haproxy',
      async () => (await Promise.all(servers.map((s) => serverState(s.name)))).every((st) => st === 'UP'),
      30_000,
      child,
    );
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n${stderr}`);
  }
  return {
    origin,
    serverState,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
