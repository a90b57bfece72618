// Fills a data file through the domain (the same fixture builders as the seed and /__admin),
// never by writing JSON by hand: the demo seed plus `base` connected conversations plus pools
// of fresh connected ones that the create benchmarks consume, one per request.
import { readFileSync } from 'node:fs';
import { buildSeedDocument, parseSeed, type Seed } from '../src/domain/seed.js';
import { openFileStore } from '../src/store/store.js';
import { randomIds, systemClock } from '../src/system.js';

export const DEMO_AGENT = 'a9f1c2d3-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
export const DEMO_CONVERSATION = 'c0000000-0000-4000-8000-000000000001';

export interface Pools {
  [name: string]: number;
}

export const poolId = (pool: string, i: number) => `${pool}-${String(i).padStart(7, '0')}`;
export const poolCustomer = (pool: string, i: number) => `cust-${poolId(pool, i)}`;

export async function generateDataFile(file: string, base: number, pools: Pools): Promise<{ conversations: number; bytes: number }> {
  const demo = parseSeed(JSON.parse(readFileSync(new URL('../../data/seed.json', import.meta.url), 'utf8')));
  const conversations: Seed['conversations'] = [...demo.conversations];
  for (let i = 0; i < base; i++) {
    conversations.push({
      id: poolId('base', i),
      mediaType: i % 2 ? 'chat' : 'voice',
      state: 'connected',
      agentUserId: DEMO_AGENT,
      customerExternalId: poolCustomer('base', i),
    });
  }
  for (const [pool, size] of Object.entries(pools)) {
    for (let i = 0; i < size; i++) {
      conversations.push({ id: poolId(pool, i), mediaType: 'voice', state: 'connected', agentUserId: DEMO_AGENT, customerExternalId: poolCustomer(pool, i) });
    }
  }
  const document = buildSeedDocument({ clock: systemClock, ids: randomIds }, { ...demo, conversations });
  const { store } = await openFileStore(file);
  await store.replace(document);
  await store.close();
  return { conversations: document.conversations.length, bytes: readFileSync(file).length };
}
