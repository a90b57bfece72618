// Path patterns for the journal and faults: `*` is one path segment (or part of one), `**` any
// number of segments; anything else matches itself.
const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const source = pattern
      .split(/(\*\*|\*)/)
      .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${source}$`);
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

export function pathMatches(pattern: string | undefined, path: string): boolean {
  return pattern === undefined || globToRegExp(pattern).test(path);
}
