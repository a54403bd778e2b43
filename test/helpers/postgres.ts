import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  /** A fresh, empty database of its own. */
  url: string;
  /** How it was provided, for test names and messages. */
  source: string;
  drop(): Promise<void>;
}

const HOW_TO =
  'The archive tests need PostgreSQL and must not skip without it. Either export ' +
  'TOLLGATE_TEST_POSTGRES=postgres://USER:PASSWORD@127.0.0.1:5432/postgres (a role that may CREATE DATABASE; .ci/run does this ' +
  'with Debian\'s cluster: pg_ctlcluster 15 main start), or install PostgreSQL\'s server binaries (apt-get install postgresql) ' +
  'so that a throwaway cluster can be started with initdb.';

/**
 * A real PostgreSQL database for one test file: a new database on the
 * server TOLLGATE_TEST_POSTGRES names, or else a throwaway cluster made with
 * initdb in a temporary folder (PLATFORM-NOTES.md). Throws, with how to
 * provide one, when neither is possible: a missing database fails the
 * tests, it never skips them.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = process.env.TOLLGATE_TEST_POSTGRES;
  if (admin) return freshDatabase(admin, 'TOLLGATE_TEST_POSTGRES', async () => {});
  const cluster = await startThrowawayCluster();
  return freshDatabase(cluster.url, 'a throwaway initdb cluster', cluster.stop);
}

async function freshDatabase(adminUrl: string, source: string, after: () => Promise<void>): Promise<TestDatabase> {
  const name = `tollgate_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    await after();
    throw new Error(`PostgreSQL from ${source} did not work: ${(error as Error).message}. ${HOW_TO}`);
  } finally {
    await client.end().catch(() => {});
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    source,
    async drop() {
      const admin = new pg.Client({ connectionString: adminUrl });
      try {
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end().catch(() => {});
        await after();
      }
    },
  };
}

function findBinary(name: string): string | undefined {
  const versions = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const file = path.join('/usr/lib/postgresql', version, 'bin', name);
    if (fs.existsSync(file)) return file;
  }
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  return found || undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startThrowawayCluster(): Promise<{ url: string; stop(): Promise<void> }> {
  const initdb = findBinary('initdb');
  const pgCtl = findBinary('pg_ctl');
  if (!initdb || !pgCtl) throw new Error(`TOLLGATE_TEST_POSTGRES is not set and initdb was not found. ${HOW_TO}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-pg-'));
  const port = await freePort();
  // initdb refuses to run as root: as root, the cluster belongs to the postgres user.
  const asRoot = process.getuid?.() === 0;
  const run = (file: string, args: string[]) => {
    if (!asRoot) return execFileSync(file, args, { stdio: 'pipe' });
    const quoted = [file, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    return execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { stdio: 'pipe' });
  };
  try {
    if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
    const data = path.join(dir, 'data');
    run(initdb, ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    run(pgCtl, ['-D', data, '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`, '-l', path.join(dir, 'log'), '-w', 'start']);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        try {
          run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a throwaway PostgreSQL cluster: ${stderr || (error as Error).message}. ${HOW_TO}`);
  }
}
