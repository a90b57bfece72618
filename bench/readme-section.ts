// The README's performance section: the last run's table, written from bench/results.json by
// `npm run bench` (when it writes that file); the suite checks the two agree (test/docs.test.ts).

export interface BenchFigure {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  ratioToExpress?: number | undefined;
}

export interface BenchTarget {
  value: number | null;
  target: string;
  met: boolean;
}

export interface BenchResults {
  date: string;
  node: string;
  figures: BenchFigure[];
  startupSeedMs?: number;
  startupLargeMs?: number;
  rssLargeMb?: number;
  large?: number;
  targets?: Record<string, BenchTarget>;
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** The Markdown of one run: its rows, its startup and memory figures, and its targets. */
export function performanceSection(r: BenchResults): string {
  const rows = r.figures.map((f) => `| ${f.name} | ${f.rps} | ${f.p50} | ${f.p99} | ${f.ratioToExpress?.toFixed(2) ?? '-'} |`);
  const targets = Object.entries(r.targets ?? {}).map(([name, t]) => `${t.met ? 'met' : '**missed**'} ${name} ${t.value ?? '-'} (${t.target})`);
  return [
    `Last run (\`npm run bench\`, ${r.date.slice(0, 10)}, Node ${r.node}, this 2-core machine):`,
    '',
    '| operation | req/s | p50 ms | p99 ms | × Express |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Startup to the first 200: ${r.startupSeedMs ?? '-'} ms with the demo seed, ${r.startupLargeMs ?? '-'} ms with ${r.large?.toLocaleString('en-US') ?? '-'} conversations (RSS ${r.rssLargeMb ?? '-'} MB).`,
    `Targets: ${targets.join('; ')}.`,
  ].join('\n');
}

/** The README with its performance section replaced by this run's. */
export function withPerformanceSection(readme: string, r: BenchResults): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`the README has no ${START} … ${END} section`);
  return `${readme.slice(0, start + START.length)}\n${performanceSection(r)}\n${readme.slice(end)}`;
}
