import { Background, Controls, ReactFlow, type NodeTypes } from '@xyflow/react';
import type { JourneyDefinition, NodeDescriptor } from '@trellis/journey';
import { useMemo } from 'react';
import { layoutTopDown } from '../graph/layout';
import { toFlow } from '../graph/to-flow';
import { JourneyNodeView } from './JourneyNodeView';

const nodeTypes: NodeTypes = { journey: JourneyNodeView };

/** The selected journey, read-only and laid out automatically. */
export function JourneyCanvas({ definition, catalogue }: { definition: JourneyDefinition; catalogue: readonly NodeDescriptor[] }) {
  const { nodes, edges } = useMemo(() => {
    const flow = toFlow(definition, catalogue);
    return { nodes: layoutTopDown(flow.nodes, flow.edges), edges: flow.edges };
  }, [definition, catalogue]);

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable={false}
      fitView
      fitViewOptions={{ padding: 0.2 }}
      proOptions={{ hideAttribution: true }}
    >
      <Background />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
