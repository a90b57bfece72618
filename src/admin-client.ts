// A small typed client of the /__admin API, for tests that embed the server or point at one.
// Its types are the document's (generated at build), so the client and the server cannot disagree.
import type { Model } from './domain/models.js';
import type { operations } from './generated/openapi.js';

/** An isolated org, as POST /__admin/orgs creates it. */
export type OrgCredentials = Model<'AdminOrg'>;

/** A conversation fixture, as POST /__admin/conversations takes it. */
export type ConversationFixture = Model<'AdminConversationRequest'>;

/** Which journaled requests to list: GET /__admin/requests's query, paging aside. */
export type RequestFilter = Omit<NonNullable<operations['getAdminRequests']['parameters']['query']>, 'pageSize' | 'pageNumber'>;

/** One request of the journal, as GET /__admin/requests lists it. */
export type JournaledRequest = Model<'AdminRequest'>;

/** A fault to arm with POST /__admin/faults. */
export type FaultSpec = Model<'AdminFaultRequest'>;

/** A stub to add with POST /__admin/stubs (docs/stubs.md). */
export type StubSpec = Model<'AdminStubRequest'>;

/** A stub as the server keeps it: its id, hits, the operation it is and the warnings on its answer. */
export type StubInfo = Model<'AdminStub'>;

export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`/__admin answered ${status}: ${JSON.stringify(body)}`);
    this.name = 'AdminError';
  }
}

export class AdminClient {
  readonly url: string;
  private readonly adminToken: string;

