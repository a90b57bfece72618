// Conversation details through the official SDK, unmodified: the details query with a segment
// filter (postAnalyticsConversationsDetailsQuery), one conversation's details
// (getAnalyticsConversationDetails), several by id (getAnalyticsConversationsDetails), and the
// jobs flow an export uses (submit, poll, results by cursor, delete), and aggregates
// (postAnalyticsConversationsAggregatesQuery), and queue observations (postAnalyticsQueuesObservationsQuery).
import platformClient from 'purecloud-platform-client-v2';
import { startMockServer, type MockServer } from '../../src/index.js';
import { sdkLogin } from '../support/servers.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());

test('query, one, several: the sessions, segments and metrics of conversations made a moment ago', async () => {
  const org = await server.admin.createOrg();
  await sdkLogin(platformClient, server.port, org.clientId, org.clientSecret);
  const analytics = new platformClient.AnalyticsApi();
  const queue = await server.admin.createQueue({ name: 'Support', orgId: org.id });
  const call = await server.admin.createConversation({ mediaType: 'voice', state: 'connected', orgId: org.id, queueId: queue.id, agentUserId: org.userId });
  const chat = await server.admin.createConversation({ mediaType: 'chat', state: 'queued', orgId: org.id, queueId: queue.id });
  const hour = 3_600_000;
  const interval = `${new Date(Date.now() - hour).toISOString()}/${new Date(Date.now() + hour).toISOString()}`;

  const all = await analytics.postAnalyticsConversationsDetailsQuery({ interval, order: 'asc', orderBy: 'conversationStart' });
  expect(all.totalHits).toBe(2);
  const voice = await analytics.postAnalyticsConversationsDetailsQuery({
    interval,
    segmentFilters: [{ type: 'and', predicates: [{ type: 'dimension', dimension: 'mediaType', operator: 'matches', value: 'voice' }] }],
    paging: { pageSize: 10, pageNumber: 1 },
  });
  expect(voice.conversations!.map((c) => c.conversationId)).toEqual([call.id]);
  const agent = voice.conversations![0]!.participants!.find((p) => p.purpose === 'agent')!;
  expect(agent.userId).toBe(org.userId);
  expect(agent.sessions![0]!.segments!.map((s) => s.segmentType)).toEqual(['alert', 'interact']);
  expect(agent.sessions![0]!.metrics!.map((m) => m.name)).toEqual(['tAlert', 'tAnswered', 'nConnected']);

  const one = await analytics.getAnalyticsConversationDetails(chat.id!);
  expect(one.participants!.map((p) => p.purpose)).toEqual(['customer', 'acd']);
  const several = await analytics.getAnalyticsConversationsDetails({ id: [chat.id!, call.id!] });
  expect(several.conversations!.map((c) => c.conversationId)).toEqual([chat.id, call.id]);
});

test('the jobs flow: submit, poll until FULFILLED, read every page by cursor, delete', async () => {
  const org = await server.admin.createOrg();
  await sdkLogin(platformClient, server.port, org.clientId, org.clientSecret);
  const analytics = new platformClient.AnalyticsApi();
  const made: string[] = [];
  for (let i = 0; i < 3; i++) made.push((await server.admin.createConversation({ mediaType: 'chat', state: 'queued', orgId: org.id })).id!);
  const hour = 3_600_000;
  const interval = `${new Date(Date.now() - hour).toISOString()}/${new Date(Date.now() + hour).toISOString()}`;

  const { jobId } = await analytics.postAnalyticsConversationsDetailsJobs({ interval });
  let status = await analytics.getAnalyticsConversationsDetailsJob(jobId!);
  // The server runs with no job delay: the first poll already finds it done (a loop, as exports poll).
  for (let polls = 0; status.state !== 'FULFILLED' && polls < 10; polls++) status = await analytics.getAnalyticsConversationsDetailsJob(jobId!);
  expect(status.state).toBe('FULFILLED');
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await analytics.getAnalyticsConversationsDetailsJobResults(jobId!, { pageSize: 2, ...(cursor ? { cursor } : {}) });
    seen.push(...page.conversations!.map((c) => c.conversationId!));
    cursor = page.cursor;
  } while (cursor);
  expect(seen.sort()).toEqual([...made].sort());
  await analytics.deleteAnalyticsConversationsDetailsJob(jobId!);
  await expect(analytics.getAnalyticsConversationsDetailsJob(jobId!)).rejects.toMatchObject({ status: 404 });
});

test('aggregates by queue and media type', async () => {
  const org = await server.admin.createOrg();
  await sdkLogin(platformClient, server.port, org.clientId, org.clientSecret);
  const analytics = new platformClient.AnalyticsApi();
  const queue = await server.admin.createQueue({ name: 'Support', orgId: org.id });
  for (const mediaType of ['voice', 'voice', 'chat'] as const)
    await server.admin.createConversation({ mediaType, state: 'queued', orgId: org.id, queueId: queue.id });
  const hour = 3_600_000;
  const interval = `${new Date(Date.now() - hour).toISOString()}/${new Date(Date.now() + hour).toISOString()}`;
  const res = await analytics.postAnalyticsConversationsAggregatesQuery({ interval, groupBy: ['queueId', 'mediaType'], metrics: ['nOffered'] });
  const counts = res.results!.map((r) => [r.group!.mediaType, r.data![0]!.metrics![0]!.stats!.count]);
  expect(counts.sort()).toEqual([
    ['chat', 1],
    ['voice', 2],
  ]);
  expect(res.results!.every((r) => r.group!.queueId === queue.id)).toBe(true);
});

test('queue observations: waiting conversations and joined members', async () => {
  const org = await server.admin.createOrg();
  await sdkLogin(platformClient, server.port, org.clientId, org.clientSecret);
  const analytics = new platformClient.AnalyticsApi();
  const queue = await server.admin.createQueue({ name: 'Support', orgId: org.id, members: [{ userId: org.userId!, joined: true }] });
  await server.admin.createConversation({ mediaType: 'voice', state: 'queued', orgId: org.id, queueId: queue.id });
  const res = await analytics.postAnalyticsQueuesObservationsQuery({
    filter: { type: 'or', predicates: [{ type: 'dimension', dimension: 'queueId', operator: 'matches', value: queue.id }] },
    metrics: ['oWaiting', 'oOffQueueUsers'],
  });
  expect(res.results!.map((r) => [r.group!.queueId, r.data!.map((d) => [d.metric, d.stats!.count])])).toEqual([
    [
      queue.id,
      [
        ['oWaiting', 1],
        ['oOffQueueUsers', 1],
      ],
    ],
  ]);
});
