// The Users API group (openapi/groups/users.yaml): the org's users.
import {
  createUser,
  deleteUser,
  listUsers,
  meOf,
  presentUser,
  profileSkillsOf,
  searchUsers,
  setProfileSkills,
  updateUser,
  userOf,
  type StateFilter,
} from '../../domain/users.js';
import { expanderOf } from '../../domain/user-expansions.js';
import { pageRequestOf, type Handlers, type OperationContext } from '../operations.js';

/** `expand` as the SDK sends it: the parameter repeated. */
function expandOf(ctx: OperationContext): string[] {
  return ctx.query.getAll('expand');
}

function stateOf(ctx: OperationContext): StateFilter | undefined {
  return (ctx.query.get('state') ?? undefined) as StateFilter | undefined;
}

export const handlers = {
  getUsers: (ctx) => {
    const query: Record<string, string> = {};
    for (const name of ['state', 'sortOrder'] as const) {
      const value = ctx.query.get(name);
      if (value !== null) query[name] = value;
    }
    return listUsers(
      ctx.store,
      ctx.principal.orgId,
      {
        ids: ctx.query.getAll('id'),
        state: stateOf(ctx),
        descending: ctx.query.get('sortOrder') === 'descending',
        expand: expandOf(ctx),
        expander: expanderOf(ctx.store, expandOf(ctx)),
      },
      pageRequestOf(ctx),
      query,
    );
  },
  postUsersSearch: (ctx) => searchUsers(ctx.store, ctx.principal.orgId, ctx.body, expanderOf(ctx.store, ctx.body.expand ?? [])),
  getUsersMe: (ctx) => presentUser(meOf(ctx.store, ctx.principal.userId), expandOf(ctx), expanderOf(ctx.store, expandOf(ctx))),
  postUsers: (ctx) => createUser(ctx.deps, ctx.principal.orgId, ctx.body),
  getUser: (ctx) => presentUser(userOf(ctx.store, ctx.params.userId, stateOf(ctx)), expandOf(ctx), expanderOf(ctx.store, expandOf(ctx))),
  patchUser: (ctx) => updateUser(ctx.deps, ctx.params.userId, ctx.body),
  deleteUser: async (ctx) => {
    await deleteUser(ctx.deps, ctx.params.userId);
    return {};
  },
  getUserProfileskills: (ctx) => profileSkillsOf(ctx.store, ctx.params.userId),
  putUserProfileskills: (ctx) => setProfileSkills(ctx.deps, ctx.params.userId, ctx.body),
} satisfies Handlers;
