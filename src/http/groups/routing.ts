// The Routing API group (openapi/groups/routing.yaml): queues and their members and wrap-up codes,
// skills, wrap-up codes, and users' skills and queues.
import {
  addQueueWrapupCodes,
  changeMembers,
  createQueue,
  createSkill,
  createWrapupCode,
  deleteQueue,
  deleteSkill,
  deleteWrapupCode,
  listMembers,
  listQueues,
  listSkills,
  listUserQueues,
  listUserSkills,
  listWrapupCodes,
  presentQueue,
  presentSkill,
  presentWrapupCode,
  queueOf,
  removeQueueWrapupCode,
  removeUserSkill,
  renameWrapupCode,
  replaceQueue,
  setJoined,
  setUserSkill,
  skillOf,
  wrapupCodeOf,
} from '../../domain/routing.js';
import { accepted, keptQuery, noContent, pageRequestOf, type Handlers } from '../operations.js';

export const handlers = {
  getRoutingQueues: (ctx) =>
    listQueues(
      ctx.store,
      { name: ctx.query.get('name') ?? undefined, ids: ctx.query.getAll('id'), descending: ctx.query.get('sortOrder') === 'desc' },
      pageRequestOf(ctx),
      keptQuery(ctx, ['name', 'sortOrder']),
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
      keptQuery(ctx, ['joined', 'name']),
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
  getRoutingQueueWrapupcodes: (ctx) => {
    const queue = queueOf(ctx.store, ctx.params.queueId);
    return listWrapupCodes(
      ctx.store,
      { name: ctx.query.get('name') ?? undefined, ids: [], descending: false, only: queue.wrapupCodes ?? [] },
      pageRequestOf(ctx),
      `/api/v2/routing/queues/${queue.id}/wrapupcodes`,
      keptQuery(ctx, ['name']),
    );
  },
  postRoutingQueueWrapupcodes: (ctx) =>
    addQueueWrapupCodes(
      ctx.deps,
      ctx.params.queueId,
      ctx.body.map((c) => c.id),
    ),
  deleteRoutingQueueWrapupcode: async (ctx) => {
    await removeQueueWrapupCode(ctx.deps, ctx.params.queueId, ctx.params.codeId);
    return noContent();
  },
  getRoutingSkills: (ctx) =>
    listSkills(ctx.store, { name: ctx.query.get('name') ?? undefined, ids: ctx.query.getAll('id') }, pageRequestOf(ctx), keptQuery(ctx, ['name'])),
  postRoutingSkills: (ctx) => createSkill(ctx.deps, ctx.principal.orgId, ctx.body.name),
  getRoutingSkill: (ctx) => presentSkill(skillOf(ctx.store, ctx.params.skillId)),
  deleteRoutingSkill: async (ctx) => {
    await deleteSkill(ctx.deps, ctx.params.skillId);
    return noContent();
  },
  getRoutingWrapupcodes: (ctx) =>
    listWrapupCodes(
      ctx.store,
      { name: ctx.query.get('name') ?? undefined, ids: ctx.query.getAll('id'), descending: ctx.query.get('sortOrder') === 'descending' },
      pageRequestOf(ctx),
      '/api/v2/routing/wrapupcodes',
      keptQuery(ctx, ['name', 'sortOrder']),
    ),
  postRoutingWrapupcodes: (ctx) => createWrapupCode(ctx.deps, ctx.principal.orgId, ctx.body.name),
  getRoutingWrapupcode: (ctx) => presentWrapupCode(wrapupCodeOf(ctx.store, ctx.params.codeId)),
  putRoutingWrapupcode: (ctx) => renameWrapupCode(ctx.deps, ctx.params.codeId, ctx.body.name),
  deleteRoutingWrapupcode: async (ctx) => {
    await deleteWrapupCode(ctx.deps, ctx.params.codeId);
    return noContent();
  },
  getUserRoutingskills: (ctx) =>
    listUserSkills(ctx.store, ctx.params.userId, ctx.query.get('sortOrder') === 'descending', pageRequestOf(ctx), keptQuery(ctx, ['sortOrder'])),
  postUserRoutingskills: (ctx) => setUserSkill(ctx.deps, ctx.params.userId, ctx.body.id, ctx.body.proficiency),
  deleteUserRoutingskill: async (ctx) => {
    await removeUserSkill(ctx.deps, ctx.params.userId, ctx.params.skillId);
    return noContent();
  },
  getUserQueues: (ctx) => listUserQueues(ctx.store, ctx.params.userId, ctx.query.get('joined') !== 'false', pageRequestOf(ctx), keptQuery(ctx, ['joined'])),
} satisfies Handlers;
