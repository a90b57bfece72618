// The media table is the one place media differ; the JSON documents that must list media name
// the same ones (they cannot import it), so they are checked against it here.
import { readFileSync } from 'node:fs';
import { MEDIA, MEDIA_NAMES, MEDIA_TYPES, parseMediaType, SEGMENT_MEDIA } from '../../src/domain/media.js';
import { loadOpenApi } from '../../src/http/openapi.js';
import { SCENARIO_SCHEMA_JSON } from '../../src/package-files.js';

const schemas = loadOpenApi().document.components!.schemas as Record<string, { properties: Record<string, { enum?: string[] }> }>;

test('the fixture routes take exactly the media names of the table', () => {
  expect([...schemas.AdminConversationRequest!.properties.mediaType!.enum!].sort()).toEqual([...MEDIA_NAMES].sort());
});

test('the scenario format takes exactly the media names of the table', () => {
  const scenario = JSON.parse(readFileSync(SCENARIO_SCHEMA_JSON, 'utf8')) as object;
  const enums = JSON.stringify(scenario).match(/"mediaType":\{"type":"string","enum":(\[[^\]]*\])/);
  expect(JSON.parse(enums![1]!).sort()).toEqual([...MEDIA_NAMES].sort());
});

test("a Genesys participant has a communication list for each media's segment", () => {
  const lists = Object.keys(schemas.Participant!.properties).filter((k) => k.endsWith('s') && k !== 'attributes');
  expect(MEDIA_TYPES.map((m) => MEDIA[m].segment).every((s) => lists.includes(s))).toBe(true);
});

test.each([
  ['voice', 'voice'],
  ['webchat', 'chat'],
  ['callback', 'callback'],
  ['sms', undefined],
  ['Voice', undefined],
])('parseMediaType(%s) is %s', (name, media) => {
  expect(parseMediaType(name)).toBe(media);
});

test('each segment leads back to its media', () => {
  for (const m of MEDIA_TYPES) expect(SEGMENT_MEDIA[MEDIA[m].segment]).toBe(m);
});
