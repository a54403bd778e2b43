import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The local server behind `tollgate show-report` and `tollgate show-trace`
 * (issue 16, item 4): a folder's files (the run directory, with its
 * report.html and attachments) and, under /trace/, Playwright's trace
 * viewer, the web app playwright-core ships. Playwright's own `show-report`
 * serves its report the same way, so a trace opens in the viewer with one
 * click and nothing is fetched from the network.
 *
 * It listens on loopback unless told otherwise, answers GET and HEAD only,
 * and serves no file outside the folder it was given.
 */

export interface ReportServerOptions {
  /** The folder whose files are served (and the only one). */
  root: string;
  /** Where `/` leads: a path on the server ('/report.html'), or one built from the server's origin (a trace's URL). */
  index: string | ((origin: string) => string);
  host?: string;
  port?: number;
}

export interface ReportServer {
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp',
  '.ttf': 'font/ttf', '.woff': 'font/woff', '.woff2': 'font/woff2', '.zip': 'application/zip', '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8', '.log': 'text/plain; charset=utf-8', '.xml': 'application/xml', '.ndjson': 'application/x-ndjson',
};

/** playwright-core's built trace viewer (lib/vite/traceViewer), found through its package.json so it is the installed copy. */
export function traceViewerDir(): string {
  const pkg = createRequire(import.meta.url).resolve('playwright-core/package.json');
  return path.join(path.dirname(pkg), 'lib', 'vite', 'traceViewer');
}

/** `/trace/index.html?trace=...` for a trace file under the served folder. */
export function traceViewerPath(traceHref: string, origin: string): string {
  return `/trace/index.html?trace=${encodeURIComponent(new URL(traceHref, `${origin}/`).href)}`;
}

/** The file under `root` a URL path names, or undefined when it climbs out (`..`, encoded or not, or a symlink). */
function fileUnder(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  try {
    const real = fs.realpathSync(file);
    const realRoot = fs.realpathSync(root);
    return real === realRoot || real.startsWith(realRoot + path.sep) ? real : undefined;
  } catch {
    return undefined;
  }
}

function send(res: http.ServerResponse, req: http.IncomingMessage, file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  if (!stat.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': stat.size,
    'cache-control': 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else fs.createReadStream(file).pipe(res);
}

export async function startReportServer(options: ReportServerOptions): Promise<ReportServer> {
  const viewer = traceViewerDir();
  if (!fs.existsSync(path.join(viewer, 'index.html'))) {
    throw new Error(`playwright-core's trace viewer is not at ${viewer}: reinstall tollgate's dependencies (npm install)`);
  }
  let origin = '';
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      res.writeHead(302, { location: typeof options.index === 'string' ? options.index : options.index(origin) }).end();
      return;
    }
    const file = url.pathname.startsWith('/trace/') ? fileUnder(viewer, url.pathname.slice('/trace/'.length)) : fileUnder(options.root, url.pathname.slice(1));
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    send(res, req, file);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9323, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  origin = `http://${shownHost}:${port}`;
  return {
    url: origin,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
