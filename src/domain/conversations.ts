// Conversations as Genesys shapes them, folded from the record's events, and the fixture stages
// they move through. A stage is the mock's word for where a conversation is in its life.
import { createHash } from 'node:crypto';
import { ApiError } from './errors.js';
import { MEDIA } from './media.js';
import { boundedMemo } from './memo.js';
import type { ConversationEvent, ConversationRecord, MediaType, MessageStatus, ParticipantPurpose, SpeakTo, UserRecord } from '../store/schema.js';

export const STAGES = ['queued', 'alerting', 'connected', 'disconnected'] as const;
export type Stage = (typeof STAGES)[number];

const STAGE_ALIASES: Record<string, Stage> = { active: 'connected', closed: 'disconnected' };

export function parseStage(value: string): Stage | undefined {
  return (STAGES as readonly string[]).includes(value) ? (value as Stage) : STAGE_ALIASES[value];
}

/** The Genesys per-media communication arrays a participant may carry. */
export type CommunicationList = 'calls' | 'chats' | 'messages' | 'emails' | 'callbacks' | 'cobrowsesessions';

export type CommunicationState = 'alerting' | 'dialing' | 'contacting' | 'connected' | 'disconnected';

export interface CommunicationView {
  /** The order it appeared in the conversation; its id is derived from it when rendered. */
  ordinal: number;
  state: CommunicationState;
  initialState: CommunicationState;
  direction?: 'inbound' | 'outbound';
  provider: string;
  startAlertingTime?: string;
  connectedTime?: string;
  disconnectedTime?: string;
  disconnectType?: string;
  cobrowseSessionId?: string;
  cobrowseRole?: 'viewer' | 'sharer';
  /** Only once the participant was put on hold (or muted) at least once. */
  held?: boolean;
  muted?: boolean;
  /** What the communication was doing from when: what its segments are cut from (segmentsOf). */
  marks: SegmentMark[];
  /** Its Genesys segments, cut once the view is folded (a view is read many times); frozen, shared. */
  segments?: Segment[];
}

/** A Genesys Segment's type: what the communication was doing. */
export type SegmentType = 'Alert' | 'Dialing' | 'Contacting' | 'Interact' | 'Hold';

/** A Genesys Segment of a communication. */
export type Segment = { startTime: string; endTime: string; type: SegmentType; howEnded?: 'Disconnect'; disconnectType?: string };

/** From `at`, the communication was doing `type`, or (`end`) was over. */
export type SegmentMark = { at: string; type: SegmentType | 'end' };

const SEGMENT_OF_STATE: Record<Exclude<CommunicationState, 'disconnected'>, SegmentType> = {
  alerting: 'Alert',
  dialing: 'Dialing',
  contacting: 'Contacting',
  connected: 'Interact',
};

/** Notes what the communication does now, when that changed. */
function mark(c: CommunicationView, at: string): void {
  const type = c.state === 'disconnected' ? 'end' : c.held ? 'Hold' : SEGMENT_OF_STATE[c.state];
  if (c.marks.at(-1)?.type !== type) c.marks.push({ at, type });
}

/**
 * A communication's Genesys segments: each stretch it spent alerting (or dialing, contacting),
 * interacting or on hold, once it is over; the last one ends as the communication did
 * (howEnded Disconnect, with its disconnectType). Stretches of no time are left out.
 */
export function segmentsOf(c: CommunicationView): Segment[] {
  const segments: Segment[] = [];
  for (let i = 1; i < c.marks.length; i++) {
    const from = c.marks[i - 1]!;
    const to = c.marks[i]!;
    if (from.type === 'end') continue;
    const ended = to.type === 'end';
    if (to.at === from.at && !ended) continue;
    segments.push({
      startTime: from.at,
      endTime: to.at,
      type: from.type,
      ...(ended ? { howEnded: 'Disconnect' as const, ...(c.disconnectType ? { disconnectType: c.disconnectType } : {}) } : {}),
    });
  }
  return segments;
}

