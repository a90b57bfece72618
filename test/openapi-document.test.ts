// The document is linted by Redocly (a maintained OpenAPI linter) with its recommended rules, as
// bundled from openapi/shared.yaml and openapi/groups/*.yaml. The rules turned off are Genesys'
// own choices, which the emulator keeps.
import { createConfig, lint, lintFromString } from '@redocly/openapi-core';
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { OPENAPI_YAML, SCENARIO_SCHEMA_JSON } from '../src/package-files.js';

const RULES = {
  // Genesys' scheme is named `PureCloud OAuth`, with a space; the SDK asks for it by that name.
  'spec-components-invalid-map-name': 'off',
  // Errors are every operation's `default` response (ErrorBody), as in Genesys' own document.
  'operation-4xx-response': 'off',
  // /api/v2/conversations/calls beside /api/v2/conversations/{conversationId}: Genesys' paths.
  'no-ambiguous-paths': 'off',
} as const;

const config = () => createConfig({ extends: ['recommended'], rules: RULES });
const describe = (problems: { ruleId: string; message: string; location: { pointer?: string }[] }[]) =>
  problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`);

test('the bundled document has no problem under the recommended rules', async () => {
  const problems = await lint({ ref: OPENAPI_YAML, config: await config() });
  expect(describe(problems)).toEqual([]);
});

test('a broken document is caught by that lint', async () => {
  const broken = parse(readFileSync(OPENAPI_YAML, 'utf8'));
  broken.paths['/__admin/health'] = { get: { responses: 'not an object' } };
  const problems = await lintFromString({ source: stringify(broken), absoluteRef: OPENAPI_YAML, config: await config() });
  expect(problems.some((p) => p.severity === 'error')).toBe(true);
});

test("a scenario's given.stubs take what POST /__admin/stubs takes, less the org (written twice: the scenario schema is read before the build)", () => {
  const document = parse(readFileSync(OPENAPI_YAML, 'utf8')) as { components: { schemas: Record<string, unknown> } };
  const scenario = JSON.parse(readFileSync(SCENARIO_SCHEMA_JSON, 'utf8')) as { definitions: Record<string, unknown> };
  const resolved = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolved);
    if (typeof value !== 'object' || value === null) return value;
    const ref = (value as { $ref?: string }).$ref;
    if (ref) return resolved(document.components.schemas[ref.split('/').pop()!]);
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'description')
        .map(([k, v]) => [k, resolved(v)]),
    );
  };
  const admin = resolved(document.components.schemas.AdminStubRequest) as { properties: { request: { properties: Record<string, unknown> } } };
  delete admin.properties.request.properties.orgId;
  expect(resolved(scenario.definitions.GivenStub)).toEqual(admin);
});
