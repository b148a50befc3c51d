import { Catalogue, Cursor, journeyDefinition, JourneyDefinitionInput, Plan, portsOf, startCursor, step, StepInput } from '@trellis/journey';
import { compileOrThrow } from '@trellis/journey/dist/testing/journey-builder';
import { createFullCatalogue } from '@trellis/nodes';
import { BenchCase } from './bench-case';

const pattern = [
  { type: 'action.tag', config: { add: ['seen'] } },
  { type: 'wait.delay', config: { amount: 1, unit: 'days' } },
  { type: 'branch.condition', config: { branches: [{ id: 'vip', when: { kind: 'tags', op: 'has', tags: ['vip'] } }] } },
  { type: 'branch.split', config: { experimentId: 'bench', arms: [{ id: 'a', weight: 50 }, { id: 'b', weight: 50 }] } },
];

/** trigger → (tag, delay, if/else, split)… → exit, every port of a node leading to the next one. */
export function bigJourney(size: number, catalogue: Catalogue): JourneyDefinitionInput {
  const nodes = [
    { id: 'n0', type: 'trigger.event', config: { event: 'signed_up' } },
    ...Array.from({ length: size - 2 }, (_, index) => ({ id: `n${index + 1}`, ...pattern[index % pattern.length]! })),
    { id: `n${size - 1}`, type: 'exit', config: {} },
  ];
  const edges = nodes.slice(0, -1).flatMap((node, index) =>
    portsOf(catalogue.get(node.type)!.ports, node.config).map((port) => ({ from: node.id, port, to: `n${index + 1}` })),
  );
  return { name: `${size}-node bench journey`, nodes, edges };
}

export const compiled = compileOrThrow;

const contact = { traits: {}, tags: [] };

/** Drives a plan to its exit the way the workflow does, answering every command at once. */
function driveToExit(plan: Plan): number {
  let cursor: Cursor = startCursor(plan);
  let input: StepInput = { type: 'enter' };
  let now = 0;
  for (let steps = 1; ; steps++) {
    const result = step(plan, cursor, input, { nowMs: now, contactId: 'c1', contact });
    cursor = result.cursor;
    const command = result.command;
    if (command.type === 'exit') return steps;
    if (command.type === 'sleep') now = command.untilMs;
    input = command.type === 'sleep' ? { type: 'timerFired' } : command.type === 'runAction' ? { type: 'actionCompleted' } : { type: 'enter' };
  }
}

/** The least any driver must do: follow one port from node to node. */
function walkToExit(plan: Plan): number {
  let id: string | undefined = plan.triggerNodeId;
  let steps = 0;
  while (id !== undefined) {
    steps++;
    const next: Record<string, string> | undefined = plan.nodes[id]?.next;
    id = next ? Object.values(next)[0] : undefined;
  }
  return steps;
}

export function journeyCoreCases(): BenchCase[] {
  const catalogue = createFullCatalogue();
  const definition = bigJourney(1_000, catalogue);
  const plan = compiled(definition, catalogue);
  return [
    {
      kind: 'micro',
      name: 'compile a 1,000-node journey',
      subject: { name: 'compile()', run: () => compiled(definition, catalogue) },
      baseline: { name: 'schema parse only', run: () => journeyDefinition.parse(definition) },
    },
    {
      kind: 'micro',
      name: 'interpret a 1,000-node journey to its exit',
      subject: { name: 'step() loop', run: () => driveToExit(plan) },
      baseline: { name: 'plain next-pointer walk', run: () => walkToExit(plan) },
    },
  ];
}
