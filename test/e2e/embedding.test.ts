// startMockServer, as a test run embeds it, and its typed admin client.
import { AdminClient, startMockServer } from '../../src/index.js';
import { tokenAt } from '../support/servers.js';

describe('startMockServer', () => {
  test('in memory on a free loopback port, driven through its admin client', async () => {
    const server = await startMockServer();
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect(server.port).toBeGreaterThan(0);
      const org = await server.admin.createOrg('worker-1');
      const conversation = await server.admin.createConversation({
        mediaType: 'chat',
        state: 'alerting',
        orgId: org.id,
        agentUserId: org.userId,
        customerExternalId: 'cust-1',
      });
      const moved = await server.admin.setState(conversation.id, 'connected');
      expect(moved.state).toBe('connected');

      const token = await tokenAt(server.url, org.clientId, org.clientSecret);
      const create = () =>
        fetch(`${server.url}/api/v2/conversations/${conversation.id}/cobrowse`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token.access_token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ initiator: { id: org.userId, type: 'agent' }, participants: [{ id: 'cust-1', type: 'external' }] }),
        });
      const faultId = await server.admin.addFault({ path: '/api/v2/conversations/*/cobrowse', status: 503, times: 1 });
      expect(faultId).toEqual(expect.any(String));
      expect((await create()).status).toBe(503);
      expect((await create()).status).toBe(200);
      expect(await server.admin.count({ method: 'POST', path: '/api/v2/conversations/*/cobrowse', bodyContains: 'cust-1' })).toBe(2);
      const requests = await server.admin.requests({ path: '/api/v2/conversations/*/cobrowse', status: 200 });
      expect(requests).toHaveLength(1);
      expect(requests[0]!.orgId).toBe(org.id);

      const before = Date.parse(await server.admin.now());
      const after = Date.parse(await server.admin.advanceClock(86_400));
      expect(after - before).toBeGreaterThanOrEqual(86_400_000);
      const expired = await fetch(`${server.url}/api/v2/conversations/${conversation.id}`, { headers: { Authorization: `Bearer ${token.access_token}` } });
      expect(expired.status).toBe(401);

      await server.admin.reset();
      expect(await server.admin.requests()).toEqual([]);
      await expect(server.admin.setState('nope', 'connected')).rejects.toMatchObject({ status: 404 });
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/__admin/health`)).rejects.toThrow();
  });

  test('with an admin token, its client sends it', async () => {
    const server = await startMockServer({ adminToken: 'tok' });
    try {
      expect((await fetch(`${server.url}/__admin/state`)).status).toBe(401);
      await expect(server.admin.createOrg()).resolves.toMatchObject({ clientId: expect.any(String) });
    } finally {
      await server.close();
    }
  });

  test('new AdminClient() reads GENESYS_MOCK_URL and GENESYS_MOCK_ADMIN_TOKEN; arguments win; without a URL it says what it needs', async () => {
    const server = await startMockServer({ adminToken: 'tok' });
    const saved = { url: process.env.GENESYS_MOCK_URL, token: process.env.GENESYS_MOCK_ADMIN_TOKEN };
    try {
      process.env.GENESYS_MOCK_URL = `${server.url}/`;
      process.env.GENESYS_MOCK_ADMIN_TOKEN = 'tok';
      const fromEnvironment = new AdminClient();
      expect(fromEnvironment.url).toBe(server.url);
      await expect(fromEnvironment.createOrg()).resolves.toMatchObject({ clientId: expect.any(String) });
      await expect(new AdminClient(server.url, 'wrong').createOrg()).rejects.toMatchObject({ status: 401 });
      await expect(new AdminClient(server.url, '').createOrg()).rejects.toMatchObject({ status: 401 });
      delete process.env.GENESYS_MOCK_URL;
      expect(() => new AdminClient()).toThrow("AdminClient needs the server's URL: pass it, or set GENESYS_MOCK_URL");
    } finally {
      for (const [name, value] of [
        ['GENESYS_MOCK_URL', saved.url],
        ['GENESYS_MOCK_ADMIN_TOKEN', saved.token],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await server.close();
    }
  });
});
