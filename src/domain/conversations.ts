// Conversations as Genesys shapes them, folded from the record's events, and the fixture stages
// they move through. A stage is the mock's word for where a conversation is in its life.
import { createHash } from 'node:crypto';
import { ApiError } from './errors.js';
import type { ConversationEvent, ConversationRecord, MediaType, UserRecord } from '../store/schema.js';
import type { Store } from '../store/store.js';

export const STAGES = ['queued', 'alerting', 'connected', 'disconnected'] as const;
export type Stage = (typeof STAGES)[number];

export const MEDIA_TYPES: readonly MediaType[] = ['voice', 'chat', 'message', 'email', 'callback'];

const STAGE_ALIASES: Record<string, Stage> = { active: 'connected', closed: 'disconnected' };
const MEDIA_ALIASES: Record<string, MediaType> = { webchat: 'chat' };

export function parseStage(value: string): Stage | undefined {
  return (STAGES as readonly string[]).includes(value) ? (value as Stage) : STAGE_ALIASES[value];
}

export function parseMediaType(value: string): MediaType | undefined {
  return (MEDIA_TYPES as readonly string[]).includes(value) ? (value as MediaType) : MEDIA_ALIASES[value];
}

/** The Genesys per-media communication arrays a participant may carry. */
export type CommunicationList = 'calls' | 'chats' | 'messages' | 'emails' | 'callbacks' | 'cobrowsesessions';

export const COMMUNICATION_LIST: Record<MediaType, CommunicationList> = {
  voice: 'calls',
  chat: 'chats',
  message: 'messages',
  email: 'emails',
  callback: 'callbacks',
};

const CUSTOMER_ADDRESS: Record<MediaType, (externalId: string) => string> = {
  voice: () => 'tel:+13175550100',
  chat: (id) => id,
  message: () => '+13175550100',
  email: () => 'customer@example.com',
  callback: () => 'tel:+13175550100',
};

const PROVIDER: Record<MediaType, string> = {
  voice: 'Edge',
  chat: 'PureCloud Webchat v2',
  message: 'PureCloud Messaging',
  email: 'PureCloud Email',
  callback: 'PureCloud',
};

export interface CommunicationView {
  /** The order it appeared in the conversation; its id is derived from it when rendered. */
  ordinal: number;
  state: string;
  initialState: string;
  direction?: 'inbound' | 'outbound';
  provider: string;
  startAlertingTime?: string;
  connectedTime?: string;
  disconnectedTime?: string;
  disconnectType?: string;
  cobrowseSessionId?: string;
  cobrowseRole?: 'viewer' | 'sharer';
}

export interface ParticipantView {
  ordinal: number;
  purpose: 'customer' | 'agent' | 'acd';
  userId?: string;
  startTime: string;
  connectedTime?: string;
  endTime?: string;
  media: CommunicationView;
  cobrowse: CommunicationView[];
}

export interface ConversationView {
  startTime: string;
  endTime?: string;
  stage: Stage;
  participants: ParticipantView[];
}

/**
 * Participant and communication ids are not stored: each is derived from the conversation id and
 * the order it appeared in, so it is the same on every read and unique across conversations.
 */
