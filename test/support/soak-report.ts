// Figures a reliability test reports for docs/reliability.md: appended, one JSON line each, to
// the file named by SOAK_REPORT when `npm run soak` sets it; nothing otherwise.
import { appendFileSync } from 'node:fs';

export function reportFigures(test: string, figures: Record<string, number>): void {
  const file = process.env.SOAK_REPORT;
  if (file) appendFileSync(file, `${JSON.stringify({ test, ...figures })}\n`);
}
