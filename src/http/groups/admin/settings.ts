// The admin API: the switches, and the notification channels as the hub holds them.
import type { Handlers } from '../../operations.js';

export const handlers = {
  getAdminSettings: (ctx) => ({ rateLimits: ctx.app.admin.rateLimits }),
  postAdminSettings: (ctx) => {
    const { admin } = ctx.app;
    if (ctx.body?.rateLimits !== undefined) {
      admin.rateLimits = ctx.body.rateLimits;
      admin.limiter.clear();
    }
    return { rateLimits: admin.rateLimits };
  },
  getAdminNotifications: (ctx) => ({ channels: ctx.app.hub.state() }),
} satisfies Handlers;
