// A scenario back to the YAML a person reads and edits (for record and import-har).
import { stringify } from 'yaml';
import type { Given, Step } from './model.js';

export interface ScenarioDraft {
  name: string;
  ticket?: string;
  description?: string;
  given: Given;
  steps: Step[];
}

function stepOut(step: Step): Record<string, unknown> {
  const name = step.name === undefined ? {} : { name: step.name };
  if (step.kind === 'advanceClock') return { ...name, advanceClock: step.advanceClock };
  if (step.kind === 'setState') return { ...name, setState: step.setState };
  if (step.kind === 'customerMessage') return { ...name, customerMessage: step.customerMessage };
  return {
    ...name,
    request: step.request,
    ...(step.expect ? { expect: step.expect } : {}),
    ...(step.save && Object.keys(step.save).length > 0 ? { save: step.save } : {}),
  };
}

export function scenarioYaml(draft: ScenarioDraft): string {
  const given = Object.fromEntries(Object.entries(draft.given).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
  const doc = {
    name: draft.name,
    ...(draft.ticket ? { ticket: draft.ticket } : {}),
    ...(draft.description ? { description: draft.description } : {}),
    ...(Object.keys(given).length > 0 ? { given } : {}),
    steps: draft.steps.map(stepOut),
  };
  return `# Run with: genesys-cloud-mock scenario run FILE\n${stringify(doc, { lineWidth: 0 })}`;
}
