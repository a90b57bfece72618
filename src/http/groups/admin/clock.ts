// The admin API: the virtual clock.
import { isoNow } from '../../../domain/deps.js';
import { ApiError } from '../../../domain/errors.js';
import type { Handlers } from '../../operations.js';

export const handlers = {
  getAdminClock: (ctx) => ({ now: isoNow(ctx.app.clock) }),
  postAdminClock: (ctx) => {
    const body = ctx.body ?? {};
    const given = (['advanceSeconds', 'now', 'real'] as const).filter((k) => body[k] !== undefined);
    if (given.length !== 1) {
      throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'advanceSeconds' }], {
        problems: 'give exactly one of advanceSeconds, now, real',
      });
    }
    if (body.backwards !== undefined && body.now === undefined) {
      throw new ApiError('invalidBody', {}, [{ errorCode: 'invalid.value', fieldName: 'backwards' }], { problems: 'backwards goes with now' });
    }
    const { clock } = ctx.app.admin;
    if (body.advanceSeconds !== undefined) clock.advance(body.advanceSeconds);
    else if (body.now !== undefined) clock.set(body.now, { backwards: body.backwards === true });
    else if (body.real === true) clock.backToReal();
    // Channels that the new time puts past their 24 hours close now.
    ctx.app.hub.expire();
    return { now: isoNow(ctx.app.clock) };
  },
} satisfies Handlers;
