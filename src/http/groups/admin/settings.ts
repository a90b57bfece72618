// The test-control API: the switches, and the notification channels as the hub holds them.
import type { Handlers } from '../../operations.js';

export const handlers = {
  getAdminSettings: (ctx) => ({ rateLimits: ctx.app.control.rateLimits }),
  postAdminSettings: (ctx) => {
    const { control } = ctx.app;
    if (ctx.body?.rateLimits !== undefined) {
      control.rateLimits = ctx.body.rateLimits;
      control.limiter.clear();
    }
    return { rateLimits: control.rateLimits };
  },
  getAdminNotifications: (ctx) => ({ channels: ctx.app.hub.state() }),
} satisfies Handlers;
