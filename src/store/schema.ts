// The persisted document: what data/db.json holds. Every record but an org carries its orgId.

/**
 * 2: queues, clients acting as users, orgs of their own. 3: routing skills and wrap-up codes.
 * 4: messaging integrations. 5: external contacts. 6: analytics jobs.
 * Files of an older version are migrated (src/store/document.ts).
 */
export const SCHEMA_VERSION = 6;

export type OrgRecord = {
  id: string;
  name: string;
  /** For an org made by POST /__admin/orgs: its own client and user, which an org reset keeps. */
  clientId?: string;
  userId?: string;
};

export type OAuthClientRecord = {
  id: string; // the client id
  orgId: string;
  name: string;
  secret: string;
  scopes: string[];
  /** The user the client acts as: creating conversations needs one, as Genesys needs a user context. */
  userId?: string;
  /** Genesys' grant types: CLIENT-CREDENTIALS (when absent, the only one), CODE, TOKEN (implicit). */
  authorizedGrantTypes?: string[];
  /** Where the code and implicit grants may send the browser back to. */
  registeredRedirectUris?: string[];
};

export type TokenRecord = {
  id: string; // sha256 of the access token: the token itself is never stored
  orgId: string;
  clientId: string;
  /** The client's user when the token was issued. */
  userId?: string;
  scopes: string[];
  issuedAt: string;
  expiresAt: string;
  /** How it was granted: CLIENT-CREDENTIALS when absent, CODE, TOKEN. */
  grantType?: string;
  /** A refresh token of the code grant: it buys a new access token, and is no bearer token. */
  refresh?: boolean;
};

export type UserRecord = {
  id: string;
  orgId: string;
  name: string;
  // The Users API's fields (openapi/groups/users.yaml); a fixture user has none of them: it is an
  // active user at version 1 without an email.
  email?: string;
  department?: string;
  title?: string;
  /** `active`, `inactive`, or `deleted` once DELETE /api/v2/users/{id} removed it (Genesys keeps it). */
  state?: string;
  version?: number;
  profileSkills?: string[];
  // Presence (openapi/groups/presence.yaml): a user without these is Offline and off queue.
  /** The system presence, as Genesys names it: `Available`, `On Queue`, … */
  presence?: string;
  presenceMessage?: string;
  presenceModified?: string;
  /** `OFF_QUEUE`, `IDLE`, … since `routingStatusStart`. */
  routingStatus?: string;
  routingStatusStart?: string;
  /** Routing skills (GET/POST /api/v2/users/{userId}/routingskills), each a skill of the org. */
  routingSkills?: UserSkillRecord[];
};

/** A routing skill a user has, with Genesys' proficiency (0 to 5). */
export type UserSkillRecord = { id: string; proficiency: number };

export type QueueRecord = {
  id: string;
  orgId: string;
  name: string;
  // The Routing API's fields (openapi/groups/routing.yaml); a fixture queue has none: no members.
  description?: string;
  dateCreated?: string;
  members?: QueueMemberRecord[];
  /** The ids of the wrap-up codes agents of the queue may choose (GET/POST …/wrapupcodes). */
  wrapupCodes?: string[];
};

/**
 * Where messages come from and go out: an Open Messaging or WhatsApp integration (its id is its
 * address, as in Genesys' agentless API) or an SMS number of the org; inbound messages wait on its queue.
 */
export type MessagingIntegrationRecord = {
  id: string;
  orgId: string;
  name: string;
  messengerType: 'open' | 'sms' | 'whatsapp';
  queueId: string;
  /** The SMS number (E.164); integrations of other messengers are addressed by their id. */
  address?: string;
};

/** Genesys' PhoneNumber, as a contact has it; e164 filled in from a display like `+1 317 555 0123`. */
export type PhoneNumberRecord = {
  display?: string;
  extension?: number;
  acceptsSMS?: boolean;
  normalizationCountryCode?: string;
  userInput?: string;
  e164?: string;
  countryCode?: string;
};

/** Genesys' ContactAddress. */
export type ContactAddressRecord = { address1?: string; address2?: string; city?: string; state?: string; postalCode?: string; countryCode?: string };

