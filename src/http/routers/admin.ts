// The test-control API under /__admin (no OAuth; --admin-token protects it).
import { Router, type Request } from 'express';
import type { Deps } from '../../domain/deps.js';
import { isoNow } from '../../domain/deps.js';
import { ApiError } from '../../domain/errors.js';
import { presentConversation } from '../../domain/conversation-render.js';
import { createClient, createConversation, createQueue, createUser, setConversationStage } from '../../domain/fixtures.js';
import { createIsolatedOrg, deleteOrg, resetOrg } from '../../domain/orgs.js';
import { buildSeedDocument, defaultOrgId, type Seed } from '../../domain/seed.js';
import { MASK } from '../../domain/secrets.js';
import { appliesTo, type FaultInput } from '../../domain/control/faults.js';
import type { JournalFilter } from '../../domain/control/journal.js';
import { emptyDocument } from '../../store/schema.js';
import type { Control } from '../control.js';
import type { NotificationHub } from '../../domain/notifications/hub.js';
import { pageRequestOf } from '../paging.js';

/** A page of the journal at most: all of it may be tens of megabytes. */
const JOURNAL_PAGE_SIZE = 100;
const JOURNAL_MAX_PAGE_SIZE = 1000;

function journalFilter(req: Request): JournalFilter & { limit?: number; pageSize: number; pageNumber: number } {
  const q = req.query as Record<string, string | undefined>;
  const { pageSize = JOURNAL_PAGE_SIZE, pageNumber = 1 } = pageRequestOf(req, JOURNAL_MAX_PAGE_SIZE);
  return {
    pageSize,
    pageNumber,
    method: q.method,
    path: q.path,
    status: q.status === undefined ? undefined : Number(q.status),
    orgId: q.orgId,
    since: q.since,
    ...(q.limit === undefined ? {} : { limit: Number(q.limit) }),
  };
}

