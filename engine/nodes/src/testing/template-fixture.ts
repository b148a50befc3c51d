import { compile, instantiateTemplate, simulate, simulationScript, type JourneyTemplate, type TimelineEntry } from '@trellis/journey';
import { z } from 'zod';
import { createFullCatalogue } from '../index';
import { simulateActions } from '../simulate-actions';

/** What a contact is expected to go through: the nodes entered in order, how they left, what they were sent. */
const expectedOutcome = z.strictObject({
  path: z.array(z.string()).optional(),
  /** An exit reason (`completed`, `goal`, `exitCriteria`, `holdout`), or `waiting` when the run ends first, or `notEnrolled`. */
  exit: z.string().optional(),
  sent: z.array(z.string()).optional().describe('Message template keys, in the order sent.'),
});

/**
 * A template's test: parameters to fill it with (defaults otherwise), a simulator script, and the
 * outcome expected for each contact. Kept beside the templates (`workflows/fixtures/<id>.json`).
 */
export const templateFixture = z.strictObject({
  description: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).default({}),
  script: simulationScript,
  expect: z.record(z.string(), expectedOutcome),
});
export type TemplateFixture = z.infer<typeof templateFixture>;
export type ExpectedOutcome = z.infer<typeof expectedOutcome>;

/** A contact's timeline summed up the way fixtures state expectations. */
export function outcomeOf(timeline: readonly TimelineEntry[]): Required<ExpectedOutcome> {
  const exited = timeline.filter((entry) => entry.type === 'exited').at(-1);
  const waiting = timeline.some((entry) => entry.type === 'stillWaiting');
  const refused = timeline.length > 0 && timeline.every((entry) => entry.type === 'notEnrolled');
  return {
    path: timeline.flatMap((entry) => (entry.type === 'entered' ? [entry.nodeId] : [])),
    exit: refused ? 'notEnrolled' : waiting ? 'waiting' : exited?.type === 'exited' ? exited.reason : 'none',
    sent: timeline.flatMap((entry) => (entry.type === 'sent' ? [entry.template] : [])),
  };
}

/**
 * Instantiates, compiles and simulates a template against its fixture with the built-in nodes
 * (the same `execute` the worker runs); returns every way the outcome differs from the expectation.
 */
export async function checkTemplateFixture(template: JourneyTemplate, fixture: TemplateFixture): Promise<string[]> {
  const made = instantiateTemplate(template, fixture.parameters);
  if (!made.ok) return made.errors.map((error) => `parameter ${error.parameter}: ${error.message}`);
  const catalogue = createFullCatalogue();
  const compiled = compile(made.journey, catalogue);
  if (!compiled.ok) return compiled.errors.map((error) => `${error.nodeId ?? 'journey'}: ${error.message}`);
  const result = await simulate(compiled.plan, fixture.script, simulateActions(catalogue, fixture.script.messagingPolicy ? { policy: fixture.script.messagingPolicy } : {}));
  if (!result.ok) return result.errors.map((issue) => `simulation: ${issue.message}`);
  const mismatches: string[] = [];
  for (const [contactId, expected] of Object.entries(fixture.expect)) {
    const actual = outcomeOf(result.contacts[contactId] ?? []);
    for (const key of ['path', 'exit', 'sent'] as const) {
      if (expected[key] !== undefined && JSON.stringify(expected[key]) !== JSON.stringify(actual[key])) {
        mismatches.push(`${contactId} ${key}: expected ${JSON.stringify(expected[key])}, got ${JSON.stringify(actual[key])}`);
      }
    }
  }
  return mismatches;
}
