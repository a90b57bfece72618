// Child processes for the benchmark: the emulator, the references and Prism, each on loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface Started {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn to the first 200 from the ready check. */
  startupMs: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

async function firstOk(url: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not accepting connections yet
    }
    if (performance.now() > deadline) throw new Error(`${url} did not answer 200 in time`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Spawns a command and waits until `readyPath` answers 200. The URL comes from a line
 * `listening on URL` on stdout, or from `url` when the command cannot print one.
 */
export async function start(command: string, args: string[], options: { readyPath: string; url?: string; timeoutMs?: number; cwd?: string }): Promise<Started> {
  const began = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url =
    options.url ??
    (await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        output += d.toString();
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      void exited.then((code) => reject(new Error(`${command} exited with ${code}: ${output}`)));
    }));
  child.stdout!.resume();
  child.stderr!.resume();
  await firstOk(`${url}${options.readyPath}`, began + (options.timeoutMs ?? 30_000));
  const startupMs = performance.now() - began;
  return {
    child,
    url,
    startupMs,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resident memory of a process, in MB (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}
