// The persisted document: what data/db.json holds. Every record but an org carries its orgId.

export const SCHEMA_VERSION = 1;

export interface OrgRecord {
  id: string;
  name: string;
}

export interface OAuthClientRecord {
  id: string; // the client id
  orgId: string;
  name: string;
  secret: string;
  scopes: string[];
}

export interface TokenRecord {
  id: string; // sha256 of the access token: the token itself is never stored
  orgId: string;
  clientId: string;
  scopes: string[];
  issuedAt: string;
  expiresAt: string;
}

export interface UserRecord {
  id: string;
  orgId: string;
  name: string;
}

export type MediaType = 'voice' | 'chat' | 'message' | 'email' | 'callback';

/** The Genesys per-media communication arrays a participant may carry. */
export type CommunicationList = 'calls' | 'chats' | 'messages' | 'emails' | 'callbacks' | 'cobrowsesessions';

export interface CommunicationRecord {
  id: string;
  state: string;
  initialState: string;
  direction?: 'inbound' | 'outbound';
  provider?: string;
  startAlertingTime?: string;
  connectedTime?: string;
  disconnectedTime?: string;
  disconnectType?: string;
  // cobrowse only
  cobrowseSessionId?: string;
  cobrowseRole?: 'viewer' | 'sharer';
}

export interface ParticipantRecord {
  id: string;
  purpose: 'customer' | 'agent' | 'acd';
  name?: string;
  userId?: string;
  queueId?: string;
  address?: string;
  externalContactId?: string;
  startTime: string;
  connectedTime?: string;
  endTime?: string;
  attributes: Record<string, string>;
  wrapupRequired: boolean;
  communications: Partial<Record<CommunicationList, CommunicationRecord[]>>;
}

export interface ConversationRecord {
  id: string;
  orgId: string;
  mediaType: MediaType;
  startTime: string;
  endTime?: string;
  customerExternalId: string;
  agentUserId?: string;
  participants: ParticipantRecord[];
}

export interface CobrowseParty {
  id: string;
  type: string;
}

export interface CobrowseSessionRecord {
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
}

export interface Collections {
  orgs: OrgRecord;
  oauthClients: OAuthClientRecord;
  tokens: TokenRecord;
  users: UserRecord;
  conversations: ConversationRecord;
  cobrowseSessions: CobrowseSessionRecord;
}

export type CollectionName = keyof Collections;

export const COLLECTIONS: readonly CollectionName[] = [
  'orgs',
  'oauthClients',
  'tokens',
  'users',
  'conversations',
  'cobrowseSessions',
];

export type DataDocument = { version: number } & { [C in CollectionName]: Collections[C][] };

export function emptyDocument(): DataDocument {
  return {
    version: SCHEMA_VERSION,
    orgs: [],
    oauthClients: [],
    tokens: [],
    users: [],
    conversations: [],
    cobrowseSessions: [],
  };
}