/** The fields of a Genesys ExternalContact this emulator keeps (the External Contacts API). */
export type ExternalContactFields = {
  firstName?: string;
  middleName?: string;
  lastName?: string;
  salutation?: string;
  title?: string;
  workPhone?: PhoneNumberRecord;
  cellPhone?: PhoneNumberRecord;
  homePhone?: PhoneNumberRecord;
  otherPhone?: PhoneNumberRecord;
  workEmail?: string;
  personalEmail?: string;
  otherEmail?: string;
  address?: ContactAddressRecord;
  surveyOptOut?: boolean;
  externalSystemUrl?: string;
};

/** An external contact (Genesys ExternalContact): a customer the org knows. */
export type ExternalContactRecord = ExternalContactFields & {
  id: string;
  orgId: string;
  createDate: string;
  modifyDate: string;
};

/**
 * An asynchronous conversation details job (POST /api/v2/analytics/conversations/details/jobs):
 * the conversations its query found when submitted, ready (FULFILLED) from dueDate on.
 */
export type AnalyticsJobRecord = {
  id: string;
  orgId: string;
  submissionDate: string;
  dueDate: string;
  conversationIds: string[];
};

/** A routing skill (Genesys RoutingSkill); deleting one keeps it, as `deleted`, as Genesys does. */
export type SkillRecord = {
  id: string;
  orgId: string;
  name: string;
  state: 'active' | 'deleted';
  dateModified: string;
  version: number;
};

/** A wrap-up code (Genesys WrapupCode): what an agent says a conversation came to. */
export type WrapupCodeRecord = {
  id: string;
  orgId: string;
  name: string;
  dateCreated: string;
  dateModified: string;
};

/** A user on a queue; `joined`: taking its interactions (as Genesys' "active on the queue"). */
export type QueueMemberRecord = { userId: string; joined: boolean };

export type MediaType = 'voice' | 'chat' | 'message' | 'email' | 'callback';

/**
 * What happened to a conversation, in order. The Genesys participants and communications are
 * folded from these (src/domain/conversations.ts), which keeps a record small: a few events
 * instead of a tree of participants, so 100,000 conversations load fast and fit in memory.
 */
export type ConversationEvent =
  // A fixture's stages: the customer queued (with an ACD participant), an agent alerted, answered.
  | { type: 'queued'; at: string; queueId?: string }
  | { type: 'alerting'; at: string; userId: string }
  | { type: 'connected'; at: string }
  // The whole conversation ends.
  | { type: 'disconnected'; at: string }
  // Participant changes; `participant` is the participant's position in the conversation.
  | {
      type: 'joined';
      at: string;
      purpose: ParticipantPurpose;
      state: 'alerting' | 'dialing' | 'contacting' | 'connected';
      direction: 'inbound' | 'outbound';
      userId?: string;
      queueId?: string;
      address?: string;
      name?: string;
      /** The external contact the participant is (the customer a call reached, a contact transferred to). */
      externalContactId?: string;
    }
  | { type: 'answered'; at: string; participant: number }
  | { type: 'left'; at: string; participant: number; disconnectType: string }
  | { type: 'wrapup'; at: string; participant: number; code: string; notes?: string }
  /** A call put on hold (held) or taken off it; muted likewise. */
  | { type: 'held'; at: string; participant: number; held: boolean }
  | { type: 'muted'; at: string; participant: number; muted: boolean }
  /** Attributes set on the participant, merged into those it has. */
  | { type: 'attributes'; at: string; participant: number; attributes: Record<string, string> }
  | { type: 'cobrowseStarted'; at: string; sessionId: string }
  | { type: 'cobrowseEnded'; at: string; sessionId: string }
  /**
   * A consult transfer of a call: started (the destination joined just before), who speaks to whom
   * changed, cancelled (the destination leaves) or completed (the consulting participant leaves).
   */
  | { type: 'consult'; at: string; action: 'start'; object: number; consulting: number; destination: number; speakTo: SpeakTo }
  | { type: 'consult'; at: string; action: 'speakTo'; speakTo: SpeakTo }
  | { type: 'consult'; at: string; action: 'cancel' | 'complete' }
  /**
   * A message of a messaging conversation, shown on the communication of `participant` (its sender,
   * or the customer an agentless message went to); `status` as Genesys' MessageData has it.
   */
  | { type: 'message'; at: string; id: string; participant: number; direction: 'inbound' | 'outbound'; text: string; status: MessageStatus; userId?: string }
  /**
   * An email of an email conversation (POST …/emails/{id}/messages, agentless), on the
   * communication of `participant`: its agent sender, or the customer it went to.
   */
  | {
      type: 'email';
      at: string;
      id: string;
      participant: number;
      direction: 'inbound' | 'outbound';
      from: EmailAddressRecord;
      to: EmailAddressRecord[];
      cc?: EmailAddressRecord[];
      bcc?: EmailAddressRecord[];
      replyTo?: EmailAddressRecord;
      subject?: string;
      textBody: string;
      htmlBody?: string;
    }
  /** A receipt for an outbound message: delivered, read, failed. */
  | { type: 'messageStatus'; at: string; id: string; status: MessageStatus };

