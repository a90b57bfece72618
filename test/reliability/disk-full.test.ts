// A real full disk: the server on a 1 MiB tmpfs, filled until writes fail. Every acknowledged
// write survives SIGKILL, no refused write is visible, reads go on, writes come back with the
// space. Mounting needs root; the same paths are tested without it through a log file that fails
// on demand (test/store/write-failures.test.ts) and the HTTP answer in test/http/errors.test.ts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportFigures } from '../support/soak-report.js';
import { startCli } from '../support/servers.js';

const isRoot = process.getuid?.() === 0;

async function post(url: string, path: string, body: unknown = {}): Promise<Response> {
  return fetch(`${url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

/** Runs `body` with a fresh 1 MiB tmpfs mounted, unmounted after; says so and runs nothing when not root. */
async function withTmpfs(what: string, body: (mount: string) => Promise<void>): Promise<void> {
  if (!isRoot) {
    console.warn(
      `disk-full.test.ts: not root, so no tmpfs can be mounted: ${what} is not tested on a real full disk here (the fault-injecting log file covers the same code)`,
    );
    return;
  }
  const mount = mkdtempSync(join(tmpdir(), 'gcm-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount]);
  try {
    await body(mount);
  } finally {
    execFileSync('umount', [mount]);
  }
}

/** Fills the tmpfs with a file, leaving `roomKb` free; returns the file, whose removal gives the space back. */
function fill(mount: string, roomKb = 0): string {
  const filler = join(mount, 'filler');
  execFileSync('sh', ['-c', `dd if=/dev/zero of=${filler} bs=1k count=1024 2>/dev/null || true`]);
  if (roomKb > 0) execFileSync('truncate', ['-s', `-${roomKb}k`, filler]);
  return filler;
}

async function orgIds(url: string): Promise<string[]> {
  const state = (await (await fetch(`${url}/__admin/state`)).json()) as { orgs: { id: string }[] };
  return state.orgs.map((o) => o.id);
}

test('on a 1 MiB tmpfs filled up: 507 insufficient.storage, nothing refused visible, no acknowledged write lost after SIGKILL, writes again once space returns', async () => {
  await withTmpfs('a full disk', async (mount) => {
    const data = join(mount, 'db.json');
    let cli = await startCli(['--port', '0', '--data', data]);
    try {
      // Little room left, so that the disk fills within a few dozen writes.
      const filler = fill(mount, 24);

      const acknowledged: string[] = [];
      let refused: Response | undefined;
      for (let i = 0; i < 500 && !refused; i++) {
        const res = await post(cli.url, '/__admin/orgs', { name: `org-${i}` });
        if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
        else refused = res;
      }
      expect(acknowledged.length).toBeGreaterThan(0);
      expect(refused?.status).toBe(507);
      const body = (await refused!.json()) as { code: string; message: string; status: number };
      expect(body).toMatchObject({ code: 'insufficient.storage', status: 507 });
      expect(body.message).toBe(`The emulator's data file could not be written (${data}.log: the disk is full), so the change was not made; reads still work.`);
      // a reset cannot be written either, and resets nothing
      expect((await post(cli.url, '/__admin/reset')).status).toBe(507);
      // reads go on, and show exactly what was acknowledged
      expect((await fetch(`${cli.url}/__admin/health`)).status).toBe(200);
      const seen = await orgIds(cli.url);
      expect(seen).toEqual(expect.arrayContaining(acknowledged));
      expect(seen.length).toBe(1 + acknowledged.length); // the seed's org and the acknowledged ones

      cli.child.kill('SIGKILL');
      await cli.stop();
      rmSync(filler); // the space comes back
      cli = await startCli(['--port', '0', '--data', data]);
      expect(await orgIds(cli.url)).toEqual(seen);
      // and writes work again without anything done to the server
      expect((await post(cli.url, '/__admin/orgs', { name: 'after' })).status).toBe(201);
      reportFigures('disk-full', { acknowledged: acknowledged.length, lost: 0 });
    } finally {
      await cli.stop();
    }
  });
}, 60_000);

test('on a full tmpfs, the server recovers by itself when space returns, without a restart', async () => {
  await withTmpfs('recovery', async (mount) => {
    const data = join(mount, 'db.json');
    const cli = await startCli(['--port', '0', '--data', data]);
    try {
      const filler = fill(mount);
      expect((await post(cli.url, '/__admin/orgs', { name: 'no room' })).status).toBe(507);
      rmSync(filler);
      const res = await post(cli.url, '/__admin/orgs', { name: 'room again' });
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      expect(await orgIds(cli.url)).toContain(id);
      expect((await orgIds(cli.url)).length).toBe(2);
    } finally {
      await cli.stop();
    }
  });
}, 60_000);
