// Notification channels, their topics, and the events published on them. Channels live in memory
// (as Genesys', they do not outlive the server); sockets are reached through a port the HTTP layer
// gives, so the rules here know nothing of WebSockets.
import type { Clock, IdGenerator } from '../deps.js';
import type { Model } from '../models.js';
import type { Store } from '../../store/store.js';
import type { ConversationRecord, QueueMemberRecord, QueueRecord, UserRecord } from '../../store/schema.js';
import { presenceEvent, routingStatusEvent } from '../presence.js';
import { changedMembers, queueMemberEvent } from '../routing.js';
import { ApiError } from '../errors.js';
import type { Principal } from '../oauth.js';
import { viewOf } from '../conversations.js';
import { storeNames } from '../conversation-render.js';
import { detailEvents, type DetailEvent } from '../analytics-detail-events.js';
import { queueObservations } from '../analytics-observations.js';
import { checkTopic, type Topic } from './topics.js';
import { eventBody } from './events.js';

const MAX_TOPICS_PER_CHANNEL = 1000;
const MAX_CHANNELS_PER_CLIENT = 20;
const CHANNEL_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** What the hub needs of a connected socket. */
export interface SocketPort {
  send(text: string): void;
  /** Closes after what was sent; `drop` cuts the connection with no closing handshake. */
  close(options?: { drop?: boolean }): void;
}

interface ChannelRecord {
  id: string;
  orgId: string;
  clientId: string;
  createdAt: number;
  expiresAt: number;
  lastUsedAt: number;
  topics: Map<string, Topic>;
  socket?: SocketPort;
  eventsSent: number;
}

export interface ChannelTopicView {
  id: string;
  state: 'Permitted' | 'Rejected';
  rejectionReason?: string;
  selfUri?: string;
}

export class NotificationHub {
  private readonly channels = new Map<string, ChannelRecord>();
  /** The sockets of live cobrowse sessions (websocketUrl), told when their session ends. */
  private readonly cobrowseWatchers = new Map<string, Set<() => void>>();
  /**
   * The observations last published of each queue a channel follows (group → its figures as JSON),
   * kept current on every change while the queue is followed, so a change that moves none sends nothing.
   */
  private readonly observed = new Map<string, Map<string, string>>();

  /** The whole store: the hub serves every org, and reads each through that org's view. */
  constructor(private readonly deps: { store: Store; clock: Clock; ids: IdGenerator }) {}

  private now(): number {
    return this.deps.clock.now();
  }

  /** A channel of the caller's org that has not expired; anything else is 404. */
  private channelOf(principal: Principal, id: string): ChannelRecord {
    this.expire();
    const channel = this.channels.get(id);
    if (!channel || channel.orgId !== principal.orgId) throw new ApiError('notFound');
    channel.lastUsedAt = this.now();
    return channel;
  }

  private view(channel: ChannelRecord, baseUri: string): Model<'Channel'> {
    return { id: channel.id, connectUri: `${baseUri}/channels/${channel.id}`, expires: new Date(channel.expiresAt).toISOString() };
  }

  create(principal: Principal, baseUri: string): Model<'Channel'> {
    this.expire();
    const mine = [...this.channels.values()].filter((c) => c.orgId === principal.orgId && c.clientId === principal.clientId);
    if (mine.length >= MAX_CHANNELS_PER_CLIENT) {
      // As Genesys documents: a 21st channel removes the one least recently used.
      const oldest = mine.reduce((a, b) => (b.lastUsedAt < a.lastUsedAt ? b : a));
      this.remove(oldest, 'replaced');
    }
    const now = this.now();
    const channel: ChannelRecord = {
      id: `streaming-0-${this.deps.ids.uuid().replace(/-/g, '')}`,
      orgId: principal.orgId,
      clientId: principal.clientId,
      createdAt: now,
      expiresAt: now + CHANNEL_LIFETIME_MS,
      lastUsedAt: now,
      topics: new Map(),
      eventsSent: 0,
    };
    this.channels.set(channel.id, channel);
    return this.view(channel, baseUri);
  }

  list(principal: Principal, baseUri: string): Model<'Channel'>[] {
    this.expire();
    return [...this.channels.values()].filter((c) => c.orgId === principal.orgId && c.clientId === principal.clientId).map((c) => this.view(c, baseUri));
  }

  /** HEAD: whether the channel exists for the caller (404 ApiError if not). */
  exists(principal: Principal, id: string): void {
    this.channelOf(principal, id);
  }

