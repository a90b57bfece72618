// Real listening servers on loopback, port 0: in process (createApp) or as the built CLI.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { spawnGroup } from '../../bench/processes.js';

export const MAIN_JS = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export async function listen(app: Express): Promise<{ port: number; url: string; close: () => Promise<void> }> {
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The URL a started command prints on its `listening on URL` line; rejects with its output if it exits first. */
export function listeningUrl(child: ChildProcess, name: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /^listening on (\S+)$/m.exec(out);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${out}`)));
  });
}

export interface CliProcess {
  child: ChildProcess;
  url: string;
  port: number;
  stdout: () => string;
  stderr: () => string;
  stop: () => Promise<number | null>;
}

export interface CliExit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function requireBuild(): void {
  if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: npm test builds it first (npm run build)`);
}

/** Starts `node dist/main.js ARGS` and resolves once it prints its listening line. */
export function startCli(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<CliProcess> {
  requireBuild();
  // In a group of its own, so that one a failing test leaves running is stopped when the worker exits.
  const child = spawnGroup(process.execPath, [MAIN_JS, ...args], { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /^listening on (http:\/\/[^\s:]+:(\d+))$/m.exec(out);
      if (match) {
        resolve({
          child,
          url: match[1]!.replace('0.0.0.0', '127.0.0.1'),
          port: Number(match[2]),
          stdout: () => out,
          stderr: () => err,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`exited with ${code} before listening\nstdout: ${out}\nstderr: ${err}`)));
  });
}

/**
 * Runs `node dist/main.js ARGS` expecting it to exit by itself. `asUserWithoutOverride`: when the
 * suite runs as root, who reads any file, the server runs without root's capabilities to bypass
 * file permissions (util-linux's setpriv), so a file closed to its user is closed to it. (Running it
 * as another user instead would depend on the clone's parent folders letting that user in.)
 */
export function runCli(args: string[], env: Record<string, string> = {}, options: { asUserWithoutOverride?: boolean } = {}): Promise<CliExit> {
  requireBuild();
  const node = [process.execPath, MAIN_JS, ...args];
  const command = options.asUserWithoutOverride && process.getuid?.() === 0 ? ['setpriv', '--bounding-set', '-dac_override,-dac_read_search', ...node] : node;
  const child = spawnGroup(command[0]!, command.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', (e) => reject(new Error(`${command[0]} could not be run (${e.message})${command[0] === 'setpriv' ? ': install util-linux' : ''}`)));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The official SDK pointed at a listening server and logged in with client credentials. */
export async function sdkLogin(
  sdk: { ApiClient: { instance: { setGateway(o: object): void; loginClientCredentialsGrant(id: string, secret: string): Promise<{ accessToken: string }> } } },
  port: number,
  clientId = 'demo-client',
  secret = 'demo-secret',
): Promise<{ accessToken: string }> {
  const client = sdk.ApiClient.instance;
  client.setGateway({ host: '127.0.0.1', protocol: 'http', port, path_params_login: '', path_params_api: '' });
  return client.loginClientCredentialsGrant(clientId, secret);
}

/** POST /oauth/token on a listening server as the SDK sends it (HTTP Basic); the whole answer. */
export async function tokenAt(url: string, clientId = 'demo-client', secret = 'demo-secret'): Promise<{ access_token: string; expires_in: number }> {
  const res = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  if (res.status !== 200) throw new Error(`token for ${clientId}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { access_token: string; expires_in: number };
}

/** The bearer token alone. */
export async function bearerAt(url: string, clientId?: string, secret?: string): Promise<string> {
  return (await tokenAt(url, clientId, secret)).access_token;
}
