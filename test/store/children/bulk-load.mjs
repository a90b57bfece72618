// Run by test/store/bulk-load.test.ts in a node of its own (its young generation untouched by
// Jest): `write FILE N` fills a data file with the demo seed and N more conversations through the
// built store; `open FILE…` opens the files at once and prints what the heap looks like
// afterwards, as JSON.
import { readFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';

const dist = new URL('../../../dist/', import.meta.url);
const { openFileStore } = await import(new URL('store/store.js', dist).href);
const [command, file, ...rest] = process.argv.slice(2);
const newSpaceMb = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1024 / 1024;

if (command === 'write') {
  const { buildSeedDocument, parseSeed } = await import(new URL('domain/seed.js', dist).href);
  const { randomIds, systemClock } = await import(new URL('system.js', dist).href);
  const seed = parseSeed(JSON.parse(readFileSync(new URL('../../../data/seed.json', import.meta.url), 'utf8')));
  const agent = seed.conversations[0].agentUserId;
  for (let i = 0; i < Number(rest[0]); i++) {
    seed.conversations.push({ id: `bulk-${i}`, mediaType: 'voice', state: 'connected', agentUserId: agent, customerExternalId: `customer-${i}` });
  }
  const { store } = await openFileStore(file);
  await store.replace(buildSeedDocument({ clock: systemClock, ids: randomIds }, seed));
  await store.close();
} else {
  const stores = (await Promise.all([file, ...rest].map((f) => openFileStore(f)))).map((opened) => opened.store);
  const conversations = stores.map((store) => store.all('conversations').length);
  const afterLoad = newSpaceMb();
  const gcLeftExposed = runInNewContext('typeof gc') !== 'undefined';
  // Long-lived objects made after loading: the young generation may grow again, as V8 sees fit.
  const kept = [];
  for (let i = 0; i < 400_000; i++) kept.push({ i, text: `kept-${i}` });
  const afterLoadAndAllocations = newSpaceMb();
  for (const store of stores) await store.close({ compact: false });
  console.log(JSON.stringify({ conversations, afterLoad, afterLoadAndAllocations, gcLeftExposed, kept: kept.length }));
}
