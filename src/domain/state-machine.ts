// Which state changes Genesys allows, for a participant's communication and for a conversation.
// Every other change is refused with a code and the current state in messageParams.
import { ApiError, invalidValue } from './errors.js';
import type { CommunicationState, Stage } from './conversations.js';

/** What a MediaParticipantRequest may ask for: "Possible values are: 'connected' and 'disconnected'". */
const PARTICIPANT_TARGETS = ['connected', 'disconnected'] as const;
export type ParticipantTarget = (typeof PARTICIPANT_TARGETS)[number];

export const COMMUNICATION_STATES: readonly CommunicationState[] = ['alerting', 'dialing', 'contacting', 'connected', 'disconnected'];

const ALLOWED: Record<CommunicationState, readonly ParticipantTarget[]> = {
  alerting: ['connected', 'disconnected'],
  dialing: ['connected', 'disconnected'],
  contacting: ['connected', 'disconnected'],
  connected: ['disconnected'],
  disconnected: [],
};

export type ParticipantChange = 'answer' | 'leave';

/** The change a participant PATCH makes, or the 400 that refuses it. */
export function participantChange(ids: { conversationId: string; participantId: string }, current: CommunicationState, requested: string): ParticipantChange {
  if (!(PARTICIPANT_TARGETS as readonly string[]).includes(requested)) throw invalidValue('state', requested, PARTICIPANT_TARGETS);
  const target = requested as ParticipantTarget;
  if (!ALLOWED[current].includes(target)) {
    throw new ApiError('participantStateInvalid', { ...ids, state: current, requested: target });
  }
  return target === 'connected' ? 'answer' : 'leave';
}

/** A conversation PATCH may only end the conversation, and only once. */
export function conversationChange(conversationId: string, stage: Stage, requested: string | undefined): 'disconnect' {
  if (requested !== 'disconnected') throw new ApiError('communicationStateRequired', {}, [{ errorCode: 'invalid.value', fieldName: 'state' }]);
  if (stage === 'disconnected') throw new ApiError('conversationEnded', { conversationId, state: stage });
  return 'disconnect';
}