/** Genesys' EmailAddress. */
export type EmailAddressRecord = { email?: string; name?: string };

/** MessageData.status. */
export type MessageStatus = 'queued' | 'sent' | 'failed' | 'received' | 'delivery-success' | 'delivery-failed' | 'read';

/** Genesys' ConsultTransfer speakTo: who the consulting agent talks to (the other is held). */
export type SpeakTo = 'DESTINATION' | 'OBJECT' | 'BOTH' | 'CONFERENCE';

/** `external`: a party outside the org a participant transferred to (POST …/transfer, …/replace/external). */
export type ParticipantPurpose = 'customer' | 'agent' | 'acd' | 'user' | 'external';

export type ConversationRecord = {
  id: string;
  orgId: string;
  mediaType: MediaType;
  customerExternalId: string;
  /** The agent the fixture is assigned to, used when it moves to alerting. */
  agentUserId?: string;
  /** The queue a fixture or a created chat waits on. */
  queueId?: string;
  /** When it ended; derived from the events, kept so lists of live conversations need no fold. */
  endTime?: string;
  /** A messaging conversation's channel: its messenger, and our side's address (an integration id or SMS number). */
  messaging?: { messengerType: string; address: string; integrationId?: string };
  events: ConversationEvent[];
};

export type CobrowseParty = {
  id: string;
  type: string;
};

export type CobrowseSessionRecord = {
  id: string;
  orgId: string;
  /** Every conversation the session is linked to, the one it was created on first. */
  conversationIds: string[];
  state: 'connected' | 'disconnected';
  initiator: CobrowseParty;
  participants: CobrowseParty[];
  joinCode: string;
  dateCreated: string;
  dateEnded?: string;
};

export type Collections = {
  orgs: OrgRecord;
  oauthClients: OAuthClientRecord;
  tokens: TokenRecord;
  users: UserRecord;
  queues: QueueRecord;
  skills: SkillRecord;
  wrapupCodes: WrapupCodeRecord;
  conversations: ConversationRecord;
  cobrowseSessions: CobrowseSessionRecord;
  messagingIntegrations: MessagingIntegrationRecord;
  externalContacts: ExternalContactRecord;
  analyticsJobs: AnalyticsJobRecord;
};

export type CollectionName = keyof Collections;

export const COLLECTIONS: readonly CollectionName[] = [
  'orgs',
  'oauthClients',
  'tokens',
  'users',
  'queues',
  'skills',
  'wrapupCodes',
  'conversations',
  'cobrowseSessions',
  'messagingIntegrations',
  'externalContacts',
  'analyticsJobs',
];

export type DataDocument = { version: number } & { [C in CollectionName]: Collections[C][] };

export function emptyDocument(): DataDocument {
  return {
    version: SCHEMA_VERSION,
    orgs: [],
    oauthClients: [],
    tokens: [],
    users: [],
    queues: [],
    skills: [],
    wrapupCodes: [],
    conversations: [],
    cobrowseSessions: [],
    messagingIntegrations: [],
    externalContacts: [],
    analyticsJobs: [],
  };
}
