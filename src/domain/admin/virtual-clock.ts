// The clock everything reads: real time, or real time moved forward by the admin API.
// It never goes backwards unless asked to in so many words (a scenario's start time), or back to
// real time.
import { ApiError, invalidValue } from '../errors.js';
import type { Clock } from '../deps.js';

/**
 * The times the clock may show: from 1970 to the end of year 9999, the range Genesys' ISO 8601
 * dates (four-digit years) can write. Beyond it every date the API writes would fail.
 */
const EARLIEST_MS = 0;
const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export class VirtualClock implements Clock {
  private offsetMs = 0;

  /** @param real the real time it moves away from and comes back to */
  constructor(readonly real: Clock) {}

  now(): number {
    return this.real.now() + this.offsetMs;
  }

  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw invalidValue('advanceSeconds', String(seconds), 'a number of seconds, zero or more');
    const target = this.now() + Math.round(seconds * 1000);
    if (!(target <= LATEST_MS))
      throw invalidValue(
        'advanceSeconds',
        String(seconds),
        `a number of seconds that keeps the clock at 9999-12-31T23:59:59.999Z at the latest (at most ${Math.floor((LATEST_MS - this.now()) / 1000)} from now)`,
      );
    this.offsetMs += target - this.now();
  }

  set(iso: string, options: { backwards?: boolean } = {}): void {
    const target = Date.parse(iso);
    if (Number.isNaN(target)) throw new ApiError('invalidDate', {}, [{ errorCode: 'invalid.date', fieldName: 'now' }]);
    if (target < EARLIEST_MS || target > LATEST_MS) throw invalidValue('now', iso, 'a time from 1970-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z');
    if (target < this.now() && !options.backwards)
      throw invalidValue('now', iso, `a time not before ${new Date(this.now()).toISOString()}: the clock never goes back (unless "backwards": true)`);
    this.offsetMs += target - this.now();
  }

  backToReal(): void {
    this.offsetMs = 0;
  }
}
