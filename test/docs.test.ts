// What docs/ shows from the code is current; the README stays a front page.
import { readFileSync, statSync } from 'node:fs';
import { errorTables, withErrorTables } from '../src/error-docs.js';
import { CATALOGUE } from '../src/domain/errors.js';
import { performanceSection, withPerformanceSection, type BenchResults } from '../bench/readme-section.js';

const API_PAGE = new URL('../docs/api.md', import.meta.url);

test('docs/api.md lists every error of the catalogue (npm run docs writes it)', () => {
  const page = readFileSync(API_PAGE, 'utf8');
  expect(page).toBe(withErrorTables(page));
  for (const { code } of Object.values(CATALOGUE)) expect(errorTables()).toContain(`\`${code}\``);
});

test("the README's performance section is the committed bench/results.json (npm run bench writes both)", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const results = JSON.parse(readFileSync(new URL('../bench/results.json', import.meta.url), 'utf8')) as BenchResults;
  expect(readme).toBe(withPerformanceSection(readme, results));
  expect(performanceSection(results)).toContain('| GET /api/v2/conversations/{id} |');
});

test('the README is a front page: at most 8 KB', () => {
  expect(statSync(new URL('../README.md', import.meta.url)).size).toBeLessThanOrEqual(8 * 1024);
});

test('every relative link of the README and docs/ leads to a file', () => {
  const pages = [
    '../README.md',
    ...['api', 'notifications', 'admin-api', 'scenarios', 'testing-your-integration', 'architecture', 'persistence', 'reliability', 'contributing'].map(
      (p) => `../docs/${p}.md`,
    ),
  ];
  const broken: string[] = [];
  for (const page of pages) {
    const url = new URL(page, import.meta.url);
    // Links in the prose: code (fenced or inline) may hold `](` of its own.
    const prose = readFileSync(url, 'utf8')
      .replace(/^```[\s\S]*?^```$/gm, '')
      .replace(/`[^`\n]*`/g, '');
    for (const [, target] of prose.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      try {
        statSync(new URL(target!, url));
      } catch {
        broken.push(`${page}: ${target}`);
      }
    }
  }
  expect(broken).toEqual([]);
});
