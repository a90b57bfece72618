// The fields a User gains with `expand` that other rules own: its routing status and presence
// (presence.ts), its routing skills (routing.ts). Apart from users.ts, which both of those import.
import { presentRoutingStatus, presentUserPresence } from './presence.js';
import { userSkillsOf } from './routing.js';
import type { Expander } from './users.js';
import type { StoreView } from '../store/store.js';

export function expanderOf(store: StoreView, expand: readonly string[]): Expander | undefined {
  const wanted = new Set(expand);
  if (!wanted.has('routingStatus') && !wanted.has('presence') && !wanted.has('skills')) return undefined;
  return (u) => ({
    ...(wanted.has('routingStatus') ? { routingStatus: presentRoutingStatus(u) } : {}),
    ...(wanted.has('presence') ? { presence: presentUserPresence(u) } : {}),
    ...(wanted.has('skills') ? { skills: userSkillsOf(store, u) } : {}),
  });
}
