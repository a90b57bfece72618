// The real clock and the real randomness, handed to createApp by default.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Clock, IdGenerator } from './domain/deps.js';

export const systemClock: Clock = { now: () => Date.now() };

export const randomIds: IdGenerator = {
  uuid: () => randomUUID(),
  secret: () => randomBytes(24).toString('base64url'),
  joinCode: () => String(randomInt(0, 1_000_000)).padStart(6, '0'),
};
