// Reads a scenario file: YAML, checked against openapi/scenario.schema.json, then its references
// (fixture refs, saved names, `${…}`) checked, all before any request. Every problem is reported
// as FILE:LINE: message.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { Located, reportSchemaErrors, type Path } from '../yaml-lines.js';
import { SCENARIO_SCHEMA_JSON } from '../package-files.js';
import { FIXTURE_FIELDS, STEP_KINDS, type Scenario, type Step } from './model.js';

// ajv-formats is CommonJS; under ESM its function may sit on .default.
const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as unknown as (ajv: Ajv) => void;

const SCENARIO_SCHEMA = JSON.parse(readFileSync(SCENARIO_SCHEMA_JSON, 'utf8')) as {
  properties: Record<string, unknown>;
  definitions: Record<string, unknown>;
};

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(SCENARIO_SCHEMA, 'scenario');
// The top level with steps left open, then each step against the schema of its own kind: one
// clear message instead of the three a `oneOf` would give.
const validateTop = ajv.compile({
  ...SCENARIO_SCHEMA,
  $id: 'scenario-top',
  properties: { ...SCENARIO_SCHEMA.properties, steps: { type: 'array', minItems: 1, items: { type: 'object' } } },
});
const validateStep: Record<(typeof STEP_KINDS)[number], ValidateFunction> = {
  request: ajv.compile({ $ref: 'scenario#/definitions/RequestStep' }),
  advanceClock: ajv.compile({ $ref: 'scenario#/definitions/ClockStep' }),
  setState: ajv.compile({ $ref: 'scenario#/definitions/FixtureStep' }),
  customerMessage: ajv.compile({ $ref: 'scenario#/definitions/CustomerMessageStep' }),
};

export class ScenarioError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ScenarioError';
  }
}

const INTERPOLATION = /\$\{([^}]*)\}/g;

/** Every string in a value, with where it is. */
function stringsIn(value: unknown, path: Path, out: { text: string; path: Path }[] = []): { text: string; path: Path }[] {
  if (typeof value === 'string') out.push({ text: value, path });
  else if (Array.isArray(value)) value.forEach((v, i) => stringsIn(v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) stringsIn(v, [...path, k], out);
  return out;
}

function interpolationsIn(value: unknown, path: Path): { expr: string; path: Path }[] {
  return stringsIn(value, path).flatMap(({ text, path: at }) => [...text.matchAll(INTERPOLATION)].map((m) => ({ expr: m[1]!, path: at })));
}

/** A `$regex:` matcher that is no regular expression, refused before any request is sent. */
function regexProblem(text: string): string | undefined {
  if (!text.startsWith('$regex:')) return undefined;
  try {
    new RegExp(text.slice('$regex:'.length));
    return undefined;
  } catch (e) {
    return `${text.length > 60 ? `${text.slice(0, 60)}…` : text} is not a regular expression (${(e as Error).message})`;
  }
}

/** Parses and checks one scenario; throws ScenarioError listing every problem found. */
export function parseScenario(text: string, file: string): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ScenarioError(doc.errors.map((e) => `${file}:${lines.linePos(e.pos[0]).line}: not valid YAML: ${e.message.split('\n')[0]}`));
  }
  const at = new Located(file, doc, lines);
  const raw = doc.toJS() as unknown;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ScenarioError([`${file}:1: a scenario is a mapping with name, given and steps`]);
  if (!validateTop(raw)) reportSchemaErrors(at, [], validateTop.errors);
  const value = raw as Record<string, unknown>;

  const steps: Step[] = [];
  (Array.isArray(value.steps) ? (value.steps as unknown[]) : []).forEach((step, i) => {
    if (!step || typeof step !== 'object' || Array.isArray(step)) return;
    const keys = Object.keys(step);
    const kinds = STEP_KINDS.filter((k) => keys.includes(k));
    if (kinds.length !== 1) {
      at.add(
        ['steps', i],
        kinds.length === 0
          ? `unknown step kind: steps[${i}] has ${keys.map((k) => `"${k}"`).join(', ') || 'nothing'}; a step is one of ${STEP_KINDS.join(', ')}`
          : `steps[${i}] is both ${kinds.join(' and ')}; a step does one thing`,
      );
      return;
    }
    const kind = kinds[0]!;
    if (!validateStep[kind](step)) return reportSchemaErrors(at, ['steps', i], validateStep[kind].errors);
    steps.push({ kind, line: at.lineOf(['steps', i]), ...(step as object) } as Step);
  });
  if (at.problems.length > 0) throw new ScenarioError(at.problems);

  const scenario: Scenario = {
    file,
    name: value.name as string,
    ...(typeof value.ticket === 'string' ? { ticket: value.ticket } : {}),
    ...(typeof value.description === 'string' ? { description: value.description } : {}),
    given: (value.given ?? {}) as Scenario['given'],
    steps,
  };
  checkReferences(scenario, at);
  if (at.problems.length > 0) throw new ScenarioError(at.problems);
  return scenario;
}