export interface ParticipantView {
  /** Position in the conversation: what participant events refer to. */
  index: number;
  ordinal: number;
  purpose: ParticipantPurpose;
  userId?: string;
  queueId?: string;
  address?: string;
  name?: string;
  /** The external contact the participant is. */
  externalContactId?: string;
  startTime: string;
  connectedTime?: string;
  endTime?: string;
  wrapup?: { code: string; notes?: string };
  /** When it wrapped up: the end of its after-call work. */
  wrapupTime?: string;
  /** Set through …/participants/{id}/attributes, merged in order. */
  attributes?: Record<string, string>;
  media: CommunicationView;
  cobrowse: CommunicationView[];
}

/** A consult transfer in progress: participants by their position in the conversation. */
export interface ConsultView {
  /** The party being transferred (the customer, usually). */
  object: number;
  /** The agent who consults. */
  consulting: number;
  destination: number;
  speakTo: SpeakTo;
}

/** A message of a messaging conversation, on the communication of `participant`. */
export interface MessageView {
  id: string;
  at: string;
  participant: number;
  direction: 'inbound' | 'outbound';
  text: string;
  status: MessageStatus;
  /** The user who sent it, for an agent's message. */
  userId?: string;
}

export interface ConversationView {
  startTime: string;
  /** Every message, oldest first. */
  messages: MessageView[];
  endTime?: string;
  stage: Stage;
  participants: ParticipantView[];
  consult?: ConsultView;
}

/**
 * Participant and communication ids are not stored: each is derived from the conversation id and
 * the order it appeared in, so it is the same on every read and unique across conversations.
 */
export function derivedId(conversationId: string, n: number): string {
  return derivedIdOf(`${conversationId}#${n}`);
}

// Every read of a conversation renders each of its ids: a hash each was 4 % of a GET.
const derivedIdOf = boundedMemo(10_000, (key: string): string => {
  const h = createHash('sha1').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
});

const PRE_CONNECT: ReadonlySet<CommunicationState> = new Set(['alerting', 'dialing', 'contacting']);

function endCommunication(c: CommunicationView, at: string, disconnectType: string): void {
  if (c.state === 'disconnected') return;
  c.state = 'disconnected';
  // Hanging up takes a call off hold, as Genesys shows an ended communication.
  if (c.held) c.held = false;
  c.disconnectedTime = at;
  c.disconnectType = disconnectType;
  mark(c, at);
}

function endParticipant(p: ParticipantView, at: string, disconnectType: string): void {
  endCommunication(p.media, at, disconnectType);
  for (const c of p.cobrowse) endCommunication(c, at, disconnectType);
  p.endTime ??= at;
}

function connect(p: ParticipantView, at: string): void {
  if (p.media.state === 'connected' || p.endTime !== undefined) return;
  p.media.state = 'connected';
  p.media.connectedTime = at;
  p.connectedTime = at;
  mark(p.media, at);
}

export const isActive = (p: ParticipantView) => p.endTime === undefined;

/**
 * Folds the events into Genesys participants; the one place that knows what each event means.
 * The views folded lately are remembered, by record: a record is never changed in place (a change
 * is a new record), so a conversation read again is not folded again. Bounded (a view of every
 * record of a large store would double its memory); views are frozen, as they are shared.
 */
export const viewOf: (conversation: ConversationRecord) => ConversationView = boundedMemo(1000, (conversation: ConversationRecord) =>
  frozen(foldedView(conversation)),
);

function frozenSegments(c: CommunicationView): Segment[] {
  const segments = segmentsOf(c);
  for (const segment of segments) Object.freeze(segment);
  return Object.freeze(segments) as Segment[];
}

function frozen(view: ConversationView): ConversationView {
  for (const p of view.participants) {
    Object.freeze(p.media.marks);
    p.media.segments = frozenSegments(p.media);
    Object.freeze(p.media);
    if (p.wrapup) Object.freeze(p.wrapup);
    if (p.attributes) Object.freeze(p.attributes);
    for (const c of p.cobrowse) {
      c.segments = frozenSegments(c);
      Object.freeze(Object.freeze(c).marks);
    }
    Object.freeze(p.cobrowse);
    Object.freeze(p);
  }
  Object.freeze(view.participants);
  if (view.consult) Object.freeze(view.consult);
  for (const m of view.messages) Object.freeze(m);
  Object.freeze(view.messages);
  return Object.freeze(view);
}

