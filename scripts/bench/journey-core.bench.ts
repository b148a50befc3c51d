import { Catalogue, compile, Cursor, journeyDefinition, Plan, startCursor, step, StepInput } from '@trellis/journey';
import { chain } from '@trellis/journey/dist/testing/journey-builder';
import { createNodeCatalogue } from '@trellis/nodes';

/**
 * Each case pairs the work we care about with a baseline doing the unavoidable part of it in the
 * same run, so the printed ratio says what our layer costs, whatever the machine's speed.
 */
export interface BenchCase {
  name: string;
  subject: { name: string; run: () => void };
  baseline: { name: string; run: () => void };
}

function bigJourney(size: number) {
  const middle = Array.from({ length: size - 2 }, (_, index) => (index % 2 ? 'wait.delay' : 'action.tag'));
  return chain(['trigger.event', ...middle, 'exit'], { 'action.tag': { add: ['x'] } });
}

function compiled(definition: unknown, catalogue: Catalogue): Plan {
  const result = compile(definition, catalogue);
  if (!result.ok) throw new Error(`bench journey does not compile: ${JSON.stringify(result.errors)}`);
  return result.plan;
}

/** Drives a plan to its exit the way the workflow does, answering every command at once. */
function driveToExit(plan: Plan): number {
  let cursor: Cursor = startCursor(plan);
  let input: StepInput = { type: 'enter' };
  let now = 0;
  for (let steps = 1; ; steps++) {
    const result = step(plan, cursor, input, { nowMs: now });
    cursor = result.cursor;
    const command = result.command;
    if (command.type === 'exit') return steps;
    if (command.type === 'sleep') now = command.untilMs;
    input = command.type === 'sleep' ? { type: 'timerFired' } : command.type === 'runAction' ? { type: 'actionCompleted' } : { type: 'enter' };
  }
}

/** The least any driver must do: follow "next" from node to node. */
function walkToExit(plan: Plan): number {
  let id: string | undefined = plan.triggerNodeId;
  let steps = 0;
  while (id !== undefined) {
    steps++;
    id = plan.nodes[id]?.next['next'];
  }
  return steps;
}

export function journeyCoreCases(): BenchCase[] {
  const catalogue = createNodeCatalogue();
  const definition = bigJourney(200);
  const plan = compiled(definition, catalogue);
  return [
    {
      name: 'compile a 200-node journey',
      subject: { name: 'compile()', run: () => compiled(definition, catalogue) },
      baseline: { name: 'schema parse only', run: () => journeyDefinition.parse(definition) },
    },
    {
      name: 'interpret a 200-node journey to its exit',
      subject: { name: 'step() loop', run: () => driveToExit(plan) },
      baseline: { name: 'plain next-pointer walk', run: () => walkToExit(plan) },
    },
  ];
}
