// Crash safety: a real server on a data file, killed with SIGKILL at random moments while creates
// are in flight, restarted each time. Every create that was acknowledged must be there after.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearerAt, startCli } from '../support/servers.js';
import { DEMO } from '../support/harness.js';
import { reportFigures } from '../support/soak-report.js';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);


test(`${ROUNDS} rounds of SIGKILL during concurrent creates lose no acknowledged write`, async () => {
  const data = join(mkdtempSync(join(tmpdir(), 'gcm-crash-')), 'db.json');
  const ackedConversations: string[] = [];
  const ackedSessions: { conversationId: string; sessionId: string }[] = [];
  let kills = 0;

  for (let round = 0; round < ROUNDS; round++) {
    const cli = await startCli(['--port', '0', '--data', data]);
    const bearer = await bearerAt(cli.url);

    // everything acknowledged so far is there
    if (round > 0) {
      const state = (await (await fetch(`${cli.url}/__admin/state`)).json()) as { conversations: { id: string }[]; cobrowseSessions: { id: string; conversationIds: string[] }[] };
      const conversations = new Set(state.conversations.map((c) => c.id));
      for (const id of ackedConversations) expect(conversations.has(id)).toBe(true);
      const sessions = new Map(state.cobrowseSessions.map((s) => [s.id, s]));
      for (const { conversationId, sessionId } of ackedSessions) expect(sessions.get(sessionId)?.conversationIds).toContain(conversationId);
    }

    const work = Array.from({ length: 20 }, async (_, i) => {
      const id = `r${round}-c${i}`;
      const customer = `cust-${id}`;
      const created = await fetch(`${cli.url}/__admin/conversations`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ id, mediaType: 'voice', state: 'connected', agentUserId: DEMO.agentId, customerExternalId: customer }),
      });
      if (created.status !== 201) return;
      ackedConversations.push(id);
      const session = await fetch(`${cli.url}/api/v2/conversations/${id}/cobrowse`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ initiator: { id: DEMO.agentId, type: 'agent' }, participants: [{ id: customer, type: 'external' }] }),
      });
      if (session.status === 200) ackedSessions.push({ conversationId: id, sessionId: ((await session.json()) as { id: string }).id });
    });
    const settled = Promise.allSettled(work);
    // Kill at a random moment while the creates are in flight (or just after).
    await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 40)));
    cli.child.kill('SIGKILL');
    kills++;
    await settled;
    await cli.stop();
  }

  const final = await startCli(['--port', '0', '--data', data]);
  try {
    const state = (await (await fetch(`${final.url}/__admin/state`)).json()) as { conversations: { id: string }[]; cobrowseSessions: { id: string }[] };
    const conversations = new Set(state.conversations.map((c) => c.id));
    expect(ackedConversations.filter((id) => !conversations.has(id))).toEqual([]);
    const sessions = new Set(state.cobrowseSessions.map((s) => s.id));
    expect(ackedSessions.filter((s) => !sessions.has(s.sessionId))).toEqual([]);
    expect(kills).toBe(ROUNDS);
    // something was written in most rounds, or the test proves nothing
    expect(ackedConversations.length).toBeGreaterThan(ROUNDS);
  } finally {
    await final.stop();
  }
  // the data file is a readable document after a clean stop
  expect(() => JSON.parse(readFileSync(data, 'utf8'))).not.toThrow();
  reportFigures('crash', { kills, acknowledgedConversations: ackedConversations.length, acknowledgedSessions: ackedSessions.length, lost: 0 });
}, Math.max(120_000, ROUNDS * 6_000));
