// A project that uses the package as a user gets it, built without npm's cache, the network or
// anything outside the clone and the OS temp dir: this clone `npm pack`ed, the tarball unpacked
// into a consumer folder's node_modules, the runtime dependencies it declares linked from this
// project's own node_modules (a dependency it forgot to declare is missing there, as for a user),
// and its bin linked by `npm rebuild`, npm's own linking, as `npm install` would.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Consumer {
  /** The consumer project's folder. */
  dir: string;
  /** The paths inside the tarball, as `npm pack` listed them. */
  files: string[];
  /** The package.json the tarball holds. */
  manifest: { name: string; version: string; dependencies?: Record<string, string>; bin?: Record<string, string> };
  /** The environment for anything run in the consumer: npm's cache and HOME in the temp dir. */
  env: NodeJS.ProcessEnv;
  /** Runs a command in the consumer folder; rejects with its output when it exits non-zero. */
  run(command: string, args: string[], extraEnv?: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }>;
  /** npm's command line, as the running `npm test` invoked it, or from PATH. */
  npm: { command: string; args: string[] };
}

/** The environment of a child with nothing of this machine's npm or home, both made in `work`: npm's own variables dropped. */
export function isolatedEnv(work: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(name) && !['JEST_WORKER_ID', 'NODE_OPTIONS', 'INIT_CWD'].includes(name)) env[name] = value;
  }
  mkdirSync(join(work, 'home'), { recursive: true });
  return {
    ...env,
    HOME: join(work, 'home'),
    npm_config_cache: join(work, 'npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
}

/** npm's command line, as the running `npm test` invoked it, or from PATH. */
export function npmCommand(): { command: string; args: string[] } {
  const cli = process.env.npm_execpath;
  return cli && cli.endsWith('.js') ? { command: process.execPath, args: [cli] } : { command: 'npm', args: [] };
}

/**
 * Packs this clone (its dist must be built: `npm test` builds it first) and makes a consumer
 * project of it. `alsoInstall` names packages the consumer installs itself beside it (jest, the
 * SDK), linked the same way from this project's node_modules.
 */
export async function packedConsumer(alsoInstall: string[] = []): Promise<Consumer> {
  const work = mkdtempSync(join(tmpdir(), 'gcm-consumer-'));
  const env = isolatedEnv(work);
  const npm = npmCommand();
  const exec = async (cwd: string, command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    try {
      return await execFileP(command, args, { cwd, env: { ...env, ...extraEnv }, maxBuffer: 64 * 1024 * 1024 });
    } catch (e) {
      const failed = e as Error & { stdout?: string; stderr?: string };
      throw new Error(`${[command, ...args].join(' ')} (in ${cwd}) failed: ${failed.message}\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`, { cause: e });
    }
  };

  // --ignore-scripts: prepack would rebuild dist under the tests that are running from it.
  const packed = await exec(ROOT, npm.command, [...npm.args, 'pack', '--ignore-scripts', '--json', '--pack-destination', work]);
  const [{ filename, files }] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];

  const dir = join(work, 'app');
  const modules = join(dir, 'node_modules');
  mkdirSync(modules, { recursive: true });
  await exec(modules, 'tar', ['-xzf', join(work, filename)]);
  const manifest = JSON.parse(readFileSync(join(modules, 'package', 'package.json'), 'utf8')) as Consumer['manifest'];
  renameSync(join(modules, 'package'), join(modules, manifest.name));

  // What `npm init -y` writes today, with the package as a dependency.
  const consumerManifest = {
    name: 'consumer',
    version: '1.0.0',
    main: 'index.js',
    license: 'ISC',
    type: 'commonjs',
    dependencies: { [manifest.name]: manifest.version },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(consumerManifest, null, 2)}\n`);
  for (const name of [...Object.keys(manifest.dependencies ?? {}), ...alsoInstall]) {
    const installed = join(ROOT, 'node_modules', name);
    if (!existsSync(installed)) throw new Error(`${name} is not installed in ${ROOT}node_modules: run npm ci first`);
    const link = join(modules, name);
    if (existsSync(link)) continue;
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(installed, link, 'dir');
  }
  await exec(dir, npm.command, [...npm.args, 'rebuild', '--ignore-scripts', '--offline']);

  return {
    dir,
    files: files.map((f) => f.path),
    manifest,
    env,
    npm,
    run: (command, args, extraEnv) => exec(dir, command, args, extraEnv),
  };
}
