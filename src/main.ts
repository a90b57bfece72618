#!/usr/bin/env node
// The CLI: the only file that listens or exits.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createApp } from './http/app.js';
import { parseCliOptions, USAGE, UsageError, type CliOptions } from './cli-options.js';
import { buildSeedDocument, parseSeed, SeedError, type Seed } from './domain/seed.js';
import { openFileStore, openMemoryStore, StoreLoadError, type Store } from './store/store.js';
import { randomIds, systemClock } from './system.js';

const DEFAULT_SEED = fileURLToPath(new URL('../data/seed.json', import.meta.url));

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

async function openStore(options: CliOptions, seed: Seed): Promise<{ store: Store; origin: string }> {
  const deps = { clock: systemClock, ids: randomIds };
  if (options.inMemory) {
    return { store: openMemoryStore(buildSeedDocument(deps, seed)).store, origin: 'in memory (nothing is written)' };
  }
  const { store, fresh } = await openFileStore(options.data);
  if (!fresh) return { store, origin: `${options.data}` };
  await store.replace(buildSeedDocument(deps, seed));
  return { store, origin: `${options.data} (created from ${options.seed})` };
}

function credentialsLines(store: Store, seed: Seed): string[] {
  return seed.oauthClients
    .map((c) => (c.clientId ? store.get('oauthClients', c.clientId) : undefined))
    .filter((c) => c !== undefined)
    .map((c) => `  client ${c.id} / secret ${c.secret}   scopes: ${c.scopes.join(' ')}`);
}

async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2), process.env, DEFAULT_SEED);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const seed = await loadSeed(options.seed);
  const { store, origin } = await openStore(options, seed);
  const app = createApp({ store, clock: systemClock, config: { tokenTtlSeconds: options.tokenTtlSeconds, seed } });

  const server = app.listen(options.port, options.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (e: NodeJS.ErrnoException) => reject(new Error(`cannot listen on ${options.host}:${options.port} (${e.code ?? e.message})`)));
  });
  // A slow or idle client must not hold a connection for ever.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;

  const port = (server.address() as AddressInfo).port;
  console.log(`genesys-cloud-mock: data ${origin}`);
  console.log('demo credentials (POST /oauth/token, grant_type=client_credentials):');
  for (const line of credentialsLines(store, seed)) console.log(line);
  console.log(`listening on http://${options.host}:${port}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  if (e instanceof UsageError) {
    console.error(`error: ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  const known = e instanceof StoreLoadError || e instanceof SeedError || (e instanceof Error && e.message.startsWith('cannot listen'));
  console.error(`error: ${known ? (e as Error).message : ((e as Error)?.stack ?? String(e))}`);
  process.exit(1);
});