  subscriptions(principal: Principal, id: string): ChannelTopicView[] {
    return [...this.channelOf(principal, id).topics.keys()].map((topic) => ({ id: topic, state: 'Permitted' }));
  }

  /** POST adds, PUT replaces. Refused topics are listed Rejected with the reason, not followed. */
  subscribe(principal: Principal, id: string, requested: { id: string }[], mode: 'add' | 'replace'): ChannelTopicView[] {
    const channel = this.channelOf(principal, id);
    const answers: ChannelTopicView[] = [];
    const accepted = new Map<string, Topic>();
    for (const { id: topicId } of requested) {
      const topic = checkTopic(this.deps.store.org(principal.orgId), topicId);
      if ('rejectionReason' in topic) answers.push({ id: topicId, state: 'Rejected', rejectionReason: topic.rejectionReason });
      else {
        accepted.set(topic.id, topic);
        answers.push({ id: topicId, state: 'Permitted' });
      }
    }
    const next = mode === 'replace' ? accepted : new Map([...channel.topics, ...accepted]);
    if (next.size > MAX_TOPICS_PER_CHANNEL)
      throw new ApiError('tooManySubscriptions', {}, [{ errorCode: 'notification.subscription.too.many.subscriptions', entityId: channel.id }]);
    channel.topics = next;
    for (const topic of accepted.values()) if (topic.subject === 'observations') this.observe(principal.orgId, topic.entityId);
    return answers;
  }

  unsubscribeAll(principal: Principal, id: string): void {
    this.channelOf(principal, id).topics.clear();
  }

  /** The org of a live channel, if there is one of that id. */
  orgOf(id: string): string | undefined {
    this.expire();
    return this.channels.get(id)?.orgId;
  }

  /** A WebSocket for the channel; a second one closes the first, as Genesys does. */
  attach(id: string, socket: SocketPort): boolean {
    this.expire();
    const channel = this.channels.get(id);
    if (!channel) return false;
    const previous = channel.socket;
    channel.socket = socket;
    channel.lastUsedAt = this.now();
    previous?.close();
    return true;
  }

  detach(id: string, socket: SocketPort): void {
    const channel = this.channels.get(id);
    if (channel?.socket === socket) delete channel.socket;
  }

  /** A message from the client: `{"message":"ping"}` is answered with a pong. */
  received(id: string, text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if ((message as { message?: unknown } | null)?.message === 'ping') {
      this.send(this.channels.get(id), { topicName: 'channel.metadata', eventBody: { message: 'pong' } }, false);
    }
  }

