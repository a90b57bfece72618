// `genesys-cloud-mock scenario run|record|import-har`: parses its flags, runs, and returns the exit
// code (src/main.ts starts the in-process server when one is needed, and exits).
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AdminError } from '../admin-client.js';
import { UsageError } from '../cli-options.js';
import { importHar } from './har.js';
import { readScenario, ScenarioError } from './parse.js';
import { recordScenario } from './record.js';
import { jsonOf, junitOf, REPORTERS, summaryOf, textOf, type ReporterName } from './reporters.js';
import { runScenarios, unreachableCause, type RunTarget } from './runner.js';
import type { Scenario } from './model.js';
import { scenarioYaml } from './write.js';

const SCENARIO_USAGE = `Usage:
  genesys-cloud-mock scenario run <file|dir>... [--url URL] [--admin-token TOKEN] [--concurrency N] [--reporter text|json|junit] [--keep-going]
      Runs scenario files (a folder: every .yaml/.yml in it), against an in-process server unless --url;
      --keep-going runs every step even after one fails (to see each difference of an imported HAR).
  genesys-cloud-mock scenario record --url URL --org ORG --out FILE [--duration SECONDS] [--admin-token TOKEN]
      Writes the org's fixtures as given, then every request the org makes until Ctrl-C or --duration.
  genesys-cloud-mock scenario import-har FILE.har --out FILE
      Turns the Genesys API calls of a browser HAR into a scenario.`;

export interface ScenarioIo {
  out(text: string): void;
  err(text: string): void;
  /** Starts an in-memory server for `run` without --url. */
  startLocal(): Promise<RunTarget & { close(): Promise<void> }>;
  /** Aborted on Ctrl-C: ends a recording. */
  interrupted: AbortSignal;
}

function scenarioFiles(paths: string[]): string[] {
  return paths.flatMap((path) => {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      return [path]; // reported as unreadable by the parser, with the others
    }
    if (!isDir) return [path];
    return readdirSync(path, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => join(path, f));
  });
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${name} must be a whole number from 1, got "${value}"`);
  return Number(value);
}

async function run(args: string[], io: ScenarioIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { url: { type: 'string' }, 'admin-token': { type: 'string' }, concurrency: { type: 'string' }, reporter: { type: 'string' }, 'keep-going': { type: 'boolean' } },
  });
  if (positionals.length === 0) throw new UsageError('scenario run needs at least one file or folder');
  const reporter = (values.reporter ?? 'text') as ReporterName;
  if (!REPORTERS.includes(reporter)) throw new UsageError(`--reporter must be one of ${REPORTERS.join(', ')}, got "${values.reporter}"`);
  const concurrency = positiveInteger('--concurrency', values.concurrency, 4);

  // Every file is read and checked before any request.
  const files = scenarioFiles(positionals);
  if (files.length === 0) throw new UsageError(`no .yaml or .yml file in ${positionals.join(', ')}`);
  const scenarios: Scenario[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      scenarios.push(readScenario(file));
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length > 0) {
    io.err(problems.join('\n'));
    io.err(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the scenario files; nothing was run`);
    return 1;
  }

  const local = values.url === undefined ? await io.startLocal() : undefined;
  const target: RunTarget = local ?? { url: values.url!.replace(/\/$/, ''), ...(values['admin-token'] ? { adminToken: values['admin-token'] } : {}) };
  try {
    const results = await runScenarios(scenarios, target, { concurrency, keepGoing: values['keep-going'] === true, ...(reporter === 'text' ? { onResult: (r) => io.out(textOf(r)) } : {}) });
    if (reporter === 'text') io.out(summaryOf(results));
    else io.out(reporter === 'json' ? jsonOf(results) : junitOf(results));
    return results.every((r) => r.ok) ? 0 : 1;
  } finally {
    await local?.close();
  }
}

async function record(args: string[], io: ScenarioIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { url: { type: 'string' }, org: { type: 'string' }, out: { type: 'string' }, duration: { type: 'string' }, 'admin-token': { type: 'string' } },
  });
  for (const flag of ['url', 'org', 'out'] as const) if (!values[flag]) throw new UsageError(`scenario record needs --${flag}`);
  const duration = values.duration === undefined ? undefined : positiveInteger('--duration', values.duration, 1);
  const recorded = await recordScenario({
    url: values.url!.replace(/\/$/, ''),
    orgId: values.org!,
    ...(values['admin-token'] ? { adminToken: values['admin-token'] } : {}),
    ...(duration ? { durationSeconds: duration } : {}),
    stop: io.interrupted,
    onStart: () => io.out(`recording org ${values.org} at ${values.url}; Ctrl-C to stop`),
  });
  if (recorded.steps.length === 0) {
    io.err(`error: org ${values.org} made no request while recording; ${values.out} was not written`);
    return 1;
  }
  writeFileSync(values.out!, scenarioYaml(recorded));
  io.out(`wrote ${values.out}: ${recorded.steps.length} step${recorded.steps.length === 1 ? '' : 's'}`);
  return 0;
}

function importHarCommand(args: string[], io: ScenarioIo): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError('scenario import-har needs one HAR file');
  if (!values.out) throw new UsageError('scenario import-har needs --out');
  const scenario = importHar(positionals[0]!);
  writeFileSync(values.out, scenarioYaml(scenario));
  io.out(`wrote ${values.out}: ${scenario.steps.length} step${scenario.steps.length === 1 ? '' : 's'} from ${positionals[0]}`);
  return 0;
}

/** Runs `scenario …`; returns the exit code (2 for bad usage). */
export async function scenarioCommand(argv: string[], io: ScenarioIo): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'run') return await run(rest, io);
    if (sub === 'record') return await record(rest, io);
    if (sub === 'import-har') return importHarCommand(rest, io);
    if (sub === undefined || sub === '--help' || sub === 'help') {
      io.out(SCENARIO_USAGE);
      return sub === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown scenario command "${sub}"`);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`error: ${(e as Error).message}\n\n${SCENARIO_USAGE}`);
      return 2;
    }
    if (e instanceof ScenarioError || e instanceof AdminError) {
      io.err(`error: ${e.message}`);
      return 1;
    }
    const cause = unreachableCause(e);
    if (cause !== undefined) {
      io.err(`error: cannot reach the server (${cause})`);
      return 1;
    }
    throw e;
  }
}
