import type { JourneyDefinition, NodeDescriptor } from '@trellis/journey';
import { layoutTopDown, nodeSize } from './layout';
import { toFlow } from './to-flow';

const catalogue: NodeDescriptor[] = [
  { type: 'trigger.event', category: 'trigger', title: 'When an event happens', description: '', icon: 'bolt', ports: ['next'], configSchema: {} },
  { type: 'wait.delay', category: 'wait', title: 'Wait', description: '', icon: 'hourglass', ports: ['next'], configSchema: {} },
  { type: 'exit', category: 'exit', title: 'Exit', description: '', icon: 'flag', ports: [], configSchema: {} },
];

const journey: JourneyDefinition = {
  name: 'j',
  nodes: [
    { id: 'a', type: 'trigger.event', config: { event: 'signed_up' } },
    { id: 'b', type: 'wait.delay', config: { amount: 3, unit: 'days' } },
    { id: 'c', type: 'exit', config: {} },
  ],
  edges: [
    { from: 'a', port: 'next', to: 'b' },
    { from: 'b', port: 'next', to: 'c' },
  ],
};

describe('toFlow', () => {
  it('maps nodes to titled, categorised flow nodes and edges to port handles', () => {
    const { nodes, edges } = toFlow(journey, catalogue);
    expect(nodes.map((node) => [node.id, node.data.title, node.data.category, node.data.summary])).toEqual([
      ['a', 'When an event happens', 'trigger', 'event: signed_up'],
      ['b', 'Wait', 'wait', 'amount: 3 · unit: days'],
      ['c', 'Exit', 'exit', ''],
    ]);
    expect(edges).toEqual([
      expect.objectContaining({ source: 'a', sourceHandle: 'next', target: 'b' }),
      expect.objectContaining({ source: 'b', sourceHandle: 'next', target: 'c' }),
    ]);
  });

  it('draws ports that follow the config, and summarises arms by id and share', () => {
    const split = {
      type: 'branch.split',
      category: 'branch' as const,
      title: 'A/B split',
      description: '',
      icon: 'shuffle',
      ports: { fromList: 'arms', key: 'id', skipWhen: 'holdout' },
      configSchema: {},
    };
    const arms = [{ id: 'coupon', weight: 45 }, { id: 'gift', weight: 45 }, { id: 'control', weight: 10, holdout: true }];
    const { nodes } = toFlow({ name: 'split', nodes: [{ id: 's', type: 'branch.split', config: { experimentId: 'offer', arms } }], edges: [] }, [split]);
    expect(nodes[0]?.data).toMatchObject({ ports: ['coupon', 'gift'], summary: 'experimentId: offer · arms: coupon 45%, gift 45%, control 10% (holdout)' });
  });

  it('still draws a node whose type the catalogue does not know, marked as unknown', () => {
    const { nodes } = toFlow({ ...journey, nodes: [...journey.nodes, { id: 'x', type: 'action.custom', config: {} }] }, catalogue);
    expect(nodes.at(-1)?.data).toMatchObject({ title: 'action.custom', category: 'unknown' });
  });
});

describe('layoutTopDown', () => {
  it('puts each node of a chain below the previous one, without overlaps', () => {
    const { nodes, edges } = toFlow(journey, catalogue);
    const laid = layoutTopDown(nodes, edges);
    const ys = laid.map((node) => node.position.y);
    expect(ys[1]! - ys[0]!).toBeGreaterThanOrEqual(nodeSize.height);
    expect(ys[2]! - ys[1]!).toBeGreaterThanOrEqual(nodeSize.height);
    expect(nodes[0]?.position).toEqual({ x: 0, y: 0 }); // input untouched
  });
});
