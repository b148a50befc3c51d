import { Catalogue, JourneyDefinitionInput, portsOf } from '@trellis/journey';
import { compileOrThrow } from '@trellis/journey/dist/testing/journey-builder';

type NodeInput = JourneyDefinitionInput['nodes'][number];
type EdgeInput = JourneyDefinitionInput['edges'][number];
/** A port still waiting for the node after it. */
type Open = { from: string; port: string };

const message = (template: string, category = 'content') => ({ type: 'action.message', config: { channel: 'wecom', template, category } });

/**
 * A long-running lifecycle journey of `size` nodes, the kind a marketer builds over months: one
 * trigger, then stages of if/else and A/B splits whose paths wait (delays, send hours, event
 * waits with timeouts), tag, message and update the contact, some leaving early through an exit
 * and the rest joining again before the next stage. Every port is connected and the result
 * compiles against `catalogue` (checked here). No positions: the editor lays it out on open.
 */
export function largeJourney(size: number, catalogue: Catalogue): JourneyDefinitionInput {
  const nodes: NodeInput[] = [];
  const edges: EdgeInput[] = [];
  let open: Open[] = [];

  /** Adds a node after every open port; returns its own ports, now open instead. */
  const add = (id: string, node: Omit<NodeInput, 'id'>, after: Open[] = open): Open[] => {
    nodes.push({ id, ...node } as NodeInput);
    edges.push(...after.map(({ from, port }) => ({ from, port, to: id })));
    return portsOf(catalogue.get(node.type)!.ports, node.config).map((port) => ({ from: id, port }));
  };
  /** One node after another along a path starting at `after`. */
  const path = (after: Open[], steps: [string, Omit<NodeInput, 'id'>][]): Open[] => steps.reduce((ends, [id, node]) => add(id, node, ends), after);
  const port = (ends: Open[], name: string) => ends.filter((end) => end.port === name);

  open = add('joined', { type: 'trigger.event', config: { event: 'joined_wecom', sourceProperty: 'state' } });
  open = path(open, [
    ['welcome', message('welcome', 'service')],
    ['settle', { type: 'wait.delay', config: { amount: 1, unit: 'days' } }],
  ]);

  // Each stage is 16 nodes: an if/else on engagement, then an A/B/holdout offer whose arms wait for an order.
  const stageSize = 16;
  for (let stage = 0; nodes.length + stageSize + 1 <= size; stage++) {
    const s = `s${stage}`;
    const check = add(`${s}-engaged`, {
      type: 'branch.condition',
      config: { branches: [{ id: 'active', when: { kind: 'event', name: 'opened_message', op: 'atLeast', count: 1 } }] },
    });
    const active = path(port(check, 'active'), [[`${s}-tag-active`, { type: 'action.tag', config: { add: [`active_${stage}`] } }]]);
    const idle = path(port(check, 'else'), [
      [`${s}-nudge`, message(`nudge-${stage}`)],
      [`${s}-nudge-wait`, { type: 'wait.event', config: { event: 'opened_message', timeout: { amount: 2, unit: 'days' } } }],
    ]);
    // Contacts who ignore the nudge leave the journey here; the others carry on.
    add(`${s}-lapsed`, { type: 'exit', config: {} }, port(idle, 'timedOut'));
    const evening = add(`${s}-evening`, { type: 'wait.until', config: { mode: 'timeOfDay', time: '20:00' } }, [...active, ...port(idle, 'received')]);
    const offer = add(
      `${s}-offer`,
      {
        type: 'branch.split',
        config: { experimentId: `offer-${stage}`, arms: [{ id: 'a', weight: 45 }, { id: 'b', weight: 45 }, { id: 'control', weight: 10, holdout: true }] },
      },
      evening,
    );
    const arms = ['a', 'b'].map((arm) => {
      const paid = path(port(offer, arm), [
        [`${s}-offer-${arm}`, message(`offer-${stage}-${arm}`, 'promo')],
        [`${s}-paid-${arm}`, { type: 'wait.event', config: { event: 'order_paid', timeout: { amount: 3, unit: 'days' } } }],
      ]);
      const grown = path(port(paid, 'received'), [[`${s}-grow-${arm}`, { type: 'action.update', config: { lifecycleStage: 'growth', increment: { orders: 1 } } }]]);
      const unpaid = path(port(paid, 'timedOut'), [[`${s}-unpaid-${arm}`, { type: 'action.tag', config: { add: [`unpaid_${stage}`] } }]]);
      return [...grown, ...unpaid];
    });
    open = add(`${s}-rest`, { type: 'wait.delay', config: { amount: 7, unit: 'days' } }, arms.flat());
  }
  // Whatever is left of the size: a tail of follow-ups before the exit.
  for (let index = 0; nodes.length + 1 < size; index++) {
    open = add(`tail-${index}`, index % 2 ? { type: 'wait.delay', config: { amount: 1, unit: 'days' } } : message(`follow-up-${index}`));
  }
  add('done', { type: 'exit', config: {} });

  const journey = { name: `${size}-node lifecycle journey`, nodes, edges };
  if (nodes.length !== size) throw new Error(`the generator made ${nodes.length} nodes, not ${size}`);
  compileOrThrow(journey, catalogue);
  return journey;
}
