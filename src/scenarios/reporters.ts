// How scenario results are shown: text for people (one line per step, a diff and the request on
// failure), JSON and JUnit XML for CI.
import { MASK } from '../domain/secrets.js';
import type { ScenarioResult, SentRequest } from './runner.js';

export type ReporterName = 'text' | 'json' | 'junit';
export const REPORTERS: ReporterName[] = ['text', 'json', 'junit'];

function masked(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, k === 'authorization' ? `${v.split(' ')[0]} ${MASK}` : v]));
}

function sentLines(sent: SentRequest): string[] {
  const lines = [`sent: ${sent.method} ${sent.path}`];
  for (const [k, v] of Object.entries(masked(sent.headers))) lines.push(`      ${k}: ${v}`);
  if (sent.body !== undefined) lines.push(`      ${sent.body.length > 500 ? `${sent.body.slice(0, 500)}…` : sent.body || '(empty body)'}`);
  return lines;
}

/** One scenario as text, printed when it finishes. */
export function textOf(result: ScenarioResult): string {
  const lines = [`${result.ok ? '✓' : '✗'} ${result.name}  (${result.file}${result.ticket ? `, ticket ${result.ticket}` : ''})`];
  if (result.setupError) lines.push(`    ${result.setupError}`);
  for (const step of result.steps) {
    if (step.skipped) {
      lines.push(`  - ${step.name}  (skipped)`);
      continue;
    }
    lines.push(`  ${step.ok ? '✓' : '✗'} ${step.name}  ${step.status ?? ''}${step.status === undefined ? '' : '  '}${step.ms} ms`);
    if (step.ok) continue;
    lines.push(`      at ${result.file}:${step.line}`);
    for (const p of step.problems) lines.push(`      ${p}`);
    if (step.sent) lines.push(...sentLines(step.sent).map((l) => `    ${l}`));
    if (step.correlationId) lines.push(`      inin-correlation-id: ${step.correlationId}  (GET /__admin/requests/${step.correlationId} shows it as the server saw it)`);
  }
  if (!result.ok && result.orgId) lines.push(`    org ${result.orgId} is kept for a look`);
  return lines.join('\n');
}

export function summaryOf(results: ScenarioResult[]): string {
  const failed = results.filter((r) => !r.ok).length;
  return `${results.length} scenario${results.length === 1 ? '' : 's'}: ${results.length - failed} passed, ${failed} failed`;
}

export function jsonOf(results: ScenarioResult[]): string {
  return JSON.stringify(
    {
      passed: results.filter((r) => r.ok).length,
      failed: results.filter((r) => !r.ok).length,
      scenarios: results.map((r) => ({ ...r, steps: r.steps.map((s) => (s.sent ? { ...s, sent: { ...s.sent, headers: masked(s.sent.headers) } } : s)) })),
    },
    null,
    2,
  );
}

function xml(text: string): string {
  // Control characters are not allowed in XML 1.0 at all: they are dropped.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

export function junitOf(results: ScenarioResult[]): string {
  const failures = results.filter((r) => !r.ok).length;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const cases = results.map((r) => {
    const attrs = `classname="${xml(r.file)}" name="${xml(r.name)}" time="${seconds(r.ms)}"`;
    if (r.ok) return `    <testcase ${attrs}/>`;
    const failedStep = r.steps.find((s) => !s.ok && !s.skipped);
    const message = r.setupError ?? `${failedStep?.name ?? 'a step'}: ${failedStep?.problems[0] ?? 'failed'}`;
    return `    <testcase ${attrs}>\n      <failure message="${xml(message)}">${xml(textOf(r))}</failure>\n    </testcase>`;
  });
  const total = seconds(results.reduce((t, r) => t + r.ms, 0));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites tests="${results.length}" failures="${failures}" time="${total}">`,
    `  <testsuite name="genesys-cloud-mock scenarios" tests="${results.length}" failures="${failures}" time="${total}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n');
}
