// Crash safety: a real server on a data file, killed with SIGKILL while creates are in flight,
// restarted each time. Every create that was acknowledged must be there after. The kill comes
// after a set number of acknowledged writes (1 to 10, by round), not after a time, so every round
// has both acknowledged writes to check and writes cut short, however fast the machine is.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearerAt, startCli } from '../support/servers.js';
import { DEMO } from '../support/harness.js';
import { reportFigures } from '../support/soak-report.js';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);

test(
  `${ROUNDS} rounds of SIGKILL during concurrent creates lose no acknowledged write`,
  async () => {
    const data = join(mkdtempSync(join(tmpdir(), 'gcm-crash-')), 'db.json');
    const ackedConversations: string[] = [];
    const ackedSessions: { conversationId: string; sessionId: string }[] = [];
    let kills = 0;
    let minimumAcks = 0;

    for (let round = 0; round < ROUNDS; round++) {
      const cli = await startCli(['--port', '0', '--data', data]);
      const bearer = await bearerAt(cli.url);

      // everything acknowledged so far is there
      if (round > 0) {
        const state = (await (await fetch(`${cli.url}/__admin/state`)).json()) as {
          conversations: { id: string }[];
          cobrowseSessions: { id: string; conversationIds: string[] }[];
        };
        const conversations = new Set(state.conversations.map((c) => c.id));
        for (const id of ackedConversations) expect(conversations.has(id)).toBe(true);
        const sessions = new Map(state.cobrowseSessions.map((s) => [s.id, s]));
        for (const { conversationId, sessionId } of ackedSessions) expect(sessions.get(sessionId)?.conversationIds).toContain(conversationId);
      }

      const killAfter = 1 + (round % 10);
      let ackedThisRound = 0;
      let killedAfterAcks!: () => void;
      const killed = new Promise<void>((resolve) => (killedAfterAcks = resolve));
      const acknowledged = () => {
        if (++ackedThisRound !== killAfter) return;
        cli.child.kill('SIGKILL');
        killedAfterAcks();
      };
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
        acknowledged();
        const session = await fetch(`${cli.url}/api/v2/conversations/${id}/cobrowse`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ initiator: { id: DEMO.agentId, type: 'agent' }, participants: [{ id: customer, type: 'external' }] }),
        });
        if (session.status === 200) {
          ackedSessions.push({ conversationId: id, sessionId: ((await session.json()) as { id: string }).id });
          acknowledged();
        }
      });
      const settled = Promise.allSettled(work);
      await Promise.race([killed, settled]);
      // 20 creates always give at least 10 acknowledgements; this is for a server that refuses them
      expect(ackedThisRound).toBeGreaterThanOrEqual(killAfter);
      if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
      kills++;
      minimumAcks += killAfter;
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
      expect(ackedConversations.length + ackedSessions.length).toBeGreaterThanOrEqual(minimumAcks);
    } finally {
      await final.stop();
    }
    // the data file is a readable document after a clean stop
    expect(() => JSON.parse(readFileSync(data, 'utf8'))).not.toThrow();
    reportFigures('crash', { kills, acknowledgedConversations: ackedConversations.length, acknowledgedSessions: ackedSessions.length, lost: 0 });
  },
  Math.max(120_000, ROUNDS * 6_000),
);
