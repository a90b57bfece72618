// What a HAR's answers tell of the customer's users, queues, skills and wrap-up codes, as `given`
// fixtures with the ticket's own ids: a user read (users/{id}, users/me, a users page or search),
// a queue read (with its members, its wrap-up codes), a skill or a wrap-up code read, a user's
// routing skills. Only 200 answers count; the first that shows a record gives its fields.
import type { GivenNamed, GivenQueue, GivenUser } from './model.js';

export interface AnsweredCall {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

export interface RoutingFixtures {
  users: Map<string, GivenUser>;
  queues: Map<string, GivenQueue>;
  skills: Map<string, GivenNamed>;
  wrapupCodes: Map<string, GivenNamed>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
/** One record or a page's entities (results, for a search). */
const recordsOf = (body: unknown): Obj[] => {
  if (!isObj(body)) return [];
  const list = Array.isArray(body.entities) ? body.entities : Array.isArray(body.results) ? body.results : undefined;
  return list ? list.filter(isObj) : [body];
};

const ROUTES: [RegExp, (fx: Collector, m: RegExpExecArray, body: unknown) => void][] = [
  [/^\/api\/v2\/users(?:\/search)?$/, (fx, _m, body) => recordsOf(body).forEach((u) => fx.user(u))],
  [/^\/api\/v2\/users\/(?:me|[^/]+)$/, (fx, _m, body) => recordsOf(body).forEach((u) => fx.user(u))],
  [
    /^\/api\/v2\/users\/([^/]+)\/routingskills$/,
    (fx, m, body) =>
      recordsOf(body).forEach((s) => {
        const skill = fx.named(fx.skills, s, 'skill');
        const user = fx.users.get(m[1]!);
        const proficiency = typeof s.proficiency === 'number' ? s.proficiency : undefined;
        if (skill && user && proficiency !== undefined && !user.skills?.some((k) => k.skill === skill.ref)) {
          (user.skills ??= []).push({ skill: skill.ref, proficiency });
        }
      }),
  ],
  [/^\/api\/v2\/routing\/queues(?:\/[^/]+)?$/, (fx, _m, body) => recordsOf(body).forEach((q) => fx.queue(q))],
  [
    /^\/api\/v2\/routing\/queues\/([^/]+)\/members$/,
    (fx, m, body) =>
      recordsOf(body).forEach((member) => {
        const queue = fx.queues.get(m[1]!);
        const user = fx.user(isObj(member.user) ? { name: member.name, ...member.user } : member);
        if (queue && user && !queue.members?.some((x) => x.user === user.ref)) {
          (queue.members ??= []).push({ user: user.ref, ...(member.joined === false ? { joined: false } : {}) });
        }
      }),
  ],
  [
    /^\/api\/v2\/routing\/queues\/([^/]+)\/wrapupcodes$/,
    (fx, m, body) =>
      recordsOf(body).forEach((c) => {
        const code = fx.named(fx.wrapupCodes, c, 'code');
        const queue = fx.queues.get(m[1]!);
        if (code && queue && !queue.wrapupCodes?.includes(code.ref)) (queue.wrapupCodes ??= []).push(code.ref);
      }),
  ],
  [/^\/api\/v2\/routing\/skills(?:\/[^/]+)?$/, (fx, _m, body) => recordsOf(body).forEach((s) => fx.named(fx.skills, s, 'skill'))],
  [/^\/api\/v2\/routing\/wrapupcodes(?:\/[^/]+)?$/, (fx, _m, body) => recordsOf(body).forEach((c) => fx.named(fx.wrapupCodes, c, 'code'))],
];

class Collector implements RoutingFixtures {
  users = new Map<string, GivenUser>();
  queues = new Map<string, GivenQueue>();
  skills = new Map<string, GivenNamed>();
  wrapupCodes = new Map<string, GivenNamed>();
  private readonly emails = new Set<string>();

  constructor(private readonly taken: Set<string>) {}

  private ref(base: string, n: number): string {
    let name = `${base}${n}`;
    for (let i = n; this.taken.has(name); i++) name = `${base}${i + 1}`;
    this.taken.add(name);
    return name;
  }

  user(u: Obj): GivenUser | undefined {
    const id = str(u.id);
    const name = str(u.name);
    if (!id || !name || u.state === 'deleted') return undefined;
    const known = this.users.get(id);
    if (known) return known;
    // An email twice would be refused: the second user goes without it.
    const email = str(u.email) && !this.emails.has(str(u.email)!.toLowerCase()) ? str(u.email) : undefined;
    if (email) this.emails.add(email.toLowerCase());
    const user: GivenUser = {
      ref: this.ref('user', this.users.size + 1),
      name,
      id,
      ...(email ? { email } : {}),
      ...(str(u.department) ? { department: str(u.department)! } : {}),
      ...(str(u.title) ? { title: str(u.title)! } : {}),
      ...(u.state === 'inactive' ? { state: 'inactive' as const } : {}),
    };
    this.users.set(id, user);
    return user;
  }

  queue(q: Obj): void {
    const id = str(q.id);
    const name = str(q.name);
    if (!id || !name || this.queues.has(id)) return;
    this.queues.set(id, { ref: this.ref('queue', this.queues.size + 1), name, id, ...(str(q.description) ? { description: str(q.description)! } : {}) });
  }

  named(into: Map<string, GivenNamed>, x: Obj, base: string): GivenNamed | undefined {
    const id = str(x.id);
    const name = str(x.name);
    if (!id || !name || x.state === 'deleted') return undefined;
    const known = into.get(id);
    if (known) return known;
    const record = { ref: this.ref(base, into.size + 1), name, id };
    into.set(id, record);
    return record;
  }
}

/** The fixtures the answers show; `taken` holds the refs already used, and gets these. */
export function routingFixtures(calls: readonly AnsweredCall[], taken: Set<string>): RoutingFixtures {
  const fx = new Collector(taken);
  // Records first, then members (who may be users no other answer shows), then what links them
  // (a user's skills, a queue's codes), whatever the HAR's order.
  const phase = (path: string) =>
    path.endsWith('/members') ? 1 : /\/users\/[^/]+\/routingskills$|\/queues\/[^/]+\/wrapupcodes$/.test(path) ? 2 : 0;
  const ordered = [0, 1, 2].flatMap((n) => calls.filter((c) => phase(c.path) === n));
  for (const call of ordered) {
    if (call.method.toUpperCase() !== 'GET' && !call.path.endsWith('/users/search')) continue;
    if (call.status !== 200) continue;
    for (const [pattern, take] of ROUTES) {
      const m = pattern.exec(call.path);
      if (m) {
        take(fx, m, call.body);
        break;
      }
    }
  }
  return fx;
}
