// Conversation details as Genesys' analytics shows them, computed from the conversation's events:
// each participant's session, its segments (what it did, from when to when) and its metrics.
// Exact to the millisecond of the virtual clock, and there as soon as the conversation changes.
import { ApiError, invalidValue } from './errors.js';
import type { Deps } from './deps.js';
import { homeDivision } from './divisions.js';
import { derivedId, viewOf, type CommunicationView, type ParticipantView, type SegmentMark } from './conversations.js';
import { participantName, storeNames, type Names } from './conversation-render.js';
import type { Model } from './models.js';
import type { Principal } from './oauth.js';
import type { ConversationRecord, MediaType } from '../store/schema.js';

export type AnalyticsConversation = Model<'AnalyticsConversation'>;
type Session = Model<'AnalyticsSession'>;
type Segment = Model<'AnalyticsConversationSegment'>;
type Metric = Model<'AnalyticsSessionMetric'>;

const MEDIA_TYPE: Record<MediaType, Session['mediaType']> = { voice: 'voice', chat: 'chat', message: 'message', email: 'email', callback: 'callback' };

/** Genesys' analytics disconnect types (the Conversation API's `transfer.consult` is `consultTransfer` here). */
const DISCONNECT_TYPE: Record<string, Segment['disconnectType']> = {
  client: 'client',
  peer: 'peer',
  transfer: 'transfer',
  'transfer.consult': 'consultTransfer',
};

const SEGMENT_TYPE: Record<Exclude<SegmentMark['type'], 'end'>, Segment['segmentType']> = {
  Alert: 'alert',
  Dialing: 'dialing',
  Contacting: 'contacting',
  Interact: 'interact',
  Hold: 'hold',
};

const ms = (from: string, to: string) => Date.parse(to) - Date.parse(from);

/** The session's segments: one per mark, the last one open while the session goes on; an agent's wrap-up after it. */
function segmentsOf(comm: CommunicationView, p: ParticipantView, queueId: string | undefined): Segment[] {
  const segments: Segment[] = [];
  const marks = comm.marks;
  for (let i = 0; i < marks.length; i++) {
    const mark = marks[i]!;
    if (mark.type === 'end') continue;
    const next = marks[i + 1];
    const ended = next?.type === 'end';
    segments.push({
      segmentStart: mark.at,
      ...(next ? { segmentEnd: next.at } : {}),
      segmentType: SEGMENT_TYPE[mark.type],
      ...(queueId ? { queueId } : {}),
      ...(ended && comm.disconnectType && DISCONNECT_TYPE[comm.disconnectType] ? { disconnectType: DISCONNECT_TYPE[comm.disconnectType] } : {}),
    });
  }
  if (p.purpose === 'agent' && comm.disconnectedTime !== undefined) {
    segments.push({
      segmentStart: comm.disconnectedTime,
      ...(p.wrapupTime !== undefined ? { segmentEnd: p.wrapupTime } : {}),
      segmentType: 'wrapup',
      ...(queueId ? { queueId } : {}),
      ...(p.wrapup ? { wrapUpCode: p.wrapup.code, ...(p.wrapup.notes !== undefined ? { wrapUpNote: p.wrapup.notes } : {}) } : {}),
    });
  }
  return segments;
}

/** The time the closed segments of a type took. */
function closedTime(segments: readonly Segment[], type: Segment['segmentType']): number {
  return segments.filter((s) => s.segmentType === type && s.segmentEnd !== undefined).reduce((sum, s) => sum + ms(s.segmentStart, s.segmentEnd!), 0);
}

