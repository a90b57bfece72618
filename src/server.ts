// startMockServer: the emulator in this process, for embedding in a test run, and what the CLI
// starts. The one module that listens.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdminClient, type StubSpec } from './admin-client.js';
import type { StubInput } from './domain/admin/stubs.js';
import { adminTokenProblem } from './cli-options.js';
import { buildSeedDocument, parseSeed, SeedError, type Seed } from './domain/seed.js';
import { DEMO_SEED } from './package-files.js';
import { createApp } from './http/app.js';
import { answerClientErrors } from './http/client-errors.js';
import { serverMessages } from './http/server-messages.js';
import { serveUpgrades } from './http/upgrades.js';
import { openFileStore, openMemoryStore, type Store } from './store/store.js';
import { randomIds, systemClock } from './system.js';

export interface MockServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** A JSON data file; without it (or with inMemory) nothing is written. */
  data?: string;
  inMemory?: boolean;
  /** A seed file; the demo seed by default. */
  seed?: string;
  tokenTtlSeconds?: number;
  journalSize?: number;
  /** Bytes the journal may hold (64 MB by default); bodies over 16 KB are kept cut short. */
  journalBytes?: number;
  rateLimits?: boolean;
  adminToken?: string;
  /** Seconds between notification socket heartbeats (default 30); fractions allowed. */
  heartbeatSeconds?: number;
  /** Seconds on the clock an analytics details job stays QUEUED before it is FULFILLED (default 0). */
  analyticsJobSeconds?: number;
  /**
   * Stubs in place from the start and kept across resets: a YAML or JSON file of one stub or a
   * list, a folder of such files, or the stubs themselves (docs/stubs.md). A bad one stops the
   * start, naming FILE:LINE.
   */
  stubs?: string | StubSpec[];
  /** How long a client may take: its headers (10 s), its whole request (30 s), idle keep-alive (5 s). */
  timeouts?: { headersMs?: number; requestMs?: number; keepAliveMs?: number };
}

export interface MockServer {
  url: string;
  port: number;
  /** A typed client of this server's /__admin API. */
  admin: AdminClient;
  close(): Promise<void>;
}

async function loadSeed(file: string): Promise<Seed> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new SeedError(`seed file ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return parseSeed(JSON.parse(text));
  } catch (e) {
    const problem = e instanceof SyntaxError ? `is not valid JSON (${e.message})` : (e as Error).message;
    throw new SeedError(`seed file ${file}: ${problem}`);
  }
}

/** Read only when stubs are given: their parser loads yaml and ajv. */
async function loadStubs(stubs: string | StubSpec[]): Promise<StubInput[]> {
  const { loadStubFiles, parseStubFile } = await import('./stub-files.js');
  return typeof stubs === 'string' ? loadStubFiles(stubs) : parseStubFile(JSON.stringify(stubs, null, 2), 'startMockServer({stubs})');
}

async function openStore(data: string | undefined, seed: Seed, seedFile: string): Promise<{ store: Store; origin: string }> {
  const deps = { clock: systemClock, ids: randomIds };
  if (data === undefined) return { store: openMemoryStore(buildSeedDocument(deps, seed)).store, origin: 'in memory (nothing is written)' };
  const { store, fresh, migratedFrom } = await openFileStore(data, { warn: (message) => console.error(`warning: ${message}`) });
  if (migratedFrom !== undefined)
    return { store, origin: `${data} (migrated from shape version ${migratedFrom}; the old file is ${data}.v${migratedFrom}.bak)` };
  if (!fresh) return { store, origin: data };
  await store.replace(buildSeedDocument(deps, seed));
  return { store, origin: `${data} (created from ${seedFile})` };
}

export interface Started extends MockServer {
  server: Server;
  store: Store;
  seed: Seed;
  origin: string;
}

/** Listens, opens the data, serves: what the CLI and startMockServer share. */
export async function start(options: MockServerOptions): Promise<Started> {
  const tokenProblem = options.adminToken === undefined ? undefined : adminTokenProblem(options.adminToken);
  if (tokenProblem) throw new TypeError(tokenProblem);
  const host = options.host ?? '127.0.0.1';
  const seedFile = options.seed ?? DEMO_SEED;
  const seed = await loadSeed(seedFile);
  const stubs = options.stubs === undefined ? undefined : await loadStubs(options.stubs);
  // A slow or idle client must not hold a connection for ever; Node checks at most every second here.
  const headersTimeout = options.timeouts?.headersMs ?? 10_000;
  const messages = serverMessages();
  const server = createServer({
    ...messages?.classes,
    headersTimeout,
    requestTimeout: Math.max(options.timeouts?.requestMs ?? 30_000, headersTimeout),
    keepAliveTimeout: options.timeouts?.keepAliveMs ?? 5_000,
    connectionsCheckingInterval: Math.min(1_000, headersTimeout),
  }).listen(options.port ?? 0, host);
  // The port is bound before the data file is opened: a start that cannot listen (the port is
  // taken, by a server already running on the same file, say) must leave that file untouched.
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (e: NodeJS.ErrnoException) => reject(new Error(`cannot listen on ${host}:${options.port ?? 0} (${e.code ?? e.message})`)));
  });
  const opening = openStore(options.inMemory ? undefined : options.data, seed, seedFile).then(({ store, origin }) => ({
    store,
    origin,
    ...createApp({
      store,
      clock: systemClock,
      config: {
        tokenTtlSeconds: options.tokenTtlSeconds ?? 86399,
        seed,
        journalSize: options.journalSize,
        journalBytes: options.journalBytes,
        rateLimits: options.rateLimits,
        adminToken: options.adminToken,
        heartbeatSeconds: options.heartbeatSeconds,
        analyticsJobSeconds: options.analyticsJobSeconds,
        stubs,
      },
    }),
  }));
  answerClientErrors(server, randomIds);
  // A request that comes while the data file opens (a client polling a fixed port) waits for it.
  const early = (req: IncomingMessage, res: ServerResponse) =>
    void opening.then(
      ({ app }) => app(req, res),
      () => res.destroy(),
    );
  server.on('request', early);
  let opened: Awaited<typeof opening>;
  try {
    opened = await opening;
  } catch (e) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    throw e;
  }
  const { store, origin, app, sockets } = opened;
  messages?.adopt(app);
  server.off('request', early).on('request', app);
  serveUpgrades(server, sockets, randomIds);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const local = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    admin: new AdminClient(local, options.adminToken ?? ''),
    server,
    store,
    seed,
    origin,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => store.close())),
  };
}

/** Starts the emulator in this process: in memory on a free loopback port unless told otherwise. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { url, port, admin, close } = await start({ inMemory: options.data === undefined, ...options });
  return { url, port, admin, close };
}
