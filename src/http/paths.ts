// Where a request goes, decided here once on its exact path. Genesys' paths are all lower case
// and the SDKs never vary them, so routing is case-sensitive everywhere (`/__ADMIN/state` is 404,
// not the admin API) and every guard, the journal, the faults and the rate limits read the same
// answer: no decision can be passed by writing a path another way.
export type PathKind = 'api' | 'token' | 'health' | 'admin' | 'channel' | 'cobrowse' | 'other';

export function pathKind(path: string): PathKind {
  if (path.startsWith('/api/v2/')) return 'api';
  if (path === '/oauth/token') return 'token';
  if (path === '/__admin/health') return 'health';
  if (path.startsWith('/__admin')) return 'admin';
  if (path.startsWith('/channels/')) return 'channel';
  if (path.startsWith('/cobrowse/sessions/')) return 'cobrowse';
  return 'other';
}

/** What the journal records and faults apply to: the Genesys API and its login. */
export function isGenesysPath(path: string): boolean {
  const kind = pathKind(path);
  return kind === 'api' || kind === 'token';
}
