// Path patterns for the journal and faults: `*` is one path segment (or part of one), `**` any
// number of segments; anything else matches itself. Matched by stepping every live position of
// the pattern through the path at once, so no pattern can take more than (pattern × path) steps:
// a regular expression would backtrack without bound on `**a**a**a…` (and refuse huge patterns).
type Token = string | typeof STAR | typeof GLOBSTAR;
const STAR = Symbol('*');
const GLOBSTAR = Symbol('**');

const cache = new Map<string, Token[]>();

function tokensOf(pattern: string): Token[] {
  let tokens = cache.get(pattern);
  if (!tokens) {
    tokens = pattern.split(/(\*\*|\*)/).flatMap((part): Token[] => (part === '**' ? [GLOBSTAR] : part === '*' ? [STAR] : [...part]));
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, tokens);
  }
  return tokens;
}

export function globMatches(pattern: string, path: string): boolean {
  const tokens = tokensOf(pattern);
  const seen = new Uint32Array(tokens.length + 1);
  let generation = 1;
  let live: number[] = [];
  // A position and every position a wildcard there may be skipped to (matching nothing).
  const enter = (into: number[], position: number) => {
    for (let i = position; i <= tokens.length; i++) {
      if (seen[i] === generation) return;
      seen[i] = generation;
      into.push(i);
      if (tokens[i] !== STAR && tokens[i] !== GLOBSTAR) return;
    }
  };
  enter(live, 0);
  for (const ch of path) {
    generation++;
    const next: number[] = [];
    for (const i of live) {
      const token = tokens[i];
      if (token === GLOBSTAR || (token === STAR && ch !== '/')) enter(next, i);
      else if (token === ch) enter(next, i + 1);
    }
    if (next.length === 0) return false;
    live = next;
  }
  return live.includes(tokens.length);
}

export function pathMatches(pattern: string | undefined, path: string): boolean {
  return pattern === undefined || globMatches(pattern, path);
}
