// The admin API: faults (answers, delays and dropped connections on matching requests).
import { ApiError } from '../../../domain/errors.js';
import { appliesTo } from '../../../domain/admin/faults.js';
import { created, noContent, type Handlers } from '../../operations.js';

export const handlers = {
  postAdminFault: (ctx) => {
    const { admin, hub } = ctx.app;
    const fault = admin.faults.add(ctx.app.ids.uuid(), ctx.body);
    if (fault.drop) {
      // A drop fault on /channels/… cuts the matching notification sockets at once.
      // (a WebSocket opens with a GET of its path)
      const dropped = hub.dropSockets((path, org) => appliesTo(fault, { method: 'GET', path, orgId: org }), fault.times);
      admin.faults.hit(fault.id, dropped);
    }
    return created({ id: fault.id });
  },
  getAdminFaults: (ctx) => ({ faults: ctx.app.admin.faults.list() }),
  deleteAdminFaults: (ctx) => {
    ctx.app.admin.faults.clear();
    return noContent();
  },
  deleteAdminFault: (ctx) => {
    if (!ctx.app.admin.faults.remove(ctx.params.faultId)) throw new ApiError('notFound');
    return noContent();
  },
} satisfies Handlers;