function foldedView(conversation: ConversationRecord): ConversationView {
  const { mediaType } = conversation;
  let n = 0;
  const participants: ParticipantView[] = [];
  const join = (
    at: string,
    purpose: ParticipantPurpose,
    state: Exclude<CommunicationState, 'disconnected'>,
    direction: 'inbound' | 'outbound',
    extra: {
      userId?: string | undefined;
      queueId?: string | undefined;
      address?: string | undefined;
      name?: string | undefined;
      externalContactId?: string | undefined;
    } = {},
  ) => {
    // Built field by field, in the order the spreads this replaces gave: a fold joins a few
    // participants on each of the many conversations a busy server first reads (a create's
    // costliest fold step, with a throwaway object for each optional field).
    const participant: ParticipantView = { index: participants.length, ordinal: n++, purpose } as ParticipantView;
    if (extra.userId) participant.userId = extra.userId;
    if (extra.queueId) participant.queueId = extra.queueId;
    if (extra.address) participant.address = extra.address;
    if (extra.name) participant.name = extra.name;
    if (extra.externalContactId) participant.externalContactId = extra.externalContactId;
    participant.startTime = at;
    if (state === 'connected') participant.connectedTime = at;
    const media: CommunicationView = { ordinal: n++, state, initialState: state, direction, provider: MEDIA[mediaType].provider } as CommunicationView;
    if (state === 'connected') media.connectedTime = at;
    else media.startAlertingTime = at;
    media.marks = [{ at, type: SEGMENT_OF_STATE[state] }];
    participant.media = media;
    participant.cobrowse = [];
    participants.push(participant);
  };
  const active = (purpose: ParticipantPurpose) => participants.find((p) => p.purpose === purpose && isActive(p));
  /** Answering: the participant connects, the queue hands over, and whoever is waiting on the call connects too. */
  const answer = (p: ParticipantView | undefined, at: string) => {
    if (!p || !isActive(p)) return;
    connect(p, at);
    for (const other of participants) {
      if (other === p || !isActive(other)) continue;
      if (other.purpose === 'acd' && (p.purpose === 'agent' || p.purpose === 'user')) endParticipant(other, at, 'transfer');
      else if (PRE_CONNECT.has(other.media.state) && (other.purpose !== 'agent' || other.media.state !== 'alerting')) connect(other, at);
    }
  };
  const messages: MessageView[] = [];
  let consult: ConsultView | undefined;
  /** The consulting agent hears one side (the other is held), or both (nobody is). */
  const speakTo = (c: ConsultView, at: string) => {
    const object = participants[c.object]!.media;
    const destination = participants[c.destination]!.media;
    const hold = (m: CommunicationView, held: boolean) => {
      if (m.state !== 'disconnected' && (held || m.held !== undefined)) {
        m.held = held;
        mark(m, at);
      }
    };
    hold(object, c.speakTo === 'DESTINATION');
    hold(destination, c.speakTo === 'OBJECT');
  };
  let endTime: string | undefined;
  const end = (at: string) => {
    for (const p of participants) endParticipant(p, at, p.purpose === 'customer' ? 'peer' : 'client');
    endTime ??= at;
  };

  for (const event of conversation.events) {
    const at = event.at;
    switch (event.type) {
      case 'queued':
        join(at, 'customer', 'connected', 'inbound', { address: MEDIA[mediaType].customerAddress(conversation.customerExternalId) });
        join(at, 'acd', 'connected', 'inbound', { queueId: event.queueId ?? conversation.queueId });
        break;
      case 'alerting':
        join(at, 'agent', 'alerting', 'inbound', { userId: event.userId });
        break;
      case 'connected':
        answer(active('agent'), at);
        break;
      case 'joined':
        join(at, event.purpose, event.state, event.direction, event);
        break;
      case 'answered':
        answer(participants[event.participant], at);
        break;
      case 'left': {
        const p = participants[event.participant];
        if (p && isActive(p)) endParticipant(p, at, event.disconnectType);
        // One of its three parties gone, a consult is over; whoever is on hold stays on hold.
        if (consult && [consult.object, consult.consulting, consult.destination].includes(event.participant)) consult = undefined;
        // A conversation whose last customer or agent has left is over.
        if (endTime === undefined && participants.filter(isActive).length < 2) end(at);
        break;
      }
      case 'held': {
        const p = participants[event.participant];
        if (p) {
          p.media.held = event.held;
          mark(p.media, at);
        }
        break;
      }
      case 'attributes': {
        const p = participants[event.participant];
        if (p) p.attributes = { ...p.attributes, ...event.attributes };
        break;
      }
      case 'muted': {
        const p = participants[event.participant];
        if (p) p.media.muted = event.muted;
        break;
      }
      case 'wrapup': {
        const p = participants[event.participant];
        if (p) {
          p.wrapup = { code: event.code, ...(event.notes !== undefined ? { notes: event.notes } : {}) };
          p.wrapupTime = at;
        }
        break;
      }
      case 'disconnected':
        end(at);
        break;
      case 'cobrowseStarted':
        for (const [p, cobrowseRole] of [
          [active('agent'), 'viewer'],
          [active('customer'), 'sharer'],
        ] as const) {
          p?.cobrowse.push({
            ordinal: n++,
            state: 'connected',
            initialState: 'connected',
            provider: 'PureCloud Cobrowse',
            cobrowseSessionId: event.sessionId,
            cobrowseRole,
            connectedTime: at,
            marks: [{ at, type: 'Interact' }],
          });
        }
        break;
      case 'consult':
        if (event.action === 'start') {
          consult = { object: event.object, consulting: event.consulting, destination: event.destination, speakTo: event.speakTo };
          speakTo(consult, at);
        } else if (consult && event.action === 'speakTo') {
          consult = { ...consult, speakTo: event.speakTo };
          speakTo(consult, at);
          // A conference is no consult any more: all three stay, nobody held.
          if (event.speakTo === 'CONFERENCE') consult = undefined;
        } else if (consult) {
          // Cancelled, the destination leaves; completed, the consulting agent does: the other two talk.
          const leaving = participants[event.action === 'cancel' ? consult.destination : consult.consulting]!;
          endParticipant(leaving, at, event.action === 'cancel' ? 'client' : 'transfer.consult');
          consult = { ...consult, speakTo: 'BOTH' };
          speakTo(consult, at);
          consult = undefined;
          if (endTime === undefined && participants.filter(isActive).length < 2) end(at);
        }
        break;
      case 'message':
        messages.push({
          id: event.id,
          at,
          participant: event.participant,
          direction: event.direction,
          text: event.text,
          status: event.status,
          ...(event.userId ? { userId: event.userId } : {}),
        });
        break;
      case 'messageStatus': {
        const m = messages.find((x) => x.id === event.id);
        if (m) m.status = event.status;
        break;
      }
      case 'cobrowseEnded':
        for (const p of participants) {
          for (const c of p.cobrowse) if (c.cobrowseSessionId === event.sessionId) endCommunication(c, at, 'client');
        }
        break;
    }
  }
  return {
    startTime: conversation.events[0]?.at ?? '',
    messages,
    ...(endTime !== undefined ? { endTime } : {}),
    stage: stageOfParticipants(participants, endTime),
    participants,
    ...(consult && endTime === undefined ? { consult } : {}),
  };
}

