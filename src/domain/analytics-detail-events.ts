// Analytics detail events: what Genesys publishes on `v2.detail.events.conversation.{id}.*` when a
// participant's session starts or ends, a queue hands a conversation on, or an agent finishes its
// after-call work. Read off the conversation's details before and after a change, so an event says
// exactly what the details query says of the same moment.
import { conversationDetails, type AnalyticsConversation } from './analytics.js';
import type { Names } from './conversation-render.js';
import type { DetailEventKind } from './notifications/topics.js';
import type { ConversationRecord } from '../store/schema.js';

type Participant = AnalyticsConversation['participants'][number];
type Session = Participant['sessions'][number];
type Segment = Session['segments'][number];

/** The fields every detail event has (those of the SDK's models that this server knows). */
export interface DetailEventBody {
  eventTime: number;
  conversationId: string;
  participantId: string;
  sessionId: string;
  mediaType: string;
  direction?: string;
  ani?: string;
  dnis?: string;
  divisionId?: string;
  conversationExternalContactIds?: string[];
  [field: string]: unknown;
}

export interface DetailEvent {
  kind: DetailEventKind;
  body: DetailEventBody;
}

/** Genesys' detail events spell the analytics disconnect types in upper case, `CONSULT_TRANSFER` with an underscore. */
const DISCONNECT_TYPE: Record<string, string> = { client: 'CLIENT', peer: 'PEER', transfer: 'TRANSFER', consultTransfer: 'CONSULT_TRANSFER' };

const at = (iso: string) => Date.parse(iso);
const took = (s: Segment) => (s.segmentEnd === undefined ? 0 : at(s.segmentEnd) - at(s.segmentStart));

/** The session's own segments (an agent's wrap-up comes after the session ends). */
const working = (s: Session) => s.segments.filter((g) => g.segmentType !== 'wrapup');
/** When the session ended: the end of its last segment, once every one is closed. */
function endOf(s: Session): Segment | undefined {
  const segments = working(s);
  const last = segments[segments.length - 1];
  return last?.segmentEnd !== undefined && segments.every((g) => g.segmentEnd !== undefined) ? last : undefined;
}
const wrapupOf = (s: Session) => s.segments.find((g) => g.segmentType === 'wrapup' && g.segmentEnd !== undefined);
/** Milliseconds the session's closed segments of a type took, when it had any. */
function duration(s: Session, type: Segment['segmentType']): number | undefined {
  const of = working(s).filter((g) => g.segmentType === type);
  return of.length === 0 ? undefined : of.reduce((sum, g) => sum + took(g), 0);
}

const role = (p: Participant): 'customer' | 'acd' | 'user' | undefined =>
  p.purpose === 'customer' || p.purpose === 'external'
    ? 'customer'
    : p.purpose === 'acd'
      ? 'acd'
      : p.purpose === 'agent' || p.purpose === 'user'
        ? 'user'
        : undefined;

function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** How the queue's part ended: answered by an agent it handed the conversation to, sent on elsewhere, or abandoned. */
function acdOutcome(d: AnalyticsConversation, end: Segment): { acdOutcome: string; answeredUserId?: string } {
  if (end.disconnectType !== 'transfer') return { acdOutcome: 'ABANDON' };
  const answered = d.participants.find(
    (p) => role(p) === 'user' && p.sessions.some((s) => s.segments.some((g) => g.segmentType === 'interact' && g.segmentStart === end.segmentEnd)),
  );
  return answered ? { acdOutcome: 'ANSWERED', ...(answered.userId ? { answeredUserId: answered.userId } : {}) } : { acdOutcome: 'FLOW_OUT' };
}

/**
 * The detail events a change of a conversation makes, in the order they happened (a session's start
 * before its end; participants in the order they joined): a session new in `after` starts, a
 * session whose segments all closed ends, an agent's wrap-up that closed is its after-call work,
 * and a conversation first seen going out is an outbound one. `before` undefined: the conversation is new.
 */
