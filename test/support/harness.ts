// Builds the app on lowdb's Memory adapter with a clock the test controls, and a supertest
// agent whose every response is checked against the OpenAPI document.
import { readFileSync } from 'node:fs';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/http/app.js';
import type { Clock } from '../../src/domain/deps.js';
import { buildSeedDocument, parseSeed, type Seed } from '../../src/domain/seed.js';
import { openMemoryStore, type Store } from '../../src/store/store.js';
import { randomIds } from '../../src/system.js';
import { assertMatchesSpec } from './spec.js';

export const DEMO = {
  orgId: '6b2a4e5c-0d1f-4a8e-9c3b-7f1e2d3c4b5a',
  agentId: 'a9f1c2d3-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  queueId: 'b0000000-0000-4000-8000-000000000001',
  wrapupCodes: { resolved: 'e0000000-0000-4000-8000-000000000001', callbackRequested: 'e0000000-0000-4000-8000-000000000002' },
  voiceConnected: 'c0000000-0000-4000-8000-000000000001',
  chatConnected: 'c0000000-0000-4000-8000-000000000002',
  chatQueued: 'c0000000-0000-4000-8000-000000000003',
  voiceDisconnected: 'c0000000-0000-4000-8000-000000000004',
  emailConnected: 'c0000000-0000-4000-8000-000000000005',
  openMessagingIntegrationId: 'f0000000-0000-4000-8000-000000000001',
  smsNumber: '+13175550111',
  customers: {
    voiceConnected: 'cust-voice-1',
    chatConnected: 'cust-chat-2',
  },
} as const;

export function demoSeed(): Seed {
  return parseSeed(JSON.parse(readFileSync(new URL('../../data/seed.json', import.meta.url), 'utf8')));
}

export class TestClock implements Clock {
  constructor(public ms = Date.parse('2026-01-01T09:00:00.000Z')) {}
  now(): number {
    return this.ms;
  }
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

export interface Harness {
  app: Express;
  store: Store;
  clock: TestClock;
  seed: Seed;
  http: SpecCheckedAgent;
  token(clientId?: string, secret?: string, scope?: string): Promise<string>;
}

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete' | 'head';
export type SpecCheckedAgent = Record<Method, (path: string) => request.Test>;

/** A token for any client, through the API. */
export async function tokenFor(http: SpecCheckedAgent, clientId: string, secret: string): Promise<string> {
  const res = await http.post('/oauth/token').auth(clientId, secret).type('form').send({ grant_type: 'client_credentials' });
  if (res.status !== 200) throw new Error(`token for ${clientId}: ${res.status} ${res.text}`);
  return (res.body as { access_token: string }).access_token;
}

/** The Authorization header of a token of a client (an org's from POST /__admin/orgs, or one of POST /__admin/oauth/clients). */
export async function bearerOf(http: SpecCheckedAgent, client: { clientId: string; clientSecret: string }): Promise<{ Authorization: string }> {
  return { Authorization: `Bearer ${await tokenFor(http, client.clientId, client.clientSecret)}` };
}

/** supertest, with every response validated against the OpenAPI document before the test sees it. */
export function specChecked(app: Express): SpecCheckedAgent {
  const agent = request(app);
  const wrap = (method: Method) => (path: string) =>
    agent[method](path).expect((res) => {
      assertMatchesSpec(method, path, res);
    });
  return { get: wrap('get'), post: wrap('post'), patch: wrap('patch'), put: wrap('put'), delete: wrap('delete'), head: wrap('head') };
}

export function harness(
  options: {
    tokenTtlSeconds?: number;
    seed?: Seed;
    store?: Store;
    clock?: TestClock;
    journalSize?: number;
    journalBytes?: number;
    rateLimits?: boolean;
    adminToken?: string;
    analyticsJobSeconds?: number;
  } = {},
): Harness {
  const clock = options.clock ?? new TestClock();
  const seed = options.seed ?? demoSeed();
  const store = options.store ?? openMemoryStore(buildSeedDocument({ clock, ids: randomIds }, seed)).store;
  const { app } = createApp({
    store,
    clock,
    config: {
      tokenTtlSeconds: options.tokenTtlSeconds ?? 86399,
      seed,
      log: () => {},
      journalSize: options.journalSize,
      journalBytes: options.journalBytes,
      rateLimits: options.rateLimits,
      adminToken: options.adminToken,
      analyticsJobSeconds: options.analyticsJobSeconds,
    },
  });
  const http = specChecked(app);
  return {
    app,
    store,
    clock,
    seed,
    http,
    async token(clientId = 'demo-client', secret = 'demo-secret', scope?: string) {
      if (!scope) return tokenFor(http, clientId, secret);
      const res = await http
        .post('/oauth/token')
        .auth(clientId, secret)
        .type('form')
        .send({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
      if (res.status !== 200) throw new Error(`token for ${clientId}: ${res.status} ${res.text}`);
      return (res.body as { access_token: string }).access_token;
    },
  };
}

export const CREATE_BODY = {
  initiator: { id: DEMO.agentId, type: 'agent' },
  participants: [{ id: DEMO.customers.voiceConnected, type: 'external' }],
};

/** Sets a demo-org user's presence through the API (as the demo app client, which has the presence scope). */
export async function setPresence(h: Harness, userId: string, systemPresence: string): Promise<void> {
  const auth = { Authorization: `Bearer ${await h.token('demo-app-client', 'demo-app-secret')}` };
  const definitions = await h.http.get('/api/v2/presencedefinitions').set(auth);
  const id = (definitions.body.entities as { id: string; systemPresence: string }[]).find((p) => p.systemPresence === systemPresence)?.id;
  const res = await h.http.patch(`/api/v2/users/${userId}/presences/purecloud`).set(auth).send({ presenceDefinition: { id } });
  if (res.status !== 200) throw new Error(`presence of ${userId}: ${res.status} ${res.text}`);
}