/** What each session measured, emitted when it was known (emitDate). */
function metricsOf(comm: CommunicationView, p: ParticipantView, segments: readonly Segment[], queueEntry: string | undefined): Metric[] {
  const metrics: Metric[] = [];
  const add = (name: Metric['name'], value: number, emitDate: string) => metrics.push({ name, value, emitDate });
  if (p.purpose === 'acd') {
    add('nOffered', 1, comm.marks[0]!.at);
    if (comm.disconnectedTime !== undefined) {
      const waited = ms(comm.marks[0]!.at, comm.disconnectedTime);
      // Left with the customer still waiting (not handed to an agent): abandoned.
      if (comm.disconnectType !== 'transfer') add('tAbandon', waited, comm.disconnectedTime);
      add('tAcd', waited, comm.disconnectedTime);
      add('tWait', waited, comm.disconnectedTime);
    }
    return metrics;
  }
  if (p.purpose !== 'agent' && p.purpose !== 'user') return metrics;
  const alert = segments.find((s) => s.segmentType === 'alert');
  if (alert?.segmentEnd !== undefined) add('tAlert', ms(alert.segmentStart, alert.segmentEnd), alert.segmentEnd);
  if (comm.connectedTime !== undefined) {
    if (queueEntry !== undefined) add('tAnswered', ms(queueEntry, comm.connectedTime), comm.connectedTime);
    add('nConnected', 1, comm.connectedTime);
  }
  if (comm.disconnectedTime !== undefined && comm.connectedTime !== undefined) {
    const talk = closedTime(segments, 'interact');
    const held = closedTime(segments, 'hold');
    add('tTalk', talk, comm.disconnectedTime);
    if (held > 0) add('tHeld', held, comm.disconnectedTime);
    if (p.purpose === 'agent' && p.wrapupTime !== undefined) {
      const acw = ms(comm.disconnectedTime, p.wrapupTime);
      add('tAcw', acw, p.wrapupTime);
      add('tHandle', talk + held + acw, p.wrapupTime);
    }
  }
  return metrics;
}

/** The details of one conversation (AnalyticsConversation). */
export function conversationDetails(c: ConversationRecord, names: Names): AnalyticsConversation {
  const view = viewOf(c);
  const acd = view.participants.find((p) => p.purpose === 'acd');
  const queueEntry = acd?.startTime;
  const queueId = acd?.queueId;
  const customer = view.participants.find((p) => p.purpose === 'customer');
  const direction = (customer ?? view.participants[0])?.media.direction ?? 'inbound';
  // A call's customer number: its ani when it called in, its dnis when called.
  const number = c.mediaType === 'voice' ? customer?.address : undefined;
  return {
    conversationId: c.id,
    conversationStart: view.startTime,
    ...(view.endTime !== undefined ? { conversationEnd: view.endTime } : {}),
    originatingDirection: direction,
    divisionIds: [homeDivision(c.orgId).id],
    participants: view.participants.map((p) => {
      const comm = p.media;
      const segments = segmentsOf(comm, p, p.purpose === 'customer' || p.purpose === 'external' ? undefined : queueId);
      return {
        participantId: derivedId(c.id, p.ordinal),
        participantName: participantName(p, names),
        purpose: p.purpose,
        ...(p.userId ? { userId: p.userId } : {}),
        ...(p.externalContactId ? { externalContactId: p.externalContactId } : {}),
        sessions: [
          {
            sessionId: derivedId(c.id, comm.ordinal),
            mediaType: MEDIA_TYPE[c.mediaType],
            ...(comm.direction ? { direction: comm.direction } : {}),
            ...(number !== undefined ? (direction === 'inbound' ? { ani: number } : { dnis: number }) : {}),
            segments,
            metrics: metricsOf(comm, p, segments, queueEntry),
          },
        ],
      };
    }),
  };
}

/** GET /api/v2/analytics/conversations/{conversationId}/details: another org's, or none, is 404. */
export function getConversationDetails(deps: Deps, conversationId: string): AnalyticsConversation {
  const conversation = deps.store.get('conversations', conversationId);
  if (!conversation) throw new ApiError('notFound');
  return conversationDetails(conversation, storeNames(deps.store));
}

