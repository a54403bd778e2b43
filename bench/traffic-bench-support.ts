/**
 * What the traffic benchmarks share: the minimal server every tool loads
 * (its own process, so it has a core of its own as on a two-core machine),
 * flags, medians. Loopback only; every loop is bounded by a duration.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface MinimalServer {
  url: string;
  child: ChildProcess;
  close(): Promise<void>;
}

const SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '11' }); res.end('hello world'); });
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

/** A plain node:http server answering "hello world", in a child process on a free loopback port. */
export async function startMinimalServer(): Promise<MinimalServer> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the minimal server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    child,
    close: () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')))),
  };
}

/** `--name value` flags with defaults; numbers stay numbers. */
export function flags<T extends Record<string, string | number>>(defaults: T): T {
  const result: Record<string, string | number> = { ...defaults };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.replace(/^--/, '');
    if (!(name in defaults)) throw new Error(`unknown flag --${name}; known: ${Object.keys(defaults).map((k) => `--${k}`).join(', ')}`);
    const value = argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    result[name] = typeof defaults[name] === 'number' ? Number(value) : value;
  }
  return result as T;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs a command to its end and returns its stdout; fails with its stderr. */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${err.slice(-500)}`))));
  });
}

export async function loadAverage(): Promise<string> {
  const os = await import('node:os');
  return os.loadavg().map((l) => l.toFixed(1)).join(' ');
}