/** Every ref, saved name and `${…}` must name something defined before it is used. */
function checkReferences(scenario: Scenario, at: Located): void {
  const kinds = new Map<string, keyof typeof FIXTURE_FIELDS>([['org', 'org']]);
  for (const kind of ['clients', 'skills', 'wrapupCodes', 'users', 'queues', 'conversations'] as const) {
    (scenario.given[kind] ?? []).forEach((fixture, i) => {
      if (kinds.has(fixture.ref)) at.add(['given', kind, i, 'ref'], `ref "${fixture.ref}" is defined twice`);
      kinds.set(fixture.ref, kind);
    });
  }
  const expectKind = (ref: string | undefined, kind: keyof typeof FIXTURE_FIELDS, path: Path) => {
    if (ref === undefined) return;
    if (!kinds.has(ref)) at.add(path, `unknown ref "${ref}": no ${kind.replace(/s$/, '')} of that name in given`);
    else if (kinds.get(ref) !== kind) at.add(path, `ref "${ref}" is a ${kinds.get(ref)!.replace(/s$/, '')}, not a ${kind.replace(/s$/, '')}`);
  };
  (scenario.given.clients ?? []).forEach((c, i) => expectKind(c.user, 'users', ['given', 'clients', i, 'user']));
  (scenario.given.users ?? []).forEach((u, i) =>
    (u.skills ?? []).forEach((s, j) => expectKind(s.skill, 'skills', ['given', 'users', i, 'skills', j, 'skill'])),
  );
  (scenario.given.queues ?? []).forEach((q, i) => {
    (q.members ?? []).forEach((m, j) => expectKind(m.user, 'users', ['given', 'queues', i, 'members', j, 'user']));
    (q.wrapupCodes ?? []).forEach((c, j) => expectKind(c, 'wrapupCodes', ['given', 'queues', i, 'wrapupCodes', j]));
  });
  (scenario.given.conversations ?? []).forEach((c, i) => {
    expectKind(c.agent, 'users', ['given', 'conversations', i, 'agent']);
    expectKind(c.queue, 'queues', ['given', 'conversations', i, 'queue']);
  });

  const saved = new Set<string>();
  scenario.steps.forEach((step, i) => {
    const base: Path = ['steps', i];
    if (step.kind === 'setState') expectKind(step.setState.conversation, 'conversations', [...base, 'setState', 'conversation']);
    if (step.kind === 'customerMessage') expectKind(step.customerMessage.conversation, 'conversations', [...base, 'customerMessage', 'conversation']);
    if (step.kind !== 'request') return;
    const bodies = (['json', 'form', 'body'] as const).filter((k) => step.request[k] !== undefined);
    if (bodies.length > 1) at.add([...base, 'request'], `steps[${i}].request has ${bodies.join(' and ')}; send one body`);
    expectKind(step.request.client, 'clients', [...base, 'request', 'client']);
    for (const { text, path } of stringsIn(step.expect, [...base, 'expect'])) {
      const problem = regexProblem(text);
      if (problem) at.add(path, problem);
    }
    for (const { expr, path } of [...interpolationsIn(step.request, [...base, 'request']), ...interpolationsIn(step.expect, [...base, 'expect'])]) {
      const [name, field, ...rest] = expr.split('.');
      const kind = kinds.get(name!);
      if (kind) {
        const fields: readonly string[] = FIXTURE_FIELDS[kind];
        if (field === undefined || rest.length > 0 || !fields.includes(field)) {
          at.add(path, `\${${expr}}: a ${kind.replace(/s$/, '')} has ${fields.map((f) => `${name}.${f}`).join(', ')}`);
        }
      } else if (saved.has(name!)) {
        if (field !== undefined) at.add(path, `\${${expr}}: "${name}" is a saved value, it has no fields`);
      } else {
        at.add(path, `unknown ref "${name}" in \${${expr}}: neither a fixture of given nor saved by an earlier step`);
      }
    }
    for (const name of Object.keys(step.save ?? {})) {
      if (kinds.has(name)) at.add([...base, 'save'], `save "${name}" would hide the fixture of that name`, name);
      saved.add(name);
    }
  });
}

/** Reads and parses a file; a file that cannot be read is a ScenarioError too. */
export function readScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ScenarioError([`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
  }
  return parseScenario(text, file);
}
