// Genesys' per-token limit, 300 requests a minute, counted on the virtual clock in fixed windows
// that start with a token's first request.
const REQUESTS_PER_MINUTE = 300;
const WINDOW_MS = 60_000;

export interface RateDecision {
  allowed: boolean;
  count: number;
  limit: number;
  /** Whole seconds until the window resets. */
  resetSeconds: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  take(key: string, now: number): RateDecision {
    let window = this.windows.get(key);
    if (!window || now >= window.start + WINDOW_MS) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
      if (this.windows.size > 100_000) this.sweep(now);
    }
    const resetSeconds = Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
    if (window.count >= REQUESTS_PER_MINUTE) return { allowed: false, count: window.count, limit: REQUESTS_PER_MINUTE, resetSeconds };
    window.count++;
    return { allowed: true, count: window.count, limit: REQUESTS_PER_MINUTE, resetSeconds };
  }

  clear(): void {
    this.windows.clear();
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (now >= w.start + WINDOW_MS) this.windows.delete(key);
  }
}
