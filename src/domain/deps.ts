// What the domain is given instead of reaching for the system: time, ids and the store.
import type { StoreView } from '../store/store.js';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface IdGenerator {
  /** A random UUID (ids of records, correlation ids). */
  uuid(): string;
  /** An opaque secret of at least 128 random bits (access tokens, client secrets). */
  secret(): string;
  /** A short numeric code a customer reads out to an agent. */
  joinCode(): string;
}

export interface Deps {
  /** An org's view of the store when serving an API call; the whole store for the admin API. */
  store: StoreView;
  clock: Clock;
  ids: IdGenerator;
}

export function isoNow(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}
