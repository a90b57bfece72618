// Genesys divisions: each org here has one, "Home", which every user and queue is in.
import { derivedId } from './conversations.js';

export function homeDivision(orgId: string): { id: string; name: string; selfUri: string } {
  const id = derivedId(`division:${orgId}`, 0);
  return { id, name: 'Home', selfUri: `/api/v2/authorization/divisions/${id}` };
}
