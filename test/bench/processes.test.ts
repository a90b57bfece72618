// bench/processes.ts, which the benchmark and the package test start processes with: stopping one
// stops its whole process group, grandchildren included (npx → Prism), even one that ignores
// SIGTERM, and a command that fails to start leaves nothing behind.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupRuns, start, stopGroup } from '../../bench/processes.js';

/** A server in a grandchild of the started command, as npx starts Prism; it answers with its pid. */
function grandchildServer(options: { ignoreSigterm: boolean }): { cwd: string; args: string[] } {
  const cwd = mkdtempSync(join(tmpdir(), 'gcm-processes-'));
  writeFileSync(
    join(cwd, 'server.mjs'),
    `import { createServer } from 'node:http';
${options.ignoreSigterm ? "process.on('SIGTERM', () => {});" : ''}
const server = createServer((req, res) => res.end(String(process.pid)));
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
`,
  );
  // sh stays the child, node is its child: signalling sh alone would leave node running
  return { cwd, args: ['-c', `"${process.execPath}" server.mjs & wait`] };
}

test.each([
  ['a grandchild that stops on SIGTERM', false],
  ['a grandchild that ignores SIGTERM (then SIGKILL)', true],
])('stopping the command stops %s', async (_, ignoreSigterm) => {
  const { cwd, args } = grandchildServer({ ignoreSigterm });
  const started = await start('sh', args, { readyPath: '/', cwd });
  const grandchild = Number(await (await fetch(started.url)).text());
  expect(grandchild).not.toBe(started.child.pid);
  expect(groupRuns(started.child.pid!)).toBe(true);
  await stopGroup(started.child, 200);
  expect(groupRuns(started.child.pid!)).toBe(false);
  await expect(fetch(started.url)).rejects.toThrow();
});

test('a command that exits before it listens is reported with its output, and nothing of it runs', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'gcm-processes-'));
  // it leaves a process of its group behind, and says which group ($$, the leader's pid)
  const failed = start('sh', ['-c', 'sleep 30 & echo "group $$: cannot start, no config" >&2; exit 3'], { readyPath: '/', cwd });
  const error = (await failed.catch((e: Error) => e)) as Error;
  expect(error.message).toMatch(/^sh exited: group \d+: cannot start, no config$/);
  expect(groupRuns(Number(/group (\d+)/.exec(error.message)![1]))).toBe(false);
});
