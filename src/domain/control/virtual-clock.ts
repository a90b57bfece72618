// The clock everything reads: real time, or real time moved forward by the test-control API.
// It never goes backwards unless asked to in so many words (a scenario's start time), or back to
// real time.
import { ApiError } from '../errors.js';
import type { Clock } from '../deps.js';

export class VirtualClock implements Clock {
  private offsetMs = 0;

  /** @param real the real time it moves away from and comes back to */
  constructor(readonly real: Clock) {}

  now(): number {
    return this.real.now() + this.offsetMs;
  }

  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw invalid('advanceSeconds', String(seconds), 'a number of seconds, zero or more');
    this.offsetMs += Math.round(seconds * 1000);
  }

  set(iso: string, options: { backwards?: boolean } = {}): void {
    const target = Date.parse(iso);
    if (Number.isNaN(target)) throw new ApiError('invalidDate', {}, [{ errorCode: 'invalid.date', fieldName: 'now' }]);
    if (target < this.now() && !options.backwards) throw invalid('now', iso, `a time not before ${new Date(this.now()).toISOString()}: the clock never goes back (unless "backwards": true)`);
    this.offsetMs += target - this.now();
  }

  backToReal(): void {
    this.offsetMs = 0;
  }
}

function invalid(field: string, value: string, allowed: string): ApiError {
  return new ApiError('invalidValue', {}, [{ errorCode: 'invalid.value', fieldName: field }], { value, field, allowed });
}
