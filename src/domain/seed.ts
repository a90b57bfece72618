// A seed describes an org's fixtures (data/seed.json is the demo one). It is built through the
// same fixture builders as /__admin, so seeded conversations are shaped exactly like created ones.
import type { Deps } from './deps.js';
import { isoNow } from './deps.js';
import {
  buildClient,
  buildConversationFixture,
  buildMessagingIntegration,
  buildQueue,
  buildSkill,
  buildUser,
  buildWrapupCode,
  type ClientInput,
  type ConversationInput,
  type MessagingIntegrationInput,
  type NamedInput,
  type QueueInput,
  type UserInput,
} from './fixtures.js';
import { buildContact, contactProblem } from './external-contacts.js';
import type { Model } from './models.js';
import { openMemoryStore } from '../store/store.js';
import { orgView } from '../store/org-view.js';
import { emptyDocument, type DataDocument } from '../store/schema.js';

export interface Seed {
  orgs: { id: string; name: string }[];
  users: UserInput[];
  queues: QueueInput[];
  skills: NamedInput[];
  wrapupCodes: NamedInput[];
  oauthClients: ClientInput[];
  messagingIntegrations: MessagingIntegrationInput[];
  conversations: ConversationInput[];
  externalContacts: Model<'AdminExternalContact'>[];
}

export class SeedError extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = 'SeedError';
  }
}

const SEED_KEYS = ['orgs', 'skills', 'wrapupCodes', 'users', 'queues', 'oauthClients', 'messagingIntegrations', 'conversations', 'externalContacts'] as const;

/** Checks a parsed seed file's shape; throws SeedError naming the first problem. */
export function parseSeed(value: unknown): Seed {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SeedError('is not a JSON object');
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (!(SEED_KEYS as readonly string[]).includes(key)) throw new SeedError(`has an unknown key "${key}"`);
  }
  const list = (key: (typeof SEED_KEYS)[number], required: string[]) => {
    const items = v[key] ?? [];
    if (!Array.isArray(items)) throw new SeedError(`"${key}" is not an array`);
    items.forEach((item, i) => {
      if (typeof item !== 'object' || item === null) throw new SeedError(`${key}[${i}] is not an object`);
      for (const r of required) {
        if ((item as Record<string, unknown>)[r] === undefined) throw new SeedError(`${key}[${i}] has no "${r}"`);
      }
    });
    return items;
  };
  const seed: Seed = {
    orgs: list('orgs', ['id', 'name']),
    users: list('users', ['name']),
    queues: list('queues', ['name']),
    skills: list('skills', ['name']),
    wrapupCodes: list('wrapupCodes', ['name']),
    oauthClients: list('oauthClients', ['scopes']),
    messagingIntegrations: list('messagingIntegrations', ['name', 'messengerType', 'queueId']),
    conversations: list('conversations', ['mediaType', 'state']),
    externalContacts: list('externalContacts', []),
  };
  if (seed.orgs.length === 0) throw new SeedError('has no org: the first org is the default one');
  return seed;
}

/** The org that fixtures without an orgId go to. */
export function defaultOrgId(seed: Seed): string {
  return seed.orgs[0]!.id;
}

/** The whole document the seed describes, built with the clock's time and the id generator. */
export function buildSeedDocument(deps: Pick<Deps, 'clock' | 'ids'>, seed: Seed): DataDocument {
  const doc = emptyDocument();
  const orgId = defaultOrgId(seed);
  const at = isoNow(deps.clock);
  doc.orgs = seed.orgs.map((o) => ({ id: o.id, name: o.name }));
  doc.skills = seed.skills.map((k) => buildSkill(k.id ?? deps.ids.uuid(), k.orgId ?? orgId, k.name, at));
  doc.wrapupCodes = seed.wrapupCodes.map((c) => buildWrapupCode(c.id ?? deps.ids.uuid(), c.orgId ?? orgId, c.name, at));
  const ofOrg = (list: readonly { id: string; orgId: string }[], id: string, org: string) => list.some((r) => r.id === id && r.orgId === org);
  doc.users = seed.users.map((u) => {
    const user = buildUser(u.id ?? deps.ids.uuid(), u.orgId ?? orgId, u);
    for (const k of user.routingSkills ?? []) {
      if (!ofOrg(doc.skills, k.id, user.orgId)) throw new SeedError(`user ${user.id} has skill ${k.id}, which is not a skill of its org`);
    }
    return user;
  });
  doc.queues = (seed.queues ?? []).map((q) => {
    const queue = buildQueue(q.id ?? deps.ids.uuid(), q.orgId ?? orgId, q);
    for (const m of queue.members ?? []) {
      if (!ofOrg(doc.users, m.userId, queue.orgId)) throw new SeedError(`queue ${queue.id} has member ${m.userId}, who is not a user of its org`);
    }
    for (const c of queue.wrapupCodes ?? []) {
      if (!ofOrg(doc.wrapupCodes, c, queue.orgId)) throw new SeedError(`queue ${queue.id} offers wrap-up code ${c}, which is not a code of its org`);
    }
    return queue;
  });
  doc.oauthClients = seed.oauthClients.map((c) => buildClient(deps.ids, c.orgId ?? orgId, c));
  for (const c of doc.oauthClients) {
    if (c.userId && !doc.users.some((u) => u.id === c.userId && u.orgId === c.orgId)) {
      throw new SeedError(`client ${c.id} acts as user ${c.userId}, who is not a user of its org`);
    }
  }
  // Conversations resolve their agents against the users above, and integrations their queues,
  // so both are built over a view of doc.
  const view = openMemoryStore(doc).store;
  for (const i of seed.messagingIntegrations) {
    const org = i.orgId ?? orgId;
    try {
      const record = buildMessagingIntegration(orgView(view, org), i.id ?? deps.ids.uuid(), org, i);
      doc.messagingIntegrations.push(record);
    } catch (e) {
      throw new SeedError(`messaging integration ${i.id ?? i.name}: ${(e as Error).message}`);
    }
  }
  doc.conversations = seed.conversations.map((c) => buildConversationFixture(view, deps.ids, at, c.orgId ?? orgId, c));
  doc.externalContacts = seed.externalContacts.map(({ id, orgId: org, ...fields }, i) => {
    const problem = contactProblem(fields);
    if (problem) throw new SeedError(`externalContacts[${i}] ${problem}`);
    return buildContact(id ?? deps.ids.uuid(), org ?? orgId, at, fields);
  });
  const known = new Set(doc.orgs.map((o) => o.id));
  const all = [...doc.skills, ...doc.wrapupCodes, ...doc.users, ...doc.queues, ...doc.oauthClients, ...doc.messagingIntegrations, ...doc.conversations];
  for (const r of [...all, ...doc.externalContacts]) {
    if (!known.has(r.orgId)) throw new SeedError(`names org ${r.orgId}, which is not in "orgs"`);
  }
  return doc;
}
