// The Notifications API: channels and their topic subscriptions.
import { Router, type Request } from 'express';
import type { NotificationHub } from '../../domain/notifications/hub.js';
import { availableTopics } from '../../domain/notifications/topics.js';
import { principalOf } from '../request-state.js';

/** ws://HOST:PORT of this server, as the client reached it. */
function socketBase(req: Request): string {
  return `ws://${req.headers.host ?? '127.0.0.1'}`;
}

export function notificationsRouter(hub: NotificationHub): Router {
  const router = Router({ caseSensitive: true });
  const base = '/api/v2/notifications';

  router.post(`${base}/channels`, (req, res) => {
    res.json(hub.create(principalOf(req), socketBase(req)));
  });
  router.get(`${base}/channels`, (req, res) => {
    res.json({ entities: hub.list(principalOf(req), socketBase(req)) });
  });
  router.head(`${base}/channels/:channelId`, (req, res) => {
    hub.exists(principalOf(req), req.params.channelId!);
    res.status(200).end();
  });
  router.get(`${base}/channels/:channelId/subscriptions`, (req, res) => {
    res.json({ entities: hub.subscriptions(principalOf(req), req.params.channelId!) });
  });
  router.post(`${base}/channels/:channelId/subscriptions`, (req, res) => {
    res.json({ entities: hub.subscribe(principalOf(req), req.params.channelId!, req.body as { id: string }[], 'add') });
  });
  router.put(`${base}/channels/:channelId/subscriptions`, (req, res) => {
    res.json({ entities: hub.subscribe(principalOf(req), req.params.channelId!, req.body as { id: string }[], 'replace') });
  });
  router.delete(`${base}/channels/:channelId/subscriptions`, (req, res) => {
    hub.unsubscribeAll(principalOf(req), req.params.channelId!);
    res.status(204).end();
  });
  router.get(`${base}/availabletopics`, (_req, res) => {
    res.json({ entities: availableTopics() });
  });
  return router;
}
