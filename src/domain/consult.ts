// Consult transfers of calls (POST …/calls/{id}/participants/{pid}/consult[/agent|/queue|/external],
// PATCH and DELETE …/consult). The path names the object of the transfer, the party being handed
// on (the customer, usually); the consulting agent is the caller's user, or consultingUserId. The
// destination joins, and speakTo says whom the agent talks to: the other party is held. The agent
// hanging up completes the transfer (conversation-actions' patchParticipant); DELETE cancels it.
import { ApiError } from './errors.js';
import type { Deps } from './deps.js';
import { isoNow } from './deps.js';
import { derivedId, isActive, viewOf, withEvents, type ConversationView, type ParticipantView } from './conversations.js';
import { conversationOf, participantOf, requireUser, saveConversation, transferJoin, type TransferTarget } from './conversation-actions.js';
import type { Principal } from './oauth.js';
import type { Model } from './models.js';
import type { ConversationRecord, SpeakTo } from '../store/schema.js';

export type ConsultDestination = TransferTarget;

/** The deprecated consult's Destination: one of userId, queueId or address. */
export function consultDestination(destination: Model<'ConsultTransfer'>['destination']): ConsultDestination {
  const given = (['userId', 'queueId', 'address'] as const).filter((k) => destination[k]);
  if (given.length > 1) throw new ApiError('tooManyDestinations');
  if (destination.userId) return { userId: destination.userId };
  if (destination.queueId) return { queueId: destination.queueId };
  if (destination.address) return { address: destination.address };
  throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'destination.address' }], {
    problems: 'destination needs one of address, userId or queueId',
  });
}

/** The connected agent (or called user) of the call acting for `userId`. */
function consultingParticipant(view: ConversationView, userId: string): ParticipantView {
  const found = view.participants.find(
    (p) => isActive(p) && p.userId === userId && (p.purpose === 'agent' || p.purpose === 'user') && p.media.state === 'connected',
  );
  if (!found) throw new ApiError('notConnectedParticipant');
  return found;
}

function consultingUserId(deps: Deps, principal: Principal, given: string | undefined): string {
  if (given) return given;
  return requireUser(deps, principal).id;
}

function response(conversation: ConversationRecord, destination: number): Model<'ConsultTransferResponse'> {
  return { destinationParticipantId: derivedId(conversation.id, viewOf(conversation).participants[destination]!.ordinal) };
}

/** POST …/consult and its /agent, /queue, /external forms. */
export async function startConsult(
  deps: Deps,
  principal: Principal,
  id: string,
  participantId: string,
  body: { speakTo: SpeakTo; consultingUserId?: string | undefined },
  destination: ConsultDestination,
): Promise<Model<'ConsultTransferResponse'>> {
  const conversation = conversationOf(deps, principal, id, 'voice');
  const view = viewOf(conversation);
  const object = participantOf(conversation, participantId);
  const consulting = consultingParticipant(view, consultingUserId(deps, principal, body.consultingUserId));
  if (consulting === object) throw new ApiError('consultObjectInvalid', { participantId });
  if (!isActive(object) || object.media.state !== 'connected') {
    throw new ApiError('participantStateInvalid', { conversationId: id, participantId, state: object.media.state, requested: 'consulted' });
  }
  if (view.consult) throw new ApiError('consultInProgress', { conversationId: id });
  const at = isoNow(deps.clock);
  const joined = transferJoin(deps, principal, destination, at, { online: true });
  const destinationIndex = view.participants.length;
  const next = withEvents(conversation, [
    joined,
    { type: 'consult', at, action: 'start', object: object.index, consulting: consulting.index, destination: destinationIndex, speakTo: body.speakTo },
  ]);
  await saveConversation(deps, conversation, next, at);
  return response(next, destinationIndex);
}

/** The consult whose object the path names; refused when there is none. */
function consultOf(conversation: ConversationRecord, participantId: string) {
  const object = participantOf(conversation, participantId);
  const consult = viewOf(conversation).consult;
  if (!consult || consult.object !== object.index) throw new ApiError('noConsult', { conversationId: conversation.id, participantId });
  return consult;
}

/** PATCH …/consult: whom the consulting agent speaks to (CONFERENCE joins all three for good). */
export async function updateConsult(
  deps: Deps,
  principal: Principal,
  id: string,
  participantId: string,
  body: { speakTo: SpeakTo },
): Promise<Model<'ConsultTransferResponse'>> {
  const conversation = conversationOf(deps, principal, id, 'voice');
  const consult = consultOf(conversation, participantId);
  const at = isoNow(deps.clock);
  if (body.speakTo === consult.speakTo) return response(conversation, consult.destination);
  const next = withEvents(conversation, [{ type: 'consult', at, action: 'speakTo', speakTo: body.speakTo }]);
  await saveConversation(deps, conversation, next, at);
  return response(next, consult.destination);
}

/** DELETE …/consult: the destination leaves and the agent is back with the object. */
export async function cancelConsult(deps: Deps, principal: Principal, id: string, participantId: string): Promise<void> {
  const conversation = conversationOf(deps, principal, id, 'voice');
  consultOf(conversation, participantId);
  const at = isoNow(deps.clock);
  await saveConversation(deps, conversation, withEvents(conversation, [{ type: 'consult', at, action: 'cancel' }]), at);
}