/** GET /api/v2/analytics/conversations/details?id=…: those of the org among the ids, in the order asked. */
export function getConversationsDetails(deps: Deps, ids: readonly string[]): Model<'AnalyticsConversationMultiGetResponse'> {
  const names = storeNames(deps.store);
  const found = [...new Set(ids)].flatMap((id) => {
    const c = deps.store.get('conversations', id);
    return c ? [conversationDetails(c, names)] : [];
  });
  return { conversations: found };
}

/** `start/end` as milliseconds; anything else is 400. */
export function parseInterval(interval: string): { start: number; end: number } {
  const parts = interval.split('/');
  const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
  const [start, end] = parts.length === 2 && parts.every((p) => zoned.test(p)) ? parts.map((p) => Date.parse(p)) : [NaN, NaN];
  if (!(start! < end!)) throw invalidValue('interval', interval.slice(0, 100), 'ISO 8601 start/end instants with a zone, start before end');
  return { start: start!, end: end! };
}

type Predicate = { dimension?: string; operator?: string; value?: string };
/** A filter of a details or aggregate query: predicates, and clauses of them, all or any. */
export type Filter = { type: 'and' | 'or'; predicates?: Predicate[]; clauses?: { type: 'and' | 'or'; predicates: Predicate[] }[] };

/** A predicate on a value or values: matches (equal, any case for names), exists, notExists. */
function test(pred: Predicate, values: readonly (string | undefined)[]): boolean {
  const present = values.filter((v): v is string => v !== undefined);
  if (pred.operator === 'exists') return present.length > 0;
  if (pred.operator === 'notExists') return present.length === 0;
  return present.some((v) => v === pred.value);
}

/** Whether a filter holds, each predicate asked of `valuesOf`. */
export function holds(filter: Filter, valuesOf: (dimension: string) => readonly (string | undefined)[]): boolean {
  const one = (p: Predicate) => test(p, valuesOf(p.dimension ?? ''));
  const groups: boolean[] = [
    ...(filter.predicates ?? []).map(one),
    ...(filter.clauses ?? []).map((c) => (c.type === 'and' ? c.predicates.every(one) : c.predicates.some(one))),
  ];
  if (groups.length === 0) return true;
  return filter.type === 'and' ? groups.every(Boolean) : groups.some(Boolean);
}

/** A matches predicate needs a value. */
export function checkPredicates(filters: readonly Filter[] | undefined, kind: string): void {
  for (const f of filters ?? []) {
    for (const p of [...(f.predicates ?? []), ...(f.clauses ?? []).flatMap((c) => c.predicates)]) {
      if (p.dimension === undefined) throw invalidValue(`${kind}.predicates.dimension`, 'none', 'a dimension');
      if ((p.operator ?? 'matches') === 'matches' && p.value === undefined) {
        throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'value' }], { problems: `the ${p.dimension} predicate matches no value` });
      }
    }
  }
}

/** The conversation-level dimensions of a conversation. */
function conversationValues(d: AnalyticsConversation, dimension: string): (string | undefined)[] {
  switch (dimension) {
    case 'conversationId':
      return [d.conversationId];
    case 'conversationStart':
      return [d.conversationStart];
    case 'conversationEnd':
      return [d.conversationEnd];
    case 'divisionId':
      return d.divisionIds;
    case 'originatingDirection':
      return [d.originatingDirection];
    default:
      return [];
  }
}

/** Every segment of a conversation, with its session's and participant's dimensions. */
function segmentRows(d: AnalyticsConversation): ((dimension: string) => (string | undefined)[])[] {
  return d.participants.flatMap((p) =>
    p.sessions.flatMap((s) =>
      s.segments.map((seg) => (dimension: string) => {
        switch (dimension) {
          case 'conversationId':
            return [d.conversationId];
          case 'participantName':
            return [p.participantName];
          case 'purpose':
            return [p.purpose];
          case 'userId':
            return [p.userId];
          case 'externalContactId':
            return [p.externalContactId];
          case 'sessionId':
            return [s.sessionId];
          case 'mediaType':
            return [s.mediaType];
          case 'direction':
            return [s.direction];
          case 'ani':
            return [s.ani];
          case 'dnis':
            return [s.dnis];
          case 'queueId':
            return [seg.queueId];
          case 'segmentType':
            return [seg.segmentType];
          case 'wrapUpCode':
            return [seg.wrapUpCode];
          case 'disconnectType':
            return [seg.disconnectType];
          default:
            return [];
        }
      }),
    ),
  );
}

