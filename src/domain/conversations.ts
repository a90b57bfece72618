// Conversations as Genesys shapes them, and the fixture stages they move through.
// A stage is the mock's word for where a conversation is in its life; the record itself only
// holds Genesys participants and communications, and the stage is read back from them.
import { ApiError } from './errors.js';
import type { IdGenerator } from './deps.js';
import type {
  CommunicationList,
  CommunicationRecord,
  ConversationRecord,
  MediaType,
  ParticipantRecord,
  UserRecord,
} from '../store/schema.js';

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

export function agentOf(conversation: ConversationRecord): ParticipantRecord | undefined {
  return conversation.participants.find((p) => p.purpose === 'agent' && p.endTime === undefined)
    ?? conversation.participants.findLast((p) => p.purpose === 'agent');
}

export function customerOf(conversation: ConversationRecord): ParticipantRecord | undefined {
  return conversation.participants.find((p) => p.purpose === 'customer');
}

function mediaCommunication(conversation: ConversationRecord, participant: ParticipantRecord): CommunicationRecord | undefined {
  return participant.communications[COMMUNICATION_LIST[conversation.mediaType]]?.[0];
}

export function stageOf(conversation: ConversationRecord): Stage {
  if (conversation.endTime !== undefined) return 'disconnected';
  const agent = agentOf(conversation);
  const state = agent && mediaCommunication(conversation, agent)?.state;
  if (state === 'connected') return 'connected';
  if (state === 'alerting') return 'alerting';
  return 'queued';
}

export interface NewConversation {
  id: string;
  orgId: string;
  mediaType: MediaType;
  customerExternalId: string;
  agent?: UserRecord | undefined;
}

type Step = (c: ConversationRecord, at: string, ids: IdGenerator, agent: UserRecord | undefined) => void;

function communication(ids: IdGenerator, mediaType: MediaType, state: string, at: string, direction: 'inbound' | 'outbound'): CommunicationRecord {
  return {
    id: ids.uuid(),
    state,
    initialState: state,
    direction,
    provider: PROVIDER[mediaType],
    ...(state === 'alerting' ? { startAlertingTime: at } : { connectedTime: at }),
  };
}

/** The conversation enters its queue: the customer is connected to an ACD participant. */
function enterQueue(ids: IdGenerator, at: string, n: NewConversation): ConversationRecord {
  const list = COMMUNICATION_LIST[n.mediaType];
  return {
    id: n.id,
    orgId: n.orgId,
    mediaType: n.mediaType,
    startTime: at,
    customerExternalId: n.customerExternalId,
    ...(n.agent ? { agentUserId: n.agent.id } : {}),
    participants: [
      {
        id: ids.uuid(),
        purpose: 'customer',
        name: 'Customer',
        address: CUSTOMER_ADDRESS[n.mediaType](n.customerExternalId),
        externalContactId: n.customerExternalId,
        startTime: at,
        connectedTime: at,
        attributes: { externalId: n.customerExternalId },
        wrapupRequired: false,
        communications: { [list]: [communication(ids, n.mediaType, 'connected', at, 'inbound')] },
      },
      {
        id: ids.uuid(),
        purpose: 'acd',
        name: 'Demo Queue',
        startTime: at,
        connectedTime: at,
        attributes: {},
        wrapupRequired: false,
        communications: { [list]: [communication(ids, n.mediaType, 'connected', at, 'inbound')] },
      },
    ],
  };
}

const alert: Step = (c, at, ids, agent) => {
  if (!agent) throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'agentUserId' }], {
    problems: 'an agent is needed from the alerting stage on, and the org has no user',
  });
  c.agentUserId = agent.id;
  c.participants.push({
    id: ids.uuid(),
    purpose: 'agent',
    name: agent.name,
    userId: agent.id,
    startTime: at,
    attributes: {},
    wrapupRequired: true,
    communications: { [COMMUNICATION_LIST[c.mediaType]]: [communication(ids, c.mediaType, 'alerting', at, 'inbound')] },
  });
};

const connect: Step = (c, at) => {
  for (const p of c.participants) {
    const comm = mediaCommunication(c, p);
    if (p.endTime !== undefined || !comm) continue;
    if (p.purpose === 'acd') {
      endParticipant(p, at, 'transfer');
    } else if (comm.state !== 'connected') {
      comm.state = 'connected';
      comm.connectedTime = at;
      p.connectedTime = at;
    }
  }
};

const disconnect: Step = (c, at) => {
  for (const p of c.participants) endParticipant(p, at, p.purpose === 'customer' ? 'peer' : 'client');
  c.endTime = at;
};

function endParticipant(p: ParticipantRecord, at: string, disconnectType: string): void {
  for (const list of Object.values(p.communications)) {
    for (const comm of list ?? []) {
      if (comm.state === 'disconnected') continue;
      comm.state = 'disconnected';
      comm.disconnectedTime = at;
      comm.disconnectType = disconnectType;
    }
  }
  p.endTime ??= at;
}

const STEP_INTO: Record<Exclude<Stage, 'queued'>, Step> = { alerting: alert, connected: connect, disconnected: disconnect };

/** Builds a conversation as it is at `stage`, its history all happening at `at`. */
export function buildConversation(ids: IdGenerator, at: string, n: NewConversation, stage: Stage): ConversationRecord {
  const conversation = enterQueue(ids, at, n);
  if (stage === 'queued') return conversation;
  // A conversation created ended was handled by its agent first, as a real one would have been.
  const handled = stage === 'disconnected' && n.agent ? advanceConversation(ids, at, conversation, 'connected', n.agent) : conversation;
  return advanceConversation(ids, at, handled, stage, n.agent);
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

/** A new record for the conversation moved forward to `to`; the input is left untouched. */
export function advanceConversation(
  ids: IdGenerator,
  at: string,
  conversation: ConversationRecord,
  to: Stage,
  agent: UserRecord | undefined,
): ConversationRecord {
  const from = stageOf(conversation);
  const path = stagePath(from, to);
  if (!path) throw new ApiError('stateTransitionInvalid', { conversationId: conversation.id, from, to });
  const next = structuredClone(conversation);
  for (const stage of path) STEP_INTO[stage](next, at, ids, agent);
  return next;
}

/** The Genesys `Conversation`. */
export function renderConversation(c: ConversationRecord): Record<string, unknown> {
  const stage = stageOf(c);
  return {
    id: c.id,
    startTime: c.startTime,
    ...(c.endTime !== undefined ? { endTime: c.endTime } : {}),
    // A queued conversation is live (the customer is connected to the queue): Genesys has no "queued" state.
    state: stage === 'queued' ? 'connected' : stage,
    participants: c.participants.map(renderParticipant),
    recordingState: 'NONE',
    selfUri: `/api/v2/conversations/${c.id}`,
  };
}

function renderParticipant(p: ParticipantRecord): Record<string, unknown> {
  const { communications, ...rest } = p;
  return {
    ...rest,
    participantType: p.purpose === 'customer' ? 'External' : 'Internal',
    ...communications,
  };
}
