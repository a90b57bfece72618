// Conversation aggregates: the session metrics of the conversation details, counted in the
// interval (and granularity bucket) they were emitted in, grouped by dimensions of the session
// that emitted them. So an aggregate is always the sum of the details it comes from.
import { ApiError, invalidValue } from './errors.js';
import type { Deps } from './deps.js';
import { checkPredicates, conversationDetails, holds, parseInterval, type AnalyticsConversation, type Filter } from './analytics.js';
import { storeNames } from './conversation-render.js';
import type { Model } from './models.js';
import type { Principal } from './oauth.js';

type Query = Model<'ConversationAggregationQuery'>;

/** One emitted metric, with the dimensions of the session that emitted it. */
type Observation = { name: string; value: number; at: number; dims: Record<string, string | undefined> };

const MAX_BUCKETS = 10_000;

/** `PT30M`, `PT1H`, `P1D`, `P1W` (ISO 8601 durations of fixed length) in milliseconds. */
function parseGranularity(granularity: string): number {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(granularity);
  const [w, d, h, min, s] = (m ?? []).slice(1).map((x) => Number(x ?? 0));
  const ms = m ? ((((w! * 7 + d!) * 24 + h!) * 60 + min!) * 60 + s!) * 1000 : 0;
  if (ms <= 0) throw invalidValue('granularity', granularity.slice(0, 50), 'an ISO 8601 duration of weeks, days, hours, minutes or seconds (PT30M, PT1H, P1D)');
  return ms;
}

/** Every metric a conversation's sessions emitted, with the session's dimensions. */
function observations(d: AnalyticsConversation): Observation[] {
  const out: Observation[] = [];
  for (const p of d.participants) {
    for (const s of p.sessions) {
      const dims: Record<string, string | undefined> = {
        conversationId: d.conversationId,
        originatingDirection: d.originatingDirection,
        purpose: p.purpose,
        userId: p.userId,
        mediaType: s.mediaType,
        direction: s.direction,
        queueId: s.segments.find((x) => x.queueId !== undefined)?.queueId,
        wrapUpCode: s.segments.find((x) => x.wrapUpCode !== undefined)?.wrapUpCode,
        ani: s.ani,
        dnis: s.dnis,
      };
      for (const m of s.metrics) out.push({ name: m.name, value: m.value, at: Date.parse(m.emitDate), dims });
    }
  }
  return out;
}

type Stats = { count: number; sum: number; min: number; max: number };

/**
 * POST /api/v2/analytics/conversations/aggregates/query: for each group (the groupBy dimensions'
 * values) and each granularity bucket of the interval, the stats of each asked metric emitted
 * there: count, and for the time metrics sum, min and max (milliseconds).
 */
export function queryAggregates(deps: Deps, principal: Principal, query: Query): Model<'ConversationAggregateQueryResponse'> {
  const { start, end } = parseInterval(query.interval);
  const bucket = query.granularity ? parseGranularity(query.granularity) : end - start;
  if ((end - start) / bucket > MAX_BUCKETS) {
    throw new ApiError('invalidBody', {}, [{ errorCode: 'invalid.value', fieldName: 'granularity' }], {
      problems: `the interval holds more than ${MAX_BUCKETS} buckets of ${query.granularity}`,
    });
  }
  const filter = query.filter as Filter | undefined;
  checkPredicates(filter ? [filter] : [], 'filter');
  const wanted = new Set(query.metrics);
  const groupBy = query.groupBy ?? [];
  const names = storeNames(deps.store);
  // group key -> bucket start -> metric -> stats
  const groups = new Map<string, { group: Record<string, string>; buckets: Map<number, Map<string, Stats>> }>();
  for (const c of deps.store.lookup('conversationsByOrg', principal.orgId)) {
    // A conversation whose events all lie outside the interval emitted nothing in it.
    const first = Date.parse(c.events[0]?.at ?? '');
    const last = Date.parse(c.events.at(-1)?.at ?? '');
    if (!(first < end && last >= start)) continue;
    for (const o of observations(conversationDetails(c, names))) {
      if (!wanted.has(o.name as never) || o.at < start || o.at >= end || (filter !== undefined && !holds(filter, (dimension) => [o.dims[dimension]]))) continue;
      const group: Record<string, string> = {};
      for (const g of groupBy) if (o.dims[g] !== undefined) group[g] = o.dims[g]!;
      const key = JSON.stringify(group);
      const entry = groups.get(key) ?? { group, buckets: new Map() };
      groups.set(key, entry);
      const from = start + Math.floor((o.at - start) / bucket) * bucket;
      const metrics = entry.buckets.get(from) ?? new Map<string, Stats>();
      entry.buckets.set(from, metrics);
      const stats = metrics.get(o.name) ?? { count: 0, sum: 0, min: Infinity, max: -Infinity };
      metrics.set(o.name, { count: stats.count + 1, sum: stats.sum + o.value, min: Math.min(stats.min, o.value), max: Math.max(stats.max, o.value) });
    }
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  const results = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { group, buckets }]) => ({
      group,
      data: [...buckets.entries()]
        .sort(([a], [b]) => a - b)
        .map(([from, metrics]) => ({
          interval: `${iso(from)}/${iso(Math.min(from + bucket, end))}`,
          metrics: query.metrics
            .filter((m) => metrics.has(m))
            .map((m) => {
              const s = metrics.get(m)!;
              return { metric: m, stats: m.startsWith('n') ? { count: s.count } : { max: s.max, min: s.min, count: s.count, sum: s.sum } };
            }),
        })),
    }));
  return { results };
}
