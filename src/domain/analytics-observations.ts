// Queue observations: what each queue holds right now, as Genesys' queue observation query shows
// it: conversations waiting and being handled (by media type when asked), and its joined members
// on and off queue, by presence and by routing status.
import { ApiError } from './errors.js';
import type { Deps } from './deps.js';
import { isActive, viewOf } from './conversations.js';
import { presenceDefinitionIdOf, routingStatusOf } from './presence.js';
import type { Model } from './models.js';
import type { Principal } from './oauth.js';
import { MEDIA_TYPES } from './media.js';
import type { StoreView } from '../store/store.js';
import type { ConversationRecord, QueueRecord, UserRecord } from '../store/schema.js';

type Query = Model<'QueueObservationQuery'>;
type Predicate = { dimension?: string; operator?: string; value?: string };
type Data = Model<'QueueObservationQueryResponse'>['results'][number]['data'][number];

/** The values a filter's `matches` predicates give a dimension, in its predicates and clauses. */
function valuesOf(filter: Query['filter'], dimension: string): string[] {
  const predicates: Predicate[] = [...(filter.predicates ?? []), ...(filter.clauses ?? []).flatMap((c) => c.predicates)];
  return [
    ...new Set(predicates.filter((p) => p.dimension === dimension && (p.operator ?? 'matches') === 'matches' && p.value !== undefined).map((p) => p.value!)),
  ];
}

/** Where a live conversation is with a queue: waiting on it, or handled by an agent it reached. */
function stateOn(c: ConversationRecord, queueId: string): 'waiting' | 'interacting' | undefined {
  const view = viewOf(c);
  if (view.endTime !== undefined) return undefined;
  const acd = view.participants.find((p) => p.purpose === 'acd' && p.queueId === queueId);
  if (!acd) return undefined;
  if (isActive(acd)) return 'waiting';
  const handled = view.participants.some((p) => p.purpose === 'agent' && isActive(p) && p.media.state === 'connected');
  return acd.media.disconnectType === 'transfer' && handled ? 'interacting' : undefined;
}

/** Counts by qualifier, as data entries of a metric (none when nobody has one). */
function byQualifier(metric: string, qualifiers: string[]): Data[] {
  const counts = new Map<string, number>();
  for (const q of qualifiers) counts.set(q, (counts.get(q) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([qualifier, count]) => ({ metric, qualifier, stats: { count } }));
}

/**
 * POST /api/v2/analytics/queues/observations/query: for each of the org's queues the filter names
 * (queueId predicates; at least one), and each media type it names, the metrics asked, as now.
 */
export function observeQueues(deps: Deps, principal: Principal, query: Query): Model<'QueueObservationQueryResponse'> {
  const queueIds = valuesOf(query.filter, 'queueId');
  if (queueIds.length === 0) {
    throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'filter.predicates' }], {
      problems: 'the filter names no queue: add queueId predicates',
    });
  }
  return { results: observe(deps.store, principal.orgId, queueIds, valuesOf(query.filter, 'mediaType'), query.metrics) };
}

const ALL_METRICS = ['oWaiting', 'oInteracting', 'oOnQueueUsers', 'oOffQueueUsers', 'oUserPresences', 'oUserRoutingStatuses'];

/**
 * Every observation of a queue now, as `v2.analytics.queues.{id}.observations` publishes them: its
 * members on the queue's own group, conversations on one group per media type.
 */
export function queueObservations(store: StoreView, orgId: string, queueId: string): Results {
  return observe(store, orgId, [queueId], MEDIA_TYPES, ALL_METRICS);
}

type Results = Model<'QueueObservationQueryResponse'>['results'];

function observe(store: StoreView, orgId: string, queueIds: readonly string[], mediaTypes: readonly string[], metrics: readonly string[]): Results {
  const queues = queueIds.map((id) => store.get('queues', id)).filter((q): q is QueueRecord => q !== undefined);
  const live = store.lookup('conversationsByOrg', orgId).filter((c) => c.endTime === undefined);
  const results: Results = [];
  const wants = (m: string) => metrics.includes(m);
  for (const queue of queues) {
    const members = (queue.members ?? [])
      .filter((m) => m.joined)
      .map((m) => store.get('users', m.userId))
      .filter((u): u is UserRecord => u !== undefined && u.state !== 'deleted');
    const onQueue = members.filter((u) => routingStatusOf(u) !== 'OFF_QUEUE');
    const userData: Data[] = [
      ...(wants('oOnQueueUsers')
        ? onQueue.length > 0
          ? byQualifier('oOnQueueUsers', onQueue.map(routingStatusOf))
          : [{ metric: 'oOnQueueUsers', stats: { count: 0 } }]
        : []),
      ...(wants('oOffQueueUsers') ? [{ metric: 'oOffQueueUsers', stats: { count: members.length - onQueue.length } }] : []),
      ...(wants('oUserPresences') ? byQualifier('oUserPresences', members.map(presenceDefinitionIdOf)) : []),
      ...(wants('oUserRoutingStatuses') ? byQualifier('oUserRoutingStatuses', members.map(routingStatusOf)) : []),
    ];
    const conversationData = (media: string | undefined): Data[] => {
      const states = live.filter((c) => media === undefined || c.mediaType === media).map((c) => stateOn(c, queue.id));
      return [
        ...(wants('oWaiting') ? [{ metric: 'oWaiting', stats: { count: states.filter((s) => s === 'waiting').length } }] : []),
        ...(wants('oInteracting') ? [{ metric: 'oInteracting', stats: { count: states.filter((s) => s === 'interacting').length } }] : []),
      ];
    };
    if (mediaTypes.length === 0) {
      results.push({ group: { queueId: queue.id }, data: [...conversationData(undefined), ...userData] });
    } else {
      // Members are the queue's whatever the media: they are reported once, on the queue's own group.
      if (userData.length > 0) results.push({ group: { queueId: queue.id }, data: userData });
      for (const media of mediaTypes) {
        const data = conversationData(media);
        if (data.length > 0) results.push({ group: { queueId: queue.id, mediaType: media }, data });
      }
    }
  }
  return results;
}
