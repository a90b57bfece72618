#!/usr/bin/env node
// The command line (`genesys-cloud-mock`, the package's bin): parses it, starts the server
// (src/server.ts) or a scenario command, and is the only module that exits.
import { parseCliOptions, USAGE, UsageError } from './cli-options.js';
import { SeedError } from './domain/seed.js';
import { DEMO_SEED } from './package-files.js';
import { start } from './server.js';
import { StoreLoadError } from './store/store.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/;

/** `genesys-cloud-mock scenario …`: an in-memory server is started here when it needs one. */
async function scenarioCli(argv: string[]): Promise<never> {
  const interrupted = new AbortController();
  process.on('SIGINT', () => interrupted.abort());
  process.on('SIGTERM', () => interrupted.abort());
  // Loaded only here: serving needs none of it, and it compiles JSON Schemas as it loads.
  const { scenarioCommand } = await import('./scenarios/cli.js');
  const code = await scenarioCommand(argv, {
    out: (text) => console.log(text),
    err: (text) => console.error(text),
    startLocal: async () => {
      // GENESYS_MOCK_SEED as for the server: the Docker image keeps its seed away from dist/../data.
      const server = await start({ inMemory: true, journalSize: 10_000, seed: process.env.GENESYS_MOCK_SEED || undefined });
      return { url: server.url, close: () => server.close() };
    },
    interrupted: interrupted.signal,
  });
  process.exit(code);
}

async function cli(): Promise<void> {
  if (process.argv[2] === 'scenario') return scenarioCli(process.argv.slice(3));
  const options = parseCliOptions(process.argv.slice(2), process.env, DEMO_SEED);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const started = await start({ ...options, data: options.data });
  const { store, seed } = started;
  console.log(`genesys-cloud-mock: data ${started.origin}`);
  console.log('demo credentials (POST /oauth/token, grant_type=client_credentials unless grants say otherwise):');
  for (const c of seed.oauthClients) {
    const client = c.clientId ? store.get('oauthClients', c.clientId) : undefined;
    if (!client) continue;
    // A client for user logins says so: it is not used with client credentials.
    const grants = client.authorizedGrantTypes ? `   grants: ${client.authorizedGrantTypes.join(' ')}` : '';
    console.log(`  client ${client.id} / secret ${client.secret}   scopes: ${client.scopes.join(' ')}${grants}`);
  }
  if (!LOOPBACK.test(options.host) && !options.adminToken) {
    console.error(`warning: listening on ${options.host} without --admin-token: anyone who reaches it can reset or read its data through /__admin`);
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await started.close();
    process.exit(0);
  };
  // Before the line that says it is ready: a supervisor may stop it the moment it reads that line,
  // and a signal without a handler would kill it without its clean stop.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`listening on ${started.url}`);
}

cli().catch((e: unknown) => {
  if (e instanceof UsageError) {
    console.error(`error: ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  // StubFileError by name: importing it would load the stub parser (yaml, ajv) for every start.
  const known =
    e instanceof StoreLoadError ||
    e instanceof SeedError ||
    (e instanceof Error && e.name === 'StubFileError') ||
    (e instanceof Error && e.message.startsWith('cannot listen'));
  // A known problem is one line, whatever it quotes (JSON.parse quotes the file, newlines and all).
  const problem = known ? (e as Error).message.replace(/\r?\n/g, '\\n') : ((e as Error)?.stack ?? String(e));
  console.error(`error: ${problem}`);
  process.exit(1);
});
