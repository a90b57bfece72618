// The admin API: stubs (answers armed for Genesys API requests; docs/stubs.md).
import { ApiError } from '../../../domain/errors.js';
import { genesysCatalogue } from '../../catalogue-file.js';
import { created, noContent, type Handlers } from '../../operations.js';

export const handlers = {
  postAdminStub: (ctx) => created(ctx.app.admin.stubs.add(ctx.app.ids.uuid(), ctx.body, { catalogue: genesysCatalogue })),
  getAdminStubs: (ctx) => ({ stubs: ctx.app.admin.stubs.list() }),
  deleteAdminStubs: (ctx) => {
    ctx.app.admin.stubs.clear();
    return noContent();
  },
  deleteAdminStub: (ctx) => {
    if (!ctx.app.admin.stubs.remove(ctx.params.stubId)) throw new ApiError('notFound');
    return noContent();
  },
} satisfies Handlers;
