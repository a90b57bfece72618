// `npm run soak`: the reliability suite at length (100,000 fuzzed requests, 100 SIGKILL rounds
// by default; FUZZ_REQUESTS and CRASH_ROUNDS override), then its figures written into
// docs/reliability.md between the soak markers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url);
const report = join(mkdtempSync(join(tmpdir(), 'gcm-soak-')), 'figures.jsonl');
const env = {
  ...process.env,
  FUZZ_REQUESTS: process.env.FUZZ_REQUESTS ?? '100000',
  CRASH_ROUNDS: process.env.CRASH_ROUNDS ?? '100',
  FLOOD_REQUESTS: process.env.FLOOD_REQUESTS ?? '8500',
  CLI_FUZZ_RUNS: process.env.CLI_FUZZ_RUNS ?? '5000',
  SOAK_REPORT: report,
};
const started = Date.now();
const jest = spawnSync(process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--runInBand', 'test/reliability'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
if (jest.status !== 0) {
  console.error(`soak failed (jest exit ${jest.status}); docs/reliability.md left as it was`);
  process.exit(1);
}
if (!existsSync(report)) {
  console.error('soak: the tests reported no figures');
  process.exit(1);
}
const figures = Object.fromEntries(
  readFileSync(report, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const { test, ...rest } = JSON.parse(line);
      return [test, rest];
    }),
);
const { fuzz, crash, flood, 'disk-full': diskFull } = figures;
const statuses = Object.entries(fuzz)
  .filter(([k]) => k.startsWith('status'))
  .map(([k, n]) => `${k.slice(6)}: ${n.toLocaleString('en')}`)
  .join(', ');
const table = [
  `Last soak run: ${new Date().toISOString().slice(0, 10)}, ${minutes} minutes, Node ${process.version}, \`FUZZ_REQUESTS=${env.FUZZ_REQUESTS} CRASH_ROUNDS=${env.CRASH_ROUNDS} FLOOD_REQUESTS=${env.FLOOD_REQUESTS} CLI_FUZZ_RUNS=${env.CLI_FUZZ_RUNS}\`.`,
  '',
  '| Figure | Value |',
  '| --- | --- |',
  `| Requests sent by the fuzzer (fuzzed + token and reset calls between batches) | ${fuzz.requests.toLocaleString('en')} |`,
  `| Fuzzed requests | ${fuzz.fuzzed.toLocaleString('en')} |`,
  `| Hostile among them (wrong method, path, query, header, content type or body) | ${fuzz.hostile.toLocaleString('en')} |`,
  `| Answers by status | ${statuses} |`,
  `| 5xx answers, hangs, crashes | 0 |`,
  `| SIGKILLs survived | ${crash.kills} |`,
  `| Faults injected (hostile requests + SIGKILLs) | ${(fuzz.hostile + crash.kills).toLocaleString('en')} |`,
  `| Acknowledged writes checked after the kills | ${(crash.acknowledgedConversations + crash.acknowledgedSessions).toLocaleString('en')} |`,
  `| Records lost | ${crash.lost} |`,
  ...(flood ? [`| Peak RSS under ${flood.requests.toLocaleString('en')} unauthenticated 500 KB requests | ${flood.peakRssMb} MB |`] : []),
  ...(diskFull ? [`| Writes acknowledged on a full 1 MiB tmpfs, lost after SIGKILL | ${diskFull.acknowledged}, ${diskFull.lost} |`] : []),
].join('\n');
const docPath = new URL('docs/reliability.md', root);
const doc = readFileSync(docPath, 'utf8');
const updated = doc.replace(/<!-- soak:begin -->[\s\S]*<!-- soak:end -->/, `<!-- soak:begin -->\n${table}\n<!-- soak:end -->`);
if (updated === doc && !doc.includes(table)) {
  console.error('soak: docs/reliability.md has no soak markers');
  process.exit(1);
}
writeFileSync(docPath, updated);
console.log(`\n${table}\n\nwritten to docs/reliability.md`);