export function adminRouter(deps: Deps, seed: Seed, control: Control, allScopes: string[], hub: NotificationHub): Router {
  const router = Router({ caseSensitive: true });
  const orgId = defaultOrgId(seed);

  router.get('/__admin/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.post('/__admin/reset', async (req, res) => {
    const empty = (req.body as { empty?: boolean } | undefined)?.empty === true;
    // The data first: if it cannot be written, nothing else is reset either. The seed is dated
    // in real time, where the reset puts the clock back.
    await deps.store.replace(empty ? emptyDocument() : buildSeedDocument({ ...deps, clock: control.clock.real }, seed));
    control.reset();
    hub.reset();
    res.json({ status: 'reset' });
  });

  router.post('/__admin/oauth/clients', async (req, res) => {
    const client = await createClient(deps, orgId, req.body);
    res.status(201).json({
      clientId: client.id,
      clientSecret: client.secret,
      name: client.name,
      scopes: client.scopes,
      orgId: client.orgId,
      ...(client.userId ? { userId: client.userId } : {}),
    });
  });

  router.post('/__admin/users', async (req, res) => {
    const user = await createUser(deps, orgId, req.body);
    res.status(201).json({ id: user.id, name: user.name, orgId: user.orgId });
  });

  router.post('/__admin/queues', async (req, res) => {
    const queue = await createQueue(deps, orgId, req.body);
    res.status(201).json({ id: queue.id, name: queue.name, orgId: queue.orgId });
  });

  router.post('/__admin/conversations', async (req, res) => {
    res.status(201).json(presentConversation(deps.store, await createConversation(deps, orgId, req.body)));
  });

  router.patch('/__admin/conversations/:conversationId', async (req, res) => {
    const body = req.body as { state: string };
    res.json(presentConversation(deps.store, await setConversationStage(deps, req.params.conversationId, body.state)));
  });

  router.get('/__admin/state', (_req, res) => {
    const doc = deps.store.snapshot();
    for (const client of doc.oauthClients) client.secret = MASK;
    res.json(doc);
  });

  // ---- isolated orgs
  router.post('/__admin/orgs', async (req, res) => {
    const org = await createIsolatedOrg(deps, allScopes, (req.body as { name?: string } | undefined)?.name);
    res.status(201).json(org);
  });
  router.post('/__admin/orgs/:orgId/reset', async (req, res) => {
    await resetOrg(deps, seed, req.params.orgId);
    hub.reset(req.params.orgId);
    res.json({ status: 'reset' });
  });
  router.delete('/__admin/orgs/:orgId', async (req, res) => {
    await deleteOrg(deps, req.params.orgId);
    hub.reset(req.params.orgId);
    res.status(204).end();
  });

  // ---- the virtual clock
  router.get('/__admin/clock', (_req, res) => {
    res.json({ now: isoNow(deps.clock) });
  });
  router.post('/__admin/clock', (req, res) => {
    const body = (req.body ?? {}) as { advanceSeconds?: number; now?: string; real?: boolean; backwards?: boolean };
    const given = ['advanceSeconds', 'now', 'real'].filter((k) => (body as Record<string, unknown>)[k] !== undefined);
    if (given.length !== 1) {
      throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'advanceSeconds' }], { problems: 'give exactly one of advanceSeconds, now, real' });
    }
    if (body.backwards !== undefined && body.now === undefined) {
      throw new ApiError('invalidBody', {}, [{ errorCode: 'invalid.value', fieldName: 'backwards' }], { problems: 'backwards goes with now' });
    }
    if (body.advanceSeconds !== undefined) control.clock.advance(body.advanceSeconds);
    else if (body.now !== undefined) control.clock.set(body.now, { backwards: body.backwards === true });
    else if (body.real === true) control.clock.backToReal();
    // Channels that the new time puts past their 24 hours close now.
    hub.expire();
    res.json({ now: isoNow(deps.clock) });
  });

  // ---- the request journal
  router.get('/__admin/requests', (req, res) => {
    const { limit, pageSize, pageNumber, ...filter } = journalFilter(req);
    const matching = control.journal.find(filter);
    const found = limit === undefined ? matching : matching.slice(Math.max(0, matching.length - limit));
    const requests = found.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    res.json({ requests, total: found.length, pageSize, pageNumber, pageCount: Math.ceil(found.length / pageSize) });
  });
  router.delete('/__admin/requests', (_req, res) => {
    control.journal.clear();
    res.status(204).end();
  });
  router.post('/__admin/requests/count', (req, res) => {
    const body = (req.body ?? {}) as JournalFilter;
    res.json({ count: control.journal.find(body).length });
  });
  router.get('/__admin/requests/:correlationId', (req, res) => {
    const entry = control.journal.byCorrelationId(req.params.correlationId);
    if (!entry) throw new ApiError('notFound');
    res.json(entry);
  });

  // ---- faults
  router.post('/__admin/faults', (req, res) => {
    const fault = control.faults.add(deps.ids.uuid(), req.body as FaultInput);
    if (fault.drop) {
      // A drop fault on /channels/… cuts the matching notification sockets at once.
      // (a WebSocket opens with a GET of its path)
      const dropped = hub.dropSockets((path, org) => appliesTo(fault, { method: 'GET', path, orgId: org }), fault.times);
      control.faults.hit(fault.id, dropped);
    }
    res.status(201).json({ id: fault.id });
  });
  router.get('/__admin/faults', (_req, res) => {
    res.json({ faults: control.faults.list() });
  });
  router.delete('/__admin/faults', (_req, res) => {
    control.faults.clear();
    res.status(204).end();
  });
  router.delete('/__admin/faults/:faultId', (req, res) => {
    if (!control.faults.remove(req.params.faultId)) throw new ApiError('notFound');
    res.status(204).end();
  });

  // ---- notifications
  router.get('/__admin/notifications', (_req, res) => {
    res.json({ channels: hub.state() });
  });

  // ---- settings
  router.get('/__admin/settings', (_req, res) => {
    res.json({ rateLimits: control.rateLimits });
  });
  router.post('/__admin/settings', (req, res) => {
    const body = (req.body ?? {}) as { rateLimits?: boolean };
    if (body.rateLimits !== undefined) {
      control.rateLimits = body.rateLimits;
      control.limiter.clear();
    }
    res.json({ rateLimits: control.rateLimits });
  });

  return router;
}
