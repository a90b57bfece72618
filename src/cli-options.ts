// Command-line flags and their environment variables. Pure: no process access.
import { DEFAULT_JOURNAL_BYTES } from './domain/admin/journal.js';
import { parseArgs } from 'node:util';

export interface CliOptions {
  port: number;
  host: string;
  data: string;
  inMemory: boolean;
  seed: string;
  tokenTtlSeconds: number;
  journalSize: number;
  journalBytes: number;
  rateLimits: boolean;
  adminToken?: string | undefined;
  heartbeatSeconds: number;
  analyticsJobSeconds: number;
  stubs?: string | undefined;
  help: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage: genesys-cloud-mock [options]

  --port PORT          port to listen on; 0 picks a free one   (PORT, default 8080)
  --host HOST          address to bind                          (HOST, default 127.0.0.1)
  --data FILE          the JSON data file, seeded when missing  (GENESYS_MOCK_DATA, default data/db.json)
  --in-memory          keep everything in memory, write nothing (GENESYS_MOCK_IN_MEMORY=1)
  --seed FILE          the seed for a new data file and reset   (GENESYS_MOCK_SEED, default: the demo seed)
  --token-ttl SECONDS  access token lifetime                    (GENESYS_MOCK_TOKEN_TTL, default 86399)
  --journal-size N     requests kept in the journal             (GENESYS_MOCK_JOURNAL_SIZE, default 10000)
  --journal-bytes N    bytes the journal may hold, bodies over 16 KB cut  (GENESYS_MOCK_JOURNAL_BYTES, default 67108864)
  --rate-limits        enforce 300 requests a minute per token  (GENESYS_MOCK_RATE_LIMITS=1)
  --admin-token TOKEN  /__admin needs Bearer TOKEN (not health)  (GENESYS_MOCK_ADMIN_TOKEN)
  --heartbeat-seconds N  notification socket heartbeat          (GENESYS_MOCK_HEARTBEAT_SECONDS, default 30)
  --analytics-job-seconds N  clock seconds an analytics job stays QUEUED  (GENESYS_MOCK_ANALYTICS_JOB_SECONDS, default 0)
  --stubs PATH         a stub file or a folder of them, kept across resets  (GENESYS_MOCK_STUBS)
  --help               this text

       genesys-cloud-mock scenario run|record|import-har ...   (genesys-cloud-mock scenario help)`;

function integer(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${name} must be a whole number, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function flagOn(value: string | undefined): boolean {
  return value !== undefined && !['', '0', 'false', 'no'].includes(value.toLowerCase());
}

export function parseCliOptions(argv: string[], env: Record<string, string | undefined>, defaultSeed: string): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        'in-memory': { type: 'boolean' },
        seed: { type: 'string' },
        'token-ttl': { type: 'string' },
        'journal-size': { type: 'string' },
        'journal-bytes': { type: 'string' },
        'rate-limits': { type: 'boolean' },
        'admin-token': { type: 'string' },
        'heartbeat-seconds': { type: 'string' },
        'analytics-job-seconds': { type: 'string' },
        stubs: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const port = values.port ?? env.PORT ?? '8080';
  const ttl = values['token-ttl'] ?? env.GENESYS_MOCK_TOKEN_TTL ?? '86399';
  const host = values.host ?? env.HOST ?? '127.0.0.1';
  if (host.trim() === '') throw new UsageError('--host must not be empty');
  return {
    port: integer('--port', port, 0, 65535),
    host,
    data: values.data ?? env.GENESYS_MOCK_DATA ?? 'data/db.json',
    inMemory: values['in-memory'] ?? flagOn(env.GENESYS_MOCK_IN_MEMORY),
    seed: values.seed ?? env.GENESYS_MOCK_SEED ?? defaultSeed,
    tokenTtlSeconds: integer('--token-ttl', ttl, 1, 10 * 365 * 86400),
    journalSize: integer('--journal-size', values['journal-size'] ?? env.GENESYS_MOCK_JOURNAL_SIZE ?? '10000', 0, 10_000_000),
    journalBytes: integer('--journal-bytes', values['journal-bytes'] ?? env.GENESYS_MOCK_JOURNAL_BYTES ?? String(DEFAULT_JOURNAL_BYTES), 0, 16 * 1024 ** 3),
    rateLimits: values['rate-limits'] ?? flagOn(env.GENESYS_MOCK_RATE_LIMITS),
    adminToken: adminToken(values['admin-token'] ?? env.GENESYS_MOCK_ADMIN_TOKEN),
    heartbeatSeconds: integer('--heartbeat-seconds', values['heartbeat-seconds'] ?? env.GENESYS_MOCK_HEARTBEAT_SECONDS ?? '30', 1, 86400),
    analyticsJobSeconds: integer('--analytics-job-seconds', values['analytics-job-seconds'] ?? env.GENESYS_MOCK_ANALYTICS_JOB_SECONDS ?? '0', 0, 86400),
    stubs: stubsPath(values.stubs ?? env.GENESYS_MOCK_STUBS),
    help: values.help ?? false,
  };
}

function stubsPath(path: string | undefined): string | undefined {
  if (path !== undefined && path.trim() === '') throw new UsageError('--stubs must name a file or a folder');
  return path;
}

/**
 * Why an admin token cannot be used, or undefined when it can. An empty one would silently mean
 * no protection at all, and one with white space could never be sent as `Bearer TOKEN`.
 */
export function adminTokenProblem(token: string): string | undefined {
  if (token === '') return 'the admin token must not be empty: leave --admin-token (and GENESYS_MOCK_ADMIN_TOKEN) out for none';
  if (/\s/.test(token)) return 'the admin token must not contain white space: it is sent as "Authorization: Bearer TOKEN"';
  return undefined;
}

function adminToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const problem = adminTokenProblem(token);
  if (problem) throw new UsageError(problem);
  return token;
}
