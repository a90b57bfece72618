// The admin API: the request journal.
import { ApiError } from '../../../domain/errors.js';
import { noContent, pageRequestOf, type Handlers } from '../../operations.js';

/** A page of the journal at most: all of it may be tens of megabytes. */
const JOURNAL_PAGE_SIZE = 100;
const JOURNAL_MAX_PAGE_SIZE = 1000;

export const handlers = {
  getAdminRequests: (ctx) => {
    const q = ctx.query;
    const { pageSize = JOURNAL_PAGE_SIZE, pageNumber = 1 } = pageRequestOf(ctx, JOURNAL_MAX_PAGE_SIZE);
    const status = q.get('status');
    const limit = q.get('limit');
    const matching = ctx.app.admin.journal.find({
      method: q.get('method') ?? undefined,
      path: q.get('path') ?? undefined,
      status: status === null ? undefined : Number(status),
      orgId: q.get('orgId') ?? undefined,
      since: q.get('since') ?? undefined,
    });
    const found = limit === null ? matching : matching.slice(Math.max(0, matching.length - Number(limit)));
    const requests = found.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    return { requests, total: found.length, pageSize, pageNumber, pageCount: Math.ceil(found.length / pageSize) };
  },
  deleteAdminRequests: (ctx) => {
    ctx.app.admin.journal.clear();
    return noContent();
  },
  postAdminRequestsCount: (ctx) => ({ count: ctx.app.admin.journal.find(ctx.body ?? {}).length }),
  getAdminRequest: (ctx) => {
    const entry = ctx.app.admin.journal.byCorrelationId(ctx.params.correlationId);
    if (!entry) throw new ApiError('notFound');
    return entry;
  },
} satisfies Handlers;