  /**
   * @param url the server, `http://HOST:PORT`; by default the environment's GENESYS_MOCK_URL.
   * @param adminToken the server's `--admin-token`, sent as `Authorization: Bearer`; by default the
   *   environment's GENESYS_MOCK_ADMIN_TOKEN; `''` sends none.
   */
  constructor(url: string | undefined = process.env.GENESYS_MOCK_URL, adminToken: string | undefined = process.env.GENESYS_MOCK_ADMIN_TOKEN) {
    if (!url) throw new TypeError("AdminClient needs the server's URL: pass it, or set GENESYS_MOCK_URL");
    this.url = url.replace(/\/+$/, '');
    this.adminToken = adminToken ?? '';
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(this.adminToken ? { Authorization: `Bearer ${this.adminToken}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new AdminError(res.status, parsed);
    return parsed as T;
  }

  createOrg(name?: string): Promise<OrgCredentials> {
    return this.call('POST', '/__admin/orgs', name === undefined ? {} : { name });
  }

  resetOrg(orgId: string): Promise<void> {
    return this.call('POST', `/__admin/orgs/${encodeURIComponent(orgId)}/reset`);
  }

  deleteOrg(orgId: string): Promise<void> {
    return this.call('DELETE', `/__admin/orgs/${encodeURIComponent(orgId)}`);
  }

  createConversation(fixture: ConversationFixture): Promise<Model<'Conversation'>> {
    return this.call('POST', '/__admin/conversations', fixture);
  }

  setState(conversationId: string, state: ConversationFixture['state']): Promise<Model<'Conversation'>> {
    return this.call('PATCH', `/__admin/conversations/${encodeURIComponent(conversationId)}`, { state });
  }

  /** A user with Genesys' fields (email, department, title, state, profile and routing skills). */
  createUser(user: Model<'AdminUserRequest'>): Promise<Model<'AdminUser'>> {
    return this.call('POST', '/__admin/users', user);
  }

  /** A queue with its members and wrap-up codes. */
  createQueue(queue: Model<'AdminQueueRequest'>): Promise<Model<'AdminQueue'>> {
    return this.call('POST', '/__admin/queues', queue);
  }

  createSkill(skill: Model<'AdminNamedRequest'>): Promise<Model<'AdminNamed'>> {
    return this.call('POST', '/__admin/skills', skill);
  }

  createWrapupCode(code: Model<'AdminNamedRequest'>): Promise<Model<'AdminNamed'>> {
    return this.call('POST', '/__admin/wrapupcodes', code);
  }

  /** An Open Messaging or WhatsApp integration, or an SMS number (`address`), taking messages in on `queueId`. */
  createMessagingIntegration(integration: Model<'AdminMessagingIntegrationRequest'>): Promise<Model<'AdminMessagingIntegration'>> {
    return this.call('POST', '/__admin/messaging/integrations', integration);
  }

  /** The customer of a live messaging conversation writes `text`. */
  customerMessage(conversationId: string, text: string): Promise<Model<'MessageData'>> {
    return this.call('POST', `/__admin/conversations/${encodeURIComponent(conversationId)}/messages`, { text });
  }

  createClient(client: Model<'AdminOAuthClientRequest'>): Promise<Model<'AdminOAuthClient'>> {
    return this.call('POST', '/__admin/oauth/clients', client);
  }

  /** Sets the virtual clock; a time before the current one needs `backwards`. */
  async setClock(now: string, options: { backwards?: boolean } = {}): Promise<string> {
    return (await this.call<{ now: string }>('POST', '/__admin/clock', { now, ...(options.backwards ? { backwards: true } : {}) })).now;
  }

  async realClock(): Promise<string> {
    return (await this.call<{ now: string }>('POST', '/__admin/clock', { real: true })).now;
  }

  /** The whole store, secrets masked. */
  state(): Promise<Model<'AdminState'>> {
    return this.call('GET', '/__admin/state');
  }

  /** One org's fixtures, in the shapes the fixture routes take (client secrets left out). */
  fixtures(orgId: string): Promise<Model<'AdminOrgFixtures'>> {
    return this.call('GET', `/__admin/orgs/${encodeURIComponent(orgId)}/fixtures`);
  }

  async advanceClock(seconds: number): Promise<string> {
    return (await this.call<{ now: string }>('POST', '/__admin/clock', { advanceSeconds: seconds })).now;
  }

  async now(): Promise<string> {
    return (await this.call<{ now: string }>('GET', '/__admin/clock')).now;
  }

  /** Every journaled request that matches, oldest first, read a page at a time. */
  async requests(filter: RequestFilter = {}): Promise<JournaledRequest[]> {
    const all: JournaledRequest[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const query = new URLSearchParams([
        ...Object.entries(filter).map(([k, v]): [string, string] => [k, String(v)]),
        ['pageSize', '1000'],
        ['pageNumber', String(pageNumber)],
      ]);
      const page = await this.call<{ requests: JournaledRequest[]; pageCount: number }>('GET', `/__admin/requests?${query}`);
      all.push(...page.requests);
      if (pageNumber >= page.pageCount) return all;
    }
  }

  async count(filter: Model<'AdminRequestFilter'> = {}): Promise<number> {
    return (await this.call<{ count: number }>('POST', '/__admin/requests/count', filter)).count;
  }

  clearRequests(): Promise<void> {
    return this.call('DELETE', '/__admin/requests');
  }

  async addFault(fault: FaultSpec): Promise<string> {
    return (await this.call<{ id: string }>('POST', '/__admin/faults', fault)).id;
  }

  removeFaults(): Promise<void> {
    return this.call('DELETE', '/__admin/faults');
  }

  /** Adds a stub; the answer has its id, the Genesys operation and any warnings on its body. */
  addStub(stub: StubSpec): Promise<StubInfo> {
    return this.call('POST', '/__admin/stubs', stub);
  }

  /** The stubs, in the order they are tried. */
  async stubs(): Promise<StubInfo[]> {
    return (await this.call<{ stubs: StubInfo[] }>('GET', '/__admin/stubs')).stubs;
  }

  /** Removes one stub, or every stub when no id is given. */
  removeStub(id?: string): Promise<void> {
    return this.call('DELETE', id === undefined ? '/__admin/stubs' : `/__admin/stubs/${encodeURIComponent(id)}`);
  }

  async setRateLimits(on: boolean): Promise<void> {
    await this.call('POST', '/__admin/settings', { rateLimits: on });
  }

  async reset(options: { empty?: boolean } = {}): Promise<void> {
    await this.call('POST', '/__admin/reset', options);
  }
}
