// Secrets are compared through fixed-length digests in constant time, so neither a wrong
// length nor a wrong first character answers faster.
import { createHash, timingSafeEqual } from 'node:crypto';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function secretsEqual(given: string, expected: string): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}

export const MASK = '********';
