// Expected-versus-actual for scenario steps: objects match as subsets (keys not expected are not
// looked at), arrays element by element with the same length, and strings may be matchers for
// values that change from run to run.

export interface Mismatch {
  path: string;
  expected: unknown;
  actual: unknown;
}

export const UUID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const UUID = new RegExp(`^${UUID_PATTERN}$`, 'i');
export const ISO8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function matchString(expected: string, actual: unknown): boolean {
  if (expected === '$any') return actual !== undefined;
  if (expected === '$uuid') return typeof actual === 'string' && UUID.test(actual);
  if (expected === '$iso8601') return typeof actual === 'string' && ISO8601.test(actual) && !Number.isNaN(Date.parse(actual));
  if (expected.startsWith('$regex:')) {
    if (actual === undefined || actual === null || typeof actual === 'object') return false;
    return new RegExp(expected.slice('$regex:'.length)).test(String(actual));
  }
  return actual === expected;
}

function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

export function match(expected: unknown, actual: unknown, path = ''): Mismatch[] {
  if (typeof expected === 'string') return matchString(expected, actual) ? [] : [{ path, expected, actual }];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path, expected, actual }];
    if (actual.length !== expected.length) return [{ path, expected: `${expected.length} items`, actual: `${actual.length} items` }];
    return expected.flatMap((e, i) => match(e, actual[i], join(path, i)));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [{ path, expected, actual }];
    return Object.entries(expected).flatMap(([k, e]) => match(e, (actual as Record<string, unknown>)[k], join(path, k)));
  }
  return Object.is(expected, actual) ? [] : [{ path, expected, actual }];
}

/** A readable report: one line per difference. */
export function describeMismatches(mismatches: Mismatch[], prefix: string): string[] {
  const show = (v: unknown) => (v === undefined ? '(missing)' : JSON.stringify(v).slice(0, 300));
  return mismatches.map(
    (m) => `${prefix}${m.path === '' || m.path.startsWith('[') ? m.path : `.${m.path}`}: expected ${show(m.expected)}, got ${show(m.actual)}`,
  );
}