/**
 * The fixture stage the participants amount to: disconnected once ended; connected when an agent
 * (or called user) and the other side are connected; alerting while one is being reached; queued
 * while the customer waits with the queue.
 */
function stageOfParticipants(participants: ParticipantView[], endTime: string | undefined): Stage {
  if (endTime !== undefined) return 'disconnected';
  const agents = participants.filter((p) => isActive(p) && p.purpose === 'agent');
  const connected = (p: ParticipantView) => isActive(p) && p.media.state === 'connected';
  if (agents.some(connected) && participants.some((p) => (p.purpose === 'customer' || p.purpose === 'user') && connected(p))) return 'connected';
  if (agents.length > 0) return 'alerting';
  return 'queued';
}

export function stageOf(conversation: ConversationRecord): Stage {
  return viewOf(conversation).stage;
}

/** The user ids of the agents on the conversation now. */
export function activeAgentIds(view: ConversationView): string[] {
  return view.participants.filter((p) => p.purpose === 'agent' && p.endTime === undefined && p.userId).map((p) => p.userId!);
}

export interface NewConversation {
  id: string;
  orgId: string;
  mediaType: MediaType;
  customerExternalId: string;
  agent?: UserRecord | undefined;
  queueId?: string | undefined;
}

/** The stages a fixture passes through to reach `to`; undefined when `to` is not forward. */
function stagePath(from: Stage, to: Stage): Exclude<Stage, 'queued'>[] | undefined {
  if (from === 'disconnected') return undefined;
  if (to === 'disconnected') return ['disconnected'];
  const i = STAGES.indexOf(from);
  const j = STAGES.indexOf(to);
  if (j <= i) return undefined;
  return STAGES.slice(i + 1, j + 1) as Exclude<Stage, 'queued'>[];
}