export function derivedId(conversationId: string, n: number): string {
  const h = createHash('sha1').update(`${conversationId}#${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function endCommunication(c: CommunicationView, at: string, disconnectType: string): void {
  if (c.state === 'disconnected') return;
  c.state = 'disconnected';
  c.disconnectedTime = at;
  c.disconnectType = disconnectType;
}

function endParticipant(p: ParticipantView, at: string, disconnectType: string): void {
  endCommunication(p.media, at, disconnectType);
  for (const c of p.cobrowse) endCommunication(c, at, disconnectType);
  p.endTime ??= at;
}

/** Folds the events into Genesys participants; the one place that knows what each event means. */
export function viewOf(conversation: ConversationRecord): ConversationView {
  const { mediaType } = conversation;
  let n = 0;
  const nextId = () => n++;
  const participants: ParticipantView[] = [];
  const media = (state: string, at: string): CommunicationView => ({
    ordinal: nextId(),
    state,
    initialState: state,
    direction: 'inbound',
    provider: PROVIDER[mediaType],
    ...(state === 'alerting' ? { startAlertingTime: at } : { connectedTime: at }),
  });
  const participant = (purpose: ParticipantView['purpose'], state: string, at: string, userId?: string): ParticipantView => {
    const ordinal = nextId();
    return {
      ordinal,
      purpose,
      ...(userId ? { userId } : {}),
      startTime: at,
      ...(state === 'connected' ? { connectedTime: at } : {}),
      media: media(state, at),
      cobrowse: [],
    };
  };
  const active = (purpose: ParticipantView['purpose']) => participants.find((p) => p.purpose === purpose && p.endTime === undefined);
  let endTime: string | undefined;

  for (const event of conversation.events) {
    const at = event.at;
    switch (event.type) {
      case 'queued':
        participants.push(participant('customer', 'connected', at), participant('acd', 'connected', at));
        break;
      case 'alerting':
        participants.push(participant('agent', 'alerting', at, event.userId));
        break;
      case 'connected':
        for (const p of participants) {
          if (p.endTime !== undefined) continue;
          if (p.purpose === 'acd') {
            endParticipant(p, at, 'transfer');
          } else if (p.media.state !== 'connected') {
            p.media.state = 'connected';
            p.media.connectedTime = at;
            p.connectedTime = at;
          }
        }
        break;
      case 'disconnected':
        for (const p of participants) endParticipant(p, at, p.purpose === 'customer' ? 'peer' : 'client');
        endTime = at;
        break;
      case 'cobrowseStarted':
        for (const [p, cobrowseRole] of [[active('agent'), 'viewer'], [active('customer'), 'sharer']] as const) {
          p?.cobrowse.push({
            ordinal: nextId(),
            state: 'connected',
            initialState: 'connected',
            provider: 'PureCloud Cobrowse',
            cobrowseSessionId: event.sessionId,
            cobrowseRole,
            connectedTime: at,
          });
        }
        break;
      case 'cobrowseEnded':
        for (const p of participants) {
          for (const c of p.cobrowse) if (c.cobrowseSessionId === event.sessionId) endCommunication(c, at, 'client');
        }
        break;
    }
  }
  const agent = active('agent');
  const stage: Stage =
    endTime !== undefined ? 'disconnected' : agent?.media.state === 'connected' ? 'connected' : agent ? 'alerting' : 'queued';
  return { startTime: conversation.events[0]?.at ?? '', ...(endTime !== undefined ? { endTime } : {}), stage, participants };
}

export function stageOf(conversation: ConversationRecord): Stage {
  return viewOf(conversation).stage;
}

/** The user ids of the agents on the conversation now. */
export function activeAgentIds(view: ConversationView): string[] {
  return view.participants.filter((p) => p.purpose === 'agent' && p.endTime === undefined && p.userId)
    .map((p) => p.userId!);
}

export interface NewConversation {
  id: string;
  orgId: string;
  mediaType: MediaType;
  customerExternalId: string;
  agent?: UserRecord | undefined;
}

/** The stages a fixture passes through to reach `to`; undefined when `to` is not forward. */
export function stagePath(from: Stage, to: Stage): Exclude<Stage, 'queued'>[] | undefined {
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
  return {
    ...conversation,
    ...(agent && path.includes('alerting') ? { agentUserId: agent.id } : {}),
    events: [...conversation.events, ...path.map((stage) => stageEvent(stage, at, agent))],
  };
}

/** Builds a conversation as it is at `stage`, its history all happening at `at`. */
export function buildConversation(at: string, n: NewConversation, stage: Stage): ConversationRecord {
  const queued: ConversationRecord = {
    id: n.id,
    orgId: n.orgId,
    mediaType: n.mediaType,
    customerExternalId: n.customerExternalId,
    ...(n.agent ? { agentUserId: n.agent.id } : {}),
    events: [{ type: 'queued', at }],
  };
  if (stage === 'queued') return queued;
  // A conversation created ended was handled by its agent first, as a real one would have been.
  const handled = stage === 'disconnected' && n.agent ? advanceConversation(at, queued, 'connected', n.agent) : queued;
  return advanceConversation(at, handled, stage, n.agent);
}

/** The record with one more event. */
export function withEvent(conversation: ConversationRecord, event: ConversationEvent): ConversationRecord {
  return { ...conversation, events: [...conversation.events, event] };
}

/** The Genesys `Conversation`. `userName` resolves agents' names. */
export function renderConversation(c: ConversationRecord, userName: (userId: string) => string | undefined): Record<string, unknown> {
  const view = viewOf(c);
  const list = COMMUNICATION_LIST[c.mediaType];
  const communication = ({ ordinal, ...rest }: CommunicationView) => ({ id: derivedId(c.id, ordinal), ...rest });
  return {
    id: c.id,
    startTime: view.startTime,
    ...(view.endTime !== undefined ? { endTime: view.endTime } : {}),
    // A queued conversation is live (the customer is connected to the queue): Genesys has no "queued" state.
    state: view.stage === 'queued' ? 'connected' : view.stage,
    participants: view.participants.map((p) => {
      const name = p.purpose === 'customer' ? 'Customer' : p.purpose === 'acd' ? 'Demo Queue' : (p.userId && userName(p.userId)) ?? 'Agent';
      return {
        id: derivedId(c.id, p.ordinal),
        purpose: p.purpose,
        participantType: p.purpose === 'customer' ? 'External' : 'Internal',
        name,
        ...(p.userId ? { userId: p.userId } : {}),
        ...(p.purpose === 'customer'
          ? { address: CUSTOMER_ADDRESS[c.mediaType](c.customerExternalId), externalContactId: c.customerExternalId }
          : {}),
        startTime: p.startTime,
        ...(p.connectedTime !== undefined ? { connectedTime: p.connectedTime } : {}),
        ...(p.endTime !== undefined ? { endTime: p.endTime } : {}),
        wrapupRequired: p.purpose === 'agent',
        attributes: p.purpose === 'customer' ? { externalId: c.customerExternalId } : {},
        [list]: [communication(p.media)],
        ...(p.cobrowse.length > 0 ? { cobrowsesessions: p.cobrowse.map(communication) } : {}),
      };
    }),
    recordingState: 'NONE',
    selfUri: `/api/v2/conversations/${c.id}`,
  };
}

/** The Genesys `Conversation`, agents named from the store's users. */
export function presentConversation(store: Store, c: ConversationRecord): Record<string, unknown> {
  return renderConversation(c, (userId) => store.get('users', userId)?.name);
}
