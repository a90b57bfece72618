// The test-control API under /__admin (no OAuth).
import { Router } from 'express';
import type { Deps } from '../../domain/deps.js';
import { presentConversation } from '../../domain/conversation-render.js';
import { createClient, createConversation, createQueue, createUser, setConversationStage } from '../../domain/fixtures.js';
import { buildSeedDocument, defaultOrgId, type Seed } from '../../domain/seed.js';
import { MASK } from '../../domain/secrets.js';
import { emptyDocument } from '../../store/schema.js';

export function adminRouter(deps: Deps, seed: Seed): Router {
  const router = Router();
  const orgId = defaultOrgId(seed);

  router.get('/__admin/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.post('/__admin/reset', async (req, res) => {
    const empty = (req.body as { empty?: boolean } | undefined)?.empty === true;
    await deps.store.replace(empty ? emptyDocument() : buildSeedDocument(deps, seed));
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

  return router;
}
