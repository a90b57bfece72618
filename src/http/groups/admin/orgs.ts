// The admin API: isolated orgs, each with its own client and user, and any org's fixtures.
import { exportFixtures } from '../../../domain/fixtures.js';
import { createIsolatedOrg, deleteOrg, resetOrg } from '../../../domain/orgs.js';
import { created, noContent, type Handlers } from '../../operations.js';

export const handlers = {
  postAdminOrg: async (ctx) => created(await createIsolatedOrg(ctx.deps, ctx.app.allScopes, ctx.body?.name)),
  getAdminOrgFixtures: (ctx) => exportFixtures(ctx.app.store, ctx.params.orgId),
  postAdminOrgReset: async (ctx) => {
    await resetOrg(ctx.deps, ctx.app.seed, ctx.params.orgId);
    ctx.app.hub.reset(ctx.params.orgId);
    return { status: 'reset' as const };
  },
  deleteAdminOrg: async (ctx) => {
    await deleteOrg(ctx.deps, ctx.params.orgId);
    ctx.app.hub.reset(ctx.params.orgId);
    // Its stubs could answer no one any more.
    ctx.app.admin.stubs.removeOrg(ctx.params.orgId);
    return noContent();
  },
} satisfies Handlers;
