// Child processes for the benchmark (the emulator, the references, Prism) and for the tests that
// start a packed copy of the package. Each runs in a process group of its own and is stopped as a
// group: `npx` starts Prism as a grandchild, which outlives `npx` when only `npx` is signalled and
// then holds the parent's pipes open, so the parent never exits.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface Started {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn to the first 200 from the ready check. */
  startupMs: number;
  stop(): Promise<void>;
}

const groups = new Set<ChildProcess>();

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // ESRCH: nothing of the group is left
  }
}

/**
 * Whether a process of the group still runs. Zombies do not count: where nothing reaps orphans
 * (a container's init may not), a grandchild that died stays in the process table for good.
 */
export function groupRuns(pgid: number): boolean {
  if (!existsSync('/proc/self/stat')) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid pgrp …", where comm may hold spaces and parentheses
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') return true;
  }
  return false;
}

// Last resort when this process ends without stopping them (an uncaught error, process.exit):
// nothing it started outlives it.
process.once('exit', () => {
  for (const child of groups) signalGroup(child, 'SIGKILL');
});

/** Spawns a command as the leader of a new process group. */
export function spawnGroup(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  groups.add(child);
  child.once('error', () => groups.delete(child));
  // Forgotten once nothing of it runs, so that the exit hook never signals a group id reused since.
  child.once('exit', () => {
    if (!groupRuns(child.pid!)) groups.delete(child);
  });
  return child;
}

/**
 * Stops every process of the child's group: SIGTERM, then SIGKILL for what still runs after
 * `graceMs`. Resolves once none runs and the child's pipes are closed.
 */
export async function stopGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.pid === undefined) return;
  const began = performance.now();
  signalGroup(child, 'SIGTERM');
  // A group has no exit event: poll. SIGKILL cannot be refused, so the wait is bounded.
  while (groupRuns(child.pid) && performance.now() - began < graceMs + 5_000) {
    if (performance.now() - began > graceMs) signalGroup(child, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  for (const stream of [child.stdin, child.stdout, child.stderr]) stream?.destroy();
  groups.delete(child);
}

/** Stops every group still running; for a signal handler or the end of a run. */
export async function stopAllGroups(): Promise<void> {
  await Promise.all([...groups].map((child) => stopGroup(child)));
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

async function firstOk(url: string, deadline: number, exited: Promise<unknown>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not accepting connections yet
    }
    if (gone) throw new Error(`the process serving ${url} exited before it answered`);
    if (performance.now() > deadline) throw new Error(`${url} did not answer 200 in time`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Spawns a command in its own process group and waits until `readyPath` answers 200. The URL
 * comes from a line `listening on URL` on stdout, or from `url` when the command cannot print
 * one. A command that fails to start is stopped, group and all, before the error is thrown.
 */
export async function start(command: string, args: string[], options: { readyPath: string; url?: string; timeoutMs?: number; cwd?: string }): Promise<Started> {
  const began = performance.now();
  const child = spawnGroup(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (e) => {
      output += e.message;
      resolve();
    });
  });
  const stop = () => stopGroup(child);
  try {
    const url =
      options.url ??
      (await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', () => {
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match) resolve(match[1]!);
        });
        void exited.then(() => reject(new Error(`${command} exited: ${output.trim()}`)));
      }));
    await firstOk(`${url}${options.readyPath}`, began + (options.timeoutMs ?? 30_000), exited).catch((e: Error) => {
      throw new Error(`${e.message}\n${output.trim()}`);
    });
    return { child, url, startupMs: performance.now() - began, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Resident memory of a process, in MB (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}