  heartbeat(): void {
    this.expire();
    for (const channel of this.channels.values()) this.send(channel, { topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } }, false);
  }

  /** Channels past their 24 hours on the virtual clock say so on their socket, then close. */
  expire(): void {
    const now = this.now();
    for (const channel of [...this.channels.values()]) if (channel.expiresAt <= now) this.remove(channel, 'expired');
  }

  private remove(channel: ChannelRecord, why: 'expired' | 'replaced' | 'reset'): void {
    this.channels.delete(channel.id);
    if (!channel.socket) return;
    this.send(
      channel,
      {
        topicName: 'v2.system.socket_closing',
        eventBody: { message: `The channel ${why === 'expired' ? 'has expired' : why === 'replaced' ? 'was replaced by a newer one' : 'is gone'}.` },
      },
      false,
    );
    channel.socket.close();
  }

  /** Drops the sockets of the channels `matches` picks, `limit` at most (the fault that cuts a socket). */
  dropSockets(matches: (channelPath: string, orgId: string) => boolean, limit = Infinity): number {
    let dropped = 0;
    for (const channel of this.channels.values()) {
      if (dropped >= limit) break;
      if (channel.socket && matches(`/channels/${channel.id}`, channel.orgId)) {
        channel.socket.close({ drop: true });
        delete channel.socket;
        dropped++;
      }
    }
    return dropped;
  }

  /** Forgets the channels of an org (or all of them), closing their sockets. */
  reset(orgId?: string): void {
    for (const channel of [...this.channels.values()]) if (orgId === undefined || channel.orgId === orgId) this.remove(channel, 'reset');
  }

  state(): Model<'AdminNotifications'>['channels'] {
    this.expire();
    return [...this.channels.values()].map((c) => ({
      id: c.id,
      orgId: c.orgId,
      clientId: c.clientId,
      expires: new Date(c.expiresAt).toISOString(),
      connected: c.socket !== undefined,
      topics: [...c.topics.keys()],
      eventsSent: c.eventsSent,
    }));
  }

  private send(channel: ChannelRecord | undefined, message: Record<string, unknown>, counts: boolean): void {
    if (!channel?.socket) return;
    channel.socket.send(JSON.stringify(message));
    if (counts) channel.eventsSent++;
  }

  /**
   * Calls `ended` once the cobrowse session is over; undefined, and nothing watched, when it is not
   * live now. The returned function stops watching.
   */
  watchCobrowse(sessionId: string, ended: () => void): (() => void) | undefined {
    if (!this.cobrowseLive(sessionId)) return undefined;
    const watchers = this.cobrowseWatchers.get(sessionId) ?? new Set();
    this.cobrowseWatchers.set(sessionId, watchers);
    watchers.add(ended);
    return () => {
      watchers.delete(ended);
      if (watchers.size === 0) this.cobrowseWatchers.delete(sessionId);
    };
  }

  cobrowseLive(sessionId: string): boolean {
    return this.deps.store.get('cobrowseSessions', sessionId)?.state === 'connected';
  }

  /** A session ends with a change of its conversations: each change looks for sessions watched that ended. */
  private endedCobrowseSessions(): void {
    for (const [id, watchers] of this.cobrowseWatchers) {
      if (this.cobrowseLive(id)) continue;
      this.cobrowseWatchers.delete(id);
      for (const ended of watchers) ended();
    }
  }

  /** A conversation changed (`before`: as it was; undefined when new): every channel following it hears of it, once a topic. */
  conversationChanged(conversationId: string, correlationId: string, before?: ConversationRecord): void {
    if (this.cobrowseWatchers.size > 0) this.endedCobrowseSessions();
    const conversation = this.deps.store.get('conversations', conversationId);
    if (!conversation) return;
    const listeners = [...this.channels.values()].filter((c) => c.orgId === conversation.orgId && c.topics.size > 0);
    if (listeners.length === 0) return;
    this.publishConversation(listeners, conversation, correlationId);
    if (before !== conversation) this.publishDetails(listeners, before, conversation, correlationId);
    this.observationsMoved(conversation.orgId, correlationId);
  }

  private publishConversation(listeners: ChannelRecord[], conversation: ConversationRecord, correlationId: string): void {
    const view = viewOf(conversation);
    const users = new Set(view.participants.map((p) => p.userId).filter((id): id is string => id !== undefined));
    const queues = new Set([conversation.queueId, ...view.participants.map((p) => p.queueId)].filter((id): id is string => id !== undefined));
    const hasCobrowse = view.participants.some((p) => p.cobrowse.length > 0);
    const bodies = new Map<string, unknown>();
    const bodyFor = (topic: Topic): unknown => {
      const key = topic.media ?? 'all';
      if (!bodies.has(key)) bodies.set(key, eventBody(this.deps.store, conversation, topic));
      return bodies.get(key);
    };
    for (const channel of listeners) {
      if (!channel.socket) continue;
      for (const topic of channel.topics.values()) {
        if (topic.subject !== 'conversations' || !(topic.kind === 'user' ? users : queues).has(topic.entityId)) continue;
        if (topic.media === 'cobrowse' ? !hasCobrowse : topic.media !== undefined && topic.media !== conversation.mediaType) continue;
        const eventBody = bodyFor(topic);
        if (eventBody === undefined) continue;
        this.send(channel, { topicName: topic.id, version: '2', eventBody, metadata: { CorrelationId: correlationId } }, true);
      }
    }
  }

  /** The conversation's detail events this change made, to the channels following their topics, in the order they happened. */
  private publishDetails(listeners: ChannelRecord[], before: ConversationRecord | undefined, conversation: ConversationRecord, correlationId: string): void {
    const prefix = `v2.detail.events.conversation.${conversation.id}.`;
    let events: DetailEvent[] | undefined;
    for (const channel of listeners) {
      if (!channel.socket || ![...channel.topics.keys()].some((id) => id.startsWith(prefix))) continue;
      events ??= detailEvents(before, conversation, storeNames(this.deps.store.org(conversation.orgId)));
      for (const event of events) {
        const topic = channel.topics.get(prefix + event.kind);
        if (topic) this.send(channel, { topicName: topic.id, version: '2', eventBody: event.body, metadata: { CorrelationId: correlationId } }, true);
      }
    }
  }

  /** The observations of a queue now, by group; the previous ones replaced. What moved is returned. */
  private observe(orgId: string, queueId: string): Model<'QueueObservationQueryResponse'>['results'] {
    const previous = this.observed.get(queueId);
    const figures = new Map<string, string>();
    const moved: Model<'QueueObservationQueryResponse'>['results'] = [];
    for (const result of queueObservations(this.deps.store.org(orgId), orgId, queueId)) {
      const key = result.group.mediaType ?? '';
      const json = JSON.stringify(result.data);
      figures.set(key, json);
      if (previous && previous.get(key) !== json) moved.push(result);
    }
    this.observed.set(queueId, figures);
    return moved;
  }

  /**
   * Something of an org changed: each queue of it a channel follows the observations of is observed
   * again, and each group whose figures moved is published, the figures as of now.
   */
  private observationsMoved(orgId: string, correlationId: string): void {
    const followers = [...this.channels.values()].filter((c) => c.orgId === orgId && [...c.topics.values()].some((t) => t.subject === 'observations'));
    if (followers.length === 0) return;
    const now = new Date(this.now()).toISOString();
    for (const queueId of new Set(followers.flatMap((c) => [...c.topics.values()].filter((t) => t.subject === 'observations').map((t) => t.entityId)))) {
      const topicName = `v2.analytics.queues.${queueId}.observations`;
      for (const { group, data } of this.observe(orgId, queueId)) {
        const eventBody = { group, data: [{ interval: `${now}/${now}`, metrics: data }] };
        for (const channel of followers) {
          if (channel.topics.has(topicName)) this.send(channel, { topicName, version: '2', eventBody, metadata: { CorrelationId: correlationId } }, true);
        }
      }
    }
  }

  /**
   * A user changed: a new presence is published on `v2.users.{id}.presence`, a new routing status
   * on `v2.users.{id}.routingStatus`, in that order, as Genesys sends both when a user goes On Queue.
   */
  userChanged(before: UserRecord | undefined, after: UserRecord, correlationId: string): void {
    const events: [Topic['subject'], unknown][] = [];
    if (!before || before.presence !== after.presence || before.presenceMessage !== after.presenceMessage) events.push(['presence', presenceEvent(after)]);
    if (!before || (before.routingStatus ?? 'OFF_QUEUE') !== (after.routingStatus ?? 'OFF_QUEUE')) events.push(['routingStatus', routingStatusEvent(after)]);
    if (events.length > 0) this.publishUser(events, after, correlationId);
    this.observationsMoved(after.orgId, correlationId);
  }

  private publishUser(events: [Topic['subject'], unknown][], after: UserRecord, correlationId: string): void {
    for (const channel of this.channels.values()) {
      if (channel.orgId !== after.orgId || !channel.socket) continue;
      for (const [subject, eventBody] of events) {
        for (const topic of channel.topics.values()) {
          if (topic.subject !== subject || topic.entityId !== after.id) continue;
          this.send(channel, { topicName: topic.id, version: '2', eventBody, metadata: { CorrelationId: correlationId } }, true);
        }
      }
    }
    // Its queues hear of it too: a member's presence and routing status are what their topic is for.
    for (const queue of this.deps.store.all('queues')) {
      const member = queue.orgId === after.orgId ? queue.members?.find((m) => m.userId === after.id) : undefined;
      if (member) this.publishMembers(queue, [member], correlationId, after);
    }
  }

  /** A queue changed: each member it added, joined or took off is published on `v2.routing.queues.{id}.users`. */
  queueChanged(before: QueueRecord | undefined, after: QueueRecord, correlationId: string): void {
    const members = changedMembers(before, after);
    if (members.length > 0) this.publishMembers(after, members, correlationId);
    this.observationsMoved(after.orgId, correlationId);
  }

  private publishMembers(queue: QueueRecord, members: QueueMemberRecord[], correlationId: string, user?: UserRecord): void {
    for (const channel of this.channels.values()) {
      if (channel.orgId !== queue.orgId || !channel.socket) continue;
      for (const topic of channel.topics.values()) {
        if (topic.subject !== 'members' || topic.entityId !== queue.id) continue;
        for (const member of members) {
          const record = user ?? this.deps.store.get('users', member.userId);
          if (!record) continue;
          this.send(
            channel,
            { topicName: topic.id, version: '2', eventBody: queueMemberEvent(queue.id, record, member), metadata: { CorrelationId: correlationId } },
            true,
          );
        }
      }
    }
  }
}
