// The Routing API group (openapi/groups/routing.yaml): queues and their members.
import { changeMembers, createQueue, deleteQueue, listMembers, listQueues, presentQueue, queueOf, replaceQueue, setJoined } from '../../domain/routing.js';
import { accepted, noContent, pageRequestOf, type Handlers, type OperationContext } from '../operations.js';

/** The query parameters a page's links keep, as sent. */
function kept(ctx: OperationContext, names: readonly string[]): Record<string, string> {
  const query: Record<string, string> = {};
  for (const name of names) {
    const value = ctx.query.get(name);
    if (value !== null) query[name] = value;
  }
  return query;
}

export const handlers = {
  getRoutingQueues: (ctx) =>
    listQueues(
      ctx.store,
      { name: ctx.query.get('name') ?? undefined, ids: ctx.query.getAll('id'), descending: ctx.query.get('sortOrder') === 'desc' },
      pageRequestOf(ctx),
      kept(ctx, ['name', 'sortOrder']),
    ),
  postRoutingQueues: (ctx) => createQueue(ctx.deps, ctx.principal.orgId, ctx.body),
  getRoutingQueue: (ctx) => presentQueue(queueOf(ctx.store, ctx.params.queueId)),
  putRoutingQueue: (ctx) => replaceQueue(ctx.deps, ctx.params.queueId, ctx.body),
  deleteRoutingQueue: async (ctx) => {
    await deleteQueue(ctx.deps, ctx.params.queueId);
    return noContent();
  },
  getRoutingQueueMembers: (ctx) => {
    const joined = ctx.query.get('joined');
    return listMembers(
      ctx.store,
      ctx.params.queueId,
      { joined: joined === null ? undefined : joined === 'true', name: ctx.query.get('name') ?? undefined },
      pageRequestOf(ctx),
      kept(ctx, ['joined', 'name']),
    );
  },
  postRoutingQueueMembers: async (ctx) => {
    await changeMembers(
      ctx.deps,
      ctx.params.queueId,
      ctx.body.map((m) => m.id),
      ctx.query.get('delete') === 'true',
    );
    return noContent();
  },
  patchRoutingQueueMember: async (ctx) => {
    await setJoined(ctx.deps, ctx.params.queueId, ctx.params.memberId, ctx.body.joined);
    return accepted();
  },
} satisfies Handlers;