/** The filters and order of a details query or job. */
export type DetailsQuery = Pick<Model<'ConversationQuery'>, 'interval' | 'order' | 'orderBy' | 'conversationFilters' | 'segmentFilters'>;

/** A conversation a query found, its details rendered only when asked for. */
export type Found = { conversation: ConversationRecord; details(): AnalyticsConversation };

/**
 * The org's conversations that started in the interval, those passing every conversation filter
 * and, for each segment filter, having a segment that passes it; ordered. A conversation's details
 * are rendered only when a filter needs them (or the caller asks).
 */
export function findConversations(deps: Deps, principal: Principal, query: DetailsQuery): Found[] {
  const { start, end } = parseInterval(query.interval);
  checkPredicates(query.conversationFilters as Filter[] | undefined, 'conversationFilters');
  checkPredicates(query.segmentFilters as Filter[] | undefined, 'segmentFilters');
  const names = storeNames(deps.store);
  const byEnd = query.orderBy === 'conversationEnd' || query.orderBy === 'segmentEnd';
  type Row = Found & { key: string; start: string };
  const rows: Row[] = [];
  // Stored times are all ISO strings in UTC of one length: compared as strings, no parse of each.
  const [from, to] = [new Date(start).toISOString(), new Date(end).toISOString()];
  for (const c of deps.store.lookup('conversationsByOrg', principal.orgId)) {
    const started = c.events[0]?.at;
    if (started === undefined || started < from || started >= to) continue;
    let rendered: AnalyticsConversation | undefined;
    rows.push({
      conversation: c,
      details: () => (rendered ??= conversationDetails(c, names)),
      key: byEnd ? (c.endTime ?? '') : c.events[0]!.at,
      start: c.events[0]!.at,
    });
  }
  const conversationFilters = (query.conversationFilters ?? []) as Filter[];
  const segmentFilters = (query.segmentFilters ?? []) as Filter[];
  const passing =
    conversationFilters.length === 0 && segmentFilters.length === 0
      ? rows
      : rows.filter((r) => {
          const d = r.details();
          if (!conversationFilters.every((f) => holds(f, (dimension) => conversationValues(d, dimension)))) return false;
          const segments = segmentRows(d);
          return segmentFilters.every((f) => segments.some((valuesOf) => holds(f, valuesOf)));
        });
  if (query.order !== 'unordered') {
    // Conversations still going have no end: they come last by end, either way; ties go by start, then id.
    const direction = query.order === 'desc' ? -1 : 1;
    passing.sort((a, b) => {
      if (a.key !== b.key) {
        if (a.key === '') return 1;
        if (b.key === '') return -1;
        return (a.key < b.key ? -1 : 1) * direction;
      }
      if (a.start !== b.start) return (a.start < b.start ? -1 : 1) * direction;
      return a.conversation.id < b.conversation.id ? -1 : 1;
    });
  }
  return passing;
}

/** POST /api/v2/analytics/conversations/details/query: one page of what findConversations finds. */
export function queryConversationDetails(deps: Deps, principal: Principal, query: Model<'ConversationQuery'>): Model<'AnalyticsConversationQueryResponse'> {
  const found = findConversations(deps, principal, query);
  const pageSize = query.paging?.pageSize ?? 25;
  const pageNumber = query.paging?.pageNumber ?? 1;
  const pageRows = found.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return {
    ...(pageRows.length > 0 ? { conversations: pageRows.map((r) => r.details()) } : {}),
    totalHits: found.length,
  };
}
