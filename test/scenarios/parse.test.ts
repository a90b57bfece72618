// The scenario parser: the library's files parse; bad files fail with FILE:LINE and a message.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScenario, readScenario, ScenarioError } from '../../src/scenarios/parse.js';

const LIBRARY = fileURLToPath(new URL('../../scenarios', import.meta.url));

function problemsOf(text: string): string[] {
  try {
    parseScenario(text, 'bad.yaml');
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  throw new Error('parsed without a problem');
}

const GOOD = `name: good
given:
  clients:
    - { ref: app, scopes: [conversations] }
  conversations:
    - { ref: conv, mediaType: voice, state: connected }
steps:
  - request: { method: POST, path: /oauth/token, client: app, form: { grant_type: client_credentials } }
    save: { token: body.access_token }
  - request: { method: GET, path: "/api/v2/conversations/\${conv.id}", token: "\${token}" }
    expect: { status: 200, body: { id: "\${conv.id}" } }
  - advanceClock: 60
  - setState: { conversation: conv, state: disconnected }
`;

describe('scenario files', () => {
  test.each(readdirSync(LIBRARY).filter((f) => f.endsWith('.yaml')))('the library file %s parses', (file) => {
    const scenario = readScenario(join(LIBRARY, file));
    expect(scenario.steps.length).toBeGreaterThan(0);
  });

  test('a good file gives its steps, kinds and lines', () => {
    const scenario = parseScenario(GOOD, 'good.yaml');
    expect(scenario.steps.map((s) => [s.kind, s.line])).toEqual([
      ['request', 8],
      ['request', 10],
      ['advanceClock', 12],
      ['setState', 13],
    ]);
    expect(scenario.given.conversations).toEqual([{ ref: 'conv', mediaType: 'voice', state: 'connected' }]);
  });

  test.each([
    ['not YAML', 'name: x\nsteps:\n  - request: { method: GET\n', /^bad\.yaml:\d+: not valid YAML/],
    ['a list, not a mapping', '- a\n- b\n', /^bad\.yaml:1: a scenario is a mapping/],
    ['no steps', 'name: x\n', /^bad\.yaml:1: the scenario needs "steps"/],
    ['an unknown top-level key', 'name: x\nsteps:\n  - advanceClock: 1\nwhen: now\n', /^bad\.yaml:4: unknown key "when" in the scenario$/],
    ['an unknown key in a request', GOOD.replace('form: {', 'jsno: {}, form: {'), /^bad\.yaml:8: unknown key "jsno" in steps\[0\]\.request$/],
    ['an unknown key in given', GOOD.replace('  conversations:', '  agents: []\n  conversations:'), /^bad\.yaml:5: unknown key "agents" in given$/],
    ['an unknown step kind', GOOD.replace('  - advanceClock: 60', '  - sleep: 60'), /^bad\.yaml:12: unknown step kind: steps\[2\] has "sleep"; a step is one of request, advanceClock, setState, customerMessage$/],
    ['two kinds in a step', GOOD.replace('  - advanceClock: 60', '  - { advanceClock: 60, setState: { conversation: conv, state: queued } }'), /^bad\.yaml:12: steps\[2\] is both advanceClock and setState/],
    ['a wrong method', GOOD.replace('method: POST', 'method: FETCH'), /^bad\.yaml:8: steps\[0\]\.request\.method must be one of GET, POST/],
    ['a wrong state', GOOD.replace('state: disconnected', 'state: gone'), /^bad\.yaml:13: steps\[3\]\.setState\.state must be one of/],
    ['an unknown fixture ref', GOOD.replace('client: app', 'client: nope'), /^bad\.yaml:8: unknown ref "nope": no client of that name in given$/],
    ['a ref of the wrong kind', GOOD.replace('conversation: conv,', 'conversation: app,'), /^bad\.yaml:13: ref "app" is a client, not a conversation$/],
    ['an unknown ref in ${}', GOOD.replace('${conv.id}", token', '${call.id}", token'), /^bad\.yaml:10: unknown ref "call" in \$\{call\.id\}/],
    ['a field a fixture lacks', GOOD.replace('${conv.id}", token', '${conv.secret}", token'), /^bad\.yaml:10: \$\{conv\.secret\}: a conversation has conv\.id, conv\.customerExternalId, conv\.mediaType$/],
    ['a value used before it is saved', GOOD.replace('save: { token: body.access_token }', 'save: { tok: body.access_token }'), /^bad\.yaml:10: unknown ref "token" in \$\{token\}/],
    ['two bodies', GOOD.replace('form: { grant_type: client_credentials }', 'form: { a: b }, json: {}'), /^bad\.yaml:8: steps\[0\]\.request has json and form; send one body$/],
    ['a ref defined twice', GOOD.replace('{ ref: conv,', '{ ref: app,'), /^bad\.yaml:6: ref "app" is defined twice/],
    ['a save name that is no ref', GOOD.replace('save: { token: body.access_token }', 'save: { "my token": body.access_token }'), /^bad\.yaml:9: steps\[0\]\.save has a name that is not a valid ref/],
    ['a bad save path', GOOD.replace('save: { token: body.access_token }', 'save: { token: response.token }'), /^bad\.yaml:9: steps\[0\]\.save\.token must match pattern/],
    [
      'a stub with an org (the scenario gives its own)',
      GOOD.replace('  conversations:', '  stubs:\n    - { request: { method: GET, path: /api/v2/flows, orgId: x }, response: { status: 200 } }\n  conversations:'),
      /^bad\.yaml:6: unknown key "orgId" in given\.stubs\[0\]\.request$/,
    ],
    ['a stub without its answer', GOOD.replace('  conversations:', '  stubs:\n    - request: { method: GET, path: /api/v2/flows }\n  conversations:'), /^bad\.yaml:6: given\.stubs\[0\] needs "response"$/],
    [
      'a user skill that is no skill of given',
      GOOD.replace('  conversations:', '  users:\n    - { ref: ada, name: Ada, skills: [{ skill: spanish, proficiency: 2 }] }\n  conversations:'),
      /^bad\.yaml:6: unknown ref "spanish": no skill of that name in given$/,
    ],
    [
      'a queue member that is a queue',
      GOOD.replace('  conversations:', '  queues:\n    - { ref: q, name: Q, members: [{ user: q }] }\n  conversations:'),
      /^bad\.yaml:6: ref "q" is a queue, not a user$/,
    ],
    [
      "a queue's wrap-up code that is no code of given",
      GOOD.replace('  conversations:', '  queues:\n    - { ref: q, name: Q, wrapupCodes: [done] }\n  conversations:'),
      /^bad\.yaml:6: unknown ref "done": no wrapupCode of that name in given$/,
    ],
    ['a client grant Genesys has not', GOOD.replace('scopes: [conversations]', 'scopes: [conversations], grants: [PASSWORD]'), /grants\[0\] must be one of CLIENT-CREDENTIALS, CODE, TOKEN/],
    ['a $regex: that is no regular expression', GOOD.replace('body: { id: "${conv.id}" }', 'body: { id: "$regex:^(unclosed" }'), /^bad\.yaml:11: \$regex:\^\(unclosed is not a regular expression \(Invalid regular expression/],
  ])('%s: the problem is named with its line', (_label, text, message) => {
    expect(problemsOf(text)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  test('every problem of a file is listed, not only the first', () => {
    const problems = problemsOf(GOOD.replace('client: app', 'client: nope').replace('${conv.id}", token', '${call.id}", token'));
    expect(problems).toHaveLength(2);
  });

  test("the documentation's example scenario parses", () => {
    const page = readFileSync(new URL('../../docs/scenarios.md', import.meta.url), 'utf8');
    const section = page.slice(page.indexOf('# Scenarios: reproducing a support ticket'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    expect(parseScenario(example, 'docs/scenarios.md').steps.map((s) => s.kind)).toEqual(['request', 'request', 'advanceClock', 'setState']);
  });

  test('a file that cannot be read says so', () => {
    expect(() => readScenario('/no/such/file.yaml')).toThrow('/no/such/file.yaml: cannot be read (ENOENT)');
  });
});