export function detailEvents(before: ConversationRecord | undefined, after: ConversationRecord, names: Names): DetailEvent[] {
  const then = before ? conversationDetails(before, names) : undefined;
  const now = conversationDetails(after, names);
  const sessionsThen = new Map(then?.participants.flatMap((p) => p.sessions.map((s) => [s.sessionId, s] as const)) ?? []);
  const contacts = [...new Set(now.participants.map((p) => p.externalContactId).filter((id): id is string => id !== undefined))];
  const base = (p: Participant, s: Session, eventTime: number): DetailEventBody => ({
    eventTime,
    conversationId: now.conversationId,
    participantId: p.participantId,
    sessionId: s.sessionId,
    mediaType: s.mediaType.toUpperCase(),
    ...(s.direction ? { direction: s.direction.toUpperCase() } : {}),
    ...(s.ani !== undefined ? { ani: s.ani } : {}),
    ...(s.dnis !== undefined ? { dnis: s.dnis } : {}),
    ...(now.divisionIds[0] ? { divisionId: now.divisionIds[0] } : {}),
    ...(contacts.length > 0 ? { conversationExternalContactIds: contacts } : {}),
  });
  const events: DetailEvent[] = [];
  // A conversation that starts by going out (a call placed, an agentless message): its outbound
  // event first, for the party it reaches.
  const dialed = then ? undefined : now.participants.find((p) => role(p) === 'customer');
  const dialedSession = dialed?.sessions[0];
  if (dialed && dialedSession?.segments[0] && now.originatingDirection === 'outbound') {
    events.push({ kind: 'outbound', body: base(dialed, dialedSession, at(dialedSession.segments[0].segmentStart)) });
  }
  for (const p of now.participants) {
    const who = role(p);
    if (!who) continue;
    for (const s of p.sessions) {
      const old = sessionsThen.get(s.sessionId);
      const queueId = s.segments.find((g) => g.queueId !== undefined)?.queueId;
      const first = s.segments[0];
      if (!old && first) {
        const start = base(p, s, at(first.segmentStart));
        if (who === 'customer') {
          events.push({ kind: 'customer.start', body: { ...start, ...defined({ externalContactId: p.externalContactId }) } });
        } else if (who === 'acd') events.push({ kind: 'acd.start', body: { ...start, ...defined({ queueId }) } });
        else events.push({ kind: 'user.start', body: { ...start, ...defined({ userId: p.userId, queueId }) } });
      }
      const end = endOf(s);
      if (end && !(old && endOf(old))) {
        const body = {
          ...base(p, s, at(end.segmentEnd!)),
          ...defined({ disconnectType: end.disconnectType ? DISCONNECT_TYPE[end.disconnectType] : undefined }),
        };
        if (who === 'customer') {
          events.push({
            kind: 'customer.end',
            body: { ...body, ...defined({ externalContactId: p.externalContactId, interactingDurationMs: duration(s, 'interact') }) },
          });
        } else if (who === 'acd') {
          events.push({
            kind: 'acd.end',
            body: { ...body, ...defined({ queueId }), ...acdOutcome(now, end), connectedDurationMs: at(end.segmentEnd!) - at(first!.segmentStart) },
          });
        } else {
          events.push({
            kind: 'user.end',
            body: {
              ...body,
              ...defined({
                userId: p.userId,
                queueId,
                interactingDurationMs: duration(s, 'interact'),
                heldDurationMs: duration(s, 'hold'),
                alertingDurationMs: duration(s, 'alert'),
                contactingDurationMs: duration(s, 'contacting'),
                dialingDurationMs: duration(s, 'dialing'),
              }),
            },
          });
        }
      }
      const wrapup = wrapupOf(s);
      if (wrapup && !(old && wrapupOf(old))) {
        // The SDK's AfterCallWorkEvent has no divisionId.
        const { divisionId: _division, ...acw } = base(p, s, at(wrapup.segmentEnd!));
        events.push({
          kind: 'acw',
          body: {
            ...acw,
            ...defined({ userId: p.userId, queueId, wrapupCode: wrapup.wrapUpCode, wrapupNotes: wrapup.wrapUpNote, wrapupDurationMs: took(wrapup) }),
          },
        });
      }
    }
  }
  // Stable: at one instant, the order above (a participant's start, end, wrap-up; participants as they joined).
  return events.sort((a, b) => a.body.eventTime - b.body.eventTime);
}
