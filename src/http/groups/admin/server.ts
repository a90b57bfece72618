// The admin API (openapi/groups/admin.yaml), the server as a whole: health, reset, the
// whole state, and the document itself. No OAuth here; --admin-token guards /__admin.
import { buildSeedDocument } from '../../../domain/seed.js';
import { MASK } from '../../../domain/secrets.js';
import { emptyDocument } from '../../../store/schema.js';
import { Reply, type Handlers } from '../../operations.js';

export const handlers = {
  getOpenApiDocument: (ctx) => new Reply(200, ctx.app.documentText, {}, 'application/yaml'),
  getAdminHealth: () => ({ status: 'ok' as const }),
  postAdminReset: async (ctx) => {
    const { app } = ctx;
    // The data first: if it cannot be written, nothing else is reset either. The seed is dated
    // in real time, where the reset puts the clock back.
    await app.store.replace(ctx.body?.empty === true ? emptyDocument() : buildSeedDocument({ ids: app.ids, clock: app.admin.clock.real }, app.seed));
    app.admin.reset();
    app.hub.reset();
    return { status: 'reset' as const };
  },
  getAdminState: (ctx) => {
    const doc = ctx.app.store.snapshot();
    for (const client of doc.oauthClients) client.secret = MASK;
    return doc;
  },
} satisfies Handlers;
