// The package as a user gets it (see test/support/consumer.ts): what the tarball holds, the
// `genesys-cloud-mock` bin through npx, `import` from ESM, `require` from CommonJS and from a
// default Jest setup, the types of both, and the library of scenarios it ships.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnGroup, stopGroup } from '../../bench/processes.js';
import { packedConsumer, type Consumer } from '../support/consumer.js';
import { listeningUrl } from '../support/servers.js';

let consumer: Consumer;

beforeAll(async () => {
  consumer = await packedConsumer(['jest', 'typescript', '@types/node']);
}, 120_000);

/** Starts a server, creates an org through its admin client, and prints what health answered. */
const HEALTH_CHECK = `const server = await startMockServer();
const org = await server.admin.createOrg();
const health = await fetch(server.url + '/__admin/health');
console.log(JSON.stringify({ status: health.status, clientId: typeof org.clientId }));
await server.close();`;
const HEALTHY = { status: 200, clientId: 'string' };

test('the tarball holds the built server, both entries and their types, the document, the seed and the scenarios; no sources or tests', () => {
  expect(consumer.files).toEqual(
    expect.arrayContaining([
      'package.json',
      'README.md',
      'dist/main.js',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/index.cjs',
      'dist/cjs/index.d.ts',
      'dist/cjs/package.json',
      'dist/openapi.json',
      'openapi/genesys-cloud-mock.yaml',
      'openapi/scenario.schema.json',
      'openapi/genesys-catalogue.json',
      'data/seed.json',
      'scenarios/cobrowse-400.yaml',
    ]),
  );
  expect(consumer.files.filter((f) => /^(src|test|bench|scripts)\/|build-openapi|tsbuildinfo|^data\/db\.json/.test(f))).toEqual([]);
  expect(consumer.manifest.bin).toEqual({ 'genesys-cloud-mock': 'dist/main.js' });
});

test('npx genesys-cloud-mock --port 0 --in-memory serves health, and knows the Genesys operations it does not implement', async () => {
  const cli = spawnGroup(consumer.npm.command, [...consumer.npm.args, 'exec', '--offline', '--', 'genesys-cloud-mock', '--port', '0', '--in-memory'], {
    cwd: consumer.dir,
    env: consumer.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await listeningUrl(cli, 'npx');
    expect((await fetch(`${url}/__admin/health`)).status).toBe(200);
    // The catalogue of Genesys operations ships too: where the SDK it comes from is not installed.
    const { access_token } = (await (
      await fetch(`${url}/oauth/token`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from('demo-client:demo-secret').toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      })
    ).json()) as { access_token: string };
    const flows = await fetch(`${url}/api/v2/flows`, { headers: { Authorization: `Bearer ${access_token}` } });
    expect([flows.status, ((await flows.json()) as { messageParams: unknown }).messageParams]).toEqual([
      501,
      { method: 'GET', path: '/api/v2/flows', operation: 'ArchitectApi.getFlows' },
    ]);
  } finally {
    await stopGroup(cli);
  }
});

test("import { startMockServer } from 'genesys-cloud-mock' in an .mjs file", async () => {
  writeFileSync(join(consumer.dir, 'embed.mjs'), `import { startMockServer } from 'genesys-cloud-mock';\n${HEALTH_CHECK}\n`);
  const { stdout } = await consumer.run(process.execPath, ['embed.mjs']);
  expect(JSON.parse(stdout)).toEqual(HEALTHY);
});

test("require('genesys-cloud-mock') in a .cjs file", async () => {
  writeFileSync(join(consumer.dir, 'embed.cjs'), `const { startMockServer } = require('genesys-cloud-mock');\n(async () => {\n${HEALTH_CHECK}\n})();\n`);
  const { stdout } = await consumer.run(process.execPath, ['embed.cjs']);
  expect(JSON.parse(stdout)).toEqual(HEALTHY);
});

test("require('genesys-cloud-mock') in a test of a default Jest setup (no config, no flags)", async () => {
  writeFileSync(
    join(consumer.dir, 'health.test.js'),
    `const { startMockServer } = require('genesys-cloud-mock');

test('the emulator answers health', async () => {
  const server = await startMockServer();
  try {
    expect((await fetch(server.url + '/__admin/health')).status).toBe(200);
    expect((await server.admin.createOrg()).clientId).toEqual(expect.any(String));
  } finally {
    await server.close();
  }
});
`,
  );
  const { stderr } = await consumer.run(process.execPath, ['node_modules/jest/bin/jest.js', '--ci', 'health.test.js']);
  expect(stderr).toMatch(/Tests:\s+1 passed, 1 total/);
}, 60_000);

test('the types of both entries: an .mts importing it and a .cts requiring it type-check (node16, no skipLibCheck)', async () => {
  const uses = `const server: MockServer = await startMockServer({ port: 0, adminToken: 'x' });
const org: OrgCredentials = await new AdminClient(server.url).createOrg('worker');
export const id: string = org.clientId;`;
  writeFileSync(
    join(consumer.dir, 'uses.mts'),
    `import { AdminClient, startMockServer, type MockServer, type OrgCredentials } from 'genesys-cloud-mock';\n${uses}\n`,
  );
  writeFileSync(
    join(consumer.dir, 'uses.cts'),
    `import { AdminClient, startMockServer, type MockServer, type OrgCredentials } from 'genesys-cloud-mock';\nexport async function use(): Promise<string> {\n${uses.replace('export const', 'const')}\n  return id;\n}\n`,
  );
  writeFileSync(
    join(consumer.dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'node16', moduleResolution: 'node16', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] },
      files: ['uses.mts', 'uses.cts'],
    }),
  );
  await consumer.run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']);
}, 60_000);

test('the scenario runner and the library of scenarios ship with it', async () => {
  const { stdout } = await consumer.run(join(consumer.dir, 'node_modules/.bin/genesys-cloud-mock'), [
    'scenario',
    'run',
    'node_modules/genesys-cloud-mock/scenarios',
  ]);
  expect(stdout).toMatch(/scenarios: (\d+) passed, 0 failed/);
}, 60_000);
