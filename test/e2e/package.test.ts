// The package as a user gets it: packed, installed from the tarball into an empty folder (from
// npm's cache, offline), then started through `npx genesys-cloud-mock` and startMockServer.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** npm as the running `npm test` invoked it, or from PATH. */
function npm(args: string[], cwd: string) {
  const cli = process.env.npm_execpath;
  return cli && cli.endsWith('.js') ? run(process.execPath, [cli, ...args], { cwd }) : run('npm', args, { cwd });
}

/** npx in a process group of its own, so stopping it stops the server it started too. */
function npx(args: string[], cwd: string) {
  const cli = process.env.npm_execpath;
  const options = { cwd, detached: true };
  return cli && cli.endsWith('.js') ? spawn(process.execPath, [cli, 'exec', '--offline', '--', ...args], options) : spawn('npx', ['--offline', ...args], options);
}

test('npm pack, install in an empty folder, start with npx and with startMockServer', async () => {
  const work = mkdtempSync(join(tmpdir(), 'gcm-pack-'));
  // npm test has just built dist; --ignore-scripts keeps prepack from rebuilding it under the other tests.
  await npm(['pack', '--ignore-scripts', '--pack-destination', work], ROOT);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  expect(tarball).toMatch(/^genesys-cloud-mock-.*\.tgz$/);

  const app = join(work, 'app');
  await run('mkdir', [app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true }));
  await npm(['install', '--offline', '--no-audit', '--no-fund', join(work, tarball!)], app);

  const cli = npx(['genesys-cloud-mock', '--port', '0', '--in-memory'], app);
  const exited = new Promise((resolve) => cli.once('exit', resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      cli.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /^listening on (\S+)$/m.exec(out);
        if (match) resolve(match[1]!);
      });
      cli.once('exit', (code) => reject(new Error(`npx exited with ${code}: ${out}`)));
    });
    expect((await fetch(`${url}/__admin/health`)).status).toBe(200);
  } finally {
    process.kill(-cli.pid!, 'SIGTERM');
    await exited;
  }

  writeFileSync(
    join(app, 'embed.mjs'),
    `import { startMockServer } from 'genesys-cloud-mock';
const server = await startMockServer();
const org = await server.admin.createOrg();
const health = await fetch(server.url + '/__admin/health');
console.log(JSON.stringify({ status: health.status, org: typeof org.clientId }));
await server.close();`,
  );
  const { stdout } = await run(process.execPath, ['embed.mjs'], { cwd: app });
  expect(JSON.parse(stdout)).toEqual({ status: 200, org: 'string' });

  // the scenario runner and the library of scenarios ship with it
  const scenarios = await run(process.execPath, [join(app, 'node_modules/genesys-cloud-mock/dist/main.js'), 'scenario', 'run', 'node_modules/genesys-cloud-mock/scenarios'], { cwd: app });
  expect(scenarios.stdout).toMatch(/scenarios: (\d+) passed, 0 failed/);
}, 120_000);
