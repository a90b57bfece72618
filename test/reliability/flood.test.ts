// Memory under a flood of large unauthenticated requests: 500 KB POSTs without a token, eight at a
// time, against the built server (FLOOD_REQUESTS of them: 200 here; the adversarial pass that found
// the journal unbounded took the process down after ~8,500). The journal keeps their bodies cut to
// 16 KB and within its byte bound, so the server's peak memory does not grow with the flood.
import { reportFigures } from '../support/soak-report.js';
import { startCli } from '../support/servers.js';
import { BODY_KEPT_BYTES, DEFAULT_JOURNAL_BYTES } from '../../src/domain/admin/journal.js';
import { DEMO } from '../support/harness.js';
import { readFileSync } from 'node:fs';

const REQUESTS = Number(process.env.FLOOD_REQUESTS ?? 200);
const PARALLEL = 8;

function peakRssMb(pid: number): number {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

test(`${REQUESTS} unauthenticated 500 KB requests: all refused, the journal within its bounds, the server up`, async () => {
  const cli = await startCli(['--port', '0', '--in-memory']);
  try {
    const body = JSON.stringify({ cobrowseSessionId: 'x'.repeat(500_000) });
    const statuses = new Map<number, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next++ < REQUESTS) {
          const res = await fetch(`${cli.url}/api/v2/conversations/${DEMO.voiceConnected}/cobrowse`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body,
          });
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        }
      }),
    );
    expect([...statuses]).toEqual([[401, REQUESTS]]);
    expect((await fetch(`${cli.url}/__admin/health`)).status).toBe(200);
    const journal = (await (await fetch(`${cli.url}/__admin/requests?pageSize=1`)).json()) as { total: number; requests: { body: string }[] };
    expect(journal.total).toBeLessThanOrEqual(Math.min(REQUESTS, DEFAULT_JOURNAL_BYTES / BODY_KEPT_BYTES));
    expect(journal.requests[0]!.body).toMatch(/… \[truncated: \d+ bytes in all\]$/);
    const peak = peakRssMb(cli.child.pid!);
    // Far under what a journal keeping whole bodies reaches (REQUESTS × 500 KB and more).
    expect(peak).toBeLessThan(1024);
    reportFigures('flood', { requests: REQUESTS, peakRssMb: Math.round(peak) });
  } finally {
    await cli.stop();
  }
}, 300_000);
