// A scenario as the runner uses it, once parsed and checked (see openapi/scenario.schema.json).

import type { Stage } from '../domain/conversations.js';
import type { Model } from '../domain/models.js';
import type { StubSpec } from '../admin-client.js';

export type FixtureState = Stage;

export interface GivenClient {
  ref: string;
  scopes: string[];
  id?: string;
  secret?: string;
  name?: string;
  user?: string;
  grants?: ('CLIENT-CREDENTIALS' | 'CODE' | 'TOKEN')[];
  redirectUris?: string[];
}

/** A skill or a wrap-up code: a name, and the id to keep when a ticket names it. */
export interface GivenNamed {
  ref: string;
  name: string;
  id?: string;
}

export interface GivenUser {
  ref: string;
  name: string;
  id?: string;
  email?: string;
  department?: string;
  title?: string;
  state?: 'active' | 'inactive';
  profileSkills?: string[];
  /** Refs of given.skills. */
  skills?: { skill: string; proficiency: number }[];
}

export interface GivenQueue {
  ref: string;
  name: string;
  id?: string;
  description?: string;
  /** Refs of given.users. */
  members?: { user: string; joined?: boolean }[];
  /** Refs of given.wrapupCodes. */
  wrapupCodes?: string[];
}

export interface GivenConversation {
  ref: string;
  mediaType: Model<'AdminConversationRequest'>['mediaType'];
  state: FixtureState;
  agent?: string;
  queue?: string;
  customerExternalId?: string;
  id?: string;
}

export interface Given {
  clients?: GivenClient[];
  skills?: GivenNamed[];
  wrapupCodes?: GivenNamed[];
  users?: GivenUser[];
  queues?: GivenQueue[];
  conversations?: GivenConversation[];
  /** Added for the scenario's org (docs/stubs.md). */
  stubs?: GivenStub[];
  clock?: string;
}

/** A stub as the admin API takes it, less its org: the scenario's. */
export type GivenStub = Omit<StubSpec, 'request'> & { request: Omit<StubSpec['request'], 'orgId'> };

export interface ScenarioRequest {
  method: string;
  path: string;
  client?: string;
  token?: string;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  body?: string;
}

export interface Expectation {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Step = { name?: string; line: number } & (
  | { kind: 'request'; request: ScenarioRequest; expect?: Expectation; save?: Record<string, string> }
  | { kind: 'advanceClock'; advanceClock: number }
  | { kind: 'setState'; setState: { conversation: string; state: FixtureState } }
  | { kind: 'customerMessage'; customerMessage: { conversation: string; text: string } }
);

export interface Scenario {
  file: string;
  name: string;
  ticket?: string;
  description?: string;
  given: Given;
  steps: Step[];
}

/** A scenario that moves the clock is run alone: the clock is the server's, not the org's. */
export function movesClock(scenario: Scenario): boolean {
  return scenario.given.clock !== undefined || scenario.steps.some((s) => s.kind === 'advanceClock');
}

/** What `${ref.field}` may read of each kind of fixture. */
export const FIXTURE_FIELDS = {
  org: ['id'],
  clients: ['id', 'secret'],
  users: ['id', 'name'],
  queues: ['id', 'name'],
  skills: ['id', 'name'],
  wrapupCodes: ['id', 'name'],
  conversations: ['id', 'customerExternalId', 'mediaType'],
} as const;

export const STEP_KINDS = ['request', 'advanceClock', 'setState', 'customerMessage'] as const;