function stageEvent(stage: Exclude<Stage, 'queued'>, at: string, agent: UserRecord | undefined): ConversationEvent {
  if (stage !== 'alerting') return { type: stage, at };
  if (!agent) {
    throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'agentUserId' }], {
      problems: 'an agent is needed from the alerting stage on, and the org has no user',
    });
  }
  return { type: 'alerting', at, userId: agent.id };
}

/** A new record for the conversation moved forward to `to`; the input is left untouched. */
export function advanceConversation(at: string, conversation: ConversationRecord, to: Stage, agent: UserRecord | undefined): ConversationRecord {
  const from = stageOf(conversation);
  const path = stagePath(from, to);
  if (!path) throw new ApiError('stateTransitionInvalid', { conversationId: conversation.id, from, to });
  return withEvents(
    { ...conversation, ...(agent && path.includes('alerting') ? { agentUserId: agent.id } : {}) },
    path.map((stage) => stageEvent(stage, at, agent)),
  );
}

/** Builds a conversation as it is at `stage`, its history all happening at `at`. */
export function buildConversation(at: string, n: NewConversation, stage: Stage): ConversationRecord {
  const queued: ConversationRecord = {
    id: n.id,
    orgId: n.orgId,
    mediaType: n.mediaType,
    customerExternalId: n.customerExternalId,
    ...(n.agent ? { agentUserId: n.agent.id } : {}),
    ...(n.queueId ? { queueId: n.queueId } : {}),
    events: [{ type: 'queued', at }],
  };
  if (stage === 'queued') return queued;
  // A conversation created ended was handled by its agent first, as a real one would have been.
  const handled = stage === 'disconnected' && n.agent ? advanceConversation(at, queued, 'connected', n.agent) : queued;
  return advanceConversation(at, handled, stage, n.agent);
}

/** The only events foldedView ends a conversation on; once ended, nothing makes it active again. */
export const ENDING_EVENTS: ReadonlySet<ConversationEvent['type']> = new Set(['left', 'disconnected', 'consult']);

/** The record with more events; `endTime` is kept beside them so lists need not fold every record. */
export function withEvents(conversation: ConversationRecord, events: ConversationEvent[]): ConversationRecord {
  const next: ConversationRecord = { ...conversation, events: [...conversation.events, ...events] };
  // A conversation still going (its view is at hand: whoever changes it has read it) that none of
  // the events can end has no endTime after them either: the new record is folded only once it is
  // read. Saves a fold on most changes (a twentieth of a cobrowse create's CPU, npm run bench).
  if (viewOf(conversation).endTime === undefined && !events.some((e) => ENDING_EVENTS.has(e.type))) return next;
  const endTime = viewOf(next).endTime;
  if (endTime !== undefined) next.endTime = endTime;
  return next;
}

export function withEvent(conversation: ConversationRecord, event: ConversationEvent): ConversationRecord {
  return withEvents(conversation, [event]);
}
